"""Extraction: documents in, typed records out. Extractors never write triples; ``build`` does.

``extract(document)`` finds the probation units the text names (``units``), works out who each
sentence is about (``discourse``), reads what the text claims about their inspections from its
sentences, tables and rating lines (``claims``), gathers the claims into inspections
(``inspections``), and adds what the layout of an HMIP report states (``reports``: findings, key
questions, recommendations) and the prose facts every document shares: organisations
(``entities``), people and quotations (``people``), services and ownership (``services``) and
figures (``figures``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..classes import REGION
from ..models import Document, DocumentKind, Extraction, Organisation, Person, Relation, Span
from ..names import display
from . import entities, people, reports, services
from .claims import Claim, Reader, rating_lines, stated_date
from .discourse import Discourse, Key
from .facts import InspectionFacts
from .figures import Context, figures
from .inspections import Assembled, assemble, inspection_key
from .structure import Layout
from .text import Text
from .units import find_units

_REPORT_MARKERS = re.compile(
    r"An inspection of (?:probation|youth justice)|^#+\s*Ratings\s*$|Overall rating\s*$|^\s*RATINGS\s*$"
    r"|^\s*SUMMARY OF RATINGS\s*$|^\s*(?:An inspection of|A (?:dynamic|thematic) inspection of)\s*$"
    r"|^#?\s*Dynamic Inspection of Public Protection in\b",
    re.MULTILINE,
)
_PRESS_MARKERS = re.compile(
    r"^\s*ENDS\s*$|Notes to editors?|For media enquiries|^\s*(?:PRESS|NEWS)\s+RELEASE\b|\bpress release\s*$",
    re.MULTILINE | re.IGNORECASE,
)


def classify(document: Document) -> DocumentKind:
    """The kind of a document: the metadata's when stated, else read from its layout."""
    if document.meta.kind is not None:
        return document.meta.kind
    if _REPORT_MARKERS.search(document.text[:6000]):
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
    layout = Layout(text.text)
    found = find_units(text.plain)
    discourse = Discourse(text, layout, found, document.meta.title, document.meta.date)
    organisations = _unit_organisations(text, discourse)
    organisations += [o for o in entities.known_organisations(text) if all(o.name != x.name for x in organisations)]
    found_people = people.people(text, organisations)
    claims = Reader(text, layout, discourse).read()
    claims += rating_lines(layout, discourse, text)
    claims += _title_block_regions(kind, layout, discourse, text)
    walked = None
    main = discourse.main[0] if discourse.main else None
    if kind is DocumentKind.INSPECTION_REPORT and main is not None:
        walked = reports.walk(text, main[0], inspection_key(main))
        claims += _walked_claims(walked, main)
    assembled = assemble(
        claims,
        discourse,
        found_people,
        document.meta.date,
        text.text,
        report=kind is DocumentKind.INSPECTION_REPORT,
        conducted_by=entities.inspectorate(organisations) or document.meta.publisher,
    )
    if not assembled.facts.inspections:
        return _without_inspection(document, text, organisations, found_people)
    subject = assembled.facts.inspections[0]
    facts = assembled.facts
    if walked is not None and main is not None and main in assembled.keys:
        _add_walked(facts, walked, assembled.keys[main])
    relations: list[Relation] = list(assembled.relations)
    for relation in relations:
        if relation.predicate == "inRegion":
            _ensure(organisations, Organisation(name=relation.object, kind=REGION, evidence=relation.evidence))
    local, served = entities.local_organisations(text, subject.subject)
    owned, owners = services.ownership(text, subject.subject)
    found_services, subcontracts, providers = services.services(text, subject.subject, organisations)
    for organisation in (*local, *owners, *providers):
        _ensure(organisations, organisation)
    for relation in relations:
        if relation.predicate == "ownedBy":
            _ensure(organisations, Organisation(name=relation.object, evidence=relation.evidence))
    relations.extend((*served, *owned, *subcontracts))
    region = next((r.object for r in relations if r.predicate == "inRegion" and r.subject == subject.subject), None)
    context = Context(
        subject=subject.subject,
        inspection=subject.key,
        region=region,
        units=tuple(o.name for o in organisations if o.kind not in (REGION,) and o.name in {k[0] for k in found.units}),
        organisations=tuple(o.name for o in organisations),
        places=entities.place_names(subject.subject),
        about=_sentence_subjects(discourse, assembled),
    )
    return Extraction(
        document=document,
        organisations=tuple(organisations),
        relations=tuple(dict.fromkeys(relations)),
        places=tuple(entities.places(text, subject.subject)),
        people=tuple(found_people),
        inspections=tuple(facts.inspections),
        dates=tuple(facts.dates),
        standard_ratings=tuple(facts.standard_ratings),
        key_questions=tuple(facts.key_questions),
        findings=tuple(facts.findings),
        recommendations=tuple(facts.recommendations),
        services=tuple(found_services),
        measurements=tuple(figures(text, context)),
        quotations=tuple(people.quotations(text, found_people, organisations, subject.subject)),
    )


