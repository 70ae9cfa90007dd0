"""SPARQL blocks kept as data: ``ontology/queries/*.rq``, each a graph pattern with ``$slot`` placeholders.

A slot is filled only with IRIs from the graph's lexicon or the ontology, with concept ``VALUES`` built
here, or with a fixed path or filter the composer chooses; question text never reaches a block.
"""

from __future__ import annotations

import re
from functools import cache
from string import Template

from ..errors import ConfigError
from ..ontology import ontology_dir


@cache
def _source(name: str) -> Template:
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
    return sorted(p.stem for p in (ontology_dir() / "queries").glob("*.rq"))


_SLOT = re.compile(r"\$(\w+)")


def slots(name: str) -> list[str]:
    """The slots of the block ``name``."""
    return sorted(set(_SLOT.findall(_source(name).template)))


__all__ = ["block", "iris", "names", "slots"]
