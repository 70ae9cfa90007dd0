"""Example questions with the SPARQL that answers them, read from ``ontology/examples.ttl``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDFS, SH

from .errors import ConfigError
from .namespaces import PG
from .ontology import ontology_file


@dataclass(frozen=True)
class Example:
    """One example: an id, a short label, the question it answers and its SPARQL."""

    id: str
    label: str
    question: str
    sparql: str


@cache
def examples() -> tuple[Example, ...]:
    """Every example of ``ontology/examples.ttl``: those with an ``sh:order`` first, in that order."""
    graph = Graph()
    graph.parse(ontology_file("examples.ttl"), format="turtle")
    found = []

    def order(subject: URIRef) -> tuple[int, str]:
        rank = graph.value(subject, SH.order)
        return (int(str(rank)) if rank is not None else 1000, str(subject))

    subjects = sorted((s for s in set(graph.subjects(SH.select, None)) if isinstance(s, URIRef)), key=order)
    for subject in subjects:
        label, question = graph.value(subject, RDFS.label), graph.value(subject, PG.question)
        if label is None or question is None:
            raise ConfigError(f"examples.ttl: {subject} needs rdfs:label and pg:question")
        found.append(
            Example(
                id=str(subject).rsplit("#", 1)[-1],
                label=str(label),
                question=str(question),
                sparql=str(graph.value(subject, SH.select)),
            )
        )
    return tuple(found)
