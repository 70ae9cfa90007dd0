"""News articles and press releases about inspections: ratings, earlier inspections, dates, counts."""

from __future__ import annotations

import re
from functools import cache

from ..models import DateFact, Document, Inspection, Organisation, Person, StandardRating
from ..ontology import vocabulary
from . import people as people_module
from .dates import first_date
from .entities import UnitMention, inspectorate
from .entities import subject as most_named
from .facts import CURRENT, InspectionFacts
from .numbers import NUMBER, to_number
from .ratings import rating_key, rating_pattern
from .services import most_specific
from .text import Text

_Q = "[\"'\u2018\u2019\u201c\u201d]?"
_DATE = r"(?:\d{1,2}\s+)?[A-Z][a-z]+\s+(?:\d{1,2},\s*)?\d{4}|\d{4}"


@cache
def _rating_patterns() -> tuple[re.Pattern[str], ...]:
    r = rating_pattern()
    return tuple(
        re.compile(p, re.IGNORECASE)
        for p in (
            rf"overall rating of\s+{_Q}(?P<rating>{r})",
            rf"overall\s+{_Q}(?P<rating>{r}){_Q}\s+rating",
            rf"(?:was|been|is|were)\s+rated\s+{_Q}(?P<rating>{r}){_Q}\s+(?:overall|for the second time|again)",
            rf"rated\s+{_Q}(?P<rating>{r}){_Q}\s+overall",
            rf"\bhas\s+rated\s+(?!this\b)[^.]{{3,120}}?\s+as\s+{_Q}(?P<rating>{r}){_Q}\s+overall",
        )
    )


@cache
def _previous_patterns() -> tuple[re.Pattern[str], ...]:
    r = rating_pattern()
    return tuple(
        re.compile(p, re.IGNORECASE)
        for p in (
            rf"previously\s+(?:been\s+)?rated\s+{_Q}(?P<rating>{r}){_Q}(?:[^.]*?\b(?:in|on)\s+(?P<date>{_DATE}))?",
            rf"rated\s+{_Q}(?P<rating>{r}){_Q}\s+for the (?:second|third|fourth) time",
            rf"(?P<same>retain(?:ing|s|ed)?|keep(?:ing|s)?|kept|stays?|remains?)\s+the same\s+(?:grade|rating)"
            rf"(?:[^.]*?\bin\s+(?P<date>{_DATE}))?",
            r"the overall rating\s+(?P<same>stays|remains|is)\s+the same",
            rf"(?:when|since)\s+we\s+(?:last\s+)?inspected\s+[^.]*?\s+in\s+(?P<date>{_DATE})",
            rf"last inspect(?:ion|ed)[^.]*?\bin\s+(?P<date>{_DATE})",
        )
    )


_PUBLISHED = re.compile(
    rf"(?:published|released|available)(?:[^.]|\.(?=\S))*?\b(?:on\s+|\((?:\w+day,?\s+)?)(?P<date>{_DATE})",
    re.IGNORECASE,
)
_FIELDWORK = re.compile(
    rf"[Ff]ieldwork[^.]*?\b(?:started|began|took place|start)\s+(?:in|on)?\s*(?P<date>{_DATE})"
    rf"|following an inspection[^.]*?\bin\s+(?P<date2>[A-Z][a-z]+\s+\d{{4}})"
)
_RECOMMENDATIONS = re.compile(
    rf"\b(?:made|makes|make|making|set out|sets out)\s+(?P<n>{NUMBER})\s+recommendations", re.IGNORECASE
)


@cache
def _aspect_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    r = rating_pattern()
    all_aspects = rf"rated all (?P<n>{NUMBER})\s+(?:aspects|standards)(?:[^.]*?)\s+{_Q}(?P<rating>{r}){_Q}"
    this_area = (
        rf"rated this (?:area(?: of (?:work|practice))?|aspect|service|standard)\s+(?:as\s+)?{_Q}(?P<rating>{r}){_Q}"
    )
    return re.compile(all_aspects, re.IGNORECASE), re.compile(this_area, re.IGNORECASE)


def subject(text: Text, units: list[UnitMention]) -> UnitMention | None:
    """The unit the article is about: the one it names most often."""
    return most_named(units)


