"""Heading-aware chunking: paths, whole list items, stable content-hash ids."""

from __future__ import annotations

from pathlib import Path

from bot.knowledge.chunking import MAX_CHARS, chunk_document, document_units
from bot.knowledge.documents import load_document
from bot.settings import PROJECT_ROOT

GUIDE = next((PROJECT_ROOT / "knowledge").glob("*.md"))


def test_every_chunk_carries_title_and_heading_path() -> None:
    chunks = chunk_document(load_document(GUIDE, GUIDE.parent))
    tools = [c for c in chunks if c.section == "Requirements › Technical Skills › MLOps Tools"]
    assert tools, "the MLOps Tools subsection is its own chunk"
    assert tools[0].title == "Lead MLOps Engineer"
    assert "MLflow, Kubeflow" in tools[0].text
    assert all(c.title and c.path == GUIDE.name for c in chunks)


def test_list_items_are_never_cut(tmp_path: Path) -> None:
    items = [f"- Item {i}: " + "word " * 40 + f"end{i}" for i in range(12)]
    doc = tmp_path / "long.md"
    doc.write_text("---\ntitle: Long\n---\n# Long\n## Big List\n" + "\n".join(items) + "\n")
    chunks = chunk_document(load_document(doc, tmp_path))
    assert len(chunks) > 1
    assert all(len(c.text) <= MAX_CHARS + 250 for c in chunks)
    for i in range(12):
        holders = [c for c in chunks if f"Item {i}:" in c.text]
        assert len(holders) == 1 and f"end{i}" in holders[0].text
    assert {c.parts for c in chunks} == {len(chunks)}


def test_group_chunk_collects_small_subsections() -> None:
    chunks = chunk_document(load_document(GUIDE, GUIDE.parent))
    group = next(c for c in chunks if c.group and c.section == "Requirements › Technical Skills")
    for tool in ("MLflow", "Terraform", "Kubernetes", "SageMaker", "Scala"):
        assert tool in group.text


def test_chunk_ids_depend_only_on_content(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text("# A\n## One\n- first\n## Two\n- second\n")
    before = {c.section: c.id for c in chunk_document(load_document(doc, tmp_path))}
    doc.write_text("# A\n## One\n- first\n## Two\n- second, changed\n")
    after = {c.section: c.id for c in chunk_document(load_document(doc, tmp_path))}
    assert before["One"] == after["One"]
    assert before["Two"] != after["Two"]


def test_every_list_item_and_sentence_is_a_unit_of_its_section(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text(
        "# A\n## Duties\nThey do two things. Both matter.\nTheir duties include:\n"
        "- Plan the work\n- Ship it\n",
        encoding="utf-8",
    )
    units = document_units(load_document(doc, tmp_path))
    assert [(u.kind, u.text) for u in units] == [
        ("sentence", "They do two things."),
        ("sentence", "Both matter."),
        ("sentence", "Their duties include:"),
        ("item", "Plan the work"),
        ("item", "Ship it"),
    ]
    assert [u.lead_in for u in units] == [False, False, True, False, False]
    assert {u.section for u in units} == {"Duties"} and all(u.is_unit for u in units)
    section = chunk_document(load_document(doc, tmp_path))[0]
    assert all(u.section_key == section.section_key for u in units)
    assert all(u.text in section.text for u in units)


def test_unit_ids_change_only_with_their_own_text(tmp_path: Path) -> None:
    doc = tmp_path / "a.md"
    doc.write_text("# A\n## One\n- first\n- second\n", encoding="utf-8")
    before = {u.text: u.id for u in document_units(load_document(doc, tmp_path))}
    doc.write_text("# A\n## One\n- first\n- second, changed\n", encoding="utf-8")
    after = {u.text: u.id for u in document_units(load_document(doc, tmp_path))}
    assert before["first"] == after["first"]
    assert "second" not in after and before["second"] not in after.values()
