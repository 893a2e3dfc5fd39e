"""Keep the index directory to what live generations use, while servers keep reading.

Every ingest, even one that finds nothing to change, drops the rolebot collections that
neither the live pointer nor the generation it replaced names (replaced generations, and
the half-built collection of an ingest that was killed). With an embedded
``PersistentClient`` it also removes HNSW segment directories that no collection
references: chromadb 1.x deletes a collection's rows but leaves its directory on disk
(chroma-core/chroma#5259), so every generation change used to leave one behind.

Ingests on one data directory take turns (an advisory file lock), so one ingest's sweep can
never remove the collection another is still building. With a Chroma server the lock and
the directory sweep are the server's business; collections are still swept.
"""

from __future__ import annotations

import contextlib
import fcntl
import re
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from bot.index.chroma import stale_collections

if TYPE_CHECKING:
    from chromadb.api import ClientAPI

LOCK_FILE = "rolebot-ingest.lock"
SEGMENT_DIR = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
# What chromadb writes into a local HNSW segment directory; a directory holding anything
# else is not one of its segments and is left alone.
HNSW_FILES = frozenset(
    {"header.bin", "data_level0.bin", "length.bin", "link_lists.bin", "index_metadata.pickle"}
)


@dataclass(frozen=True)
class Swept:
    """What one sweep removed."""

    collections: int = 0
    directories: int = 0


def persist_directory(client: ClientAPI) -> Path | None:
    """The embedded client's data directory, or None for a Chroma server."""
    settings = client.get_settings()
    if not settings.is_persistent or not settings.persist_directory:
        return None
    return Path(settings.persist_directory)


@contextlib.contextmanager
def ingest_lock(client: ClientAPI, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the data directory's ingest lock; ``on_wait`` is called if another has it.

    The operating system drops the lock when its holder exits, however it exits, so a
    killed ingest never leaves the next one waiting.
    """
    directory = persist_directory(client)
    if directory is None:
        yield
        return
    with (directory / LOCK_FILE).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _referenced_segments(database: Path) -> set[str] | None:
    """Every segment id chromadb's catalogue knows, or None if it cannot be read."""
    try:
        with contextlib.closing(
            sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
        ) as db:
            return {str(row[0]) for row in db.execute("SELECT id FROM segments")}
    except sqlite3.Error:
        return None


def remove_orphan_segment_dirs(directory: Path) -> int:
    """Delete HNSW segment directories no segment references; returns how many.

    The directories are listed before the catalogue is read: chromadb records a segment
    before it creates its directory, so a collection being created meanwhile is never
    mistaken for an orphan. Anything unexpected (an unreadable catalogue, a directory with
    other files in it) is left in place.
    """
    candidates = [
        entry
        for entry in directory.iterdir()
        if SEGMENT_DIR.fullmatch(entry.name) and entry.is_dir() and not entry.is_symlink()
    ]
    if not candidates:
        return 0
    referenced = _referenced_segments(directory / "chroma.sqlite3")
    if referenced is None:
        return 0
    removed = 0
    for entry in candidates:
        if entry.name in referenced:
            continue
        if any(f.name not in HNSW_FILES or not f.is_file() for f in entry.iterdir()):
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed += not entry.exists()
    return removed


def sweep(client: ClientAPI, keep: set[str]) -> Swept:
    """Delete rolebot collections outside ``keep``, then segment directories left behind.

    Call it holding :func:`ingest_lock`, after the pointer names what is live.
    """
    stale = stale_collections(client, keep)
    for name in stale:
        client.delete_collection(name)
    directory = persist_directory(client)
    removed = remove_orphan_segment_dirs(directory) if directory is not None else 0
    return Swept(collections=len(stale), directories=removed)
