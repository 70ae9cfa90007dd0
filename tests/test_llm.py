"""The optional LLM extractor, driven by LangChain fake chat models (no network, no weights)."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage

from probation_graph import EmbeddedStore, Settings, build
from probation_graph.build import to_graph
from probation_graph.errors import ConfigError
from probation_graph.extract import extract, extract_by_rules
from probation_graph.extract.llm import LLMError, load_model, locate
from probation_graph.read import read_document

from .conftest import TINY

ARTICLE = TINY / "kestrel-article.txt"


class ToolCallingFake(FakeMessagesListChatModel):
    """A fake chat model that can be bound to tools, so with_structured_output works for real."""

    def bind_tools(self, tools: Any, **kwargs: Any) -> ToolCallingFake:
        return self


def fake(args: dict[str, Any]) -> ToolCallingFake:
    call = {"name": "ExtractedFacts", "args": args, "id": "call-1", "type": "tool_call"}
    return ToolCallingFake(responses=[AIMessage(content="", tool_calls=[call])] * 5)


STRONG = "Inspectors said Kestrel Bay PDU had strong leadership."
PAYLOAD = {
    "standard_ratings": [
        {"inspection": "current", "standard": "leadership", "rating": "good", "evidence": STRONG},
        {"inspection": "current", "standard": "leadership", "rating": "brilliant", "evidence": STRONG},
    ],
    "findings": [
        {"inspection": "current", "kind": "strength", "standard": "leadership", "text": "Strong leadership", "evidence": STRONG},
        {"inspection": "current", "kind": "strength", "text": "Made up", "evidence": "This sentence is not in the text."},
    ],
    "organisations": [
        {"name": "Kestrel Bay", "kind": "ProbationDeliveryUnit", "evidence": "Inspectors said  Kestrel Bay PDU\nhad strong leadership."},
    ],
    "relations": [{"subject": "Kestrel Bay", "predicate": "likes", "object": "Shelter", "evidence": STRONG}],
}  # fmt: skip


def test_llm_records_are_kept_only_with_evidence_and_known_concepts():
    document = read_document(ARTICLE, max_bytes=10**6)
    rules = extract_by_rules(document)
    merged = extract(document, model=fake(PAYLOAD))
    assert [(r.standard, r.rating) for r in merged.standard_ratings] == [("leadership", "good")]
    assert [f.text for f in merged.findings] == ["Strong leadership"]
    assert merged.relations == rules.relations
    assert len(merged.organisations) == len(rules.organisations)
    for fact in merged.facts():
        assert document.text[fact.evidence.start : fact.evidence.end] == fact.evidence.text
    graph = to_graph(merged)
    assert len(graph.triples) > len(to_graph(rules).triples)


def test_llm_facts_reach_the_store(settings: Settings, store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys.modules["probation_graph.ingest"], "load_model", lambda spec: fake(PAYLOAD))
    report = build(store, settings=settings.model_copy(update={"llm": "fake:model"}))
    assert report.ok, report.failed
    ask = "ASK { ?r pg:standard id:standard-leadership ; pg:rating id:rating-good ; pg:evidence/oa:hasSelector/oa:exact ?e }"
    assert store.query(ask).boolean


def test_model_without_structured_output_is_a_clear_error():
    document = read_document(ARTICLE, max_bytes=10**6)
    model = FakeMessagesListChatModel(responses=[AIMessage(content="{}")])
    with pytest.raises(LLMError, match="structured output"):
        extract(document, model=model)


def test_failing_model_fails_the_document_not_the_store(settings: Settings, store: EmbeddedStore, monkeypatch):
    class Broken(ToolCallingFake):
        def _generate(self, *args: Any, **kwargs: Any) -> Any:
            raise ConnectionError("model server unreachable")

    monkeypatch.setattr(sys.modules["probation_graph.ingest"], "load_model", lambda spec: Broken(responses=[]))
    report = build(store, settings=settings.model_copy(update={"llm": "fake:model"}))
    assert not report.ok and "unreachable" in (report.failed[0].error or "")
    assert not [g for g in store.graphs() if "/document/" in g]


def test_missing_llm_extra_is_a_config_error(monkeypatch: pytest.MonkeyPatch):
    import builtins

    real_import = builtins.__import__

    def no_langchain(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.startswith("langchain.chat_models"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_langchain)
    with pytest.raises(ConfigError, match=r"\[llm\]"):
        load_model("openai:gpt-4o-mini")


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("strong leadership.", "strong leadership."),
        ("Kestrel   Bay\nPDU had", "Kestrel Bay PDU had"),
        ("not there", None),
    ],
)
def test_locate(quote: str, found: str | None):
    span = locate(ARTICLE.read_text(), quote)
    assert (span.text if span else None) == found
