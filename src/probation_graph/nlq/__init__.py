"""Plain-English questions to SPARQL, rows, a one-sentence answer and the sentences behind it.

``ask(question, store)`` analyses the question against the graph's own labels and the ontology's
lexicon, composes a query (``plans``), runs it read-only, keeps the rows that best match the
question, and fetches each row's evidence. With a chat model configured it asks the model first
(``nlq.llm``) and falls back to the offline engine when the model's query cannot be used.
"""

from __future__ import annotations

import logging
import math
import re
import threading
import weakref
from decimal import Decimal
from functools import lru_cache
from typing import Any, NamedTuple

from pydantic import BaseModel, Field, field_validator
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from ..classes import registry
from ..errors import ConfigError, ProbationGraphError, QueryError
from ..evidence import Source, sources
from ..examples import examples
from ..extract.numbers import NUMBER, to_number
from ..fulltext import rank_texts, search
from ..store import Result, Store, Term
from .analyse import Analysis, analyse
from .frame import frame
from .lexicon import STOP_WORDS, Lexicon, build_lexicon, content, metric_synonyms, tokens
from .planner import Choice, choose, unused_words
from .plans import Plan
from .templates import literal

logger = logging.getLogger(__name__)

MAX_QUESTION = 1000
"""Longest question accepted, in characters."""


class Answer(BaseModel):
    """The answer to a question: the query that produced it, its rows, a sentence and its sources."""

    question: str
    sparql: str = ""
    columns: list[str] = Field(default_factory=list)
    rows: list[list[Any]] = Field(default_factory=list)
    answer: str = ""
    sources: list[Source] = Field(default_factory=list)
    entities: list[str] = Field(default_factory=list)
    engine: str = "offline"
    """Which engine answered: 'llm' (the configured chat model) or 'offline'."""
    fallback: str | None = None
    """Why the offline engine answered although a chat model is configured (its query could not be used)."""
    error: str | None = None
    interpretation: str = ""
    """What the question was understood as, in plain English, rendered from the plan that answered."""
    unused: list[str] = Field(default_factory=list)
    """Words of the question the answer did not use."""
    not_applied: list[str] = Field(default_factory=list)
    """Parts of the question (in its own words) that narrow it but could not be applied: no rows are given."""

    @field_validator("*", mode="before")
    @classmethod
    def _unicode(cls, value: Any) -> Any:
        """Every text of the answer as valid Unicode, so it can always be written as JSON."""
        return valid_unicode(value)


