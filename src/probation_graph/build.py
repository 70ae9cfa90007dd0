"""Records to RDF: stable IRIs, entity resolution by normalised name, and provenance on every fact.

``to_triples(extraction)`` returns the triples of one document's named graph. The same
organisation, person or place gets the same IRI in every document (minted from its kind and
normalised name, after gazetteer resolution), so the union of the graphs merges what the
documents say about it. Each fact node carries ``prov:wasDerivedFrom`` its document and a
``pg:evidence`` node with a Web Annotation text quote and position selector.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import pyoxigraph as ox
from rdflib import URIRef

from .classes import CRC, ORGANISATION, REGION, local, registry
from .errors import ProbationGraphError
from .extract.gazetteer import gazetteer
from .models import (
    DateFact,
    DocumentKind,
    Extraction,
    Fact,
    Inspection,
    Person,
    Span,
)
from .names import display, unit_labels
from .namespaces import DCTERMS, GRAPH_REFERENCE, ID, OA, PG, PROV, RDF, RDFS, SKOS, XSD
from .ontology import vocabulary
from .read import slug
from .reference import Reference
from .store import document_graph

TEXT_PART = 1_000_000
"""Most characters of one text literal. A longer document text is kept in parts (``pg:textPart``): N-Triples
parsers hold a whole line in memory, and Oxigraph's refuses a line over 16 MiB (a 16.8 MB text would be one)."""
UNDATED = "undated"
"""The suffix of the IRI of an inspection no source dates (``ingest`` attaches it to a dated one)."""
_RELATIONS = {
    "ownedBy": PG.ownedBy,
    "memberOf": PG.memberOf,
    "subdivisionOf": PG.subdivisionOf,
    "subcontractsTo": PG.subcontractsTo,
    "inRegion": PG.inRegion,
    "servesArea": PG.servesArea,
    "hasOffice": PG.hasOffice,
    "locatedIn": PG.locatedIn,
}


@dataclass(frozen=True)
class DocumentGraph:
    """What one document contributes: its named graph, and descriptions of the entities it names.

    Entity descriptions (type, labels) go to the shared entities graph, so that an entity named
    by several documents is described once there; everything else stays in the document's graph.
    """

    name: str
    triples: list[ox.Triple]
    entity_triples: list[ox.Triple]

    def __len__(self) -> int:
        return len(self.triples) + len(self.entity_triples)


class BuildError(ProbationGraphError):
    """A record refers to something the ontology does not define (an unknown concept key)."""


def node(iri: str | URIRef) -> ox.NamedNode:
    """A pyoxigraph named node for an IRI."""
    return ox.NamedNode(str(iri))


@lru_cache(maxsize=4096)
def term(iri: URIRef) -> ox.NamedNode:
    """The named node of a vocabulary term (a predicate or class), made once."""
    return ox.NamedNode(str(iri))


def date_literal(value: str) -> ox.Literal:
    """A typed literal for 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return ox.Literal(value, datatype=node(XSD.date))
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return ox.Literal(value, datatype=node(XSD.gYearMonth))
    if re.fullmatch(r"\d{4}", value):
        return ox.Literal(value, datatype=node(XSD.gYear))
    raise BuildError(f"not a date: {value!r}")


def decimal(value: float) -> ox.Literal:
    """An ``xsd:decimal`` literal written as printed (28.4, 1980)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return ox.Literal(text, datatype=node(XSD.decimal))


def integer(value: int) -> ox.Literal:
    """An ``xsd:integer`` literal."""
    return ox.Literal(str(value), datatype=node(XSD.integer))


def text_literal(value: str) -> ox.Literal:
    """A plain English string."""
    return ox.Literal(value, language="en")


