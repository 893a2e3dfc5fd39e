"""docs/architecture.md matches the code: every file it names exists, the path of a message
names each module once, and the names its checklists tell a new adapter or store to use are
really there (the checklists themselves are exercised by tests/test_third_platform.py and
tests/test_vector_store_seam.py)."""

from __future__ import annotations

import re
from collections import Counter

import bot
import bot.toolkit
from bot.index.vector import VectorIndex
from bot.settings import PROJECT_ROOT

DOC = (PROJECT_ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
PATH = re.compile(r"`((?:bot|adapters|tests|knowledge|eval|prompts|docs)/[\w/.<>-]*)`")


def section(title: str) -> str:
    return DOC.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def test_every_file_the_document_names_exists() -> None:
    named = {p for p in PATH.findall(DOC) if "<" not in p}
    assert len(named) > 30
    assert sorted(p for p in named if not (PROJECT_ROOT / p).exists()) == []


def test_the_path_of_a_message_names_each_module_once() -> None:
    modules = Counter(re.findall(r"`([\w/]+\.py)`", section("A message from Slack to an answer")))
    assert {m: n for m, n in modules.items() if n > 1} == {}
    for essential in ("bot/service.py", "bot/answering/chain.py", "bot/index/chroma.py"):
        assert essential in modules


def test_the_platform_checklist_names_only_what_the_toolkit_and_public_face_export() -> None:
    checklist = section("Checklists").split("### Add a role", 1)[0]
    exported = set(bot.toolkit.__all__) | set(bot.__all__)
    called = set(re.findall(r"`(\w+)\(", checklist)) | {
        "STREAMING",
        "StreamPacer",
        "DeliveryClaims",
    }
    methods = {"serve", "claims", "claim", "record_vote"}  # of objects the adapter is given
    assert called - methods <= exported
    assert "shared.claims" in checklist and "feedback.record_vote" in checklist


def test_the_vector_store_checklist_names_the_protocol_methods() -> None:
    checklist = section("Checklists").split("### Add a vector store", 1)[1]
    methods = {name for name in vars(VectorIndex) if not name.startswith("_")}
    assert methods == {"live", "generation", "nearest"}
    for name in methods:
        assert f"`{name}(" in checklist
    assert "build_rolebot(settings, store=" in checklist