def valid_unicode(value: Any) -> Any:
    """``value`` (text, or lists of it) with each lone surrogate replaced by U+FFFD; other values unchanged."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, list):
        return [valid_unicode(item) for item in value]
    return value


_LEXICONS: weakref.WeakKeyDictionary[Any, tuple[int, Lexicon]] = weakref.WeakKeyDictionary()


_LEXICON_LOCK = threading.Lock()
_UNIT_KINDS = frozenset(c.key for c in registry().units())


def lexicon_for(store: Store) -> Lexicon:
    """The lexicon of ``store``, built once per store object (by one thread) and again after writes through it."""
    version = int(getattr(store, "version", 0))
    with _LEXICON_LOCK:
        try:
            built, lexicon = _LEXICONS[store]
        except KeyError:
            built, lexicon = -1, Lexicon()
        except TypeError:
            return build_lexicon(store)
        if built != version:
            lexicon = build_lexicon(store)
            _LEXICONS[store] = (version, lexicon)
        return lexicon


@lru_cache(maxsize=1)
def _default_store() -> Store:
    from ..store import open_store

    return open_store(read_only=True)


_NO_MODEL = object()


@lru_cache(maxsize=4)
def _configured_model(spec: str) -> Any:
    from ..extract.llm import load_model

    return load_model(spec)


def configured_model() -> Any:
    """The chat model ``PROBATION_GRAPH_LLM`` names (loaded once per process), or ``None`` when unset."""
    from ..config import get_settings

    spec = get_settings().llm
    return _configured_model(spec) if spec else None


def ask(question: str, store: Store | None = None, *, model: Any = _NO_MODEL) -> Answer:
    """Answer ``question`` from ``store`` (default: the configured store, opened once per process).

    The chat model is ``model`` when given (``None``: offline only), else the one ``PROBATION_GRAPH_LLM``
    names, so every surface (CLI, app, ``/ask``) answers alike. It is asked first; the offline engine
    answers when its query cannot be used, and ``Answer.fallback`` says why. A bad question is reported
    in ``Answer.error``; this never raises for one.
    """
    store = store if store is not None else _default_store()
    question = " ".join(valid_unicode(str(question)).split())
    if not question:
        return Answer(question=question, error="Ask a question, for example: " + _suggestions(""))
    if len(question) > MAX_QUESTION:
        return Answer(
            question=question[:MAX_QUESTION],
            error=f"The question is {len(question):,} characters long; ask in at most {MAX_QUESTION:,}.",
        )
    lexicon = lexicon_for(store)
    analysis = analyse(question, lexicon)
    fallback: str | None = None
    if model is _NO_MODEL:
        try:
            model = configured_model()
        except ConfigError as exc:
            model, fallback = None, str(exc)
    if model is not None:
        from .llm import LLMQuestionError, ask_llm

        try:
            answered: Answer | None = ask_llm(question, analysis, store, model)
        except LLMQuestionError as exc:
            logger.warning("falling back to the offline engine: %s", exc)
            answered, fallback = None, str(exc)
        if answered is not None:
            return answered
        fallback = fallback or "the chat model gave no query that could be used"
    answer = _offline(question, analysis, store, lexicon)
    answer.fallback = fallback
    return answer


def _offline(question: str, analysis: Analysis, store: Store, lexicon: Lexicon) -> Answer:
    """The offline engine: the planner's best plan, run read-only."""
    choice = choose(analysis)
    if choice is None:
        unused = unused_words(analysis, frame(analysis))
        matched = _text_match(question, store, unused)
        if matched is not None:
            return matched
        return Answer(
            question=question,
            error="I could not turn that into a query. Questions I can answer look like: " + _suggestions(question),
            unused=unused,
        )
    if choice.missing:
        return _not_applied(question, choice)
    topic = choice.topic
    answer, answered = run_plan(question, choice.plan, analysis, store, lexicon, topic=topic)
    answer.interpretation = choice.interpretation_of(answered) + (f" · about ‘{' '.join(topic)}’" if topic else "")
    answer.unused = [] if topic else choice.unused
    return answer


PERCENT_UNITS = frozenset({"per cent", "percent", "%"})
"""The units of a figure that answers 'what percentage / proportion / share'."""

TEXT_MATCHES = 5
"""Sentences given when no query fits a question and the full-text index finds its words."""


def _text_match(question: str, store: Store, unused: list[str]) -> Answer | None:
    """When no query fits: the sentences that best match the question's words, labelled as a text match."""
    words = [w for w in unused if len(w) > 2]
    if not words:
        return None
    try:
        hits = search(store, " ".join(words), limit=TEXT_MATCHES)
    except ProbationGraphError as exc:
        logger.warning("text search failed: %s", exc)
        return None
    if not hits:
        return None
    return Answer(
        question=question,
        columns=["document", "sentence"],
        rows=[[hit.title, hit.sentence] for hit in hits],
        answer=(
            "No query fits that question; these are the sentences that best match its words (a text match, "
            "not a fact the graph states)."
        ),
        sources=[
            Source(document=hit.document, title=hit.title, quote=hit.sentence, start=hit.start, end=hit.end)
            for hit in hits
        ],
        engine="text",
        interpretation=f"text search for ‘{' '.join(words)}’",
    )


def _not_applied(question: str, choice: Choice) -> Answer:
    """The answer when a part of the question that narrows it cannot be applied: no rows, and why."""
    parts = [f"‘{c.text}’" for c in choice.missing]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    applied = choice.interpretation
    return Answer(
        question=question,
        answer=f"I could not apply {listed} to {applied}, so I give no answer rather than a wider one.",
        interpretation=applied,
        unused=choice.unused,
        not_applied=[c.text for c in choice.missing],
    )


