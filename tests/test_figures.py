"""Figures in prose: value, unit, kind and what they count (extract/figures.py)."""

from __future__ import annotations

import pytest

from probation_graph.extract import extract
from probation_graph.models import Document, Measurement, SourceMeta

OPENING = "Kestrel Bay PDU was rated 'Good'. "


def figures(sentence: str) -> list[Measurement]:
    text = OPENING + sentence
    return list(
        extract(Document(meta=SourceMeta(source_id="t"), path="/t.txt", text=text, sha256="0" * 64)).measurements
    )


@pytest.mark.parametrize(
    ("sentence", "value", "unit", "metric", "population"),
    [
        (
            "Inspectors found the number of senior case managers had fallen by 38 per cent since their last visit.",
            38, "percent", "change", "fall in number of senior case managers",
        ),
        ("The ministry said it was increasing probation funding by 45 per cent.", 45, "percent", "change", "increase in probation funding"),
        (
            "Services supported desistance in 32 per cent of inspected cases and contributed to keeping people safe.",
            32, "percent", "other", "inspected cases",
        ),
        ("In six out of 50 relevant cases, no request was made for domestic abuse information.", 6, "cases", "case-share", "out of 50"),
        ("Over the 13 months covered by the report, inspectors looked at 120 cases.", 13, "months", "period", None),
        ("Over the 13 months covered by the report, inspectors looked at 120 cases.", 120, "cases", "cases-inspected", "cases"),
        ("The unit faces losses of £2.5 million this year.", 2.5, "gbp-million", "money", None),
        ("Of the 31 inspections, just one was rated 'Good' and 15 were rated 'Inadequate'.", 1, "count", "other", "was rated 'Good'"),
        ("Of the 31 inspections, just one was rated 'Good' and 15 were rated 'Inadequate'.", 15, "count", "other", "were rated 'Inadequate'"),
        ("Inspectors examined 10 aspects of the PDU's work and gave it a good rating.", 10, "count", "other", "aspects of the PDU's work"),
    ],
    ids=[
        "fallen-by", "increasing-by", "population-stops-at-next-clause", "case-share", "period", "cases-looked-at",
        "money", "one-was-rated", "n-were-rated", "counted-noun-of",
    ],
)  # fmt: skip
def test_figures_and_what_they_count(sentence: str, value: float, unit: str, metric: str, population: str | None):
    found = [(m.unit, m.metric, m.population) for m in figures(sentence) if m.value == value]
    assert found == [(unit, metric, population)]


def test_one_of_several_is_membership_not_a_share():
    found = {(m.value, m.unit) for m in figures("Kestrel Bay PDU is one of six probation services run by Brightline.")}
    assert (6, "count") in found and (1, "cases") not in found


def test_a_possessive_word_is_not_the_subject_of_a_figure():
    (found,) = figures("The Chief Inspector's annual report counted 24 PDU inspections.")
    assert found.subject == "Kestrel Bay"


def test_a_heading_naming_a_region_makes_its_section_about_the_region():
    text = "## Yorkshire and the Humber\n\nInspectors reviewed 546 cases across the region.\n\n## Tarn Vale PDU\n\nTarn Vale PDU was rated 'Good'."
    extraction = extract(Document(meta=SourceMeta(source_id="t"), path="/t.md", text=text, sha256="0" * 64))
    assert {(m.value, m.subject) for m in extraction.measurements} == {(546, "Yorkshire and the Humber")}
