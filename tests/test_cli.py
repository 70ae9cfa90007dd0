from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from typer.testing import CliRunner

from probation_graph.cli import app, main
from probation_graph.config import Settings, get_settings

runner = CliRunner()


@pytest.fixture
def env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.setenv("PROBATION_GRAPH_DATA", str(settings.data))
    monkeypatch.setenv("PROBATION_GRAPH_STORE", str(settings.store))
    from probation_graph.config import get_settings

    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()


@pytest.fixture
def built(env: Settings) -> Settings:
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    return env


def run_main(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.argv", ["probation-graph", *args])
    with pytest.raises(SystemExit) as exit_info:
        main()
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


def test_build_prints_summary_and_shacl(env: Settings):
    result = runner.invoke(app, ["build"])
    assert result.exit_code == 0, result.output
    assert "3 added" in result.output and "conforms" in result.output
    again = runner.invoke(app, ["build"])
    assert "3 unchanged" in again.output


def test_ingest_a_file(env: Settings, tmp_path: Path):
    extra = tmp_path / "extra.txt"
    extra.write_text("Riverside Probation Delivery Unit (PDU) received an overall rating of 'Good'.")
    result = runner.invoke(app, ["ingest", str(extra)])
    assert result.exit_code == 0, result.output
    assert "added" in result.output and "extra" in result.output


def test_query_formats(built: Settings):
    sparql = (
        "SELECT DISTINCT ?label WHERE { ?d pg:sourceId ?id ; pg:mentions ?x . ?x a pg:ProbationDeliveryUnit ; "
        "rdfs:label ?label } ORDER BY ?label"
    )
    table = runner.invoke(app, ["query", sparql])
    assert "Kestrel Bay PDU" in table.output and "2 row(s)" in table.output
    data = json.loads(runner.invoke(app, ["query", "--format", "json", sparql]).output)
    assert [b["label"]["value"] for b in data["results"]["bindings"]] == [
        "Kestrel Bay PDU",
        "Northmoor and Eastdale PDU",
    ]
    rows = list(csv.reader(io.StringIO(runner.invoke(app, ["query", "--format", "csv", sparql]).output)))
    assert rows == [["label"], ["Kestrel Bay PDU"], ["Northmoor and Eastdale PDU"]]
    tsv = runner.invoke(app, ["query", "--format", "tsv", sparql]).output.splitlines()
    assert tsv[0] == "?label" and tsv[1] == '"Kestrel Bay PDU"@en'
    construct = (
        "CONSTRUCT { ?x a pg:ProbationRegion } WHERE { ?d pg:sourceId ?id ; pg:mentions ?x . ?x a pg:ProbationRegion }"
    )
    turtle = runner.invoke(app, ["query", "--format", "turtle", construct]).output
    assert len(Graph().parse(data=turtle, format="turtle")) == 1


def test_query_from_file_and_stdin(built: Settings, tmp_path: Path):
    query_file = tmp_path / "q.rq"
    query_file.write_text("ASK { ?x a pg:Inspection }")
    assert runner.invoke(app, ["query", "--file", str(query_file)]).output.strip() == "true"
    assert runner.invoke(app, ["query", "-"], input="ASK { ?x a pg:Prison }").output.strip() == "false"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "SELECT ?x WHERE {"], "syntax error"),
        (["query", "DROP ALL"], "update"),
        (["query", "--format", "xml", "SELECT * WHERE { ?s ?p ?o }"], "unknown output format"),
        (["query", "--format", "turtle", "SELECT * WHERE { ?s ?p ?o }"], "CONSTRUCT"),
        (["query", "--file", "/nonexistent.rq"], "cannot read"),
        (["export", "--format", "docx"], "unknown export format"),
    ],
)
def test_errors_are_one_line_and_exit_1(built: Settings, capsys, monkeypatch, args: list[str], message: str):
    code, _out, err = run_main(args, capsys, monkeypatch)
    assert code == 1
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_query_without_a_store_says_build_first(env: Settings, capsys, monkeypatch):
    code, _out, err = run_main(["query", "ASK {}"], capsys, monkeypatch)
    assert code == 1 and "build" in err


def test_failed_document_exits_1_and_names_it(env: Settings, capsys, monkeypatch):
    (env.data / "tiny" / "zz-binary.txt").write_bytes(b"\x00\x01")
    code, out, err = run_main(["build", "--no-validate"], capsys, monkeypatch)
    assert code == 1
    assert "zz-binary.txt" in err and "binary" in err
    assert "3 added" in out


def test_service_is_refused_by_the_query_command_unless_allowed(built: Settings, capsys, monkeypatch):
    federated = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    code, _out, err = run_main(["query", federated], capsys, monkeypatch)
    assert code == 1 and "SERVICE" in err and "PROBATION_GRAPH_ALLOW_SERVICE" in err and "Traceback" not in err
    monkeypatch.setenv("PROBATION_GRAPH_ALLOW_SERVICE", "1")
    get_settings.cache_clear()
    code, _out, err = run_main(["query", federated], capsys, monkeypatch)
    get_settings.cache_clear()
    assert code == 1 and "Traceback" not in err and "query failed" in err, "allowed: the failed fetch is a message"


def test_two_files_with_one_source_id_exit_1_naming_both(env: Settings, capsys, monkeypatch):
    for folder in ("a", "b"):
        (env.data / folder).mkdir()
        (env.data / folder / "report.txt").write_text("Kestrel Bay PDU was inspected and rated 'Good'.")
    code, out, err = run_main(["build", "--no-validate"], capsys, monkeypatch)
    assert code == 1
    assert "a/report.txt" in err and "b/report.txt" in err and "already used" in err
    assert "4 added" in out and "replaced" not in out


def test_any_exception_in_one_document_exits_1_and_names_it(env: Settings, capsys, monkeypatch):
    import importlib

    ingest_module = importlib.import_module("probation_graph.ingest")
    real = ingest_module.attach

    def attach(store, triples: str, entity_triples: str) -> tuple[str, str]:
        if "document/kestrel-article>" in triples:
            raise ValueError("unexpected term")
        return real(store, triples, entity_triples)

    monkeypatch.setattr(ingest_module, "attach", attach)
    code, out, err = run_main(["build", "--no-validate"], capsys, monkeypatch)
    assert code == 1
    assert "kestrel-article.txt" in err and "ValueError" in err and "Traceback" not in err
    assert "2 added" in out and "1 failed" in out


def test_update_via_query_changes_nothing(built: Settings, capsys, monkeypatch):
    before = runner.invoke(app, ["export", "--format", "nquads"]).output
    run_main(["query", "DELETE WHERE { ?s ?p ?o }"], capsys, monkeypatch)
    assert runner.invoke(app, ["export", "--format", "nquads"]).output == before


def test_validate_and_stats(built: Settings):
    validated = runner.invoke(app, ["validate"])
    assert validated.exit_code == 0 and "conforms" in validated.output
    stats = runner.invoke(app, ["stats"])
    assert "pg:ProbationDeliveryUnit" in stats.output and "InspectionReport" in stats.output


def test_export_trig_keeps_graphs(built: Settings, tmp_path: Path):
    target = tmp_path / "graph.trig"
    result = runner.invoke(app, ["export", "--format", "trig", "-o", str(target)])
    assert result.exit_code == 0, result.output
    dataset = Dataset()
    dataset.parse(target, format="trig")
    names = {str(g.identifier) for g in dataset.graphs()}
    assert "https://w3id.org/probation-graph/graph/document/kestrel-article" in names


def test_version():
    assert "probation-graph" in runner.invoke(app, ["--version"]).output
