"""Inspection reports in the layout of HM Inspectorate of Probation's PDU and CRC reports."""

from __future__ import annotations

import re

from ..models import Document, Extraction, Inspection, Organisation, OrgKind, Relation
from . import entities
from .entities import NAME, UnitMention
from .ratings import rating_key, rating_pattern
from .text import Text

_TITLE = re.compile(rf"An inspection of probation services in:?\s*(?:\*\*|<b>)?\s*(?P<name>{NAME})")
_REGION_LINE = re.compile(rf"The Probation Service\s+[\u2013\u2014-]\s+(?P<name>{NAME})\s+Region")


def extract(document: Document, text: Text) -> Extraction:
    """Extract the subject, its region and the inspection from a report."""
    units = entities.unit_mentions(text.text)
    subject = _title_subject(text.text, units) or entities.subject(text.text, units)
    organisations = entities.organisations(text, units)
    if subject is None:
        return Extraction(document=document, organisations=tuple(organisations))
    if all(o.name != subject.name for o in organisations):
        span = text.span_at(subject.start)
        if span is not None:
            organisations.insert(0, Organisation(name=subject.name, kind=subject.kind, evidence=span))
    relations = []
    region = _REGION_LINE.search(text.text)
    if region is not None:
        span = text.span_at(region.start())
        if span is not None:
            relations.append(
                Relation(subject=subject.name, predicate="inRegion", object=region.group("name"), evidence=span)
            )
            if all(o.name != region.group("name") for o in organisations):
                organisations.append(Organisation(name=region.group("name"), kind=OrgKind.REGION, evidence=span))
    inspection = Inspection(
        key="current",
        subject=subject.name,
        subject_kind=subject.kind,
        conducted_by=entities.inspectorate(organisations) or document.meta.publisher,
        overall_rating=_overall_rating(text.text),
        evidence=text.span_at(subject.start) or text.span(subject.start, subject.end),
    )
    return Extraction(
        document=document,
        organisations=tuple(organisations),
        relations=tuple(relations),
        inspections=(inspection,),
    )


def _title_subject(text: str, units: list[UnitMention]) -> UnitMention | None:
    match = _TITLE.search(text)
    if match is None:
        return None
    name = entities.clean_name(match.group("name"))
    kind = next((u.kind for u in units if u.name == name), OrgKind.PDU)
    return UnitMention(name, kind, match.start("name"), match.end("name"))


def _overall_rating(text: str) -> str | None:
    match = re.search(rf"Overall rating\W*?(?P<rating>{rating_pattern()})\b", text, re.IGNORECASE)
    return rating_key(match.group("rating")) if match else None
