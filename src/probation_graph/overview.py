"""The landscape of a whole corpus: every unit's latest rating, inspections over time, changes, gaps.

``overview(store)`` counts units, inspections and documents, lists each inspected unit with its
latest overall rating (class, region, date, chief inspector), every rated inspection by date, and
the units of the reference backbone that no document covers. ``changes(store)`` lists each step of
a unit from one rated inspection to the next. ``comparison(store, iris)`` lays two to five units'
ratings per standard, scores and figures side by side, each cell with its sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

from .classes import local, registry
from .errors import InputError
from .evidence import Source
from .namespaces import GRAPH_ENTITIES, GRAPH_REFERENCE
from .network import kind_of
from .profile import Fact, Profile, profile
from .store import Store, text_of

_UNIT_CLASSES = "VALUES ?class { " + " ".join(f"pg:{c.key}" for c in registry().units()) + " }"
"""The classes of probation units (PDUs, CRCs, NPS divisions, regions...), from the ontology's class registry."""

_RATED = """SELECT ?inspection ?unit ?rating ?rank WHERE {
  ?inspection pg:inspected ?unit ; pg:overallRating ?r . ?r skos:prefLabel ?rating ; pg:rank ?rank .
}"""
_UNITS = f"""SELECT ?unit ?label ?class WHERE {{
  GRAPH <{GRAPH_ENTITIES}> {{ ?unit a ?class ; rdfs:label ?label }}
  {_UNIT_CLASSES}
}}"""
_DATES = """SELECT ?inspection (MAX(STR(?date)) AS ?when) WHERE {
  ?inspection pg:overallRating ?r ; pg:publicationDate|pg:fieldworkStart|pg:inspectionYear ?date .
} GROUP BY ?inspection"""
_CHIEFS = """SELECT ?inspection (MIN(?name) AS ?chief) WHERE {
  ?inspection pg:overallRating ?r ; pg:chiefInspector/rdfs:label ?name .
} GROUP BY ?inspection"""
_REGIONS = """SELECT ?unit (MIN(?name) AS ?region) WHERE {
  ?inspection pg:overallRating ?r ; pg:inspected ?unit . ?unit pg:inRegion/rdfs:label ?name .
} GROUP BY ?unit"""
_COUNTS = f"""SELECT
  (COUNT(DISTINCT ?unit) AS ?units) (COUNT(DISTINCT ?inspection) AS ?inspections) WHERE {{
  ?inspection pg:inspected ?unit .
  GRAPH <{GRAPH_ENTITIES}> {{ ?unit a ?class }}
  {_UNIT_CLASSES}
}}"""

_DOCUMENTS = """SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {
  ?d pg:sourceId ?id ; a ?k . ?k rdfs:subClassOf pg:SourceDocument
}"""

_REFERENCE_UNITS = f"""SELECT DISTINCT ?unit ?label ?class ?region WHERE {{
  GRAPH <{GRAPH_REFERENCE}> {{ ?reference pg:mentions ?unit }}
  GRAPH <{GRAPH_ENTITIES}> {{ ?unit a ?class ; rdfs:label ?label }}
  {_UNIT_CLASSES}
  OPTIONAL {{ ?unit pg:inRegion/rdfs:label ?region }}
}} ORDER BY ?label"""
_COVERED = f"""SELECT DISTINCT ?unit WHERE {{
  VALUES ?unit {{ {{units}} }}
  GRAPH ?g {{ ?d pg:mentions ?unit }} FILTER (?g != <{GRAPH_REFERENCE}>)
}}"""


@dataclass(frozen=True)
class Rated:
    """One rated inspection of a unit."""

    inspection: str
    unit: str
    label: str
    kind: str
    region: str | None
    rating: str
    rank: int
    date: str | None
    chief_inspector: str | None = None

    @property
    def year(self) -> int | None:
        """The year of the inspection's date, when it has one."""
        return int(self.date[:4]) if self.date and self.date[:4].isdigit() else None


@dataclass(frozen=True)
class Uncovered:
    """A unit of the reference backbone that no document names."""

    unit: str
    label: str
    kind: str
    region: str | None


@dataclass(frozen=True)
class Change:
    """A unit's step from one rated inspection to the next."""

    unit: str
    label: str
    kind: str
    region: str | None
    before: Rated
    after: Rated

    @property
    def direction(self) -> str:
        """'improved', 'declined' or 'unchanged' (a better rating has a higher rank)."""
        if self.after.rank > self.before.rank:
            return "improved"
        return "declined" if self.after.rank < self.before.rank else "unchanged"


@dataclass
class Overview:
    """What a whole store holds, at a glance."""

    units: int = 0
    inspections: int = 0
    documents: int = 0
    latest: list[Rated] = field(default_factory=list)
    """Each inspected unit once, with its latest rated inspection, by name."""
    timeline: list[Rated] = field(default_factory=list)
    """Every rated inspection, by date (undated ones last)."""
    uncovered: list[Uncovered] = field(default_factory=list)


