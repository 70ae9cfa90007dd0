"""Claims gathered into inspections: one per unit the document reports on, and the earlier ones it recalls.

A unit gets a current inspection when it is a main subject of the document or when the text rates
it, dates its inspection or says it was inspected. Where claims disagree (two overall ratings for
one unit) the better-attested one wins: a rating table or a sentence with the unit as its subject
outweighs one inferred from the sentence's focus. The document's chief inspector is every current
inspection's chief inspector unless a row or section names another; a lead inspector belongs to the
unit the sentence is about. Undated documents give undated inspections, which the store attaches to
the unit's latest dated inspection when the document is written (see ``ingest``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..classes import CRC, REGION, local, registry
from ..models import DateFact, Inspection, Person, Relation, Span, StandardRating
from ..namespaces import PG
from ..ontology import ontology_graph
from ..read import slug
from .claims import CURRENT, PREVIOUS, Claim
from .discourse import Discourse, Key
from .facts import InspectionFacts


@dataclass
class Assembled:
    """The inspections of a document, their dated statements and ratings, and the relations the text states."""

    facts: InspectionFacts = field(default_factory=InspectionFacts)
    relations: list[Relation] = field(default_factory=list)
    keys: dict[Key, str] = field(default_factory=dict)
    """The key of each unit's current inspection."""


def inspection_key(unit: Key, when: str = CURRENT) -> str:
    """The key that ties records to the inspection of ``unit`` (current or previous) within a document."""
    return f"{when}:{registry().get(unit[1]).folder or 'org'}:{slug(unit[0])}"


def _best(claims: list[Claim]) -> Claim | None:
    return max(claims, key=lambda c: (c.weight, -c.evidence.start)) if claims else None


def _public_protection_cues() -> list[str]:
    return sorted(
        {str(v) for v in ontology_graph().objects(PG.PublicProtectionInspection, PG.textCue)}, key=lambda s: (len(s), s)
    )


def inspection_class(text: str) -> str | None:
    """The subclass of pg:Inspection a document's wording points to (a dynamic public protection inspection), if any."""
    lowered = text[:4000].lower()
    if any(cue.lower() in lowered for cue in _public_protection_cues()):
        return local(PG.PublicProtectionInspection)
    return None


