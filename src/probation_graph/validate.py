"""SHACL validation of the built graph against ``ontology/shapes.ttl``, in bounded memory.

The store is never copied into one rdflib graph. Validation runs in two steps:

1. *Candidates.* Each shape is translated into SPARQL queries that the store answers itself: for
   every constraint, the focus nodes that *may* violate it. The translation errs on the side of
   a candidate (a literal that cannot be cast, a comparison that fails, a constraint component
   it does not know: every target of that shape), so it never misses a node pyshacl would report.
2. *Confirmation.* The candidates are checked by pyshacl in batches of at most
   ``PROBATION_GRAPH_VALIDATE_BATCH`` focus nodes, each over a small graph: the triples of the
   batch's nodes and of the nodes they point to (as deep as the shapes look), the ontology for the
   class hierarchy. Only the results about the batch's own nodes are kept, so the report is the
   one pyshacl gives for the whole graph, and each violation names the graphs holding its node.

A graph that conforms costs one query per constraint; memory grows with a batch, not the store.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from pyshacl import validate as shacl_validate
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.term import Node

from .config import get_settings
from .errors import ConfigError, StoreError
from .ontology import ontology_graph, shapes_graph
from .store import Store

T = TypeVar("T")

_CASTS = frozenset(
    str(d) for d in (XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.string, XSD.dateTime, XSD.date)
)
_COMPARISONS: dict[Node, str] = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}
_PAIRS: dict[Node, str] = {SH.lessThan: "<", SH.lessThanOrEquals: "<="}
_NODE_KINDS: dict[Node, str] = {
    SH.IRI: "isIRI({v})",
    SH.BlankNode: "isBlank({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}
_IGNORED = frozenset(
    {RDF.type, SH.path, SH.name, SH.description, SH.message, SH.severity, SH.order, SH.group, SH.defaultValue,
     SH.deactivated, SH.property, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
     RDFS.comment, RDFS.label}
)  # fmt: skip
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
_MAX_DEPTH = 8


@dataclass(frozen=True)
class Violation:
    """One SHACL result: the node, the property path, the message, the severity and the graphs holding the node."""

    focus: str
    path: str | None
    message: str
    severity: str
    graphs: tuple[str, ...] = ()


@dataclass
class ValidationReport:
    """Whether the graph conforms to the shapes, and every violation if not."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    candidates: int = 0
    """How many focus nodes the SPARQL step passed to pyshacl."""

    @property
    def text(self) -> str:
        """The violations, one per line (for messages and assertions)."""
        return "\n".join(f"{v.focus} {v.path or ''}: {v.message} [{', '.join(v.graphs)}]" for v in self.violations)


def validate(store: Store, *, batch: int | None = None) -> ValidationReport:
    """Validate the union of all graphs in ``store`` (with the ontology for the class hierarchy)."""
    size = batch or get_settings().validate_batch
    plan = Plan.of(shapes_graph(), _hierarchy(store))
    candidates = sorted(plan.candidates(store), key=str)
    violations: list[Violation] = []
    conforms = True
    for chunk in _chunks(candidates, size):
        ok, found = _confirm(store, chunk, plan)
        conforms = conforms and ok
        violations += found
    violations.sort(key=lambda v: (v.focus, v.path or "", v.message))
    return ValidationReport(conforms=conforms, violations=violations, candidates=len(candidates))


def _hierarchy(store: Store) -> Graph:
    """The ontology file plus every ``rdfs:subClassOf`` the store holds (the class hierarchy pyshacl would see)."""
    graph = Graph()
    graph += ontology_graph()
    for sub, sup in store.query(f"SELECT DISTINCT ?a ?b WHERE {{ ?a <{RDFS.subClassOf}> ?b }}").rows:
        if sub is not None and sup is not None:
            graph.add((sub, RDFS.subClassOf, sup))
    return graph


