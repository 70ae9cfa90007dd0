"""The SPARQL building blocks of the question planner, in one place.

Blocks kept as data (``ontology/queries/*.rq``, each a graph pattern with ``$slot`` placeholders) and the
small builders that fill them and assemble queries: ``VALUES`` lists, literals, label tests, date filters,
the SELECT and its prologue. A slot is filled only with IRIs from the graph's lexicon or the ontology, with
``VALUES`` built here, or with a fixed path or filter the composer chooses; question text never reaches a
query except as an escaped literal of folded words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from string import Template

from ..errors import ConfigError
from ..namespaces import PREFIXES
from ..ontology import Concept, ontology_dir


@cache
def _sections() -> dict[str, Template]:
    """The blocks of ``ontology/queries/intents/*.rq``, named ``<file>/<name>``.

    Each file holds one intent's blocks, each after a line ``#@ name``.
    """
    found: dict[str, Template] = {}
    for path in sorted((ontology_dir() / "queries" / "intents").glob("*.rq")):
        name: str | None = None
        body: list[str] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), "#@ end"]:
            if line.startswith("#@"):
                if name is not None:
                    found[f"{path.stem}/{name}"] = Template("\n".join(body).strip())
                name, body = line[2:].split()[0], []
            elif name is not None and not line.lstrip().startswith("#"):
                body.append(line)
    return found


@cache
def _source(name: str) -> Template:
    if "/" in name:
        try:
            return _sections()[name]
        except KeyError:
            raise ConfigError(f"no query block {name!r} in ontology/queries/intents") from None
    path = ontology_dir() / "queries" / f"{name}.rq"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"missing query block {path}: {exc}") from exc
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    return Template(body.strip())


def block(name: str, **slots: str) -> str:
    """The block ``name`` with its slots filled."""
    try:
        return _source(name).substitute(slots)
    except KeyError as exc:
        raise ConfigError(f"query block {name!r} needs slot {exc}") from exc


def iris(values: list[str] | tuple[str, ...]) -> str:
    """IRIs for a ``VALUES`` list."""
    return " ".join(f"<{v}>" for v in values)


def names() -> list[str]:
    """The names of the blocks."""
    return sorted([*(p.stem for p in (ontology_dir() / "queries").glob("*.rq")), *_sections()])


_SLOT = re.compile(r"\$\{?(\w+)\}?")


def slots(name: str) -> list[str]:
    """The slots of the block ``name``."""
    return sorted(set(_SLOT.findall(_source(name).template)))


def literal(text: str) -> str:
    """A SPARQL string literal (escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def prologue(body: str) -> str:
    """The PREFIX lines for the prefixes ``body`` uses, then ``body``."""
    used = [p for p in PREFIXES if re.search(rf"(?<![\w<]){p}:", body)]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in used) + body


def select(columns: Iterable[str], where: list[str], *, extra: str = "", distinct: bool = True) -> str:
    """A SELECT query over ``where`` blocks."""
    head = " ".join(c if c.startswith("(") else f"?{c}" for c in columns)
    body = "\n  ".join(block for block in where if block)
    return prologue(f"SELECT {'DISTINCT ' if distinct else ''}{head} WHERE {{\n  {body}\n}}{extra}")


def values(var: str, iris: Iterable[str]) -> str:
    """``VALUES ?var { <iri> ... }``."""
    return f"VALUES ?{var} {{ {' '.join(f'<{i}>' for i in iris)} }}"


def label(var: str, out: str) -> str:
    """The label of ``?var`` as ``?out`` (entities: rdfs:label; concepts: skos:prefLabel)."""
    return f"?{var} rdfs:label|skos:prefLabel ?{out} ."


def named(var: str, names: list[str]) -> str:
    """``?var`` has a label containing every word of one of ``names`` (for names not in the graph)."""
    tests = " || ".join(
        "(" + " && ".join(f"CONTAINS(LCASE(STR(?{var}_name)), {literal(w)})" for w in name.split()) + ")"
        for name in names
    )
    return f"?{var} rdfs:label ?{var}_name . FILTER ({tests})"


def contains_any(var: str, words: list[str]) -> str:
    """``?var``'s text contains one of ``words`` (folded words, as literals)."""
    return "FILTER (" + " || ".join(f"CONTAINS(LCASE(STR(?{var})), {literal(w)})" for w in words) + ")"


def contains_all(var: str, words: list[str]) -> str:
    """``?var``'s text contains every one of ``words`` (folded words, as literals)."""
    return "FILTER (" + " && ".join(f"CONTAINS(LCASE(STR(?{var})), {literal(w)})" for w in words) + ")"


def date_test(variable: str, value: str, direction: str) -> str:
    """A test of a date ``variable`` against a date or year ``value``: in it, or since, after, before or until it.

    Dates compare as text: '2019-05' is after '2019' and before '2019~', so a year holds all its months and days.
    """
    text = "".join(c for c in value if c.isalnum() or c == "-")
    return {
        "since": f'STR({variable}) >= "{text}"',
        "after": f'STR({variable}) > "{text}~"',
        "before": f'STR({variable}) < "{text}"',
        "until": f'STR({variable}) <= "{text}~"',
    }.get(direction, f'STRSTARTS(STR({variable}), "{text}")')


def current(inspection: str) -> str:
    """The inspection is one a document reports on (not an earlier one it mentions)."""
    return f"FILTER EXISTS {{ ?{inspection}_doc pg:about ?{inspection} }}"


def concept_values(var: str, concepts: list[Concept]) -> str:
    """``VALUES`` over concept IRIs."""
    return values(var, (str(c.iri) for c in concepts)) if concepts else ""


def date_filter(var: str, dates: list[str]) -> str:
    """The date (or year) ``?var`` starts with one of ``dates``."""
    if not dates:
        return ""
    tests = " || ".join(f"STRSTARTS(STR(?{var}), {literal(d)})" for d in dates)
    return f"FILTER ({tests})"


__all__ = [
    "block",
    "concept_values",
    "contains_all",
    "contains_any",
    "current",
    "date_filter",
    "date_test",
    "iris",
    "label",
    "literal",
    "named",
    "names",
    "prologue",
    "select",
    "slots",
    "values",
]
