"""Typos read as the knowledge's words, and everything else left as typed: real English
words, places, short words and slips that could be either of two words."""

from __future__ import annotations

import pytest

from bot.app import build_rolebot
from bot.embeddings.minilm import MiniLMEmbeddings
from bot.models import Answer, Request, SalaryResult
from bot.retrieval.spelling import Speller, _one_slip
from bot.service import RoleBot
from bot.settings import Settings

KNOWLEDGE = [
    "Core Responsibilities: Expertise in Docker and Kubernetes",
    "Salary Ranges: a typical salary for a senior engineer; the median is $160,000",
    "Best Practices: version control for every pipeline; a director sets the strategy",
    "Programming Languages: Python, Java and Scala; Docker and Kubeflow",
]
SPELLER = Speller(KNOWLEDGE, keep=lambda word: word == "medina")


@pytest.fixture
def bot(settings: Settings, embedder: MiniLMEmbeddings) -> RoleBot:
    return build_rolebot(settings, embedder=embedder)


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("responsibilites", "responsibilities"),  # a letter missing
        ("kuberentes", "kubernetes"),  # two letters swapped
        ("sallary", "salary"),  # a letter too many
        ("practises", "practices"),  # a letter wrong (and a rare spelling)
        ("Kuberentes", "kubernetes"),  # whatever the case
        ("pyhton", "python"),
        ("salry", "salary"),  # five letters is long enough
        ("dockr", "docker"),
        ("kubernetess", "kubernetes"),
        ("scalla", "scala"),  # the knowledge's word may be a letter shorter
    ],
)
def test_one_slip_in_a_word_is_read_as_the_knowledges_word(typed: str, meant: str) -> None:
    assert SPELLER.correct(f"is {typed} required?") == f"is {meant} required?"


@pytest.mark.parametrize(
    "typed",
    [
        "sensor",  # English, one letter from "senior"
        "directory",  # English, one letter from "director"
        "medina",  # a place, one letter from "median"
        "leave",  # English, one letter from "lead" and "least"
        "helmz",  # four letters and less are never mended ("helm" is not even looked up)
        "kobernetis",  # two letters wrong is two slips
        "kubeflows",  # another form of the knowledge's word (same stem): found as it is
        "pipelines",  # the knowledge's own word, another form
        "terraformx",  # nothing in the knowledge is one slip away
    ],
)
def test_words_meant_as_typed_are_left_alone(typed: str) -> None:
    assert SPELLER.correct(f"what about {typed}?") == f"what about {typed}?"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("kubeflos", "kubeflows"),  # the form ending as typed
        ("kubefow", "kubeflow"),
        ("skils", "skills"),
        ("skil", "skil"),  # four letters: never mended
        ("kubeflowz", "kubeflow"),  # neither ends as typed: the shorter
    ],
)
def test_of_two_forms_of_one_word_the_one_ending_as_typed_is_read(typed: str, meant: str) -> None:
    speller = Speller(["Kubeflow runs Kubeflows", "skill and skills"])
    assert speller.correct(typed) == meant


@pytest.mark.parametrize(
    ("a", "b", "slip"),
    [
        ("kuberentes", "kubernetes", True),
        ("pyhton", "python", True),
        ("scalla", "scala", True),
        ("python", "python", False),
        ("kobernetis", "kubernetes", False),
        ("pyhotn", "python", False),
        ("kube", "kubeflow", False),
    ],
)
def test_one_slip_is_one_letter_missing_added_changed_or_two_swapped(
    a: str, b: str, slip: bool
) -> None:
    assert _one_slip(a, b) is slip


def test_a_slip_two_knowledge_words_are_equally_close_to_is_left_alone() -> None:
    speller = Speller(["mentors and meteors"])
    assert speller.correct("menteors") == "menteors"


def test_a_question_with_a_typo_is_answered_not_declined(bot: RoleBot) -> None:
    reply = bot.handle(Request(text="what are the responsibilites of a lead mlops engineer?"))
    assert isinstance(reply, Answer) and reply.found
    assert reply.answer.startswith("Core Responsibilities [1]:")


def test_a_salary_ask_with_a_typo_is_a_salary_lookup(bot: RoleBot) -> None:
    reply = bot.handle(Request(text="whats the sallary for a lead mlops engineer?"))
    assert isinstance(reply, SalaryResult) and reply.found


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        (
            "what skils does a lead mlops engineer need?",
            "what skills does a lead mlops engineer need?",
        ),
        (
            "which toolz does a lead mlops engineer use?",
            "which tools does a lead mlops engineer use?",
        ),
    ],
)
def test_a_five_letter_typo_gets_the_answer_the_right_spelling_gets(
    bot: RoleBot, typed: str, meant: str
) -> None:
    reply = bot.handle(Request(text=typed))
    assert isinstance(reply, Answer) and reply.found
    assert reply.answer == bot.handle(Request(text=meant)).answer


def test_a_salary_ask_with_a_five_letter_typo_is_a_salary_lookup(bot: RoleBot) -> None:
    reply = bot.handle(Request(text="lead mlops salry in nyc?"))
    assert isinstance(reply, SalaryResult) and reply.found
