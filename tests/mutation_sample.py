"""A fixed random share of every mutated module's mutants, for ``make mutation-sample``.

The full run (``make mutation``) takes two to three hours on two cores; a quarter of each
module's mutants, drawn with a fixed seed so two runs check the same ones, estimates each
module's kill rate in under an hour. Prints mutant names, one per line, for ``mutmut run``.

    python -m tests.mutation_sample [share] [seed]

Generates the mutants first when ``mutants/`` has none.
"""

from __future__ import annotations

import random
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

# Every mutant of a module this small is checked: a quarter of 30 says little.
MIN_PER_MODULE = 30


def generate(jobs: int) -> None:
    """Have mutmut write its mutants (and time the tests) without running any mutant.

    mutmut has no command that only generates; ``run`` with a name that matches nothing
    generates everything, then stops, saying nothing matched."""
    if any(Path("mutants").rglob("*.py.meta")):
        return
    done = subprocess.run(
        [sys.executable, "-m", "mutmut", "run", "--max-children", str(jobs), "no-such-mutant"],
        capture_output=True,
        text=True,
    )
    if not any(Path("mutants").rglob("*.py.meta")):
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit("mutmut generated no mutants (its output is above)")


def mutant_names() -> list[str]:
    """Every mutant mutmut generated (``mutmut results --all true``)."""
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line.split(":", 1)[0].strip() for line in out.splitlines() if "__mutmut_" in line]


def module_of(name: str) -> str:
    """``bot.answering.compose.xǁComposerǁ_fit__mutmut_3`` -> ``bot.answering.compose``."""
    head = name.split("__mutmut_", 1)[0]
    parts = head.split(".")
    return ".".join(parts[:-1])


def sample(names: list[str], share: float, seed: int) -> list[str]:
    by_module: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_module[module_of(name)].append(name)
    rng = random.Random(seed)
    chosen: list[str] = []
    for module in sorted(by_module):
        group = sorted(by_module[module])
        size = max(min(len(group), MIN_PER_MODULE), round(len(group) * share))
        chosen.extend(sorted(rng.sample(group, size)))
    return chosen


def main(argv: list[str]) -> int:
    share = float(argv[0]) if argv else 0.25
    seed = int(argv[1]) if len(argv) > 1 else 2026
    generate(jobs=2)
    print("\n".join(sample(mutant_names(), share, seed)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
