"""`probation-graph serve`, started on 127.0.0.1 by the tests and queried with real clients."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, RDFXML, XML, SPARQLWrapper

from probation_graph import EmbeddedStore, Settings, ask, build
from probation_graph.errors import StoreError
from probation_graph.store import document_graph

from .servers import probation_server

UNITS = """PREFIX pg: <https://w3id.org/probation-graph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?name WHERE { ?d pg:sourceId ?id ; pg:mentions ?u . ?u a pg:ProbationDeliveryUnit ; rdfs:label ?name }
ORDER BY ?name"""
CONSTRUCT = """PREFIX pg: <https://w3id.org/probation-graph/ontology#>
CONSTRUCT { ?u a pg:ProbationDeliveryUnit }
WHERE { ?d pg:sourceId ?id ; pg:mentions ?u . ?u a pg:ProbationDeliveryUnit }"""
NAMES = ["Kestrel Bay PDU", "Northmoor and Eastdale PDU"]
LIMITS = {
    "PROBATION_GRAPH_QUERY_LIMIT": "50",
    "PROBATION_GRAPH_QUERY_TIMEOUT": "2",
    "PROBATION_GRAPH_MAX_BODY_BYTES": "20000",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import TINY

    folder = tmp_path_factory.mktemp("served")
    settings = Settings(data=TINY.parent, store=folder / "store")
    store = EmbeddedStore(settings.store)
    assert build(store, TINY, settings=settings).ok
    store.close()
    return settings.store


@pytest.fixture(scope="module")
def url(built: Path) -> Iterator[str]:
    with probation_server(built, env=LIMITS) as base:
        yield base


def rows(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [b["name"]["value"] for b in response.json()["results"]["bindings"]]


def test_get_post_and_form_queries(url: str):
    assert rows(httpx.get(f"{url}/query", params={"query": UNITS})) == NAMES
    posted = httpx.post(f"{url}/query", content=UNITS, headers={"Content-Type": "application/sparql-query"})
    assert rows(posted) == NAMES
    assert rows(httpx.post(f"{url}/query", data={"query": UNITS})) == NAMES


def test_the_projects_prefixes_need_no_declaring(url: str):
    short = (
        "SELECT DISTINCT ?name WHERE { ?d pg:sourceId ?id ; pg:mentions ?u . ?u a pg:ProbationDeliveryUnit ; "
        "rdfs:label ?name } ORDER BY ?name"
    )
    assert rows(httpx.get(f"{url}/query", params={"query": short})) == NAMES


@pytest.mark.parametrize(
    ("accept", "check"),
    [
        ("application/sparql-results+json", lambda body: json.loads(body)["head"]["vars"] == ["name"]),
        ("application/sparql-results+xml", lambda body: ET.fromstring(body).tag.endswith("sparql")),
        ("text/csv", lambda body: list(csv.reader(io.StringIO(body.decode())))[1:] == [[n] for n in NAMES]),
        ("text/tab-separated-values", lambda body: body.decode().splitlines()[0] == "?name"),
    ],
)
def test_select_results_by_content_negotiation(url: str, accept: str, check):
    response = httpx.get(f"{url}/query", params={"query": UNITS}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    assert check(response.content)


@pytest.mark.parametrize(
    ("accept", "rdflib_format"),
    [("text/turtle", "turtle"), ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
     ("application/rdf+xml", "xml")],
)  # fmt: skip
def test_construct_results_by_content_negotiation(url: str, accept: str, rdflib_format: str):
    response = httpx.get(f"{url}/query", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    assert len(rdflib.Graph().parse(data=response.content, format=rdflib_format)) == 2


def test_dataset_parameters_choose_the_graphs(url: str):
    count = "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d pg:sourceId ?id }"
    every = httpx.get(f"{url}/query", params={"query": count})
    assert every.json()["results"]["bindings"][0]["n"]["value"] == "3"
    one = httpx.get(f"{url}/query", params={"query": count, "default-graph-uri": document_graph("kestrel-article")})
    assert one.json()["results"]["bindings"][0]["n"]["value"] == "1"
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    graph = document_graph("northmoor-report")
    only = httpx.get(f"{url}/query", params={"query": named, "named-graph-uri": graph})
    assert [b["g"]["value"] for b in only.json()["results"]["bindings"]] == [graph]


def test_service_description(url: str):
    response = httpx.get(f"{url}/query", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    description = rdflib.Graph().parse(data=response.content, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef(f"{url}/query")) in description
    assert (None, sd.feature, sd.BasicFederatedQuery) not in description, "SERVICE is off, so not advertised"


def test_query_page_offers_the_examples(url: str):
    from probation_graph.examples import examples

    page = httpx.get(f"{url}/")
    assert page.status_code == 200 and "Yasgui" in page.text
    assert all(json.dumps(e.label)[1:-1] in page.text for e in examples())
    assert httpx.get(f"{url}/yasgui.min.js").status_code == 200
    listed = httpx.get(f"{url}/examples").json()
    assert [e["id"] for e in listed] == [e.id for e in examples()]


def test_ask_returns_the_cli_json(url: str, built: Path):
    question = "Who owns Mercia Vale CRC?"
    expected = json.loads(ask(question, EmbeddedStore(built, read_only=True)).model_dump_json())
    assert httpx.get(f"{url}/ask", params={"q": question}).json() == expected
    assert httpx.post(f"{url}/ask", json={"question": question}).json() == expected
    assert "Kestrel Partners" in expected["answer"]


def test_health(url: str):
    response = httpx.get(f"{url}/health")
    assert response.status_code == 200 and response.json()["status"] == "ok"


@pytest.mark.parametrize(
    ("method", "path", "kwargs", "status", "reason"),
    [
        ("GET", "/query", {"params": {"query": "SELECT ?x WHERE {"}}, 400, "error at 1:"),
        ("GET", "/query", {"params": {"query": "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"}},
         400, "SERVICE"),
        ("POST", "/query", {"content": "DROP ALL", "headers": {"Content-Type": "application/sparql-query"}}, 400,
         "/update"),
        ("POST", "/query", {"content": "x" * 30_000, "headers": {"Content-Type": "application/sparql-query"}}, 413,
         "limit"),
        ("POST", "/query", {"content": UNITS, "headers": {"Content-Type": "text/plain"}}, 415, "sparql-query"),
        ("POST", "/update", {"content": "DROP ALL", "headers": {"Content-Type": "application/sparql-update"}}, 403,
         "read-only"),
        ("GET", "/nowhere", {}, 404, "no route"),
        ("GET", "/ask", {}, 400, "q="),
        ("POST", "/ask", {"content": b"{not json"}, 400, "JSON"),
    ],
)  # fmt: skip
def test_bad_requests_get_their_reason_and_the_server_goes_on(url: str, method, path, kwargs, status, reason):
    response = httpx.request(method, f"{url}{path}", **kwargs)
    assert response.status_code == status and reason in response.text
    assert rows(httpx.get(f"{url}/query", params={"query": UNITS})) == NAMES


def test_rows_are_capped(url: str):
    response = httpx.get(f"{url}/query", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 50 and response.headers["x-row-limit"] == "50"
    small = httpx.get(f"{url}/query", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert len(small.json()["results"]["bindings"]) == 3 and "x-row-limit" not in small.headers


def test_a_slow_query_hits_the_time_limit_and_fails_no_one_else(url: str):
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    restarts = httpx.get(f"{url}/health").json()["store_restarts"]
    answers: list[int] = []
    done = threading.Event()

    def ordinary() -> None:
        while not done.is_set():
            answers.append(httpx.get(f"{url}/query", params={"query": UNITS}, timeout=60).status_code)

    others = [threading.Thread(target=ordinary) for _ in range(3)]
    for thread in others:
        thread.start()
    try:
        response = httpx.get(f"{url}/query", params={"query": slow}, timeout=60)
    finally:
        done.set()
        for thread in others:
            thread.join()
    assert response.status_code == 503 and "time limit of 2 s" in response.text
    assert answers and set(answers) == {200}, "the other queries all succeeded while the runaway ran and was ended"
    assert httpx.get(f"{url}/health").json()["store_restarts"] == restarts + 1, "its process was ended"
    again = httpx.get(f"{url}/query", params={"query": slow}, timeout=60)
    assert again.status_code == 503 and "refused" in again.text, "a repeated runaway is refused at once"
    assert httpx.get(f"{url}/health").json()["store_restarts"] == restarts + 1
    assert rows(httpx.get(f"{url}/query", params={"query": UNITS})) == NAMES


def _listening_ports(pid: int) -> set[int]:
    """The TCP ports process ``pid`` and all its descendants listen on (read from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    family, stack = set(), [pid]
    while stack:
        current = stack.pop()
        family.add(current)
        stack.extend(children.get(current, []))
    inodes = set()
    for member in family:
        with contextlib.suppress(OSError):
            for link in Path(f"/proc/{member}/fd").iterdir():
                with contextlib.suppress(OSError):
                    target = os.readlink(link)
                    if target.startswith("socket:["):
                        inodes.add(target[8:-1])
    ports = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            parts = line.split()
            if parts[3] == "0A" and parts[9] in inodes:
                ports.add(int(parts[1].rsplit(":", 1)[1], 16))
    return ports


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the listening sockets from Linux's /proc")
def test_no_port_but_the_front_reaches_the_store(built: Path, tmp_path: Path):
    """Every port the server and its children listen on is tried: only the front answers, and it wants the token."""
    store = tmp_path / "store"
    shutil.copytree(built, store)
    insert = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }"
    probe = "ASK { <https://example.org/a> ?p ?o }"
    with probation_server(store, "--updates", env={"PROBATION_GRAPH_TOKEN": "s3cret"}, process=True) as (base, pid):
        front = int(base.rsplit(":", 1)[1])
        ports = _listening_ports(pid)
        assert front in ports
        for port in ports:
            for path in ("/update", "/store", "/query", "/sparql", "/"):
                with contextlib.suppress(httpx.HTTPError):
                    httpx.post(f"http://127.0.0.1:{port}{path}", content=insert, timeout=5,
                               headers={"Content-Type": "application/sparql-update"})  # fmt: skip
                    httpx.post(f"http://127.0.0.1:{port}{path}", data={"update": insert}, timeout=5)
        assert ports == {front}, f"the server listens on more than its own port: {sorted(ports)}"
        check = httpx.get(f"{base}/query", params={"query": probe})
        assert check.json()["boolean"] is False, "nothing was written without the token"