@dataclass
class Plan:
    """The candidate queries of the shapes and how many hops of triples a focus node's check reads."""

    shapes: Graph
    hierarchy: Graph
    queries: list[str] = field(default_factory=list)
    patterns: list[tuple[str, re.Pattern[str]]] = field(default_factory=list)
    """Queries of ``?f ?value`` whose values are matched against an ``sh:pattern`` here, as pyshacl does."""
    fixed: set[Node] = field(default_factory=set)
    """Targets described in the ontology file itself, always checked (the store may not hold the ontology)."""
    depth: int = 1
    _names: Iterator[int] = field(default_factory=itertools.count)

    @classmethod
    def of(cls, shapes: Graph, hierarchy: Graph) -> Plan:
        """Translate every shape of ``shapes`` that has targets."""
        plan = cls(shapes=shapes, hierarchy=hierarchy)
        targeted = {s for p in _TARGETS for s in shapes.subjects(p, None)}
        targeted |= {s for c in (RDFS.Class, OWL.Class) for s in shapes.subjects(RDF.type, c)}
        for shape in sorted(targeted, key=str):
            plan.add(shape)
        return plan

    def add(self, shape: Node) -> None:
        """Add the queries of one targeted shape (each returns the focus nodes ``?f`` that may violate it)."""
        if self.shapes.value(shape, SH.deactivated) == Literal(True):
            return
        self.depth = max(self.depth, self._depth(shape, 0))
        self.queries += [
            f"SELECT DISTINCT ?f WHERE {pattern}" for pattern in self._patterns(shape, "?f", self._target(shape))
        ]

    def candidates(self, store: Store) -> set[Node]:
        """Every focus node that may violate a shape: the answers of the queries, and the ontology's own targets."""
        found: set[Node] = set(self.fixed)
        for query in self.queries:
            found.update(row[0] for row in store.query(query).rows if row[0] is not None)
        for query, regex in self.patterns:
            for node, value in store.query(query).rows:
                if node is not None and (isinstance(value, BNode) or not regex.search(str(value))):
                    found.add(node)
        return found

    def _var(self) -> str:
        return f"?v{next(self._names)}"

    def _subclasses(self, cls: Node) -> list[Node]:
        return sorted((c for c in self.hierarchy.transitive_subjects(RDFS.subClassOf, cls) if c is not None), key=str)

    def _target(self, shape: Node) -> str:
        """A group pattern binding ``?f`` to every target of the shape."""
        parts = []
        declared = list(self.shapes.objects(shape, SH.targetClass))
        if any((shape, RDF.type, c) in self.shapes for c in (RDFS.Class, OWL.Class)):
            declared.append(shape)
        classes = [c for t in declared for c in self._subclasses(t)]
        if classes:
            parts.append(f"{{ VALUES ?t {{ {' '.join(_term(c) for c in classes)} }} ?f a ?t }}")
            self.fixed.update(s for c in classes for s in self.hierarchy.subjects(RDF.type, c))
        nodes = list(self.shapes.objects(shape, SH.targetNode))
        if nodes:
            parts.append(f"{{ VALUES ?f {{ {' '.join(_term(n) for n in nodes)} }} }}")
            self.fixed.update(nodes)
        parts += [f"{{ ?f {_term(p)} ?x }}" for p in self.shapes.objects(shape, SH.targetSubjectsOf)]
        parts += [f"{{ ?x {_term(p)} ?f }}" for p in self.shapes.objects(shape, SH.targetObjectsOf)]
        return "{ " + " UNION ".join(parts) + " }"

    def _depth(self, shape: Node, level: int) -> int:
        """How many hops of subject triples checking ``shape`` on a node reads (1: the node's own triples)."""
        if level > _MAX_DEPTH:
            raise ConfigError(f"shapes.ttl: shape {shape} nests deeper than {_MAX_DEPTH} (recursive shapes?)")
        inner = 0
        for predicate, value in self.shapes.predicate_objects(shape):
            if predicate == SH["class"]:
                inner = max(inner, 1)
            elif predicate in (SH.node, SH["not"], SH.property, SH.qualifiedValueShape):
                inner = max(inner, self._depth(value, level + 1))
            elif predicate in (SH["or"], SH["and"], SH.xone):
                inner = max([inner, *(self._depth(s, level + 1) for s in Collection(self.shapes, value))])
        return 1 + inner if self.shapes.value(shape, SH.path) is not None else inner

    def _patterns(self, shape: Node, focus: str, anchor: str) -> list[str]:
        """Group patterns that match when ``shape`` may be violated on ``focus`` (bound by ``anchor``).

        Every pattern repeats ``anchor``, so it stands alone: its filters see ``focus`` bound.
        """
        if self.shapes.value(shape, SH.deactivated) == Literal(True):
            return []
        path = self.shapes.value(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            return [f"{{ {anchor} }}"]  # a complex path: every target is checked by pyshacl
        value = focus if path is None else self._var()
        values = anchor if path is None else f"{anchor} {focus} {_term(path)} {value} ."
        found = []
        for prop in self.shapes.objects(shape, SH.property):
            found += self._patterns(prop, value, values)
        for predicate, parameter in self.shapes.predicate_objects(shape):
            if str(predicate).startswith(str(SH)) and predicate not in _IGNORED:
                found += self._constraint(predicate, parameter, focus, path, anchor, value, values)
        return found

    def _constraint(
        self, predicate: Node, parameter: Node, focus: str, path: Node | None, anchor: str, value: str, values: str
    ) -> list[str]:
        """The patterns of one constraint; a constraint not translated makes every anchored node a candidate."""
        if path is not None and predicate in (SH.minCount, SH.maxCount) and parameter == Literal(1):
            if predicate == SH.minCount:
                return [f"{{ {anchor} FILTER NOT EXISTS {{ {focus} {_term(path)} {self._var()} }} }}"]
            other = self._var()
            return [f"{{ {values} {focus} {_term(path)} {other} FILTER (!sameTerm({value}, {other})) }}"]
        if path is not None and predicate in _PAIRS and isinstance(parameter, URIRef):
            other = self._var()
            test = f"!COALESCE({value} {_PAIRS[predicate]} {other}, false)"
            return [f"{{ {values} {focus} {_term(parameter)} {other} FILTER ({test}) }}"]
        if predicate == SH.pattern and isinstance(parameter, Literal):
            flags = self.shapes.value(self._owner(predicate, parameter), SH.flags) or ""
            regex = re.compile(str(parameter), _python_flags(str(flags)))
            self.patterns.append((f"SELECT ?f {value} WHERE {{ {values} }}", regex))
            return []
        if predicate in (SH.node, SH["and"]):
            shapes = [parameter] if predicate == SH.node else list(Collection(self.shapes, parameter))
            return [p for s in shapes for p in self._patterns(s, value, values)]
        if predicate == SH["or"]:
            members = [self._patterns(s, value, values) for s in Collection(self.shapes, parameter)]
            if not all(members):
                return []  # a member with no constraint always conforms, so the sh:or does
            return ["{ " + " ".join("{ " + " UNION ".join(m) + " }" for m in members) + " }"]
        check = self._value_test(predicate, parameter, value)
        if check is None:
            return [f"{{ {anchor} }}"]
        return [f"{{ {values} {check} }}"]

    def _owner(self, predicate: Node, parameter: Node) -> Node:
        """The shape that holds ``predicate parameter`` (for the parameters that go with it, like sh:flags)."""
        return next(iter(self.shapes.subjects(predicate, parameter)))

    def _value_test(self, predicate: Node, parameter: Node, value: str) -> str | None:
        """A filter that passes the value nodes that may fail the constraint (``None`` if not translated)."""
        if predicate == SH.datatype and isinstance(parameter, URIRef):
            typed = f"isLiteral({value}) && datatype({value}) = {_term(parameter)}"
            if str(parameter) not in _CASTS:
                return None
            return f"FILTER (!({typed} && COALESCE(isLiteral({_term(parameter)}({value})), false)))"
        if predicate == SH["class"]:
            kinds = " ".join(_term(c) for c in self._subclasses(parameter))
            kind = self._var()
            return f"FILTER NOT EXISTS {{ VALUES {kind} {{ {kinds} }} {value} a {kind} }}"
        if predicate in _COMPARISONS and isinstance(parameter, Literal):
            return f"FILTER (!COALESCE({value} {_COMPARISONS[predicate]} {_term(parameter)}, false))"
        if predicate in (SH.minLength, SH.maxLength) and isinstance(parameter, Literal):
            test = ">=" if predicate == SH.minLength else "<="
            length = int(parameter.toPython())
            return f"FILTER (isBlank({value}) || !COALESCE(STRLEN(STR({value})) {test} {length}, false))"
        if predicate == SH.nodeKind and parameter in _NODE_KINDS:
            return "FILTER (!" + _NODE_KINDS[parameter].format(v=value) + ")"
        return None


def _confirm(store: Store, focus: list[Node], plan: Plan) -> tuple[bool, list[Violation]]:
    """Run pyshacl over the triples as many hops around ``focus`` as the shapes read; the results about ``focus``."""
    data = Graph()
    seen: set[Node] = set()
    frontier: list[Node] = [n for n in focus if isinstance(n, URIRef)]
    if len(frontier) != len(focus):
        raise StoreError("SHACL validation in batches needs IRIs as focus nodes; the store has a blank node")
    for _level in range(plan.depth):
        seen.update(frontier)
        following: set[Node] = set()
        for chunk in _chunks(frontier, 500):
            values = " ".join(_term(n) for n in chunk)
            for s, p, o in store.query(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} ?s ?p ?o }}").rows:
                assert s is not None and p is not None and o is not None
                data.add((s, p, o))
                if isinstance(o, URIRef) and o not in seen:
                    following.add(o)
        frontier = sorted(following, key=str)
    for sub, sup in plan.hierarchy.subject_objects(RDFS.subClassOf):
        data.add((sub, RDFS.subClassOf, sup))
    _conforms, results, _text = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        ont_graph=ontology_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    assert isinstance(results, Graph)
    wanted = set(focus)
    kept = [r for r in results.objects(None, SH.result) if results.value(r, SH.focusNode) in wanted]
    violations = []
    while kept:
        result = kept.pop()
        kept += results.objects(result, SH.detail)
        node = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        severity = results.value(result, SH.resultSeverity)
        violations.append(
            Violation(
                focus=str(node),
                path=str(path) if path is not None else None,
                message=str(results.value(result, SH.resultMessage) or ""),
                severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            )
        )
    conforms = not any(v.severity == "Violation" for v in violations)
    return conforms, _with_graphs(store, violations)


