"""Ratings named in text, matched against the labels of the ontology's rating scale."""

from __future__ import annotations

import re
from functools import cache

from ..ontology import vocabulary


@cache
def rating_pattern() -> str:
    """A regex alternation of the rating scale's preferred labels, longest first (no groups)."""
    labels = sorted((c.label for c in vocabulary().scheme("rating")), key=lambda s: (-len(s), s))
    return "|".join(re.escape(label).replace(r"\ ", r"\s+") for label in labels)


def rating_key(text: str) -> str | None:
    """Return the key of the rating whose label is ``text`` (any case), e.g. 'requires-improvement'."""
    concept = vocabulary().match("rating", re.sub(r"\s+", " ", text))
    return concept.key if concept else None