def assemble(
    claims: list[Claim],
    discourse: Discourse,
    people: list[Person],
    document_date: str | None,
    text: str,
    *,
    report: bool = False,
    conducted_by: str | None = None,
) -> Assembled:
    """Inspections, dated statements, standard ratings and relations from a document's claims."""
    out = Assembled()
    by_unit: dict[Key, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_unit[claim.unit].append(claim)
    rated_fields = {"overall", "standard", "published", "fieldwork", "score", "recommendations", "inspected", "chief"}
    klass = inspection_class(text)

    def inspected(unit: Key) -> bool:
        """A region is inspected only when the text rates it, or it is what a public protection inspection is of."""
        if unit[1] != REGION:
            return True
        current = [c for c in by_unit[unit] if c.when == CURRENT]
        return any(c.field in ("overall", "standard") for c in current) or (
            klass is not None and (unit in discourse.main or any(c.field == "inspected" for c in current))
        )

    candidates = [k for k in discourse.main if inspected(k)]
    for claim in claims:
        current = claim.when == CURRENT and claim.field in rated_fields
        if current and claim.unit not in candidates and inspected(claim.unit):
            candidates.append(claim.unit)
    chiefs = [p for p in people if p.role == "chief-inspector"]
    leads = [p for p in people if p.role == "lead-inspector"]
    for unit in candidates:
        unit_claims = [c for c in by_unit[unit] if c.when == CURRENT]
        key = inspection_key(unit)
        out.keys[unit] = key
        overall = _best([c for c in unit_claims if c.field == "overall"])
        published = [c for c in unit_claims if c.field == "published"]
        fieldwork = [c for c in unit_claims if c.field == "fieldwork"]
        score = _best([c for c in unit_claims if c.field == "score"])
        recommendations = _best([c for c in unit_claims if c.field == "recommendations"])
        evidence = overall.evidence if overall else _first_evidence(unit_claims, discourse, unit)
        if evidence is None:
            continue
        stale = [c for c in published if _months_apart(c.value, document_date) > 12]
        published = [c for c in published if c not in stale]
        by_unit[unit].extend(Claim(c.unit, "published", c.value, c.evidence, when=PREVIOUS) for c in stale)
        publication = _publication(published, document_date, main=unit in discourse.main, report=report)
        year = None
        if publication is None and not fieldwork and document_date:
            year = int(document_date[:4])
        chief = _chief(unit_claims, chiefs, overall)
        lead = _lead(leads, unit, discourse)
        out.facts.inspections.append(
            Inspection(
                key=key,
                subject=unit[0],
                subject_kind=unit[1],
                conducted_by=conducted_by,
                overall_rating=overall.value if overall and klass is None else None,
                inspection_class=klass,
                score=score.value[0] if score else None,
                max_score=score.value[1] if score else None,
                fieldwork_start=tuple(dict.fromkeys(c.value for c in fieldwork)),
                publication_date=publication,
                year=year,
                lead_inspector=lead,
                chief_inspector=chief,
                recommendation_count=recommendations.value if recommendations else None,
                evidence=evidence,
            )
        )
        for claim in [*published, *fieldwork]:
            field_name = "publication_date" if claim.field == "published" else "fieldwork_start"
            out.facts.dates.append(
                DateFact(inspection=key, field=field_name, value=claim.value, evidence=claim.evidence)
            )
        standards: dict[str, list[Claim]] = defaultdict(list)
        for claim in unit_claims:
            if claim.field == "standard" and claim.standard:
                standards[claim.standard].append(claim)
        for standard, group in standards.items():
            best = _best(group)
            assert best is not None
            out.facts.standard_ratings.append(
                StandardRating(
                    inspection=key, standard=standard, code=best.code, rating=best.value, evidence=best.evidence
                )
            )
        previous = _previous(unit, by_unit[unit], overall)
        if previous is not None:
            out.facts.inspections.append(previous)
            index = next(i for i, x in enumerate(out.facts.inspections) if x.key == key)
            out.facts.inspections[index] = out.facts.inspections[index].model_copy(update={"previous": (previous.key,)})
    for unit, unit_claims in by_unit.items():
        for claim in unit_claims:
            if claim.field == "region" and unit[1] != REGION:
                out.relations.append(
                    Relation(subject=unit[0], predicate="inRegion", object=claim.value, evidence=claim.evidence)
                )
            elif claim.field == "owner" and unit[1] == CRC:
                out.relations.append(
                    Relation(subject=unit[0], predicate="ownedBy", object=claim.value, evidence=claim.evidence)
                )
    return out


def _months(value: str) -> int:
    year, _, rest = value.partition("-")
    return int(year) * 12 + (int(rest[:2]) - 1 if rest[:2].isdigit() else 0)


def _months_apart(value: str, document_date: str | None) -> int:
    """How many months a date is before the document's date (0 when either is unknown or it is later)."""
    if not document_date or not re.match(r"\d{4}", value):
        return 0
    return max(0, _months(document_date) - _months(value))


def _publication(published: list[Claim], document_date: str | None, *, main: bool, report: bool) -> str | None:
    """When an inspection was published.

    A date the text states (one that refines the document's own date first); for a report, its own date; else,
    for what the document is about, the document's date.
    """
    if document_date:
        refining = [
            c.value for c in published if c.value.startswith(document_date) or document_date.startswith(c.value)
        ]
        if refining:
            return str(max(refining, key=len))
        if report and main:
            return document_date
    if published:
        return str(published[0].value)
    return document_date if main else None


def _first_evidence(claims: list[Claim], discourse: Discourse, unit: Key) -> Span | None:
    if claims:
        return min(claims, key=lambda c: c.evidence.start).evidence
    for view in discourse.views:
        if any(unit in r.keys for r in view.references):
            return view.sentence.span
    return None


def _chief(claims: list[Claim], chiefs: list[Person], overall: Claim | None) -> str | None:
    stated = [c for c in claims if c.field == "chief"]
    if stated:
        return str(stated[0].value)
    names = list(dict.fromkeys(p.name for p in chiefs))
    if len(names) <= 1:
        return names[0] if names else None
    anchor = overall.evidence.start if overall else 0
    return min(chiefs, key=lambda p: abs(p.evidence.start - anchor)).name


def _lead(leads: list[Person], unit: Key, discourse: Discourse) -> str | None:
    for person in leads:
        view = next(
            (v for v in discourse.views if v.sentence.start <= person.evidence.start < v.sentence.end + 1), None
        )
        about = view.keys if view and view.keys else list(discourse.about(view)) if view else []
        if not about and len(discourse.main) == 1:
            about = list(discourse.main)
        if unit in about:
            return person.name
    return None


def _previous(unit: Key, claims: list[Claim], current: Claim | None) -> Inspection | None:
    """The earlier inspection a document recalls, merged from every clause about it."""
    earlier = [c for c in claims if c.when == PREVIOUS]
    if not earlier:
        return None
    overall = _best([c for c in earlier if c.field == "overall"])
    rating = overall.value if overall else None
    if rating is None and any(c.field == "same-rating" for c in earlier) and current is not None:
        rating = current.value
    published = next((c.value for c in earlier if c.field == "published"), None)
    fieldwork = tuple(dict.fromkeys(c.value for c in earlier if c.field == "fieldwork"))
    stated = next((c.value for c in earlier if c.field == "year"), None)
    if rating is None and published is None and not fieldwork and stated is None:
        return None
    when = published or (fieldwork[0] if fieldwork else None) or stated
    evidence = (overall or min(earlier, key=lambda c: c.evidence.start)).evidence
    return Inspection(
        key=inspection_key(unit, PREVIOUS),
        subject=unit[0],
        subject_kind=unit[1],
        overall_rating=rating,
        publication_date=published if published and len(published) > 4 else None,
        fieldwork_start=fieldwork,
        year=int(when[:4]) if when and re.match(r"\d{4}", when) else None,
        evidence=evidence,
    )
