"""Hostile and oversized knowledge files are refused by name, or cut down to size.

The reproduced inputs (issue 10): a symlink to /etc/passwd, a ~400-byte YAML alias bomb in
front matter, one huge paragraph, a file of tens of thousands of sections. Sizes here are
just past each limit; the 20 MB versions run in ``bench/faults.py``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.errors import KnowledgeError
from bot.index.chroma import open_chroma, read_pointer
from bot.index.ingest import ingest
from bot.knowledge.chunking import MAX_CHARS, MAX_SOURCE_CHARS, chunk_document
from bot.knowledge.documents import MAX_SECTIONS_PER_FILE, load_document, load_knowledge
from bot.models import Answer, Request
from bot.settings import load_settings

ALIAS_BOMB = (
    "---\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    "title: *i\n"
    "---\n# Bomb\n\nSome text.\n"
)


def _kb(tmp_path: Path, **files: str) -> Path:
    kb = tmp_path / "kb"
    kb.mkdir(exist_ok=True)
    (kb / "good.md").write_text("# Good\n## Tools\n- Hammer\n- Saw\n")
    for name, text in files.items():
        (kb / name).write_text(text)
    return kb


def _refusal(kb: Path, **kwargs: int) -> str:
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(kb, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


def _prose(sentences: int, seed: int = 7) -> str:
    """Distinct sentences (repeated text would collapse into one chunk by content hash)."""
    rng = random.Random(seed)
    words = [
        "platform",
        "pipeline",
        "drift",
        "registry",
        "latency",
        "rollout",
        "canary",
        "lineage",
        "audit",
    ]
    return " ".join(
        " ".join(rng.choice(words) for _ in range(12)).capitalize() + f" marker{i}."
        for i in range(sentences)
    )


def test_a_link_to_a_file_outside_the_directory_is_refused_by_name(tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    (kb / "passwd.md").symlink_to("/etc/passwd")
    message = _refusal(kb)
    assert message.startswith("passwd.md: is a link to a file outside the knowledge directory")
    assert "root:" not in message


def test_every_outside_link_is_named_in_one_line(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text("# Secret\n- hidden\n")
    kb = _kb(tmp_path)
    (kb / "a.md").symlink_to(outside)
    (kb / "sub").mkdir()
    (kb / "sub" / "b.md").symlink_to(outside)
    assert _refusal(kb).startswith("a.md, sub/b.md: are links to files outside")


def test_links_that_stay_inside_the_directory_are_followed(tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    (kb / "alias.md").symlink_to(kb / "good.md")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "x.md").write_text("# X\n- from a linked directory\n")
    (kb / "linked-dir").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert sorted(d.path for d in load_knowledge(kb)) == ["alias.md", "good.md"]


def test_a_yaml_alias_bomb_in_front_matter_is_refused(tmp_path: Path) -> None:
    message = _refusal(_kb(tmp_path, **{"bomb.md": ALIAS_BOMB}))
    assert message.startswith("bomb.md: the front matter uses a YAML anchor or alias")
    assert "line 2" in message


def test_oversized_or_deeply_nested_front_matter_is_refused(tmp_path: Path) -> None:
    big = "---\n" + "".join(f"key{i}: {'v' * 60}\n" for i in range(400)) + "---\n# T\n- a\n"
    assert "the front matter is 27 KiB, over the 16 KiB limit" in _refusal(
        _kb(tmp_path, **{"big.md": big})
    )
    deep = "---\ntitle: " + "[" * 5000 + "]" * 5000 + "\n---\n# T\n- a\n"
    (tmp_path / "kb" / "big.md").unlink()
    assert "deep.md: the front matter nests more than 16 levels" in _refusal(
        _kb(tmp_path, **{"deep.md": deep})
    )


def test_a_title_that_is_not_short_text_is_refused(tmp_path: Path) -> None:
    listed = "---\ntitle: [a, b]\n---\n# T\n- a\n"
    assert "'title' must be text" in _refusal(_kb(tmp_path, **{"t.md": listed}))
    long = "---\ntitle: " + "x" * 300 + "\n---\n# T\n- a\n"
    assert "title is longer than 200 characters" in _refusal(_kb(tmp_path, **{"t.md": long}))


def test_a_file_over_the_size_limit_is_refused_naming_the_setting(tmp_path: Path) -> None:
    kb = _kb(tmp_path, **{"big.md": "# Big\n\n" + _prose(100)})
    message = _refusal(kb, max_bytes=4096)
    assert message.startswith("big.md: is ")
    assert "over the 4 KiB limit" in message and "ROLEBOT_MAX_KNOWLEDGE_FILE_SIZE" in message


def test_a_file_of_too_many_sections_is_refused(tmp_path: Path) -> None:
    sections = "".join(f"## Section {i}\nItem {i}.\n" for i in range(MAX_SECTIONS_PER_FILE + 5))
    message = _refusal(_kb(tmp_path, **{"many.md": "# Many\n" + sections}))
    assert message.startswith(f"many.md: has more than {MAX_SECTIONS_PER_FILE} sections")


def test_a_heading_longer_than_a_heading_is_refused_with_its_line(tmp_path: Path) -> None:
    # Also the shape that made the heading pattern backtrack for minutes.
    line = "## x" + " " * 5000 + "y"
    message = _refusal(_kb(tmp_path, **{"h.md": "# H\n- a\n" + line + "\n"}))
    assert message == "h.md: the heading at line 3 is longer than 200 characters; shorten it."


def test_one_huge_paragraph_becomes_bounded_chunks_that_keep_every_sentence(
    tmp_path: Path,
) -> None:
    text = _prose(300)
    path = _kb(tmp_path, **{"para.md": "# Para\n## Notes\n\n" + text + "\n"}) / "para.md"
    chunks = chunk_document(load_document(path, path.parent))
    assert len(chunks) > 4
    assert max(len(c.text) for c in chunks) <= MAX_CHARS
    assert all(c.text.endswith(".") for c in chunks), "cut at sentence ends"
    assert " ".join(c.text for c in chunks) == text
    pages: dict[str, list[str]] = {}
    for chunk in chunks:
        pages.setdefault(chunk.section_key, []).append(chunk.text)
    assert len(pages) > 1, "cited in pages"
    assert all(len("\n".join(texts)) <= MAX_SOURCE_CHARS for texts in pages.values())


def test_a_long_list_item_with_many_continuation_lines_is_one_item(tmp_path: Path) -> None:
    lines = "\n".join(f"  continued {i}" for i in range(3000))
    path = _kb(tmp_path, **{"item.md": "# I\n## List\n- first\n" + lines + "\n- second\n"})
    doc = load_document(path / "item.md", path)
    blocks = [b for s in doc.sections for b in s.blocks]
    assert [b.kind for b in blocks] == ["item", "item"]
    assert blocks[0].text.endswith("continued 2999") and blocks[1].text == "second"


def test_a_cited_source_from_a_huge_paragraph_stays_short(
    tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    kb = _kb(tmp_path, **{"para.md": "# Para\n## Notes\n\n" + _prose(400) + "\n"})
    settings = load_settings(data_dir=tmp_path / "data", knowledge_dir=kb)
    client = open_chroma(settings)
    ingest(client=client, embedder=embedder, knowledge_dir=kb, progress=False)
    reply = build_rolebot(settings, client=client, embedder=embedder).handle(
        Request(text="what does marker250 say about canary rollout?")
    )
    assert isinstance(reply, Answer) and reply.sources
    longest = max(len(s.text) for s in reply.sources)
    assert longest <= MAX_SOURCE_CHARS
    # What `ask --json` prints: 43 MB before the limits, now a few sources' worth.
    assert len(json.dumps(reply.to_json())) <= 2 * settings.top_k * MAX_SOURCE_CHARS


def test_a_refused_hostile_file_leaves_the_previous_index_serving(
    tmp_path: Path, embedder: MiniLMEmbeddings
) -> None:
    kb = _kb(tmp_path)
    client = open_chroma(load_settings(data_dir=tmp_path / "data"))
    ingest(client=client, embedder=embedder, knowledge_dir=kb, progress=False)
    before = read_pointer(client)
    (kb / "bomb.md").write_text(ALIAS_BOMB)
    with pytest.raises(KnowledgeError, match=r"^bomb\.md: "):
        ingest(client=client, embedder=embedder, knowledge_dir=kb, progress=False)
    (kb / "bomb.md").unlink()
    (kb / "passwd.md").symlink_to("/etc/passwd")
    with pytest.raises(KnowledgeError, match=r"^passwd\.md: "):
        ingest(client=client, embedder=embedder, knowledge_dir=kb, progress=False)
    assert read_pointer(client) == before


def test_a_long_run_without_spaces_is_cut_anywhere_and_loses_nothing(tmp_path: Path) -> None:
    token = "".join(f"{i:04x}" for i in range(800))  # 3,200 characters, no space
    path = _kb(tmp_path, **{"blob.md": f"# Blob\n## Data\n\n{token}\n"}) / "blob.md"
    chunks = chunk_document(load_document(path, path.parent))
    assert max(len(c.text) for c in chunks) <= MAX_CHARS
    assert "".join(c.text for c in chunks) == token