def _sentence_subjects(discourse: Discourse, assembled: Assembled) -> Callable[[int], tuple[str, str | None] | None]:
    """For figures: the unit each sentence is about (named first in it, or by the discourse), with its inspection."""

    def about(index: int) -> tuple[str, str | None] | None:
        if index >= len(discourse.views):
            return None
        view = discourse.views[index]
        named = [k for r in view.references if len(r.keys) == 1 for k in r.keys if k in assembled.keys]
        about = discourse.about(view)
        keys = named[:1] or [k for k in about if k in assembled.keys][:1] or [k for k in about if k[1] == REGION][:1]
        return (keys[0][0], assembled.keys.get(keys[0])) if keys else None

    return about


def _without_inspection(
    document: Document, text: Text, organisations: list[Organisation], found_people: list[Person]
) -> Extraction:
    """A document that reports on no inspection (an annual report, an announcement).

    Its organisations, people, quotations, and figures about the organisation it names first.
    """
    subject = organisations[0].name if organisations else None
    measurements = (
        figures(text, Context(subject=subject, inspection=None, organisations=tuple(o.name for o in organisations)))
        if subject
        else []
    )
    return Extraction(
        document=document,
        organisations=tuple(organisations),
        people=tuple(found_people),
        measurements=tuple(measurements),
        quotations=tuple(people.quotations(text, found_people, organisations, subject)),
    )


def _unit_organisations(text: Text, discourse: Discourse) -> list[Organisation]:
    """One organisation record per unit the document names (as kept by the discourse), cited at its first mention."""
    seen: dict[Key, Organisation] = {}
    for mention in discourse.mentions:
        if mention.key in seen:
            continue
        span = text.span_at(mention.start)
        if span is None:
            continue
        unit = discourse.found.units[mention.key]
        aliases = tuple(sorted(a for a in unit.aliases if display(a) != unit.name))
        seen[mention.key] = Organisation(name=unit.name, kind=unit.kind, aliases=aliases, evidence=span)
    return list(seen.values())


def _title_block_regions(kind: DocumentKind, layout: Layout, discourse: Discourse, text: Text) -> list[Claim]:
    """A report's title block names its region ('Probation Service – North East region'): the subject is in it."""
    if kind is not DocumentKind.INSPECTION_REPORT or not discourse.main:
        return []
    main = discourse.main[0]
    if main[1] == REGION:
        return []
    lines = [line for line in layout.lines if line.kind != "blank"][:12]
    claims = []
    for line in lines:
        if len(line.text) > 90:
            continue
        regions = [m for m in discourse.mentions if line.start <= m.start < line.end and m.kind == REGION]
        others = [m for m in discourse.mentions if line.start <= m.start < line.end and m.kind != REGION]
        if len(regions) == 1 and not others:
            claims.append(Claim(main, "region", regions[0].name, text.span(line.start, line.end)))
            break
    return claims


def _walked_claims(walked: reports._Walker, main: Key) -> list[Claim]:
    claims = []
    if walked.overall and walked.overall_evidence:
        claims.append(Claim(main, "overall", walked.overall, walked.overall_evidence, weight=4.0))
    for rating in walked.ratings:
        claims.append(
            Claim(
                main, "standard", rating.rating, rating.evidence, standard=rating.standard, code=rating.code, weight=4.0
            )
        )
    if walked.score is not None and walked.max_score is not None:
        span = walked.score_evidence
        if span is not None:
            claims.append(Claim(main, "score", (walked.score, walked.max_score), span, weight=4.0))
    if walked.recommendations:
        first = walked.recommendations[0].evidence
        claims.append(Claim(main, "recommendations", len(walked.recommendations), first, weight=0.5))
    for date in walked.dates:
        claims.append(Claim(main, "fieldwork", date.value, date.evidence))
    return claims


def _add_walked(facts: InspectionFacts, walked: reports._Walker, key: str) -> None:
    facts.key_questions.extend(q.model_copy(update={"inspection": key}) for q in walked.questions)
    facts.findings.extend(f.model_copy(update={"inspection": key}) for f in walked.findings)
    facts.recommendations.extend(r.model_copy(update={"inspection": key}) for r in walked.recommendations)


_DATE_LINE = re.compile(r"^\s*date[:\s]+(?P<date>\d{4}-\d{2}-\d{2})\b", re.IGNORECASE)
_REPORT_TITLE = re.compile(
    r"An inspection of (?:probation|youth justice) services in:?\s*(?:\*\*|<b>)?\s*(?P<name>[^*\n<]+)"
)
_REPORT_IMPRINT = re.compile(
    r"(?P<publisher>HM Inspectorate of Probation),\s*(?P<date>(?:[A-Z][a-z]+\s+)?\d{4})\s*$", re.MULTILINE
)


def _with_stated_metadata(document: Document, text: Text, kind: DocumentKind) -> Document:
    """Fill the metadata the corpus file left out with what the text itself states."""
    from .dates import first_date

    found: dict[str, object] = {"kind": kind}
    date_line = _DATE_LINE.match(text.text)
    if date_line:
        found["date"] = date_line.group("date")
    if kind is DocumentKind.INSPECTION_REPORT:
        title = _REPORT_TITLE.search(text.text[:3000])
        if title and title.group("name").strip():
            found["title"] = f"An inspection of probation services in: {title.group('name').strip()}"
        imprint = _REPORT_IMPRINT.search(text.text[:5000])
        if imprint:
            found["publisher"] = imprint.group("publisher")
            found["date"] = found.get("date") or first_date(imprint.group("date"))
    if not found.get("date"):
        found["date"] = stated_date(text.text)
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
