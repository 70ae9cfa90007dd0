"""Questions through a chat model: LangChain fake chat models, no network."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from probation_graph import EmbeddedStore
from probation_graph.errors import QueryError
from probation_graph.nlq import ask
from probation_graph.nlq.guard import check_query, strip_fences
from probation_graph.nlq.llm import prompt, schema_summary

GOOD = """SELECT DISTINCT ?name WHERE {
  ?i pg:overallRating id:rating-inadequate ; pg:inspected ?u . ?u a pg:ProbationDeliveryUnit ; rdfs:label ?name }"""


def model(*replies: str) -> FakeListChatModel:
    return FakeListChatModel(responses=list(replies))


def names(rows: list[list[object]]) -> set[str]:
    return {str(row[0]) for row in rows}


def test_good_query(seed_store: EmbeddedStore):
    answer = ask("Which PDUs were rated inadequate?", seed_store, model=model(GOOD))
    assert answer.engine == "llm"
    assert names(answer.rows) == {"Barnsley and Rotherham PDU", "Sheffield PDU"}
    assert "LIMIT" in answer.sparql and answer.answer.startswith("2 result")


def test_fenced_query(seed_store: EmbeddedStore):
    answer = ask("Which PDUs were rated inadequate?", seed_store, model=model(f"Here you are:\n```sparql\n{GOOD}\n```"))
    assert answer.engine == "llm" and len(answer.rows) == 2


@pytest.mark.parametrize(
    "bad",
    ["SELECT ?name WHERE { ?i pg:overallRating ", "SELECT ?n WHERE { ?i pg:overalRating ?n }"],
    ids=["syntax", "unknown term"],
)
def test_invalid_query_is_repaired(seed_store: EmbeddedStore, bad: str):
    fake = model(bad, GOOD)
    answer = ask("Which PDUs were rated inadequate?", seed_store, model=fake)
    assert answer.engine == "llm" and len(answer.rows) == 2
    assert fake.i == 0  # both replies used


@pytest.mark.parametrize(
    "hostile",
    [
        "DROP ALL",
        "DELETE WHERE { ?s ?p ?o }",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ],
    ids=["drop", "delete", "service"],
)
def test_updates_and_service_are_refused_and_the_offline_engine_answers(seed_store: EmbeddedStore, hostile: str):
    before = len(seed_store)
    answer = ask("Which PDUs were rated inadequate?", seed_store, model=model(hostile, hostile, hostile))
    assert answer.engine == "offline"
    assert names(answer.rows) == {"Barnsley and Rotherham PDU", "Sheffield PDU"}
    assert len(seed_store) == before


def test_prompt_has_schema_entities_and_examples(seed_store: EmbeddedStore):
    from probation_graph.nlq import lexicon_for
    from probation_graph.nlq.analyse import analyse

    analysis = analyse("Who owns West Yorkshire CRC?", lexicon_for(seed_store))
    system, human = prompt("Who owns West Yorkshire CRC?", analysis)
    assert human == ("human", "Who owns West Yorkshire CRC?")
    assert "pg:ownedBy" in system[1] and "id:rating-inadequate" in system[1]
    assert "https://w3id.org/probation-graph/id/crc/west-yorkshire" in system[1]
    assert "Q: " in system[1]
    assert len(schema_summary()) < 20_000


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "updates"),
        ("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT ?x WHERE { ?x a pg:Inspecton }", "pg:Inspecton"),
        ("SELECT ?x WHERE {", "syntax"),
        ("", "empty"),
    ],
)
def test_guard_refuses(text: str, reason: str):
    with pytest.raises(QueryError, match=reason):
        check_query(text)


def test_guard_adds_prefixes_and_limit():
    checked = check_query("SELECT ?x WHERE { ?x a pg:Inspection }")
    assert checked.startswith("PREFIX pg:") and checked.rstrip().endswith("LIMIT 200")
    assert strip_fences("```sparql\nASK {}\n```") == "ASK {}"


@pytest.fixture
def configured(monkeypatch: pytest.MonkeyPatch):
    """PROBATION_GRAPH_LLM set; the model it names is whatever the test installs."""
    import probation_graph.nlq as nlq
    from probation_graph.config import get_settings

    monkeypatch.setenv("PROBATION_GRAPH_LLM", "fake:model")
    get_settings.cache_clear()
    nlq._configured_model.cache_clear()
    installed: dict[str, FakeListChatModel] = {}
    monkeypatch.setattr(nlq, "_configured_model", lambda spec: installed["model"])
    yield installed
    get_settings.cache_clear()


def test_the_library_reads_the_configured_model(seed_store: EmbeddedStore, configured):
    configured["model"] = model(GOOD)
    answer = ask("Which PDUs were rated inadequate?", seed_store)
    assert answer.engine == "llm" and answer.fallback is None and len(answer.rows) == 2


def test_a_fallback_to_the_offline_engine_is_recorded(seed_store: EmbeddedStore, configured):
    configured["model"] = model("DROP ALL", "DROP ALL", "DROP ALL")
    answer = ask("Which PDUs were rated inadequate?", seed_store)
    assert answer.engine == "offline" and answer.fallback
    assert names(answer.rows) == {"Barnsley and Rotherham PDU", "Sheffield PDU"}


def test_a_model_that_cannot_be_loaded_is_a_recorded_fallback(seed_store: EmbeddedStore, monkeypatch):
    import probation_graph.nlq as nlq
    from probation_graph.config import get_settings

    monkeypatch.setenv("PROBATION_GRAPH_LLM", "no-such-provider:model")
    get_settings.cache_clear()
    nlq._configured_model.cache_clear()
    try:
        answer = ask("Which PDUs were rated inadequate?", seed_store)
    finally:
        get_settings.cache_clear()
    assert answer.engine == "offline" and "PROBATION_GRAPH_LLM" in (answer.fallback or "")
    assert len(answer.rows) == 2
