"""Unit names as documents write them: found, kept apart, resolved once (extract/units.py)."""

from __future__ import annotations

import pytest

from probation_graph import classes
from probation_graph.extract.units import find_units, label_of


def named(text: str) -> set[tuple[str, str]]:
    return set(find_units(text).units)


@pytest.mark.parametrize(
    ("text", "units"),
    [
        (
            "The probation service, also known as a Probation Delivery Unit (PDU*), in Kestrel Bay has been rated "
            "as 'Requires improvement'.",
            {("Kestrel Bay", classes.PDU)},
        ),
        (
            "The second is Avon, Hill and Dale PDU, which received an overall rating of 'Inadequate'.",
            {("Avon, Hill and Dale", classes.PDU)},
        ),
        (
            "Inspectors visited Tarn Vale PDU and Moor End and Fell PDU last year.",
            {("Tarn Vale", classes.PDU), ("Moor End and Fell", classes.PDU)},
        ),
        (
            "Inspectors rated Tarn Vale PDU, Moor End PDU and Fell Side PDU.",
            {("Tarn Vale", classes.PDU), ("Moor End", classes.PDU), ("Fell Side", classes.PDU)},
        ),
        ("Stoke upon Trentside PDU was inspected.", {("Stoke upon Trentside", classes.PDU)}),
        ("In Kestrel Bay PDU, staff were pleased.", {("Kestrel Bay", classes.PDU)}),
        ("Inadequate' Kestrel Bay PDU was rated.", {("Kestrel Bay", classes.PDU)}),
        ("Kestrel Bay PDU PDU was rated.", {("Kestrel Bay", classes.PDU)}),
        (
            "Northmoor & Fenwick Community Rehabilitation Company (NFCRC) was inspected. The NFCRC was rated Good.",
            {("Northmoor and Fenwick", classes.CRC)},
        ),
        (
            "Redcar, Cleveland and Middlesbrough PDU was rated Inadequate.",
            {("Redcar, Cleveland and Middlesbrough", classes.PDU)},
        ),
        ("The probation service in Derby City has been rated Good.", {("Derby City", classes.PDU)}),
    ],
    ids=[
        "press-release-opening",
        "commas",
        "two-with-and",
        "list",
        "upon",
        "leading-preposition",
        "rating-word-before",
        "doubled-unit-word",
        "ampersand-and-abbreviation",
        "reference-commas",
        "probation-service-in",
    ],
)
def test_unit_names_as_written(text: str, units: set[tuple[str, str]]):
    assert named(text) == units


def test_one_unit_however_it_is_written():
    found = find_units(
        "Kestrel Bay Probation Delivery Unit was inspected. Kestrel Bay PDU staff were pleased. "
        "The probation service in Kestrel Bay has improved."
    )
    assert set(found.units) == {("Kestrel Bay", classes.PDU)}
    assert len([m for m in found.mentions if m.key == ("Kestrel Bay", classes.PDU)]) >= 2


def test_an_abbreviation_introduced_later_names_the_same_unit():
    found = find_units(
        "Cumbria, Tyne and Moor Community Rehabilitation Company (CTM) was inspected in 2019. CTM has improved since."
    )
    assert set(found.units) == {("Cumbria, Tyne and Moor", classes.CRC)}
    later = [m for m in found.mentions if m.start > 80]
    assert [(m.written, m.key) for m in later] == [("CTM", ("Cumbria, Tyne and Moor", classes.CRC))]


def test_a_region_name_with_a_unit_word_is_not_a_pdu():
    assert all(kind != classes.PDU for _name, kind in named("Inspectors visited the North West PDU."))


def test_reference_names_keep_their_commas():
    assert named("Leicester, Leicestershire and Rutland PDU received an overall rating of 'Inadequate'.") == {
        ("Leicester, Leicestershire and Rutland", classes.PDU)
    }


@pytest.mark.parametrize(
    ("name", "kind", "label"),
    [
        ("Kestrel Bay", classes.PDU, "Kestrel Bay PDU"),
        ("Mercia Vale", classes.CRC, "Mercia Vale CRC"),
        ("North West", classes.REGION, "North West region"),
    ],
)
def test_labels_come_from_the_class_registry(name: str, kind: str, label: str):
    assert label_of(name, kind) == label


def test_every_mention_of_a_long_text_is_found():
    """Its speed is measured by bench/bench_large_document.py, not here."""
    text = (
        "Staff at Kestrel Bay PDU said caseloads were manageable. In Mercia Vale PDU, 62% of cases were assessed well. "
    )
    found = find_units(text * 2_000)
    assert len(found.mentions) == 4_000 and {unit.name for unit in found.units.values()} == {
        "Kestrel Bay",
        "Mercia Vale",
    }


def test_token_at_finds_the_nearest_token():
    from probation_graph.extract.units import _Finder

    finder = _Finder("In  Kestrel Bay PDU.")
    assert [finder.token_at(offset, after=True) for offset in (0, 2, 3, 4, 19, 20)] == [0, 1, 1, 1, 4, None]
    assert [finder.token_at(offset, after=False) for offset in (0, 1, 2, 11, 20)] == [None, None, 0, 1, 4]
