"""The parties of an agreement: the names in its opening "by and between X ... and Y" clause, or, for a letter,
the organisations named at its top. Names are tidied the way registries write them (no comma before "Inc.")."""

from __future__ import annotations

import re

from fieldwise.extraction.candidates import Candidate
from fieldwise.extraction.index import DocIndex, PageText

_SUFFIX = r"(?:Inc|Incorporated|LLC|L\.L\.C|Ltd|Limited|LP|L\.P|LLP|Corp|Corporation|Co|Company|PLC|AG|N\.V|B\.V|" \
          r"S\.A|GmbH|Pty|Bank|Trust|Partners|Group|Holdings)"
ORG = re.compile(r"((?:The[ \t]+)?(?:[A-Z0-9][\w.&'’@-]*,?[ \t]+(?:(?:of|and|&|de|du|the)[ \t]+)?){0,6}?" + _SUFFIX
                 + r"\b\.?)")
_OPENING = re.compile(r"\b(?:by\s+and\s+)?(?:between|among|amongst)\b\s*:?|\bI,\s+(?=[A-Z])", re.I)
_END = re.compile(r"\bWHEREAS\b|\bRECITALS?\b|W\s*I\s*T\s*N\s*E\s*S\s*S|\bBACKGROUND\b|\bNOW,?\s+THEREFORE|"
                  r"\.\s*\n|\b1\.\s", re.I)
_DESCRIPTOR = re.compile(
    r",?\s+(?:a|an)\s+(?:[\w-]+\s+){0,4}?(?:corporation|company|limited|partnership|individual|bank|association|"
    r"organization|entity|trust|subsidiary|resident|citizen)\b|,\s*(?:a|an)\s|\s+an\s+individual|,?\s+residing|"
    r",?\s+with\s+(?:its|offices|a\s+place)|,?\s+having\s|,?\s+whose\s|,?\s+located\s|,?\s+on\s+behalf|"
    r",?\s+(?:its|their|his|her)\s+(?:affiliates|subsidiaries)|,\s+(?:M\.D|Ph\.D|Esq)|\s+\(|,\s*$|\s+\d|"
    r"\s+and/or\b|,?\s+including\b|\s+d/?b/?a\b|,?\s+in\s+consideration|,?\s+for\s+myself",
    re.I,
)
_TITLE = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|Prof)\.?\s+)", re.I)
_NOT_PARTY = re.compile(r"^(?:the\s+)?(?:company|parties|party|undersigned|recipient|discloser|executive|employee|"
                        r"you|we|us|each|both|either|other|this|such|said|certain|its|whereas|confidential|"
                        r"information|board|name|title|xx+)\b", re.I)
_ROLE = re.compile(r"^(?:(?:the|a|an)\s+)?(?:(?:general|limited|delaware|new)\s+)?(?:" + _SUFFIX + r"|provider|distributor|consultant|"
                   r"contractor|seller|buyer|purchaser|licensor|licensee|bank|group|corporation|company|holder|"
                   r"investor|advisor|agent|vendor|customer|client|supplier|member|manager)\.?$", re.I)


def tidy_name(text: str) -> str:
    name = re.sub(r"\s+", " ", text).strip(" ,;:.\"“”'()[]")
    name = re.sub(r"\b([A-Z]) ([a-z]{2,})", r"\1\2", name)  # "T ransDigm", "L ynch": a split glyph run
    name = re.sub(r"\bIncorporated$", "Inc.", name, flags=re.I)
    name = re.sub(r"\s+&\s+", " and ", name)
    name = re.sub(r"\s*’\s*", "’", name)
    name = re.sub(r"\s*,\s*", " ", name)
    name = re.sub(r"\bL\.\s?P\.?$", "LP", name)
    name = re.sub(r"\bL\.\s?L\.\s?C\.?$", "LLC", name)
    name = re.sub(r"^(?:WHEREAS|NOW|and|between)\s+", "", name, flags=re.I)
    name = _TITLE.sub("", name)
    if re.search(r"\b(?:Inc|Co|Corp|Ltd|L\.P|N\.V|B\.V|S\.A)$", name, re.I):
        name += "."
    return name


