"""When a message leans on the previous one, and what is searched for it then.

Without an LLM to rewrite follow-ups, "and for drift?" is searched together with the
question before it; a question that stands on its own is searched as it is, so an
unrelated new question is not dragged towards the old topic.
"""

from __future__ import annotations

import pytest

from bot.answering.followup import (
    asks_example,
    asks_one_line,
    asks_ranking,
    asks_why,
    is_follow_up,
    pointed_line,
    previous_question,
    retrieval_query,
    wants_shorter,
    without_context,
)
from bot.answering.shape import kind_of_listed, two_lists, two_questions
from bot.models import Turn

EARLIER = "what does a lead MLOps engineer own for monitoring?"


@pytest.mark.parametrize(
    "question",
    [
        "and kubernetes helm charts?",  # opens like a continuation
        "  And kubernetes helm charts?",
        "what about kubernetes helm charts?",
        "so kubernetes helm charts then?",
        "how do they deploy kubernetes helm charts?",  # refers back ("they")
        "does this need kubernetes helm charts?",
        "model drift?",  # too short to stand alone (two terms)
        "drift?",
    ],
)
def test_continuations_references_and_very_short_questions_are_follow_ups(question: str) -> None:
    assert is_follow_up(question)


@pytest.mark.parametrize(
    "question",
    [
        "kubernetes helm charts?",
        "how to deploy kubernetes helm charts?",
        "model drift metrics?",  # three terms stand alone
        "brand new question about kubernetes",  # "and" inside a word or mid-sentence is no lead
    ],
)
def test_questions_that_stand_alone_are_not_follow_ups(question: str) -> None:
    assert not is_follow_up(question)


def test_a_follow_up_is_searched_with_the_last_question_the_user_asked() -> None:
    history = [
        Turn("user", "who owns deployment?"),
        Turn("assistant", "The lead does [1]."),
        Turn("user", EARLIER),
        Turn("assistant", "Alerts and dashboards [1]."),
    ]
    assert retrieval_query("any for drift?", history) == f"{EARLIER} any for drift?"


@pytest.mark.parametrize(
    ("earlier", "follow_up", "asked"),
    [
        (EARLIER, "and for drift?", "what does a lead MLOps engineer own for drift?"),
        (EARLIER, "what about deployment?", "what does a lead MLOps engineer own for deployment?"),
        (
            "what does the lead do for ci/cd?",
            "and for monitoring?",
            "what does the lead do for monitoring?",
        ),
        (
            "what are the challenges with data?",
            "and with models?",
            "what are the challenges with models?",
        ),
    ],
)
def test_the_same_question_about_another_thing_is_searched_as_that_question(
    earlier: str, follow_up: str, asked: str
) -> None:
    history = [Turn("user", earlier), Turn("assistant", "Lines [1].")]
    assert retrieval_query(follow_up, history) == asked


@pytest.mark.parametrize(
    ("earlier", "follow_up"),
    [
        # nothing to swap: the follow-up narrows the earlier question
        ("what tools do they use?", "any for monitoring?"),
        # a pronoun or another question is no new topic
        (EARLIER, "and for it?"),
        (EARLIER, "and what are they supposed to do when something looks off?"),
    ],
)
def test_a_follow_up_with_nothing_to_swap_is_searched_with_the_earlier_question(
    earlier: str, follow_up: str
) -> None:
    history = [Turn("user", earlier), Turn("assistant", "Lines [1].")]
    assert retrieval_query(follow_up, history) == f"{earlier} {follow_up}"


def test_and_for_a_topic_after_a_question_with_none_asks_it_about_that_topic() -> None:
    history = [Turn("user", "what are the best practices?"), Turn("assistant", "Lines [1].")]
    assert retrieval_query("and for monitoring?", history) == (
        "what are the best practices for monitoring?"
    )


def test_a_standalone_question_is_searched_as_asked_even_in_a_conversation() -> None:
    history = [Turn("user", EARLIER), Turn("assistant", "Alerts [1].")]
    assert retrieval_query("kubernetes helm charts?", history) == "kubernetes helm charts?"


def test_without_an_earlier_question_a_follow_up_is_searched_as_asked() -> None:
    assert retrieval_query("and for drift?", []) == "and for drift?"
    only_bot = [Turn("assistant", "Hi! Ask me about the role.")]
    assert retrieval_query("and for drift?", only_bot) == "and for drift?"


ANSWER = """Common Challenges [1]:
- Data Management: Challenge: Managing large, complex datasets
- Model Deployment: Challenge: Scaling models
- Security Concerns: Challenge: Ensuring governance [1]

Sources:
  [1] Lead MLOps Engineer › Common Challenges (lead-mlops-engineer.md)"""


FIRST_LINE = "Data Management: Challenge: Managing large, complex datasets"


