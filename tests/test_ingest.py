from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from probation_graph import EmbeddedStore, Settings, Status, build, ingest
from probation_graph.build import to_graph
from probation_graph.extract import extract
from probation_graph.ingest import extractor_id
from probation_graph.read import read_document

from .conftest import TINY

COUNT_DOCS = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d pg:contentHash ?h ; pg:sourceId ?id }"


def doc_count(store: EmbeddedStore) -> int:
    return int(store.query(COUNT_DOCS).rows[0][0])


def test_build_twice_changes_nothing(settings: Settings, tiny_store: EmbeddedStore):
    before = len(tiny_store)
    report = build(tiny_store, settings=settings)
    assert {o.status for o in report.outcomes} == {Status.UNCHANGED}
    assert len(report.outcomes) == 3
    assert len(tiny_store) == before


def test_changed_document_replaces_its_graph(settings: Settings, tiny_store: EmbeddedStore):
    article = settings.data / "tiny" / "kestrel-article.txt"
    article.write_text(article.read_text().replace("'Good'", "'Inadequate'"))
    report = build(tiny_store, settings=settings)
    statuses = {o.path.rsplit("/", 1)[-1]: o.status for o in report.outcomes}
    assert statuses == {
        "kestrel-article.txt": Status.REPLACED,
        "mercia-press-release.txt": Status.UNCHANGED,
        "northmoor-report.md": Status.UNCHANGED,
    }
    ratings = tiny_store.query(
        "SELECT DISTINCT ?r WHERE { ?i pg:inspected/rdfs:label 'Kestrel Bay PDU'@en ;"
        " pg:overallRating/skos:prefLabel ?r }"
    ).rows
    assert [str(r[0]) for r in ratings] == ["Inadequate"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b""),
        ("binary.txt", b"\x00\x01\x02\x03"),
        ("latin1.txt", "caf\u00e9".encode("latin-1")),
        ("huge.txt", b"x" * 2_000_000),
    ],
)
def test_bad_document_fails_alone_and_changes_nothing(
    settings: Settings, tiny_store: EmbeddedStore, name: str, data: bytes
):
    before = tiny_store.dump("nquads")
    bad = settings.data / "tiny" / name
    bad.write_bytes(data)
    report = ingest(tiny_store, [bad], settings=settings)
    assert report.outcomes[0].status is Status.FAILED
    assert name in (report.outcomes[0].error or "")
    assert tiny_store.dump("nquads") == before


def test_a_failure_does_not_stop_the_other_documents(settings: Settings, store: EmbeddedStore):
    (settings.data / "tiny" / "aaa-empty.txt").write_bytes(b"")
    report = build(store, settings=settings)
    assert [o.status for o in report.outcomes] == [Status.FAILED, Status.ADDED, Status.ADDED, Status.ADDED]
    assert not report.ok
    assert doc_count(store) == 3


def test_duplicate_source_id_is_refused(settings: Settings, store: EmbeddedStore):
    folder = settings.data / "tiny"
    (folder / "copy.txt").write_text("Kestrel Bay PDU was inspected.")
    with (folder / "sources.toml").open("a") as handle:
        handle.write('\n[[source]]\nfile = "copy.txt"\nsource_id = "kestrel-article"\n')
    report = build(store, settings=settings)
    failed = report.failed
    assert len(failed) == 1 and "already used" in (failed[0].error or "")


def test_same_file_name_in_two_folders_is_refused_naming_both(settings: Settings, store: EmbeddedStore):
    for folder, unit in (("a", "Kestrel Bay PDU"), ("b", "Mercia Vale PDU")):
        (settings.data / folder).mkdir()
        (settings.data / folder / "report.txt").write_text(f"{unit} was inspected and rated 'Good'.")
    report = build(store, settings=settings)
    assert [o.status for o in report.outcomes].count(Status.ADDED) == 4
    [failed] = report.failed
    first, second = str(settings.data / "a" / "report.txt"), str(settings.data / "b" / "report.txt")
    assert failed.path == second and first in (failed.error or "") and second in (failed.error or "")
    assert doc_count(store) == 4


