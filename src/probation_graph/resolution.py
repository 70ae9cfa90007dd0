"""Undated coverage of an inspection, attached to the inspection it describes.

An inspection is identified by its unit and its year (``…/inspection/pdu-sheffield-2024``): the
year it was published, else its fieldwork, else the year of the document covering it. A document
that dates nothing (an undated news item) gives an undated node (``…-undated``). The rule that
attaches it:

- when such a document is written, its undated inspection of a unit becomes the unit's latest dated
  inspection in the store, provided that one is later than every earlier inspection the document
  itself mentions (news of a 2020 inspection that recalls the 2019 one does not become the 2019 one);
- when dated inspections are written (after a whole batch: one ``ingest`` call), undated nodes of the same
  unit already in the store that the rule would attach to the latest of them are moved onto it; once moved,
  a node stays where it is (a later ingest of a still later inspection does not move it again);
- a dated node keyed by another year than a stored inspection it is (a bare 'last inspected in 2022', or
  fieldwork in 2022, for the report published in 2023) joins that inspection: two nodes of a unit are one
  inspection when their years meet and no publication or fieldwork year contradicts (:func:`same_event`); the
  node keyed by its publication wins;
- a build writes dated documents before undated ones, so a whole corpus resolves the same way
  whatever order its files are in. Otherwise the node stays undated until a dated inspection of its
  unit arrives.

Successive dated inspections of a unit are linked (``pg:precedingInspection``, in the derived graph
``graph/inspection-sequence``), so repeat inspections stay apart and in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from .build import UNDATED
from .namespaces import GRAPH_ENTITIES, GRAPH_SEQUENCE, ID, PG, RDF, RDFS
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


Years = tuple[int, set[int], set[int]]
"""An inspection's year (from its IRI), its publication years and its fieldwork years."""


def _years_in(triples: str, iri: str, year: int) -> Years:
    def found(predicate: str) -> set[int]:
        return {int(y) for y in re.findall(rf'<{re.escape(iri)}> <{predicate}> "(\d{{4}})', triples)}

    return year, found(str(PG.publicationDate)), found(str(PG.fieldworkStart))


def _stored_years(store: Store, unit: str) -> dict[str, Years]:
    rows = store.query(
        f"SELECT DISTINCT ?i ?p ?f WHERE {{ ?i <{PG.inspected}> <{unit}> . "
        f"OPTIONAL {{ ?i <{PG.publicationDate}> ?p }} OPTIONAL {{ ?i <{PG.fieldworkStart}> ?f }} }}"
    ).rows
    found: dict[str, Years] = {}
    for iri, published, fieldwork in rows:
        match = _DATED.match(str(iri))
        if match is None:
            continue
        _year, publications, fieldworks = found.setdefault(str(iri), (int(match.group(1)), set(), set()))
        if published is not None:
            publications.add(int(str(published)[:4]))
        if fieldwork is not None:
            fieldworks.add(int(str(fieldwork)[:4]))
    return found


def same_event(one: Years, other: Years) -> bool:
    """True when two dated inspection nodes of a unit are one inspection.

    Their years meet (a report published in 2023 on fieldwork in 2022 is 'the inspection in 2022') and no
    publication or fieldwork year contradicts.
    """
    year, published, fieldwork = one
    other_year, other_published, other_fieldwork = other
    if (published and other_published and not published & other_published) or (
        fieldwork and other_fieldwork and not fieldwork & other_fieldwork
    ):
        return False
    return bool(({year} | published | fieldwork) & ({other_year} | other_published | other_fieldwork))


def _dated_nodes(entity_triples: str) -> set[tuple[str, str]]:
    pattern = rf"<({re.escape(_INSPECTION)}[^>]*-\d{{4}})> <{PG.inspected}> <([^>]+)>"
    return {(m.group(1), m.group(2)) for m in re.finditer(pattern, entity_triples)}