def _with_graphs(store: Store, violations: list[Violation]) -> list[Violation]:
    """The violations, each with the named graphs that hold triples about its focus node."""
    nodes = sorted({v.focus for v in violations})
    graphs: dict[str, set[str]] = {}
    for chunk in _chunks(nodes, 500):
        values = " ".join(f"<{n}>" for n in chunk)
        query = f"SELECT DISTINCT ?f ?g WHERE {{ VALUES ?f {{ {values} }} GRAPH ?g {{ ?f ?p ?o }} }}"
        for node, graph in store.query(query).rows:
            graphs.setdefault(str(node), set()).add(str(graph))
    return [
        Violation(v.focus, v.path, v.message, v.severity, tuple(sorted(graphs.get(v.focus, ())))) for v in violations
    ]


def _python_flags(flags: str) -> int:
    """The ``re`` flags of SHACL's sh:flags letters, as pyshacl reads them (only ``i`` and ``m``)."""
    flags = flags.lower()
    return (re.IGNORECASE if "i" in flags else 0) | (re.MULTILINE if "m" in flags else 0)


def _chunks(items: Sequence[T], size: int) -> Iterator[list[T]]:
    """``items`` in lists of at most ``size``."""
    for start in range(0, len(items), size):
        yield list(items[start : start + size])


def _term(node: Node) -> str:
    """A term in SPARQL syntax."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    if isinstance(node, BNode):
        raise ConfigError(f"shapes.ttl: a blank node ({node}) where the validation needs an IRI or a literal")
    raise ConfigError(f"shapes.ttl: unexpected term {node!r}")
