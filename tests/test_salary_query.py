"""Free-text salary questions: levels, role spellings and places."""

from __future__ import annotations

import pytest

from bot.knowledge.documents import load_knowledge
from bot.salary import SALARY_TABLE_FILE, load_salary_table
from bot.salary.phrases import canonical_level, place_matches
from bot.salary.query import parse_salary_query
from bot.settings import PROJECT_ROOT

KNOWLEDGE = PROJECT_ROOT / "knowledge"


@pytest.fixture(scope="module")
def table():
    return load_salary_table(KNOWLEDGE / SALARY_TABLE_FILE, load_knowledge(KNOWLEDGE))


@pytest.mark.parametrize(
    ("text", "levels"),
    [
        ("junior mlops engineer", ["junior"]),
        ("Jr. MLOps", ["junior"]),
        ("entry-level ml ops", ["junior"]),
        ("what does a mid-level MLOps engineer make", ["mid-level"]),
        ("mid level mlops", ["mid-level"]),
        ("Sr MLOps engineer", ["senior"]),
        ("senior mlops", ["senior"]),
        ("lead mlops engineer", ["lead"]),
        ("mlops team lead", ["team lead"]),
        ("what do MLOps team leads make", ["team lead"]),
        ("director of MLOps", ["director"]),
        ("head of mlops", ["director"]),
        ("compare senior vs lead mlops salary", ["senior", "lead"]),
        ("mlops engineer", []),
    ],
)
def test_levels_are_understood(table, text, levels):
    assert parse_salary_query(text, table).levels == levels


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("lead mlops engineer", "MLOps Engineer"),
        ("Lead ML Ops Engineer", "MLOps Engineer"),
        ("ML-Ops lead", "MLOps Engineer"),
        ("machine learning operations engineer", "MLOps Engineer"),
        ("lead ML engineer new york", "Machine Learning Engineer"),
        ("lead MLE", "Machine Learning Engineer"),
        ("lead machine learning engineer", "Machine Learning Engineer"),
    ],
)
def test_role_spellings_map_to_one_family(table, text, family):
    assert parse_salary_query(text, table).families == [family]


def test_mlops_engineer_is_not_read_as_machine_learning_engineer(table):
    assert parse_salary_query("senior MLOps engineer", table).families == ["MLOps Engineer"]
    assert parse_salary_query("senior ML engineer", table).families == ["Machine Learning Engineer"]


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("lead ML engineer new york", "New York"),
        ("lead mlops in NYC", "New York"),
        ("senior mlops engineer in the US", "US"),
        ("senior mlops in the U.S.", "US"),
        ("mlops engineer bay area", "San Francisco"),
        ("lead mlops engineer based in Austin?", "Austin"),
        ("what would a senior mlops engineer cost us", None),
        ("lead mlops salary in 2024", None),
        ("what does a mid-level MLOps engineer make", None),
        # the slash-command form: a real place right after the role, no "in"
        ("lead mlops engineer austin", "Austin"),
        ("lead mlops engineer, berlin", "Berlin"),
        ("senior mlops engineer san jose", "San Jose"),
        ("mlops engineer zurich", "Zürich"),
        ("lead mlops engineer texas", "Texas"),
        ("lead mlops engineer uk", "UK"),
        ("senior mlops engineer new delhi", "New Delhi"),  # the longest place, not "Delhi"
        # the guide's own group of cities, however it is written
        ("how much do leads in tech hubs get paid?", "Major tech hubs"),
        ("lead mlops engineer salary in major tech hubs", "Major tech hubs"),
        ("lead mlops engineer salary remote", "Remote"),
        # words that are no place stay part of the role
        ("lead mlops engineer platform", None),
        ("what do lead mlops engineers earn these days", None),
    ],
)
def test_places_are_read_from_the_query(table, text, location):
    assert parse_salary_query(text, table).location == location


def test_levels_compared_in_the_plural_are_levels_not_a_role(table):
    query = parse_salary_query("do leads earn more than seniors?", table)
    assert (query.levels, query.role_words) == (["senior", "lead"], "")


def test_a_place_after_the_role_is_not_taken_for_part_of_the_role(table):
    query = parse_salary_query("pastry chef austin", table)
    assert (query.role_words, query.location) == ("pastry chef", "Austin")
    # a place alone names no role, so it is not read as one either way
    assert parse_salary_query("austin", table).location is None


def test_location_option_overrides_the_query(table):
    query = parse_salary_query("lead mlops in Austin", table, location="nyc")
    assert query.location == "New York"
    bare = parse_salary_query("lead mlops engineer austin", table, location="nyc")
    assert bare.location == "New York"


def test_an_unknown_role_keeps_its_words_for_the_reply(table):
    query = parse_salary_query("how much does a pastry chef make in Paris?", table)
    assert query.families == []
    assert query.role_words == "pastry chef"


@pytest.mark.parametrize(
    ("wanted", "location", "matches"),
    [
        ("New York", "Major tech hubs (e.g., New York, NY)", True),
        # a curator may write a table location in shorthand
        ("New York", "Major tech hubs (e.g., NYC)", True),
        ("San Francisco", "SF Bay Area", True),
        ("Seattle", "Major tech hubs (e.g., NYC)", False),
        ("New York", None, False),
    ],
)
def test_a_table_location_covers_the_place_asked_for_however_it_is_written(
    wanted: str, location: str | None, matches: bool
) -> None:
    assert place_matches(wanted, location) is matches


@pytest.mark.parametrize(
    ("text", "level"),
    [("Sr.", "senior"), ("mid level", "mid-level"), ("junior or senior", None), ("mlops", None)],
)
def test_a_level_option_names_one_level_or_none(text: str, level: str | None) -> None:
    """What `rolebot jd --level` accepts: exactly one level, however it is written."""
    assert canonical_level(text) == level


def test_how_many_and_how_rough_are_not_part_of_the_role(table):
    query = parse_salary_query("what's a realistic salary budget for two leads?", table)
    assert (query.levels, query.role_words) == (["lead"], "")
