"""The graph over HTTP: a SPARQL 1.1 endpoint, the question API, a query page and a health check.

``serve`` starts the real Oxigraph server (PyPI ``oxigraph``) on a private loopback port over the
store, or uses the remote endpoint of ``PROBATION_GRAPH_ENDPOINT``, and puts in front of it a small
ASGI application that adds what a public endpoint needs and Oxigraph lacks:

- ``/query``: the SPARQL 1.1 Protocol (GET, POST ``application/sparql-query``, form-encoded;
  ``default-graph-uri``/``named-graph-uri``; results by content negotiation, from Oxigraph),
  with a row cap, a time limit, SERVICE refused unless enabled, updates refused, bodies capped;
  without a query it returns the service description;
- ``/update``: only with updates enabled, and then only with the bearer token;
- ``/ask``: a question in plain English, answered as ``probation-graph ask --json`` does;
- ``/``: a query page (YASGUI) with the example queries of ``ontology/examples.ttl``;
- ``/health``: whether the store answers.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import aiohttp
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from .config import Settings, get_settings
from .errors import ConfigError, StoreError
from .examples import examples
from .nlq import ask
from .processes import die_with_parent
from .remote import EndpointStore, endpoint_store
from .sparql import cap_rows, declare_prefixes, form, unshift_lines, uses_service

UPDATE_FORMS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
YASGUI_CDN = "https://cdn.jsdelivr.net/npm/@zazuko/yasgui@4/build/"
ASSETS = ("yasgui.min.js", "yasgui.min.css", "logo.svg")
BACKEND_CONNECTIONS = 4 * (os.cpu_count() or 2)
"""Most requests in flight to the backend at once: Oxigraph's server runs a thread per connection, and
more connections than it has cores to serve them only add threads (and, under load, failed spawns)."""


Params = list[tuple[str, str]]


@dataclass(frozen=True)
class Backend:
    """The SPARQL endpoint behind the server: its query URL, and its update URL when updates are on."""

    query_url: str
    update_url: str | None = None
    headers: tuple[tuple[str, str], ...] = ()
    """Credentials for the backend, as HTTP headers (``Authorization``)."""


@dataclass(frozen=True)
class Limits:
    """What every request is held to."""

    row_limit: int = 10_000
    query_timeout: float = 30.0
    max_body_bytes: int = 1_000_000
    allow_service: bool = False
    updates: bool = False
    token: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings, *, updates: bool = False, allow_service: bool | None = None) -> Limits:
        """The limits the settings give (``updates`` needs ``PROBATION_GRAPH_TOKEN``)."""
        if updates and not settings.token:
            raise ConfigError("updates need a token: set PROBATION_GRAPH_TOKEN (clients send it as a bearer token)")
        return cls(
            row_limit=settings.query_limit,
            query_timeout=settings.query_timeout,
            max_body_bytes=settings.max_body_bytes,
            allow_service=settings.allow_service if allow_service is None else allow_service,
            updates=updates,
            token=settings.token,
        )


def _problem(status: int, message: str, **headers: str) -> PlainTextResponse:
    """A plain-text error response: the reason, on one line."""
    return PlainTextResponse(message + "\n", status_code=status, headers=headers)


async def _body(request: Request, limit: int) -> bytes:
    """The request body, or HTTP 413 as soon as it is larger than ``limit`` bytes."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"the request body is larger than the limit of {limit:,} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(413, f"the request body is larger than the limit of {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _operation(request: Request, limits: Limits, field: str) -> tuple[str | None, Params]:
    """The query (or update) text of a SPARQL Protocol request, and its graph parameters."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k in ("default-graph-uri", "named-graph-uri",
              "using-graph-uri", "using-named-graph-uri")]  # fmt: skip
    if request.method == "GET":
        return request.query_params.get(field), params
    body = await _body(request, limits.max_body_bytes)
    kind = _media_type(request)
    if kind == f"application/sparql-{field}":
        try:
            return body.decode("utf-8"), params
        except UnicodeDecodeError as exc:
            raise HTTPException(400, f"the {field} is not UTF-8 text") from exc
    if kind == "application/x-www-form-urlencoded":
        form_fields = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        graphs = [(k, v) for k in ("default-graph-uri", "named-graph-uri", "using-graph-uri", "using-named-graph-uri")
                  for v in form_fields.get(k, [])]  # fmt: skip
        values = form_fields.get(field)
        return (values[0] if values else None), params + graphs
    raise HTTPException(
        415, f"send the {field} as application/sparql-{field} or application/x-www-form-urlencoded, not {kind or '?'}"
    )


class Endpoint:
    """The ASGI application, bound to a backend endpoint, its limits and a store for questions."""

    def __init__(
        self,
        backend: Backend,
        limits: Limits,
        store: EndpointStore | None = None,
        process: OxigraphProcess | None = None,
    ) -> None:
        self.backend = backend
        self.limits = limits
        self.process = process
        self._restarting: asyncio.Task[None] | None = None
        self.store = store or EndpointStore(backend.query_url, timeout=limits.query_timeout + 5)
        self.session: aiohttp.ClientSession | None = None
        routes = [
            Route("/", self.page),
            Route("/query", self.query, methods=["GET", "POST"]),
            Route("/sparql", self.query, methods=["GET", "POST"]),
            Route("/update", self.update, methods=["POST"]),
            Route("/ask", self.ask, methods=["GET", "POST"]),
            Route("/health", self.health),
            Route("/examples", self.examples),
            *(Route(f"/{name}", self.asset) for name in ASSETS),
        ]
        self.app = Starlette(
            routes=routes,
            lifespan=self.lifespan,
            exception_handlers={HTTPException: self.http_error, 404: self.not_found},  # type: ignore[dict-item]
        )

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        """One pool of keep-alive connections to the backend for the server's lifetime."""
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=BACKEND_CONNECTIONS, keepalive_timeout=30), auto_decompress=False
        )
        try:
            yield
        finally:
            await self.session.close()

    async def http_error(self, _request: Request, exc: HTTPException) -> Response:
        """Every refusal as plain text with its reason."""
        return _problem(exc.status_code, str(exc.detail), **(exc.headers or {}))

    async def not_found(self, request: Request, _exc: Exception) -> Response:
        """Unknown routes: 404 naming the routes there are."""
        return _problem(404, f"no route {request.url.path}: try /, /query, /ask, /health or /examples")

    async def _forward(
        self,
        url: str,
        body: str,
        content_type: str,
        accept: str,
        params: list[tuple[str, str]],
        headers: dict[str, str],
    ) -> Response:
        """Send a request to the backend within the time limit and relay its answer."""
        assert self.session is not None
        try:
            async with asyncio.timeout(self.limits.query_timeout):
                async with self.session.post(
                    url, data=body.encode("utf-8"), params=params,
                    headers={**dict(self.backend.headers), "Content-Type": content_type, "Accept": accept},
                ) as reply:  # fmt: skip
                    payload = await reply.read()
                    media = reply.headers.get("Content-Type", "text/plain")
                    status = reply.status
        except TimeoutError:
            self._stop_runaway()
            return _problem(503, f"the query took longer than the time limit of {self.limits.query_timeout:g} s")
        except aiohttp.ClientError as exc:
            return _problem(502, f"the store did not answer: {exc}")
        return Response(payload, status_code=status, headers={"Content-Type": media, **headers})

    def _stop_runaway(self) -> None:
        """Restart the Oxigraph process behind us (once at a time), ending the query that overran."""
        if self.process is None or (self._restarting is not None and not self._restarting.done()):
            return
        self._restarting = asyncio.create_task(asyncio.to_thread(self.process.restart))

    async def query(self, request: Request) -> Response:
        """The SPARQL 1.1 query operation, held to the limits."""
        sparql, params = await _operation(request, self.limits, "query")
        if sparql is None:
            return await self.description(request)
        operation = form(sparql)
        if operation in UPDATE_FORMS:
            return _problem(400, "this is a SPARQL update: send it to /update (the query endpoint only reads)")
        if not self.limits.allow_service and uses_service(sparql):
            return _problem(400, "SERVICE (federated queries to other endpoints) is not allowed on this endpoint")
        declared = declare_prefixes(sparql)
        capped, changed = cap_rows(declared, self.limits.row_limit)
        headers = {"X-Row-Limit": str(self.limits.row_limit)} if changed else {}
        accept = request.headers.get("accept") or "application/sparql-results+json"
        url = self.backend.query_url
        response = await self._forward(url, capped, "application/sparql-query", accept, params, headers)
        if response.status_code == 400:
            if changed:
                response = await self._forward(url, declared, "application/sparql-query", accept, params, {})
            added = declared.count("\n") - sparql.count("\n")
            return _problem(400, unshift_lines(bytes(response.body).decode(errors="replace").strip(), added))
        return response

    async def update(self, request: Request) -> Response:
        """The SPARQL 1.1 update operation: only when enabled, and only with the bearer token."""
        if not self.limits.updates or self.backend.update_url is None:
            return _problem(403, "this endpoint is read-only (start it with `probation-graph serve --updates`)")
        given = request.headers.get("authorization", "")
        expected = f"Bearer {self.limits.token}"
        if not secrets.compare_digest(given.encode(), expected.encode()):
            return _problem(
                401, "updates need the bearer token", **{"WWW-Authenticate": 'Bearer realm="probation-graph"'}
            )
        sparql, params = await _operation(request, self.limits, "update")
        if not sparql:
            return _problem(400, "no update given")
        if not self.limits.allow_service and uses_service(sparql):
            return _problem(400, "SERVICE (federated queries to other endpoints) is not allowed on this endpoint")
        response = await self._forward(self.backend.update_url, sparql, "application/sparql-update", "*/*", params, {})
        self.store.version += 1
        return response

    async def description(self, request: Request) -> Response:
        """The SPARQL service description of this endpoint (from the backend's, with this address)."""
        assert self.session is not None
        headers = {**dict(self.backend.headers), "Accept": "application/n-triples"}
        async with self.session.get(self.backend.query_url, headers=headers) as reply:
            data = await reply.read()
        public = str(request.url.replace(query="", fragment=""))
        federation = "http://www.w3.org/ns/sparql-service-description#BasicFederatedQuery"
        quads = []
        for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            if (
                not self.limits.allow_service
                and isinstance(quad.object, ox.NamedNode)
                and quad.object.value == federation
            ):
                continue
            obj = ox.NamedNode(public) if quad.predicate.value.endswith("#endpoint") else quad.object
            quads.append(ox.Triple(quad.subject, quad.predicate, obj))
        wanted = request.headers.get("accept", "")
        rdf_format = next(
            (f for f in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD) if f.media_type in wanted),
            ox.RdfFormat.TURTLE,
        )
        body = ox.serialize(
            quads, format=rdf_format, prefixes={"sd": "http://www.w3.org/ns/sparql-service-description#"}
        )
        return Response(bytes(body or b""), media_type=rdf_format.media_type)

    async def ask(self, request: Request) -> Response:
        """A question in plain English: the JSON object of ``probation-graph ask --json``."""
        if request.method == "GET":
            question = request.query_params.get("q") or request.query_params.get("question")
        else:
            body = await _body(request, self.limits.max_body_bytes)
            try:
                payload: Any = json.loads(body or b"{}")
            except json.JSONDecodeError as exc:
                return _problem(400, f"the body is not JSON: {exc.msg}")
            question = payload.get("question") if isinstance(payload, dict) else None
        if not question or not str(question).strip():
            return _problem(400, 'ask with ?q=... or a JSON body {"question": "..."}')
        try:
            answer = await asyncio.wait_for(
                run_in_threadpool(ask, str(question), self.store), timeout=self.limits.query_timeout
            )
        except TimeoutError:
            return _problem(503, f"the question took longer than the time limit of {self.limits.query_timeout:g} s")
        except StoreError as exc:
            return _problem(502, str(exc))
        return Response(answer.model_dump_json(), media_type="application/json")

    async def health(self, _request: Request) -> Response:
        """200 when the store answers a trivial query, 503 otherwise."""
        assert self.session is not None
        started = time.perf_counter()
        try:
            async with asyncio.timeout(5):
                async with self.session.post(
                    self.backend.query_url, data=b"ASK {}",
                    headers={**dict(self.backend.headers), "Content-Type": "application/sparql-query",
                             "Accept": "application/sparql-results+json"},
                ) as reply:  # fmt: skip
                    ok = reply.status == 200
        except (TimeoutError, aiohttp.ClientError):
            ok = False
        body: dict[str, Any] = {
            "status": "ok" if ok else "unavailable",
            "store_ms": round(1000 * (time.perf_counter() - started), 1),
        }
        if self.process is not None:
            body["store_restarts"] = self.process.restarts
        return JSONResponse(body, status_code=200 if ok else 503)

    async def examples(self, _request: Request) -> Response:
        """The example questions and their SPARQL."""
        return JSONResponse(
            [{"id": e.id, "label": e.label, "question": e.question, "sparql": e.sparql} for e in examples()]
        )

    async def asset(self, request: Request) -> Response:
        """The query page's YASGUI files, from the backend when it has them, else from a CDN."""
        assert self.session is not None
        name = request.url.path.lstrip("/")
        base = self.backend.query_url.rsplit("/", 1)[0]
        with contextlib.suppress(aiohttp.ClientError, TimeoutError):
            async with asyncio.timeout(5), self.session.get(f"{base}/{name}") as reply:
                if reply.status == 200:
                    return Response(await reply.read(), media_type=reply.headers.get("Content-Type"))
        return RedirectResponse(YASGUI_CDN + name)

    async def page(self, _request: Request) -> Response:
        """The query page, with a tab per example query."""
        return HTMLResponse(query_page(self.limits))


