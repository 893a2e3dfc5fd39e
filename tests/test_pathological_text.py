"""Text built to make a regular expression backtrack for ever: a long run of one letter, of
spaces or of hyphenated words, up to the longest message the bot accepts. Each reader must
give its ordinary answer at once; a pattern that tries every way to split the run would
hang the worker that reads it. A scan of every module-level pattern on such text found two
that hung ("thanks!" and the salary policy's empty line) and three that took up to 0.4 s
on one message (the choice, JD-noun and compound-word patterns); all five now finish in
one pass.

The deadline only catches a hang (seconds, where the fixed code takes milliseconds); speed
itself is measured in bench/, not here.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.answering.followup import (
    asks_example,
    asks_one_line,
    asks_ranking,
    wants_shorter,
    without_context,
)
from bot.answering.shape import question_shape
from bot.jobdesc.options import parse_jd_options
from bot.routing import route
from bot.salary_policy import withhold_figures

LONGEST = 3000  # the default ROLEBOT_MAX_QUESTION_CHARS
HANG = 5  # seconds


@contextmanager
def must_finish() -> Iterator[None]:
    def hung(*_: object) -> None:
        raise AssertionError(f"still running after {HANG} s: a pattern backtracks")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(HANG)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("unit", ["k", "ok ", "a-", "or ", " "])
def test_a_long_run_is_routed_as_a_question_at_once(unit: str) -> None:
    text = unit * (LONGEST // len(unit) - 1) + "x?"
    with must_finish():
        routed = route(text, ["lead mlops engineer"])
    assert routed.intent == "question"


def test_a_long_run_of_letters_is_no_choice_between_two_things() -> None:
    with must_finish():
        shape = question_shape("a" * (LONGEST - 10) + " or b x?", frozenset({"b"}))
    assert shape.choice is None


def test_a_long_run_of_spaces_before_the_role_still_reads_the_role() -> None:
    with must_finish():
        job = parse_jd_options("senior mlops engineer" + " " * (LONGEST - 30) + "x")
    assert job.level == "senior"


def test_a_pay_line_padded_with_spaces_keeps_its_other_sentence() -> None:
    line = " " * (LONGEST - 40) + "Pay is $100,000. Then x"
    with must_finish():
        text, removed = withhold_figures(line)
    assert removed and text.strip() == "Then x"


@pytest.mark.parametrize("unit", [" ", "it ", ", "])
def test_a_long_run_is_no_ask_about_the_last_answer(unit: str) -> None:
    # A first version of the one-line pattern ran for minutes on "give" and 3,000 spaces.
    text = "give " + unit * ((LONGEST - 20) // len(unit)) + "x"
    with must_finish():
        asks = [f(text) for f in (asks_one_line, asks_ranking, asks_example, wants_shorter)]
    assert asks == [False, False, False, False]


@pytest.mark.parametrize("unit", ["a. ", "e.g. ", ". "])
def test_a_long_run_of_sentences_is_read_at_once(unit: str) -> None:
    text = unit * ((LONGEST - 20) // len(unit)) + "what x?"
    with must_finish():
        asked = without_context(text)
    assert asked in (text, "what x?")
