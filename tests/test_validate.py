"""SHACL validation in bounded memory: the same results as pyshacl over the whole graph, found batch by batch."""

from __future__ import annotations

import sys

import pytest
from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

from probation_graph import EmbeddedStore, validate
from probation_graph.ingest import ensure_ontology
from probation_graph.ontology import ontology_graph, shapes_graph
from probation_graph.store import document_graph
from probation_graph.validate import Plan, _hierarchy

TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
PREFIXES = """PREFIX pg: <https://w3id.org/probation-graph/ontology#> PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
BREAKS = [
    "DELETE { GRAPH ?g { ?f pg:evidence ?e } } WHERE { { SELECT ?f ?g ?e WHERE { GRAPH ?g { ?f pg:evidence ?e } } "
    "LIMIT 4 } }",
    "DELETE { GRAPH ?g { ?s oa:exact ?x } } WHERE { { SELECT ?s ?g ?x WHERE { GRAPH ?g { ?s oa:exact ?x } } "
    "LIMIT 3 } }",
    "DELETE { GRAPH ?g { ?s oa:end ?x } } INSERT { GRAPH ?g { ?s oa:end 0 } } WHERE { { SELECT ?s ?g ?x "
    "WHERE { GRAPH ?g { ?s oa:end ?x } } OFFSET 7 LIMIT 2 } }",
    "DELETE { GRAPH ?g { ?d pg:contentHash ?h } } INSERT { GRAPH ?g { ?d pg:contentHash 'not a hash' } } "
    "WHERE { { SELECT ?d ?g ?h WHERE { GRAPH ?g { ?d a ?t ; pg:contentHash ?h } } LIMIT 1 } }",
    "DELETE { GRAPH ?g { ?s prov:wasDerivedFrom ?x } } WHERE { { SELECT ?s ?g ?x WHERE { GRAPH ?g "
    "{ ?s a rdf:Statement ; prov:wasDerivedFrom ?x } } LIMIT 1 } }",
    "INSERT { GRAPH ?g { ?s pg:value 'seven' } } WHERE { { SELECT ?s ?g WHERE { GRAPH ?g { ?s pg:value ?x } } "
    "LIMIT 1 } }",
]


def whole_graph(store: EmbeddedStore) -> list[tuple[str, str | None, str]]:
    """What validation reported before: pyshacl over one rdflib graph of the whole store."""
    data = Graph().parse(data=store.dump("ntriples"), format="nt")
    _conforms, results, _text = shacl_validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none", allow_warnings=True
    )
    assert isinstance(results, Graph)
    found = []
    for result in results.subjects(SH.resultSeverity, None):
        path = results.value(result, SH.resultPath)
        found.append(
            (
                str(results.value(result, SH.focusNode)),
                str(path) if path is not None else None,
                str(results.value(result, SH.resultMessage)),
            )
        )
    return sorted(found, key=lambda r: (r[0], r[1] or "", r[2]))


def test_a_violation_names_the_graph_of_its_document(store: EmbeddedStore):
    ensure_ontology(store)
    pg = "https://w3id.org/probation-graph/ontology#"
    good, bad = document_graph("good-report"), document_graph("bad-report")
    store.replace_graph(good, "")
    store.replace_graph(bad, f"<https://example.org/finding> {TYPE} <{pg}Strength> .")
    report = validate(store)
    assert not report.conforms
    assert report.violations
    assert {v.graphs for v in report.violations} == {(bad,)}
    assert "bad-report" in report.text


def test_validation_never_copies_the_whole_store(store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch):
    ensure_ontology(store)
    pg = "https://w3id.org/probation-graph/ontology#"
    store.replace_graph(document_graph("one"), f"<https://example.org/f> {TYPE} <{pg}Finding> .")

    def refuse(*_args: object, **_kwargs: object) -> bytes:
        raise AssertionError("validation dumped the whole store")

    monkeypatch.setattr(store, "dump", refuse)
    report = validate(store)
    assert not report.conforms and report.candidates == 1


def test_broken_facts_are_reported_as_over_the_whole_graph_in_small_batches(
    tiny_store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
):
    for update in BREAKS:
        tiny_store._store.update(PREFIXES + update)
    expected = whole_graph(tiny_store)
    assert len(expected) >= 10
    sizes: list[int] = []

    def counting(data: Graph, **options: object) -> object:
        sizes.append(len(data))
        return shacl_validate(data, **options)

    monkeypatch.setattr(sys.modules["probation_graph.validate"], "shacl_validate", counting)
    report = validate(tiny_store, batch=3)
    got = [(v.focus, v.path, v.message) for v in report.violations]
    assert not report.conforms
    assert got == expected
    assert len(sizes) == -(-report.candidates // 3) > 1, "one pyshacl run per batch of 3 candidates"
    assert max(sizes) < len(tiny_store), "each batch sees part of the store, not all of it"
    assert all(v.graphs for v in report.violations), "each violation names the graphs that hold its node"


def test_a_conforming_graph_is_checked_by_queries_alone(seed_store: EmbeddedStore):
    report = validate(seed_store)
    assert report.conforms, report.text
    assert report.candidates == 0


def test_a_constraint_the_queries_do_not_cover_sends_every_target_to_pyshacl(store: EmbeddedStore):
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <https://example.org/> .
        ex:Shape a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path ex:colour ; sh:in ( ex:red ex:blue ) ] .""",
        format="turtle",
    )
    store.replace_graph(
        document_graph("d"),
        f"<https://example.org/a> {TYPE} <https://example.org/Thing> .\n"
        f"<https://example.org/b> {TYPE} <https://example.org/Thing> .\n"
        f"<https://example.org/c> {TYPE} <https://example.org/Other> .",
    )
    plan = Plan.of(shapes, Graph())
    assert {str(n) for n in plan.candidates(store)} == {"https://example.org/a", "https://example.org/b"}


def test_the_shapes_are_read_as_deep_as_they_look(seed_store: EmbeddedStore):
    plan = Plan.of(shapes_graph(), _hierarchy(seed_store))
    assert plan.depth == 2, "an evidence's selector, an inspection's organisation's type: two hops"
    assert plan.queries
