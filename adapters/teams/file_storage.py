"""A botbuilder ``Storage`` in a directory of JSON files, so conversations survive restarts.

botbuilder-python ships memory, Blob and Cosmos stores only; this covers one server with
a disk. State values must be JSON (rolebot stores plain dicts and lists).
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from pathlib import Path
from typing import Any

from botbuilder.core import Storage


class FileStorage(Storage):  # type: ignore[misc]
    """One file per state key; writes go to a temporary file first and are renamed over."""

    def __init__(self, directory: Path) -> None:
        super().__init__()
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        # Keys contain ':' ';' and '/' (Teams conversation ids), so files are named by hash.
        return self.directory / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.json"

    async def read(self, keys: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key in keys or []:
            path = self._path(key)
            if path.exists():
                found[key] = json.loads(path.read_text(encoding="utf-8"))["value"]
        return found

    async def write(self, changes: dict[str, Any]) -> None:
        for key, value in (changes or {}).items():
            path = self._path(key)
            tmp = path.with_suffix(f".{uuid.uuid4().hex}.tmp")
            tmp.write_text(json.dumps({"key": key, "value": value}), encoding="utf-8")
            os.replace(tmp, path)

    async def delete(self, keys: list[str]) -> None:
        for key in keys or []:
            self._path(key).unlink(missing_ok=True)
