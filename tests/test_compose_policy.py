"""The rules an extractive answer is composed by, on a small designed guide whose units are
scored by hand: how many facts, how many characters, a short list quoted whole, a
challenge quoted with its solution, different figures shown side by side, and sources
numbered in the order their lines are shown.

The end-to-end tests ask real questions of the real guide; these pin each rule at its
edge, where a real question rarely sits.
"""

from __future__ import annotations

import pytest

from bot.answering.compose import FACT_BUDGET, LIST_BUDGET, MAX_FACTS, Composed, Composer
from bot.index.vector import IndexInfo
from bot.knowledge.chunking import Chunk, chunk_documents, units_of_documents
from bot.knowledge.documents import load_document
from bot.knowledge.roles import CoveredRoles
from bot.retrieval.hybrid import Hit, Retrieval, Snapshot
from bot.retrieval.units import ScoredUnit, UnitIndex

LONG_A = "Keep a written runbook for every pipeline " + "with its owners and alerts " * 13
LONG_B = "Review every model release with its data owners " + "and its consumers " * 17
SHORT = ("apples", "bananas", "cherries", "dates", "figs", "grapes")

# The guide's first list, as an overview shows it: 300 + 300 + 250 + 30 characters.
GLANCE = ["a" * 299 + ".", "b" * 299 + ".", "c" * 249 + ".", "Short closing line, thirty ch."]

# Two short lists of long lines: two of each fit the fact budget, and the slack for quoting
# a short list whole completes only one of them.
# Unlabelled lines ("Kit one spanner …", not "Kit one: …"): a short list of labelled lines
# names one subject per line and is never completed.
KIT = ["Kit one " + "spanner " * 17, "Kit two " + "wrench " * 20, "Kit three " + "hammer " * 27]
CREW = [
    "Crew one " + "rigger " * 20,
    "Crew two " + "fitter " * 20,
    "Crew three " + "welder " * 27,
]

GUIDE = f"""# Widget Wrangler

Widget Wranglers look after widgets.

## At a glance

- {GLANCE[0]}
- {GLANCE[1]}
- {GLANCE[2]}
- {GLANCE[3]}

## Duties

- Alpha duty comes first
- Beta duty comes second
- Gamma duty comes third

## Hazards

### Drift

- Challenge: Widgets degrade over time
- Solution: Recalibrate widgets every quarter

## Experience

- Minimum 2-5 years of widget experience

## Overview

- Total experience of 7-9 years of widget experience

## Warranty

- A warranty lasts 3 years

## Habits

- {LONG_A.strip()}
- {LONG_B.strip()}
- Short habit apples
- Short habit bananas
- Short habit cherries
- Short habit dates
- Short habit figs
- Short habit grapes

## Upkeep

Good upkeep needs a combination of tools, timing, and care.

### Tools

- Oil every gear monthly
- Keep spare springs

### Timing

- Inspect before every shift

## Outlook

Widget demand is strong and still growing.

### Regions

- Northern plants buy most widgets

### Buyers

- Toy makers buy the rest

## Kit

- {KIT[0].strip()}
- {KIT[1].strip()}
- {KIT[2].strip()}

## Crew

- {CREW[0].strip()}
- {CREW[1].strip()}
- {CREW[2].strip()}
"""


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> tuple[Snapshot, list[Chunk]]:
    path = tmp_path_factory.mktemp("guide") / "widget-wrangler.md"
    path.write_text(GUIDE, encoding="utf-8")
    doc = load_document(path, path.parent)
    chunks = chunk_documents([doc])
    units = units_of_documents([doc])
    sections: dict[str, list[Chunk]] = {}
    for chunk in chunks:
        sections.setdefault(chunk.section_key, []).append(chunk)
    snapshot = Snapshot(
        info=IndexInfo("test", "none", 2, len(chunks), "now"),
        store=None,  # type: ignore[arg-type]  # never read by the composer
        chunks={c.id: c for c in chunks},
        bm25=None,
        order=[c.id for c in chunks],
        sections=sections,
        units=UnitIndex(units, [[1.0, 0.0]] * len(units)),
        roles=CoveredRoles(names=("Widget Wrangler",)),
    )
    return snapshot, units


def compose(
    guide: tuple[Snapshot, list[Chunk]], question: str, scores: dict[str, float]
) -> Composed:
    """Compose with every unit whose text starts with a key of ``scores`` scored so, the
    rest at 0.1; each section's own similarity is half its best unit's score."""
    snapshot, units = guide
    scored = []
    for unit in units:
        score = next((s for start, s in scores.items() if unit.text.startswith(start)), 0.1)
        scored.append(ScoredUnit(unit, score, 0.0, 0.0, score))
    scored.sort(key=lambda s: (-s.score, s.unit.position))
    best: dict[str, float] = {}
    for s in scored:
        best.setdefault(s.unit.section_key, s.score)
    hits = [
        Hit(chunk, best.get(chunk.section_key, 0.0) / 2, 0.0, 0.0)
        for chunk in snapshot.chunks.values()
    ]
    composed = Composer(snapshot).compose(question, Retrieval(question, hits, scored, {}))
    assert composed is not None
    return composed


