"""Every fact the five seed documents state, asked of the built graph with SPARQL (ASK)."""

from __future__ import annotations

import pytest

from probation_graph import EmbeddedStore

BR = "id:pdu\\/barnsley-and-rotherham"
SOURCES = {
    "report": "barnsley-and-rotherham-pdu-inspection-report-2024",
    "br-news": "barnsley-and-rotherham-pdu-news-article",
    "sheffield": "sheffield-pdu-news-article-2024-10-24",
    "wy": "west-yorkshire-crc-press-release-2020",
    "swm": "staffordshire-and-west-midlands-crc-news-article",
}
DOC = {key: f"<https://w3id.org/probation-graph/graph/document/{value}>" for key, value in SOURCES.items()}
NODE = {key: f"<https://w3id.org/probation-graph/id/document/{value}>" for key, value in SOURCES.items()}


def rating(doc: str, unit: str, value: str) -> str:
    return f"ASK {{ GRAPH {DOC[doc]} {{ ?i pg:overallRating id:rating-{value} }} ?i pg:inspected {unit} }}"


def standard(doc: str, key: str, value: str) -> str:
    return (
        f"ASK {{ GRAPH {DOC[doc]} {{ ?i pg:hasStandardRating ?r . "
        f"?r pg:standard id:standard-{key} ; pg:rating id:rating-{value} ; pg:evidence ?e }} }}"
    )


def figure(doc: str, metric: str, value: str, subject: str | None = None, grade: str | None = None) -> str:
    where = f"?m pg:metric id:metric-{metric} ; pg:value ?v ; pg:unit ?u ; pg:evidence ?e . FILTER (?v = {value})"
    if subject:
        where += f" ?m pg:measurementOf/rdfs:label ?s . FILTER (CONTAINS(LCASE(STR(?s)), {subject!r}))"
    if grade:
        where += f" ?m pg:staffGrade id:grade-{grade} ."
    graph = f"GRAPH {DOC[doc]} {{ ?m pg:metric ?k }}"
    return f"ASK {{ {graph} {where} }}"


def service(provider: str, kind: str, role: str | None = None) -> str:
    role_pattern = f"; pg:serviceRole id:service-role-{role}" if role else ""
    return (
        f"ASK {{ GRAPH {DOC['report']} {{ ?s pg:serviceType id:service-type-{kind} ; pg:providedBy ?p ; "
        f"pg:deliveredIn {BR} {role_pattern} }} ?p rdfs:label {provider!r}@en }}"
    )


