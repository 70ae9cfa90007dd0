"""The full-text index: sentences indexed with each document, kept in step with the store, searched by BM25."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from probation_graph import EmbeddedStore, Settings, search
from probation_graph.fulltext import FullTextIndex, index_for, index_path, match_query, rank_texts
from probation_graph.nlq import ask

TEXT = (
    "Kestrel Bay PDU was rated Inadequate. Senior leaders had too little time for casework. "
    "Accommodation for people leaving prison was scarce."
)


def test_replace_and_search_best_first():
    index = FullTextIndex()
    index.replace("graph/a", "a", "1", "Kestrel Bay report", TEXT)
    index.replace("graph/b", "b", "2", "Other", "Leaders of the senior team met. Nothing else.")
    hits = index.search("senior leaders casework")
    assert [h.document for h in hits][:1] == ["a"]
    assert hits[0].sentence == "Senior leaders had too little time for casework."
    assert TEXT[hits[0].start : hits[0].end] == hits[0].sentence
    assert hits == sorted(hits, key=lambda h: h.rank)


def test_replacing_a_document_replaces_its_sentences():
    index = FullTextIndex()
    index.replace("graph/a", "a", "1", "A", TEXT)
    index.replace("graph/a", "a", "2", "A", "Only this sentence about probation remains.")
    assert index.search("accommodation") == []
    assert [h.sentence for h in index.search("probation")] == ["Only this sentence about probation remains."]
    index.drop("graph/a")
    assert index.search("probation") == [] and index.indexed() == {}


@pytest.mark.parametrize("text", ['NEAR(" OR AND', "senior* ^leaders", '"unbalanced', "(((", "-"])
def test_operators_in_the_words_are_only_words(text: str):
    index = FullTextIndex()
    index.replace("graph/a", "a", "1", "A", TEXT)
    index.search(text)  # no error
    assert all(c.isalnum() or c in ' "' for c in match_query(text).replace(" OR ", " "))


def test_the_index_follows_the_store(tiny_store: EmbeddedStore):
    index = index_for(tiny_store)
    assert tiny_store.path is not None and index_path(tiny_store.path).exists()
    held = index.indexed()
    assert held and all(graph.startswith("https://w3id.org/probation-graph/graph/document/") for graph in held)
    graph = next(iter(held))
    index.replace(graph, "stale", "not-the-hash", "stale", "A stale sentence about xylophones.")
    index.replace("https://w3id.org/probation-graph/graph/document/gone", "gone", "x", "gone", "Gone xylophones.")
    assert index.sync(tiny_store) == 2
    assert index.indexed() == held
    assert search(tiny_store, "xylophones") == []


def test_rank_texts_orders_by_relevance():
    ranks = rank_texts("senior leadership", ["no match here", "senior leadership team", "senior staff"])
    assert ranks[0] is None and ranks[1] is not None and ranks[2] is not None
    assert ranks[1] < ranks[2]


def test_a_question_no_query_fits_is_answered_by_a_labelled_text_match(tiny_store: EmbeddedStore):
    answer = ask("Tell me about families", tiny_store, model=None)
    assert answer.engine == "text" and answer.rows and answer.sources
    assert "text match" in answer.answer and answer.interpretation.startswith("text search")


def test_search_command(built_env: Settings):
    from probation_graph.cli import app

    result = CliRunner().invoke(app, ["search", "Through the Gate", "--json", "--limit", "3"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert 0 < len(lines) <= 3 and all("gate" in line["sentence"].lower() for line in lines)
    assert {"document", "title", "sentence", "start", "end", "rank"} == set(lines[0])
    plain = CliRunner().invoke(app, ["search", "zzzznotaword"])
    assert plain.exit_code == 0 and "No sentence matches" in plain.output
