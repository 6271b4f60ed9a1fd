"""The database tables. Every row that a client can address belongs to one organization."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON, Boolean, DateTime, Float, ForeignKey, ForeignKeyConstraint, Index, Integer, String, Text, UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from fieldwise.store.ids import new_id


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON, datetime: DateTime(timezone=True)}


class Organization(Base):
    __tablename__ = "organizations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    __tablename__ = "api_keys"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the key; the key is never stored
    prefix: Mapped[str] = mapped_column(String(16))  # first characters, to tell keys apart in listings
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class Workflow(Base):
    __tablename__ = "workflows"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    current_version_id: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkflowVersion(Base):
    __tablename__ = "workflow_versions"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), index=True)
    definition: Mapped[dict[str, Any]] = mapped_column(JSON)  # the body as sent: flat fields or nodes/edges
    label: Mapped[str | None] = mapped_column(String(16), default=None)  # "MAJOR.MINOR" (v3 `version`)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Collection(Base):
    """A file collection (v2), which is a document packet (v3): the unit the queue processes. Its status is its
    latest run's; the run row of that latest run is brought up to date when the run ends (see store.runs)."""

    __tablename__ = "collections"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    workflow_id: Mapped[str | None] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[str | None] = mapped_column(String(16), default=None)
    kind: Mapped[str] = mapped_column(String(16), default="extraction")  # extraction | parse | reference
    name: Mapped[str | None] = mapped_column(String(500), default=None)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    error: Mapped[str | None] = mapped_column(Text, default=None)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    queued_at: Mapped[datetime | None] = mapped_column(default=None)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    processed_at: Mapped[datetime | None] = mapped_column(default=None)
    latest_run_id: Mapped[str | None] = mapped_column(String(36), default=None)  # null until the first run
    purpose: Mapped[str] = mapped_column(String(16), default="production")  # production | dataset

    __table_args__ = (Index("ix_collections_status_queued", "status", "queued_at"),)


class Run(Base):
    """One processing attempt of a collection (v3 run). While it is its collection's latest run, the collection
    row's status is the truth (the queue moves collections); the row here is written when it ends or is replaced."""

    __tablename__ = "runs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    collection_id: Mapped[str] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), index=True)
    workflow_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    version_id: Mapped[str | None] = mapped_column(String(16), default=None)
    purpose: Mapped[str] = mapped_column(String(16), default="production")  # production | parse | eval
    status: Mapped[str] = mapped_column(String(16), default="queued")
    error: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(default=None)
    processed_at: Mapped[datetime | None] = mapped_column(default=None)


class SplitRef(Base):
    """A split (or a partition) of a run's results: the pages of each file it covers, so its PDF can be built."""

    __tablename__ = "split_refs"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), index=True)
    files: Mapped[list[Any]] = mapped_column(JSON)  # [{file_id, file_name, pages}]


class IdempotentAnswer(Base):
    """The first completed answer to (organization, method and path, Idempotency-Key), replayed for 24 h."""

    __tablename__ = "idempotency_keys"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"))
    scope: Mapped[str] = mapped_column(String(600))  # "POST /v3/workflows/<id>/upload/"
    key: Mapped[str] = mapped_column(String(255))
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)  # None while the first is handled
    body: Mapped[str | None] = mapped_column(Text, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("organization_id", "scope", "key", name="uq_idempotency_keys"),)


class StoredFile(Base):
    __tablename__ = "files"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    collection_id: Mapped[str] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    blob_key: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Result(Base):
    """The results of one run; v2 reads those of its collection's latest run."""

    __tablename__ = "results"
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True)
    collection_id: Mapped[str] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), index=True)
    parse: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)  # large; loaded only when asked for
    parse_size: Mapped[int | None] = mapped_column(Integer, default=None)  # characters of its JSON, set by the DB
    extraction: Mapped[dict[str, Any]] = mapped_column(JSON)  # stored form (fieldwise.extraction.wire)
    page_count: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[list[Any]] = mapped_column(JSON, default=list)
    timings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, deferred=True)
    # typed-graph runs only (NULL for flat workflows): what fieldwise.workflows.run answers
    classifications: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    splits: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    extractions: Mapped[list[Any] | None] = mapped_column(JSON, default=None)  # per (split, partition)
    validations: Mapped[list[Any] | None] = mapped_column(JSON, default=None)
    filtered: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)  # v3 filter node's verdict
    alerts: Mapped[list[Any] | None] = mapped_column(JSON, default=None)  # v3 slack_alert messages rendered
    file_pages: Mapped[list[Any] | None] = mapped_column(JSON, default=None)  # each file's page count, in order
    edits: Mapped[list[Any] | None] = mapped_column(JSON, default=None)  # v3 edit node: per PDF, with its blob key
    layout: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None, deferred=True)  # words and boxes
    # (fieldwise.extraction.sheet), what a review of this run learns from without reading the files again
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Webhook(Base):
    __tablename__ = "webhooks"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    url: Mapped[str] = mapped_column(String(2083))
    events: Mapped[list[Any]] = mapped_column(JSON)
    secret: Mapped[str] = mapped_column(String(100))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WebhookDelivery(Base):
    """One event for one webhook: an outbox row written in the transaction that ends the run, so a crash cannot
    lose it. `id` is the Standard Webhooks message id, the same on every attempt; `body` is the JSON as sent."""

    __tablename__ = "webhook_deliveries"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    webhook_id: Mapped[str] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    collection_id: Mapped[str | None] = mapped_column(String(36), default=None)  # no FK: deleting keeps the event
    event: Mapped[str] = mapped_column(String(40))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | delivered | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)


