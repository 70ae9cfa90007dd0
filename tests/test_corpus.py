"""A whole corpus built into one store: every label clean, every unit once, repeat inspections apart, SHACL conforms.

Always over invented documents in the layouts of real coverage (tests/data/layouts) with the seed documents; and,
where the shared development corpus is present next to the repository (../shared/corpus-dev), over it too.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from probation_graph import EmbeddedStore, Settings, build, classes, validate
from probation_graph.extract.gazetteer import gazetteer
from probation_graph.names import base_name, fold
from probation_graph.namespaces import GRAPH_DOCUMENT_PREFIX
from probation_graph.read import SUFFIXES, slug
from probation_graph.store import document_graph

from .conftest import HERE, SEED

LAYOUTS = HERE / "data" / "layouts"
CORPUS_DEV = HERE.parent.parent / "shared" / "corpus-dev"
RATING_WORDS = re.compile(
    r"\b(?:inadequate|requires? improvement|requiring improvement|outstanding)\b|^[\u2018\u2019'\"]|[\u2018\u2019'\"]$",
    re.I,
)
LEADING = re.compile(r"^(?:in|at|for|of|by|from|to|with|on|into|under|across)\s", re.I)
UNIT_KINDS = (classes.PDU, classes.CRC, classes.REGION, classes.NPS_DIVISION)

DOCUMENTS = f'FILTER (STRSTARTS(STR(?g), "{GRAPH_DOCUMENT_PREFIX}"))'
LABELS = f"SELECT DISTINCT ?label WHERE {{ GRAPH ?g {{ ?d pg:mentions ?e }} ?e rdfs:label ?label . {DOCUMENTS} }}"
UNITS = f"""SELECT DISTINCT ?u ?label ?kind WHERE {{
  GRAPH ?g {{ ?d pg:mentions ?u }} ?i pg:inspected ?u . ?u a ?k ; rdfs:label ?label .
  {DOCUMENTS} BIND (STRAFTER(STR(?k), "#") AS ?kind)
}}"""
FACTS = """SELECT DISTINCT ?i ?p ?v WHERE {
  VALUES ?p { pg:overallRating pg:chiefInspector pg:publicationDate } ?i a pg:Inspection ; ?p ?v .
}"""


def contradictions(store: EmbeddedStore) -> list[tuple[str, str, set[str]]]:
    """Inspection nodes holding two ratings, chief inspectors or publication dates (a date and its month agree)."""
    values: dict[tuple[str, str], set[str]] = {}
    for inspection, predicate, value in store.query(FACTS).rows:
        values.setdefault((str(inspection), str(predicate)), set()).add(str(value))
    found = []
    for (inspection, predicate), held in values.items():
        if any(not (a.startswith(b) or b.startswith(a)) for a in held for b in held):
            found.append((inspection, predicate, held))
    return found


def built(tmp_path: Path, *folders: Path) -> EmbeddedStore:
    data = tmp_path / "data"
    for folder in folders:
        shutil.copytree(folder, data / folder.name, ignore=shutil.ignore_patterns(".store", "uploads"))
    store = EmbeddedStore(None)
    report = build(store, data, settings=Settings(data=data))
    assert report.ok, report.failed
    return store


def check_whole(store: EmbeddedStore) -> dict[str, set[str]]:
    """The checks every corpus must pass; the units the documents inspect, by class."""
    labels = [str(row[0]) for row in store.query(LABELS).rows]
    assert labels
    for label in labels:
        assert not RATING_WORDS.search(label), f"rating word in label {label!r}"
        assert not LEADING.match(label), f"leading word in label {label!r}"
        for graph_class in classes.registry().units():
            for word in graph_class.unit_words:
                assert f"{word} {word}".lower() not in label.lower(), f"doubled class word in {label!r}"
    units: dict[str, set[str]] = {}
    seen: dict[tuple[str, str], str] = {}
    for iri, label, kind in store.query(UNITS).rows:
        assert seen.setdefault((str(kind), str(label)), str(iri)) == str(iri), f"{label} is two nodes"
        units.setdefault(str(kind), set()).add(str(label))
    assert contradictions(store) == [], "an inspection node holds two different facts of one kind"
    report = validate(store)
    assert report.conforms, report.text[:2000]
    return units


def test_documents_in_real_layouts(tmp_path: Path):
    store = built(tmp_path, LAYOUTS, SEED)
    units = check_whole(store)
    assert {"Derwent Vale PDU", "Avon, Hill and Dale PDU", "Tarn Vale PDU", "Moor End and Fell PDU"} <= units[
        classes.PDU
    ]
    assert "Harbour and Moor CRC" in units[classes.CRC]
    rows = store.query(
        """SELECT DISTINCT ?i ?r WHERE { ?i pg:inspected ?u ; pg:overallRating/skos:prefLabel ?r .
             ?u rdfs:label "Derwent Vale PDU"@en } ORDER BY ?i"""
    ).rows
    assert [(str(i).rsplit("-", 1)[-1], str(r)) for i, r in rows] == [
        ("2023", "Requires improvement"),
        ("2024", "Good"),
    ]
    linked = store.query(
        """ASK { ?later pg:precedingInspection ?earlier ; pg:previousInspection ?earlier .
             ?later pg:inspected/rdfs:label "Derwent Vale PDU"@en }"""
    )
    assert linked.boolean, "the 2024 inspection follows the 2023 one, as the news says"


def _index_units() -> dict[str, set[str]]:
    """The units of each class the corpus index names as its documents' subjects, as folded names.

    A name with its unit word is of that class; a bare one ('Cumbria') is classed by the reference backbone.
    """
    index = json.loads((CORPUS_DEV / "index.json").read_text())
    words = ((classes.PDU, r"(?:PDU|Probation Delivery Unit)s?"),
             (classes.CRC, r"(?:CRC|Community Rehabilitation Compan(?:y|ies))s?"),
             (classes.REGION, r"region"))  # fmt: skip
    named: dict[str, set[str]] = {}
    for document in index:
        for subject in [*document["subjects"], *document["overall_ratings"]]:
            name, kind = re.sub(r"\s*\([^)]*\)", "", subject).strip(), None
            for key, word in words:
                found = re.search(rf"\s*\b{word}$", name, re.IGNORECASE)
                if found:
                    name, kind = name[: found.start()], key
                    break
            if kind is None:
                entry = gazetteer().lookup(name, classes.PDU) or gazetteer().lookup(name, classes.CRC)
                kind = entry.kind if entry else None
            if kind is not None and name.strip():
                named.setdefault(kind, set()).add(fold(name))
    return named


INSPECTED = """SELECT DISTINCT ?g ?label ?kind WHERE {
  GRAPH ?g { ?i ?p ?o } ?i pg:inspected ?u . ?u a ?k ; rdfs:label ?label . BIND (STRAFTER(STR(?k), "#") AS ?kind)
}"""


@pytest.mark.skipif(not CORPUS_DEV.is_dir(), reason="the shared development corpus is not next to the repository")
def test_the_development_corpus_with_the_seeds(tmp_path: Path):
    """Built together, the units its documents inspect are exactly those the corpus index names, each once."""
    store = built(tmp_path, CORPUS_DEV, SEED)
    check_whole(store)
    graphs = {document_graph(slug(path.stem)) for path in CORPUS_DEV.iterdir() if path.suffix in SUFFIXES}
    found: dict[str, set[str]] = {}
    for graph, label, kind in store.query(INSPECTED).rows:
        if str(graph) in graphs and str(kind) in UNIT_KINDS:
            found.setdefault(str(kind), set()).add(fold(base_name(str(label), str(kind))))
    expected = _index_units()
    for kind in (classes.PDU, classes.CRC, classes.REGION):
        assert found.get(kind, set()) == expected[kind], kind