def inspection_facts(
    document: Document,
    text: Text,
    subject: UnitMention,
    organisations: list[Organisation],
    found_people: list[Person],
) -> InspectionFacts:
    """The inspection an article reports on, earlier inspections it mentions, and their facts."""
    facts = InspectionFacts()
    overall, overall_at = _first(text, _rating_patterns())
    published = _dated(text, _PUBLISHED, facts, "publication_date")
    fieldwork = _dated(text, _FIELDWORK, facts, "fieldwork_start")
    count = _RECOMMENDATIONS.search(text.plain)
    facts.inspections.append(
        Inspection(
            key=CURRENT,
            subject=subject.name,
            subject_kind=subject.kind,
            conducted_by=inspectorate(organisations),
            overall_rating=overall,
            fieldwork_start=(fieldwork,) if fieldwork else (),
            publication_date=published or document.meta.date,
            lead_inspector=people_module.with_role(found_people, "lead-inspector"),
            chief_inspector=people_module.with_role(found_people, "chief-inspector"),
            recommendation_count=int(to_number(count.group("n")) or 0) if count else None,
            evidence=text.span_at(overall_at if overall_at is not None else subject.start)
            or text.span(subject.start, subject.end),
        )
    )
    previous = _previous(text, subject, overall)
    if previous is not None:
        facts.inspections.append(previous)
        facts.inspections[0] = facts.inspections[0].model_copy(update={"previous": (previous.key,)})
    facts.standard_ratings.extend(_aspect_ratings(text))
    return facts


def _first(text: Text, patterns: tuple[re.Pattern[str], ...]) -> tuple[str | None, int | None]:
    best: tuple[int, str] | None = None
    for pattern in patterns:
        match = pattern.search(text.plain)
        if match and (best is None or match.start() < best[0]):
            key = rating_key(match.group("rating"))
            if key:
                best = (match.start(), key)
    return (best[1], best[0]) if best else (None, None)


def _dated(text: Text, pattern: re.Pattern[str], facts: InspectionFacts, field: str) -> str | None:
    for match in pattern.finditer(text.plain):
        raw = next((g for g in match.groups() if g), None)
        value = first_date(raw) if raw else None
        span = text.span_at(match.start())
        if value and span:
            facts.dates.append(DateFact(inspection=CURRENT, field=field, value=value, evidence=span))
            return value
    return None


def _previous(text: Text, subject: UnitMention, current: str | None) -> Inspection | None:
    """One earlier inspection, merged from every sentence that refers to it."""
    rating: str | None = None
    date: str | None = None
    evidence = None
    for pattern in _previous_patterns():
        for match in pattern.finditer(text.plain):
            groups = match.groupdict()
            found = rating_key(groups["rating"]) if groups.get("rating") else current if groups.get("same") else None
            rating = rating or found
            if groups.get("date"):
                date = date or first_date(groups["date"])
            evidence = evidence or text.span_at(match.start())
    if evidence is None or (rating is None and date is None):
        return None
    return Inspection(
        key="previous",
        subject=subject.name,
        subject_kind=subject.kind,
        overall_rating=rating,
        publication_date=date if date and len(date) > 4 else None,
        year=int(date[:4]) if date else None,
        evidence=evidence,
    )


def _aspect_ratings(text: Text) -> list[StandardRating]:
    """'We have rated all four aspects Inadequate'; 'rated this area of work as Good'."""
    ratings: dict[str, StandardRating] = {}
    all_aspects, this_area = _aspect_patterns()
    for match in all_aspects.finditer(text.plain):
        count, key = to_number(match.group("n")), rating_key(match.group("rating"))
        group = [c for c in vocabulary().scheme("standard") if c.broader == "service-delivery"]
        span = text.span_at(match.start())
        if key and span and count == len(group):
            for concept in group:
                ratings.setdefault(
                    concept.key, StandardRating(inspection=CURRENT, standard=concept.key, rating=key, evidence=span)
                )
    for index, sentence in enumerate(text.sentences):
        area = this_area.search(sentence.plain)
        key = rating_key(area.group("rating")) if area else None
        if area is None or key is None:
            continue
        window = [sentence.plain[: area.start()], *(s.plain for s in text.sentences[max(0, index - 2) : index])]
        standard = most_specific("standard", window)
        if standard is not None:
            ratings.setdefault(
                standard.key,
                StandardRating(inspection=CURRENT, standard=standard.key, rating=key, evidence=sentence.span),
            )
    return list(ratings.values())