def attach(store: Store, triples: str, entity_triples: str) -> tuple[str, str]:
    """A prepared document's triples with its inspections resolved against the store.

    Each undated inspection is replaced by the dated one the rule picks, and each dated one it keys by another
    year than the store (fieldwork or a bare year, no publication date) by the stored inspection it is
    (:func:`same_event`).
    """
    for node in undated_nodes(triples, entity_triples):
        later = [iri for year, iri in _dated_inspections(store, node.unit) if year > node.after]
        if not later:
            continue
        target = later[-1]
        label = re.compile(rf"^<{re.escape(node.iri)}> <{RDFS.label}> .*$\n?", re.MULTILINE)
        entity_triples = label.sub("", entity_triples)
        triples = triples.replace(f"<{node.iri}>", f"<{target}>")
        entity_triples = entity_triples.replace(f"<{node.iri}>", f"<{target}>")
    for iri, unit in sorted(_dated_nodes(entity_triples)):
        years = _years_in(triples, iri, int(iri[-4:]))
        if years[1]:
            continue
        stored = _stored_years(store, unit)
        if iri in stored:
            continue
        same = [other for other, other_years in stored.items() if same_event(years, other_years)]
        if len(same) == 1:
            label = re.compile(rf"^<{re.escape(iri)}> <{RDFS.label}> .*$\n?", re.MULTILINE)
            entity_triples = label.sub("", entity_triples)
            triples = triples.replace(f"<{iri}>", f"<{same[0]}>")
            entity_triples = entity_triples.replace(f"<{iri}>", f"<{same[0]}>")
    return triples, entity_triples


def adopt(store: Store, entity_triples: str) -> list[tuple[str, str]]:
    """Move undated nodes already in the store onto the dated inspections just written; the pairs moved."""
    moved = []
    written = {
        (m.group(1), m.group(2))
        for m in re.finditer(rf"<({re.escape(_INSPECTION)}[^>]*-\d{{4}})> <{PG.inspected}> <([^>]+)>", entity_triples)
    }
    for iri, unit in sorted(written):
        stored = _stored_years(store, unit)
        if iri in stored and stored[iri][1]:
            for other, other_years in stored.items():
                if other != iri and not other_years[1] and same_event(stored[iri], other_years):
                    store.relink(other, iri)
                    moved.append((other, iri))
        year = int(iri[-4:])
        rows = store.query(
            f"SELECT DISTINCT ?u (MAX(?before) AS ?after) WHERE {{ "
            f"GRAPH <{GRAPH_ENTITIES}> {{ ?u <{PG.inspected}> <{unit}> }} "
            f'FILTER (STRENDS(STR(?u), "-{UNDATED}")) '
            f"FILTER NOT EXISTS {{ <{iri}> <{PG.previousInspection}> ?u }} "
            f"OPTIONAL {{ ?u <{PG.previousInspection}> ?p "
            "BIND (xsd:integer(SUBSTR(STR(?p), STRLEN(STR(?p)) - 3)) AS ?before) } } GROUP BY ?u"
        ).rows
        latest = max((y for y, _ in _dated_inspections(store, unit)), default=year)
        for node, after in rows:
            if node is None or year != latest or (after is not None and int(str(after)) >= year):
                continue
            store.relink(str(node), iri)
            moved.append((str(node), iri))
    return moved


def sequence(store: Store) -> int:
    """Link each unit's dated inspections in year order (rewrites the derived sequence graph); the links made."""
    rows = store.query(
        f"SELECT DISTINCT ?i ?u WHERE {{ GRAPH <{GRAPH_ENTITIES}> {{ ?i <{RDF.type}> <{PG.Inspection}> ; "
        f"<{PG.inspected}> ?u }} }}"
    ).rows
    by_unit: dict[str, set[tuple[int, str]]] = {}
    for inspection, unit in rows:
        match = _DATED.match(str(inspection))
        if match:
            by_unit.setdefault(str(unit), set()).add((int(match.group(1)), str(inspection)))
    links = sorted(
        f"<{later}> <{PG.precedingInspection}> <{earlier}> ."
        for dated in by_unit.values()
        for (first, earlier), (second, later) in pairwise(sorted(dated))
        if first < second
    )
    store.replace_graph(str(GRAPH_SEQUENCE), "\n".join(links))
    return len(links)


def is_undated(triples: str) -> bool:
    """True when a prepared document holds an undated inspection."""
    return _UNDATED.search(triples) is not None


__all__ = ["adopt", "attach", "is_undated", "same_event", "sequence", "undated_nodes"]
