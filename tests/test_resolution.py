"""Inspections as events: one node per unit and year, undated coverage attached by the documented rule (resolution.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from probation_graph import EmbeddedStore, Settings, validate
from probation_graph.ingest import ingest

DOCUMENTS = {
    "a-2022.txt": "Published: 9 February 2022\n\nKestrel Bay PDU has been rated \u2018Inadequate\u2019 by inspectors.\n",
    "b-2024.txt": "Published: 14 March 2024\n\nKestrel Bay PDU has been rated \u2018Good\u2019 by inspectors.\n",
    "c-news.txt": "Kestrel Bay PDU has been rated \u2018Good\u2019, inspectors said. Staff were pleased.\n",
    "d-recall.txt": "Kestrel Bay PDU was rated \u2018Good\u2019. It was previously rated \u2018Good\u2019 in 2024.\n",
    "e-press.txt": "Published: 14 March 2024\n\nInspectors rated Kestrel Bay PDU \u2018Good\u2019 in a report out today.\n",
}
INSPECTIONS = """SELECT ?i (GROUP_CONCAT(DISTINCT ?r; separator="|") AS ?ratings) WHERE {
  ?i pg:inspected ?u . ?u rdfs:label "Kestrel Bay PDU"@en . OPTIONAL { ?i pg:overallRating/skos:prefLabel ?r }
} GROUP BY ?i ORDER BY ?i"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name, text in DOCUMENTS.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def inspections(store: EmbeddedStore) -> dict[str, str]:
    return {str(i).rsplit("/", 1)[-1]: str(r) for i, r in store.query(INSPECTIONS).rows}


def run(store: EmbeddedStore, folder: Path, *names: str) -> None:
    report = ingest(store, [folder / n for n in names], settings=Settings(data=folder))
    assert report.ok, report.failed


@pytest.mark.parametrize(
    "batches",
    [
        [["a-2022.txt", "b-2024.txt", "c-news.txt"]],
        [["c-news.txt", "b-2024.txt", "a-2022.txt"]],
        [["c-news.txt"], ["a-2022.txt", "b-2024.txt"]],
        [["a-2022.txt", "b-2024.txt"], ["c-news.txt"]],
    ],
    ids=["one-batch", "undated-first", "undated-earlier-batch", "undated-later-batch"],
)
def test_undated_news_joins_the_latest_inspection_and_repeat_inspections_stay_apart(
    folder: Path, batches: list[list[str]]
):
    store = EmbeddedStore(None)
    for batch in batches:
        run(store, folder, *batch)
    assert inspections(store) == {"pdu-kestrel-bay-2022": "Inadequate", "pdu-kestrel-bay-2024": "Good"}
    links = store.query("SELECT ?a ?b WHERE { ?a pg:precedingInspection ?b }").rows
    assert [(str(a).rsplit("/", 1)[-1], str(b).rsplit("/", 1)[-1]) for a, b in links] == [
        ("pdu-kestrel-bay-2024", "pdu-kestrel-bay-2022")
    ]
    assert validate(store).conforms


def test_a_report_and_its_press_release_are_one_inspection(folder: Path):
    store = EmbeddedStore(None)
    run(store, folder, "b-2024.txt", "e-press.txt")
    assert inspections(store) == {"pdu-kestrel-bay-2024": "Good"}
    sources = store.query(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p <https://w3id.org/probation-graph/id/inspection/"
        "pdu-kestrel-bay-2024> } FILTER (STRSTARTS(STR(?g), 'https://w3id.org/probation-graph/graph/document/')) }"
    ).rows
    assert int(sources[0][0]) == 2


def test_news_that_recalls_the_latest_inspection_stays_undated(folder: Path):
    store = EmbeddedStore(None)
    run(store, folder, "a-2022.txt", "b-2024.txt", "d-recall.txt")
    assert "pdu-kestrel-bay-undated" in inspections(store)