def quoted(composed: Composed) -> list[str]:
    """The lines quoted from the guide (list lines and cited lead lines)."""
    return [
        line.removeprefix("- ").rsplit(" [", 1)[0]
        for line in composed.text.splitlines()
        if line.startswith("- ") or (line.endswith("]") and not line.endswith(":"))
    ]


def test_a_short_list_two_of_whose_lines_answer_is_quoted_whole(guide) -> None:
    answer = compose(guide, "tell me about alpha and beta", {"Alpha": 1.0, "Beta": 0.95})
    assert quoted(answer) == [
        "Alpha duty comes first",
        "Beta duty comes second",
        "Gamma duty comes third",
    ]


def test_one_line_of_a_short_list_is_quoted_alone(guide) -> None:
    answer = compose(guide, "tell me about alpha", {"Alpha": 1.0})
    assert quoted(answer) == ["Alpha duty comes first"]


def test_a_challenge_is_quoted_with_its_solution(guide) -> None:
    answer = compose(guide, "tell me about degrading widgets", {"Challenge": 1.0})
    assert quoted(answer) == [
        "Challenge: Widgets degrade over time",
        "Solution: Recalibrate widgets every quarter",
    ]


@pytest.mark.parametrize("solution", [0.1, 0.95])
def test_a_yes_no_answer_leading_with_a_challenge_adds_its_solution_once(
    guide, solution: float
) -> None:
    answer = compose(guide, "is drift a problem?", {"Challenge": 1.0, "Solution": solution})
    lines = answer.text.splitlines()
    assert lines[0] == "Challenge: Widgets degrade over time [1]"
    assert quoted(answer).count("Solution: Recalibrate widgets every quarter") == 1
    assert answer.units[0] == next(u.id for u in guide[1] if u.text.startswith("Challenge"))


def test_at_most_max_facts_lines_are_quoted(guide) -> None:
    short = {f"Short habit {n}": 1.0 for n in SHORT}
    many = {**short, "Alpha": 1.0, "Minimum": 1.0, "Total": 1.0}
    assert len(quoted(compose(guide, "tell me about habits", many))) == MAX_FACTS
    # a lead line counts as one of them
    led = compose(guide, "is it all habits?", many)
    assert len(quoted(led)) == MAX_FACTS


def test_a_long_fact_over_budget_is_skipped_and_shorter_ones_still_fit(guide) -> None:
    scores = {"Keep a written": 1.0, "Review every": 0.99, "Short habit apples": 0.98}
    assert len(LONG_A.strip()) + len(LONG_B.strip()) > FACT_BUDGET
    assert len(LONG_A.strip()) + len("Short habit apples") <= FACT_BUDGET
    assert quoted(compose(guide, "tell me about habits", scores)) == [
        LONG_A.strip(),
        "Short habit apples",
    ]


def test_a_lead_line_uses_up_the_budget_too(guide) -> None:
    # The first fact after a lead is always quoted; the lead's length counts for the rest.
    scores = {"Keep a written": 1.0, "Review every": 0.99, "Short habit apples": 0.98}
    led = compose(guide, "is a runbook needed?", scores)
    assert quoted(led) == [LONG_A.strip(), LONG_B.strip()]


def test_different_figures_for_the_same_thing_are_shown_with_a_note(guide) -> None:
    answer = compose(guide, "how many years of experience?", {"Minimum": 1.0, "Total": 0.5})
    assert quoted(answer)[0] == "Minimum 2-5 years of widget experience"
    assert "Total experience of 7-9 years of widget experience" in quoted(answer)
    assert answer.text.splitlines()[-1] == (
        "Note: Experience and Overview give different figures for this."
    )
    assert [s.section for s in answer.sources] == ["Experience", "Overview"]


def test_a_different_figure_already_quoted_is_noted_not_repeated(guide) -> None:
    answer = compose(guide, "how many years of experience?", {"Minimum": 1.0, "Total": 0.95})
    assert quoted(answer).count("Total experience of 7-9 years of widget experience") == 1
    assert "give different figures for this." in answer.text


def test_figures_for_different_things_are_no_disagreement(guide) -> None:
    # "3 years" of warranty is a duration too, but says nothing about experience
    answer = compose(guide, "how many years?", {"Minimum": 1.0, "A warranty": 0.9, "Total": 0.0})
    assert quoted(answer)[:2] == [
        "Minimum 2-5 years of widget experience",
        "A warranty lasts 3 years",
    ]
    assert "different figures" not in answer.text