def rated_inspections(store: Store) -> list[Rated]:
    """Every rated inspection of a unit, once each, in date order (undated last).

    Read in a few narrow queries joined here: one query with every optional part multiplies its rows
    (dates by chief inspectors by region labels) on a large store.
    """
    units: dict[str, tuple[str, set[str]]] = {}
    for node, name, cls in store.query(_UNITS).rows:
        units.setdefault(str(node), (str(name), set()))[1].add(local(str(cls)))
    dates = {str(i): str(d) for i, d in store.query(_DATES).rows if d is not None}
    chiefs = {str(i): str(c) for i, c in store.query(_CHIEFS).rows if c is not None}
    regions = {str(u): str(r) for u, r in store.query(_REGIONS).rows if r is not None}
    found: dict[str, Rated] = {}
    for inspection, unit, rating, rank in store.query(_RATED).rows:
        key, where = str(inspection), str(unit)
        if key in found or where not in units:
            continue
        called, kinds = units[where]
        found[key] = Rated(
            key, where, called, kind_of(kinds), regions.get(where), str(rating), int(str(rank)), dates.get(key),
            chiefs.get(key),
        )  # fmt: skip
    return sorted(found.values(), key=lambda r: (r.date is None, r.date or "", r.label))


def overview(store: Store) -> Overview:
    """The counts, every unit's latest rating, the timeline of inspections and the units no document covers."""
    timeline = rated_inspections(store)
    latest: dict[str, Rated] = {}
    for rated in timeline:
        if rated.unit not in latest or (rated.date or "") >= (latest[rated.unit].date or ""):
            latest[rated.unit] = rated
    counts = store.query(_COUNTS).rows
    units, inspections = (int(str(v)) for v in counts[0]) if counts else (0, 0)
    documents = int(str(store.query(_DOCUMENTS).rows[0][0]))
    kinds: dict[str, set[str]] = {}
    rows: dict[str, tuple[str, str | None]] = {}
    for unit, label, cls, region in store.query(_REFERENCE_UNITS).rows:
        kinds.setdefault(str(unit), set()).add(local(str(cls)))
        rows.setdefault(str(unit), (str(label), text_of(region)))
    covered: set[str] = set()
    listed = list(rows)
    for first in range(0, len(listed), 200):
        values = " ".join(f"<{unit}>" for unit in listed[first : first + 200])
        covered.update(str(u) for (u,) in store.query(_COVERED.replace("{units}", values)).rows)
    uncovered = [
        Uncovered(u, label, kind_of(kinds[u]), region) for u, (label, region) in rows.items() if u not in covered
    ]
    return Overview(
        units=units,
        inspections=inspections,
        documents=documents,
        latest=sorted(latest.values(), key=lambda r: r.label.lower()),
        timeline=timeline,
        uncovered=uncovered,
    )


def changes(store: Store, unit: str | None = None) -> list[Change]:
    """Each step of a unit (or of ``unit`` only) from one dated, rated inspection to the next, oldest first."""
    by_unit: dict[str, list[Rated]] = {}
    for rated in rated_inspections(store):
        if rated.date and (unit is None or rated.unit == unit):
            by_unit.setdefault(rated.unit, []).append(rated)
    steps = []
    for history in by_unit.values():
        for before, after in pairwise(history):
            steps.append(Change(after.unit, after.label, after.kind, after.region, before, after))
    return sorted(steps, key=lambda c: (c.label.lower(), c.after.date or ""))


@dataclass(frozen=True)
class Cell:
    """One value of a comparison and the sentences it came from."""

    value: str | float | int | None
    sources: tuple[Source, ...] = ()


@dataclass
class Comparison:
    """Units side by side: for each row (a standard, a score, a figure), one cell per unit."""

    units: list[Profile]
    ratings: dict[str, list[Cell | None]] = field(default_factory=dict)
    """Overall and per-standard ratings of each unit's latest inspection."""
    figures: dict[str, list[Cell | None]] = field(default_factory=dict)
    """Key figures (metric, with its unit of measure), the first value a unit has of each."""


def _figure_name(fact: Fact) -> str:
    unit = fact.values.get("unit")
    metric = str(fact.values.get("metric"))
    grade = fact.values.get("grade")
    name = f"{metric} ({grade})" if grade else metric
    return f"{name}, {unit}" if unit else name


def comparison(store: Store, iris: list[str]) -> Comparison:
    """Two to five units side by side; :class:`InputError` for fewer, more, or an unknown unit."""
    chosen = list(dict.fromkeys(iris))
    if not 2 <= len(chosen) <= 5:
        raise InputError(f"compare two to five units, not {len(chosen)}")
    profiles = [profile(store, iri) for iri in chosen]
    compared = Comparison(profiles)
    width = len(profiles)
    for column, found in enumerate(profiles):
        latest = found.latest
        if latest is None:
            continue
        compared.ratings.setdefault("Overall", [None] * width)[column] = Cell(latest.rating, tuple(latest.sources))
        if latest.score:
            compared.ratings.setdefault("Score", [None] * width)[column] = Cell(latest.score, tuple(latest.sources))
        for fact in latest.standards:
            row = compared.ratings.setdefault(str(fact.values["standard"]), [None] * width)
            if row[column] is None:
                row[column] = Cell(fact.values["rating"], tuple(fact.sources))
    for column, found in enumerate(profiles):
        for fact in found.figures:
            row = compared.figures.setdefault(_figure_name(fact), [None] * width)
            if row[column] is None:
                row[column] = Cell(fact.values.get("value"), tuple(fact.sources))
    return compared


__all__ = ["Cell", "Change", "Comparison", "Overview", "Rated", "Uncovered", "changes", "comparison", "overview"]
