"""SPARQL in, results out: run a read-only query and write its result in a standard format."""

from __future__ import annotations

import csv
import io
import json
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef

from .config import get_settings
from .errors import QueryError
from .namespaces import PREFIXES
from .sparql import refuse_service
from .store import Result, Store, Term

ResultFormat = TypingLiteral["table", "json", "csv", "tsv", "turtle"]
FORMATS: tuple[str, ...] = ("table", "json", "csv", "tsv", "turtle")


def run(store: Store, sparql: str, *, limit: int | None = None, allow_service: bool | None = None) -> Result:
    """Run a read-only query against ``store``.

    Updates, and SERVICE calls unless ``allow_service`` (default: ``PROBATION_GRAPH_ALLOW_SERVICE``),
    raise :class:`QueryError`.
    """
    if not isinstance(sparql, str):
        raise QueryError(f"the query must be SPARQL text, not {type(sparql).__name__}")
    if not sparql.strip():
        raise QueryError("the query is empty")
    refuse_service(sparql, allow=get_settings().allow_service if allow_service is None else allow_service)
    return store.query(sparql, limit=limit)


def _json_term(term: Term | None) -> dict[str, str] | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype is not None:
        out["datatype"] = str(term.datatype)
    return out


def to_sparql_json(result: Result) -> str:
    """The SPARQL 1.1 Query Results JSON document of a SELECT or ASK result."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    _need_select(result, "json")
    bindings = [
        {name: value for name, value in zip(result.columns, map(_json_term, row), strict=True) if value is not None}
        for row in result.rows
    ]
    return json.dumps({"head": {"vars": result.columns}, "results": {"bindings": bindings}}, ensure_ascii=False)


def to_csv(result: Result) -> str:
    """The SPARQL 1.1 CSV result of a SELECT (plain values, RFC 4180)."""
    _need_select(result, "csv")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if term is None else str(term) for term in row])
    return out.getvalue()


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    assert isinstance(term, Literal)
    return str(term.n3()).replace("\t", "\\t").replace("\n", "\\n")


def to_tsv(result: Result) -> str:
    """The SPARQL 1.1 TSV result of a SELECT (RDF terms in Turtle syntax)."""
    _need_select(result, "tsv")
    lines = ["\t".join(f"?{c}" for c in result.columns)]
    lines.extend("\t".join(_tsv_term(t) for t in row) for row in result.rows)
    return "\n".join(lines) + "\n"


def to_turtle(result: Result) -> str:
    """The Turtle of a CONSTRUCT or DESCRIBE result."""
    if result.kind != "graph":
        raise QueryError("turtle output needs a CONSTRUCT or DESCRIBE query; use table, json, csv or tsv")
    graph = Graph()
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri)
    for triple in result.triples:
        graph.add(triple)
    return graph.serialize(format="turtle")


def _need_select(result: Result, fmt: str) -> None:
    if result.kind != "select":
        raise QueryError(f"{fmt} output needs a SELECT query (this one is {result.kind.upper()}); try turtle")


def display(term: Term | None) -> str:
    """A short human-readable form of a term: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        for prefix, iri in PREFIXES.items():
            if str(term).startswith(iri):
                return f"{prefix}:{str(term)[len(iri) :]}"
        return str(term)
    return str(term)


def serialise(result: Result, fmt: str) -> str:
    """Write ``result`` as json, csv, tsv or turtle."""
    writers = {"json": to_sparql_json, "csv": to_csv, "tsv": to_tsv, "turtle": to_turtle}
    if fmt not in writers:
        raise QueryError(f"unknown output format {fmt!r}; use one of {', '.join(FORMATS)}")
    return writers[fmt](result)
