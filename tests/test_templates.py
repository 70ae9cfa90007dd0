"""The SPARQL blocks kept as data: every block the code names exists, and every block, filled, parses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from probation_graph.errors import ConfigError
from probation_graph.namespaces import PREFIXES
from probation_graph.nlq.templates import block, names, slots

NLQ = Path(__file__).parents[1] / "src" / "probation_graph" / "nlq"
IRI = "<https://w3id.org/probation-graph/id/x>"
FILLERS = {
    "classes": "pg:ProbationDeliveryUnit",
    "kind": "ProbationDeliveryUnit",
    "kinds": "pg:ProbationDeliveryUnit",
    "metrics": IRI,
    "owners": f"VALUES ?owner {{ {IRI} }}",
    "path": "pg:publicationDate",
    "people": f"VALUES ?person {{ {IRI} }}",
    "pivot": IRI,
    "properties": "pg:publicationDate",
    "current": "FILTER EXISTS { ?inspection_doc pg:about ?inspection }",
    "providers": f"VALUES ?provider {{ {IRI} }}",
    "ratings": f"VALUES ?r {{ {IRI} }}",
    "regions": f"VALUES ?region_iri {{ {IRI} }}",
    "role": "lead-inspector",
    "standards": f"VALUES ?s {{ {IRI} }}",
    "test": "true",
    "units": IRI,
    "var": "?date",
}


def test_every_block_the_code_names_exists():
    named = set()
    for source in NLQ.glob("*.py"):
        named |= set(re.findall(r'block\(\s*"([\w/-]+)"', source.read_text(encoding="utf-8")))
    named |= {f"change-{kind}" for kind in ("improved", "worse", "same")}  # chosen by kind of change
    assert len(named) > 20
    assert named <= set(names()), sorted(named - set(names()))


@pytest.mark.parametrize("name", names())
def test_every_block_filled_parses(name: str):
    filled = block(name, **{slot: FILLERS[slot] for slot in slots(name)})
    prologue = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    prepareQuery(prologue + f"SELECT * WHERE {{\n{filled}\n}}")


def test_a_missing_block_or_slot_is_a_clear_error():
    with pytest.raises(ConfigError, match="no query block"):
        block("rating/no-such-block")
    with pytest.raises(ConfigError, match="needs slot"):
        block("region")
