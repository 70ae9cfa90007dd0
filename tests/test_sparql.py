"""Checks of SPARQL text: operation, prefixes and the row cap (lexical); SERVICE (parsed, and fuzzed against Oxigraph)."""

from __future__ import annotations

import http.server
import itertools
import threading
from collections.abc import Iterator

import pyoxigraph as ox
import pytest

from probation_graph.errors import QueryError
from probation_graph.sparql import calls_service, cap_rows, declare_prefixes, form, refuse_service, unshift_lines


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
def test_calls_service(sparql: str, expected: bool):
    assert calls_service(sparql) is expected


def test_refuse_service_names_the_setting():
    with pytest.raises(QueryError, match="PROBATION_GRAPH_ALLOW_SERVICE"):
        refuse_service("SELECT * { SERVICE <http://e/> { ?s ?p ?o } }")
    refuse_service("SELECT * { SERVICE <http://e/> { ?s ?p ?o } }", allow=True)


class _Counter(http.server.BaseHTTPRequestHandler):
    """A SPARQL endpoint that counts the requests it gets and answers every one with no rows."""

    hits = 0

    def _answer(self) -> None:
        type(self).hits += 1
        body = b'{"head":{"vars":["s"]},"results":{"bindings":[]}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture(scope="module")
def listener() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()


SPACES = [" ", "\t", "\n", "\r", "\r\n", "\x0b", "\x0c", "\x85", "\xa0", "\u2028", "\u3000", "\ufeff"]
KEYWORDS = ["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "SERV\\u0049CE", "\\U00000053ERVICE", "SERVICE SILENT"]
HIDERS = [
    "",
    "<http://a/{sp}#> ?p ?o .",
    "?s ?p '{sp}#' .",
    '?s ?p """{sp}#\n""" .',
    "# comment{sp}",
    "?s ?p <http://a/\\u00a0#> .",
    "?s ?p '\\u0027 #' .",
]
NESTINGS = [
    "SELECT * {{ {hide} {call} }}",
    "SELECT * {{ {{ {hide} }} UNION {{ {call} }} }}",
    "SELECT * {{ OPTIONAL {{ {hide} {call} }} }}",
    "SELECT * {{ ?s ?p ?o FILTER EXISTS {{ {hide} {call} }} }}",
    "SELECT * {{ {{ SELECT * {{ {hide} {call} }} }} }}",
    "ASK {{ MINUS {{ {hide} {call} }} }}",
    "CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH ?g {{ {hide} {call} }} }}",
]


DECOYS = ["?s ?p '''{call}''' .", "# {call}\n", "?s ?p <http://a/{keyword}> ."]
"""Places where the call is only text: a check that decides on the parse lets these through."""


def _variants(endpoint: str) -> Iterator[str]:
    """Every space with every hider in every nesting; the spellings and decoys taken in turn."""
    for index, (space, hider, nesting) in enumerate(itertools.product(SPACES, HIDERS, NESTINGS)):
        keyword = KEYWORDS[index % len(KEYWORDS)]
        call = f"{keyword}{space}<{endpoint}>{space}{{ ?s ?p ?o }}"
        decoy = DECOYS[index % len(DECOYS)].format(
            call=call.replace("\n", " ").replace("\r", " "), keyword=keyword.split()[0]
        )
        yield nesting.format(hide=hider.format(sp=space), call=call)
        yield nesting.format(hide=hider.format(sp=space), call=decoy)


def test_no_query_that_passes_the_check_calls_another_endpoint(listener: str):
    """Fuzz: every variant the check lets through is run by Oxigraph, and the listener must hear nothing."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://a/s"), ox.NamedNode("http://a/p"), ox.Literal("o")))
    passed = refused = 0
    for sparql in _variants(listener):
        if calls_service(sparql):
            refused += 1
            continue
        passed += 1
        try:
            result = store.query(sparql)
            list(result) if not isinstance(result, ox.QueryBoolean) else bool(result)
        except (SyntaxError, OSError, RuntimeError):
            pass
        assert _Counter.hits == 0, f"fetched from another endpoint: {sparql!r}"
    assert refused > 0 and passed > 0


def test_the_listener_hears_a_plain_service_call(listener: str):
    """The fuzz test can fail: Oxigraph does fetch a SERVICE the check would have refused."""
    before = _Counter.hits
    list(ox.Store().query(f"SELECT * {{ SERVICE <{listener}> {{ ?s ?p ?o }} }}"))
    assert _Counter.hits == before + 1
    _Counter.hits = before


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
