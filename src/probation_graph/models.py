"""The typed records every extractor produces and ``build`` turns into RDF.

Extractors never write triples: they return an :class:`Extraction` of these records, each fact
carrying the :class:`Span` of the document text it came from. Concept fields (ratings, standards,
metric kinds, units, grades, service types and roles) hold the key of a concept of the
ontology's schemes (``"requires-improvement"``, ``"leadership"``); ``build`` rejects unknown keys.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator


class Record(BaseModel):
    """Base of all records: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class DocumentKind(StrEnum):
    """The kinds of source document."""

    INSPECTION_REPORT = "InspectionReport"
    NEWS_ARTICLE = "NewsArticle"
    PRESS_RELEASE = "PressRelease"


def _org_kind(value: str) -> str:
    from .classes import org_kind

    return org_kind(value)


OrgKind = Annotated[str, AfterValidator(_org_kind)]
"""A kind of organisation: the local name of pg:Organisation or a subclass (the ontology's class registry)."""


class Span(Record):
    """A passage of the document text: ``text == document.text[start:end]``."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    text: str = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end <= self.start:
            raise ValueError("span end must be after its start")
        return self


class SourceMeta(Record):
    """What is known about a document before reading it: from the corpus metadata file."""

    source_id: str = Field(pattern=r"^[a-z0-9][a-z0-9._-]*$")
    kind: DocumentKind | None = None
    title: str | None = None
    publisher: str | None = None
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    url: str | None = None
    licence: str | None = None


class Document(Record):
    """A document read from disk: its metadata, text and content hash."""

    meta: SourceMeta
    path: str
    text: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


class Fact(Record):
    """A record backed by a passage of the document."""

    evidence: Span


class Organisation(Fact):
    """An organisation named in the document."""

    name: str = Field(min_length=1)
    kind: OrgKind = "Organisation"
    aliases: tuple[str, ...] = ()
    description: str | None = None


RelationName = Literal[
    "ownedBy", "memberOf", "subdivisionOf", "subcontractsTo", "inRegion", "servesArea", "hasOffice", "locatedIn"
]


class Relation(Fact):
    """A relation between two organisations (or an organisation and a place), by name."""

    subject: str
    predicate: RelationName
    object: str


class Place(Fact):
    """A town, borough or area named in the document."""

    name: str


class Person(Fact):
    """A named person and the role the document gives them."""

    name: str
    role: str | None = Field(default=None, description="key of a concept of the 'role' scheme")
    organisation: str | None = None


class Inspection(Fact):
    """An inspection the document describes. ``key`` ties the other records to it."""

    key: str = Field(description="identifier of this inspection within the document, e.g. 'current'")
    subject: str
    subject_kind: OrgKind
    inspection_class: str | None = Field(
        default=None, description="a subclass of pg:Inspection, e.g. PublicProtectionInspection"
    )
    conducted_by: str | None = None
    overall_rating: str | None = None
    score: int | None = Field(default=None, ge=0)
    max_score: int | None = Field(default=None, ge=1)
    fieldwork_start: tuple[str, ...] = ()
    publication_date: str | None = None
    year: int | None = None
    lead_inspector: str | None = None
    chief_inspector: str | None = None
    recommendation_count: int | None = Field(default=None, ge=0)
    previous: tuple[str, ...] = Field(default=(), description="keys of earlier inspections referred to")


class DateFact(Fact):
    """A dated statement about an inspection (fieldwork start or publication), with its evidence."""

    inspection: str
    field: str = Field(pattern="^(fieldwork_start|publication_date)$")
    value: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")


class StandardRating(Fact):
    """The rating an inspection gave a standard or aspect."""

    inspection: str
    standard: str
    code: str | None = None
    rating: str


class KeyQuestion(Fact):
    """A key question of a standard and the percentage of cases judged satisfactory."""

    inspection: str
    standard: str | None = None
    question: str
    percentage: float = Field(ge=0, le=100)
    drives_rating: bool = False


class Finding(Fact):
    """A strength or an area for improvement."""

    inspection: str
    kind: str = Field(pattern="^(strength|area-for-improvement|finding)$")
    standard: str | None = None
    topic: str | None = None
    text: str


class Recommendation(Fact):
    """A recommendation an inspection made."""

    inspection: str
    ordinal: int | None = Field(default=None, ge=1)
    text: str
    addressed_to: str | None = None


class Service(Fact):
    """A service delivered to people on probation: type, provider, role and where."""

    service_type: str
    provider: str
    role: str | None = None
    delivered_in: str | None = None
    subcontractor: str | None = None
    description: str | None = None


class Measurement(Fact):
    """A figure the document states."""

    metric: str
    value: float
    unit: str
    subject: str = Field(description="name of the organisation, place or region the figure is about")
    inspection: str | None = None
    staff_grade: str | None = None
    population: str | None = None
    period: str | None = None
    comparison: str | None = None


class Quotation(Fact):
    """Words the document quotes, with their speaker."""

    speaker: str
    text: str


class Extraction(Record):
    """Everything extracted from one document."""

    document: Document
    organisations: tuple[Organisation, ...] = ()
    relations: tuple[Relation, ...] = ()
    places: tuple[Place, ...] = ()
    people: tuple[Person, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    dates: tuple[DateFact, ...] = ()
    standard_ratings: tuple[StandardRating, ...] = ()
    key_questions: tuple[KeyQuestion, ...] = ()
    findings: tuple[Finding, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    services: tuple[Service, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    quotations: tuple[Quotation, ...] = ()

    def facts(self) -> list[Fact]:
        """Every record that carries evidence."""
        groups: list[tuple[Fact, ...]] = [
            self.organisations,
            self.relations,
            self.places,
            self.people,
            self.inspections,
            self.dates,
            self.standard_ratings,
            self.key_questions,
            self.findings,
            self.recommendations,
            self.services,
            self.measurements,
            self.quotations,
        ]
        return [fact for group in groups for fact in group]


def parse_date(value: str) -> date | None:
    """Return a full ``date`` for ``YYYY-MM-DD`` text, else ``None`` (partial dates stay text)."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None
