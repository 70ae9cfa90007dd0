"""Checks that a SPARQL text from outside (a chat model, a user) is a safe, read-only query.

A query passes when it parses, is a query form (SELECT, ASK, CONSTRUCT, DESCRIBE) rather than an
update, calls no SERVICE, uses only terms the ontology defines under ``pg:``, and (for SELECT)
has a LIMIT, which is added when missing.
"""

from __future__ import annotations

import re

from pyparsing import ParseException
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

from ..errors import QueryError
from ..namespaces import PG
from ..sparql import declare_prefixes, masked_literals, refuse_service
from ..store import is_update

_FENCE = re.compile(r"```(?:sparql|rq|SPARQL)?\s*(?P<body>.*?)```", re.DOTALL)
_PG_TERM = re.compile(r"(?:<https://w3id\.org/probation-graph/ontology#|\bpg:)(?P<name>[A-Za-z_][\w-]*)")


def strip_fences(text: str) -> str:
    """The query inside a markdown code fence, or the text itself."""
    fenced = _FENCE.search(text)
    return (fenced.group("body") if fenced else text).strip()


def check_query(text: str, *, limit: int = 200, allow_service: bool = False) -> str:
    """The query to run for ``text``, or :class:`QueryError` saying why it may not run."""
    sparql = strip_fences(text)
    if not sparql:
        raise QueryError("the query is empty")
    if is_update(sparql):
        raise QueryError("updates are not allowed: only SELECT, ASK, CONSTRUCT or DESCRIBE queries")
    sparql = declare_prefixes(sparql)
    try:
        parsed = parseQuery(sparql)
        algebra = translateQuery(parsed)
    except ParseException as exc:
        raise QueryError(f"SPARQL syntax error: {exc.msg} at line {exc.lineno}, column {exc.col}") from exc
    except Exception as exc:
        raise QueryError(f"the query could not be read: {exc}") from exc
    refuse_service(sparql, allow=allow_service)
    without_strings = masked_literals(sparql)
    unknown = sorted({m.group("name") for m in _PG_TERM.finditer(without_strings)} - set(PG.__annotations__))
    if unknown:
        raise QueryError(f"terms not in the ontology: {', '.join('pg:' + u for u in unknown)}")
    if algebra.algebra.name == "SelectQuery" and not re.search(r"\bLIMIT\s+\d+\s*$", without_strings.strip(), re.I):
        sparql = f"{sparql.rstrip()}\nLIMIT {limit}"
    return sparql
