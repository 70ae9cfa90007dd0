from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

from probation_graph.errors import QueryError, StoreError
from probation_graph.store import EmbeddedStore, Store, is_update, replace_update

G1 = "https://example.org/graph/one"
G2 = "https://example.org/graph/two"
A = "<https://example.org/a>"
P = "<https://example.org/p>"
MENTIONS = "<https://w3id.org/probation-graph/ontology#mentions>"


def test_embedded_store_satisfies_the_protocol(store: EmbeddedStore):
    assert isinstance(store, Store)


def test_replace_graph_and_query(store: EmbeddedStore):
    store.replace_graph(G1, f'{A} {P} "one" .')
    store.replace_graph(G1, f'{A} {P} "uno" .')
    rows = store.query("SELECT ?o WHERE { ?s ?p ?o }").rows
    assert rows == [(Literal("uno"),)]
    assert store.graphs() == [G1]


def test_failed_replacement_leaves_the_graph_as_it_was(store: EmbeddedStore):
    store.replace_graph(G1, f'{A} {P} "kept" .')
    with pytest.raises(StoreError):
        store.replace_graph(G1, f'{A} {P} "broken')
    assert store.query("SELECT ?o WHERE { ?s ?p ?o }").rows == [(Literal("kept"),)]


def test_entity_descriptions_are_shared_and_pruned(store: EmbeddedStore):
    doc = "<https://example.org/doc>"
    store.replace_graph(G1, f"{doc} {MENTIONS} {A} .", f'{A} {P} "label" .')
    store.replace_graph(G2, f"{doc} {MENTIONS} {A} .", f'{A} {P} "label" .')
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s <https://example.org/p> ?o }"
    assert int(store.query(count).rows[0][0]) == 1
    store.replace_graph(G1, "")
    assert int(store.query(count).rows[0][0]) == 1
    store.drop_graph(G2)
    assert int(store.query(count).rows[0][0]) == 0


def test_replace_update_is_one_request():
    update = replace_update(G1, f'{A} {P} "y" .', f'{A} {P} "x" .')
    assert update.count("INSERT DATA") == 2 and update.startswith("DELETE")
    assert update.index("DELETE") < update.index(f"DROP SILENT GRAPH <{G1}>") < update.index("INSERT DATA")


def test_an_empty_graph_is_replaced_without_empty_blocks():
    assert "INSERT DATA" not in replace_update(G1, "", "")
    assert replace_update(G1, "", f'{A} {P} "x" .').count("INSERT DATA") == 1


def test_a_new_graph_that_fails_to_parse_writes_nothing(store: EmbeddedStore):
    with pytest.raises(StoreError):
        store.replace_graph(G1, f'{A} {P} "fine" .', f'{A} {P} "broken')
    assert len(store) == 0 and store.graphs() == []


def test_replacing_a_document_keeps_descriptions_it_still_needs(store: EmbeddedStore):
    doc, b = "<https://example.org/doc>", "<https://example.org/b>"
    store.replace_graph(G1, f"{doc} {MENTIONS} {A} .\n{doc} {MENTIONS} {b} .", f'{A} {P} "a" .\n{b} {P} "b" .')
    store.replace_graph(G1, f"{doc} {MENTIONS} {A} .", f'{A} {P} "a" .')
    described = {str(s) for (s,) in store.query("SELECT ?s WHERE { ?s <https://example.org/p> ?o }").rows}
    assert described == {"https://example.org/a"}, "b is no longer mentioned by anything"


@pytest.mark.parametrize(
    "sparql",
    [
        "DROP ALL",
        "  insert data { <a:b> <a:c> <a:d> }",
        "PREFIX x: <http://x/>\nDELETE WHERE { ?s ?p ?o }",
        "CLEAR DEFAULT",
    ],
)
def test_updates_are_refused(store: EmbeddedStore, sparql: str):
    assert is_update(sparql)
    store.replace_graph(G1, f'{A} {P} "kept" .')
    with pytest.raises(QueryError, match="update"):
        store.query(sparql)
    assert len(store) == 1


def test_syntax_error_names_the_position(store: EmbeddedStore):
    with pytest.raises(QueryError, match=r"syntax error.*1:\d+"):
        store.query("SELECT ?x WHERE {")


def test_ask_and_construct(store: EmbeddedStore):
    store.replace_graph(G1, f'{A} {P} "x" .')
    assert store.query("ASK { ?s ?p ?o }").boolean is True
    triples = store.query("CONSTRUCT WHERE { ?s ?p ?o }").triples
    assert triples == [(URIRef("https://example.org/a"), URIRef("https://example.org/p"), Literal("x"))]


def test_limit_truncates(store: EmbeddedStore):
    store.replace_graph(G1, "\n".join(f'{A} {P} "{i}" .' for i in range(5)))
    result = store.query("SELECT ?o WHERE { ?s ?p ?o }", limit=3)
    assert len(result.rows) == 3 and result.truncated


@pytest.mark.parametrize("fmt", ["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"])
def test_dump_round_trips(store: EmbeddedStore, fmt: str):
    store.replace_graph(G1, f'{A} {P} "x" .')
    data = store.dump(fmt)
    if fmt in ("nquads", "trig"):
        assert G1.encode() in data
    else:
        rdflib_format = {"ntriples": "nt", "rdfxml": "xml", "jsonld": "json-ld"}.get(fmt, fmt)
        assert len(Graph().parse(data=data, format=rdflib_format)) == 1


def test_disk_store_persists_and_opens_read_only(tmp_path: Path):
    path = tmp_path / "store"
    writer = EmbeddedStore(path)
    writer.replace_graph(G1, f'{A} {P} "x" .')
    writer.close()
    del writer
    reader = EmbeddedStore(path, read_only=True)
    assert len(reader) == 1
    with pytest.raises(StoreError, match="read-only"):
        reader.replace_graph(G1, "")


def test_missing_store_read_only_says_build_first(tmp_path: Path):
    with pytest.raises(StoreError, match="build"):
        EmbeddedStore(tmp_path / "nothing", read_only=True)


def test_shapes_catch_a_fact_without_evidence(store: EmbeddedStore):
    from probation_graph import validate

    pg = "https://w3id.org/probation-graph/ontology#"
    store.replace_graph(
        G1, f"<https://example.org/f> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{pg}Strength> ."
    )
    report = validate(store)
    assert not report.conforms
    assert any(v.path == f"{pg}evidence" for v in report.violations)


@pytest.mark.parametrize(
    ("triples", "path"),
    [
        ("<{f}> a pg:StandardRating ; pg:standard id:standard-leadership ; pg:rating id:rating-brilliant .", "rating"),
        ("<{f}> a pg:Measurement ; pg:value 3.0 ; pg:metric id:metric-caseload ; pg:measurementOf <{f}> .", "unit"),
        ("<{f}> a pg:KeyQuestionResult ; pg:text 'Q?' ; pg:percentage 130.0 .", "percentage"),
    ],
)
def test_shapes_catch_malformed_facts(store: EmbeddedStore, triples: str, path: str):
    from rdflib import Graph

    from probation_graph import validate
    from probation_graph.ingest import ensure_ontology
    from probation_graph.namespaces import PREFIXES

    ensure_ontology(store)
    prologue = "".join(f"@prefix {k}: <{v}> .\n" for k, v in PREFIXES.items())
    graph = Graph().parse(data=prologue + triples.format(f="https://example.org/f"), format="turtle")
    store.replace_graph(G1, graph.serialize(format="nt"))
    report = validate(store)
    assert not report.conforms
    assert any(v.path and v.path.endswith(path) for v in report.violations), report.violations