def _plausible(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 9 or not name[:1].isupper() or _NOT_PARTY.match(name) or _ROLE.match(name):
        return False
    if re.search(r"\b(?:the\s+Company|Agreement|Information|hereby|shall)\b", name):
        return False
    capitals = sum(w[:1].isupper() or w[:1].isdigit() for w in words)
    return capitals >= max(1, len(words) - 2)


def _opening_clause(page: PageText) -> tuple[int, str] | None:
    for m in _OPENING.finditer(page.text[:6000]):
        rest = page.text[m.end():m.end() + 900]
        end = _END.search(rest)
        clause = rest[:end.start()] if end else rest
        if re.search(r"[A-Z][a-z]", clause):
            return m.end(), clause
    return None


def _split_parties(clause: str) -> list[tuple[int, str]]:
    """(offset, raw name) for each party in the clause after "between"."""
    pieces: list[tuple[int, str]] = []
    cursor = 0
    for m in re.finditer(r"\([^()]{0,120}\)\s*,?\s*(?:and|&)?\s*|[;]\s*(?:and\s+)?|,?\s+and\s+(?=(?:the\s+)?[A-Z])",
                         clause):
        pieces.append((cursor, clause[cursor:m.start()]))
        cursor = m.end()
    pieces.append((cursor, clause[cursor:]))
    out = []
    for offset, piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        cut = _DESCRIPTOR.search(piece)
        name = piece[:cut.start()] if cut else piece
        out.append((offset, name))
    return out


_SIGNED = re.compile(r"/s/[ \t]*(?P<name>[A-Z][a-z]+\.?(?:[ \t]+(?:[A-Z]\.|[A-Z][a-z]+|[A-Z][a-z]*[A-Z][a-z]+)){1,3})"
                     r"(?![ \t]*[A-Za-z])")
_TITLE_AFTER = re.compile(r"president|officer|chief|director|secretary|manager|counsel|treasurer|chairman|"
                          r"\bvp\b|partner|title|authori[sz]ed|general\s+partner|its\s*:", re.I)
_PERSONAL = re.compile(r"\b(?:I|my|me)\b|\b(?:employee|executive|consultant|associate|contractor|director|"
                       r"participant|individual)\b", re.I)


def _signatories(index: DocIndex) -> list[Candidate]:
    """People who sign for themselves: '/s/ Name' with no officer's title after it, in a personal agreement."""
    out: list[Candidate] = []
    if not _PERSONAL.search(index.pages[0].text[:4000]):
        return out
    for page in index.pages[-3:]:
        for m in _SIGNED.finditer(page.text):
            after = page.text[m.end():m.end() + 90]
            if _TITLE_AFTER.search(after):
                continue
            name = tidy_name(m.group("name"))
            if _plausible(name) and not ORG.search(name):
                out.append(Candidate(name, page.evidence(m.start("name"), m.end("name")), 0.6, "signatory"))
    return out


def party_candidates(index: DocIndex) -> list[Candidate]:
    out: list[Candidate] = []
    for page in index.pages[:2]:
        found = _opening_clause(page)
        if not found:
            continue
        start, clause = found
        for offset, raw in _split_parties(clause):
            name = tidy_name(raw)
            if _plausible(name):
                score = 0.8 if ORG.fullmatch(name) or len(name.split()) <= 4 else 0.5
                at = start + offset
                out.append(Candidate(name, page.evidence(at, at + len(raw)), score, "parties"))
        if out:
            break
    if len(out) >= 2:
        return out
    out += _signatories(index)
    for page in index.pages[:1]:
        head = page.text[:2500]
        for m in ORG.finditer(head):
            name = tidy_name(m.group(1))
            if _plausible(name):
                out.append(Candidate(name, page.evidence(m.start(), m.end()), 0.55, "organisation"))
    return out
