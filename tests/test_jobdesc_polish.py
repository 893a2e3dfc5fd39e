"""LLM polish over real HTTP: accepted only when figures and tools survive; failures degrade."""

from __future__ import annotations

from typing import Any

import pytest

from bot.jobdesc import draft_job_description
from bot.jobdesc.polish import POLISHED, REJECTED, UNAVAILABLE
from bot.knowledge.documents import Document, load_knowledge
from bot.llm import build_chat_model
from bot.models import JobDescription, SalaryFigure
from bot.salary import SALARY_TABLE_FILE, SalaryTable, load_salary_table
from bot.settings import PROJECT_ROOT, load_settings
from tests.fakes.openai_server import FakeOpenAIServer, FakeReply, user_text

KNOWLEDGE = PROJECT_ROOT / "knowledge"
PROMPTS = PROJECT_ROOT / "prompts"


@pytest.fixture(scope="module")
def documents():
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="module")
def table(documents):
    return load_salary_table(KNOWLEDGE / SALARY_TABLE_FILE, documents)


def _typical_range(table: SalaryTable) -> SalaryFigure:
    return next(r.figure for r in table.rows if r.statistic == "typical range")


def _draft_via(
    server: FakeOpenAIServer,
    monkeypatch: pytest.MonkeyPatch,
    documents: list[Document],
    table: SalaryTable,
    **settings: Any,
) -> JobDescription:
    monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
    chat_model = build_chat_model(load_settings(**settings))
    assert chat_model is not None
    return draft_job_description(
        documents, table, role="Lead MLOps Engineer", chat_model=chat_model, prompts_dir=PROMPTS
    )


def _reword(body):
    """A faithful polish: nicer wording, same facts."""
    draft = user_text(body)
    return FakeReply(
        draft.replace(
            "## About the role\n", "## About the role\n\nCome build ML platforms with us.\n"
        )
    )


@pytest.mark.slow
def test_a_faithful_polish_is_used_and_keeps_the_tables_figure(monkeypatch, documents, table):
    with FakeOpenAIServer(_reword) as server:
        draft = _draft_via(server, monkeypatch, documents, table)
    assert draft.mode == "llm"
    assert "Come build ML platforms with us." in draft.markdown
    figure = _typical_range(table)
    assert f"${figure.low:,}–${figure.high:,} a year" in draft.markdown
    assert POLISHED in draft.notes
    # The model was sent the prompt file and the knowledge-based draft.
    request = server.requests[0]
    assert request["messages"][0]["content"].startswith("You edit job descriptions")
    assert "## Compensation" in user_text(request)


@pytest.mark.slow
def test_a_polish_that_changes_the_figure_is_rejected(monkeypatch, documents, table):
    def change_figure(body):
        return FakeReply(
            user_text(body).replace("$190,000", "$195,000").replace("About", "All about")
        )

    with FakeOpenAIServer(change_figure) as server:
        draft = _draft_via(server, monkeypatch, documents, table)
    assert draft.mode == "extractive"
    assert "$190,000–$230,000 a year" in draft.markdown
    assert "$195,000" not in draft.markdown and "All about" not in draft.markdown
    assert REJECTED in draft.notes


@pytest.mark.slow
def test_a_polish_that_adds_a_figure_is_rejected(monkeypatch, documents, table):
    def add_bonus(body):
        return FakeReply(user_text(body) + "\nSigning bonus: $20,000.\n")

    with FakeOpenAIServer(add_bonus) as server:
        draft = _draft_via(server, monkeypatch, documents, table)
    assert draft.mode == "extractive" and "$20,000" not in draft.markdown
    assert REJECTED in draft.notes


@pytest.mark.slow
def test_a_polish_that_drops_a_tool_is_rejected(monkeypatch, documents, table):
    def drop_kubeflow(body):
        return FakeReply(user_text(body).replace("Kubeflow", "other tools"))

    with FakeOpenAIServer(drop_kubeflow) as server:
        draft = _draft_via(server, monkeypatch, documents, table)
    assert draft.mode == "extractive" and "Kubeflow" in draft.markdown
    assert REJECTED in draft.notes


@pytest.mark.slow
def test_a_server_error_falls_back_to_the_draft_with_a_note(monkeypatch, documents, table):
    with FakeOpenAIServer([FakeReply(status=500)]) as server:
        draft = _draft_via(server, monkeypatch, documents, table)
    assert len(server.requests) == 1  # no hidden retries
    assert draft.mode == "extractive"
    assert draft.notes[-1] == UNAVAILABLE
    assert "$190,000–$230,000 a year" in draft.markdown


@pytest.mark.slow
def test_a_hung_server_times_out_to_the_draft_with_a_note(monkeypatch, documents, table):
    with FakeOpenAIServer([FakeReply("never sent", delay=10)]) as server:
        draft = _draft_via(server, monkeypatch, documents, table, llm_timeout=0.5)
    assert draft.mode == "extractive"
    assert draft.notes[-1] == UNAVAILABLE


@pytest.mark.slow
def test_a_code_fenced_reply_is_unwrapped(monkeypatch, documents, table):
    def fenced(body):
        return FakeReply("```markdown\n" + user_text(body) + "```")

    with FakeOpenAIServer(fenced) as server:
        draft = _draft_via(server, monkeypatch, documents, table)
    assert draft.mode == "llm"
    assert draft.markdown.startswith("# Lead MLOps Engineer\n")


@pytest.mark.slow
def test_a_polish_that_drops_a_placeholder_is_rejected(monkeypatch, documents, table):
    def fill_in_the_company(body):
        text = user_text(body)
        start = text.index("[TODO: company name")
        end = text.index("]", start) + 1
        return FakeReply(text[:start] + "Acme Corp is hiring." + text[end:])

    with FakeOpenAIServer(fill_in_the_company) as server:
        draft = _draft_via(server, monkeypatch, documents, table)
    assert draft.mode == "extractive" and "Acme" not in draft.markdown
    assert "[TODO: company name" in draft.markdown
    assert REJECTED in draft.notes and draft.note == REJECTED


@pytest.mark.slow
def test_the_model_polishes_the_posting_and_the_reviewer_notes_stay_last(
    monkeypatch, documents, table
):
    with FakeOpenAIServer(_reword) as server:
        draft = _draft_via(server, monkeypatch, documents, table)
    sent = user_text(server.requests[0])
    assert "Reviewer notes" not in sent
    assert draft.mode == "llm" and draft.note is None
    block = draft.markdown.split("\n---\n\n## Reviewer notes — delete this block before posting\n")
    assert len(block) == 2 and f"- {POLISHED}" in block[1]
