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
    """Every example of ``ontology/examples.ttl``, in the file's order of ids."""
    graph = Graph()
    graph.parse(ontology_file("examples.ttl"), format="turtle")
    found = []
    subjects = sorted(s for s in set(graph.subjects(SH.select, None)) if isinstance(s, URIRef))
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
