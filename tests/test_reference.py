"""The reference backbone: its files, the names it resolves, and its own graph with sources (reference.py)."""

from __future__ import annotations

import pytest

from probation_graph import EmbeddedStore, classes, validate
from probation_graph.extract.gazetteer import gazetteer
from probation_graph.ingest import ensure_ontology, ensure_reference
from probation_graph.namespaces import GRAPH_REFERENCE
from probation_graph.reference import reference

RATING_WORDS = ("inadequate", "good", "outstanding", "requires improvement")


def test_every_unit_has_a_kind_a_clean_name_and_a_source():
    data = reference()
    assert {u.kind for u in data.units} == {c.key for c in classes.registry().units()}
    for unit in data.units:
        assert unit.sources and all(s.startswith("http") for s in unit.sources), unit
        assert unit.name == unit.name.strip() and unit.name[0].isupper(), unit
        words = unit.name.lower().split()
        assert not {"pdu", "crc", "region", "division", "arrangements"} & set(words), unit
        assert not any(word in unit.name.lower() for word in RATING_WORDS if word != "good"), unit


def test_names_are_unique_within_a_kind():
    seen: dict[tuple[str, str], str] = {}
    for unit in reference().units:
        for name in (unit.name, *unit.aliases):
            key = (unit.kind, name.lower())
            assert seen.setdefault(key, unit.name) == unit.name, f"{name} names two {unit.kind} units"


def test_owners_are_of_reference_crcs_with_ordered_periods():
    crcs = {u.name for u in reference().units if u.kind == classes.CRC}
    for ownership in reference().ownerships:
        assert ownership.unit in crcs, ownership
        assert ownership.sources, ownership
        if ownership.start and ownership.until:
            assert ownership.start <= ownership.until, ownership


@pytest.mark.parametrize(
    ("name", "kind", "found", "found_kind"),
    [
        ("Cardiff and the Vale", None, "Cardiff and the Vale", classes.PDU),
        ("Wales", None, "Wales", classes.REGION),
        ("Wales", classes.CRC, "Wales", classes.CRC),
        ("Wales", classes.NPS_DIVISION, "Wales", classes.NPS_DIVISION),
        ("Probation Service – North West region", None, "North West", classes.REGION),
        ("Leicester, Leicestershire & Rutland", classes.PDU, "Leicester, Leicestershire and Rutland", classes.PDU),
    ],
)
def test_lookup_prefers_the_region_for_a_bare_name_unless_asked(
    name: str, kind: str | None, found: str, found_kind: str
):
    entry = gazetteer().lookup(name, kind)
    assert entry is not None and (entry.name, entry.kind) == (found, found_kind)


def test_a_pdu_knows_its_region():
    entry = gazetteer().lookup("Cardiff and the Vale", classes.PDU)
    assert entry is not None and entry.region == "Wales"


def test_the_reference_graph_has_sources_and_conforms():
    store = EmbeddedStore(None)
    ensure_ontology(store)
    assert ensure_reference(store) is True
    assert ensure_reference(store) is False, "loaded once"
    rows = store.query(
        f"""SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ GRAPH <{GRAPH_REFERENCE}> {{
              ?s a rdf:Statement ; rdf:predicate pg:inRegion ; dcterms:source ?source }} }}"""
    ).rows
    assert int(rows[0][0]) >= len([u for u in reference().units if u.region])
    units = store.query("SELECT (COUNT(DISTINCT ?u) AS ?n) WHERE { ?u a pg:ProbationDeliveryUnit }").rows
    assert int(units[0][0]) == len([u for u in reference().units if u.kind == classes.PDU])
    assert validate(store).conforms
