"""Namespaces and the closed vocabulary of the probation_graph ontology.

``PG`` lists every term defined in ``ontology/probation.ttl`` (a test checks the two agree), and
refuses any other name: ``PG.Inspecton`` raises instead of minting a wrong IRI.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

__all__ = [
    "DCTERMS",
    "FOAF",
    "ID",
    "OA",
    "ORG",
    "OWL",
    "PG",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "XSD",
]

ORG = Namespace("http://www.w3.org/ns/org#")
OA = Namespace("http://www.w3.org/ns/oa#")
SCHEMA = Namespace("https://schema.org/")
ID = Namespace("https://w3id.org/probation-graph/id/")
"""Resources (organisations, people, inspections, documents, concepts) are minted under ``ID``."""

GRAPH_NAMESPACE = "https://w3id.org/probation-graph/graph/"
"""Every named graph of the project starts with this (a shared SPARQL server may hold other graphs)."""

GRAPH_ONTOLOGY = URIRef(GRAPH_NAMESPACE + "ontology")
"""The named graph that holds the ontology in the store."""

GRAPH_ENTITIES = URIRef(GRAPH_NAMESPACE + "entities")
"""The named graph that describes (types, labels) the organisations, people and places named."""

GRAPH_REFERENCE = URIRef(GRAPH_NAMESPACE + "reference")
"""The named graph of the reference backbone: units, their regions, owners and members, with their sources."""

GRAPH_SEQUENCE = URIRef(GRAPH_NAMESPACE + "inspection-sequence")
"""Derived links between successive inspections of a unit (``pg:precedingInspection``), rebuilt after writes."""

GRAPH_DOCUMENT_PREFIX = GRAPH_NAMESPACE + "document/"
"""Each source document's facts live in the named graph ``GRAPH_DOCUMENT_PREFIX + source id``."""


class PG(DefinedNamespace):
    """The terms of ``ontology/probation.ttl``; any other attribute raises ``AttributeError``."""

    _NS = Namespace("https://w3id.org/probation-graph/ontology#")
    _fail = True

    ApprovedPremises: URIRef
    AreaForImprovement: URIRef
    Charity: URIRef
    CommunityRehabilitationCompany: URIRef
    Company: URIRef
    Consortium: URIRef
    Court: URIRef
    Evidence: URIRef
    Finding: URIRef
    Inspection: URIRef
    InspectionReport: URIRef
    InspectionStandard: URIRef
    Inspectorate: URIRef
    KeyQuestionResult: URIRef
    LocalAuthority: URIRef
    Measurement: URIRef
    MetricKind: URIRef
    NPSDivision: URIRef
    NationalArrangements: URIRef
    NewsArticle: URIRef
    Organisation: URIRef
    Person: URIRef
    Place: URIRef
    PoliceForce: URIRef
    PressRelease: URIRef
    Prison: URIRef
    ProbationDeliveryUnit: URIRef
    ProbationOffice: URIRef
    ProbationRegion: URIRef
    PublicBody: URIRef
    PublicProtectionInspection: URIRef
    Quotation: URIRef
    RatingScale: URIRef
    Recommendation: URIRef
    ReferenceData: URIRef
    Role: URIRef
    RoleAssignment: URIRef
    Service: URIRef
    ServiceProvider: URIRef
    ServiceRole: URIRef
    ServiceType: URIRef
    SourceDocument: URIRef
    StaffGrade: URIRef
    StandardRating: URIRef
    Strength: URIRef
    Unit: URIRef
    about: URIRef
    addressedTo: URIRef
    anaphor: URIRef
    chiefInspector: URIRef
    colour: URIRef
    comparison: URIRef
    conductedBy: URIRef
    contentHash: URIRef
    deliveredIn: URIRef
    displayOrder: URIRef
    drivesRating: URIRef
    evidence: URIRef
    expectedUnit: URIRef
    extractor: URIRef
    fieldworkStart: URIRef
    fileName: URIRef
    fullText: URIRef
    hasFinding: URIRef
    hasKeyQuestionResult: URIRef
    hasMeasurement: URIRef
    hasOffice: URIRef
    hasRecommendation: URIRef
    hasStandardRating: URIRef
    holdsRole: URIRef
    inRegion: URIRef
    inspected: URIRef
    inspectionYear: URIRef
    iriFolder: URIRef
    knownNamePattern: URIRef
    labelPattern: URIRef
    leadInspector: URIRef
    locatedIn: URIRef
    maxScore: URIRef
    measurementOf: URIRef
    memberOf: URIRef
    mentions: URIRef
    metric: URIRef
    namePattern: URIRef
    ordinal: URIRef
    overallRating: URIRef
    ownedBy: URIRef
    percentage: URIRef
    partText: URIRef
    period: URIRef
    pluralLabel: URIRef
    pluralUnitWord: URIRef
    population: URIRef
    precedingInspection: URIRef
    previousInspection: URIRef
    providedBy: URIRef
    publicationDate: URIRef
    question: URIRef
    rank: URIRef
    rating: URIRef
    recommendationCount: URIRef
    reportedIn: URIRef
    roleKind: URIRef
    roleOrganisation: URIRef
    rolePerson: URIRef
    sameInspectionAs: URIRef
    score: URIRef
    servesArea: URIRef
    serviceRole: URIRef
    serviceType: URIRef
    sourceId: URIRef
    spokenBy: URIRef
    staffGrade: URIRef
    standard: URIRef
    standardCode: URIRef
    subcontractor: URIRef
    subcontractsTo: URIRef
    subdivisionOf: URIRef
    text: URIRef
    textCue: URIRef
    textOffset: URIRef
    textPart: URIRef
    questionCue: URIRef
    singleton: URIRef
    QuestionCue: URIRef
    topic: URIRef
    unit: URIRef
    unitWord: URIRef
    validFrom: URIRef
    validUntil: URIRef
    value: URIRef


PREFIXES: dict[str, str] = {
    "pg": str(PG),
    "id": str(ID),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "org": str(ORG),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "oa": str(OA),
    "foaf": str(FOAF),
}
"""The prefixes every query may use without declaring them."""


def sparql_prefixes() -> str:
    """Return the ``PREFIX`` lines for :data:`PREFIXES`."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items())