def run_plan(
    question: str, chosen: Plan, analysis: Analysis, store: Store, lexicon: Lexicon, *, topic: list[str] | None = None
) -> tuple[Answer, Plan]:
    """Run a plan (and its fallbacks while they return nothing): the answer, and the plan that gave it.

    ``topic``: words the rows' text must be about (ranked by BM25, best first).
    """
    failed: QueryError | None = None
    for attempt in (chosen, *chosen.fallbacks):
        try:
            result = store.query(attempt.sparql)
        except QueryError as exc:  # a planner bug: say so, never a traceback for a question
            logger.error("the query planned for %r failed: %s", question, exc)
            failed = failed or exc
            continue
        rows = _mentioning(_rows(result), attempt.mentions)
        if analysis.form == "percent" and "unit" in attempt.columns:
            rows = [row for row in rows if str(row.get("unit") or "") in PERCENT_UNITS]
        elif analysis.form == "count" and "unit" in attempt.columns:  # 'how many': a number of things
            rows = [row for row in rows if str(row.get("unit") or "") not in PERCENT_UNITS]
        if rows:
            chosen = attempt
            break
    else:
        rows = []
        if failed is not None:
            message = f"The query for that question failed: {failed}"
            return Answer(question=question, sparql=chosen.sparql, error=message), chosen
    rows = _about(rows, chosen, topic) if topic and chosen.ranked_text else _most_relevant(rows, chosen, analysis)
    if chosen.best and rows:
        top = rows[0].get(chosen.best)
        rows = [row for row in rows if row.get(chosen.best) == top]
    if analysis.form == "yesno":
        return _yes_no(question, chosen, store, rows, lexicon), chosen
    visible, facts, entities = _visible(rows, chosen, lexicon)
    sentence = chosen.sentence(visible) if chosen.sentence else ""
    if not visible:
        sentence = "No data: " + sentence[0].lower() + sentence[1:] if sentence else "No data."
    found = Answer(
        question=question,
        sparql=chosen.sparql,
        columns=chosen.columns,
        rows=[[row.get(c) for c in chosen.columns] for row in visible],
        answer=sentence,
        sources=sources(store, facts),
        entities=entities,
    )
    return found, chosen


def ask_query(select_query: str) -> str:
    """The ASK form of a SELECT query built by the planner: true exactly when the SELECT has a row."""
    lines = select_query.splitlines()
    prologue = [line for line in lines if line.startswith("PREFIX ")]
    body = "\n".join(line for line in lines if not line.startswith("PREFIX "))
    return "\n".join(prologue) + "\nASK {\n  {\n" + body + "\n  }\n}"


def _yes_no(question: str, chosen: Plan, store: Store, rows: list[dict[str, Term | None]], lexicon: Lexicon) -> Answer:
    """A yes/no question: the plan's query as an ASK; 'No' when the graph holds another value, else 'No data'."""
    sparql = ask_query(chosen.sparql)
    truth = bool(store.query(sparql).boolean)
    contrary: list[dict[str, Term | None]] = []
    if truth:
        visible, facts, entities = _visible(rows, chosen, lexicon)
        detail = chosen.sentence(visible) if chosen.sentence and visible else ""
        text = ("Yes. " + detail).strip()
    else:
        contrary = _rows(store.query(chosen.contrary.sparql)) if chosen.contrary is not None else []
        if contrary and chosen.contrary is not None:
            visible, facts, entities = _visible(contrary, chosen.contrary, lexicon)
            detail = chosen.contrary.sentence(visible) if chosen.contrary.sentence else ""
            text = f"No. The graph holds instead: {detail}".strip()
        else:
            facts, entities = [], []
            text = "No data: the graph holds nothing either way on that."
    return Answer(
        question=question,
        sparql=sparql,
        columns=["answer"],
        rows=[[truth]] if truth or contrary else [],
        answer=text,
        sources=sources(store, facts),
        entities=entities,
    )


