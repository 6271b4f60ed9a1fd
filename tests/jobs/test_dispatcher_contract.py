"""One contract for every Dispatcher: in-process pool (embedded default) and Celery (`fieldwise worker` on Redis).

The database row is the truth: what is committed as queued gets processed exactly once, whether the dispatcher was
told about it once, twice, or never."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Iterator

import pytest

from fieldwise.jobs.dispatch import DISPATCHERS, Dispatcher, open_dispatcher
from fieldwise.jobs.submit import Upload, stage
from fieldwise.settings import Settings
from fieldwise.store import accounts, collections
from fieldwise.store.blobs import BlobStore, open_blob_store
from fieldwise.store.db import Database
from fieldwise.store.tables import Collection
from tests.support.live_server import LiveServer


class Harness:
    def __init__(self, settings: Settings, dispatcher: Dispatcher, db: Database, blobs: BlobStore) -> None:
        self.settings, self.dispatcher, self.db, self.blobs = settings, dispatcher, db, blobs
        with db.session() as session:
            self.org_id = accounts.create_key(session, "contract")[0].id

    def queue(self, text: str) -> str:
        with self.db.session() as session:
            collection, _ = stage(session, self.blobs, self.org_id, None, None,
                                  [Upload("note.txt", "text/plain", text.encode())], kind="parse")
            collections.enqueue(session, collection)
            return collection.id

    def wait(self, collection_id: str, timeout: float = 90) -> Collection:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.db.session() as session:
                row = session.get(Collection, collection_id)
                if row.status not in collections.ACTIVE:
                    return row
            time.sleep(0.1)
        raise AssertionError(f"{collection_id} not processed in {timeout} s")


@pytest.fixture(params=sorted(DISPATCHERS))
def harness(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Harness]:
    if request.param == "inprocess":
        settings = Settings(data_dir=tmp_path, workers=1)
        live = None
    else:
        stack = request.getfixturevalue("new_stack")()
        for name, value in stack.env.items():
            monkeypatch.setenv(name, value)
        values = stack.settings()
        settings = Settings(data_dir=tmp_path, workers=1, **values)
        live = LiveServer(tmp_path / "worker", env=stack.env, **values)
    db = Database(settings.resolved_database_url)
    db.migrate()
    blobs = open_blob_store(settings.storage_url, settings.files_dir, settings)
    dispatcher = open_dispatcher(settings, db)
    if live is not None:
        live.data_dir.mkdir(parents=True, exist_ok=True)
        live.start_worker()
    dispatcher.start()
    yield Harness(settings, dispatcher, db, blobs)
    dispatcher.stop()
    if live is not None:
        live.stop()
    db.dispose()


def test_notified_work_is_processed_once(harness: Harness) -> None:
    collection_id = harness.queue("Invoice number: A-1")
    harness.dispatcher.notify(collection_id)
    row = harness.wait(collection_id)
    assert (row.status, row.attempts) == ("processed", 1)


def test_duplicate_notifications_do_no_harm(harness: Harness) -> None:
    ids = [harness.queue(f"Invoice number: D-{i}") for i in range(3)]
    for collection_id in ids + ids + ids:
        harness.dispatcher.notify(collection_id)
    for collection_id in ids:
        row = harness.wait(collection_id)
        assert (row.status, row.attempts) == ("processed", 1)


def test_work_nobody_was_told_about_is_still_processed(harness: Harness) -> None:
    """An API process that died between its commit and its notify: the database row alone brings the work."""
    collection_id = harness.queue("Invoice number: LOST-1")
    row = harness.wait(collection_id)
    assert (row.status, row.attempts) == ("processed", 1)


def test_check_passes_while_running(harness: Harness) -> None:
    harness.dispatcher.check()


def test_queue_setting_picks_the_dispatcher(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(ValueError):
        open_dispatcher(Settings(data_dir=tmp_path, queue="carrier-pigeon"), db)
    db.dispose()