def test_names_with_the_same_slug_are_refused_naming_both(settings: Settings, store: EmbeddedStore, tmp_path: Path):
    first, second = tmp_path / "West Yorkshire.txt", tmp_path / "west-yorkshire.txt"
    first.write_text("Kestrel Bay PDU was inspected and rated 'Good'.")
    second.write_text("Mercia Vale PDU was inspected and rated 'Inadequate'.")
    report = ingest(store, [first, second], settings=settings)
    assert {o.path: o.status for o in report.outcomes} == {str(first): Status.ADDED, str(second): Status.FAILED}
    error = report.failed[0].error or ""
    assert str(first) in error and str(second) in error and "'west-yorkshire'" in error
    texts = store.query("SELECT ?t WHERE { ?d pg:sourceId 'west-yorkshire' ; pg:fullText ?t }").rows
    assert [str(t[0]) for t in texts] == ["Kestrel Bay PDU was inspected and rated 'Good'."]


def test_ontology_is_loaded_once(settings: Settings, tiny_store: EmbeddedStore):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <https://w3id.org/probation-graph/graph/ontology> { ?s ?p ?o } }"
    first = int(tiny_store.query(count).rows[0][0])
    build(tiny_store, settings=settings)
    assert int(tiny_store.query(count).rows[0][0]) == first > 500


def test_seed_corpus_builds_with_every_document(seed_store: EmbeddedStore):
    assert doc_count(seed_store) == 5


def _corpus(folder: Path, copies: int) -> None:
    folder.mkdir(parents=True)
    text = (TINY / "northmoor-report.md").read_text()
    for i in range(copies):
        (folder / f"report-{i:04d}.md").write_text(text.replace("Northmoor and Eastdale", f"Unit {i} and Vale"))


_KILLED_AFTER = """
import os, signal, sys
from pathlib import Path
from probation_graph import EmbeddedStore, Settings
from probation_graph.ingest import ingest

data, path, after = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
written = []

def progress(outcome):
    written.append(outcome)
    if len(written) == after:
        os.kill(os.getpid(), signal.SIGKILL)

ingest(EmbeddedStore(path), sorted(data.glob("*.md")), settings=Settings(data=data, store=path), progress=progress)
"""


def test_killed_build_leaves_only_whole_documents(tmp_path: Path):
    """A build killed (SIGKILL) after some documents keeps exactly those, each whole; no timing involved."""
    data, path, total, after = tmp_path / "data", tmp_path / "store", 30, 7
    _corpus(data, total)
    process = subprocess.run([sys.executable, "-c", _KILLED_AFTER, str(data), str(path), str(after)], check=False)
    assert process.returncode == -signal.SIGKILL
    store = EmbeddedStore(path)
    graphs = [g for g in store.graphs() if "/graph/document/" in g]
    assert len(graphs) == after
    for graph in graphs:
        source_id = graph.rsplit("/", 1)[-1]
        document = read_document(data / f"{source_id}.md", max_bytes=10**6)
        expected = to_graph(extract(document), extractor=extractor_id(Settings()))
        got = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}").rows[0][0]
        assert int(got) == len(expected.triples), f"{graph} is not whole"
    store.close()


def test_seed_graph_conforms_to_the_shapes(seed_store: EmbeddedStore):
    from probation_graph import validate

    report = validate(seed_store)
    assert report.conforms, report.violations[:5]


def test_a_new_extractor_rebuilds_unchanged_documents(settings: Settings, tiny_store: EmbeddedStore, monkeypatch):
    import sys

    ingest_module = sys.modules["probation_graph.ingest"]
    monkeypatch.setattr(ingest_module, "code_fingerprint", lambda: "another-version")
    report = build(tiny_store, settings=settings)
    assert {o.status for o in report.outcomes} == {Status.REPLACED}
    again = build(tiny_store, settings=settings)
    assert {o.status for o in again.outcomes} == {Status.UNCHANGED}


UPLOAD = b"""Inspectors rate Harrowgate probation service as 'Outstanding'.
Harrowgate Probation Delivery Unit (PDU) received an overall rating of 'Outstanding' following an inspection
by His Majesty's Inspectorate of Probation.
"""