class Minter:
    """Mints the IRIs of things, resolving names through the gazetteer and the reference backbone."""

    def __init__(self, kinds: dict[str, str]) -> None:
        self.kinds = kinds

    def canonical(self, name: str, kind: str | None = None) -> tuple[str, str | None]:
        """The canonical name of an organisation and its kind (the one given, the document's, or the gazetteer's)."""
        kind = kind or self.kinds.get(name)
        entry = gazetteer().lookup(name, kind) if kind else gazetteer().lookup(name)
        if entry is not None and (kind is None or registry().is_a(entry.kind, kind)):
            return entry.name, entry.kind
        return display(name), kind

    def organisation(self, name: str, kind: str | None = None) -> ox.NamedNode:
        """The IRI of an organisation: units and regions in their class's folder, the rest under ``org/``."""
        name, known = self.canonical(name, kind)
        folder = registry().get(known or ORGANISATION).folder or "org"
        return node(ID[f"{folder}/{slug(name)}"])

    @staticmethod
    def person(name: str) -> ox.NamedNode:
        """The IRI of a person."""
        return node(ID[f"person/{slug(name)}"])

    @staticmethod
    def place(name: str) -> ox.NamedNode:
        """The IRI of a place."""
        return node(ID[f"place/{slug(name)}"])

    def inspection(self, record: Inspection, document_date: str | None) -> ox.NamedNode:
        """The IRI of an inspection: its unit and the year it was published, done or reported (else 'undated')."""
        subject = self.organisation(record.subject, record.subject_kind).value.rsplit("/", 1)[-1]
        year = inspection_year(record, document_date)
        folder = registry().get(self.canonical(record.subject, record.subject_kind)[1] or ORGANISATION).folder or "org"
        return node(ID[f"inspection/{folder}-{subject}-{year or UNDATED}"])


def inspection_year(record: Inspection, document_date: str | None) -> int | None:
    """The year that identifies an inspection: published, else fieldwork, else stated, else the document's date."""
    year = _year(record.publication_date) or _year(*record.fieldwork_start) or record.year
    if year is None and not record.key.startswith("previous"):
        year = _year(document_date)
    return year


def _year(*values: str | None) -> int | None:
    for value in values:
        if value and re.match(r"\d{4}", value):
            return int(value[:4])
    return None


