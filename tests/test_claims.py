"""Ratings, dates, scores, regions, owners and people in the wordings documents use (extract/claims.py)."""

from __future__ import annotations

import pytest

from probation_graph import classes
from probation_graph.extract import extract
from probation_graph.extract.claims import rating_key, stated_date
from probation_graph.models import Document, Extraction, Inspection, SourceMeta


def run(text: str, date: str | None = None) -> Extraction:
    meta = SourceMeta(source_id="t", date=date)
    return extract(Document(meta=meta, path="/tmp/t.txt", text=text, sha256="0" * 64))


def current(extraction: Extraction, name: str) -> Inspection:
    return next(i for i in extraction.inspections if i.subject == name and i.key.startswith("current"))


@pytest.mark.parametrize(
    ("text", "name", "rating"),
    [
        (
            "The probation service, also known as a Probation Delivery Unit (PDU*), in Kestrel Bay has been rated "
            "as \u2018Requires improvement\u2019.",
            "Kestrel Bay",
            "requires-improvement",
        ),
        ("Kestrel Bay PDU was given a rating of \u2018Good\u2019 by inspectors.", "Kestrel Bay", "good"),
        ("Kestrel Bay PDU rated Outstanding by probation inspectors", "Kestrel Bay", "outstanding"),
        ("Kestrel Bay PDU, part of the North West region, was rated \u2018Good\u2019.", "Kestrel Bay", "good"),
        (
            "Mercia Vale CRC, owned by Brightline Justice, was rated \u2018Inadequate\u2019.",
            "Mercia Vale",
            "inadequate",
        ),
        (
            "The second is Avon, Hill and Dale PDU, which received an overall rating of \u2018Inadequate\u2019.",
            "Avon, Hill and Dale",
            "inadequate",
        ),
    ],
    ids=["has-been-rated-as", "given-a-rating-of", "headline", "aside-region", "aside-owner", "which-received"],
)
def test_overall_ratings(text: str, name: str, rating: str):
    assert current(run(text, "2019-05" if "CRC" in text else None), name).overall_rating == rating


def test_ratings_respectively():
    extraction = run(
        "Tarn Vale PDU and Moor End PDU were rated \u2018Good\u2019 and \u2018Requires improvement\u2019, respectively."
    )
    assert (current(extraction, "Tarn Vale").overall_rating, current(extraction, "Moor End").overall_rating) == (
        "good",
        "requires-improvement",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kestrel Bay PDU was rated \u2018Requires improvement\u2019 overall. It was rated \u2018Outstanding\u2019 "
            "for leadership.",
            {("leadership", "outstanding")},
        ),
        (
            "Mercia Vale CRC was rated \u2018Inadequate\u2019. Inspectors rated all four aspects of case supervision "
            "\u2018Inadequate\u2019.",
            {
                ("assessment", "inadequate"),
                ("planning", "inadequate"),
                ("implementation-and-delivery", "inadequate"),
                ("reviewing", "inadequate"),
            },
        ),
        (
            "Mercia Vale CRC was rated \u2018Requires improvement\u2019. Unpaid work was rated \u2018Good\u2019.",
            {("unpaid-work", "good")},
        ),
    ],
    ids=["rated-for", "all-four-aspects", "aspect-was-rated"],
)
def test_standard_ratings(text: str, expected: set[tuple[str, str]]):
    extraction = run(text, "2019-05" if "CRC" in text else None)
    assert {(s.standard, s.rating) for s in extraction.standard_ratings} == expected


def test_score_out_of_a_total():
    inspection = current(
        run("Kestrel Bay PDU was rated \u2018Inadequate\u2019, scoring zero out of a total of 27 inspection points."),
        "Kestrel Bay",
    )
    assert (inspection.score, inspection.max_score) == (0, 27)


def test_previous_inspection_and_its_rating_are_a_second_event():
    extraction = run(
        "Kestrel Bay PDU was rated \u2018Good\u2019. It was previously rated \u2018Inadequate\u2019 in March 2023."
    )
    now = current(extraction, "Kestrel Bay")
    (before,) = [i for i in extraction.inspections if i.key in now.previous]
    assert (now.overall_rating, before.overall_rating, before.subject) == ("good", "inadequate", "Kestrel Bay")


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (
            "Kestrel Bay PDU has been rated \u2018Good\u2019, in a report published today (Thursday 9 February 2023).",
            "2023-02-09",
        ),
        ("Kestrel Bay PDU has been rated \u2018Good\u2019 (also published on 09 February 2023).", "2023-02-09"),
        ("LONDON, 9 February 2023 \u2014 Kestrel Bay PDU has been rated \u2018Good\u2019.", "2023-02-09"),
    ],
    ids=["published-today", "also-published-on", "dateline"],
)
def test_publication_dates(text: str, date: str):
    assert current(run(text), "Kestrel Bay").publication_date == date


@pytest.mark.parametrize(
    "text",
    [
        "Kestrel Bay PDU was rated \u2018Good\u2019. Inspectors visited in June 2022.",
        "Inspectors visited Kestrel Bay PDU in June 2022 and rated it \u2018Good\u2019.",
    ],
)
def test_a_visit_is_fieldwork_not_publication(text: str):
    inspection = current(run(text), "Kestrel Bay")
    assert (inspection.fieldwork_start, inspection.publication_date) == (("2022-06",), None)


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Mercia Vale CRC, owned by Brightline Justice, was rated \u2018Good\u2019.", "Brightline Justice"),
        ("Mercia Vale CRC, which is run by Brightline Justice, was rated \u2018Good\u2019.", "Brightline Justice"),
        (
            "Mercia Vale CRC was rated \u2018Good\u2019. The CRC is operated by Brightline Justice.",
            "Brightline Justice",
        ),
        (
            "Mercia Vale CRC was inspected. Since then, the services have been run by Brightline Justice.",
            "Brightline Justice",
        ),
    ],
    ids=["aside-owned-by", "which-is-run-by", "the-crc-is-operated-by", "services-run-by"],
)
def test_owners(text: str, owner: str):
    relations = {(r.subject, r.predicate, r.object) for r in run(text, "2019-05").relations}
    assert ("Mercia Vale", "ownedBy", owner) in relations