class WebhookAttempt(Base):
    __tablename__ = "webhook_attempts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    delivery_id: Mapped[str] = mapped_column(ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True)
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    latency_ms: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, default=None)


class ReviewChange(Base):
    """One change made in review: which key (its prefix), who (X-Reviewer), what, and the value before and after."""

    __tablename__ = "review_changes"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    collection_id: Mapped[str] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), index=True)
    field_path: Mapped[str] = mapped_column(String(300))
    action: Mapped[str] = mapped_column(String(16))  # correct | verify | unverify
    old_value: Mapped[Any] = mapped_column(JSON(none_as_null=True), default=None)
    new_value: Mapped[Any] = mapped_column(JSON(none_as_null=True), default=None)
    key_prefix: Mapped[str | None] = mapped_column(String(16), default=None)
    reviewer: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewSession(Base):
    """A signed-in review UI session. The cookie holds a random token; only its SHA-256 is stored here, with the
    key it was opened with (revoking the key ends it), its CSRF token, and when it ends."""

    __tablename__ = "review_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    api_key_id: Mapped[str] = mapped_column(ForeignKey("api_keys.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    reviewer: Mapped[str | None] = mapped_column(String(200), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)


class ServerSecret(Base):
    """Random secrets made once by the migration and shared by every API process (the sign-in form's token)."""

    __tablename__ = "server_secrets"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))


# --- datasets, ground truth, evals (spec v3 D15) ----------------------------------------------------------------


class DatasetTag(Base):
    __tablename__ = "dataset_tags"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("workflow_id", "name", name="uq_dataset_tags_name"),)


class PacketTag(Base):
    __tablename__ = "packet_tags"
    collection_id: Mapped[str] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True)
    tag_id: Mapped[str] = mapped_column(ForeignKey("dataset_tags.id", ondelete="CASCADE"), primary_key=True,
                                        index=True)


class GroundTruthSet(Base):
    """That ground truth was set for one document (packet) and one extract node, and against which version's
    schema it was checked. Its values are GroundTruthValue rows."""

    __tablename__ = "ground_truth_sets"
    collection_id: Mapped[str] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True)
    node_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class GroundTruthValue(Base):
    """The one place where the true value of one field on one document lives: (packet, extract node, field
    persistent_id) -> value. Scalars are strings or null; an object field holds its rows, each keyed by child
    persistent_id. `field_key` and `data_type` are the field's result key and type when the value was set, so a
    reader (evals, or an engine that learns from ground truth) needs no workflow version to use it."""

    __tablename__ = "ground_truth_values"
    collection_id: Mapped[str] = mapped_column(primary_key=True)
    node_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    persistent_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), index=True)
    field_key: Mapped[str] = mapped_column(String(64))
    data_type: Mapped[str] = mapped_column(String(16))
    value: Mapped[Any] = mapped_column(JSON(none_as_null=True), default=None)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (ForeignKeyConstraint(["collection_id", "node_id"],
                                           ["ground_truth_sets.collection_id", "ground_truth_sets.node_id"],
                                           ondelete="CASCADE"),)


class Eval(Base):
    __tablename__ = "evals"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), index=True)
    run_number: Mapped[int] = mapped_column(Integer)
    version_id: Mapped[str] = mapped_column(String(16))
    dataset_tag_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)
    untagged: Mapped[bool] = mapped_column(Boolean, default=False)
    file_count: Mapped[int] = mapped_column(Integer, default=0)
    failed_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EvalItem(Base):
    """One selected dataset document of an eval, the run the eval started on it, and the tags it had then."""

    __tablename__ = "eval_items"
    eval_id: Mapped[str] = mapped_column(ForeignKey("evals.id", ondelete="CASCADE"), primary_key=True)
    collection_id: Mapped[str] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), primary_key=True)
    run_id: Mapped[str | None] = mapped_column(String(36), default=None)
    tag_ids: Mapped[list[Any]] = mapped_column(JSON, default=list)


