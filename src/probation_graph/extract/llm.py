"""Optional extraction by a chat model (LangChain), into the same record schema as the rules.

Used only when ``PROBATION_GRAPH_LLM`` names a model (``openai:gpt-4o-mini``, ``ollama:qwen2.5``;
any provider ``init_chat_model`` knows, installed with the ``[llm]`` extra). The model fills
the schema of :mod:`probation_graph.models` through ``with_structured_output``, quoting for each
record the sentence it comes from; a record is kept only when that quote is found in the
document, and only when it names concepts the ontology has. Kept records are merged with the
rule-based ones (a record the rules already have is not added twice).
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, Field, ValidationError, create_model
from pydantic_core import PydanticUndefined

from ..errors import ConfigError, ProbationGraphError
from ..models import (
    DateFact,
    Document,
    Extraction,
    Fact,
    Finding,
    Inspection,
    KeyQuestion,
    Measurement,
    Organisation,
    Person,
    Quotation,
    Recommendation,
    Relation,
    Service,
    Span,
    StandardRating,
)
from ..ontology import vocabulary
from .facts import CURRENT

RECORDS: dict[str, type[Fact]] = {
    "organisations": Organisation,
    "relations": Relation,
    "people": Person,
    "inspections": Inspection,
    "dates": DateFact,
    "standard_ratings": StandardRating,
    "key_questions": KeyQuestion,
    "findings": Finding,
    "recommendations": Recommendation,
    "services": Service,
    "measurements": Measurement,
    "quotations": Quotation,
}
CONCEPT_FIELDS: dict[str, str] = {
    "overall_rating": "rating",
    "rating": "rating",
    "standard": "standard",
    "metric": "metric",
    "unit": "unit",
    "staff_grade": "grade",
    "service_type": "service-type",
    "role": "role",
}
"""Record fields that hold concept keys, and the scheme each key must belong to."""

CHUNK = 12_000

PROMPT = """You extract facts from documents about inspections of probation services in England and Wales
by HM Inspectorate of Probation. Fill the schema with every fact the text states, and nothing it
does not state. For each record, `evidence` must be the exact sentence of the text it comes from,
copied character for character. Use `current` as the inspection key for the inspection the
document is about, and another key (such as `previous`) for earlier inspections it mentions.
Concept fields take one of these keys:
{concepts}"""


class LLMError(ProbationGraphError):
    """The configured chat model could not be loaded or did not answer."""


def _lenient(annotation: Any) -> tuple[Any, str]:
    """Closed types (literals, enums) as plain text, with their values in the description.

    The model's answer is parsed leniently so one bad record does not spoil the others; each
    record is then validated against the real schema, and dropped on its own if it fails.
    """
    values: list[str] = []
    for arg in (annotation, *get_args(annotation)):
        if get_origin(arg) is Literal:
            values.extend(str(v) for v in get_args(arg))
        elif isinstance(arg, type) and issubclass(arg, Enum):
            values.extend(str(member.value) for member in arg)
    if not values:
        return annotation, ""
    return (str | None), "one of: " + ", ".join(values)


def _quoted(model: type[Fact]) -> type[BaseModel]:
    """The record type with ``evidence`` as the quoted sentence instead of offsets."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name == "evidence":
            continue
        annotation, allowed = _lenient(info.annotation)
        description = " ".join(filter(None, (info.description, allowed))) or None
        default = info.default if info.default is not PydanticUndefined else ...
        fields[name] = (annotation, Field(default=default, description=description))
    fields["evidence"] = (str, Field(description="the exact sentence of the document this record comes from"))
    return create_model(f"{model.__name__}Quote", __doc__=model.__doc__, **fields)


def payload_schema() -> type[BaseModel]:
    """The schema the chat model fills: a list of each kind of record, with quoted evidence."""
    fields: dict[str, Any] = {}
    for name, record in RECORDS.items():
        quoted: Any = _quoted(record)
        fields[name] = (list[quoted], Field(default_factory=list))
    return create_model("ExtractedFacts", __doc__="Facts stated in a probation inspection document.", **fields)


def load_model(spec: str) -> Any:
    """The chat model named ``provider:model`` (LangChain's ``init_chat_model``)."""
    try:
        from langchain.chat_models import init_chat_model
    except ImportError as exc:
        raise ConfigError("PROBATION_GRAPH_LLM needs the LLM extra: pip install 'probation-graph[llm]'") from exc
    try:
        return init_chat_model(spec)
    except (ImportError, ValueError) as exc:
        raise ConfigError(f"PROBATION_GRAPH_LLM={spec!r}: {exc}") from exc


