"""The salary table: ``knowledge/salaries.yaml`` loaded, validated and checked against its sources.

Every figure must appear in the Markdown section it cites, so the table and the knowledge
cannot drift apart unnoticed: a mismatch stops the load with the file, row and figure named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import KnowledgeError, SalaryTableError
from bot.knowledge.documents import (
    DEFAULT_MAX_FILE_BYTES,
    Document,
    Section,
    check_inside,
    parse_plain_yaml,
    read_knowledge_bytes,
)
from bot.models import SalaryFigure, SourceRef
from bot.salary.phrases import LEVELS, has_phrase, normalize

SALARY_TABLE_FILE = "salaries.yaml"
STATISTICS = ("range", "typical range", "estimate bounds", "average", "median", "upper bound")
_REQUIRED = ("role", "statistic", "label", "low", "high", "currency", "period", "source")


@dataclass(frozen=True)
class RoleFamily:
    """A role as people name it in questions: "MLOps Engineer" is "mlops", "ML Ops", ..."""

    name: str
    aliases: tuple[str, ...]

    def named_in(self, text: str) -> bool:
        return any(has_phrase(text, alias) for alias in (self.name, *self.aliases))


@dataclass(frozen=True)
class SalaryRow:
    """One figure with what a lookup needs beyond the reply type: its family, statistic, caveat."""

    figure: SalaryFigure
    family: str
    statistic: str
    note: str | None


@dataclass(frozen=True)
class SalaryTable:
    """All salary figures in table order, and the role families they belong to."""

    families: tuple[RoleFamily, ...]
    rows: tuple[SalaryRow, ...]

    def role_names(self) -> list[str]:
        """Distinct job titles with figures, in table order."""
        return list(dict.fromkeys(row.figure.role for row in self.rows))

    def role_terms(self) -> list[str]:
        """Every name and alias a user may use for a role here (for intent routing)."""
        terms = [*self.role_names()]
        for family in self.families:
            terms += [family.name, *family.aliases]
        return list(dict.fromkeys(terms))

    def families_named_in(self, text: str) -> list[RoleFamily]:
        return [family for family in self.families if family.named_in(text)]

    def guide_title(self) -> str | None:
        """The role a question that names none is about: the title of the only document the
        figures come from ("Lead MLOps Engineer"), when a role family names it. None when
        figures come from several guides: then the user is asked which role."""
        titles = {row.figure.source.title for row in self.rows}
        if len(titles) != 1:
            return None
        (title,) = titles
        return title if self.families_named_in(title) else None


def _dollars(amount: int) -> str:
    return f"${amount:,}"


def _section_text(section: Section) -> str:
    return "\n".join(block.text for block in section.blocks)


class _RowReader:
    """Validates one row, producing errors that name the file and the row."""

    def __init__(self, shown: str, index: int, raw: Any) -> None:
        self.where = f"{shown}: figure {index}"
        if not isinstance(raw, dict):
            raise SalaryTableError(f"{self.where} must be a mapping of 'key: value' lines.")
        self.raw = raw
        role = raw.get("role")
        if isinstance(role, str) and role.strip():
            self.where += f" ({role.strip()})"

    def fail(self, message: str) -> SalaryTableError:
        return SalaryTableError(f"{self.where}: {message}")

    def text(self, key: str, *, optional: bool = False) -> str | None:
        value = self.raw.get(key)
        if value is None and optional:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"'{key}' must be non-empty text.")
        return value.strip()

    def dollars(self, key: str) -> int:
        value = self.raw.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self.fail(f"'{key}' must be a whole number of dollars, like 165000.")
        return value


def _read_row(
    reader: _RowReader, families: Sequence[RoleFamily], documents: Sequence[Document]
) -> SalaryRow:
    missing = [key for key in _REQUIRED if key not in reader.raw]
    if missing:
        raise reader.fail(f"is missing {', '.join(repr(k) for k in missing)}.")
    role = reader.text("role") or ""
    level = reader.text("level", optional=True)
    if level is not None and level not in LEVELS:
        raise reader.fail(f"level '{level}' is not one of {', '.join(LEVELS)} (or null).")
    statistic = reader.text("statistic") or ""
    if statistic not in STATISTICS:
        raise reader.fail(f"statistic '{statistic}' is not one of {', '.join(STATISTICS)}.")
    low, high = reader.dollars("low"), reader.dollars("high")
    if low > high:
        raise reader.fail(f"low ({low}) is greater than high ({high}).")
    year = reader.raw.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        raise reader.fail("'year' must be a year like 2024, or null.")
    matching = [f for f in families if f.named_in(role)]
    if len(matching) != 1:
        raise reader.fail(
            f"role '{role}' must contain the name or an alias of exactly one entry under 'roles'."
        )
    source = reader.raw.get("source")
    if not isinstance(source, dict):
        raise reader.fail("'source' must have 'document' and 'section'.")
    figure_source = _check_source(reader, source, documents, low, high)
    figure = SalaryFigure(
        role=role,
        level=level,
        location=reader.text("location", optional=True),
        label=reader.text("label") or "",
        low=low,
        high=high,
        currency=reader.text("currency") or "",
        period=reader.text("period") or "",
        year=year,
        source=figure_source,
    )
    return SalaryRow(figure, matching[0].name, statistic, reader.text("note", optional=True))


def _check_source(
    reader: _RowReader, source: dict[str, Any], documents: Sequence[Document], low: int, high: int
) -> SourceRef:
    document_name, section_name = source.get("document"), source.get("section")
    if not isinstance(document_name, str) or not isinstance(section_name, str):
        raise reader.fail("'source' must have 'document' and 'section' as text.")
    document = next((d for d in documents if Path(d.path).name == document_name), None)
    if document is None:
        raise reader.fail(f"source document '{document_name}' is not in the knowledge base.")
    section = next((s for s in document.sections if s.name == section_name), None)
    if section is None:
        raise reader.fail(f"'{document_name}' has no section '{section_name}'.")
    text = _section_text(section)
    for amount in dict.fromkeys((low, high)):
        if _dollars(amount) not in text:
            raise reader.fail(
                f"{_dollars(amount)} does not appear in {document_name} › {section_name}; "
                "the table must copy the knowledge's figures exactly."
            )
    return SourceRef(title=document.title, section=section_name, path=document.path)


def _read_families(shown: str, raw: Any) -> tuple[RoleFamily, ...]:
    if not isinstance(raw, list) or not raw:
        raise SalaryTableError(f"{shown}: 'roles' must list at least one role with its aliases.")
    families = []
    for entry in raw:
        name = entry.get("name") if isinstance(entry, dict) else None
        aliases = entry.get("aliases", []) if isinstance(entry, dict) else None
        if not isinstance(name, str) or not name.strip() or not isinstance(aliases, list):
            raise SalaryTableError(f"{shown}: each entry under 'roles' needs a name and aliases.")
        cleaned = tuple(str(a) for a in aliases if normalize(str(a)))
        families.append(RoleFamily(name.strip(), cleaned))
    return tuple(families)


def load_salary_table(
    path: Path,
    documents: Sequence[Document],
    *,
    max_bytes: int = DEFAULT_MAX_FILE_BYTES,
) -> SalaryTable:
    """Read and validate the table; raise :class:`SalaryTableError` naming the file and row.

    ``documents`` are the loaded knowledge files: each figure is checked against the section
    it cites, and takes that document's title as its source title. The file gets the same
    guards as a Markdown file: a size limit, no link out of its directory, no YAML aliases.
    """
    shown = str(path)
    if not path.exists():
        raise SalaryTableError(f"{path}: the salary table does not exist.")
    try:
        check_inside(path.parent, [path])
        raw_bytes = read_knowledge_bytes(path, shown, max_bytes)
        raw = parse_plain_yaml(raw_bytes.decode("utf-8"), f"{shown}:", error=SalaryTableError)
    except UnicodeDecodeError as exc:
        raise SalaryTableError(
            f"{shown}: is not valid UTF-8 (bad byte at offset {exc.start})."
        ) from None
    except SalaryTableError:
        raise
    except KnowledgeError as exc:
        raise SalaryTableError(str(exc)) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("figures"), list):
        raise SalaryTableError(f"{shown}: must have a 'roles' list and a 'figures' list.")
    families = _read_families(shown, raw.get("roles"))
    rows = tuple(
        _read_row(_RowReader(shown, i, row), families, documents)
        for i, row in enumerate(raw["figures"], 1)
    )
    return SalaryTable(families=families, rows=rows)
