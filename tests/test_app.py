from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from probation_graph import EmbeddedStore, Settings, build

from .conftest import ROOT

APP = str(ROOT / "app.py")

NEW_ARTICLE = b"""Inspectors rate Harrowgate probation service as 'Outstanding'.
Harrowgate Probation Delivery Unit (PDU) received an overall rating of 'Outstanding' following an inspection
by His Majesty's Inspectorate of Probation.
Inspectors said Harrowgate PDU had strong leadership.
"""


def _reset() -> None:
    from probation_graph.config import get_settings

    get_settings.cache_clear()
    st.cache_resource.clear()
    gc.collect()


@pytest.fixture
def iris(settings: Settings) -> dict[str, str]:
    """Build the tiny corpus into the on-disk store; its organisations' IRIs by name, read before the store is closed.

    The tests never open the store a second time while the app holds it: a read-only open beside a writer is
    undefined behaviour in pyoxigraph (RocksDB's read-only open reads the file list, then opens each file; a file the
    writer deletes in between fails the open with "Corruption: ... .sst: No such file or directory").
    """
    from probation_graph.profile import organisations

    built = EmbeddedStore(settings.store)
    assert build(built, settings=settings).ok
    found = {organisation.label: organisation.iri for organisation in organisations(built)}
    built.close()
    del built
    return found


