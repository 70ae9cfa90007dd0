"""The class registry read from the ontology, and every surface that draws or names classes from it (classes.py)."""

from __future__ import annotations

import re

import pytest

from probation_graph import classes, registry
from probation_graph.models import Organisation, Span
from probation_graph.network import ORGANISATIONS, UNITS, kind_of
from probation_graph.view import kind_colours


def test_classes_come_from_the_ontology_with_label_colour_and_order():
    found = registry().classes
    keys = [c.key for c in found]
    assert len(keys) == len(set(keys))
    assert [c.order for c in found] == sorted(c.order for c in found)
    for graph_class in found:
        assert re.fullmatch(r"#[0-9a-fA-F]{6}", graph_class.colour), graph_class.key
        assert graph_class.label and graph_class.plural
    assert len({c.colour for c in found}) == len(found), "one colour per class"


@pytest.mark.parametrize(
    ("key", "folder", "label"),
    [
        (classes.PDU, "pdu", "Kestrel Bay PDU"),
        (classes.CRC, "crc", "Kestrel Bay CRC"),
        (classes.NPS_DIVISION, "nps-division", "NPS Kestrel Bay"),
        (classes.REGION, "region", "Kestrel Bay region"),
    ],
)
def test_units_have_a_folder_words_and_a_label_pattern(key: str, folder: str, label: str):
    unit = registry().get(key)
    assert unit.is_unit and unit.folder == folder and unit.unit_words
    assert unit.label_for("Kestrel Bay") == label


@pytest.mark.parametrize(
    ("key", "date", "existed"),
    [
        (classes.CRC, "2019-05", True),
        (classes.CRC, "2023", False),
        (classes.PDU, "2019", False),
        (classes.PDU, "2022-01-05", True),
        (classes.REGION, "2016", True),
        (classes.PDU, None, True),
    ],
)
def test_units_existed_in_their_era(key: str, date: str | None, existed: bool):
    assert registry().get(key).existed(date) is existed


def test_organisation_kinds_are_validated_against_the_registry():
    span = Span(start=0, end=5, text="Brigh")
    assert Organisation(name="Brightline", kind=classes.COMPANY, evidence=span).kind == classes.COMPANY
    with pytest.raises(ValueError, match="not a kind of organisation"):
        Organisation(name="Brightline", kind="Spaceship", evidence=span)


def test_the_network_and_pictures_use_the_registry():
    assert kind_of({classes.PROVIDER, classes.CHARITY, classes.ORGANISATION}) == classes.CHARITY
    assert {c.key for c in registry().units()} - {classes.REGION} == UNITS
    assert {c.key for c in registry().organisations()} == ORGANISATIONS
    labels, colours = kind_colours()
    assert labels == [c.label for c in registry().classes] and colours == [c.colour for c in registry().classes]


def test_is_a_follows_superclasses():
    assert registry().is_a(classes.CHARITY, classes.PROVIDER)
    assert registry().is_a(classes.PDU, classes.ORGANISATION)
    assert not registry().is_a(classes.PDU, classes.PROVIDER)
    with pytest.raises(KeyError):
        registry().get("Spaceship")
