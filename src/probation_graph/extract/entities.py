"""Organisations named in a text: known ones from the gazetteer, probation units from their patterns."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..models import Organisation, OrgKind, Place, Relation, Span
from .gazetteer import gazetteer
from .text import Text

# A proper name: capitalised words, possibly joined by 'and', '&', 'of', 'the', 'upon', 'on'.
_NAME_WORD = r"[A-Z][\w'\u2019-]*(?:\.[A-Za-z][\w-]*)*"
NAME = rf"{_NAME_WORD}(?:[ \t]+(?:(?:and|&|of|the|upon|on)[ \t]+){{0,2}}{_NAME_WORD})*"
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


def subject(mentions: list[UnitMention]) -> UnitMention | None:
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
    """Regions named as such ('the North West region') and known to the gazetteer."""
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


_UNIT_WORDS = re.compile(
    r"\s+(?:Probation\s+Delivery\s+Unit|PDU|Community\s+Rehabilitation\s+Company|CRC|region|Region)$"
)
_IN_REGION = re.compile(
    rf"(?P<unit>{NAME}|[Tt]he PDU|[Tt]his PDU)\s+(?:is|was)\s+one of\s+\S+\s+(?:PDUs|probation delivery units)"
    rf"\s+(?:in|across)\s+the\s+(?P<region>{NAME})\s+[Rr]egion"
)
_COURT = re.compile(rf"(?P<name>{NAME}\s+(?:Magistrates['\u2019]?|Crown|Combined|Youth|County)\s+Courts?)")
_POLICE = re.compile(rf"(?P<name>{NAME}\s+(?:Police|Constabulary))\b(?!\s+and\s+Crime)")
_PREMISES = re.compile(rf"approved premises\s*\((?P<a>{NAME})\)|(?P<b>{NAME})\s+(?:[Aa]pproved [Pp]remises|AP)\b")
_PRISON = re.compile(rf"\bHMP(?:\s+YOI)?\s+(?P<name>{NAME})")
_SERVES = re.compile(r"\b(?:area|serves|covers|within)\b", re.IGNORECASE)


def unit_name(name: str) -> str:
    """A unit's name without its unit word ('Tees and Wear PDU' → 'Tees and Wear')."""
    return _UNIT_WORDS.sub("", clean_name(name.strip()))


def place_names(subject: str) -> tuple[str, ...]:
    """The places a unit is named after ('Tees and Wear' → Tees, Wear)."""
    parts = [p.strip() for p in re.split(r",|\s+and\s+|\s*&\s*", subject) if p.strip()]
    return tuple(p for p in parts if p[:1].isupper()) if len(parts) > 1 else ()


def places(text: Text, subject: str) -> list[Place]:
    """The places a unit is named after, where the text names them on their own."""
    found = []
    for name in place_names(subject):
        match = re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])(?!\s+and\s)", text.text)
        span = text.span_at(match.start()) if match else None
        if span is not None:
            found.append(Place(name=name, evidence=span))
    return found


def region_of(text: Text, subject: str) -> str | None:
    """The region the text puts the subject in, if it says so."""
    for relation in region_memberships(text, subject, None):
        return relation.object
    return None


def region_memberships(text: Text, subject: str, region: str | None) -> list[Relation]:
    """'X is one of 11 PDUs in the Y region': the unit is in region Y."""
    found = []
    for match in _IN_REGION.finditer(text.plain):
        unit = unit_name(match.group("unit"))
        if unit.lower() in ("the pdu", "this pdu", "pdu"):
            unit = subject
        entry = gazetteer().lookup(match.group("region"))
        span = text.span_at(match.start())
        if span is not None:
            name = entry.name if entry else match.group("region")
            found.append(Relation(subject=unit, predicate="inRegion", object=name, evidence=span))
    return found


def local_organisations(text: Text, subject: str) -> tuple[list[Organisation], list[Relation]]:
    """Courts, police forces, approved premises and prisons named, and whose area they serve."""
    organisations: dict[str, Organisation] = {}
    relations: list[Relation] = []
    patterns = (
        (_COURT, OrgKind.COURT, ("name",)),
        (_POLICE, OrgKind.POLICE_FORCE, ("name",)),
        (_PREMISES, OrgKind.APPROVED_PREMISES, ("a", "b")),
        (_PRISON, OrgKind.PRISON, ("name",)),
    )
    for pattern, kind, groups in patterns:
        for match in pattern.finditer(text.plain):
            group = next(g for g in groups if match.group(g))
            name = clean_name(match.group(group))
            if kind is OrgKind.PRISON:
                name = f"HMP {name}"
            if not name or name.lower().startswith(("the ", "and ")) or len(name) < 3:
                continue
            sentence = text.sentence_at(match.start())
            if sentence is None:
                continue
            if name not in organisations:
                organisations[name] = Organisation(name=name, kind=kind, evidence=sentence.span)
            if _SERVES.search(sentence.plain):
                relations.append(Relation(subject=name, predicate="servesArea", object=subject, evidence=sentence.span))
    return list(organisations.values()), relations
