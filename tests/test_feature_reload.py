"""After an ingest, a running bot's salary figures follow the knowledge like its answers do."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.errors import SalaryTableError
from bot.index.chroma import open_chroma, read_pointer
from bot.index.ingest import ingest
from bot.models import Request, SalaryResult
from bot.settings import load_settings

QUERY = "how much does a lead mlops engineer make?"


def _figures(reply: object) -> set[tuple[int, int]]:
    assert isinstance(reply, SalaryResult)
    return {(r.low, r.high) for r in reply.ranges}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_salary_table_is_reloaded_when_ingest_moves_the_index(
    data_dir: Path, knowledge_copy: Path, embedder: MiniLMEmbeddings
) -> None:
    settings = load_settings(data_dir=data_dir, knowledge_dir=knowledge_copy)
    client = open_chroma(settings)
    bot = build_rolebot(settings, client=client, embedder=embedder)
    assert (165000, 207125) in _figures(bot.handle(Request(text=QUERY)))

    _edit(knowledge_copy / "lead-mlops-engineer.md", "$165,000 to $207,125", "$170,000 to $207,125")
    _edit(knowledge_copy / "salaries.yaml", "165000", "170000")
    ingest(client=client, embedder=embedder, knowledge_dir=knowledge_copy, progress=False)

    deadline = time.monotonic() + 10
    figures = _figures(bot.handle(Request(text=QUERY)))
    while (170000, 207125) not in figures and time.monotonic() < deadline:
        time.sleep(0.2)
        figures = _figures(bot.handle(Request(text=QUERY)))
    assert (170000, 207125) in figures and (165000, 207125) not in figures


def test_a_broken_salary_table_stops_ingest_and_the_running_bot_keeps_its_figures(
    data_dir: Path, knowledge_copy: Path, embedder: MiniLMEmbeddings
) -> None:
    settings = load_settings(data_dir=data_dir, knowledge_dir=knowledge_copy)
    client = open_chroma(settings)
    bot = build_rolebot(settings, client=client, embedder=embedder)
    ingest(client=client, embedder=embedder, knowledge_dir=knowledge_copy, progress=False)
    before = read_pointer(client)

    _edit(knowledge_copy / "salaries.yaml", "low: 165000", "low: [165000")
    with pytest.raises(SalaryTableError, match=r"salaries\.yaml: is not valid YAML at line"):
        ingest(client=client, embedder=embedder, knowledge_dir=knowledge_copy, progress=False)

    assert read_pointer(client) == before
    assert (165000, 207125) in _figures(bot.handle(Request(text=QUERY)))


def test_a_change_to_the_salary_table_alone_reaches_the_running_bot(
    data_dir: Path, knowledge_copy: Path, embedder: MiniLMEmbeddings
) -> None:
    settings = load_settings(data_dir=data_dir, knowledge_dir=knowledge_copy)
    client = open_chroma(settings)
    bot = build_rolebot(settings, client=client, embedder=embedder)
    ingest(client=client, embedder=embedder, knowledge_dir=knowledge_copy, progress=False)

    _edit(knowledge_copy / "salaries.yaml", "Range, depending on location", "Range by location")
    report = ingest(client=client, embedder=embedder, knowledge_dir=knowledge_copy, progress=False)
    assert "already up to date" not in report.summary() and report.embedded == 0

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        reply = bot.handle(Request(text=QUERY))
        assert isinstance(reply, SalaryResult)
        if any(r.label.startswith("Range by location") for r in reply.ranges):
            break
        time.sleep(0.2)
    else:
        raise AssertionError("the running bot never showed the new label")
