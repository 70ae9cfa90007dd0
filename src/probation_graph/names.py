"""The one normaliser of names: how a name is written in labels and folded for matching.

``display`` is the form a label shows ('Kestrel Bay & Fenwick' → 'Kestrel Bay and Fenwick');
``fold`` is the key two spellings share ('the Tarn & St Mary' and 'Tarn and St. Mary' fold alike);
``base_name`` takes the unit words and naming phrases of a class off a name ('Probation Service –
North East region' → 'North East').
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .classes import LIST_SLOT, NAME_SLOT, GraphClass, registry

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"})
_SPACES = re.compile(r"\s+")
_EDGE = " \t\n,.;:'\"*()[]"


def display(name: str) -> str:
    """A name as labels write it: single spaces, '&' as 'and', no stray quotes or punctuation at its ends."""
    name = _SPACES.sub(" ", name.replace("\u2019", "'")).strip(_EDGE + "\u2018\u201c\u201d")
    name = re.sub(r"\s*&\s*", " and ", name)
    return re.sub(r"\bSt\. ", "St ", name)


@lru_cache(maxsize=100_000)
def fold(name: str) -> str:
    """The matching key of a name: lower case, ASCII, '&' as 'and', no punctuation, no leading 'the'."""
    text = unicodedata.normalize("NFKD", name.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("&", " and ").replace("'s ", "s ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = _SPACES.sub(" ", text).strip()
    return re.sub(r"^the ", "", text)


def _pattern_regex(pattern: str) -> re.Pattern[str]:
    """A naming phrase ('Probation Service – {name} region') as a regex with a ``name`` group, matched whole."""
    parts = re.split(r"(\{names?\})", pattern)
    out = []
    for part in parts:
        if part in (NAME_SLOT, LIST_SLOT):
            out.append(r"(?P<name>.+?)")
        else:
            literal = re.escape(fold_spaces(part)).replace(r"\ ", r"\s*")
            out.append(literal)
    return re.compile("^(?:the\\s+)?" + "".join(out) + "$", re.IGNORECASE)


def fold_spaces(text: str) -> str:
    """``text`` with runs of whitespace as one space and quotes and dashes as ASCII."""
    return _SPACES.sub(" ", text.translate(_QUOTES)).strip()


@lru_cache(maxsize=64)
def _strippers(key: str) -> tuple[re.Pattern[str], ...]:
    graph_class = registry().get(key)
    patterns = [*graph_class.name_patterns, *graph_class.known_name_patterns]
    patterns += [f"{NAME_SLOT} {word}" for word in (*graph_class.unit_words, *graph_class.plural_unit_words)]
    patterns += [f"{NAME_SLOT} {word} ({abbreviation})" for word in graph_class.unit_words for abbreviation in
                 graph_class.unit_words if abbreviation.isupper() and word != abbreviation]  # fmt: skip
    ordered = sorted(set(patterns), key=lambda s: (-len(s), s))
    return tuple(_pattern_regex(p) for p in ordered)


@lru_cache(maxsize=100_000)
def base_name(name: str, graph_class: GraphClass | str | None = None) -> str:
    """``name`` without the unit words and naming phrases of its class (of every unit class when not given)."""
    classes = (
        [registry().get(graph_class) if isinstance(graph_class, str) else graph_class]
        if graph_class
        else list(registry().units())
    )
    text = fold_spaces(name)
    for current in classes:
        if current is None:
            continue
        for pattern in _strippers(current.key):
            match = pattern.match(text)
            if match and match.group("name").strip():
                return display(match.group("name"))
    return display(re.sub(r"^(?:the|The)\s+", "", text))


def unit_labels(names: set[str] | frozenset[str], kind: str) -> set[str]:
    """Every way to write a unit's names with its class's words ('Wales' → 'NPS Wales', 'Wales division', ...)."""
    graph_class = registry().get(kind)
    out = {display(n) for n in names} | set(names)
    if not graph_class.is_unit:
        return out
    for name in {base_name(n, graph_class) for n in names}:
        out.add(name)
        out.update(f"{name} {word}" for word in graph_class.unit_words if len(word) > 3 or word.isupper())
        for pattern in graph_class.name_patterns:
            if NAME_SLOT in pattern and "(" not in pattern and len(pattern) < 60:
                out.add(pattern.replace(NAME_SLOT, name))
    return {label for label in out if label}
