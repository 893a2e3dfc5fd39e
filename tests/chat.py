"""Asking a bot as a chat user does, for tests that read the answers people see."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, Request, Turn
from bot.service import RoleBot
from bot.settings import load_settings


def module_bot(
    tmp_path_factory: pytest.TempPathFactory,
    built_data_dir: Path,
    embedder: MiniLMEmbeddings,
    name: str,
) -> RoleBot:
    """A bot with no LLM over its own copy of the session's index (a module fixture's)."""
    target = tmp_path_factory.mktemp(name) / "data"
    shutil.copytree(built_data_dir, target)
    return build_rolebot(load_settings(data_dir=target, llm="off"), embedder=embedder)


def answer(bot: RoleBot, question: str) -> Answer:
    """The answer to ``question`` asked on its own."""
    reply = bot.handle(Request(text=question))
    assert isinstance(reply, Answer)
    return reply


def follow(bot: RoleBot, first: str, then: str) -> Answer:
    """The answer to ``then`` asked in the thread of ``first`` and its answer."""
    history = [Turn("user", first), Turn("assistant", answer(bot, first).answer)]
    reply = bot.handle(Request(text=then, history=history))
    assert isinstance(reply, Answer)
    return reply