def _mentioning(rows: list[dict[str, Term | None]], names: tuple[str, ...]) -> list[dict[str, Term | None]]:
    """The rows whose text names each of ``names`` (all rows when there are none)."""
    if not names:
        return rows
    wanted = [set(content(tokens(name))) for name in names]
    kept = []
    for row in rows:
        words = set(content(tokens(" ".join(str(v) for v in row.values() if isinstance(v, Literal)))))
        if all(name <= words for name in wanted):
            kept.append(row)
    return kept


def _about(rows: list[dict[str, Term | None]], chosen: Plan, topic: list[str]) -> list[dict[str, Term | None]]:
    """The rows whose text mentions the topic, most relevant first (BM25); those far below the best are left out."""
    column = chosen.ranked_text or ""
    ranks = rank_texts(" ".join(topic), [str(row.get(column) or "") for row in rows], STOP_WORDS)
    scored = sorted((rank, k) for k, rank in enumerate(ranks) if rank is not None)
    if not scored:
        return []
    best = scored[0][0]
    return [rows[k] for rank, k in scored if rank <= best * RELEVANT_SHARE]


RELEVANT_SHARE = 0.5
"""A row is kept when its BM25 score is at least this share of the best row's."""


def _rows(result: Result) -> list[dict[str, Term | None]]:
    if result.kind == "ask":
        return [{"answer": Literal(bool(result.boolean))}]
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


_NUMBER_IN_TEXT = re.compile(rf"(?<![\w.,])(?:{NUMBER})(?![\w]|[.,]\d)", re.IGNORECASE)
_PERCENT_WORDS = frozenset({"percent", "percentag", "per", "cent", "proport", "share", "rate"})


def _window(sentence: str, value: object) -> str:
    """The words of a sentence around where it states ``value``.

    'one' or '1', not the 1 of '21'; the whole sentence when it cannot be found.
    """
    try:
        wanted = float(str(value))
    except ValueError:
        return sentence
    for match in _NUMBER_IN_TEXT.finditer(sentence):
        if to_number(match.group(0)) == wanted:
            start = sentence.rfind(" ", 0, max(0, match.start() - 60)) + 1
            end = sentence.find(" ", match.end() + 60)
            return sentence[start : end if end >= 0 else len(sentence)]
    return sentence


def _figure_ranked(
    rows: list[dict[str, Term | None]], analysis: Analysis, chosen: Plan
) -> list[dict[str, Term | None]]:
    """The figures whose wording best matches the question.

    Words rarer among the candidates weigh more; a word in the figure's own wording (population, metric, unit)
    counts thrice, near its number in the sentence twice, elsewhere in it once; a one-word synonym of an asked
    word ('examined' for 'inspected') counts half. A value the question asks for (its metric, a staff grade)
    adds, one narrower than it asks (a single grade) takes off. A plural question ('completion rates') keeps the
    figures of the same kind that the best one's sentence states with it ('33 per cent for … and 46 per cent').
    """
    asked = set(analysis.content_words) | {
        w for link in analysis.links if not link.entity.kinds & _UNIT_KINDS for w in content(tokens(link.entity.label))
    }
    if not asked or len(rows) < 2:
        return rows
    fields = []
    for row in rows:
        sentence = str(row.get("sentence") or "")
        fields.append(
            (
                set(content(tokens(str(row.get("wording") or "")))),
                set(content(tokens(_window(sentence, row.get("value"))))),
                set(content(tokens(sentence + " " + str(row.get("subject") or "")))),
            )
        )
    synonyms = metric_synonyms()
    related = {s for w in asked for s in synonyms.get(w, ())} - asked
    documents = len(rows)
    weight = {w: math.log(1 + documents / (1 + sum(w in f[2] | f[0] for f in fields))) for w in asked | related}
    for word in related:
        weight[word] /= 2
    percent_asked = bool(asked & _PERCENT_WORDS)

    def score(index: int) -> float:
        wording, window, sentence = fields[index]
        total = sum(weight[w] * (3 * (w in wording) + 2 * (w in window) + (w in sentence)) for w in asked | related)
        if percent_asked and str(rows[index].get("unit") or "") == "per cent":
            total += 1.0
        for var, wanted in chosen.prefer.items():
            if wanted and str(rows[index].get(var) or "") in wanted:
                total += 5.0
        for var, unwanted in chosen.avoid.items():
            if str(rows[index].get(var) or "") in unwanted:
                total -= 3.0
        return total

    scores = [score(i) for i in range(len(rows))]
    best = max(scores)
    if best <= 0:
        return rows
    kept = [row for row, s in zip(rows, scores, strict=True) if s >= best - 1e-9]
    if chosen.siblings:
        same = {(str(row.get("sentence")), str(row.get("metric"))) for row in kept}
        kept = [row for row in rows if (str(row.get("sentence")), str(row.get("metric"))) in same]
    return kept


