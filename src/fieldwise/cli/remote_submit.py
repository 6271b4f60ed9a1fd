"""The work behind `fieldwise submit`: find the files, run them through a server N at a time with
`AsyncFieldwise`, report each as it finishes, and stop cleanly on Ctrl-C."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from fieldwise.cli.remote_output import Outcome
from fieldwise.client import AsyncFieldwise, FieldwiseClientError, Results


def walk(paths: Iterable[Path]) -> list[Path]:
    """Files named, and every file below folders named (sorted; hidden files and folders skipped)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(
                p for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            ))
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def _failure(exc: BaseException) -> str:
    code = getattr(exc, "error_code", None)
    detail = getattr(exc, "detail", None)
    if code:
        return f"{code}: {detail}" if detail else str(code)
    if isinstance(exc, OSError):
        return f"cannot read the file: {exc.strerror or exc}"
    if isinstance(exc, FieldwiseClientError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


@dataclass(slots=True)
class Batch:
    """The state of one `submit`: what finished, and which runs were still on the server at a stop."""

    paths: Sequence[Path]
    outcomes: dict[Path, Outcome] = field(default_factory=dict)
    in_flight: dict[Path, str] = field(default_factory=dict)
    interrupted: bool = False

    @property
    def ordered(self) -> list[Outcome]:
        return [self.outcomes[p] for p in self.paths if p in self.outcomes]

    @property
    def unfinished(self) -> list[Path]:
        return [p for p in self.paths if p not in self.outcomes]


async def _one(client: AsyncFieldwise, batch: Batch, path: Path, *, workflow_id: str, timeout: float,
               on_done: Callable[[Outcome], None]) -> None:
    started = time.monotonic()
    collection_id = None
    try:
        run = await client.workflows.run(workflow_id, file=path)
        collection_id = batch.in_flight[path] = run.id
        results: Results = await run.wait(timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - one file's failure, whatever it is, must not stop the others
        outcome = Outcome(path, "failed", collection_id, seconds=time.monotonic() - started, error=_failure(exc))
    else:
        outcome = Outcome(path, "processed", run.id, pages=max(1, results.page_count),
                          seconds=time.monotonic() - started, values=results.values(),
                          extraction={k: _dump(v) for k, v in results.fields.items()})
    batch.in_flight.pop(path, None)
    batch.outcomes[path] = outcome
    on_done(outcome)


def _dump(value: object) -> object:
    if isinstance(value, list):
        return [_dump(v) for v in value]
    if isinstance(value, dict):
        return {k: _dump(v) for k, v in value.items()}
    dump = getattr(value, "model_dump", None)
    return dump(mode="json") if dump else value


async def run_batch(client: AsyncFieldwise, batch: Batch, *, workflow_id: str, concurrency: int, timeout: float,
                    on_done: Callable[[Outcome], None]) -> Batch:
    """Process every path of `batch`, at most `concurrency` at once. A failed file is recorded and the others
    go on. Cancelled (Ctrl-C), it stops waiting at once, marks the batch interrupted and returns."""
    limit = asyncio.Semaphore(concurrency)

    async def guarded(path: Path) -> None:
        async with limit:
            await _one(client, batch, path, workflow_id=workflow_id, timeout=timeout, on_done=on_done)

    tasks = [asyncio.create_task(guarded(p)) for p in batch.paths]
    try:
        await asyncio.gather(*tasks)
    except asyncio.CancelledError:
        batch.interrupted = True
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    return batch
