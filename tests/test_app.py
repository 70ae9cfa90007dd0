from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from probation_graph import Settings

from .conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture
def app_env(tiny_store, settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    tiny_store.close()
    del tiny_store
    monkeypatch.setenv("PROBATION_GRAPH_STORE", str(settings.store))
    from probation_graph.config import get_settings

    get_settings.cache_clear()
    st.cache_resource.clear()
    yield settings
    get_settings.cache_clear()
    st.cache_resource.clear()


def test_page_shows_the_graph_and_runs_an_example(app_env: Settings):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception and not at.error
    assert at.title[0].value == "probation_graph"
    assert at.sidebar.metric[0].value == "3"
    at.selectbox[0].select("Overall rating of every inspection").run()
    run_button(at).click().run()
    frame = at.dataframe[0].value
    assert set(frame["organisation"]) == {"Kestrel Bay PDU", "Mercia Vale CRC", "Northmoor and Eastdale PDU"}


def test_bad_query_is_a_message_not_a_traceback(app_env: Settings):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_area[0].set_value("SELECT ?x WHERE {").run()
    run_button(at).click().run()
    assert not at.exception
    assert "syntax error" in at.error[0].value


def run_button(at: AppTest):
    return next(b for b in at.button if b.label == "Run query")


def test_asking_a_question_shows_answer_table_and_evidence(app_env: Settings):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="question").set_value("Who owns Mercia Vale CRC?").run()
    assert not at.exception
    assert "Kestrel Partners" in at.success[0].value
    assert "Kestrel Partners" in set(at.dataframe[0].value.iloc[:, 0])
    assert any("owned by Kestrel Partners" in m.value for m in at.markdown)
    assert "SELECT" in at.code[0].value


def test_example_button_asks_its_question(app_env: Settings):
    at = AppTest.from_file(APP, default_timeout=60).run()
    example = next(b for b in at.button if b.label != "Run query")
    example.click().run()
    assert not at.exception
    assert at.text_input(key="question").value == example.label


def test_a_question_with_no_data_says_so(app_env: Settings):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_input(key="question").set_value("What rating did Leeds PDU get?").run()
    assert not at.exception and "No data" in at.info[0].value


def test_missing_store_tells_how_to_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PROBATION_GRAPH_STORE", str(tmp_path / "none"))
    from probation_graph.config import get_settings

    get_settings.cache_clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "build" in at.error[0].value
    get_settings.cache_clear()
