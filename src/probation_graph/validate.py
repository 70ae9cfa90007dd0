"""SHACL validation of the built graph against ``ontology/shapes.ttl`` (through pyshacl)."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from .ontology import ontology_graph, shapes_graph
from .store import Store


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the property path, the message and the severity."""

    focus: str
    path: str | None
    message: str
    severity: str


@dataclass
class ValidationReport:
    """Whether the graph conforms to the shapes, and every violation if not."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)


def validate(store: Store) -> ValidationReport:
    """Validate the union of all graphs in ``store``, with the ontology for the class hierarchy."""
    data = Graph()
    data.parse(data=store.dump("ntriples"), format="nt")
    conforms, results, _text = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    assert isinstance(results, Graph)
    violations = []
    for result in results.subjects(SH.resultSeverity, None):
        path = results.value(result, SH.resultPath)
        severity = results.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus=str(results.value(result, SH.focusNode)),
                path=str(path) if path is not None else None,
                message=str(results.value(result, SH.resultMessage) or ""),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationReport(conforms=bool(conforms), violations=violations)
