"""Salary lookups: the table's figures for a question, never averaged, rounded or invented.

Differences between sources are shown side by side with a note; a role the table does not
know gets a friendly sentence and the roles it does know, never another role's figure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.models import SalaryResult
from bot.salary.format import describe_role, describe_source, format_amount, format_money
from bot.salary.phrases import (
    EMPLOYER_NAMES,
    LEVELS,
    find_levels,
    has_phrase,
    known_place,
    normalize,
    place_matches,
    remove_phrase,
    unlisted_levels,
)
from bot.salary.query import SalaryQuery, parse_salary_query
from bot.salary.table import SalaryRow, SalaryTable

# Statistics that claim a pay range; two of these for one role from different sections disagree.
_RANGES = {"range", "typical range", "estimate bounds"}


def _join(words: Sequence[str], last: str = "and") -> str:
    items = list(words)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def _level_order(row: SalaryRow) -> int:
    level = row.figure.level
    return -1 if level is None else LEVELS.index(level)


def _unknown_role(query: SalaryQuery, known: list[str]) -> SalaryResult:
    if query.role_words:
        sentence = (
            f"I don't have salary figures for “{query.role_words}”. I can look up: {_join(known)}."
        )
    else:
        sentence = f"Which role do you mean? I have salary figures for: {_join(known)}."
    return SalaryResult(
        query=query.text, found=False, notes=[sentence], known_roles=known, message=sentence
    )


def _by_level(
    rows: list[SalaryRow], query: SalaryQuery, notes: list[str], gaps: list[str], said: list[str]
) -> list[SalaryRow]:
    if not query.levels:
        return rows
    chosen = [r for r in rows if r.figure.level in query.levels]
    missing = [lvl for lvl in query.levels if not any(r.figure.level == lvl for r in rows)]
    if not missing:
        return chosen
    families = _join(query.families)
    general = [r for r in rows if r.figure.level is None]
    if chosen or not general:
        notes.append(f"The knowledge base has no {_join(missing, 'or')} figure for {families}.")
        return chosen
    notes.append(
        f"The knowledge base has no {_join(missing, 'or')} figure for {families}; "
        "these figures are for the role in general, not that level."
    )
    gaps.append(f"has no {_join(missing, 'or')} figure")
    said.append(notes[-1])
    return general


def _by_location(
    rows: list[SalaryRow],
    query: SalaryQuery,
    table: SalaryTable,
    notes: list[str],
    unmatched: list[str],
    gaps: list[str],
    said: list[str],
) -> list[SalaryRow]:
    place = query.location
    if place is None or not rows:
        return rows
    specific = [r for r in rows if place_matches(place, r.figure.location)]
    if specific:
        return specific
    notes.append(
        f"None of these figures is specific to {place}; each is shown with the location "
        "the knowledge gives for it."
    )
    said.append(notes[-1])  # the first line names the place or the levels it has figures for
    # "a junior in the US": the US figures are a senior's, so "no salary figures for US"
    # would be wrong; the level gap already heads the reply.
    other_levels = [
        r.figure.level
        for r in table.rows
        if r.family in query.families and r.figure.level and place_matches(place, r.figure.location)
    ]
    if other_levels:
        shown = place.upper() if len(place) <= 3 else place
        gaps.append(
            f"has {shown} figures only for {_join(list(dict.fromkeys(other_levels)), 'or')}"
        )
    else:
        unmatched.append(place)
    levels = {r.figure.level for r in rows}
    related = [
        r
        for r in table.rows
        if r.family not in query.families
        and r.figure.level in levels
        and place_matches(place, r.figure.location)
    ]
    for row in related:
        fig = row.figure
        notes.append(
            f"Related role, not included above: the knowledge gives {format_amount(fig)} for "
            f"{fig.role} ({fig.label}; {fig.location}; source: {describe_source(fig)})."
        )
    return rows


# "the typical range", "the lower end", "the median": one kind of figure asked for, by the
# words a question uses for it, and the statistics of the table that state it.
_STATISTIC_ASKS: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = (
    (
        re.compile(r"\b(?:typical|typically|usual|usually|normal|standard)\b", re.I),
        frozenset({"typical range"}),
    ),
    (re.compile(r"\bmedian\b", re.I), frozenset({"median"})),
    (re.compile(r"\b(?:average|avg|mean)\b", re.I), frozenset({"average", "median"})),
    (
        re.compile(
            r"\b(?:lower|low|bottom|top|upper|high|higher)\s+end\b|\b(?:minimum|maximum|"
            r"floor|ceiling|starting|lowest|highest)\b",
            re.I,
        ),
        frozenset({"estimate bounds", "upper bound"}),
    ),
)


_YEAR = re.compile(r"\b(?:19[89]\d|20[0-4]\d)\b")
_YEAR_PHRASE = re.compile(rf"\b(?:back\s+)?(?:in\s+|from\s+|for\s+)?{_YEAR.pattern}")


def _without_statistic(text: str) -> str:
    """``text`` without the words that say which figure ("typical", "in 2019"): they name
    no role or place."""
    for asks, _ in _STATISTIC_ASKS:
        text = asks.sub(" ", text)
    text = _YEAR_PHRASE.sub(" ", text)
    return " ".join(text.split())


def statistic_asked(text: str) -> str:
    """The words of ``text`` that ask for one kind of figure ("typical", "the lower end"),
    joined; "" when it asks for none."""
    return " ".join(m.group(0) for asks, _ in _STATISTIC_ASKS for m in asks.finditer(text))


def _by_statistic(
    rows: list[SalaryRow], text: str, notes: list[str], gaps: list[str]
) -> list[SalaryRow]:
    """Only the figures of the kind asked for ("the typical range"), when the knowledge
    states one of that kind; every figure otherwise, saying it has none of that kind
    ("median mlops salary" then "and for a lead?": it has no median for a lead)."""
    for asks, statistics in _STATISTIC_ASKS:
        word = asks.search(text)
        if word is None:
            continue
        chosen = [r for r in rows if r.statistic in statistics]
        if not chosen and rows:
            gaps.append(f"has no {word.group(0).lower()} figure for this role")
            return rows
        # "who earns more on average, a team lead or a senior?": a role or level compared
        # keeps its figures when it has none of that kind, or there is nothing to compare.
        kept = {(r.figure.role, r.figure.level) for r in chosen}
        named = set(find_levels(text))
        chosen = [
            r
            for r in rows
            if r in chosen
            or (r.figure.level in named and (r.figure.role, r.figure.level) not in kept)
        ]
        if chosen and len(chosen) < len(rows):
            hidden = len(rows) - len(chosen)
            notes.append(
                f"Only the figures that answer “{word.group(0).lower()}” are shown; the "
                f"knowledge gives {hidden} more (ask without that word to see "
                f"{'it' if hidden == 1 else 'them'})."
            )
            return chosen
    return rows


_AMOUNT = re.compile(
    r"\$\s?(?P<dollars>\d{2,3}(?:,\d{3})+|\d{4,7})\b|\$?\s?\b(?P<thousands>\d{2,3})\s?k\b|"
    r"\b(?P<plain>\d{3},\d{3})\b",
    re.IGNORECASE,
)


def asked_amount(text: str) -> int | None:
    """An amount of pay written in ``text`` ("200k", "$185,000"), in whole units."""
    match = _AMOUNT.search(text.replace("401k", " ").replace("401(k)", " "))
    if match is None:
        return None
    if match.start() > 0 and text[match.start() - 1] in "£€¥₹":
        # "£120k" is no amount in the dollars the figures are in
        return None
    if match["thousands"]:
        return int(match["thousands"]) * 1000
    return int((match["dollars"] or match["plain"]).replace(",", ""))


# "Senior-level US, up to": the label says what the sentence around it already says.
_CEILING = re.compile(r",?\s*up to$", re.IGNORECASE)


def _side(amount: int, row: SalaryRow) -> str:
    """Where ``amount`` sits against one figure: a ceiling ("Senior-level US, up to
    $180,000") is not a floor, so anything up to it is within."""
    figure = row.figure
    low = 0 if row.statistic == "upper bound" else figure.low
    if amount < low:
        return "below"
    if amount > figure.high:
        return "above"
    return "equal to" if low == figure.high else "within"


def _placed(amount: int, row: SalaryRow) -> str:
    """ "$200,000 is within the Typical range ($190,000–$230,000 a year)."."""
    figure = row.figure
    shown = format_money(amount, figure.currency)
    place = f", {figure.location}" if figure.location else ""
    if row.statistic == "upper bound":
        side = "under" if amount <= figure.high else "over"
        return (
            f"{shown} is {side} the ceiling of the {_CEILING.sub('', figure.label)} figure "
            f"({format_amount(figure)}{place})."
        )
    return f"{shown} is {_side(amount, row)} the {figure.label} ({format_amount(figure)}{place})."


def _mixed(amount: int, rows: list[SalaryRow]) -> bool:
    """Whether ``amount`` sits differently against the figures (or a ceiling is among them,
    whose note says "under the ceiling"): "within all 3 figures" needs no note per figure."""
    sides = {_side(amount, row) for row in rows}
    return len(sides) > 1 or any(r.statistic == "upper bound" for r in rows)


def _verdict(amount: int, rows: list[SalaryRow]) -> str:
    """The answer to "is 150k too low?" in one sentence, for the reply's first line: the
    per-figure sentences are below the table, where a reader of a wide table misses them."""
    if len(rows) == 1:
        return _placed(amount, rows[0])
    shown = format_money(amount, rows[0].figure.currency)
    sides = [_side(amount, row) for row in rows]
    if len(set(sides)) == 1:
        every = "both" if len(rows) == 2 else f"all {len(rows)}"
        return f"{shown} is {sides[0]} {every} figures shown."
    # "$175,000 is below 2 of the 3 figures shown and within 1.": the most first
    order = sorted(dict.fromkeys(sides), key=lambda side: -sides.count(side))
    first, *rest = [f"{side} {sides.count(side)}" for side in order]
    return f"{shown} is {first} of the {len(rows)} figures shown and {_join(rest)}."


def _conflicts(rows: list[SalaryRow]) -> list[str]:
    notes = []
    groups: dict[tuple[str, str | None], list[SalaryRow]] = {}
    for row in rows:
        if row.statistic in _RANGES:
            groups.setdefault((row.figure.role, row.figure.level), []).append(row)
    for (role, _), group in groups.items():
        sections = list(dict.fromkeys(r.figure.source.section for r in group))
        if len(sections) < 2 or len({(r.figure.low, r.figure.high) for r in group}) < 2:
            continue
        # The figures are in the table beside their sources: the note says where they
        # differ, not every amount again (a lead reply ran to 2,000 characters).
        notes.append(
            f"The knowledge base gives different figures for {role} in {_join(sections)}. "
            "Each is shown with its source; none has been averaged."
        )
    return notes


def lookup_salary(table: SalaryTable, text: str, *, location: str | None = None) -> SalaryResult:
    """Figures for the role, level and place in ``text`` (``location`` overrides the text's)."""
    # "the lower end", "typical" say which figure, not which role
    query = parse_salary_query(_without_statistic(text), table, location=location)
    known = table.role_names()
    notes: list[str] = []
    guide = table.guide_title()
    if not query.families and not query.role_words and guide is not None:
        # "what's a typical salary range?" asked of one role's guide is about that role;
        # "…for a senior?" about that level of its family.
        family = table.families_named_in(guide)[0].name
        # A rung is part of the title the note names: "Senior MLOps Engineer".
        rungs = [level.title() for level in query.levels]
        role = f"{_join(rungs, 'or')} {family}" if rungs else guide
        query = parse_salary_query(f"{role} {text}", table, location=location)
        if role != guide or not rungs:
            # "how much does a lead make?" asked of the lead's guide named its role in
            # shorthand; "…a senior?" leaves the family to an assumption worth saying.
            notes.append(
                f"No role was named; the knowledge base describes the {guide} role, so this "
                f"looks up {role}."
            )
    if not query.families:
        return _unknown_role(query, known)
    rows = [r for r in table.rows if r.family in query.families]
    named = _titles_named(text, {r.figure.role for r in rows})
    if named and not query.levels and not unlisted_levels(text):
        # "mlops engineer salary": that title's figures, not the lead's and the team lead's
        # of the same family ("lead mlops engineer" names the lead alone)
        rows = [r for r in rows if r.figure.role in named]
    # What the figures shown are not, said in the reply's first line as well as in a note:
    # below a wide table a reader misses "none of these is specific to Denver".
    gaps: list[str] = []
    unmatched: list[str] = []  # the place asked about, when no figure is its own
    said: list[str] = []  # the notes the first line says too (kept for JSON, not shown twice)
    unlisted = unlisted_levels(text)
    if unlisted and not query.levels:
        # "a principal ML engineer": not a level the knowledge has figures for. Of its
        # family, the role the guide describes is the answer (every level's nine figures
        # bury it); another family's figures are all shown.
        own = [r for r in rows if r.figure.role == guide]
        rows = own or rows
        whose = f"{guide}, the role it describes" if own else _join(query.families)
        notes.append(
            f"The knowledge base has no {_join(unlisted, 'or')} level; these are the figures "
            f"it gives for {whose}."
        )
        gaps.append(f"has no {_join(unlisted, 'or')} level")
        said.append(notes[-1])
    rows = _by_level(rows, query, notes, gaps, said)
    rows = _by_location(rows, query, table, notes, unmatched, gaps, said)
    if query.currency:
        notes.append(
            f"The knowledge base gives its figures in US dollars; it has none in "
            f"{query.currency.lower()}."
        )
        gaps.append(f"gives its figures in US dollars, none in {query.currency.lower()}")
        said.append(notes[-1])
    for lacking in _not_in_any_figure(text, query):
        # "how much does Netflix pay…", "the 90th percentile": the figures are the guide's,
        # for no one employer and no percentile; said first, as a place with none is.
        unmatched.insert(0, lacking)
    if not rows:
        message = notes[-1] if notes else "The knowledge base has no figure for that."
        return SalaryResult(
            query=text, found=False, notes=notes, known_roles=known, message=message
        )
    rows.sort(key=_level_order)
    rows = _by_statistic(rows, text, notes, gaps)
    year = _YEAR.search(text)
    if year and not any(r.figure.year == int(year.group(0)) for r in rows):
        # "lead mlops pay back in 2019": the figures are of other years, or undated
        notes.append(
            f"The knowledge base has no figure from {year.group(0)}; each is shown with the "
            "year it gives, if any."
        )
        gaps.append(f"has no figure from {year.group(0)}")
        said.append(notes[-1])
    offered = asked_amount(text)
    if offered is not None and _mixed(offered, rows):
        # "is 175k a fair offer?": where that amount sits against each figure shown, when
        # the first line's verdict ("below 2 of the 3 figures and within 1") leaves it open.
        notes[:0] = [_placed(offered, r) for r in rows]
    notes += _conflicts(rows)
    notes += [f"{r.figure.role} ({r.figure.label}): {r.note}" for r in rows if r.note]
    roles = _join(list(dict.fromkeys(r.figure.role for r in rows)))
    first = _verdict(offered, rows) if offered else _end_asked(text, rows)
    if not first and asks_which_pays_more(text):
        # "how much more does a lead make vs a senior?": the two central figures side by side
        first = _pays_more(rows)
    if not first and not unmatched and not gaps:
        # "how much does a lead make?": the guide's typical figure answers, the rest follow
        typical = _typical(rows)
        if typical is not None:
            rows = [typical, *(r for r in rows if r is not typical)]
            first = _said_typical(typical)
    return SalaryResult(
        query=text,
        found=True,
        ranges=[r.figure for r in rows],
        notes=notes,
        known_roles=known,
        message=_headline(roles, unmatched, gaps, first),
        headlined=said,
    )


_PAYS_MORE = re.compile(
    r"\b(?:which|who)\s+(?:one\s+)?(?:pays|earns|makes|gets\s+paid)\s+more\b|\bhow\s+much\s+more\b|"
    r"\bpay\s+(?:difference|gap)\b|\b(?:difference|gap)\s+in\s+(?:pay|salary|salaries)\b",
    re.IGNORECASE,
)


def asks_which_pays_more(text: str) -> bool:
    """Whether ``text`` asks which of two roles or levels is paid more."""
    return _PAYS_MORE.search(text) is not None


def _pays_more(rows: list[SalaryRow]) -> str:
    """ "Lead MLOps Engineer: $190,000–$230,000 a year (Typical range) against MLOps Engineer
    (senior): $172,820–$180,000 a year (US range for senior roles)." for two roles or levels,
    the higher first; "" unless exactly two are shown. Each side's figure is the one the
    knowledge calls typical, else its first range."""
    groups: dict[tuple[str, str | None], list[SalaryRow]] = {}
    for row in rows:
        groups.setdefault((row.figure.role, row.figure.level), []).append(row)
    if len(groups) != 2:
        return ""

    def central(group: list[SalaryRow]) -> SalaryRow:
        for kind in ("typical range", "range", "median", "average"):
            found = [r for r in group if r.statistic == kind]
            if found:
                return found[0]
        return group[0]

    a, b = (central(g) for g in groups.values())
    high, low = sorted((a, b), key=lambda r: -(r.figure.low + r.figure.high))
    return (
        f"Higher: {describe_role(high.figure)}, {format_amount(high.figure)} "
        f"({high.figure.label}), against {describe_role(low.figure)}, "
        f"{format_amount(low.figure)} ({low.figure.label})."
    )


def _typical(rows: list[SalaryRow]) -> SalaryRow | None:
    """The one figure the knowledge calls typical, of a lookup showing one role's several
    figures; None otherwise (one figure needs no headline, two roles' have no one answer)."""
    if len(rows) < 2 or len({r.figure.role for r in rows}) > 1:
        return None
    typical = [r for r in rows if r.statistic == "typical range"]
    return typical[0] if len(typical) == 1 else None


def _said_typical(row: SalaryRow) -> str:
    """ "Typical range: $190,000–$230,000 a year (US, 2024)." """
    figure = row.figure
    where = ", ".join(str(x) for x in (figure.location, figure.year) if x)
    return f"{figure.label}: {format_amount(figure)}" + (f" ({where})." if where else ".")


_TOP_END = re.compile(
    r"\b(?:top|upper|high|higher)\s+end\b|\b(?:maximum|ceiling|max|highest|most)\b|"
    r"\btop\s+of\s+(?:the\s+)?(?:range|band|scale)\b",
    re.IGNORECASE,
)
_LOW_END = re.compile(
    r"\b(?:lower|low|bottom)\s+end\b|\b(?:minimum|floor|min|starting|lowest|least)\b|"
    r"\bbottom\s+of\s+(?:the\s+)?(?:range|band|scale)\b",
    re.IGNORECASE,
)


def _end_asked(text: str, rows: list[SalaryRow]) -> str:
    """ "just the top end": that end of each range shown, said first ("Upper end: $244,210 a
    year (Estimated range …)"); "" when no end is asked for."""
    top, low = bool(_TOP_END.search(text)), bool(_LOW_END.search(text))
    if top == low:
        return ""
    labels: dict[str, list[str]] = {}  # one amount once, with every figure that gives it
    values: dict[str, int] = {}
    for r in rows:
        if r.figure.low != r.figure.high or (top and r.statistic == "upper bound"):
            value = r.figure.high if top else r.figure.low
            amount = f"{format_money(value, r.figure.currency)} a {r.figure.period}"
            labels.setdefault(amount, []).append(r.figure.label)
            values[amount] = value
    if not labels:
        return ""
    # the end asked for first: the highest top, the lowest bottom
    order = sorted(labels, key=lambda amount: -values[amount] if top else values[amount])
    ends = [f"{amount} ({'; '.join(labels[amount])})" for amount in order]
    return f"{'Upper' if top else 'Lower'} end: {_join(ends, 'or')}."


_EMPLOYER_ASKED = re.compile(
    rf"\b(?P<known>{EMPLOYER_NAMES})\b(?!\s+cloud\b)|\bat\s+(?P<named>[A-Z][a-zA-Z]+)\b",
    re.IGNORECASE,
)
_PERCENTILE = re.compile(
    r"\b(?P<n>\d{1,2})(?:st|nd|rd|th)?[\s-]*percentile\b|\bpercentiles?\b|\b[pP](?P<p>\d{2})\b",
    re.IGNORECASE,
)


def _not_in_any_figure(text: str, query: SalaryQuery) -> list[str]:
    """What the question narrows the pay to that no figure is for: one employer ("Netflix"),
    a percentile ("the 90th percentile")."""
    lacking: list[str] = []
    for match in _EMPLOYER_ASKED.finditer(text):
        name = match["known"] or match["named"]
        if (
            match["named"]
            and not re.fullmatch(EMPLOYER_NAMES, name, re.IGNORECASE)
            and (
                not match["named"][0].isupper()
                or known_place(name) is not None
                or find_levels(name)
                or (query.location and name.lower() in query.location.lower())
            )
        ):
            continue  # "at Seattle" is a place, "at Senior level" a rung, "at scale" no name
        shown = name if any(c.isupper() for c in name) else name.capitalize()
        lacking.append(shown if len(shown) > 3 else shown.upper())
        break
    percentile = _PERCENTILE.search(text)
    if percentile:
        n = percentile["n"] or percentile["p"]
        lacking.append(f"the {_ordinal(int(n))} percentile" if n else "percentiles")
    return lacking


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _titles_named(text: str, titles: set[str]) -> set[str]:
    """The job titles ``text`` names in full, a longer one first: "lead mlops engineer" names
    Lead MLOps Engineer, not also MLOps Engineer; "lead mlops engineer vs mlops engineer"
    names both."""
    rest = normalize(text)
    named: set[str] = set()
    for title in sorted(titles, key=len, reverse=True):
        for said in (title, f"{title}s"):  # "mlops engineers"
            if has_phrase(rest, said):
                named.add(title)
                rest = remove_phrase(rest, said)
    return named


def _headline(roles: str, places: list[str], gaps: list[str], verdict: str = "") -> str:
    """The reply's first line: the verdict on an amount asked about, whose figures these
    are, and what they are not. A place with no figure of its own is said before anything
    else ("The knowledge base has no salary figures for London; …"): below a wide table a
    reader would miss it."""
    lead = f"{verdict} " if verdict else ""
    if places:
        rest = f" (it {'; it '.join(gaps)})" if gaps else ""
        return (
            f"{lead}The knowledge base has no salary figures for {_join(places, 'or')}; here "
            "are its "
            f"figures for {roles}, each with its location{rest}."
        )
    if gaps:
        # "The knowledge base has no director level; here are its salary figures for …": what the
        # figures are not, before them, as a missing place is
        # ("salary figures" stays in the first line: a thread finds the salary reply by it)
        return (
            f"{lead}The knowledge base {' and '.join(gaps)}; here are its salary figures for "
            f"{roles}."
        )
    return f"{lead}Salary figures from the knowledge base for {roles}."