def _most_relevant(
    rows: list[dict[str, Term | None]], chosen: Plan, analysis: Analysis
) -> list[dict[str, Term | None]]:
    """Keep the rows whose text shares the most words with the question (when the plan says so).

    Words in the first relevance column weigh most (a figure's population before its sentence);
    a row with a value the question asks for (its staff grade) ranks above one without.
    """
    if chosen.intent == "figure-words":
        return _figure_ranked(rows, analysis, chosen)
    if not chosen.relevance or len(rows) < 2:
        return rows
    asked = set(analysis.content_words)
    if not asked:
        return rows
    weights = [10**k for k in range(len(chosen.relevance) - 1, -1, -1)]

    def score(row: dict[str, Term | None]) -> int:
        total = 0
        for weight, var in zip(weights, chosen.relevance, strict=True):
            value = row.get(var)
            if value is not None:
                total += weight * len(asked & set(content(tokens(str(value)))))
        for var, wanted in chosen.prefer.items():
            if row.get(var) is not None and str(row[var]) in wanted:
                total += 5 * weights[0]
        return total

    scores = [score(row) for row in rows]
    best = max(scores)
    return [row for row, s in zip(rows, scores, strict=True) if s == best] if best > 0 else rows


def plain(term: Term | None, lexicon: Lexicon | None = None) -> Any:
    """A term as a plain JSON value: numbers as numbers, dates as ISO text, IRIs as their labels."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        if lexicon is not None and str(term) in lexicon.by_iri:
            return lexicon.by_iri[str(term)].label
        return str(term).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    if isinstance(term, BNode):
        return str(term)
    value = term.toPython()
    if term.datatype in (XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger):
        return int(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bool | int | float):
        return value
    return str(term)


class Shown(NamedTuple):
    """What an answer shows: plain rows, the fact nodes behind them, and the entities they name."""

    rows: list[dict[str, Any]]
    facts: list[str]
    entities: list[str]


def _visible(rows: list[dict[str, Term | None]], chosen: Plan, lexicon: Lexicon) -> Shown:
    """Rows as plain values over the visible columns, once each; the fact nodes and entities behind them."""
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    facts: list[str] = []
    entities: dict[str, None] = {}
    for row in rows:
        values = {c: plain(row.get(c), lexicon) for c in chosen.columns}
        key = tuple(values[c] for c in chosen.columns)
        seen.setdefault(key, values)
        for var, node in row.items():
            if isinstance(node, URIRef):
                if var in chosen.facts and str(node) not in facts:
                    facts.append(str(node))
                if str(node) in lexicon.by_iri:
                    entities[str(node)] = None
            elif isinstance(node, Literal):
                for entity in lexicon.entities.get(tuple(tokens(str(node))), ()):
                    entities[entity.iri] = None
    return Shown(list(seen.values()), facts, list(entities))


def _suggestions(question: str, count: int = 3) -> str:
    asked = set(content(tokens(question)))
    ranked = sorted(examples(), key=lambda e: -len(asked & set(content(tokens(e.question)))))
    return " | ".join(e.question for e in ranked[:count])


__all__ = ["Answer", "Source", "ask", "lexicon_for", "literal", "plain", "sources"]