def query_page(limits: Limits) -> str:
    """An HTML page with YASGUI on /query and one tab per example of ``ontology/examples.ttl``."""
    tabs = [{"name": e.label, "query": e.sparql} for e in examples()]
    notes = (
        ("Updates need the bearer token" if limits.updates else "Read-only")
        + f" · at most {limits.row_limit:,} rows and {limits.query_timeout:g} s per query"
        + ("" if limits.allow_service else " · no SERVICE")
        + " · questions in plain English: <code>/ask?q=…</code>"
    )
    config = json.dumps(tabs).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>probation_graph SPARQL endpoint</title>
<link href="./yasgui.min.css" rel="stylesheet" type="text/css"><script src="./yasgui.min.js"></script>
<style>body{{font-family:system-ui,sans-serif;margin:0 1.5rem}} header p{{color:#555;margin:.2rem 0 1rem}}</style>
</head><body><header><h1>probation_graph</h1><p>{notes}</p></header>
<div id="yasgui"></div>
<script>
const examples = {config};
const endpoint = new URL("query", window.location.href).href;
const yasgui = new Yasgui(document.getElementById("yasgui"), {{
  requestConfig: {{ endpoint: endpoint, method: "POST" }}, copyEndpointOnNewTab: true, persistenceId: null
}});
const first = yasgui.getTab();
examples.forEach((example, index) => {{
  if (index === 0) {{ first.setName(example.name); first.setQuery(example.query); }}
  else {{ yasgui.addTab(false, {{ name: example.name, yasqe: {{ value: example.query }} }}); }}
}});
</script></body></html>"""


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def oxigraph_binary() -> str:
    """The ``oxigraph`` command (PyPI ``oxigraph``), next to this Python or on the PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise ConfigError("the Oxigraph server is not installed: pip install oxigraph")
    return found


class OxigraphProcess:
    """``oxigraph serve-read-only`` (or ``serve`` with updates) over a store, on a private loopback port.

    Oxigraph's own ``--timeout-s`` is not used: it starts a thread per query, and under sustained
    concurrent load (``bench/load_endpoint.py``) thread creation failed and the server stopped. The
    front keeps the time limit instead, and since Oxigraph cannot cancel a query over HTTP, the
    front restarts this process when a query overruns, so a runaway query does not keep a core.
    """

    def __init__(self, store: Path, *, updates: bool = False) -> None:
        if not store.is_dir():
            raise StoreError(f"no store at {store}: run `probation-graph build` first")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.command = [oxigraph_binary(), "serve" if updates else "serve-read-only", "--location", str(store),
                        "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"]  # fmt: skip
        self.updates = updates
        self.restarts = 0
        self._lock = threading.Lock()
        self._process = self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        with tempfile.TemporaryFile() as log:  # the child keeps writing to it; read only if it fails to start
            process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=log, preexec_fn=die_with_parent)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                if process.poll() is not None:
                    log.seek(0)
                    lines = log.read().decode(errors="replace").strip().splitlines()
                    raise StoreError(f"the Oxigraph server stopped: {lines[-1] if lines else process.returncode}")
                with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return process
                time.sleep(0.05)
            process.kill()
            raise StoreError("the Oxigraph server did not start within 30 s")

    @property
    def backend(self) -> Backend:
        """Where the front sends queries (and updates)."""
        return Backend(f"{self.base}/query", f"{self.base}/update" if self.updates else None)

    def restart(self) -> None:
        """Stop the server (and whatever query it is stuck in) and start it again on the same port."""
        with self._lock:
            self._stop()
            self._process = self._start()
            self.restarts += 1

    def _stop(self) -> None:
        self._process.terminate()
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def close(self) -> None:
        """Stop the server."""
        with self._lock:
            self._stop()


@contextlib.contextmanager
def oxigraph_server(store: Path, *, updates: bool = False) -> Iterator[OxigraphProcess]:
    """An :class:`OxigraphProcess` for the duration of the block."""
    process = OxigraphProcess(store, updates=updates)
    try:
        yield process
    finally:
        process.close()


def _credentials(settings: Settings) -> tuple[tuple[str, str], ...]:
    """The Authorization header for the remote endpoint of the settings, if it needs one."""
    if settings.endpoint_token:
        return (("Authorization", f"Bearer {settings.endpoint_token}"),)
    if settings.endpoint_user:
        pair = f"{settings.endpoint_user}:{settings.endpoint_password or ''}".encode()
        return (("Authorization", "Basic " + base64.b64encode(pair).decode()),)
    return ()


def serve(
    host: str = "127.0.0.1",
    port: int = 7878,
    *,
    settings: Settings | None = None,
    updates: bool = False,
    allow_service: bool | None = None,
    log_level: str = "info",
) -> None:
    """Serve the configured store (embedded, through Oxigraph, or a remote endpoint) until interrupted."""
    import uvicorn

    settings = settings or get_settings()
    limits = Limits.from_settings(settings, updates=updates, allow_service=allow_service)
    with contextlib.ExitStack() as stack:
        if settings.endpoint:
            backend = Backend(settings.endpoint, settings.update_endpoint if updates else None, _credentials(settings))
            store, restart = endpoint_store(settings, read_only=True), None
        else:
            oxigraph = stack.enter_context(oxigraph_server(settings.store, updates=updates))
            backend, store, restart = oxigraph.backend, None, oxigraph
        endpoint = Endpoint(backend, limits, store, restart)
        uvicorn.run(
            endpoint.app, host=host, port=port, log_level=log_level, access_log=False, timeout_graceful_shutdown=5
        )


__all__ = ["Backend", "Endpoint", "Limits", "OxigraphProcess", "oxigraph_server", "query_page", "serve"]