class EditReference(Base):
    """Standing data an edit node fills forms from (spec v3 D22): a text file stored as text, or a PDF read once by
    a worker, as the collection (kind `reference`) named here, whose end settles the row (store.edit_references)."""

    __tablename__ = "edit_references"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | ready | error
    truncated: Mapped[bool] = mapped_column(Boolean, default=False)
    error: Mapped[str | None] = mapped_column(Text, default=None)
    text: Mapped[str | None] = mapped_column(Text, default=None, deferred=True)
    collection_id: Mapped[str | None] = mapped_column(ForeignKey("collections.id", ondelete="SET NULL"), index=True,
                                                      default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class SlackChannel(Base):
    """Where an organization's slack_alert nodes naming `channel_id` post: a Slack incoming webhook, sent through
    the webhook outbox by way of a webhook row of its own (event `slack.alert`, not listed by v2)."""

    __tablename__ = "slack_channels"
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    webhook_id: Mapped[str] = mapped_column(ForeignKey("webhooks.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class WorkflowCalibration(Base):
    """A workflow's own confidence remap (fieldwise.extraction.recalibration), fitted from its reviewed values and
    ground truth. `seen` is how many reviews and ground-truth values there were when it was fitted, so a worker can
    tell from one count whether enough new ones arrived to fit it again; `fitted` is false while fewer than the
    minimum were usable (the identity then applies)."""

    __tablename__ = "workflow_calibrations"
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), primary_key=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    fitted: Mapped[bool] = mapped_column(Boolean, default=False)
    remap: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # {"intercept", "slope"}
    reviewed: Mapped[int] = mapped_column(Integer, default=0)  # (confidence, right) pairs the fit used
    seen: Mapped[int] = mapped_column(Integer, default=0)
    ece_before: Mapped[float | None] = mapped_column(Float, default=None)  # on those pairs, engine's figures
    ece_after: Mapped[float | None] = mapped_column(Float, default=None)  # on those pairs, remapped
    fitted_at: Mapped[datetime] = mapped_column(default=utcnow)


class LayoutMemory(Base):
    """What one reviewed value of one field on one document taught about its layout (fieldwise.extraction.memory):
    the lesson, the document's layout fingerprint, and the documents on which the lesson's value proved right
    (`hits`) or was corrected (`misses`). One row per (document, field): a new review of the field replaces it."""

    __tablename__ = "layout_memories"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"))
    collection_id: Mapped[str] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(300))
    value: Mapped[Any] = mapped_column(JSON(none_as_null=True), default=None)  # the value the reviewer gave
    lesson: Mapped[dict[str, Any]] = mapped_column(JSON)
    fingerprint: Mapped[list[Any]] = mapped_column(JSON)
    hits: Mapped[list[Any]] = mapped_column(JSON, default=list)  # collection ids
    misses: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("collection_id", "field", name="uq_layout_memories_source"),
                      Index("ix_layout_memories_workflow", "workflow_id", "field"))


class Passage(Base):
    """One passage of a processed production run (a parse block, or one row of a table), indexed for `ask` when the
    run's outcome is recorded (store.passages). `terms` is its text as lower-cased, accent-folded words: the
    column the full-text index covers (SQLite FTS5 `passage_search`; on PostgreSQL a GIN index on its tsvector)."""

    __tablename__ = "passages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), index=True)
    collection_id: Mapped[str] = mapped_column(ForeignKey("collections.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(600))  # <document_packet_id>/<file name>
    block_id: Mapped[str] = mapped_column(String(64))
    page: Mapped[int] = mapped_column(Integer)
    file_id: Mapped[str | None] = mapped_column(String(36), default=None)
    file_page: Mapped[int | None] = mapped_column(Integer, default=None)
    bbox: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    text: Mapped[str] = mapped_column(Text)
    terms: Mapped[str] = mapped_column(Text)


class KnowledgeThread(Base):
    """The last question of an `ask` thread, for its follow-ups: one per (organization, workflow, thread id), so a
    client-chosen id reaches no other organization's or workflow's thread, and every API process sees it."""

    __tablename__ = "knowledge_threads"
    organization_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    workflow_id: Mapped[str] = mapped_column(ForeignKey("workflows.id", ondelete="CASCADE"), primary_key=True)
    thread_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    question: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
