"""Questions to SPARQL by a chat model (LangChain), checked, repaired, and answered from rows only.

The prompt holds a compact schema read from the ontology (classes, properties, concept IRIs),
the entities the question names (linked against the graph), and the examples of
``ontology/examples.ttl`` most like the question. The model's query is stripped of code fences
and checked (:mod:`.guard`): read-only, no SERVICE, ontology terms only, a LIMIT. A query that
fails a check or does not run is sent back with the error, at most ``TRIES`` times; then the
offline engine answers instead (``ask_llm`` returns ``None``).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import ProbationGraphError
from ..examples import examples
from ..namespaces import PG
from ..ontology import SCHEMES, ontology_graph, vocabulary
from ..store import Store
from .analyse import Analysis
from .guard import check_query
from .lexicon import content, tokens

TRIES = 3

SYSTEM = """You translate questions about inspections of probation services into SPARQL 1.1 queries
over an RDF graph. Reply with one SPARQL query and nothing else. Use only the classes, properties
and IRIs listed here. The default graph is the union of all named graphs. Prefer DISTINCT, and
return labels (rdfs:label, skos:prefLabel) rather than IRIs.

{schema}

Entities named in the question:
{entities}

Examples:
{examples}"""


@cache
def schema_summary() -> str:
    """The ontology in a few lines per term: classes, properties with domain and range, concepts."""
    graph = ontology_graph()
    lines = [
        "PREFIX pg: <https://w3id.org/probation-graph/ontology#>",
        "PREFIX id: <https://w3id.org/probation-graph/id/>",
    ]
    for kind, rdf_type in (("class", OWL.Class), ("property", OWL.ObjectProperty), ("property", OWL.DatatypeProperty)):
        for term in sorted(t for t in graph.subjects(RDF.type, rdf_type) if isinstance(t, URIRef)):
            if not str(term).startswith(str(PG)):
                continue
            name = "pg:" + str(term)[len(str(PG)) :]
            parts = [f"{kind} {name}: {graph.value(term, RDFS.label)}"]
            for label, predicate in (("domain", RDFS.domain), ("range", RDFS.range)):
                value = graph.value(term, predicate)
                if value is not None:
                    parts.append(f"{label} {_short(value)}")
            lines.append(" ; ".join(parts))
    for scheme in SCHEMES:
        concepts = ", ".join(f"id:{str(c.iri).rsplit('/', 1)[-1]} ({c.label})" for c in vocabulary().scheme(scheme))
        lines.append(f"concepts {scheme}: {concepts}")
    lines.append(
        "Evidence: a fact node ?f has pg:evidence ?e . ?e oa:hasSource ?document ; oa:hasSelector/oa:exact ?sentence ."
    )
    return "\n".join(lines)


def _short(iri: object) -> str:
    text = str(iri)
    for prefix, base in (("pg:", str(PG)), ("skos:", "http://www.w3.org/2004/02/skos/core#")):
        if text.startswith(base):
            return prefix + text[len(base) :]
    return text


def similar_examples(question: str, count: int = 3) -> list[tuple[str, str]]:
    """The examples whose questions share the most words with ``question``."""
    asked = set(content(tokens(question)))
    ranked = sorted(examples(), key=lambda e: -len(asked & set(content(tokens(e.question)))))
    return [(e.question, e.sparql) for e in ranked[:count]]


def prompt(question: str, analysis: Analysis) -> list[tuple[str, str]]:
    """The messages for the chat model."""
    entities = (
        "\n".join(
            f"<{link.entity.iri}> {link.entity.label} ({', '.join(sorted(link.entity.kinds))})"
            for link in analysis.links
        )
        or "(none recognised)"
    )
    shots = "\n\n".join(f"Q: {q}\n{sparql}" for q, sparql in similar_examples(question))
    return [
        ("system", SYSTEM.format(schema=schema_summary(), entities=entities, examples=shots)),
        ("human", question),
    ]


def ask_llm(question: str, analysis: Analysis, store: Store, model: Any) -> Any:
    """The model's answer, or ``None`` when no usable query came back (the caller falls back)."""
    from . import Answer, _rows, _visible, lexicon_for, sources
    from .plans import Plan

    messages: list[tuple[str, str]] = prompt(question, analysis)
    for _attempt in range(TRIES):
        try:
            reply = model.invoke(messages)
        except Exception as exc:
            raise LLMQuestionError(f"the chat model failed: {exc}") from exc
        text = str(getattr(reply, "content", reply))
        try:
            sparql = check_query(text)
            result = store.query(sparql)
        except ProbationGraphError as exc:
            messages += [("ai", text), ("human", f"That query cannot be used: {exc}. Reply with a corrected query.")]
            continue
        if result.kind == "graph":
            messages += [("ai", text), ("human", "Reply with a SELECT or ASK query, not CONSTRUCT or DESCRIBE.")]
            continue
        rows = _rows(result)
        columns = list(rows[0]) if rows else list(result.columns)
        plan = Plan("llm", sparql, columns, facts=tuple(c for c in columns if c in ("fact", "f", "statement")))
        visible, facts, entities = _visible(rows, plan, lexicon_for(store))
        return Answer(
            question=question,
            sparql=sparql,
            columns=columns,
            rows=[[row.get(c) for c in columns] for row in visible],
            answer=_sentence(columns, visible),
            sources=sources(store, facts),
            entities=entities,
            engine="llm",
            interpretation="the chat model's own query (the SPARQL shown)",
        )
    return None


def _sentence(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """One sentence from the rows alone (nothing the rows do not hold)."""
    if not rows:
        return "No data: the query returned no rows."
    if columns == ["answer"]:
        return "Yes." if rows[0]["answer"] else "No."
    first = [str(row[columns[0]]) for row in rows[:5]]
    more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
    return f"{len(rows)} result(s): {', '.join(first)}{more}."


class LLMQuestionError(ProbationGraphError):
    """The chat model could not be reached or failed."""