def _concepts() -> str:
    lines = []
    for field, scheme in CONCEPT_FIELDS.items():
        keys = ", ".join(c.key for c in vocabulary().scheme(scheme))
        lines.append(f"- {field}: {keys}")
    return "\n".join(lines)


def locate(text: str, quote: str, start_hint: int = 0) -> Span | None:
    """Find ``quote`` in ``text`` (exactly, else ignoring differences in whitespace)."""
    quote = quote.strip()
    if not quote:
        return None
    position = text.find(quote, start_hint)
    if position < 0:
        position = text.find(quote)
    if position >= 0:
        return Span(start=position, end=position + len(quote), text=quote)
    pattern = r"\s+".join(re.escape(word) for word in quote.split())
    match = re.search(pattern, text)
    if match is None:
        return None
    return Span(start=match.start(), end=match.end(), text=match.group(0))


def _valid_concepts(record: dict[str, Any]) -> bool:
    for field, scheme in CONCEPT_FIELDS.items():
        value = record.get(field)
        if value is None:
            continue
        try:
            vocabulary().concept(scheme, value)
        except KeyError:
            return False
    return True


def llm_records(document: Document, model: Any) -> Extraction:
    """Ask ``model`` for the document's records; keep those whose evidence is found in the text."""
    schema = payload_schema()
    try:
        structured = model.with_structured_output(schema)
    except NotImplementedError as exc:
        raise LLMError(f"the chat model {type(model).__name__} cannot produce structured output") from exc
    system = PROMPT.format(concepts=_concepts())
    kept: dict[str, list[Fact]] = {name: [] for name in RECORDS}
    for offset in range(0, len(document.text), CHUNK):
        chunk = document.text[offset : offset + CHUNK]
        try:
            answer = structured.invoke([("system", system), ("human", chunk)])
        except (ValidationError, ValueError) as exc:
            raise LLMError(f"{document.path}: the chat model's answer did not fit the schema: {exc}") from exc
        except Exception as exc:
            raise LLMError(f"{document.path}: the chat model failed: {exc}") from exc
        data = answer.model_dump() if isinstance(answer, BaseModel) else dict(answer or {})
        for name, record_type in RECORDS.items():
            for item in data.get(name) or []:
                span = locate(document.text, str(item.get("evidence", "")), offset)
                if span is None or not _valid_concepts(item):
                    continue
                try:
                    kept[name].append(record_type.model_validate({**item, "evidence": span.model_dump()}))
                except ValidationError:
                    continue
    return Extraction.model_validate({"document": document, **{name: tuple(records) for name, records in kept.items()}})


def merge(rules: Extraction, llm: Extraction) -> Extraction:
    """The rule-based records plus the model's records that add something new."""
    main = rules.inspections[0].key if rules.inspections else CURRENT
    renamed = {CURRENT: main}
    keys = {i.key for i in rules.inspections} | {renamed.get(i.key, i.key) for i in llm.inspections}
    merged: dict[str, tuple[Fact, ...]] = {}
    for name in RECORDS:
        existing: tuple[Fact, ...] = getattr(rules, name)
        seen = {_identity(record) for record in existing}
        extra = []
        for record in getattr(llm, name):
            if name == "inspections":
                record = record.model_copy(update={"key": renamed.get(record.key, record.key)})
            elif "inspection" in type(record).model_fields:
                key = renamed.get(getattr(record, "inspection", None) or "", getattr(record, "inspection", None))
                record = record.model_copy(update={"inspection": key if key in keys or key is None else main})
            if name == "inspections" and record.key in {i.key for i in rules.inspections}:
                continue
            if _identity(record) not in seen:
                seen.add(_identity(record))
                extra.append(record)
        merged[name] = (*existing, *extra)
    known = {i.key for i in merged["inspections"]}  # type: ignore[attr-defined]
    for name in RECORDS:
        merged[name] = tuple(
            r
            for r in merged[name]
            if getattr(r, "inspection", None) is None or r.inspection in known  # type: ignore[attr-defined]
        )
    return rules.model_copy(update=merged)


def _identity(record: Fact) -> tuple[Any, ...]:
    """What makes two records the same fact, whatever their evidence."""
    data = record.model_dump(exclude={"evidence"})
    return (type(record).__name__, *sorted((k, str(v)) for k, v in data.items()))
