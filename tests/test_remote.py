"""The graph on a real SPARQL endpoint (an Oxigraph server the tests start): same answers as embedded."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from probation_graph import EmbeddedStore, Settings, Status, ask, build, query
from probation_graph.errors import QueryError, StoreError
from probation_graph.examples import examples
from probation_graph.nlq import plain
from probation_graph.remote import EndpointStore
from probation_graph.store import open_store

from .servers import free_port, oxigraph

QUESTIONS = [
    "Which PDUs were rated good?",
    "Who owns Mercia Vale CRC?",
    "What rating did Northmoor and Eastdale PDU get?",
    "Was Kestrel Bay PDU rated inadequate?",
    "What rating did Leeds PDU get?",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with oxigraph(tmp_path_factory.mktemp("oxigraph") / "store") as base:
        yield base


@pytest.fixture
def remote(server: str, settings: Settings) -> Iterator[EndpointStore]:
    """The tiny corpus built into the Oxigraph server over HTTP (after emptying it)."""
    httpx.post(f"{server}/update", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    store = EndpointStore(f"{server}/query", f"{server}/update")
    report = build(store, settings=settings)
    assert report.ok and report.count(Status.ADDED) == 3
    yield store
    store.close()


def test_build_over_http_gives_the_same_graph(remote: EndpointStore, tiny_store: EmbeddedStore):
    assert len(remote) == len(tiny_store)
    assert remote.graphs() == tiny_store.graphs()
    assert sorted(remote.dump("nquads").splitlines()) == sorted(tiny_store.dump("nquads").splitlines())


def test_questions_and_queries_answer_the_same(remote: EndpointStore, tiny_store: EmbeddedStore):
    for question in QUESTIONS:
        here, there = ask(question, tiny_store), ask(question, remote)
        assert (there.answer, there.rows, there.sources, there.entities) == (
            here.answer, here.rows, here.sources, here.entities,
        ), question  # fmt: skip
    for example in examples():
        assert sorted(query(remote, example.sparql).rows) == sorted(query(tiny_store, example.sparql).rows), example.id


def test_construct_ask_and_limits_work_remotely(remote: EndpointStore):
    graph = remote.query(
        "CONSTRUCT { ?u a pg:ProbationDeliveryUnit } WHERE { ?d pg:sourceId ?id ; pg:mentions ?u . "
        "?u a pg:ProbationDeliveryUnit }"
    )
    assert graph.kind == "graph" and len(graph.triples) == 2
    assert remote.query("ASK { ?u a pg:CommunityRehabilitationCompany }").boolean is True
    capped = remote.query("SELECT ?s WHERE { ?s ?p ?o }", limit=3)
    assert len(capped.rows) == 3 and capped.truncated


def test_rebuilding_skips_unchanged_documents(remote: EndpointStore, settings: Settings):
    report = build(remote, settings=settings)
    assert report.count(Status.UNCHANGED) == 3


def test_syntax_errors_carry_the_servers_message(remote: EndpointStore):
    with pytest.raises(QueryError, match="SPARQL syntax error: error at 2:"):
        remote.query("SELECT ?s WHERE {\n ?s rdfs:label ")
    with pytest.raises(QueryError, match="update"):
        remote.query("DROP ALL")


def test_read_only_endpoint_refuses_writes(server: str):
    store = EndpointStore(f"{server}/query")
    with pytest.raises(StoreError, match="PROBATION_GRAPH_UPDATE_ENDPOINT"):
        store.replace_graph("https://example.org/g", "")


def test_unreachable_endpoint_is_a_clear_error():
    store = EndpointStore(f"http://127.0.0.1:{free_port()}/query", timeout=2)
    with pytest.raises(StoreError, match="cannot reach the endpoint"):
        store.query("ASK {}")
    with pytest.raises(StoreError, match="not an http"):
        EndpointStore("ftp://example.org/sparql")


def test_settings_choose_the_endpoint(server: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    settings = Settings(endpoint=f"{server}/query", update_endpoint=f"{server}/update", store=tmp_path / "unused")
    opened = open_store(settings)
    assert isinstance(opened, EndpointStore) and not opened.read_only
    assert open_store(settings, read_only=True).read_only
    assert isinstance(open_store(settings, path=tmp_path / "local"), EmbeddedStore)


def test_cli_builds_and_asks_through_the_endpoint(server: str, settings: Settings, monkeypatch: pytest.MonkeyPatch):
    from probation_graph.cli import app
    from probation_graph.config import get_settings

    httpx.post(f"{server}/update", content=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    monkeypatch.setenv("PROBATION_GRAPH_ENDPOINT", f"{server}/query")
    monkeypatch.setenv("PROBATION_GRAPH_DATA", str(settings.data))
    get_settings.cache_clear()
    try:
        refused = CliRunner().invoke(app, ["build"])
        assert isinstance(refused.exception, StoreError) and "PROBATION_GRAPH_UPDATE_ENDPOINT" in str(refused.exception)
        monkeypatch.setenv("PROBATION_GRAPH_UPDATE_ENDPOINT", f"{server}/update")
        get_settings.cache_clear()
        built = CliRunner().invoke(app, ["build"])
        assert built.exit_code == 0, built.output
        answered = CliRunner().invoke(app, ["ask", "Who owns Mercia Vale CRC?"])
        assert answered.exit_code == 0 and "Kestrel Partners" in answered.output
    finally:
        get_settings.cache_clear()


def first_column(store, sparql: str) -> list[str]:
    """The first column's values as text, sorted; Virtuoso writes booleans as 0 and 1."""
    values = [plain(row[0]) for row in query(store, sparql).rows]
    return sorted(str(int(v)) if isinstance(v, bool) else str(v) for v in values)


@pytest.mark.skipif(
    shutil.which("virtuoso-t") is None, reason="Virtuoso is not installed (Debian: virtuoso-opensource-7-bin)"
)
def test_virtuoso_answers_like_the_embedded_store(tmp_path: Path, settings: Settings, tiny_store: EmbeddedStore):
    from .servers import virtuoso

    with virtuoso(tmp_path) as url:
        store = EndpointStore(url, url, timeout=60)
        report = build(store, settings=settings.model_copy(update={"workers": 1}))
        assert report.ok and report.count(Status.ADDED) == 3, report.failed
        assert store.graphs() == tiny_store.graphs()
        assert len(store) == len(tiny_store)
        for question in QUESTIONS:
            here, there = ask(question, tiny_store), ask(question, store)
            assert (there.answer, there.rows) == (here.answer, here.rows), question
        for example in examples():
            assert first_column(store, example.sparql) == first_column(tiny_store, example.sparql), example.id
        assert build(store, settings=settings.model_copy(update={"workers": 1})).count(Status.UNCHANGED) == 3


def test_the_app_answers_from_the_endpoint(remote: EndpointStore, server: str, monkeypatch: pytest.MonkeyPatch):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from probation_graph.config import get_settings

    from .conftest import ROOT

    monkeypatch.setenv("PROBATION_GRAPH_ENDPOINT", f"{server}/query")
    get_settings.cache_clear()
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
        assert not at.exception and not at.error
        assert at.sidebar.metric[0].value == "3"
        at.text_input(key="q").set_value("Who owns Mercia Vale CRC?").run()
        assert "Kestrel Partners" in at.success[0].value
        adding = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        adding.query_params["tab"] = "Add documents"
        adding.run()
        assert any("read-only" in info.value for info in adding.info), "no update URL: uploads are off"
    finally:
        get_settings.cache_clear()
        st.cache_resource.clear()
