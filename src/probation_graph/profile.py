"""Everything the graph says about one organisation, with the sentences it came from.

``organisations(store)`` lists what has a profile (units, CRCs, providers and the other
organisations); ``profile(store, iri)`` gathers an organisation's inspections with their overall
and per-standard ratings and key-question percentages, its figures, the services delivered in it
or by it, its findings and recommendations, its relations to other organisations, and the
documents that mention it. Every fact carries its evidence.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import Literal

from .errors import InputError
from .evidence import Source, evidence
from .network import UNITS, kind_of
from .store import Store, Term, text_of


@dataclass(frozen=True)
class Organisation:
    """An organisation that has a profile."""

    iri: str
    label: str
    kind: str


@dataclass
class Fact:
    """One statement of a profile, the node it is about and the sentences behind it."""

    iri: str
    values: dict[str, str | float | int | None]
    sources: list[Source] = field(default_factory=list)


@dataclass
class Inspection:
    """An inspection of the organisation, its ratings and key-question results."""

    iri: str
    label: str
    date: str | None = None
    rating: str | None = None
    rating_rank: int | None = None
    lead_inspector: str | None = None
    score: str | None = None
    """The points scored across the rated standards, with what they are out of when known ('18 / 27')."""
    standards: list[Fact] = field(default_factory=list)
    key_questions: list[Fact] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


@dataclass
class Document:
    """A source document that mentions the organisation."""

    source_id: str
    kind: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass
class Profile:
    """What the graph holds about one organisation."""

    iri: str
    label: str
    kind: str
    also_known_as: list[str] = field(default_factory=list)
    region: str | None = None
    inspections: list[Inspection] = field(default_factory=list)
    figures: list[Fact] = field(default_factory=list)
    services: list[Fact] = field(default_factory=list)
    findings: list[Fact] = field(default_factory=list)
    recommendations: list[Fact] = field(default_factory=list)
    relations: list[Fact] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)

    @property
    def latest(self) -> Inspection | None:
        """The most recent inspection with an overall rating, if any."""
        rated = [i for i in self.inspections if i.rating]
        return max(rated, key=lambda i: i.date or "") if rated else None


_ORGANISATIONS = """SELECT ?o ?type ?label WHERE {
  GRAPH <https://w3id.org/probation-graph/graph/entities> { ?o a ?type ; rdfs:label ?label }
  ?type rdfs:subClassOf* pg:Organisation .
}"""

_BASICS = """SELECT ?type ?label ?alt ?region WHERE {{
  {{ <{iri}> a ?type ; rdfs:label ?label }}
  UNION {{ <{iri}> skos:altLabel ?alt }}
  UNION {{ <{iri}> pg:inRegion/rdfs:label ?region }}
}}"""

_INSPECTIONS = """SELECT DISTINCT ?i ?label ?date ?rating ?rank ?lead ?score ?out_of WHERE {{
  ?i pg:inspected <{iri}> ; rdfs:label ?label .
  OPTIONAL {{ ?i pg:overallRating ?r . ?r skos:prefLabel ?rating ; pg:rank ?rank }}
  OPTIONAL {{ ?i pg:publicationDate|pg:fieldworkStart|pg:inspectionYear ?date }}
  OPTIONAL {{ ?i pg:leadInspector/rdfs:label ?lead }}
  OPTIONAL {{ ?i pg:score ?score OPTIONAL {{ ?i pg:maxScore ?out_of }} }}
}}"""

_STANDARDS = """SELECT DISTINCT ?i ?fact ?code ?standard ?rating ?rank WHERE {{
  ?i pg:inspected <{iri}> ; pg:hasStandardRating ?fact .
  ?fact pg:standard/skos:prefLabel ?standard ; pg:rating ?r . ?r skos:prefLabel ?rating ; pg:rank ?rank .
  OPTIONAL {{ ?fact pg:standardCode ?code }}
}} ORDER BY ?code ?standard"""

_KEY_QUESTIONS = """SELECT DISTINCT ?i ?fact ?standard ?question ?percentage WHERE {{
  ?i pg:inspected <{iri}> ; pg:hasKeyQuestionResult ?fact .
  ?fact pg:text ?question ; pg:percentage ?percentage .
  OPTIONAL {{ ?fact pg:standard/skos:prefLabel ?standard }}
}} ORDER BY ?fact"""

_FIGURES = """SELECT DISTINCT ?fact ?metric ?value ?unit ?population ?grade ?period ?comparison WHERE {{
  ?fact pg:measurementOf <{iri}> ; pg:metric/skos:prefLabel ?metric ; pg:value ?value .
  OPTIONAL {{ ?fact pg:unit/skos:prefLabel ?unit }}
  OPTIONAL {{ ?fact pg:population ?population }}
  OPTIONAL {{ ?fact pg:staffGrade/skos:prefLabel ?grade }}
  OPTIONAL {{ ?fact pg:period ?period }}
  OPTIONAL {{ ?fact pg:comparison ?comparison }}
}} ORDER BY ?metric ?fact"""

_SERVICES = """SELECT DISTINCT ?fact ?service ?provider ?unit ?role ?subcontractor WHERE {{
  ?fact a pg:Service ; pg:providedBy|pg:deliveredIn|pg:subcontractor <{iri}> .
  OPTIONAL {{ ?fact pg:serviceType/skos:prefLabel ?service }}
  OPTIONAL {{ ?fact pg:providedBy/rdfs:label ?provider }}
  OPTIONAL {{ ?fact pg:deliveredIn/rdfs:label ?unit }}
  OPTIONAL {{ ?fact pg:serviceRole/skos:prefLabel ?role }}
  OPTIONAL {{ ?fact pg:subcontractor/rdfs:label ?subcontractor }}
}} ORDER BY ?provider ?service"""

_FINDINGS = """SELECT DISTINCT ?fact ?kind ?standard ?text WHERE {{
  ?i pg:inspected <{iri}> ; pg:hasFinding ?fact .
  ?fact a ?k ; pg:text ?text . ?k rdfs:subClassOf* pg:Finding ; rdfs:label ?kind .
  OPTIONAL {{ ?fact pg:standard/skos:prefLabel ?standard }}
}} ORDER BY ?kind ?standard ?fact"""

_RECOMMENDATIONS = """SELECT DISTINCT ?fact ?ordinal ?text WHERE {{
  {{ ?fact pg:addressedTo <{iri}> }} UNION {{ ?i pg:inspected <{iri}> ; pg:hasRecommendation ?fact }}
  ?fact a pg:Recommendation ; pg:text ?text .
  OPTIONAL {{ ?fact pg:ordinal ?ordinal }}
}} ORDER BY ?ordinal ?text"""

_RELATIONS = """SELECT DISTINCT ?relation ?direction ?other ?name WHERE {{
  {{ <{iri}> ?p ?other . BIND ("out" AS ?direction) }} UNION {{ ?other ?p <{iri}> . BIND ("in" AS ?direction) }}
  VALUES ?p {{ pg:ownedBy pg:memberOf pg:subdivisionOf pg:subcontractsTo pg:servesArea pg:inRegion pg:hasOffice
              pg:locatedIn }}
  ?p rdfs:label ?relation .
  GRAPH <https://w3id.org/probation-graph/graph/entities> {{ ?other rdfs:label ?name }}
}} ORDER BY ?relation ?name"""

_DOCUMENTS = """SELECT DISTINCT ?sid ?kind ?title ?publisher ?date ?url WHERE {{
  ?d pg:mentions <{iri}> ; pg:sourceId ?sid ; a ?k . ?k rdfs:subClassOf pg:SourceDocument ; rdfs:label ?kind .
  OPTIONAL {{ ?d dcterms:title ?title }} OPTIONAL {{ ?d dcterms:publisher ?publisher }}
  OPTIONAL {{ ?d pg:publicationDate ?date }} OPTIONAL {{ ?d dcterms:source ?url }}
}} ORDER BY DESC(?date) ?sid"""


def _value(term: Term | None) -> str | float | int | None:
    """A literal as a number when it is one, otherwise as text."""
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, int | float):
            return value
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
    return str(term)


def organisations(store: Store) -> list[Organisation]:
    """Organisations that have a profile: units and CRCs first, then the others, by name."""
    types: dict[str, set[str]] = defaultdict(set)
    labels: dict[str, str] = {}
    for iri, cls, label in store.query(_ORGANISATIONS).rows:
        types[str(iri)].add(str(cls).rsplit("#", 1)[-1])
        labels.setdefault(str(iri), str(label))
    found = [Organisation(iri, labels[iri], kind_of(kinds)) for iri, kinds in types.items()]
    return sorted(found, key=lambda o: (o.kind not in UNITS, o.label.lower()))


def _facts(store: Store, query: str, iri: str) -> list[Fact]:
    result = store.query(query.format(iri=iri))
    facts: dict[str, Fact] = {}
    for row in result.rows:
        values = dict(zip(result.columns, row, strict=True))
        node = values.pop("fact")
        key = str(node)
        if key not in facts:
            facts[key] = Fact(key, {name: _value(term) for name, term in values.items() if name != "i"})
    return list(facts.values())


def profile(store: Store, iri: str) -> Profile:
    """Gather what the graph holds about the organisation ``iri``, with evidence on every fact."""
    if not iri.startswith(("http://", "https://", "urn:")) or any(c in iri for c in '<>"{} \n'):
        raise InputError(f"not an IRI: {iri!r}")
    basics = store.query(_BASICS.format(iri=iri)).rows
    kinds = {str(t).rsplit("#", 1)[-1] for t, _, _, _ in basics if t is not None}
    label = next((str(lab) for _, lab, _, _ in basics if lab is not None), None)
    if label is None:
        raise InputError(f"the graph knows nothing named {iri}")
    found = Profile(
        iri=iri,
        label=label,
        kind=kind_of(kinds),
        also_known_as=sorted({str(a) for _, _, a, _ in basics if a is not None and str(a) != label}),
        region=next((str(r) for _, _, _, r in basics if r is not None), None),
    )
    found.inspections = _inspections(store, iri)
    found.figures = _facts(store, _FIGURES, iri)
    found.services = _facts(store, _SERVICES, iri)
    found.findings = _facts(store, _FINDINGS, iri)
    found.recommendations = _facts(store, _RECOMMENDATIONS, iri)
    relations = store.query(_RELATIONS.format(iri=iri))
    found.relations = [
        Fact(str(other), {"relation": str(rel), "direction": str(way), "organisation": str(name)})
        for rel, way, other, name in relations.rows
    ]
    found.documents = [
        Document(str(sid), str(kind), text_of(title), text_of(publisher), text_of(date), text_of(url))
        for sid, kind, title, publisher, date, url in store.query(_DOCUMENTS.format(iri=iri)).rows
    ]
    _attach_evidence(store, found)
    return found


def _inspections(store: Store, iri: str) -> list[Inspection]:
    inspections: dict[str, Inspection] = {}
    for node, label, date, rating, rank, lead, score, out_of in store.query(_INSPECTIONS.format(iri=iri)).rows:
        found = inspections.setdefault(str(node), Inspection(str(node), str(label)))
        if date is not None and (found.date is None or str(date) > found.date):
            found.date = str(date)
        if rating is not None and found.rating is None:
            found.rating, found.rating_rank = str(rating), int(str(rank))
        if lead is not None and found.lead_inspector is None:
            found.lead_inspector = str(lead)
        if score is not None and found.score is None:
            found.score = f"{_value(score)} / {_value(out_of)}" if out_of is not None else str(_value(score))
    for query, attribute in ((_STANDARDS, "standards"), (_KEY_QUESTIONS, "key_questions")):
        result = store.query(query.format(iri=iri))
        seen: set[str] = set()
        for row in result.rows:
            values = dict(zip(result.columns, row, strict=True))
            owner, fact_iri = str(values.pop("i")), str(values.pop("fact"))
            if fact_iri not in seen and owner in inspections:
                seen.add(fact_iri)
                getattr(inspections[owner], attribute).append(
                    Fact(fact_iri, {name: _value(term) for name, term in values.items()})
                )
    return sorted(inspections.values(), key=lambda i: i.date or "", reverse=True)


def _attach_evidence(store: Store, found: Profile) -> None:
    facts: list[Fact] = [*found.figures, *found.services, *found.findings, *found.recommendations]
    for inspection in found.inspections:
        facts += [*inspection.standards, *inspection.key_questions]
    nodes = [fact.iri for fact in facts] + [inspection.iri for inspection in found.inspections]
    if not nodes:
        return
    by_node = evidence(store, nodes)
    for fact in facts:
        fact.sources = by_node.get(fact.iri, [])
    for inspection in found.inspections:
        inspection.sources = by_node.get(inspection.iri, [])


def find(store: Store, name: str) -> Organisation | None:
    """The organisation whose name (or IRI) is ``name``, ignoring case; ``None`` when there is none."""
    wanted = name.strip().lower()
    for organisation in organisations(store):
        if wanted in (organisation.iri.lower(), organisation.label.lower()):
            return organisation
    return None


__all__ = ["Document", "Fact", "Inspection", "Organisation", "Profile", "find", "organisations", "profile"]
