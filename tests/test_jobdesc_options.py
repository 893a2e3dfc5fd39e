"""Plain-word JD requests (Slack /jd, Teams jd, routed messages) read into one request."""

from __future__ import annotations

import pytest

from bot.jobdesc import JDRequest, parse_jd_options


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
    ],
)
def test_plain_words_become_a_request(text, expected):
    assert parse_jd_options(text) == expected
