"""What every surface must know of a SPARQL text before it runs: its form, SERVICE calls, a row cap.

The form and the row cap are lexical and fast: strings, IRIs and comments are masked first (by
SPARQL's own token rules), so a ``LIMIT`` inside a literal or an IRI is ignored. Whether a query
calls another endpoint is decided on the parsed query, never on text patterns: :func:`calls_service`
expands code-point escapes as the engine does, parses with rdflib and looks for SERVICE in the parse
tree; a text that mentions SERVICE and cannot be parsed counts as calling it (fail closed).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import Query, UpdateUnit
from rdflib.plugins.sparql.parserutils import CompValue

from .errors import QueryError
from .namespaces import PREFIXES

_MASKED = re.compile(
    r'"""[\s\S]*?"""'
    r"|'''[\s\S]*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|#[^\r\n]*"
)
_FORM = re.compile(
    r"(?<![?$\w:-])(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b(?![:-])",
    re.IGNORECASE,
)
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
"""The read-only operations; every other operation keyword is an update."""
_PARSING = threading.Lock()
"""rdflib's pyparsing grammar is not safe to run in two threads at once."""
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)", re.IGNORECASE)
_POSITION = re.compile(r"error at (\d+):")
_TRAILING_VALUES = re.compile(r"\bVALUES\b[^{}]*\{[^{}]*\}\s*$", re.IGNORECASE)


def declare_prefixes(sparql: str) -> str:
    """``sparql`` with PREFIX lines for the project's prefixes (``pg:``, ``rdfs:``...) it uses and does not declare."""
    blank = masked(sparql)
    missing = [
        name
        for name in PREFIXES
        if re.search(rf"(?<![\w<:-]){name}:", blank) and not re.search(rf"PREFIX\s+{name}:", sparql, re.IGNORECASE)
    ]
    return "".join(f"PREFIX {name}: <{PREFIXES[name]}> " for name in missing) + ("\n" if missing else "") + sparql


def unshift_lines(message: str, added: int) -> str:
    """A parser's message about a query with ``added`` lines put in front, in the lines of the original."""
    if not added:
        return message
    return _POSITION.sub(lambda m: f"error at {max(1, int(m.group(1)) - added)}:", message)


def masked(sparql: str) -> str:
    """``sparql`` with its strings, IRIs and comments blanked out (same length, same positions)."""
    return _MASKED.sub(lambda m: " " * len(m.group(0)), sparql)


def masked_literals(sparql: str) -> str:
    """``sparql`` with its strings and comments blanked out, its IRIs kept (same length, same positions)."""
    return _MASKED.sub(lambda m: m.group(0) if m.group(0).startswith("<") else " " * len(m.group(0)), sparql)


def form(sparql: str) -> str:
    """The operation: ``SELECT``, ``ASK``, ``CONSTRUCT``, ``DESCRIBE``, or an update keyword (``INSERT``, ...).

    The empty string when no operation keyword is found.
    """
    found = _FORM.search(masked(sparql))
    return found.group(1).upper() if found else ""


def unescaped(sparql: str) -> str:
    r"""``sparql`` with its code-point escapes (``\u0053``, ``\U00000053``) replaced in one pass, as the engine does."""

    def one(match: re.Match[str]) -> str:
        value = int(match.group(1) or match.group(2), 16)
        return chr(value) if value <= 0x10FFFF and not 0xD800 <= value <= 0xDFFF else match.group(0)

    return _CODEPOINT.sub(one, sparql)


def _parse_tree(sparql: str) -> ParseResults | CompValue:
    """The rdflib parse tree of a query or an update (escapes already expanded: rdflib must not expand again)."""
    text = declare_prefixes(sparql).replace("\r\n", "\n").replace("\r", "\n")
    try:
        return Query.parse_string(text, parse_all=True)
    except ParseBaseException:
        return UpdateUnit.parse_string(text, parse_all=True)


def _has_service(tree: object) -> bool:
    stack = [tree]
    while stack:
        current = stack.pop()
        if isinstance(current, CompValue):
            if current.name == "ServiceGraphPattern":
                return True
            stack.extend(current.values())
        elif isinstance(current, list | tuple | ParseResults):
            stack.extend(current)
    return False


def mentions_service(sparql: str) -> bool:
    """Whether ``sparql`` spells ``service`` anywhere (after its escapes, in any case): only then can it call one."""
    return "service" in unescaped(sparql).casefold()


@lru_cache(maxsize=1024)
def calls_service(sparql: str) -> bool:
    """True when the query (or update) may call another endpoint with SERVICE.

    Decided on the parse tree. A text that never spells ``service`` (after its escapes are expanded,
    in any case) cannot call one and is not parsed; one that does and that cannot be parsed counts
    as calling it.
    """
    if not mentions_service(sparql):
        return False
    text = unescaped(sparql)
    try:
        with _PARSING:
            tree = _parse_tree(text)
    except (ParseBaseException, ValueError, RecursionError):
        return True
    return _has_service(tree)


def refuse_service(sparql: str, *, allow: bool = False) -> None:
    """Raise :class:`QueryError` when ``sparql`` calls another endpoint and federation is not allowed."""
    if not allow and calls_service(sparql):
        raise QueryError(
            "SERVICE (federated queries to other endpoints) is not allowed: "
            "set PROBATION_GRAPH_ALLOW_SERVICE=1 to allow it"
        )


def cap_rows(sparql: str, limit: int) -> tuple[str, bool]:
    """The query with at most ``limit`` results, and whether it had to be changed.

    An outermost ``LIMIT`` above ``limit`` is lowered to it; a query without one gets one. ASK
    queries are returned unchanged.
    """
    if form(sparql) not in ("SELECT", "CONSTRUCT", "DESCRIBE"):
        return sparql, False
    blank = masked(sparql)
    values = _TRAILING_VALUES.search(blank)
    end = values.start() if values else len(blank)
    body_end = blank.rfind("}", 0, end)
    tail_start = body_end + 1 if body_end >= 0 else 0
    found = None
    for match in _LIMIT.finditer(blank, tail_start, end):
        found = match
    if found is not None:
        if int(found.group(1)) <= limit:
            return sparql, False
        return sparql[: found.start(1)] + str(limit) + sparql[found.end(1) :], True
    head, rest = sparql[:end].rstrip(), sparql[end:]
    return f"{head}\nLIMIT {limit}" + (f"\n{rest}" if rest else ""), True


__all__ = [
    "QUERY_FORMS",
    "calls_service",
    "cap_rows",
    "declare_prefixes",
    "form",
    "masked",
    "masked_literals",
    "mentions_service",
    "refuse_service",
    "unescaped",
    "unshift_lines",
]
