"""News articles and press releases about inspections."""

from __future__ import annotations

import re

from ..models import Document, Extraction, Inspection
from . import entities
from .ratings import rating_key, rating_pattern
from .text import Text

_Q = "[\"'\u2018\u2019\u201c\u201d]?"


def extract(document: Document, text: Text) -> Extraction:
    """Extract the subject and the inspection an article reports on."""
    units = entities.unit_mentions(text.text)
    subject = entities.subject(text.text, units)
    organisations = entities.organisations(text, units)
    if subject is None:
        return Extraction(document=document, organisations=tuple(organisations))
    inspection = Inspection(
        key="current",
        subject=subject.name,
        subject_kind=subject.kind,
        conducted_by=entities.inspectorate(organisations),
        overall_rating=_overall_rating(text.text),
        evidence=text.span_at(subject.start) or text.span(subject.start, subject.end),
    )
    return Extraction(document=document, organisations=tuple(organisations), inspections=(inspection,))


def _overall_rating(text: str) -> str | None:
    rating = rating_pattern()
    patterns = (
        rf"overall rating of\s+{_Q}(?P<rating>{rating})",
        rf"overall\s+{_Q}(?P<rating>{rating}){_Q}\s+rating",
    )
    for pattern in patterns:
        match = re.search(pattern, text, re.IGNORECASE)
        if match:
            return rating_key(match.group("rating"))
    return None
