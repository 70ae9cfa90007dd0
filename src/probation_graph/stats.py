"""Counts that describe the graph: documents, triples, graphs and entities per class."""

from __future__ import annotations

from dataclasses import dataclass, field

from .namespaces import GRAPH_ONTOLOGY, PG
from .store import Store


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


def _local(iri: object) -> str:
    return str(iri).rsplit("#", 1)[-1]


def stats(store: Store) -> Stats:
    """Count what the store holds."""
    result = Stats(triples=len(store), graphs=len(store.graphs()))
    for kind, n in store.query(_DOCUMENTS).rows:
        result.documents[_local(kind)] = int(str(n))
    for cls, n in store.query(_ENTITIES).rows:
        result.entities[_local(cls)] = int(str(n))
    return result
