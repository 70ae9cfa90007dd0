"""Extraction: documents in, typed records out. Extractors never write triples; ``build`` does."""

from __future__ import annotations

import re

from ..models import Document, DocumentKind, Extraction
from . import articles, reports
from .text import Text

_REPORT_MARKERS = re.compile(r"An inspection of (?:probation|youth justice)|^#+\s*Ratings\s*$|Overall rating\s*$", re.M)
_PRESS_MARKERS = re.compile(r"^\s*ENDS\s*$|Notes to editors?|For media enquiries", re.M | re.I)


def classify(document: Document) -> DocumentKind:
    """The kind of a document: the metadata's when stated, else read from its layout."""
    if document.meta.kind is not None:
        return document.meta.kind
    if _REPORT_MARKERS.search(document.text):
        return DocumentKind.INSPECTION_REPORT
    if _PRESS_MARKERS.search(document.text):
        return DocumentKind.PRESS_RELEASE
    return DocumentKind.NEWS_ARTICLE


def extract(document: Document) -> Extraction:
    """Extract every record the rule-based extractors find in ``document``."""
    kind = classify(document)
    meta = document.meta if document.meta.kind is kind else document.meta.model_copy(update={"kind": kind})
    document = document.model_copy(update={"meta": meta})
    text = Text(document.text)
    if kind is DocumentKind.INSPECTION_REPORT:
        return reports.extract(document, text)
    return articles.extract(document, text)


__all__ = ["classify", "extract"]