FACTS: list[tuple[str, str]] = [
    # overall ratings, score and per-standard ratings
    ("B&R inadequate (report)", rating("report", BR, "inadequate")),
    ("B&R inadequate (news)", rating("br-news", BR, "inadequate")),
    ("Sheffield inadequate", rating("sheffield", "id:pdu\\/sheffield", "inadequate")),
    ("West Yorkshire requires improvement", rating("wy", "id:crc\\/west-yorkshire", "requires-improvement")),
    ("Staffs & W Mids requires improvement", rating("swm", "id:crc\\/staffordshire-and-west-midlands", "requires-improvement")),
    ("score 3 out of 21", f"ASK {{ ?i pg:inspected {BR} ; pg:score 3 ; pg:maxScore 21 }}"),
    *[(f"B&R {k} {v}", standard("report", k, v)) for k, v in [
        ("leadership", "requires-improvement"), ("staffing", "requires-improvement"),
        ("services", "requires-improvement"), ("assessment", "inadequate"), ("planning", "inadequate"),
        ("implementation-and-delivery", "inadequate"), ("reviewing", "inadequate"),
    ]],
    ("WY Through the Gate good", standard("wy", "through-the-gate", "good")),
    ("WY four aspects inadequate", standard("wy", "reviewing", "inadequate")),
    ("S&WM four aspects inadequate", standard("swm", "assessment", "inadequate")),
    # dates, and what each source says about them
    ("fieldwork July 2024", f'ASK {{ ?i pg:inspected {BR} ; pg:fieldworkStart "2024-07"^^xsd:gYearMonth }}'),
    ("fieldwork 01 July 2023 (Background)", f'ASK {{ ?i pg:inspected {BR} ; pg:fieldworkStart "2023-07-01"^^xsd:date }}'),
    ("report published October 2024", f'ASK {{ ?i pg:inspected {BR} ; pg:publicationDate "2024-10"^^xsd:gYearMonth }}'),
    ("Sheffield report published 24 October 2024", 'ASK { ?i pg:inspected id:pdu\\/sheffield ; pg:publicationDate "2024-10-24"^^xsd:date }'),
    ("Sheffield previously inadequate, March 2023",
     'ASK { ?c pg:previousInspection ?p . ?p pg:inspected id:pdu\\/sheffield ; pg:overallRating id:rating-inadequate ; pg:publicationDate "2023-03"^^xsd:gYearMonth }'),
    ("West Yorkshire inspected in 2018, same grade",
     'ASK { ?c pg:previousInspection ?p . ?p pg:inspected id:crc\\/west-yorkshire ; pg:inspectionYear "2018"^^xsd:gYear ; pg:overallRating id:rating-requires-improvement }'),
    ("WY fieldwork October 2019", 'ASK { ?i pg:inspected id:crc\\/west-yorkshire ; pg:fieldworkStart "2019-10"^^xsd:gYearMonth }'),
    ("WY report out 10 March 2020", 'ASK { ?i pg:inspected id:crc\\/west-yorkshire ; pg:publicationDate "2020-03-10"^^xsd:date }'),
    # inspectors
    ("Billy Finnegan led B&R", f"ASK {{ ?i pg:inspected {BR} ; pg:leadInspector/rdfs:label 'Billy Finnegan'@en }}"),
    ("Dave Argument led Sheffield", "ASK { ?i pg:inspected id:pdu\\/sheffield ; pg:leadInspector/rdfs:label 'Dave Argument'@en }"),
    ("Martin Jones chief inspector for B&R", f"ASK {{ ?i pg:inspected {BR} ; pg:chiefInspector id:person\\/martin-jones }}"),
    ("Martin Jones chief inspector for Sheffield", "ASK { ?i pg:inspected id:pdu\\/sheffield ; pg:chiefInspector id:person\\/martin-jones }"),
    ("Justin Russell chief inspector for WY", "ASK { ?i pg:inspected id:crc\\/west-yorkshire ; pg:chiefInspector id:person\\/justin-russell }"),
    ("Justin Russell chief inspector for S&WM", "ASK { ?i pg:inspected id:crc\\/staffordshire-and-west-midlands ; pg:chiefInspector id:person\\/justin-russell }"),
    # recommendations
    *[(f"recommendation {n}", f"ASK {{ ?i pg:inspected {BR} ; pg:hasRecommendation ?r . ?r pg:ordinal {n} ; pg:text ?t ; pg:addressedTo {BR} . FILTER CONTAINS(?t, {t!r}) }}")
      for n, t in [(1, "risk of harm"), (2, "domestic abuse and child safeguarding"), (3, "strategic priorities"),
                   (4, "interventions and services"), (5, "deputy head of service")]],
    ("five recommendations (news)", f"ASK {{ GRAPH {DOC['br-news']} {{ ?i pg:recommendationCount 5 }} }}"),
    ("seven recommendations (WY)", f"ASK {{ GRAPH {DOC['wy']} {{ ?i pg:recommendationCount 7 }} }}"),
    # findings with their standard
    ("6 areas for improvement for staffing",
     "ASK { { SELECT (COUNT(?f) AS ?n) WHERE { ?f a pg:AreaForImprovement ; pg:standard id:standard-staffing } } FILTER (?n = 6) }"),
    ("a strength of leadership", "ASK { ?f a pg:Strength ; pg:standard id:standard-leadership ; pg:text ?t . FILTER CONTAINS(?t, 'temporary reporting centre') }"),
    ("an outcomes strength", "ASK { ?f a pg:Strength ; pg:standard id:standard-outcomes ; pg:text ?t . FILTER CONTAINS(?t, '38 out of 60') }"),
    ("diversity area for improvement", "ASK { ?f a pg:AreaForImprovement ; pg:standard id:standard-diversity-and-inclusion ; pg:text ?t . FILTER CONTAINS(?t, 'veterans') }"),
    ("finding continued after a footnote", "ASK { ?f pg:text ?t . FILTER CONTAINS(?t, 'supported accommodation project that provided accommodation') }"),
    # key questions
    ("assessment: keeping other people safe 25%",
     "ASK { ?k pg:standard id:standard-assessment ; pg:percentage ?p ; pg:text ?t . FILTER (?p = 25 && CONTAINS(?t, 'keeping other people safe')) }"),
    ("planning: engaging 28%, drives the rating",
     "ASK { ?k pg:standard id:standard-planning ; pg:percentage ?p ; pg:drivesRating true ; pg:text ?t . FILTER (?p = 28 && CONTAINS(?t, 'engaging')) }"),
    ("reviewing: keeping safe 30%", "ASK { ?k pg:standard id:standard-reviewing ; pg:percentage ?p . FILTER (?p = 30) }"),
    ("12 key questions", "ASK { { SELECT (COUNT(?k) AS ?n) WHERE { ?k a pg:KeyQuestionResult } } FILTER (?n = 12) }"),
    # figures
    ("sickness 23 days, all staff (news)", figure("br-news", "sickness-days", "23", "barnsley and rotherham", "all-staff")),
    ("sickness 23 days, all staff (report)", figure("report", "sickness-days", "23", None, "all-staff")),
    ("sickness 35 days, probation officers", figure("report", "sickness-days", "35", None, "probation-officer")),
    ("28% PO vacancies", figure("report", "vacancy-rate", "28", None, "probation-officer")),
    ("reoffending 28.4% Barnsley", figure("report", "reoffending-rate", "28.4", "barnsley")),
    ("reoffending 27.1% Rotherham", figure("report", "reoffending-rate", "27.1", "rotherham")),
    ("caseload 1,980 PDU", figure("report", "caseload", "1980", "barnsley and rotherham")),
    ("caseload 26,743 region", figure("report", "caseload", "26743", "yorkshire and the humber")),
    ("workload 125% PO", figure("report", "workload", "125", None, "probation-officer")),
    ("workload 115% PSO", figure("report", "workload", "115", None, "probation-services-officer")),
    ("completion 33%", figure("report", "completion-rate", "33")),
    ("completion 46%", figure("report", "completion-rate", "46")),
    ("39 community orders inspected", figure("report", "cases-inspected", "39")),
    ("21 licences inspected", figure("report", "cases-inspected", "21")),
    ("57 interviews", figure("report", "interviews", "57")),
    ("68 people contacted", figure("report", "people-contacted", "68")),
    ("11 PDUs in the region", figure("report", "pdu-count", "11", "yorkshire and the humber")),
    ("33% same practitioner", figure("report", "case-share", "33")),
    ("64 cases each", figure("swm", "cases-per-staff", "64")),
    ("70% workloads unmanageable", figure("swm", "unmanageable-workload", "70")),
    ("3,000 jobs since 2016", figure("swm", "jobs-secured", "3000") + ""),
    # services and providers
    ("Growth Company: personal wellbeing, CRS", service("The Growth Company", "personal-wellbeing", "crs")),
    ("Changing Lives: women's services, CRS", service("Changing Lives", "womens", "crs")),
    ("Shelter: accommodation, CRS", service("Shelter", "accommodation", "crs")),
    ("Nacro sub-contracted for accommodation", f"ASK {{ ?s pg:providedBy id:org\\/shelter ; pg:subcontractor id:org\\/nacro ; pg:deliveredIn {BR} }}"),
    ("Shelter sub-contracts to Nacro", "ASK { id:org\\/shelter pg:subcontractsTo id:org\\/nacro }"),
    ("National Autistic Society: neurodiversity", service("National Autistic Society", "neurodiversity")),
    ("humankind: drug and alcohol", service("Humankind", "drug-and-alcohol")),
    ("We are with you: drug and alcohol", service("We Are With You", "drug-and-alcohol")),
    # ownership, membership, region, local bodies
    ("WY owned by Purple Futures", "ASK { id:crc\\/west-yorkshire pg:ownedBy id:org\\/purple-futures }"),
    *[(f"{m} in Purple Futures", f"ASK {{ id:org\\/{m} pg:memberOf id:org\\/purple-futures }}")
      for m in ("interserve-justice", "3sc", "p3", "shelter")],
    ("Interserve Justice part of Interserve", "ASK { id:org\\/interserve-justice pg:subdivisionOf id:org\\/interserve }"),
    ("Purple Futures is a consortium", "ASK { id:org\\/purple-futures a pg:Consortium }"),
    ("S&WM owned by RRP", "ASK { id:crc\\/staffordshire-and-west-midlands pg:ownedBy id:org\\/reducing-reoffending-partnership }"),
    ("B&R in Yorkshire and the Humber", f"ASK {{ {BR} pg:inRegion id:region\\/yorkshire-and-the-humber }}"),
    ("court", f"ASK {{ ?c a pg:Court ; rdfs:label \"Barnsley Magistrates' Court\"@en ; pg:servesArea {BR} }}"),
    ("police force", f"ASK {{ ?c a pg:PoliceForce ; rdfs:label 'South Yorkshire Police'@en ; pg:servesArea {BR} }}"),
    ("approved premises", "ASK { ?c a pg:ApprovedPremises ; rdfs:label 'Rookwood'@en }"),
    # people, roles, quotations
    ("David Jamieson, PCC, West Midlands",
     "ASK { ?r pg:rolePerson/rdfs:label 'David Jamieson'@en ; pg:roleKind id:role-pcc ; pg:roleOrganisation/rdfs:label ?o . FILTER CONTAINS(?o, 'West Midlands') }"),
    ("Catherine Chan, Head of Communications", "ASK { ?r pg:rolePerson/rdfs:label 'Catherine Chan'@en ; pg:roleKind id:role-head-of-communications }"),
    ("Martin Jones quoted", "ASK { ?q a pg:Quotation ; pg:spokenBy id:person\\/martin-jones ; pg:text ?t . FILTER CONTAINS(?t, 'resourcing challenges') }"),
    ("Justin Russell quoted", "ASK { ?q pg:spokenBy id:person\\/justin-russell ; pg:text ?t . FILTER CONTAINS(?t, 'lowest possible grade') }"),
    ("David Jamieson quoted", "ASK { ?q pg:spokenBy id:person\\/david-jamieson ; pg:text ?t . FILTER CONTAINS(?t, 'costly failure') }"),
    ("CRC spokesman quoted", "ASK { ?q pg:spokenBy id:crc\\/staffordshire-and-west-midlands ; pg:text ?t . FILTER CONTAINS(?t, 'peer mentoring') }"),
    ("the report quoted in the press", "ASK { ?q pg:spokenBy id:org\\/hm-inspectorate-of-probation ; pg:text ?t . FILTER CONTAINS(?t, 'deeply concerning') }"),
    # entity resolution across documents
    ("Martin Jones: one IRI, three documents", "ASK { { SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d pg:mentions id:person\\/martin-jones } } FILTER (?n = 3) }"),
    ("Justin Russell: one IRI, two documents", "ASK { { SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d pg:mentions id:person\\/justin-russell } } FILTER (?n = 2) }"),
    ("Shelter: CRS provider and Purple Futures member, one IRI",
     f"ASK {{ ?s pg:providedBy id:org\\/shelter ; pg:deliveredIn {BR} . id:org\\/shelter pg:memberOf id:org\\/purple-futures }}"),
    ("HMIP and His Majesty's Inspectorate: one IRI", "ASK { { SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { ?o a pg:Inspectorate } } FILTER (?n = 1) }"),
    ("'the Growth Company' resolved", "ASK { id:org\\/the-growth-company skos:altLabel 'Growth Company'@en }"),
    # documents
    ("report: title, publisher, date", f"ASK {{ {NODE['report']} a pg:InspectionReport ; dcterms:title ?t ; dcterms:publisher 'HM Inspectorate of Probation' ; pg:publicationDate ?d }}"),
    ("press release", f"ASK {{ {NODE['wy']} a pg:PressRelease }}"),
    ("Express & Star article", f"ASK {{ {NODE['swm']} a pg:NewsArticle ; dcterms:publisher 'Express & Star' }}"),
]  # fmt: skip

NO_EVIDENCE = """ASK { ?f a ?c . VALUES ?c { pg:StandardRating pg:KeyQuestionResult pg:Finding pg:Strength
  pg:AreaForImprovement pg:Recommendation pg:Service pg:Measurement pg:Quotation pg:RoleAssignment }
  FILTER NOT EXISTS { ?f pg:evidence/oa:hasSelector/oa:exact ?x ; prov:wasDerivedFrom ?d } }"""


@pytest.mark.parametrize(("name", "sparql"), FACTS, ids=[name for name, _ in FACTS])
def test_the_graph_states_it(seed_store: EmbeddedStore, name: str, sparql: str):
    assert seed_store.query(sparql).boolean is True, name


def test_every_fact_has_evidence_and_a_source(seed_store: EmbeddedStore):
    assert seed_store.query(NO_EVIDENCE).boolean is False