def test_an_upload_is_ingested_kept_and_summarised(settings: Settings, tiny_store: EmbeddedStore):
    from probation_graph import ask
    from probation_graph.ingest import ingest_upload
    from probation_graph.stats import document_summary

    assert "Harrowgate" not in ask("Which PDUs were rated outstanding?", tiny_store).answer
    outcome = ingest_upload(tiny_store, "Harrowgate News.TXT", UPLOAD, settings=settings)
    assert outcome.status is Status.ADDED and outcome.source_id == "harrowgate-news"
    kept = settings.data / "uploads" / "harrowgate-news.txt"
    assert Path(outcome.path) == kept and kept.read_bytes() == UPLOAD
    summary = document_summary(tiny_store, "harrowgate-news")
    assert summary.kind == "news article" and summary.triples > 10
    assert summary.facts["NewsArticle"] == 1 and summary.facts["Evidence"] >= 1
    assert ("Harrowgate PDU", "Probation Delivery Unit") in summary.mentions
    assert "Harrowgate PDU" in ask("Which PDUs were rated outstanding?", tiny_store).answer, "lexicon refreshed"
    again = ingest_upload(tiny_store, "Harrowgate News.TXT", UPLOAD, settings=settings)
    assert again.status is Status.UNCHANGED


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("notes.docx", b"PK\x03\x04", "unsupported file type .docx"),
        ("empty.md", b"\n\n", "empty"),
        ("scan.pdf", b"%PDF-1.7 garbage", "PDF"),
        ("latin.txt", "Caf\u00e9 probation".encode("latin-1"), "UTF-8"),
    ],
)
def test_a_bad_upload_changes_nothing(settings: Settings, tiny_store: EmbeddedStore, name, data, reason):
    from probation_graph.ingest import ingest_upload

    before = sorted(tiny_store.dump("nquads").splitlines())
    outcome = ingest_upload(tiny_store, name, data, settings=settings)
    assert outcome.status is Status.FAILED and reason in (outcome.error or "")
    assert outcome.error is not None and outcome.error.startswith(name), "the message names the upload, not a temp path"
    assert sorted(tiny_store.dump("nquads").splitlines()) == before
    assert not (settings.data / "uploads").exists()


def test_summary_of_an_unknown_document_is_empty(tiny_store: EmbeddedStore):
    from probation_graph.stats import document_summary

    summary = document_summary(tiny_store, "no-such-document")
    assert (summary.kind, summary.triples, summary.facts, summary.mentions) == (None, 0, {}, [])


def test_worker_processes_build_the_same_graph_in_the_same_order(settings: Settings, monkeypatch: pytest.MonkeyPatch):
    import importlib

    ingest_module = importlib.import_module("probation_graph.ingest")
    alone = EmbeddedStore(None)
    sequential = build(alone, settings=settings.model_copy(update={"workers": 1}))
    monkeypatch.setattr(ingest_module, "PARALLEL_FROM", 0)
    shared = EmbeddedStore(None)
    parallel = build(shared, settings=settings.model_copy(update={"workers": 2}))
    assert [(o.path, o.status, o.source_id, o.triples) for o in parallel.outcomes] == [
        (o.path, o.status, o.source_id, o.triples) for o in sequential.outcomes
    ]
    assert sorted(shared.dump("nquads").splitlines()) == sorted(alone.dump("nquads").splitlines())
    bad = settings.data / "tiny" / "broken.txt"
    bad.write_bytes(b"\x00\x01" * 50)
    again = build(shared, settings=settings.model_copy(update={"workers": 2}))
    assert [o.status for o in again.outcomes].count(Status.UNCHANGED) == 3
    assert next(o for o in again.outcomes if o.status is Status.FAILED).path.endswith("broken.txt")


def _layouts(tmp_path: Path) -> Settings:
    shutil.copytree(Path(__file__).parent / "data" / "layouts", tmp_path / "layouts")
    return Settings(data=tmp_path / "layouts", store=tmp_path / "store", workers=2)