class GraphBuilder:
    """Accumulates the triples of one document's graph."""

    def __init__(self, extraction: Extraction, extractor: str | None = None) -> None:
        self.extraction = extraction
        self.extractor = extractor
        self.document = extraction.document
        self.doc = node(ID[f"document/{self.document.meta.source_id}"])
        self.triples: list[ox.Triple] = []
        self.entity_triples: list[ox.Triple] = []
        self.vocab = vocabulary()
        kinds: dict[str, str] = {}
        for org in extraction.organisations:
            if org.kind != REGION or org.name not in kinds:
                kinds[org.name] = org.kind
        self.minter = Minter(kinds)
        self._counters: dict[str, int] = defaultdict(int)
        self._inspections: dict[str, ox.NamedNode] = {}
        self._labelled: set[str] = set()
        self._evidence: dict[tuple[int, int], ox.NamedNode] = {}

    def add(self, subject: ox.NamedNode, predicate: URIRef, obj: ox.NamedNode | ox.Literal) -> None:
        """Add one triple to the document's graph."""
        self.triples.append(ox.Triple(subject, term(predicate), obj))

    def describe(self, subject: ox.NamedNode, predicate: URIRef, obj: ox.NamedNode | ox.Literal) -> None:
        """Add one triple describing an entity (type, label) to the shared entities graph."""
        self.entity_triples.append(ox.Triple(subject, term(predicate), obj))

    def concept(self, scheme: str, key: str) -> ox.NamedNode:
        """The IRI of a concept, or :class:`BuildError` if the ontology lacks it."""
        try:
            return node(self.vocab.iri(scheme, key))
        except KeyError as exc:
            raise BuildError(f"{self.document.path}: {exc.args[0]}") from exc

    def fact_node(self, kind: str) -> ox.NamedNode:
        """A new, stable IRI for the next fact of ``kind`` in this document."""
        self._counters[kind] += 1
        return node(f"{self.doc.value}/{kind}/{self._counters[kind]}")

    def fact(self, kind: str, cls: URIRef, record: Fact) -> ox.NamedNode:
        """Mint a fact node of class ``cls`` with its provenance and evidence."""
        subject = self.fact_node(kind)
        self.add(subject, RDF.type, term(cls))
        self.add(subject, PROV.wasDerivedFrom, self.doc)
        self.evidence(subject, record.evidence)
        return subject

    def evidence(self, subject: ox.NamedNode, span: Span) -> None:
        """Attach a ``pg:Evidence`` with a quote and position selector to ``subject``.

        One evidence node per passage of the document: facts stated by the same sentence share it.
        """
        known = self._evidence.get((span.start, span.end))
        if known is not None:
            self.add(subject, PG.evidence, known)
            return
        evidence = self.fact_node("evidence")
        self._evidence[(span.start, span.end)] = evidence
        selector = node(f"{evidence.value}/selector")
        self.add(subject, PG.evidence, evidence)
        self.add(evidence, RDF.type, term(PG.Evidence))
        self.add(evidence, OA.hasSource, self.doc)
        self.add(evidence, OA.hasSelector, selector)
        self.add(selector, RDF.type, term(OA.TextQuoteSelector))
        self.add(selector, RDF.type, term(OA.TextPositionSelector))
        self.add(selector, OA.exact, ox.Literal(span.text))
        self.add(selector, OA.start, integer(span.start))
        self.add(selector, OA.end, integer(span.end))

    # --- things ---

    def organisation(self, name: str, kind: str | None = None, aliases: Iterable[str] = ()) -> ox.NamedNode:
        """The IRI of an organisation, typed and labelled in this graph on first use."""
        canonical, known = self.minter.canonical(name, kind)
        kind = known or kind or ORGANISATION
        iri = self.minter.organisation(canonical, kind)
        if iri.value in self._labelled:
            return iri
        self._labelled.add(iri.value)
        graph_class = registry().get(kind)
        self.describe(iri, RDF.type, node(graph_class.iri))
        label = graph_class.label_for(canonical)
        self.describe(iri, RDFS.label, text_literal(label))
        self.describe(iri, SKOS.prefLabel, text_literal(label))
        self.add(self.doc, PG.mentions, iri)
        entry = gazetteer().lookup(canonical, kind)
        names = {canonical, *aliases, *(entry.aliases if entry else ())}
        for alias in sorted(unit_labels(names, kind) - {label}):
            self.describe(iri, SKOS.altLabel, text_literal(alias))
        return iri

    def person(self, name: str) -> ox.NamedNode:
        """The IRI of a person, typed and labelled in this graph on first use."""
        iri = self.minter.person(name)
        if iri.value not in self._labelled:
            self._labelled.add(iri.value)
            self.describe(iri, RDF.type, node(PG.Person))
            self.describe(iri, RDFS.label, text_literal(name))
            self.add(self.doc, PG.mentions, iri)
        return iri

    def place(self, name: str) -> ox.NamedNode:
        """The IRI of a place, typed and labelled in this graph on first use."""
        iri = self.minter.place(name)
        if iri.value not in self._labelled:
            self._labelled.add(iri.value)
            self.describe(iri, RDF.type, node(PG.Place))
            self.describe(iri, RDFS.label, text_literal(name))
            self.add(self.doc, PG.mentions, iri)
        return iri

    def subject_of(self, name: str) -> ox.NamedNode:
        """The organisation or place a figure, service or relation is about, by name."""
        if name in self.minter.kinds or gazetteer().lookup(name) is not None:
            return self.organisation(name, self.minter.kinds.get(name))
        return self.place(name)

    # --- the document ---

    def document_node(self) -> None:
        """Type and describe the source document."""
        meta = self.document.meta
        kind = meta.kind or DocumentKind.NEWS_ARTICLE
        self.add(self.doc, RDF.type, node(PG[kind.value]))
        self.add(self.doc, RDFS.label, text_literal(meta.title or meta.source_id))
        self.add(self.doc, PG.sourceId, ox.Literal(meta.source_id))
        self.add(self.doc, PG.contentHash, ox.Literal(self.document.sha256))
        self.add(self.doc, PG.fileName, ox.Literal(self.document.path.rsplit("/", 1)[-1]))
        self.text(self.document.text)
        if self.extractor:
            self.add(self.doc, PG.extractor, ox.Literal(self.extractor))
        if meta.title:
            self.add(self.doc, DCTERMS.title, text_literal(meta.title))
        if meta.publisher:
            self.add(self.doc, DCTERMS.publisher, ox.Literal(meta.publisher))
        if meta.date:
            self.add(self.doc, PG.publicationDate, date_literal(meta.date))
        if meta.url:
            self.add(self.doc, DCTERMS.source, node(meta.url))
        if meta.licence:
            self.add(self.doc, DCTERMS.license, ox.Literal(meta.licence))

    def text(self, text: str) -> None:
        """The document's text: one ``pg:fullText`` literal, or parts of at most ``TEXT_PART`` characters."""
        if len(text) <= TEXT_PART:
            self.add(self.doc, PG.fullText, ox.Literal(text))
            return
        for offset in range(0, len(text), TEXT_PART):
            part = node(f"{self.doc.value}/text/{offset}")
            self.add(self.doc, PG.textPart, part)
            self.add(part, PG.textOffset, integer(offset))
            self.add(part, PG.partText, ox.Literal(text[offset : offset + TEXT_PART]))

    # --- records ---

    def build(self) -> DocumentGraph:
        """The triples of the document's graph and of the entities it describes."""
        x = self.extraction
        self.document_node()
        for org in x.organisations:
            self.organisation(org.name, org.kind, org.aliases)
        for place in x.places:
            self.place(place.name)
        for relation in x.relations:
            self.relation(relation.subject, relation.predicate, relation.object, relation)
        for inspection in sorted(x.inspections, key=lambda record: record.key.startswith("previous")):
            self.inspection(inspection)
        for inspection in x.inspections:
            for key in inspection.previous:
                self.add(self._inspection(inspection.key), PG.previousInspection, self._inspection(key))
        for fact in x.dates:
            self.date(fact)
        for person in x.people:
            self.person_role(person)
        for rating in x.standard_ratings:
            subject = self.fact("rating", PG.StandardRating, rating)
            self.add(self._inspection(rating.inspection), PG.hasStandardRating, subject)
            self.add(subject, PG.standard, self.concept("standard", rating.standard))
            self.add(subject, PG.rating, self.concept("rating", rating.rating))
            if rating.code:
                self.add(subject, PG.standardCode, ox.Literal(rating.code))
        for question in x.key_questions:
            subject = self.fact("key-question", PG.KeyQuestionResult, question)
            self.add(self._inspection(question.inspection), PG.hasKeyQuestionResult, subject)
            self.add(subject, PG.text, text_literal(question.question))
            self.add(subject, PG.percentage, decimal(question.percentage))
            self.add(
                subject, PG.drivesRating, ox.Literal(str(question.drives_rating).lower(), datatype=node(XSD.boolean))
            )
            if question.standard:
                self.add(subject, PG.standard, self.concept("standard", question.standard))
        for finding in x.findings:
            cls = {"strength": PG.Strength, "area-for-improvement": PG.AreaForImprovement}.get(finding.kind, PG.Finding)
            subject = self.fact(finding.kind, cls, finding)
            self.add(self._inspection(finding.inspection), PG.hasFinding, subject)
            self.add(subject, PG.text, text_literal(finding.text))
            if finding.standard:
                self.add(subject, PG.standard, self.concept("standard", finding.standard))
            if finding.topic:
                self.add(subject, PG.topic, text_literal(finding.topic))
        for recommendation in x.recommendations:
            subject = self.fact("recommendation", PG.Recommendation, recommendation)
            self.add(self._inspection(recommendation.inspection), PG.hasRecommendation, subject)
            self.add(subject, PG.text, text_literal(recommendation.text))
            if recommendation.ordinal:
                self.add(subject, PG.ordinal, integer(recommendation.ordinal))
            if recommendation.addressed_to:
                self.add(subject, PG.addressedTo, self.organisation(recommendation.addressed_to))
        for service in x.services:
            subject = self.fact("service", PG.Service, service)
            self.add(subject, PG.serviceType, self.concept("service-type", service.service_type))
            self.add(subject, PG.providedBy, self.organisation(service.provider))
            if service.role:
                self.add(subject, PG.serviceRole, self.concept("service-role", service.role))
            if service.delivered_in:
                self.add(subject, PG.deliveredIn, self.subject_of(service.delivered_in))
            if service.subcontractor:
                self.add(subject, PG.subcontractor, self.organisation(service.subcontractor))
            if service.description:
                self.add(subject, PG.text, text_literal(service.description))
            label = f"{self.vocab.concept('service-type', service.service_type).label} by {service.provider}"
            self.add(subject, RDFS.label, text_literal(label))
        for measurement in x.measurements:
            subject = self.fact("measurement", PG.Measurement, measurement)
            self.add(subject, PG.metric, self.concept("metric", measurement.metric))
            self.add(subject, PG.value, decimal(measurement.value))
            self.add(subject, PG.unit, self.concept("unit", measurement.unit))
            self.add(subject, PG.measurementOf, self.subject_of(measurement.subject))
            if measurement.inspection:
                self.add(self._inspection(measurement.inspection), PG.hasMeasurement, subject)
            if measurement.staff_grade:
                self.add(subject, PG.staffGrade, self.concept("grade", measurement.staff_grade))
            for predicate, value in (
                (PG.population, measurement.population),
                (PG.period, measurement.period),
                (PG.comparison, measurement.comparison),
            ):
                if value:
                    self.add(subject, predicate, text_literal(value))
        for quotation in x.quotations:
            subject = self.fact("quotation", PG.Quotation, quotation)
            self.add(subject, PG.text, text_literal(quotation.text))
            self.add(subject, PG.reportedIn, self.doc)
            speaker = (
                self.organisation(quotation.speaker)
                if gazetteer().lookup(quotation.speaker) or quotation.speaker in self.minter.kinds
                else self.person(quotation.speaker)
            )
            self.add(subject, PG.spokenBy, speaker)
        return DocumentGraph(
            name=document_graph(self.document.meta.source_id),
            triples=list(dict.fromkeys(self.triples)),
            entity_triples=list(dict.fromkeys(self.entity_triples)),
        )

    def relation(self, subject: str, predicate: str, obj: str, record: Fact) -> None:
        """A relation between two organisations (or an organisation and a place), with its evidence."""
        if predicate not in _RELATIONS:
            raise BuildError(f"{self.document.path}: unknown relation {predicate!r}")
        source = self.organisation(subject, self.minter.kinds.get(subject))
        if predicate in ("servesArea", "locatedIn"):
            target = self.subject_of(obj)
        else:
            target = self.organisation(obj, REGION if predicate == "inRegion" else self.minter.kinds.get(obj))
        self.statement(source, _RELATIONS[predicate], target, record.evidence)

    def statement(self, subject: ox.NamedNode, predicate: URIRef, obj: ox.NamedNode | ox.Literal, span: Span) -> None:
        """A triple, and an ``rdf:Statement`` about it that carries its evidence (RDF reification)."""
        self.add(subject, predicate, obj)
        statement = self.fact_node("statement")
        self.add(statement, RDF.type, node(RDF.Statement))
        self.add(statement, RDF.subject, subject)
        self.add(statement, RDF.predicate, node(predicate))
        self.add(statement, RDF.object, obj)
        self.add(statement, PROV.wasDerivedFrom, self.doc)
        self.evidence(statement, span)

    def inspection(self, record: Inspection) -> ox.NamedNode:
        """The inspection node with what the record states."""
        iri = self.minter.inspection(record, self.document.meta.date)
        if record.key.startswith("previous") and iri in self._inspections.values():
            iri = node(iri.value + "-previous")  # an undated earlier inspection is not the undated current one
        self._inspections[record.key] = iri
        subject = self.organisation(record.subject, record.subject_kind)
        self.describe(iri, RDF.type, node(PG.Inspection))
        if record.inspection_class:
            self.describe(iri, RDF.type, node(PG[record.inspection_class]))
        self.describe(iri, PG.inspected, subject)
        self.describe(iri, RDFS.label, text_literal(f"Inspection of {self._label(record)}"))
        self.add(iri, PROV.wasDerivedFrom, self.doc)
        self.evidence(iri, record.evidence)
        self.add(self.doc, PG.mentions, iri)
        if not record.key.startswith("previous"):
            self.add(self.doc, PG.about, iri)
        if record.conducted_by:
            self.add(iri, PG.conductedBy, self.organisation(record.conducted_by))
        if record.overall_rating:
            self.add(iri, PG.overallRating, self.concept("rating", record.overall_rating))
        if record.score is not None:
            self.add(iri, PG.score, integer(record.score))
        if record.max_score is not None:
            self.add(iri, PG.maxScore, integer(record.max_score))
        for value in record.fieldwork_start:
            self.add(iri, PG.fieldworkStart, date_literal(value))
        if record.publication_date:
            self.add(iri, PG.publicationDate, date_literal(record.publication_date))
        if record.year:
            self.add(iri, PG.inspectionYear, ox.Literal(str(record.year), datatype=node(XSD.gYear)))
        if record.lead_inspector:
            self.add(iri, PG.leadInspector, self.person(record.lead_inspector))
        if record.chief_inspector:
            self.add(iri, PG.chiefInspector, self.person(record.chief_inspector))
        if record.recommendation_count is not None:
            self.add(iri, PG.recommendationCount, integer(record.recommendation_count))
        return iri

    def _label(self, record: Inspection) -> str:
        name, kind = self.minter.canonical(record.subject, record.subject_kind)
        year = inspection_year(record, self.document.meta.date)
        return registry().get(kind or ORGANISATION).label_for(name) + (f" ({year})" if year else "")

    def date(self, fact: DateFact) -> None:
        """A dated statement, kept with its own evidence (sources may disagree)."""
        predicate = PG.fieldworkStart if fact.field == "fieldwork_start" else PG.publicationDate
        self.statement(self._inspection(fact.inspection), predicate, date_literal(fact.value), fact.evidence)

    def person_role(self, person: Person) -> None:
        """A person and, where stated, the role they hold."""
        iri = self.person(person.name)
        if person.role is None:
            return
        subject = self.fact("role", PG.RoleAssignment, person)
        self.add(subject, PG.rolePerson, iri)
        self.add(subject, PG.roleKind, self.concept("role", person.role))
        self.add(iri, PG.holdsRole, subject)
        role_label = self.vocab.concept("role", person.role).label
        if person.organisation:
            self.add(subject, PG.roleOrganisation, self.organisation(person.organisation))
            role_label = f"{role_label}, {self.minter.canonical(person.organisation)[0]}"
        self.add(subject, RDFS.label, text_literal(f"{person.name}, {role_label}"))

    def _inspection(self, key: str) -> ox.NamedNode:
        try:
            return self._inspections[key]
        except KeyError:
            raise BuildError(f"{self.document.path}: a record refers to unknown inspection {key!r}") from None


