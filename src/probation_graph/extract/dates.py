"""Dates written in English prose ('01 July 2023', 'October 24, 2024', 'March 2023', '2018') to ISO text."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?(?![A-Za-z]))"
)
"""A month's name, or its abbreviation ('Feb', 'Sept.')."""
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
DATE = re.compile(
    rf"{_WEEKDAY}(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})\s+(?P<y1>(?:19|20)\d\d)"
    rf"|{_WEEKDAY}(?P<m2>{_MONTH})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,\s*(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<m3>{_MONTH})\s+(?P<y3>(?:19|20)\d\d)"
    r"|(?P<iso>(?:19|20)\d\d-[01]\d(?:-[0-3]\d)?)"
    r"|(?<![\d.,/-])(?P<y4>(?:19|20)\d\d)(?!\d|,\d|[/%-]|\.\d|\s*per\b)",
)


@dataclass(frozen=True)
class DateMention:
    """A date in a text: ISO value ('2024-07', '2023-07-01', '2018') and where it is."""

    value: str
    start: int
    end: int


def _iso(year: str, month: str | None = None, day: str | None = None) -> str:
    if month is None:
        return year
    number = MONTHS[month.lower().rstrip(".")]
    return f"{year}-{number:02d}" + (f"-{int(day):02d}" if day else "")


def dates(text: str) -> list[DateMention]:
    """Every date mentioned in ``text``, most specific reading first at each position."""
    found = []
    for match in DATE.finditer(text):
        groups = match.groupdict()
        if groups["iso"]:
            value = groups["iso"]
        elif groups["y1"]:
            value = _iso(groups["y1"], groups["m1"], groups["d1"])
        elif groups["y2"]:
            value = _iso(groups["y2"], groups["m2"], groups["d2"])
        elif groups["y3"]:
            value = _iso(groups["y3"], groups["m3"])
        else:
            value = groups["y4"]
        found.append(DateMention(value, match.start(), match.end()))
    return found


def first_date(text: str) -> str | None:
    """The first date in ``text`` as ISO text, if any."""
    found = dates(text)
    return found[0].value if found else None
