"""Routing accuracy over ``eval/routing.yaml``, reported by ``rolebot eval``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

import yaml

from bot.errors import EvalFileError
from bot.models import Intent
from bot.routing import route

INTENTS: tuple[str, ...] = get_args(Intent)


@dataclass(frozen=True)
class RoutingCase:
    """A message and the intent it should be routed to."""

    text: str
    intent: str


def load_routing_cases(path: Path) -> list[RoutingCase]:
    """Read ``cases: [{text, intent, why?}]``, rejecting unknown intents by case number."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise EvalFileError(f"{path}: cannot be read ({exc.strerror}).") from None
    except yaml.YAMLError:
        raise EvalFileError(f"{path}: is not valid YAML.") from None
    entries = raw.get("cases") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries:
        raise EvalFileError(f"{path}: must have a non-empty 'cases' list.")
    cases = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
            raise EvalFileError(f"{path}: case {number} needs 'text' and 'intent'.")
        if entry.get("intent") not in INTENTS:
            raise EvalFileError(
                f"{path}: case {number} has intent {entry.get('intent')!r}; "
                f"use one of {', '.join(INTENTS)}."
            )
        cases.append(RoutingCase(entry["text"], entry["intent"]))
    return cases


def routing_accuracy(cases_path: Path, known_roles: Sequence[str]) -> tuple[float, list[str]]:
    """Share of cases routed to their expected intent, and one line per miss."""
    cases = load_routing_cases(cases_path)
    failures = []
    for case in cases:
        got = route(case.text, known_roles).intent
        if got != case.intent:
            failures.append(f"{case.text!r}: expected {case.intent}, got {got}")
    return (len(cases) - len(failures)) / len(cases), failures
