"""Malformed knowledge files fail with one message that names the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import KnowledgeError
from bot.knowledge.documents import load_knowledge


def _write(directory: Path, name: str, data: bytes) -> None:
    (directory / name).write_bytes(data)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"---\ntitle: x\n# No closing line\n", "no closing"),
        (b"---\ntitle: [unclosed\n---\n# T\n- a\n", "not valid YAML"),
        (b"---\n- a list\n---\n# T\n- a\n", "key: value"),
        (b"# Caf\xe9\n- menu\n", "not valid UTF-8"),
        (b"# Only headings\n## Nothing below\n", "no text"),
    ],
)
def test_bad_file_is_named_with_the_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    _write(tmp_path, "good.md", b"# Good\n## S\n- fine\n")
    _write(tmp_path, "broken.md", content)
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(tmp_path)
    message = str(caught.value)
    assert "broken.md" in message
    assert reason in message
    assert "\n" not in message


def test_title_comes_from_front_matter_then_heading(tmp_path: Path) -> None:
    _write(tmp_path, "a.md", b"---\ntitle: From Front Matter\n---\n# Heading\n- x\n")
    _write(tmp_path, "b.md", b"# From Heading\n- y\n")
    titles = sorted(d.title for d in load_knowledge(tmp_path))
    assert titles == ["From Front Matter", "From Heading"]


def test_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="does not exist"):
        load_knowledge(tmp_path / "nope")
