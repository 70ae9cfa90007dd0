"""Lexical checks of SPARQL text: operation, SERVICE, prefixes and the row cap."""

from __future__ import annotations

import pytest

from probation_graph.sparql import cap_rows, declare_prefixes, form, unshift_lines, uses_service


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("PREFIX with: <http://x#> select ?add WHERE {}", "SELECT"),
        ("# DROP ALL\nASK {}", "ASK"),
        ("BASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("insert data { <a> <b> <c> }", "INSERT"),
        ("   ", ""),
    ],
)
def test_form(sparql: str, expected: str):
    assert form(sparql) == expected


@pytest.mark.parametrize(
    ("sparql", "expected"),
    [
        ("SELECT * { SERVICE <http://e/sparql> { ?s ?p ?o } }", True),
        ("SELECT * { service silent <http://e/sparql> { ?s ?p ?o } }", True),
        ("SELECT * { ?s a pg:Service }", False),
        ("SELECT ?service { ?service a <http://x/SERVICE> }", False),
        ('SELECT * { ?s ?p "SERVICE" } # SERVICE', False),
        ("SELECT * { ?s pg:serviceType ?t }", False),
    ],
)
def test_uses_service(sparql: str, expected: bool):
    assert uses_service(sparql) is expected


@pytest.mark.parametrize(
    ("sparql", "expected", "changed"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", "SELECT * WHERE { ?s ?p ?o }\nLIMIT 100", True),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 5", "SELECT * WHERE { ?s ?p ?o } LIMIT 5", False),
        ("SELECT * { ?s ?p ?o } ORDER BY ?s LIMIT 500 OFFSET 3", "SELECT * { ?s ?p ?o } ORDER BY ?s LIMIT 100 OFFSET 3", True),
        ("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 500 } }", "SELECT * { { SELECT * { ?s ?p ?o } LIMIT 500 } }\nLIMIT 100", True),
        ('SELECT * { ?s ?p "LIMIT 5 }" } VALUES ?s { <a> }', 'SELECT * { ?s ?p "LIMIT 5 }" }\nLIMIT 100\nVALUES ?s { <a> }', True),
        ("ASK { ?s ?p ?o }", "ASK { ?s ?p ?o }", False),
        ("DESCRIBE <http://x>", "DESCRIBE <http://x>\nLIMIT 100", True),
    ],
)  # fmt: skip
def test_cap_rows(sparql: str, expected: str, changed: bool):
    assert cap_rows(sparql, 100) == (expected, changed)


def test_missing_prefixes_are_declared_on_one_line():
    declared = declare_prefixes("SELECT ?x { ?x a pg:Inspection ; rdfs:label 'pg:no' }")
    first, rest = declared.split("\n", 1)
    assert first.count("PREFIX") == 2 and "pg:" in first and "rdfs:" in first
    assert rest == "SELECT ?x { ?x a pg:Inspection ; rdfs:label 'pg:no' }"
    assert declare_prefixes("PREFIX pg: <http://other#> SELECT * { ?x a pg:X }").startswith(
        "PREFIX pg: <http://other#>"
    )
    assert unshift_lines("error at 3:7: expected", 1) == "error at 2:7: expected"
