"""A greeting, the bot's name or "quick q:" before a question is not part of it."""

from __future__ import annotations

import pytest

from bot import messages
from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, HelpReply, Request, SalaryResult
from bot.preamble import reported_question, spelled_out, without_preamble
from bot.settings import Settings


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        ("Hi! what does a lead mlops engineer do?", "what does a lead mlops engineer do?"),
        ("hey rolebot, quick q: is kubernetes a must?", "is kubernetes a must?"),
        ("@rolebot what's the salary in nyc?", "what's the salary in nyc?"),
        ("Good morning team, what are the challenges?", "what are the challenges?"),
        ("question: which tools?", "which tools?"),
        ("ok what skills does a lead need?", "what skills does a lead need?"),
        ("okay, what tools?", "what tools?"),
        ("ok", "ok"),
        # asking around the question
        ("hey team - anyone know what skills a lead needs?", "what skills a lead needs?"),
        ("does anyone know how much leads make?", "how much leads make?"),
        ("I was wondering what the career path is", "what the career path is"),
        ("do you know kubernetes?", "do you know kubernetes?"),  # no question after it
        ("does anyone know spark?", "does anyone know spark?"),
        ("anyone know?", "anyone know?"),
        # nothing before the question, or nothing but a greeting: as typed
        ("history of mlops?", "history of mlops?"),
        ("heyday of mlops?", "heyday of mlops?"),
        ("hello", "hello"),
        ("hi there", "hi there"),
        ("good morning rolebot :wave:", "good morning rolebot :wave:"),
        # people @-mentioned are whom it is addressed to, not what it asks
        ("@U123ABC what does a lead do?", "what does a lead do?"),
        ("what does a lead do? cc @U123ABC", "what does a lead do?"),
        ("what does a lead do? cc: @jane.doe", "what does a lead do?"),
        ("@here which tools?", "which tools?"),
        ("mail a@b.com about it", "mail a@b.com about it"),
        ("@U123ABC", "@U123ABC"),
    ],
)
def test_what_comes_before_the_question_is_dropped(typed: str, asked: str) -> None:
    assert without_preamble(typed) == asked


def test_a_greeting_before_a_question_does_not_get_it_declined(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    bot = build_rolebot(settings, embedder=embedder)
    reply = bot.handle(Request(text="Hi! what does a lead mlops engineer do?"))
    assert isinstance(reply, Answer) and reply.found
    assert reply.answer.startswith("A Lead MLOps Engineer is a senior role")
    salary = bot.handle(Request(text="hey rolebot, what's the salary for a lead in nyc?"))
    assert isinstance(salary, SalaryResult) and salary.found
    assert isinstance(bot.handle(Request(text="hello")), HelpReply)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("how much r they paid in sf", "how much are they paid in sf"),
        ("wat tools do they use", "what tools do they use"),
        ("waht does a junior do", "what does a junior do"),
        ("how hard is it to hire mlops ppl rn", "how hard is it to hire mlops people"),
        ("r they expected to code?", "are they expected to code?"),
        ("do u know the salary?", "do you know the salary?"),
        # "R" the language stays
        ("is R required?", "is R required?"),
        ("do I need R?", "do I need R?"),
        ("what about R and python", "what about R and python"),
        ("tl;dr of the role?", "tldr of the role?"),
        ("explain the role like I'm five", "explain the role simply"),
        ("summarize the role in 3 bullets", "summarize the role briefly"),
        # one line is the one-line ask, kept as typed
        ("summarize in one line", "summarize in one line"),
    ],
)
def test_chat_shorthand_is_written_out(typed: str, meant: str) -> None:
    assert spelled_out(typed) == meant


def test_a_shorthand_salary_question_looks_up_the_guides_role(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    bot = build_rolebot(settings, embedder=embedder)
    reply = bot.handle(Request(text="how much r they paid in sf"))
    assert isinstance(reply, SalaryResult) and reply.found
    assert any("San Francisco" in note for note in reply.notes)


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        (
            "My manager asked me what a lead MLOps engineer does. What should I tell her?",
            "what does a lead MLOps engineer do?",
        ),
        ("I need to explain to my team what a lead does", "what does a lead do?"),
        # asked directly, or no question reported: as typed
        ("what does a lead do?", "what does a lead do?"),
        ("explain what the lead does for monitoring", "explain what the lead does for monitoring"),
        # a story, then the question it hands over to
        (
            "We had outages and the data scientists keep throwing notebooks over the wall. "
            "Anyway, long story short: what skills should a lead MLOps engineer have?",
            "what skills should a lead MLOps engineer have?",
        ),
        (
            "We had a rough quarter. tldr: what does a lead own for monitoring?",
            "what does a lead own for monitoring?",
        ),
        # a question before the hand-over is part of what is asked
        (
            "Is this the right bot? In short: what do leads do?",
            "Is this the right bot? In short: what do leads do?",
        ),
    ],
)
def test_a_question_reported_inside_a_message_is_the_question(typed: str, asked: str) -> None:
    assert reported_question(typed) == asked


def test_a_reported_question_gets_the_answer_to_it(
    settings: Settings, embedder: MiniLMEmbeddings
) -> None:
    bot = build_rolebot(settings, embedder=embedder)
    text = "My manager asked me what a lead MLOps engineer does. What should I tell her?"
    reply = bot.handle(Request(text=text))
    assert isinstance(reply, Answer) and reply.found
    assert reply.answer.startswith("A Lead MLOps Engineer is a senior role")
    # The data scientists in the story made it "doesn't describe data scientists".
    story = (
        "Hey all, so we're reorganising the platform group. We've had a bunch of outages with "
        "model serving lately, the data scientists keep throwing notebooks over the wall, and "
        "nobody owns the pipeline. Anyway, long story short: what skills should a lead MLOps "
        "engineer have?"
    )
    told = bot.handle(Request(text=story))
    assert isinstance(told, Answer) and told.answer.startswith("Essential Skills [1]:")


@pytest.mark.parametrize(
    "typed",
    ["<@U123ABC> what does a lead do?", "what does a lead do? cc <@U123ABC>"],
)
def test_a_question_that_mentions_a_colleague_is_answered(
    settings: Settings, embedder: MiniLMEmbeddings, typed: str
) -> None:
    # Slack's adapter writes another person's mention as "@U123ABC"; it was declined as a
    # word the knowledge never mentions.
    from adapters.slack.mrkdwn import to_plain

    bot = build_rolebot(settings, embedder=embedder)
    reply = bot.handle(Request(text=to_plain(typed, bot_user_id="UBOT")))
    alone = bot.handle(Request(text="what does a lead do?"))
    assert isinstance(reply, Answer) and reply.found
    assert isinstance(alone, Answer) and reply.answer == alone.answer


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("good morning", HelpReply),
        ("good morning rolebot :wave:", HelpReply),
        ("hey rolebot", HelpReply),
    ],
)
def test_a_greeting_alone_gets_the_help_text(
    settings: Settings, embedder: MiniLMEmbeddings, typed: str, kind: type
) -> None:
    bot = build_rolebot(settings, embedder=embedder)
    reply = bot.handle(Request(text=typed))
    assert isinstance(reply, kind) and reply.text != messages.WELCOME


@pytest.mark.parametrize("typed", ["lol", "thanks :pray:", ":+1:"])
def test_a_closing_word_or_emoji_gets_a_short_acknowledgement(
    settings: Settings, embedder: MiniLMEmbeddings, typed: str
) -> None:
    bot = build_rolebot(settings, embedder=embedder)
    reply = bot.handle(Request(text=typed))
    assert isinstance(reply, HelpReply) and reply.text == messages.WELCOME