def test_sources_are_numbered_in_the_order_their_lines_are_shown(guide) -> None:
    answer = compose(guide, "tell me about alpha and drift", {"Challenge": 1.0, "Alpha": 0.9})
    assert [(s.n, s.section) for s in answer.sources] == [
        (1, "Hazards › Drift"),
        (2, "Duties"),
    ]
    # a source's score is its section's similarity, not its best line's
    assert answer.sources[0].score == 0.5 and answer.sources[1].score == 0.45
    assert answer.sources[0].text.startswith("- Challenge: Widgets degrade over time")
    assert "Drift [1]:" in answer.text and "Duties [2]:" in answer.text


def test_a_number_question_leads_with_the_best_line_that_has_a_number(guide) -> None:
    scores = {"Alpha": 1.0, "Minimum": 0.9, "Total": 0.8}
    answer = compose(guide, "how many years of experience?", scores)
    assert answer.text.splitlines()[0] == "Minimum 2-5 years of widget experience [1]"


def test_a_choice_neither_line_holds_both_of_leads_with_the_best_line_naming_one(guide) -> None:
    scores = {"Beta": 1.0, "Gamma": 0.9, "Alpha": 0.8}
    answer = compose(guide, "alpha or gamma?", scores)
    assert answer.text.splitlines()[0] == "Gamma duty comes third [1]"


def test_a_score_is_reported_to_four_places(guide) -> None:
    answer = compose(guide, "tell me about alpha", {"Alpha": 0.912345 * 2})
    assert answer.sources[0].score == 0.9123


def test_asking_what_the_role_does_shows_its_opening_and_as_much_of_its_first_list_as_fits(
    guide,
) -> None:
    answer = compose(guide, "what does a widget wrangler do?", {})
    opening = "Widget Wranglers look after widgets."
    assert answer.text.splitlines()[0] == f"{opening} [1]"
    # all four are 880 characters, three 850: over the list budget less the opening, so the
    # list is cut from its end, but never below two lines
    assert len(opening) + 850 > LIST_BUDGET >= len(opening) + 600
    assert quoted(answer)[1:] == GLANCE[:2]


def test_the_guide_parses_into_the_sections_the_tests_assume(guide) -> None:
    _, units = guide
    assert {u.section for u in units} >= {"Duties", "Hazards › Drift", "Experience", "Habits"}
    assert sum(u.section == "Habits" for u in units) == 8
    assert sum(u.section == "Warranty" for u in units) == 1


def test_a_summary_sentence_matched_alone_is_shown_with_the_parts_it_sums_up(guide) -> None:
    answer = compose(guide, "how do I keep widgets going?", {"Good upkeep": 1.0})
    assert answer.text.splitlines() == [
        "Good upkeep needs a combination of tools, timing, and care. [1]",
        "Upkeep [1]:",
        "- Tools: Oil every gear monthly; Keep spare springs",
        "- Timing: Inspect before every shift",
    ]
    assert [s.section for s in answer.sources] == ["Upkeep"]
    assert "Good upkeep needs a combination" in answer.sources[0].text


def test_a_summary_naming_the_parts_gives_way_to_a_part_quoted_beside_it(guide) -> None:
    answer = compose(guide, "how do I oil gears?", {"Good upkeep": 1.0, "Oil every": 0.9})
    assert "Oil every gear monthly" in quoted(answer)
    assert not any(line.startswith("Good upkeep") for line in quoted(answer))


def test_a_summary_stating_something_stays_beside_a_part(guide) -> None:
    answer = compose(guide, "who buys widgets?", {"Widget demand": 1.0, "Northern": 0.9})
    assert "Widget demand is strong and still growing." in quoted(answer)
    assert "Northern plants buy most widgets" in quoted(answer)


@pytest.mark.parametrize("kit_first", [True, False])
def test_of_two_short_lists_quoted_in_part_the_better_one_is_completed(
    guide, kit_first: bool
) -> None:
    # Which list gets the slack must not depend on the order of a set of strings, which
    # changes from one run of the interpreter to the next: asked both ways round, one of
    # the two cases would get the other list.
    kit, crew = [line.strip() for line in KIT], [line.strip() for line in CREW]
    assert sum(map(len, kit[:2] + crew[:2])) <= FACT_BUDGET
    better, worse = ("Kit", "Crew") if kit_first else ("Crew", "Kit")
    scores = {f"{better} one": 1.0, f"{worse} one": 0.98, f"{better} two": 0.96}
    scores[f"{worse} two"] = 0.94
    shown = quoted(compose(guide, "what kit and crew?", scores))
    assert shown == ([*kit, *crew[:2]] if kit_first else [*crew, *kit[:2]])
