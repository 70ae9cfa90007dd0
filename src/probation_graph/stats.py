"""Counts that describe the graph: documents, triples, graphs and entities per class."""

from __future__ import annotations

from dataclasses import dataclass, field

from .classes import local
from .namespaces import GRAPH_ENTITIES, GRAPH_ONTOLOGY, PG
from .store import Store, document_graph, text_of


@dataclass
class Stats:
    """A summary of what the store holds."""

    documents: dict[str, int] = field(default_factory=dict)
    triples: int = 0
    graphs: int = 0
    entities: dict[str, int] = field(default_factory=dict)

    @property
    def document_count(self) -> int:
        """The number of source documents."""
        return sum(self.documents.values())


_DOCUMENTS = f"""
SELECT ?kind (COUNT(DISTINCT ?doc) AS ?n) WHERE {{
  ?doc a ?kind . ?kind <http://www.w3.org/2000/01/rdf-schema#subClassOf> <{PG.SourceDocument}> .
  ?doc <{PG.sourceId}> ?id .
}} GROUP BY ?kind ORDER BY ?kind
"""

_ENTITIES = f"""
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  GRAPH ?g {{ ?x a ?class }}
  FILTER (?g != <{GRAPH_ONTOLOGY}> && STRSTARTS(STR(?class), "{PG}"))
}} GROUP BY ?class ORDER BY DESC(?n) ?class
"""


def stats(store: Store) -> Stats:
    """Count what the store holds."""
    result = Stats(triples=len(store), graphs=len(store.graphs()))
    for kind, n in store.query(_DOCUMENTS).rows:
        result.documents[local(str(kind))] = int(str(n))
    for cls, n in store.query(_ENTITIES).rows:
        result.entities[local(str(cls))] = int(str(n))
    return result


@dataclass
class DocumentSummary:
    """What one document added to the graph: its kind and title, facts per class, and who it names."""

    source_id: str
    kind: str | None = None
    title: str | None = None
    triples: int = 0
    facts: dict[str, int] = field(default_factory=dict)
    mentions: list[tuple[str, str]] = field(default_factory=list)
    findings: dict[str, int] = field(default_factory=dict)
    """The facts it states with a sentence (a rating, a date, an owner...), counted by the property's label."""
    inspections: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    """The inspections it reports: the unit's name, the overall rating it states, and the inspection's date."""


_DOCUMENT = """SELECT ?kind ?title WHERE {{
  GRAPH <{graph}> {{ ?d pg:sourceId ?id ; a ?k . OPTIONAL {{ ?d dcterms:title ?title }} }}
  ?k rdfs:subClassOf pg:SourceDocument ; rdfs:label ?kind .
}} LIMIT 1"""

_DOCUMENT_FACTS = """SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  GRAPH <{graph}> {{ ?x a ?class }} FILTER (STRSTARTS(STR(?class), "{pg}"))
}} GROUP BY ?class ORDER BY DESC(?n) ?class"""

_DOCUMENT_FINDINGS = """SELECT ?label (COUNT(*) AS ?n) WHERE {{
  GRAPH <{graph}> {{ ?x ?p ?o FILTER EXISTS {{ ?x pg:evidence ?passage }} }}
  FILTER (?p NOT IN (pg:evidence, prov:wasDerivedFrom, rdf:type, rdfs:label))
  ?p rdfs:label ?label .
}} GROUP BY ?label ORDER BY DESC(?n) ?label"""

_DOCUMENT_INSPECTIONS = """SELECT ?unit (SAMPLE(?rating) AS ?stated) (MAX(?date) AS ?when) WHERE {{
  GRAPH <{graph}> {{ ?d pg:sourceId ?id ; pg:about|pg:mentions ?i }}
  ?i pg:inspected/rdfs:label ?unit .
  OPTIONAL {{ GRAPH <{graph}> {{ ?i pg:overallRating ?r }} ?r skos:prefLabel ?rating }}
  OPTIONAL {{ ?i pg:publicationDate|pg:fieldworkStart|pg:inspectionYear ?date }}
}} GROUP BY ?unit ORDER BY ?unit"""

_DOCUMENT_MENTIONS = """SELECT DISTINCT ?label ?kind WHERE {{
  GRAPH <{graph}> {{ ?d pg:mentions ?e }}
  GRAPH <{entities}> {{ ?e rdfs:label ?label ; a ?class }}
  ?class rdfs:label ?kind .
}} ORDER BY ?kind ?label"""


def document_summary(store: Store, source_id: str) -> DocumentSummary:
    """Summarise the graph of one source document (empty counts when the store does not hold it)."""
    graph = document_graph(source_id)
    summary = DocumentSummary(source_id=source_id)
    for kind, title in store.query(_DOCUMENT.format(graph=graph)).rows:
        summary.kind, summary.title = str(kind), str(title) if title is not None else None
    for label, n in store.query(_DOCUMENT_FINDINGS.format(graph=graph)).rows:
        summary.findings[str(label)] = int(str(n))
    for unit, rating, date in store.query(_DOCUMENT_INSPECTIONS.format(graph=graph)).rows:
        summary.inspections.append((str(unit), text_of(rating), text_of(date)))
    summary.triples = int(
        str(store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows[0][0])
    )
    for cls, n in store.query(_DOCUMENT_FACTS.format(graph=graph, pg=PG)).rows:
        summary.facts[local(str(cls))] = int(str(n))
    seen: dict[str, str] = {}
    for label, kind in store.query(_DOCUMENT_MENTIONS.format(graph=graph, entities=GRAPH_ENTITIES)).rows:
        seen.setdefault(str(label), str(kind))
    summary.mentions = sorted(seen.items(), key=lambda item: (item[1], item[0]))
    return summary