def reference_graph(data: Reference, stamp: str | None = None) -> DocumentGraph:
    """The reference backbone as a graph: its units, their regions, owners and members, each with its sources.

    Each relation is a reified statement with ``dcterms:source`` addresses and, for owners, the
    period it held (``pg:validFrom``, ``pg:validUntil``); the units and organisations are described
    in the entities graph like those documents name, with the same IRIs.
    """
    reference = node(ID["reference"])
    triples: list[ox.Triple] = []
    entities: list[ox.Triple] = []
    described: set[str] = set()

    def add(subject: ox.NamedNode, predicate: URIRef, obj: ox.NamedNode | ox.Literal) -> None:
        triples.append(ox.Triple(subject, node(predicate), obj))

    def describe(name: str, kind: str, aliases: Iterable[str] = ()) -> ox.NamedNode:
        canonical, known = Minter({}).canonical(name, kind)
        kind = known or kind
        iri = Minter({}).organisation(canonical, kind)
        if iri.value not in described:
            described.add(iri.value)
            graph_class = registry().get(kind)
            label = graph_class.label_for(canonical)
            entry = gazetteer().lookup(canonical, kind)
            entities.append(ox.Triple(iri, node(RDF.type), node(graph_class.iri)))
            entities.append(ox.Triple(iri, node(RDFS.label), text_literal(label)))
            entities.append(ox.Triple(iri, node(SKOS.prefLabel), text_literal(label)))
            for alias in sorted(unit_labels({canonical, *aliases, *(entry.aliases if entry else ())}, kind) - {label}):
                entities.append(ox.Triple(iri, node(SKOS.altLabel), text_literal(alias)))
            add(reference, PG.mentions, iri)
        return iri

    def statement(
        subject: ox.NamedNode, predicate: URIRef, obj: ox.NamedNode, sources: Iterable[str], **period: str | None
    ) -> None:
        add(subject, predicate, obj)
        ends = (
            subject.value.rsplit("/", 1)[-1],
            local(predicate),
            obj.value.rsplit("/", 1)[-1],
            period.get("start") or "",
        )
        key = slug(" ".join(ends))
        reified = node(ID[f"reference/statement/{key}"])
        add(reified, RDF.type, node(RDF.Statement))
        add(reified, RDF.subject, subject)
        add(reified, RDF.predicate, node(predicate))
        add(reified, RDF.object, obj)
        add(reified, PROV.wasDerivedFrom, reference)
        for source in sources:
            add(reified, DCTERMS.source, node(source))
        if period.get("start"):
            add(reified, PG.validFrom, date_literal(str(period["start"])))
        if period.get("until"):
            add(reified, PG.validUntil, date_literal(str(period["until"])))

    add(reference, RDF.type, node(PG.ReferenceData))
    add(reference, RDFS.label, text_literal("Reference backbone: probation regions, PDUs, CRCs and NPS divisions"))
    add(reference, PG.contentHash, ox.Literal(stamp or data.digest))
    for unit in data.units:
        iri = describe(unit.name, unit.kind, unit.aliases)
        for source in unit.sources:
            add(iri, DCTERMS.source, node(source))
        if unit.region:
            statement(iri, PG.inRegion, describe(unit.region, REGION), unit.sources)
    for owned in data.ownerships:
        owner = gazetteer().lookup(owned.owner)
        target = describe(owner.name if owner else owned.owner, owner.kind if owner else ORGANISATION)
        statement(describe(owned.unit, CRC), PG.ownedBy, target, owned.sources, start=owned.start, until=owned.until)
    for membership in data.memberships:
        group = gazetteer().lookup(membership.group)
        member = gazetteer().lookup(membership.member)
        statement(
            describe(member.name if member else membership.member, member.kind if member else ORGANISATION),
            PG.memberOf,
            describe(group.name if group else membership.group, group.kind if group else ORGANISATION),
            membership.sources,
        )
    return DocumentGraph(
        name=str(GRAPH_REFERENCE), triples=list(dict.fromkeys(triples)), entity_triples=list(dict.fromkeys(entities))
    )


def to_graph(extraction: Extraction, *, extractor: str | None = None) -> DocumentGraph:
    """Return the triples of one extracted document: its own graph and its entity descriptions.

    ``extractor`` names what extracted it (recorded as ``pg:extractor``, so that a new extractor
    rebuilds documents whose bytes did not change).
    """
    return GraphBuilder(extraction, extractor).build()


def to_ntriples(triples: list[ox.Triple]) -> str:
    """Serialise triples as N-Triples text."""
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return data.decode("utf-8") if data else ""
