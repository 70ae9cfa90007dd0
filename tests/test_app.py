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
    at.button[0].click().run()
    frame = at.dataframe[0].value
    assert set(frame["organisation"]) == {"Kestrel Bay PDU", "Mercia Vale CRC", "Northmoor and Eastdale PDU"}


def test_bad_query_is_a_message_not_a_traceback(app_env: Settings):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.text_area[0].set_value("SELECT ?x WHERE {").run()
    at.button[0].click().run()
    assert not at.exception
    assert "syntax error" in at.error[0].value


def test_missing_store_tells_how_to_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("PROBATION_GRAPH_STORE", str(tmp_path / "none"))
    from probation_graph.config import get_settings

    get_settings.cache_clear()
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "build" in at.error[0].value
    get_settings.cache_clear()
