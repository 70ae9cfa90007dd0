"""The entities every later fact hangs on: subject, kind, region, inspection, overall rating."""

from __future__ import annotations

import pytest

from probation_graph.extract import classify, extract
from probation_graph.models import Document, DocumentKind, OrgKind, SourceMeta
from probation_graph.read import read_document

from .conftest import TINY


def doc(text: str, kind: DocumentKind | None = None) -> Document:
    return Document(meta=SourceMeta(source_id="t", kind=kind), path="/tmp/t.txt", text=text, sha256="0" * 64)


def test_report_subject_region_and_rating():
    extraction = extract(read_document(TINY / "northmoor-report.md", max_bytes=10**6))
    (inspection,) = extraction.inspections
    assert (inspection.subject, inspection.subject_kind, inspection.overall_rating) == (
        "Northmoor and Eastdale",
        OrgKind.PDU,
        "requires-improvement",
    )
    assert inspection.conducted_by == "HM Inspectorate of Probation"
    assert {(r.subject, r.predicate, r.object) for r in extraction.relations} >= {
        ("Northmoor and Eastdale", "inRegion", "North East")
    }


@pytest.mark.parametrize(
    ("sentence", "subject", "kind", "rating"),
    [
        (
            "Kestrel Bay Probation Delivery Unit (PDU) received an overall rating of 'Good'.",
            "Kestrel Bay",
            OrgKind.PDU,
            "good",
        ),
        (
            "The Avon Hill PDU received an overall rating of \u2018inadequate\u2019 today.",
            "Avon Hill",
            OrgKind.PDU,
            "inadequate",
        ),
        (
            "Inspectors gave Mercia Vale CRC an overall rating of 'Requires improvement'.",
            "Mercia Vale",
            OrgKind.CRC,
            "requires-improvement",
        ),
        (
            "Overall the CRC was given an overall \u2018requires improvement\u2019 rating. "
            "Thames Dale Community Rehabilitation Company (CRC) responded.",
            "Thames Dale",
            OrgKind.CRC,
            "requires-improvement",
        ),
    ],
)
def test_article_subject_and_overall_rating(sentence: str, subject: str, kind: OrgKind, rating: str):
    (inspection,) = extract(doc(sentence)).inspections
    assert (inspection.subject, inspection.subject_kind, inspection.overall_rating) == (subject, kind, rating)


def test_text_without_a_unit_yields_no_inspection():
    extraction = extract(doc("Shelter and Nacro are charities that work with people on probation."))
    assert extraction.inspections == ()
    assert {o.name for o in extraction.organisations} == {"Shelter", "Nacro"}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("An inspection of probation services in:\n\n**X**\n## Ratings\n", DocumentKind.INSPECTION_REPORT),
        ("Something happened.\n\nENDS\n\nNotes to editor\n", DocumentKind.PRESS_RELEASE),
        ("A probation unit was rated good.", DocumentKind.NEWS_ARTICLE),
    ],
)
def test_classify_by_layout(text: str, kind: DocumentKind):
    assert classify(doc(text)) is kind


def test_every_fact_cites_a_passage_of_the_text():
    document = read_document(TINY / "northmoor-report.md", max_bytes=10**6)
    for fact in extract(document).facts():
        assert document.text[fact.evidence.start : fact.evidence.end] == fact.evidence.text