@pytest.mark.parametrize(
    "text",
    [
        "Kestrel Bay PDU, part of the North West region, was rated \u2018Good\u2019.",
        "Kestrel Bay PDU is part of the North West region. It was rated \u2018Good\u2019.",
    ],
)
def test_regions_stated_in_the_text(text: str):
    relations = {(r.subject, r.predicate, r.object) for r in run(text).relations}
    assert ("Kestrel Bay", "inRegion", "North West") in relations


@pytest.mark.parametrize(
    ("text", "role", "name"),
    [
        ("Kestrel Bay PDU was rated \u2018Good\u2019. Lead inspector Jane Doe said it was fine.", "lead", "Jane Doe"),
        (
            "Kestrel Bay PDU was rated \u2018Good\u2019. Jane Doe, HM Inspector of Probation, led the inspection.",
            "lead",
            "Jane Doe",
        ),
        (
            "Kestrel Bay PDU was rated \u2018Good\u2019. The inspection was led by Jane Doe, HM Inspector of Probation.",
            "lead",
            "Jane Doe",
        ),
        (
            "Kestrel Bay PDU was rated \u2018Good\u2019. Omar Khan, HM Chief Inspector of Probation, said so.",
            "chief",
            "Omar Khan",
        ),
    ],
)
def test_inspectors_in_their_phrasings(text: str, role: str, name: str):
    inspection = current(run(text), "Kestrel Bay")
    assert (inspection.lead_inspector if role == "lead" else inspection.chief_inspector) == name


def test_a_region_is_rated_as_a_unit():
    inspection = current(
        run("The Probation Service \u2013 North West region has been rated \u2018Requires improvement\u2019."),
        "North West",
    )
    assert (inspection.subject_kind, inspection.overall_rating) == (classes.REGION, "requires-improvement")


@pytest.mark.parametrize(
    ("phrase", "key"),
    [("Requiring improvement", "requires-improvement"), ("\u2018Outstanding\u2019", "outstanding"), ("poor", None)],
)
def test_rating_phrases(phrase: str, key: str | None):
    assert rating_key(phrase) == key


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Published: 9 February 2023\n\nKestrel Bay PDU was inspected.", "2023-02-09"),
        ("Kestrel Bay PDU was rated Good. Inspectors visited in June 2022.", None),
    ],
)
def test_the_date_a_document_states_of_itself(text: str, date: str | None):
    assert stated_date(text) == date


@pytest.mark.parametrize(
    ("text", "now", "before"),
    [
        (
            "Kestrel Bay PDU was rated \u2018Good\u2019. At its last inspection in 2022 it was rated \u2018Inadequate\u2019.",
            "good",
            "inadequate",
        ),
        (
            "Kestrel Bay PDU was rated \u2018Good\u2019, an improvement on the \u2018Inadequate\u2019 rating it received in 2022.",
            "good",
            "inadequate",
        ),
        (
            "Kestrel Bay PDU has been rated \u2018Good\u2019, up from \u2018Requires improvement\u2019 when it was last inspected in 2022.",
            "good",
            "requires-improvement",
        ),
        (
            "Kestrel Bay PDU was rated \u2018Inadequate\u2019, the same rating it received in 2022.",
            "inadequate",
            "inadequate",
        ),
    ],
    ids=["it-was-rated", "improvement-on", "up-from", "same-rating-it-received"],
)
def test_the_earlier_rating_in_its_wordings(text: str, now: str, before: str):
    extraction = run(text)
    current_inspection = current(extraction, "Kestrel Bay")
    (earlier,) = [i for i in extraction.inspections if i.key in current_inspection.previous]
    assert (current_inspection.overall_rating, earlier.overall_rating) == (now, before)
    assert earlier.year == 2022


@pytest.mark.parametrize(
    ("text", "rating"),
    [
        ("HM Inspectorate of Probation has rated the probation service in Kestrel Bay as \u2018Good\u2019.", "good"),
        (
            "The probation service in Kestrel Bay has been rated \u2018Requires improvement\u2019.",
            "requires-improvement",
        ),
        ("Kestrel Bay PDU: rated \u2018Good\u2019", "good"),
    ],
)
def test_a_unit_only_a_naming_phrase_names_when_it_is_rated(text: str, rating: str):
    assert current(run(text), "Kestrel Bay").overall_rating == rating


def test_a_naming_phrase_without_a_rating_is_no_unit():
    assert run("The probation service in Kestrel Bay was visited.").inspections == ()
    assert run("The probation service in England and Wales has been rated poorly.").inspections == ()


def test_standards_listed_with_as():
    extraction = run(
        "Kestrel Bay PDU was rated \u2018Good\u2019. Inspectors rated leadership as \u2018Outstanding\u2019, "
        "staffing as \u2018Good\u2019 and services as \u2018Inadequate\u2019."
    )
    assert {(s.standard, s.rating) for s in extraction.standard_ratings} == {
        ("leadership", "outstanding"),
        ("staffing", "good"),
        ("services", "inadequate"),
    }


def test_abbreviated_months():
    assert stated_date("Report published: 9 Feb 2023\n\nKestrel Bay PDU was inspected.") == "2023-02-09"
