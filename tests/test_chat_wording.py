"""Questions worded the way people type in chat, each from an independent review of the
bot: an abbreviation, an idiom or a comparison verb must not turn an in-scope question into
a refusal or into an answer about something else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, Request, SalaryResult
from bot.service import RoleBot
from bot.settings import load_settings


@pytest.fixture(scope="module")
def bot(
    tmp_path_factory: pytest.TempPathFactory, built_data_dir: Path, embedder: MiniLMEmbeddings
) -> RoleBot:
    target = tmp_path_factory.mktemp("wording") / "data"
    shutil.copytree(built_data_dir, target)
    return build_rolebot(load_settings(data_dir=target, llm="off"), embedder=embedder)


def answer(bot: RoleBot, question: str) -> Answer:
    reply = bot.handle(Request(text=question))
    assert isinstance(reply, Answer)
    return reply


def test_eng_in_a_job_title_is_the_engineer(bot: RoleBot) -> None:
    # It opened with the Junior, MLOps and Senior rungs of the career ladder.
    reply = answer(bot, "what does a lead mlops eng actually do day to day?")
    assert reply.found
    assert reply.answer.startswith("Core Responsibilities [1]:")
    pay = bot.handle(Request(text="what do senior mlops engs earn?"))
    assert isinstance(pay, SalaryResult) and pay.found
    assert all(f.level == "senior" for f in pay.ranges)


def test_what_separates_two_rungs_is_answered_from_the_ladder(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "separates"'.
    reply = answer(bot, "What separates a lead MLOps engineer from a senior MLOps engineer?")
    assert reply.found
    assert "- Senior MLOps Engineer: Assume leadership roles" in reply.answer
    assert "- Lead MLOps Engineer: Oversee the work of other MLOps Engineers" in reply.answer


def test_years_under_my_belt_asks_the_experience(bot: RoleBot) -> None:
    # 'The knowledge base never mentions "belt"'.
    reply = answer(bot, "How many years under my belt before I can be an MLOps Team Lead?")
    assert reply.found
    assert "Minimum 2-5 years of hands-on MLOps experience" in reply.answer


def test_years_of_experience_for_our_hire_is_not_the_time_to_hire(bot: RoleBot) -> None:
    # "The knowledge base gives no figure for that": read as how long hiring takes.
    reply = answer(bot, "how many years of experience should our lead mlops hire have?")
    assert reply.found
    assert "years" in reply.answer.splitlines()[0]
    declined = answer(bot, "how long does it take to hire a lead?")
    assert not declined.found
