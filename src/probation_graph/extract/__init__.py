"""Extraction: documents in, typed records out. Extractors never write triples; ``build`` does.

``extract(document)`` reads the layout-specific facts of a report or an article (``reports``,
``articles``) and the prose facts every document shares: organisations (``entities``), people
and quotations (``people``), services and ownership (``services``) and figures (``figures``).
"""

from __future__ import annotations

import re
from typing import Any

from ..models import Document, DocumentKind, Extraction, Organisation, OrgKind, Relation, Span
from . import articles, entities, people, reports, services
from .facts import CURRENT
from .figures import Context, figures
from .text import Text

_REPORT_MARKERS = re.compile(
    r"An inspection of (?:probation|youth justice)|^#+\s*Ratings\s*$|Overall rating\s*$", re.MULTILINE
)
_PRESS_MARKERS = re.compile(r"^\s*ENDS\s*$|Notes to editors?|For media enquiries", re.MULTILINE | re.IGNORECASE)


def classify(document: Document) -> DocumentKind:
    """The kind of a document: the metadata's when stated, else read from its layout."""
    if document.meta.kind is not None:
        return document.meta.kind
    if _REPORT_MARKERS.search(document.text):
        return DocumentKind.INSPECTION_REPORT
    if _PRESS_MARKERS.search(document.text):
        return DocumentKind.PRESS_RELEASE
    return DocumentKind.NEWS_ARTICLE


def extract(document: Document, *, model: Any = None) -> Extraction:
    """Extract the records of ``document``: by the rules, plus a chat model's when one is given."""
    rules = extract_by_rules(document)
    if model is None:
        return rules
    from .llm import llm_records, merge

    return merge(rules, llm_records(rules.document, model))


def extract_by_rules(document: Document) -> Extraction:
    """Extract every record the rule-based extractors find in ``document``."""
    kind = classify(document)
    text = Text(document.text)
    document = _with_stated_metadata(document, text, kind)
    layout = reports if kind is DocumentKind.INSPECTION_REPORT else articles
    units = entities.unit_mentions(text.text)
    organisations = entities.organisations(text, units)
    subject = layout.subject(text, units)
    if subject is None:
        return Extraction(document=document, organisations=tuple(organisations))
    _ensure(organisations, Organisation(name=subject.name, kind=subject.kind, evidence=_span(text, subject.start)))

    relations: list[Relation] = []
    region_line = reports.region(text) if layout is reports else None
    if region_line is not None:
        name, span = region_line
        relations.append(Relation(subject=subject.name, predicate="inRegion", object=name, evidence=span))
        _ensure(organisations, Organisation(name=name, kind=OrgKind.REGION, evidence=span))
    memberships = entities.region_memberships(text, subject.name, None)
    relations.extend(memberships)
    region = region_line[0] if region_line else next((r.object for r in memberships), None)
    for relation in memberships:
        _ensure(organisations, Organisation(name=relation.object, kind=OrgKind.REGION, evidence=relation.evidence))

    local, served = entities.local_organisations(text, subject.name)
    owned, owners = services.ownership(text, subject.name)
    found_services, subcontracts, providers = services.services(text, subject.name, organisations)
    for organisation in (*local, *owners, *providers):
        _ensure(organisations, organisation)
    relations.extend((*served, *owned, *subcontracts))

    found_people = people.people(text, organisations)
    facts = layout.inspection_facts(document, text, subject, organisations, found_people)
    context = Context(
        subject=subject.name,
        inspection=CURRENT,
        region=region,
        units=tuple(o.name for o in organisations if o.kind in (OrgKind.PDU, OrgKind.CRC)),
        organisations=tuple(o.name for o in organisations),
        places=entities.place_names(subject.name),
    )
    return Extraction(
        document=document,
        organisations=tuple(organisations),
        relations=tuple(dict.fromkeys(relations)),
        places=tuple(entities.places(text, subject.name)),
        people=tuple(found_people),
        inspections=tuple(facts.inspections),
        dates=tuple(facts.dates),
        standard_ratings=tuple(facts.standard_ratings),
        key_questions=tuple(facts.key_questions),
        findings=tuple(facts.findings),
        recommendations=tuple(facts.recommendations),
        services=tuple(found_services),
        measurements=tuple(figures(text, context)),
        quotations=tuple(people.quotations(text, found_people, organisations, subject.name)),
    )


_DATE_LINE = re.compile(r"^\s*date[:\s]+(?P<date>\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
_REPORT_TITLE = re.compile(
    r"An inspection of (?:probation|youth justice) services in:?\s*(?:\*\*|<b>)?\s*(?P<name>[^*\n<]+)"
)
_REPORT_IMPRINT = re.compile(r"(?P<publisher>HM Inspectorate of Probation),\s*(?P<date>[A-Z][a-z]+ \d{4})")


def _with_stated_metadata(document: Document, text: Text, kind: DocumentKind) -> Document:
    """Fill the metadata the corpus file left out with what the text itself states."""
    from .dates import first_date

    found: dict[str, object] = {"kind": kind}
    date_line = _DATE_LINE.match(text.text)
    if date_line:
        found["date"] = date_line.group("date")
    if kind is DocumentKind.INSPECTION_REPORT:
        title = _REPORT_TITLE.search(text.text[:3000])
        if title:
            found["title"] = f"An inspection of probation services in: {title.group('name').strip()}"
        imprint = _REPORT_IMPRINT.search(text.text[:5000])
        if imprint:
            found["publisher"] = imprint.group("publisher")
            found["date"] = found.get("date") or first_date(imprint.group("date"))
    missing = {k: v for k, v in found.items() if v and getattr(document.meta, k) is None}
    if not missing:
        return document
    return document.model_copy(update={"meta": document.meta.model_copy(update=missing)})


def _span(text: Text, position: int) -> Span:
    return text.span_at(position) or text.span(position, position + 1)


def _ensure(organisations: list[Organisation], organisation: Organisation) -> None:
    """Add ``organisation`` unless one of the same name is already there."""
    if all(o.name != organisation.name for o in organisations):
        organisations.append(organisation)


__all__ = ["classify", "extract", "extract_by_rules"]
