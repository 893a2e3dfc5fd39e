"""What a chat user sees while a generated answer streams in (bot.answering.visible).

However the model's text is cut into pieces, the user ends up seeing exactly what they would
see had it arrived in one piece; a link to an address the sources do not hold is never
shown clickable, not even for the moment before it is complete; and ordinary text, including
citation marks like "[1]", is shown as soon as its word is complete rather than held back.
"""

from __future__ import annotations

import random

import pytest

from bot.answering.visible import VisibleText

ALLOWED = "https://docs.example/mlflow"
EVIL = "https://evil.example/login"

# (model text, what the user sees once it is complete)
CASES = [
    ("Use MLflow [1] and Kubeflow [2].", "Use MLflow [1] and Kubeflow [2]."),
    (
        f"See [1] and [Verify your account]({EVIL}) now [2].",
        "See [1] and Verify your account now [2].",
    ),
    (
        f"Docs: [the MLflow guide]({ALLOWED}) [1].",
        f"Docs: [the MLflow guide]({ALLOWED}) [1].",
    ),
    (f"Bare {EVIL} here [1].", f"Bare `{EVIL}` here [1]."),
    (f"Known {ALLOWED} here [1].", f"Known {ALLOWED} here [1]."),
    # a bracket that never becomes a link: across a line, or not followed by "("
    (
        "A [note\nacross lines] and [an aside] stay [1].",
        "A [note\nacross lines] and [an aside] stay [1].",
    ),
    (f'[Click here]({EVIL} "title") first [1].', "Click here first [1]."),
    ("Ends with an open [bracket", "Ends with an open [bracket"),
    ("  leading spaces are dropped [1].", "leading spaces are dropped [1]."),
    # paragraph breaks and double spaces inside the answer are kept
    ("First point [1].\n\nSecond  point [2].", "First point [1].\n\nSecond  point [2]."),
]


def stream(pieces: list[str]) -> tuple[list[str], str]:
    """Every text shown after each piece (cumulative), and the text shown at the end."""
    visible = VisibleText(allowed_links=[ALLOWED])
    seen: list[str] = []
    for piece in pieces:
        visible.feed(piece)
        seen.append(visible.shown)
    visible.finish()
    return seen, visible.shown


def chunkings(text: str) -> list[list[str]]:
    """One piece, one character at a time, and a few random cuts (fixed seed)."""
    rng = random.Random(7)
    out = [[text], list(text)]
    for _ in range(20):
        cuts = sorted(rng.sample(range(1, len(text)), k=min(len(text) - 1, rng.randint(1, 8))))
        out.append([text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)])
    return out


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_the_user_sees_the_same_text_however_the_model_cuts_it(text: str, expected: str) -> None:
    for pieces in chunkings(text):
        _, shown = stream(pieces)
        assert shown == expected, pieces


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_an_unknown_address_is_never_clickable_even_for_a_moment(text: str, expected: str) -> None:
    for pieces in chunkings(text):
        seen, _ = stream(pieces)
        for shown in seen:
            assert f"]({EVIL}" not in shown
            assert EVIL not in shown.replace(f"`{EVIL}`", "")


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_shown_text_only_grows(text: str, expected: str) -> None:
    for pieces in chunkings(text):
        seen, shown = stream(pieces)
        for before, after in zip(seen, [*seen[1:], shown], strict=True):
            assert after.startswith(before)


def test_complete_words_and_citations_are_shown_without_waiting() -> None:
    visible = VisibleText()
    assert visible.feed("I ") == "I "
    assert visible.feed("use MLflow [1] and ") == "use MLflow [1] and "
    assert visible.feed("Kube") == ""  # an unfinished word waits for its end
    assert visible.feed("flow [2].\n") == "Kubeflow [2].\n"
    assert visible.feed("\n") == "\n"  # a paragraph break is shown as it comes
    assert visible.feed("Go now") == "Go "
    assert visible.finish() == "now"


def test_a_complete_link_inside_a_piece_is_shown_at_once_as_its_label() -> None:
    visible = VisibleText()
    assert visible.feed("Read [Verify your account](https://evil.example/login) now ") == (
        "Read Verify your account now "
    )


def test_a_link_waits_until_complete_then_shows_as_its_label() -> None:
    visible = VisibleText()
    assert visible.feed("Read [Verify your ") == "Read "
    assert visible.feed("account](https://evil.") == ""
    assert visible.feed("example/login) now ") == "Verify your account now "
    assert visible.shown == "Read Verify your account now "


def test_an_open_bracket_that_cannot_be_a_link_is_released_at_the_line_end() -> None:
    visible = VisibleText()
    assert visible.feed("a [note\nmore ") == "a [note\nmore "
    assert visible.feed("[aside] then ") == "[aside] then "
