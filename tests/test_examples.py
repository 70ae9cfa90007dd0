from __future__ import annotations

import pytest

from probation_graph import EmbeddedStore, query
from probation_graph.examples import examples


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.id)
def test_every_example_returns_rows_on_the_seed_graph(seed_store: EmbeddedStore, example):
    result = query(seed_store, example.sparql)
    assert result.kind == "select"
    assert result.rows, f"{example.id} returned no rows"


def test_examples_declare_their_prefixes():
    from rdflib.plugins.sparql import prepareQuery

    for example in examples():
        prepareQuery(example.sparql)  # raises on an undeclared prefix


@pytest.mark.parametrize("example", examples(), ids=lambda e: e.id)
def test_the_offline_engine_answers_every_example_question(seed_store: EmbeddedStore, example):
    from probation_graph.nlq import ask

    answer = ask(example.question, seed_store)
    assert answer.error is None and answer.rows, answer.error or answer.answer