def test_a_lone_surrogate_in_a_question_is_a_bad_request(url: str):
    response = httpx.post(
        f"{url}/ask", content=b'{"question": "Who owns \\ud800 CRC?"}', headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400 and "surrogate" in response.text
    assert httpx.get(f"{url}/health").status_code == 200


def test_writers_refuse_a_served_store(built: Path, tmp_path: Path):
    """`build` and `ingest` refuse while `serve` holds the store, as the README says; and after, they work."""
    store = tmp_path / "store"
    shutil.copytree(built, store)
    with probation_server(store):
        with pytest.raises(StoreError, match="being served"):
            EmbeddedStore(store)
        from .conftest import TINY

        done = subprocess.run(
            [sys.executable, "-m", "probation_graph", "build", "--store", str(store), "--data", str(TINY.parent)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode != 0 and "being served" in done.stderr
    EmbeddedStore(store).close()


def test_sparqlwrapper_reads_json_xml_csv_and_construct(url: str):
    client = SPARQLWrapper(f"{url}/query")
    client.setQuery(UNITS)
    client.setReturnFormat(JSON)
    assert [b["name"]["value"] for b in client.query().convert()["results"]["bindings"]] == NAMES
    client.setReturnFormat(XML)
    assert len(client.query().convert().getElementsByTagName("result")) == 2
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[1:] == NAMES
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(RDFXML)
    graph = client.queryAndConvert()
    assert isinstance(graph, rdflib.Graph) and len(graph) == 2


def test_rdflib_sparqlstore_queries_the_endpoint(url: str):
    graph = rdflib.Graph(store=SPARQLStore(f"{url}/query"))
    assert sorted(str(row.name) for row in graph.query(UNITS)) == NAMES


def test_updates_need_the_token(built: Path, tmp_path: Path):
    store = tmp_path / "store"
    shutil.copytree(built, store)
    insert = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }"
    headers = {"Content-Type": "application/sparql-update"}
    with probation_server(store, "--updates", env={"PROBATION_GRAPH_TOKEN": "s3cret"}) as base:
        assert httpx.post(f"{base}/update", content=insert, headers=headers).status_code == 401
        wrong = {**headers, "Authorization": "Bearer guess"}
        assert httpx.post(f"{base}/update", content=insert, headers=wrong).status_code == 401
        right = {**headers, "Authorization": "Bearer s3cret"}
        assert httpx.post(f"{base}/update", content=insert, headers=right).status_code in (200, 204)
        check = httpx.get(f"{base}/query", params={"query": "ASK { <https://example.org/a> ?p ?o }"})
        assert check.json()["boolean"] is True


def test_updates_without_a_token_refuse_to_start(built: Path):
    with pytest.raises(RuntimeError, match="PROBATION_GRAPH_TOKEN") as refused, probation_server(built, "--updates"):
        pass
    assert "serving on" not in str(refused.value), "it refuses before it says it is serving"
