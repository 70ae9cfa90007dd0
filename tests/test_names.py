"""One normaliser of names: how labels write a name, how names match, and a unit's name without its words (names.py)."""

from __future__ import annotations

import pytest

from probation_graph import classes
from probation_graph.names import base_name, display, fold, unit_labels


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        ("  Hampshire & Isle of Wight \u2019 ", "Hampshire and Isle of Wight"),
        ("Knowsley and St. Helens", "Knowsley and St Helens"),
        ("\u2018Kestrel   Bay\u2019", "Kestrel Bay"),
    ],
)
def test_display(written: str, shown: str):
    assert display(written) == shown


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("The Hampshire & Isle-of-Wight", "hampshire and isle of wight"),
        ("Newcastle Upon Tyne", "newcastle upon tyne"),
        ("Caf\u00e9 Vale", "cafe vale"),
    ],
)
def test_fold_matches_spellings_of_one_name(one: str, other: str):
    assert fold(one) == fold(other)


@pytest.mark.parametrize(
    ("written", "kind", "name"),
    [
        ("Probation Service \u2013 North East region", None, "North East"),
        ("Kestrel Bay Probation Delivery Unit", None, "Kestrel Bay"),
        ("Kestrel Bay PDU", classes.PDU, "Kestrel Bay"),
        ("NPS Wales division", None, "Wales"),
        ("Wales division of the National Probation Service", classes.NPS_DIVISION, "Wales"),
        ("Mercia Vale Community Rehabilitation Company (CRC)", classes.CRC, "Mercia Vale"),
        ("The Mercia Vale", None, "Mercia Vale"),
    ],
)
def test_base_name_drops_the_class_words(written: str, kind: str | None, name: str):
    assert base_name(written, kind) == name


def test_unit_labels_are_every_way_to_write_a_unit():
    labels = unit_labels({"Kestrel Bay"}, classes.PDU)
    assert {"Kestrel Bay", "Kestrel Bay PDU", "Kestrel Bay Probation Delivery Unit"} <= labels
    assert not any("PDU PDU" in label for label in labels)
    assert {"NPS Wales", "Wales division of the National Probation Service"} <= unit_labels(
        {"Wales"}, classes.NPS_DIVISION
    )
