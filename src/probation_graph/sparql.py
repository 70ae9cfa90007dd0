"""What can be told of a SPARQL text without parsing it: its form, SERVICE calls, and a row cap.

The endpoint checks every request with these, so they are lexical and fast: strings, IRIs and
comments are masked first, so a ``SERVICE`` or ``LIMIT`` inside a literal or an IRI is ignored.
The server behind the endpoint still parses the query and reports its syntax errors.
"""

from __future__ import annotations

import re

from .namespaces import PREFIXES

_MASKED = re.compile(
    r'"""[\s\S]*?"""'
    r"|'''[\s\S]*?'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*"
)
_FORM = re.compile(
    r"(?<![?$\w:-])(SELECT|ASK|CONSTRUCT|DESCRIBE|INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b(?![:-])",
    re.IGNORECASE,
)
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
"""The read-only operations; every other operation keyword is an update."""
_SERVICE = re.compile(r"(?<![\w:?$-])SERVICE(?![\w:-])", re.IGNORECASE)
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


def uses_service(sparql: str) -> bool:
    """True when the query calls another endpoint with SERVICE."""
    return _SERVICE.search(masked(sparql)) is not None


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
    "cap_rows",
    "declare_prefixes",
    "form",
    "masked",
    "masked_literals",
    "unshift_lines",
    "uses_service",
]
