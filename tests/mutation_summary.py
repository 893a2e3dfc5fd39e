"""Kill rate per mutated module after ``mutmut run`` (``make mutation`` prints this).

Reads mutmut's own result files (``mutants/**/*.py.meta``) and its exit-code meanings.
A mutant counts as killed when a test failed on it or it ran out of time (an endless
loop, or a test waiting for a reply that never comes); "no tests" counts as surviving,
since nothing would notice it. The rate is over the mutants checked so far.

    python -m tests.mutation_summary [--survivors]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

KILLED = {"killed", "timeout", "caught by type check", "segfault"}
TARGET = 0.85


def results(root: Path) -> dict[str, dict[str, str]]:
    """module path -> {mutant name: status}."""
    found: dict[str, dict[str, str]] = {}
    for meta in sorted(root.rglob("*.py.meta")):
        module = str(meta.relative_to(root)).removesuffix(".meta")
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        found[module] = {name: status_by_exit_code[code] for name, code in codes.items()}
    return found


def main(argv: list[str]) -> int:
    by_module = results(Path("mutants"))
    if not by_module:
        print("no mutmut results under mutants/; run `make mutation` first", file=sys.stderr)
        return 1
    print(
        f"{'module':<34}{'mutants':>8}{'checked':>8}{'killed':>8}{'survived':>9}"
        f"{'no tests':>9}{'rate':>7}"
    )
    total: Counter[str] = Counter()
    for module, statuses in by_module.items():
        if not statuses:
            continue
        counts = Counter(statuses.values())
        total.update(counts)
        print(_row(module, counts))
    print(_row("total", total))
    if "--survivors" in argv:
        for statuses in by_module.values():
            for name, status in statuses.items():
                if status not in KILLED and status != "not checked":
                    print(f"  {status:<12} {name}")
    return 0


def _row(name: str, counts: Counter[str]) -> str:
    checked = sum(n for status, n in counts.items() if status != "not checked")
    killed = sum(counts[s] for s in KILLED)
    rate = killed / checked if checked else 0.0
    mark = "" if rate >= TARGET else f"  (< {TARGET:.0%})"
    return (
        f"{name:<34}{sum(counts.values()):>8}{checked:>8}{killed:>8}{counts['survived']:>9}"
        f"{counts['no tests']:>9}{rate:>7.1%}{mark}"
    )


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
