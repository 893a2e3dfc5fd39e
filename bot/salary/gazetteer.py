"""Whether a few words name a real place: a city of 15,000 people or more, a country or a
US state.

Read where nothing else says "this is a place": the bare words after a role in
``/salary lead mlops engineer austin`` or ``/jd senior mlops engineer, berlin``, which
would otherwise be taken for part of the role or for an industry. Never used to find a
place inside a sentence, where "split", "nice" or "reading" are ordinary words.

The cities and countries are GeoNames data (CC BY 4.0, https://www.geonames.org) as shipped
in the pinned ``geotext`` package; only its data files are read, so nothing is downloaded.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from bot.salary.phrases import normalize

# fmt: off
_US_STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut",
    "Delaware", "Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa",
    "Kansas", "Kentucky", "Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire",
    "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota",
    "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington", "West Virginia",
    "Wisconsin", "Wyoming",
)
# fmt: on

# Short names and regions people write in a posting or a lookup, which GeoNames spells out
# or does not list as a place.
_OTHER_NAMES = {
    "uk": "UK",
    "uae": "UAE",
    "europe": "Europe",
    "emea": "EMEA",
    "apac": "APAC",
    "latam": "LATAM",
    "north america": "North America",
    "latin america": "Latin America",
}
# Words GeoNames lists as towns that a pay question uses as ordinary words ("which pays the
# most?", "what's normal?", "is that the same?"): at the end of a question, never a place.
_ORDINARY = frozenset(
    {"most", "best", "much", "same", "normal", "nice", "deal", "union", "enterprise", "mobile"}
)
# A place named after a role is at most this many words ("rio de janeiro").
_LONGEST = 3


@cache
def _places() -> dict[str, str]:
    """Normalized name -> the name as GeoNames writes it ("sao paulo" -> "São Paulo")."""
    data = resources.files("geotext") / "data"
    names = {normalize(state): state for state in _US_STATES} | dict(_OTHER_NAMES)
    with (data / "countryInfo.txt").open(encoding="utf-8-sig") as rows:
        for row in rows:
            if not row.startswith("#"):
                name = row.split("\t")[4]
                names.setdefault(normalize(name), name)
    # Of several cities with one name, the most populous ("san jose": San Jose, California,
    # not San José, Costa Rica).
    cities: dict[str, tuple[int, str]] = {}
    with (data / "cities15000.txt").open(encoding="utf-8") as rows:
        for row in rows:
            columns = row.split("\t")
            population = int(columns[14] or 0)
            # The name as written locally ("Zürich") and its ASCII spelling ("Zurich").
            for spelled in (columns[1], columns[2]):
                key = normalize(spelled)
                if population > cities.get(key, (-1, ""))[0]:
                    cities[key] = (population, columns[1])
    for key, (_, name) in cities.items():
        names.setdefault(key, name)
    return names


def place_named(words: str) -> str | None:
    """The place ``words`` name in full ("austin" -> "Austin"), or None."""
    wanted = normalize(words)
    return _places().get(wanted) if wanted else None


def trailing_place(words: str) -> tuple[str, str] | None:
    """``words`` split into what comes before a place named at their end and that place:
    "lead mlops engineer san jose" -> ("lead mlops engineer", "San Jose"). None when the
    words do not end with a place or are nothing but one (there is no role before it)."""
    split = normalize(words).split()
    for size in range(min(_LONGEST, len(split) - 1), 0, -1):
        words = " ".join(split[-size:])
        place = place_named(words) if words not in _ORDINARY else None
        if place:
            return " ".join(split[:-size]), place
    return None
