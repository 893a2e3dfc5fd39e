"""Chat shorthand ("prod", "k8s", "yoe") spelled out for retrieval (``knowledge/synonyms.yaml``).

The table is curators' data, not code: ingest validates it (naming the file and the entry on
error) and stores it with the index generation, so a running bot expands questions with the
table its index was built with and picks up a new one together with the new index.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bot.errors import KnowledgeError
from bot.knowledge.documents import (
    DEFAULT_MAX_FILE_BYTES,
    check_inside,
    parse_plain_yaml,
    read_knowledge_bytes,
)

SYNONYMS_FILE = "synonyms.yaml"
_KEY = re.compile(r"^[a-z0-9][a-z0-9/+#. ]*$")


@dataclass(frozen=True)
class Synonyms:
    """Shorthand → spelled-out words; :meth:`expand` adds the long form to a question."""

    table: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not self.table:
            return None
        keys = sorted(self.table, key=len, reverse=True)
        # a key of several words also matches with its last word plural: "hardest parts"
        alternatives = "|".join(
            re.escape(k).replace(r"\ ", r"\s+") + ("s?" if " " in k else "") for k in keys
        )
        return re.compile(rf"(?<![a-z0-9/])(?:{alternatives})(?![a-z0-9/])")

    def matches(self, text: str) -> list[str]:
        """The shorthand keys that occur in ``text``, in order, each once."""
        if self._pattern is None:
            return []
        lowered = text.lower().replace("-", " ")
        keys: list[str] = []
        for match in self._pattern.finditer(lowered):
            key = " ".join(match.group(0).split())
            if key not in self.table:
                key = key[:-1]  # "hardest parts": the key "hardest part"
            if key not in keys:
                keys.append(key)
        return keys

    def expand(self, text: str) -> str:
        """``text`` plus the spelled-out form of any shorthand in it (the original is kept)."""
        extra: list[str] = []
        for key in self.matches(text):
            if self.table[key] not in extra:
                extra.append(self.table[key])
        return f"{text} ({'; '.join(extra)})" if extra else text


def load_synonyms(path: Path, *, max_bytes: int = DEFAULT_MAX_FILE_BYTES) -> Synonyms:
    """Read and check the table; a missing file means no synonyms.

    The file gets the same guards as every knowledge file (a size limit, no link out of its
    directory, no YAML aliases). Raises :class:`KnowledgeError` naming the file (and the
    entry) when it cannot be used.
    """
    if not (path.is_file() or path.is_symlink()):
        return Synonyms()
    name = path.name
    check_inside(path.parent, [path])
    raw_bytes = read_knowledge_bytes(path, name, max_bytes)
    try:
        text = raw_bytes.decode("utf-8")
    except UnicodeDecodeError:
        raise KnowledgeError(f"{name}: is not valid UTF-8; save it as UTF-8.") from None
    raw = parse_plain_yaml(text, f"{name}:")
    entries = raw.get("synonyms") if isinstance(raw, dict) else None
    if raw is None or entries is None:
        return Synonyms()
    if not isinstance(entries, dict):
        raise KnowledgeError(f"{name}: 'synonyms' must be 'shorthand: spelled-out words' lines.")
    table: dict[str, str] = {}
    for key, value in entries.items():
        short = " ".join(str(key).lower().replace("-", " ").split())
        if not _KEY.match(short):
            raise KnowledgeError(f"{name}: the shorthand {key!r} must be letters, digits or '/'.")
        if not isinstance(value, str) or not value.strip():
            raise KnowledgeError(f"{name}: the shorthand {key!r} needs spelled-out words.")
        if short in table:
            raise KnowledgeError(f"{name}: the shorthand {key!r} is listed twice.")
        table[short] = " ".join(value.split())
    return Synonyms(table)
