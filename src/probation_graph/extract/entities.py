"""Organisations named in a text: known ones from the gazetteer, probation units from their patterns."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..models import Organisation, OrgKind, Span
from .gazetteer import gazetteer
from .text import Text

# A proper name: capitalised words, possibly joined by 'and', '&', 'of', 'the', 'upon', 'on'.
NAME = r"[A-Z][\w'\u2019.-]*(?:[ \t]+(?:(?:and|&|of|the|upon|on)[ \t]+){0,2}[A-Z][\w'\u2019.-]*)*"
_NOT_NAMES = r"The|A|An|His|Her|Our|This|That|Each|Every|Inspected|Inspectors?|When|Since|While|Whilst"
_LEADING = re.compile(rf"^(?:{_NOT_NAMES})(?:\s+|$)")

UNIT_PATTERNS: tuple[tuple[OrgKind, re.Pattern[str]], ...] = (
    (OrgKind.PDU, re.compile(rf"(?P<name>{NAME})[ \t]+(?:Probation[ \t]+Delivery[ \t]+Unit|PDU)\b(?!s)")),
    (
        OrgKind.CRC,
        re.compile(
            rf"(?P<name>{NAME})[ \t]+(?:Community[ \t]+(?:Rehabilitation[ \t]+)?Company"
            r"(?:[ \t]+\(CRC\))?|CRC)\b(?!s)"
        ),
    ),
)
_REGION = re.compile(rf"(?P<name>{NAME})[ \t]+[Rr]egion\b")


@dataclass(frozen=True)
class UnitMention:
    """A probation unit (PDU or CRC) named in the text."""

    name: str
    kind: OrgKind
    start: int
    end: int


def clean_name(name: str) -> str:
    """Strip leading articles and words that are not part of a unit's name."""
    previous = None
    while previous != name:
        previous = name
        name = _LEADING.sub("", name)
    return name.strip(" '\u2019")


def unit_mentions(text: str) -> list[UnitMention]:
    """Find every PDU and CRC named with its unit word ('X Probation Delivery Unit', 'X CRC')."""
    found: list[UnitMention] = []
    for kind, pattern in UNIT_PATTERNS:
        for match in pattern.finditer(text):
            name = clean_name(match.group("name"))
            if not name or (name.isupper() and len(name) <= 4):
                continue
            entry = gazetteer().lookup(name)
            if entry is not None and entry.kind not in (OrgKind.PDU, OrgKind.CRC, OrgKind.REGION):
                continue
            found.append(UnitMention(name, kind, match.start("name") + match.group("name").index(name), match.end()))
    return sorted(found, key=lambda m: m.start)


def subject(text: str, mentions: list[UnitMention]) -> UnitMention | None:
    """The unit the text is mostly about: the most often named, the earliest on a tie."""
    if not mentions:
        return None
    counts = Counter((m.name, m.kind) for m in mentions)
    first: dict[tuple[str, OrgKind], UnitMention] = {}
    for m in mentions:
        first.setdefault((m.name, m.kind), m)
    best: tuple[str, OrgKind] = max(counts, key=lambda key: (counts[key], -first[key].start))
    return first[best]


def region_mentions(text: str) -> list[tuple[str, int, int]]:
    """Regions named as such ('the Yorkshire and the Humber region') or known to the gazetteer."""
    found: list[tuple[str, int, int]] = []
    for match in _REGION.finditer(text):
        name = clean_name(match.group("name"))
        entry = gazetteer().lookup(name)
        if entry is not None and entry.kind is OrgKind.REGION:
            found.append((entry.name, match.start(), match.end()))
    return found


def known_organisations(text: Text) -> list[Organisation]:
    """Every organisation of the gazetteer named in the text, once each, at its first mention."""
    seen: dict[str, Organisation] = {}
    for mention in gazetteer().mentions(text.text):
        if mention.entry.kind is OrgKind.REGION or mention.entry.name in seen:
            continue
        span = text.span_at(mention.start)
        if span is None:
            continue
        seen[mention.entry.name] = Organisation(
            name=mention.entry.name, kind=mention.entry.kind, aliases=mention.entry.aliases, evidence=span
        )
    return list(seen.values())


def unit_organisations(text: Text, mentions: list[UnitMention]) -> list[Organisation]:
    """One organisation record per distinct unit, cited at its first mention."""
    seen: dict[tuple[str, OrgKind], Organisation] = {}
    for mention in mentions:
        key = (mention.name, mention.kind)
        span = text.span_at(mention.start)
        if key in seen or span is None:
            continue
        seen[key] = Organisation(name=mention.name, kind=mention.kind, evidence=span)
    return list(seen.values())


def region_organisations(text: Text) -> list[Organisation]:
    """One organisation record per region named, cited at its first mention."""
    seen: dict[str, Organisation] = {}
    for name, start, _end in region_mentions(text.text):
        span = text.span_at(start)
        if name not in seen and span is not None:
            entry = gazetteer().lookup(name)
            seen[name] = Organisation(
                name=name, kind=OrgKind.REGION, aliases=entry.aliases if entry else (), evidence=span
            )
    return list(seen.values())


def cite(text: Text, start: int) -> Span | None:
    """The sentence holding ``start``: the evidence of a fact found there."""
    return text.span_at(start)


def organisations(text: Text, units: list[UnitMention]) -> list[Organisation]:
    """Every organisation the text names: units, regions and known organisations."""
    return [*unit_organisations(text, units), *region_organisations(text), *known_organisations(text)]


def inspectorate(organisations: list[Organisation]) -> str | None:
    """The name of the first inspectorate named, if any."""
    return next((o.name for o in organisations if o.kind is OrgKind.INSPECTORATE), None)