def _threads(monkeypatch: pytest.MonkeyPatch, fail: str, exc: BaseException) -> Any:
    """Worker 'processes' that are threads (so monkeypatching reaches them), whose job raises for one file."""
    import importlib

    ingest_module = importlib.import_module("probation_graph.ingest")
    real = ingest_module._prepare_job

    def job(args: Any) -> Any:
        if Path(args[0]).name == fail:
            raise exc
        return real(args)

    monkeypatch.setattr(ingest_module, "PARALLEL_FROM", 0)
    monkeypatch.setattr(ingest_module, "_prepare_job", job)
    monkeypatch.setattr(ingest_module, "ProcessPoolExecutor", lambda max_workers, **_: ThreadPoolExecutor(max_workers))
    return ingest_module


def test_an_exception_raised_in_a_worker_fails_that_document_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    settings = _layouts(tmp_path)
    _threads(monkeypatch, "harbour-moor-crc.html", ImportError("No module named 'lxml_html_clean'"))
    report = build(EmbeddedStore(None), settings=settings)
    statuses = {Path(o.path).name: o.status for o in report.outcomes}
    assert statuses.pop("harbour-moor-crc.html") is Status.FAILED
    assert set(statuses.values()) == {Status.ADDED} and len(statuses) == 3
    [failed] = report.failed
    assert "harbour-moor-crc.html" in (failed.error or "") and "ImportError" in (failed.error or "")


def test_a_dead_worker_fails_only_the_document_that_killed_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from concurrent.futures.process import BrokenProcessPool

    settings = _layouts(tmp_path)
    _threads(monkeypatch, "derwent-vale-press-release.txt", BrokenProcessPool("a worker process died"))
    report = build(EmbeddedStore(None), settings=settings)
    names = sorted(p.name for p in (tmp_path / "layouts").iterdir())
    assert sorted(Path(o.path).name for o in report.outcomes) == names
    [failed] = report.failed
    assert failed.path.endswith("derwent-vale-press-release.txt") and "worker" in (failed.error or "")
    assert report.count(Status.ADDED) == 3


def test_an_error_writing_one_document_fails_it_alone(settings: Settings, store: EmbeddedStore, monkeypatch):
    import importlib

    ingest_module = importlib.import_module("probation_graph.ingest")
    real = ingest_module.attach

    def attach(store: EmbeddedStore, triples: str, entity_triples: str) -> tuple[str, str]:
        if "document/mercia-press-release>" in triples:
            raise ValueError("unexpected term")
        return real(store, triples, entity_triples)

    monkeypatch.setattr(ingest_module, "attach", attach)
    report = build(store, settings=settings)
    assert report.count(Status.ADDED) == 2
    [failed] = report.failed
    assert "mercia-press-release.txt" in (failed.error or "") and "ValueError" in (failed.error or "")
    assert doc_count(store) == 2


def test_a_document_at_the_size_limit_ingests_with_its_text_in_parts(
    settings: Settings, store: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
):
    import importlib

    from probation_graph.fulltext import document_text, search
    from probation_graph.store import document_graph

    monkeypatch.setattr(importlib.import_module("probation_graph.build"), "TEXT_PART", 1_000)
    filler = "Staff said that caseloads in the teams were manageable.\n"
    ending = "Mercia Vale PDU was inspected in 2024 and rated 'Good'.\n"
    limit = settings.max_file_bytes = 5_000
    text = filler * ((limit - len(ending)) // len(filler))
    text = text + " " * (limit - len(text) - len(ending)) + ending
    path = settings.data / "long.txt"
    path.write_text(text)
    assert path.stat().st_size == limit
    [outcome] = ingest(store, [path], settings=settings).outcomes
    assert outcome.status is Status.ADDED, outcome.error
    assert document_text(store, document_graph("long")) == text
    assert [hit.sentence for hit in search(store, "Mercia Vale inspected")][:1] == [ending.strip()]
    spans = store.query("SELECT ?s ?e ?x WHERE { ?sel oa:start ?s ; oa:end ?e ; oa:exact ?x }").rows
    assert spans and all(text[int(str(s)) : int(str(e))] == str(x) for s, e, x in spans)
    path.write_text(text + "x")
    assert ingest(store, [path], settings=settings).outcomes[0].status is Status.FAILED
