"""Undated coverage of an inspection, attached to the inspection it describes.

An inspection is identified by its unit and its year (``…/inspection/pdu-sheffield-2024``): the
year it was published, else its fieldwork, else the year of the document covering it. A document
that dates nothing (an undated news item) gives an undated node (``…-undated``). The rule that
attaches it:

- when such a document is written, its undated inspection of a unit becomes the unit's latest dated
  inspection in the store, provided that one is later than every earlier inspection the document
  itself mentions (news of a 2020 inspection that recalls the 2019 one does not become the 2019 one);
- when a dated inspection is written, undated nodes of the same unit already in the store that the
  rule would attach to it are moved onto it;
- a build writes dated documents before undated ones, so a whole corpus resolves the same way
  whatever order its files are in. Otherwise the node stays undated until a dated inspection of its
  unit arrives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .build import UNDATED
from .namespaces import GRAPH_ENTITIES, ID, PG, RDF, RDFS
from .store import Store

_INSPECTION = str(ID["inspection/"])
_UNDATED = re.compile(rf"<({re.escape(_INSPECTION)}[^>]*-{UNDATED})>")
_DATED = re.compile(rf"^{re.escape(_INSPECTION)}.*-(\d{{4}})$")


@dataclass(frozen=True)
class _Node:
    iri: str
    unit: str
    after: int
    """The node must attach to an inspection later than this year (its earlier inspections)."""


def undated_nodes(triples: str, entity_triples: str) -> list[_Node]:
    """The undated inspections a prepared document holds, with their unit and what they must come after."""
    nodes = []
    for iri in dict.fromkeys(_UNDATED.findall(triples + entity_triples)):
        unit = re.search(rf"<{re.escape(iri)}> <{PG.inspected}> <([^>]+)>", entity_triples)
        if unit is None:
            continue
        earlier = re.findall(rf"<{re.escape(iri)}> <{PG.previousInspection}> <([^>]+)>", triples)
        years = [int(m.group(1)) for e in earlier if (m := _DATED.match(e))]
        nodes.append(_Node(iri, unit.group(1), max(years, default=0)))
    return nodes


def _dated_inspections(store: Store, unit: str) -> list[tuple[int, str]]:
    rows = store.query(
        f"SELECT DISTINCT ?i WHERE {{ GRAPH <{GRAPH_ENTITIES}> {{ ?i <{RDF.type}> <{PG.Inspection}> ; "
        f"<{PG.inspected}> <{unit}> }} }}"
    ).rows
    found = []
    for (iri,) in rows:
        match = _DATED.match(str(iri))
        if match:
            found.append((int(match.group(1)), str(iri)))
    return sorted(found)


def attach(store: Store, triples: str, entity_triples: str) -> tuple[str, str]:
    """A prepared document's triples with each undated inspection replaced by the dated one the rule picks."""
    for node in undated_nodes(triples, entity_triples):
        later = [iri for year, iri in _dated_inspections(store, node.unit) if year > node.after]
        if not later:
            continue
        target = later[-1]
        label = re.compile(rf"^<{re.escape(node.iri)}> <{RDFS.label}> .*$\n?", re.MULTILINE)
        entity_triples = label.sub("", entity_triples)
        triples = triples.replace(f"<{node.iri}>", f"<{target}>")
        entity_triples = entity_triples.replace(f"<{node.iri}>", f"<{target}>")
    return triples, entity_triples


def adopt(store: Store, entity_triples: str) -> list[tuple[str, str]]:
    """Move undated nodes already in the store onto the dated inspections just written; the pairs moved."""
    moved = []
    written = {
        (m.group(1), m.group(2))
        for m in re.finditer(rf"<({re.escape(_INSPECTION)}[^>]*-\d{{4}})> <{PG.inspected}> <([^>]+)>", entity_triples)
    }
    for iri, unit in sorted(written):
        year = int(iri[-4:])
        rows = store.query(
            f"SELECT DISTINCT ?u (MAX(?before) AS ?after) WHERE {{ GRAPH <{GRAPH_ENTITIES}> {{ ?u <{PG.inspected}> <{unit}> }} "
            f'FILTER (STRENDS(STR(?u), "-{UNDATED}")) '
            f"OPTIONAL {{ ?u <{PG.previousInspection}> ?p BIND (xsd:integer(SUBSTR(STR(?p), STRLEN(STR(?p)) - 3)) AS ?before) }} }}"
            " GROUP BY ?u"
        ).rows
        latest = max((y for y, _ in _dated_inspections(store, unit)), default=year)
        for node, after in rows:
            if node is None or year != latest or (after is not None and int(str(after)) >= year):
                continue
            store.relink(str(node), iri)
            moved.append((str(node), iri))
    return moved


def is_undated(triples: str) -> bool:
    """True when a prepared document holds an undated inspection."""
    return _UNDATED.search(triples) is not None


__all__ = ["adopt", "attach", "is_undated", "undated_nodes"]
