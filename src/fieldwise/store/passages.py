"""The passages `ask` searches (spec v3 D16), stored when a production run's outcome is recorded, in that run's
transaction (the worker made them from the run's parse: workflows.knowledge): a question is then one bounded
full-text query, whatever the size of the workflow's corpus, and no document is read to answer it.

The index covers `terms` (store.tables.Passage): the passage's words lower-cased and accent-folded, so that both
databases match alike. SQLite answers from an FTS5 table ranked by its bm25(); PostgreSQL from a GIN index on
to_tsvector('simple', terms) ranked by ts_rank_cd. Either way the database ranks, and at most `limit` rows come back.
Words are matched whole: searching each as a prefix (a crude stem for every language) was measured slower (a
question up to 3.3 s on 100 contracts) and no more often right (139 of 170 answers against 142).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select, text
from sqlalchemy.orm import Session

from fieldwise.store.tables import Collection, Passage

MAX_TERMS = 32  # words of a question that are searched (the first ones, without repeats)
COMMON_SHARE = 0.05  # a word in more than this share of the passages is not searched (SQLite; see _distinctive)
COMMON_MIN = 10_000  # ... once there are this many passages
_SQLITE = ("SELECT p.id FROM passage_search JOIN passages p ON p.id = passage_search.rowid "
           "WHERE passage_search MATCH :query AND p.workflow_id = :workflow AND p.organization_id = :org {only} "
           "ORDER BY bm25(passage_search) LIMIT :limit")
_POSTGRES = ("SELECT id FROM passages p, to_tsquery('simple', :query) AS q "
             "WHERE to_tsvector('simple', terms) @@ q AND workflow_id = :workflow AND organization_id = :org {only} "
             "ORDER BY ts_rank_cd(to_tsvector('simple', terms), q) DESC, id LIMIT :limit")


def replace(session: Session | Connection, collection: Collection, rows: list[dict[str, Any]]) -> None:
    """The collection's passages become `rows` (path, block_id, page, file_id, file_page, bbox, text, terms)."""
    session.execute(delete(Passage).where(Passage.collection_id == collection.id))
    if collection.workflow_id is None:
        return
    owner = {"organization_id": collection.organization_id, "workflow_id": collection.workflow_id,
             "collection_id": collection.id}
    rows = [{**row, **owner} for row in rows if row.get("terms")]
    if rows:
        session.execute(insert(Passage), rows)


def _distinctive(session: Session, words: list[str]) -> list[str]:
    """`words` less those in more than COMMON_SHARE of all passages (of every workflow), the rarest kept always:
    ranking a word that nearly every passage holds costs a pass over the whole index and says nothing. FTS5
    keeps each word's passage count (passage_search_vocab), so this is one lookup per word."""
    total = session.execute(text("SELECT max(id) FROM passages")).scalar() or 0
    if total < COMMON_MIN:
        return words
    counts: dict[str, int] = dict(session.execute(text(
        "SELECT term, doc FROM passage_search_vocab WHERE term IN ({})".format(
            ", ".join(f":w{i}" for i in range(len(words))))), {f"w{i}": w for i, w in enumerate(words)}).all())
    kept = [w for w in words if counts.get(w, 0) <= COMMON_SHARE * total]
    return kept or [min(words, key=lambda w: counts.get(w, 0))]


def search(session: Session, org_id: str, workflow_id: str, words: list[str], limit: int,
           collection_id: str | None = None) -> list[Passage]:
    """The workflow's best `limit` passages for any of `words` (folded as the passages' terms are), best first;
    with `collection_id`, that document's only."""
    words = list(dict.fromkeys(w for w in words if w.isalnum()))[:MAX_TERMS]
    if not words:
        return []
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        words = _distinctive(session, words)
    query = " OR ".join(f'"{w}"' for w in words) if sqlite else " | ".join(words)
    sql = (_SQLITE if sqlite else _POSTGRES).format(only="AND p.collection_id = :packet" if collection_id else "")
    ids = session.execute(text(sql), {"query": query, "workflow": workflow_id, "org": org_id, "limit": limit,
                                      "packet": collection_id}).scalars().all()
    rows = {row.id: row for row in session.scalars(select(Passage).where(Passage.id.in_(ids)))}
    return [rows[i] for i in ids if i in rows]
