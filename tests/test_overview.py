"""The corpus at a glance: every unit's latest rating, the timeline, changes, comparisons and gaps."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from probation_graph import EmbeddedStore, Settings, build
from probation_graph.errors import InputError
from probation_graph.overview import changes, comparison, overview

from .conftest import ANALYTICS, seeds_with


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    """The seed documents and the invented analytics corpus (repeat inspections of Avon Hill and Tarn Vale)."""
    data = seeds_with(tmp_path_factory.mktemp("overview"), ANALYTICS)
    opened = EmbeddedStore(None)
    assert build(opened, data, settings=Settings(data=data)).ok
    yield opened
    opened.close()


def test_each_unit_once_with_its_latest_rating(corpus: EmbeddedStore):
    seen = overview(corpus)
    labels = [r.label for r in seen.latest]
    assert len(labels) == len(set(labels)) == seen.units
    latest = {r.label: r for r in seen.latest}
    assert (latest["Avon Hill PDU"].rating, latest["Avon Hill PDU"].year) == ("Good", 2025)
    assert (
        latest["Avon Hill PDU"].region == "North West region"
        and latest["Avon Hill PDU"].kind == "ProbationDeliveryUnit"
    )
    assert latest["Tarn Vale PDU"].chief_inspector == "Martin Jones"
    assert seen.inspections > seen.units and seen.documents == 11


def test_the_timeline_holds_every_rated_inspection_in_date_order(corpus: EmbeddedStore):
    seen = overview(corpus)
    dates = [r.date for r in seen.timeline if r.date]
    assert dates == sorted(dates)
    assert sum(1 for r in seen.timeline if r.label == "Avon Hill PDU") == 2


def test_reference_units_no_document_covers_are_listed(corpus: EmbeddedStore):
    seen = overview(corpus)
    uncovered = {u.label for u in seen.uncovered}
    covered = {r.label for r in seen.latest}
    assert uncovered and not uncovered & covered


def test_changes_go_from_one_rated_inspection_to_the_next(corpus: EmbeddedStore):
    steps = {c.label: c for c in changes(corpus)}
    avon = steps["Avon Hill PDU"]
    assert (avon.before.rating, avon.after.rating, avon.direction) == ("Requires improvement", "Good", "improved")
    assert avon.before.date < avon.after.date
    assert steps["Tarn Vale PDU"].direction == "unchanged"
    assert [c.label for c in changes(corpus, avon.unit)] == ["Avon Hill PDU"]


def test_comparison_lays_units_side_by_side_with_sources(corpus: EmbeddedStore):
    latest = {r.label: r.unit for r in overview(corpus).latest}
    compared = comparison(corpus, [latest["Avon Hill PDU"], latest["Tarn Vale PDU"]])
    assert [p.label for p in compared.units] == ["Avon Hill PDU", "Tarn Vale PDU"]
    overall = compared.ratings["Overall"]
    assert [c.value if c else None for c in overall] == ["Good", "Inadequate"]
    assert all(c is not None and c.sources for c in overall), "each cell has the sentence it came from"


@pytest.mark.parametrize("count", [1, 6])
def test_comparison_takes_two_to_five_units(corpus: EmbeddedStore, count: int):
    units = [r.unit for r in overview(corpus).latest]
    with pytest.raises(InputError, match="two to five"):
        comparison(corpus, (units * 2)[:count])
