"""Parsed workflow definitions by version id. Versions never change, so a parsed one can be kept."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any, Callable

from fieldwise.workflows.definitions import Definition, parse_definition


class DefinitionCache:
    def __init__(self, maxsize: int = 1024) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[str, tuple[dict[str, Any], Definition]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, version_id: str, load: Callable[[str], dict[str, Any]]) -> tuple[dict[str, Any], Definition]:
        """The version's body as sent and its parsed Definition; `load` fetches the body on a miss."""
        with self._lock:
            entry = self._entries.get(version_id)
            if entry is not None:
                self._entries.move_to_end(version_id)
                return entry
        body = load(version_id)
        entry = (body, parse_definition(body))
        with self._lock:
            self._entries[version_id] = entry
            if len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)
        return entry
