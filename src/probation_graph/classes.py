"""The class registry: every kind of thing the graph draws or names, read from the ontology.

Each class of ``ontology/probation.ttl`` that carries a ``pg:displayOrder`` is a :class:`GraphClass`:
its label and plural, its nearest superclass, the folder its members' IRIs are minted in, how a
member's label is made from its name, the words and phrases that name a member in running text,
the phrases that refer back to one, and the colour and order pictures use. The extractor, the
question planner, the network export and the app all read these from here, so a new kind of unit
is an ontology change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Final

from rdflib import Literal, URIRef

from .errors import ConfigError
from .namespaces import PG, RDFS
from .ontology import ontology_graph


def local(iri: str | URIRef) -> str:
    """The local name of a ``pg:`` term ('…#ProbationDeliveryUnit' → 'ProbationDeliveryUnit')."""
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


PDU: Final = local(PG.ProbationDeliveryUnit)
CRC: Final = local(PG.CommunityRehabilitationCompany)
NPS_DIVISION: Final = local(PG.NPSDivision)
NATIONAL: Final = local(PG.NationalArrangements)
REGION: Final = local(PG.ProbationRegion)
ORGANISATION: Final = local(PG.Organisation)
INSPECTORATE: Final = local(PG.Inspectorate)
PUBLIC_BODY: Final = local(PG.PublicBody)
PROVIDER: Final = local(PG.ServiceProvider)
CHARITY: Final = local(PG.Charity)
COMPANY: Final = local(PG.Company)
CONSORTIUM: Final = local(PG.Consortium)
POLICE_FORCE: Final = local(PG.PoliceForce)
COURT: Final = local(PG.Court)
APPROVED_PREMISES: Final = local(PG.ApprovedPremises)
PRISON: Final = local(PG.Prison)
LOCAL_AUTHORITY: Final = local(PG.LocalAuthority)
INSPECTION: Final = local(PG.Inspection)

NAME_SLOT = "{name}"
LIST_SLOT = "{names}"


@dataclass(frozen=True)
class GraphClass:
    """One class of the ontology as the product uses it."""

    key: str
    iri: URIRef
    label: str
    plural: str
    parents: tuple[str, ...]
    folder: str | None
    label_pattern: str
    unit_words: tuple[str, ...]
    plural_unit_words: tuple[str, ...]
    name_patterns: tuple[str, ...]
    known_name_patterns: tuple[str, ...]
    anaphors: tuple[str, ...]
    cues: tuple[str, ...]
    order: int
    colour: str
    valid_from: str | None = None
    valid_until: str | None = None
    singleton: bool = False
    """The class has one member by nature (HMPPS's national arrangements): its name names that member."""

    def existed(self, date: str | None) -> bool:
        """True when units of this class existed at ``date`` (YYYY, YYYY-MM or YYYY-MM-DD; unknown dates pass)."""
        if not date:
            return True
        if self.valid_from and date[: len(self.valid_from)] < self.valid_from[: len(date)]:
            return False
        return not (self.valid_until and date[: len(self.valid_until)] > self.valid_until[: len(date)])

    def label_for(self, name: str) -> str:
        """The label of a member called ``name`` ('Sheffield' → 'Sheffield PDU')."""
        return self.label_pattern.replace(NAME_SLOT, name)

    @property
    def is_unit(self) -> bool:
        """True for the probation units that are inspected and named with a unit word (PDU, CRC, ...)."""
        return bool(self.unit_words)


@dataclass(frozen=True)
class Registry:
    """The classes, most specific first, with lookups by local name."""

    classes: tuple[GraphClass, ...]

    def get(self, key: str) -> GraphClass:
        """The class ``key`` (a local name such as 'ProbationDeliveryUnit'); unknown keys raise ``KeyError``."""
        for graph_class in self.classes:
            if graph_class.key == key:
                return graph_class
        raise KeyError(f"no class {key!r} in the ontology's registry")

    def __contains__(self, key: object) -> bool:
        return any(c.key == key for c in self.classes)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every class's local name, most specific first."""
        return tuple(c.key for c in self.classes)

    def organisations(self) -> tuple[GraphClass, ...]:
        """The kinds of organisation (pg:Organisation and its subclasses)."""
        return tuple(c for c in self.classes if c.key == ORGANISATION or ORGANISATION in c.parents)

    def units(self) -> tuple[GraphClass, ...]:
        """The probation units named with a unit word: PDUs, CRCs, NPS divisions, regions."""
        return tuple(c for c in self.classes if c.is_unit)

    def most_specific(self, keys: set[str] | frozenset[str]) -> str | None:
        """Of several classes a node has, the one drawn and listed first."""
        return next((c.key for c in self.classes if c.key in keys), None)

    def is_a(self, key: str, ancestor: str) -> bool:
        """True when class ``key`` is ``ancestor`` or one of its subclasses."""
        return key == ancestor or (key in self and ancestor in self.get(key).parents)


def _strings(subject: URIRef, predicate: URIRef) -> tuple[str, ...]:
    graph = ontology_graph()
    return tuple(sorted((str(v) for v in graph.objects(subject, predicate)), key=lambda s: (-len(s), s)))


def _parents(subject: URIRef) -> tuple[str, ...]:
    graph = ontology_graph()
    seen: list[str] = []
    frontier = [subject]
    while frontier:
        current = frontier.pop()
        for parent in graph.objects(current, RDFS.subClassOf):
            if isinstance(parent, URIRef) and str(parent).startswith(str(PG)) and local(parent) not in seen:
                seen.append(local(parent))
                frontier.append(parent)
    return tuple(seen)


def _optional(value: object) -> str | None:
    return str(value) if value is not None else None


@cache
def registry() -> Registry:
    """Read the registry from the ontology once per process."""
    graph = ontology_graph()
    found: list[GraphClass] = []
    for subject, order in graph.subject_objects(PG.displayOrder):
        if not isinstance(subject, URIRef) or not isinstance(order, Literal):
            continue
        label = graph.value(subject, RDFS.label)
        pattern = graph.value(subject, PG.labelPattern)
        folder = graph.value(subject, PG.iriFolder)
        colour = graph.value(subject, PG.colour)
        plural = graph.value(subject, PG.pluralLabel)
        if label is None or colour is None or not re.fullmatch(r"#[0-9a-fA-F]{6}", str(colour)):
            raise ConfigError(f"class {local(subject)} in the ontology needs an rdfs:label and a pg:colour '#rrggbb'")
        found.append(
            GraphClass(
                key=local(subject),
                iri=subject,
                label=str(label),
                plural=str(plural) if plural is not None else f"{label}s",
                parents=_parents(subject),
                folder=str(folder) if folder is not None else None,
                label_pattern=str(pattern) if pattern is not None else NAME_SLOT,
                unit_words=_strings(subject, PG.unitWord),
                plural_unit_words=_strings(subject, PG.pluralUnitWord),
                name_patterns=_strings(subject, PG.namePattern),
                known_name_patterns=_strings(subject, PG.knownNamePattern),
                anaphors=_strings(subject, PG.anaphor),
                cues=_strings(subject, PG.textCue),
                order=int(order.toPython()),
                colour=str(colour),
                valid_from=_optional(graph.value(subject, PG.validFrom)),
                valid_until=_optional(graph.value(subject, PG.validUntil)),
                singleton=str(graph.value(subject, PG.singleton) or "").lower() == "true",
            )
        )
    found.sort(key=lambda c: (c.order, c.key))
    return Registry(tuple(found))


def org_kind(value: str) -> str:
    """Validate a kind of organisation: the local name of pg:Organisation or one of its subclasses."""
    if value not in {c.key for c in registry().organisations()}:
        known = ", ".join(c.key for c in registry().organisations())
        raise ValueError(f"{value!r} is not a kind of organisation in the ontology ({known})")
    return value
