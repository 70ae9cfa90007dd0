"""`pg.query`: the library's read-only query, held to the same checks as every other surface."""

from __future__ import annotations

import pytest

import probation_graph as pg
from probation_graph import EmbeddedStore
from probation_graph.errors import QueryError, StoreError

FEDERATED = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"


@pytest.mark.parametrize("sparql", [None, 42, b"ASK {}"])
def test_a_query_that_is_not_text_is_a_query_error(sparql: object):
    with pytest.raises(QueryError, match="SPARQL text"):
        pg.query(EmbeddedStore(), sparql)  # type: ignore[arg-type]


def test_service_is_refused_unless_allowed(monkeypatch: pytest.MonkeyPatch):
    store = EmbeddedStore()
    with pytest.raises(QueryError, match="PROBATION_GRAPH_ALLOW_SERVICE"):
        pg.query(store, FEDERATED)
    with pytest.raises(StoreError, match="port 9"):
        pg.query(store, FEDERATED, allow_service=True)
    monkeypatch.setenv("PROBATION_GRAPH_ALLOW_SERVICE", "1")
    pg.get_settings.cache_clear()
    try:
        with pytest.raises(StoreError, match="port 9"):
            pg.query(store, FEDERATED)
    finally:
        pg.get_settings.cache_clear()


def test_a_query_that_only_mentions_service_runs():
    result = pg.query(EmbeddedStore(), "SELECT ?service WHERE { VALUES ?service { 'SERVICE <http://x/>' } }")
    assert [str(row[0]) for row in result.rows] == ["SERVICE <http://x/>"]