@pytest.fixture
def app_env(iris: dict[str, str], settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The tiny corpus built into an on-disk store (closed) that the app opens through the environment."""
    monkeypatch.setenv("PROBATION_GRAPH_STORE", str(settings.store))
    monkeypatch.setenv("PROBATION_GRAPH_DATA", str(settings.data))
    _reset()
    yield settings
    _reset()


def page(tab: str | None = None) -> AppTest:
    """The app as it opens, or on ``tab`` as a link with ``?tab=`` opens it."""
    at = AppTest.from_file(APP, default_timeout=60)
    if tab:
        at.query_params["tab"] = tab
    return at.run()


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_page_shows_the_graph_and_runs_an_example(app_env: Settings):
    at = page("SPARQL")
    assert not at.exception and not at.error
    assert at.title[0].value == "probation_graph"
    assert at.sidebar.metric[0].value == "3"
    at.selectbox(key="example-query").select("Overall rating of every inspection").run()
    button(at, "Run query").click().run()
    frame = next(f.value for f in at.dataframe if list(f.value.columns) == ["organisation", "rating"])
    assert set(frame["organisation"]) == {"Kestrel Bay PDU", "Mercia Vale CRC", "Northmoor and Eastdale PDU"}


def test_bad_query_is_a_message_not_a_traceback(app_env: Settings):
    at = page("SPARQL")
    editor = next(area for area in at.text_area if area.key.startswith("sparql-"))
    editor.set_value("SELECT ?x WHERE {").run()
    button(at, "Run query").click().run()
    assert not at.exception
    assert "syntax error" in at.error[0].value


def test_service_is_refused_in_the_sparql_tab(app_env: Settings):
    at = page("SPARQL")
    editor = next(area for area in at.text_area if area.key.startswith("sparql-"))
    editor.set_value("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }").run()
    button(at, "Run query").click().run()
    assert not at.exception
    assert "SERVICE" in at.error[0].value and "not allowed" in at.error[0].value


def test_asking_a_question_shows_answer_table_evidence_and_graph(app_env: Settings):
    at = page()
    at.text_input(key="q").set_value("Who owns Mercia Vale CRC?").run()
    assert not at.exception
    assert "Kestrel Partners" in at.success[0].value
    assert "Kestrel Partners" in set(at.dataframe[0].value.iloc[:, 0])
    evidence = [m.value for m in at.markdown if 'class="evidence"' in m.value]
    assert any("owned by <mark>Kestrel Partners</mark>" in e for e in evidence)
    assert any("SELECT" in area.value for area in at.text_area if area.key.startswith("answer-sparql"))
    assert "The graph around the answer" in [h.value for h in at.subheader]
    assert at.get("vega_lite_chart"), "the answer's graph is drawn"


def test_answer_sparql_can_be_edited_and_run_again(app_env: Settings):
    at = page()
    at.text_input(key="q").set_value("Which PDUs were rated inadequate?").run()
    editor = next(area for area in at.text_area if area.key.startswith("answer-sparql"))
    editor.set_value(
        "SELECT DISTINCT ?name WHERE { ?d pg:sourceId ?id ; pg:mentions ?u . ?u a pg:ProbationDeliveryUnit ; "
        "rdfs:label ?name } ORDER BY ?name"
    ).run()
    button(at, "Run this SPARQL").click().run()
    assert not at.exception
    frames = [frame.value for frame in at.dataframe if list(frame.value.columns) == ["name"]]
    assert [list(frame["name"]) for frame in frames] == [["Kestrel Bay PDU", "Northmoor and Eastdale PDU"]]


def test_a_comparable_answer_gets_a_chart(app_env: Settings):
    at = page()
    at.text_input(key="q").set_value("List every organisation inspected and its overall rating").run()
    assert not at.exception
    charts = at.get("vega_lite_chart")
    assert len(charts) >= 2, "a ratings chart besides the graph view"


def test_example_button_asks_its_question(app_env: Settings):
    at = page()
    example = next(b for b in at.button if b.key and b.key.startswith("example-"))
    example.click().run()
    assert not at.exception
    assert at.text_input(key="q").value == example.label
    assert at.success or at.info


def test_a_question_with_no_data_says_so(app_env: Settings):
    at = page()
    at.text_input(key="q").set_value("What rating did Leeds PDU get?").run()
    assert not at.exception and "No data" in at.info[0].value


def test_profile_shows_inspections_ratings_figures_and_documents(app_env: Settings, iris: dict[str, str]):
    at = page("Profiles")
    at.selectbox(key="unit").set_value(iris["Northmoor and Eastdale PDU"]).run()
    assert not at.exception
    assert "Northmoor and Eastdale PDU" in [h.value for h in at.header]
    latest = next(m for m in at.metric if m.label == "Latest rating")
    assert latest.value == "Requires improvement"
    headings = [m.value for m in at.markdown]
    assert "#### Documents that mention it" in headings
    assert any(e.label.startswith("Inspection of Northmoor and Eastdale PDU") for e in at.expander)


def test_network_tab_centres_on_an_organisation(app_env: Settings, iris: dict[str, str]):
    at = page("Network")
    before = len(at.get("vega_lite_chart"))
    at.selectbox(key="centre").set_value(iris["Mercia Vale CRC"]).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == before
    at.slider(key="radius").set_value(2).run()
    assert not at.exception


def test_export_tab_offers_rdf_and_network_downloads(app_env: Settings):
    at = page("Export")
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Turtle", "N-Quads (with named graphs)", "JSON-LD", "GRAPHML", "GEXF", "CSV: nodes"} <= labels
    at.selectbox(key="projection").set_value("provider-unit").run()
    assert not at.exception
    assert any("nodes and" in c.value for c in at.caption)


def test_uploading_a_document_adds_its_facts(app_env: Settings):
    at = page("Add documents")
    at.file_uploader[0].set_value(("harrowgate-news.txt", NEW_ARTICLE, "text/plain"))
    button(at, "Add to the graph").click().run()
    assert not at.exception and not at.error
    assert "harrowgate-news.txt added" in at.success[-1].value
    assert any("Harrowgate PDU" in str(frame.value) for frame in at.dataframe)
    assert (app_env.data / "uploads" / "harrowgate-news.txt").read_bytes() == NEW_ARTICLE
    assert any("Outstanding" in str(frame.value) for frame in at.dataframe), "the inspection it reports is listed"
    at = page("Ask a question")
    at.text_input(key="q").set_value("What rating did Harrowgate PDU get?").run()
    assert "Outstanding" in at.success[0].value


def test_an_upload_without_inspection_facts_is_a_warning_and_an_unchanged_one_says_so(app_env: Settings):
    at = page("Add documents")
    recipe = b"How to bake bread.\nMix flour, water and yeast, and leave the dough to rise overnight.\n"
    at.file_uploader[0].set_value(("bread.txt", recipe, "text/plain"))
    button(at, "Add to the graph").click().run()
    assert not at.exception and not at.error and not at.success
    assert "no inspection facts" in at.warning[0].value
    at = page("Add documents")
    at.file_uploader[0].set_value(("harrowgate-news.txt", NEW_ARTICLE, "text/plain"))
    button(at, "Add to the graph").click().run()
    assert "Facts found in it" in " ".join(m.value for m in at.markdown)
    at = page("Add documents")
    at.file_uploader[0].set_value(("harrowgate-news.txt", NEW_ARTICLE, "text/plain"))
    button(at, "Add to the graph").click().run()
    assert not at.success and "unchanged" in at.info[0].value
    assert not any("Facts found" in m.value for m in at.markdown), "an unchanged document reports no new facts"


def test_the_uploader_states_the_products_size_limit(app_env: Settings):
    at = page("Add documents")
    assert any("20,000,000 bytes" in c.value for c in at.caption)
    assert at.file_uploader[0].proto.max_upload_size_mb == 20


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"   \n", "empty"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("binary.txt", b"\x00\x01\x02" * 100, "binary"),
    ],
)
def test_a_bad_upload_is_refused_and_changes_nothing(app_env: Settings, name: str, data: bytes, reason: str):
    at = page("Add documents")
    triples_before = at.sidebar.metric[1].value
    at.file_uploader[0].set_value((name, data, "application/octet-stream"))
    button(at, "Add to the graph").click().run()
    assert not at.exception
    assert f"{name} was not added" in at.error[0].value and reason in at.error[0].value
    assert not (app_env.data / "uploads").exists()
    assert page().sidebar.metric[1].value == triples_before


HOLDER = """
import sys
from pathlib import Path
from probation_graph import EmbeddedStore

store = EmbeddedStore(Path(sys.argv[1]))
print("open", flush=True)
sys.stdin.read()
"""


def test_store_held_by_another_writer_opens_read_only(app_env: Settings):
    """Another process holds the store for writing (and writes nothing): the app opens it read-only.

    The holder reports when it has the store open; it lets go only after the app has released its read-only view.
    """
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(app_env.store)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n", "the holder could not open"
        at = page("Add documents")
        assert not at.exception and not at.error
        assert any("read-only" in i.value for i in at.info)
        assert not at.file_uploader
        del at
    finally:
        _reset()
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait()
    assert holder.returncode == 0


def test_missing_store_tells_how_to_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PROBATION_GRAPH_STORE", str(tmp_path / "none"))
    _reset()
    at = page()
    assert not at.exception
    assert "build" in at.error[0].value
    assert not (tmp_path / "none").exists(), "opening the app must not create an empty store"
    _reset()


@pytest.fixture
def corpus_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The seeds and the invented analytics corpus (more than a handful of units) in a store the app opens."""
    from .conftest import ANALYTICS, seeds_with

    settings = Settings(data=seeds_with(tmp_path, ANALYTICS), store=tmp_path / "store")
    built = EmbeddedStore(settings.store)
    assert build(built, settings=settings).ok
    built.close()
    del built
    monkeypatch.setenv("PROBATION_GRAPH_STORE", str(settings.store))
    monkeypatch.setenv("PROBATION_GRAPH_DATA", str(settings.data))
    _reset()
    yield settings
    _reset()


def test_a_corpus_opens_on_the_overview_which_filters_and_opens_profiles(corpus_env: Settings):
    at = page()
    assert not at.exception and not at.error
    assert {m.label: m.value for m in at.metric}["Units inspected"] == "8"
    table = at.dataframe[0].value
    assert len(table) == 8 and "Good (3 of 4)" in set(table["rating"])
    assert "None" not in table.to_string() and "nan" not in table.to_string()
    at.multiselect(key="region").set_value(["North West region"]).run()
    assert set(at.dataframe[0].value["unit"]) == {"Avon Hill PDU", "Tarn Vale PDU"}
    at.selectbox(key="open").set_value(next(iter(at.selectbox(key="open").options))).run()
    at.button(key="open-profile").click().run()
    assert not at.exception
    assert at.header[0].value in {"Avon Hill PDU", "Tarn Vale PDU"}
    assert at.query_params["tab"] == "Profiles"


def test_a_shared_question_link_opens_the_answer(corpus_env: Settings):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["q"] = "Which PDUs were rated inadequate?"
    at.run()
    assert not at.exception
    assert at.text_input(key="q").value == "Which PDUs were rated inadequate?"
    assert "Tarn Vale PDU" in at.success[0].value
    assert any("Understood as" in m.value for m in at.markdown), "the interpretation is shown above the answer"


def test_shared_profile_and_comparison_links_open_their_views(corpus_env: Settings):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["unit"] = "Tarn Vale PDU"
    at.run()
    assert not at.exception and at.header[0].value == "Tarn Vale PDU", "not the first unit: the one the link names"
    assert any("Ratings over time" in m.value for m in at.markdown), "its own history, from its two inspections"
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["compare"] = ["Avon Hill PDU", "Tarn Vale PDU"]
    at.run()
    assert not at.exception
    ratings = at.dataframe[0].value
    assert list(ratings.columns) == ["", "Avon Hill PDU", "Tarn Vale PDU"]
    assert list(ratings.iloc[0]) == ["Overall", "Good", "Inadequate"]
    assert at.selectbox(key="compare-row").value == "Overall"
    assert any('class="evidence"' in m.value for m in at.markdown), "the sentences behind a row"


def test_change_over_time_lists_each_step(corpus_env: Settings):
    at = page("Change over time")
    assert not at.exception
    steps = at.dataframe[0].value
    avon = steps[steps["unit"] == "Avon Hill PDU"].iloc[0]
    assert (avon["from"], avon["to"], avon["change"]) == ("Requires improvement", "Good", "▲ improved")
    assert any("improved: 1" in c.value for c in at.caption)


def test_no_stray_text_on_the_page(app_env: Settings):
    """A bare string in the script is drawn by Streamlit: only the page's own words appear."""
    at = page()
    assert not any("search box shows" in m.value or "table shows where" in m.value for m in at.markdown)
