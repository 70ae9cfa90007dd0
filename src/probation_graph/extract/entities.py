"""Organisations named in a text other than probation units: known ones, courts, police forces, prisons, places.

Probation units (PDUs, CRCs, NPS divisions, regions) are found by ``units``.
"""

from __future__ import annotations

import re

from ..classes import APPROVED_PREMISES, COURT, INSPECTORATE, POLICE_FORCE, PRISON
from ..models import Organisation, Place, Relation
from .gazetteer import gazetteer
from .text import Text

# A proper name: capitalised words, possibly joined by 'and', '&', 'of', 'the', 'upon', 'on'.
_NAME_WORD = r"[A-Z][\w'\u2019-]*(?:\.[A-Za-z][\w-]*)*"
NAME = rf"{_NAME_WORD}(?:[ \t]+(?:(?:and|&|of|the|upon|on)[ \t]+){{0,2}}{_NAME_WORD})*"
_NOT_NAMES = r"The|A|An|His|Her|Our|This|That|Each|Every|Inspected|Inspectors?|When|Since|While|Whilst"
_LEADING = re.compile(rf"^(?:{_NOT_NAMES})(?:\s+|$)")


def clean_name(name: str) -> str:
    """Strip leading articles and words that are not part of a unit's name."""
    previous = None
    while previous != name:
        previous = name
        name = _LEADING.sub("", name)
    return name.strip(" '\u2019")


def known_organisations(text: Text) -> list[Organisation]:
    """Every organisation of the gazetteer named in the text, once each, at its first mention."""
    seen: dict[str, Organisation] = {}
    for mention in gazetteer().mentions(text.text):
        if mention.entry.name in seen:
            continue
        span = text.span_at(mention.start)
        if span is None:
            continue
        seen[mention.entry.name] = Organisation(
            name=mention.entry.name, kind=mention.entry.kind, aliases=mention.entry.aliases, evidence=span
        )
    return list(seen.values())


def inspectorate(organisations: list[Organisation]) -> str | None:
    """The name of the first inspectorate named, if any."""
    return next((o.name for o in organisations if o.kind == INSPECTORATE), None)


_UNIT_WORDS = re.compile(
    r"\s+(?:Probation\s+Delivery\s+Unit|PDU|Community\s+Rehabilitation\s+Company|CRC|region|Region)$"
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


def local_organisations(text: Text, subject: str) -> tuple[list[Organisation], list[Relation]]:
    """Courts, police forces, approved premises and prisons named, and whose area they serve."""
    organisations: dict[str, Organisation] = {}
    relations: list[Relation] = []
    patterns = (
        (_COURT, COURT, ("name",)),
        (_POLICE, POLICE_FORCE, ("name",)),
        (_PREMISES, APPROVED_PREMISES, ("a", "b")),
        (_PRISON, PRISON, ("name",)),
    )
    for pattern, kind, groups in patterns:
        for match in pattern.finditer(text.plain):
            group = next(g for g in groups if match.group(g))
            name = clean_name(match.group(group))
            if kind == PRISON:
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
