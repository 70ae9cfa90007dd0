"""Organisation profiles: what the graph holds about one organisation, with evidence on every fact."""

from __future__ import annotations

import pytest

from probation_graph import EmbeddedStore
from probation_graph.errors import InputError
from probation_graph.network import UNITS
from probation_graph.profile import find, organisations, profile


def test_units_come_first_then_others_by_name(tiny_store: EmbeddedStore):
    listed = organisations(tiny_store)
    kinds = [o.kind for o in listed]
    units = [k in UNITS for k in kinds]
    assert units == sorted(units, reverse=True), "units before other organisations"
    assert {o.label for o in listed} >= {"Kestrel Bay PDU", "Mercia Vale CRC", "Northmoor and Eastdale PDU"}
    assert find(tiny_store, "mercia vale crc") is not None and find(tiny_store, "Atlantis PDU") is None


def test_unit_profile_has_inspection_ratings_percentages_and_evidence(tiny_store: EmbeddedStore):
    found = find(tiny_store, "Northmoor and Eastdale PDU")
    assert found is not None
    unit = profile(tiny_store, found.iri)
    assert unit.kind == "ProbationDeliveryUnit"
    assert unit.latest is not None and unit.latest.rating == "Requires improvement"
    inspection = unit.latest
    assert inspection.standards and all(f.values["rating"] and f.values["standard"] for f in inspection.standards)
    assert all(f.sources for f in inspection.standards), "every standard rating has its sentence"
    assert inspection.key_questions
    assert all(0 <= float(f.values["percentage"] or -1) <= 100 for f in inspection.key_questions)
    assert any(d.source_id == "northmoor-report" for d in unit.documents)
    for fact in [*unit.figures, *unit.findings, *unit.recommendations]:
        assert fact.sources, fact
        assert all(s.quote and s.end > s.start for s in fact.sources)


def test_crc_profile_shows_who_owns_it(tiny_store: EmbeddedStore):
    found = find(tiny_store, "Mercia Vale CRC")
    assert found is not None
    crc = profile(tiny_store, found.iri)
    owners = [r.values["organisation"] for r in crc.relations if r.values["relation"] == "owned by"]
    assert owners == ["Kestrel Partners"]
    assert crc.latest is not None and crc.latest.rating == "Requires improvement"


def test_provider_profile_lists_its_services(seed_store: EmbeddedStore):
    found = find(seed_store, "Shelter")
    assert found is not None
    provider = profile(seed_store, found.iri)
    assert provider.services and all(s.values["provider"] == "Shelter" for s in provider.services)
    assert {s.values["unit"] for s in provider.services} == {"Barnsley and Rotherham PDU"}
    assert all(s.sources for s in provider.services)


@pytest.mark.parametrize("iri", ["not an iri", "https://example.org/x> } DROP ALL {", "https://example.org/unknown"])
def test_unknown_or_malformed_iri_is_an_input_error(tiny_store: EmbeddedStore, iri: str):
    with pytest.raises(InputError):
        profile(tiny_store, iri)