@pytest.mark.parametrize(
    ("question", "line"),
    [
        (
            "more detail on the first one",
            "Data Management: Challenge: Managing large, complex datasets",
        ),
        ("and the 2nd?", "Model Deployment: Challenge: Scaling models"),
        ("what about number 3", "Security Concerns: Challenge: Ensuring governance"),
        ("the last point?", "Security Concerns: Challenge: Ensuring governance"),
        # no such line, or no pointer at all: the question stands as asked
        ("what about the fifth one?", None),
        ("what is the first step?", None),
        ("and the second?", None),
    ],
)
def test_a_pointer_picks_the_line_of_the_previous_answer(question: str, line: str | None) -> None:
    history = [Turn("user", "what are the common challenges?")]
    if line is not None or "second" not in question:
        history.append(Turn("assistant", ANSWER))
    assert pointed_line(question, history) == line
    expected = line if line is not None else retrieval_query(question, history)
    assert retrieval_query(question, history) == expected


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "what are the responsibilities and challenges?",
            ("what are the responsibilities?", "what are the challenges?"),
        ),
        (
            "which tools and certifications does a lead need?",
            ("which tools does a lead need?", "which certifications does a lead need?"),
        ),
        ("what does a lead do and how much do they make?", None),
        ("what are the responsibilities?", None),
    ],
)
def test_a_question_asking_for_two_lists_is_read_as_two_questions(
    question: str, parts: tuple[str, str] | None
) -> None:
    assert two_lists(question) == parts


@pytest.mark.parametrize(
    ("question", "shorter"),
    [
        ("can you give me a shorter version?", True),
        ("tl;dr?", True),
        ("summarize that please", True),
        ("too long", True),
        ("what is a short list of skills?", False),
        ("summary of the challenges", False),
    ],
)
def test_a_request_for_fewer_words_is_told_from_a_question(question: str, shorter: bool) -> None:
    assert wants_shorter(question) is shorter


@pytest.mark.parametrize(
    ("question", "why"),
    [("why?", True), ("how come?", True), ("why is that", True), ("why do leads need Git?", False)],
)
def test_a_bare_why_is_told_from_a_question_about_reasons(question: str, why: bool) -> None:
    assert asks_why(question) is why


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        (
            "what tools do they use and how much do they make?",
            ("what tools do they use?", "how much do they make?"),
        ),
        ("how do I balance speed and quality?", None),
        ("is kubernetes and docker required?", None),
    ],
)
def test_two_questions_joined_by_and_are_read_apart(
    question: str, parts: tuple[str, str] | None
) -> None:
    assert two_questions(question) == parts


@pytest.mark.parametrize(
    ("question", "one_line", "ranking", "example"),
    [
        ("summarize in one line", True, False, False),
        ("give me a one-liner", True, False, False),
        ("what is in one line", False, False, False),
        ("which of those is most important?", False, True, False),
        ("what should I prioritize first?", False, True, False),
        ("which tools are most important for deployment?", False, False, False),
        ("give me an example", False, False, True),
        ("like what?", False, False, True),
        ("give me an example of drift monitoring", False, False, False),
    ],
)
def test_asks_about_the_last_answer_are_told_from_questions(
    question: str, one_line: bool, ranking: bool, example: bool
) -> None:
    assert (asks_one_line(question), asks_ranking(question), asks_example(question)) == (
        one_line,
        ranking,
        example,
    )


@pytest.mark.parametrize(
    ("question", "previous", "asked"),
    [
        (
            "which of those are technical?",
            "what skills does a lead need?",
            "what technical skills does a lead need?",
        ),
        (
            "which ones of those are about data?",
            "what are the challenges?",
            "what are the about data challenges?",
        ),
        (
            "which of those are soft skills?",
            "what skills does a lead need?",
            "what soft skills does a lead need?",
        ),
        ("which of those are technical?", "how do I become a lead?", None),  # nothing listed
        ("what are the technical ones?", "what skills does a lead need?", None),
    ],
)
def test_which_of_those_reads_as_the_previous_question_narrowed(
    question: str, previous: str, asked: str | None
) -> None:
    assert kind_of_listed(question, previous) == asked


@pytest.mark.parametrize(
    ("typed", "asked"),
    [
        # context first, then a question that stands alone: the question
        ("We're hiring our first MLOps lead. What skills matter?", "What skills matter?"),
        ("I'm a senior engineer. How do I become a lead?", "How do I become a lead?"),
        # a question pointing back at the context keeps it
        (
            "our models keep drifting. what does a lead do about that?",
            "our models keep drifting. what does a lead do about that?",
        ),
        # an abbreviation's full stop ends no sentence; a tail that opens no question is none
        (
            "are they on the hook for compliance, e.g. in regulated industries?",
            "are they on the hook for compliance, e.g. in regulated industries?",
        ),
        ("Kubernetes vs. Docker?", "Kubernetes vs. Docker?"),
        # two questions are left to the two-question reading
        ("What tools? What skills?", "What tools? What skills?"),
    ],
)
def test_context_before_a_question_is_dropped_when_the_question_stands_alone(
    typed: str, asked: str
) -> None:
    assert without_context(typed) == asked


def test_a_thanks_in_between_is_not_the_question_a_follow_up_leans_on() -> None:
    history = [
        Turn("user", "what are the challenges?"),
        Turn("assistant", "Common Challenges [1]: ..."),
        Turn("user", "thanks!"),
        Turn("assistant", "Happy to help!"),
    ]
    assert previous_question(history) == "what are the challenges?"


def test_a_follow_up_pointing_back_is_searched_as_the_question_it_asks() -> None:
    history = [Turn("user", "what is model drift?"), Turn("assistant", "Model drift is…")]
    assert retrieval_query("what tools for that?", history) == "what tools for model drift?"
