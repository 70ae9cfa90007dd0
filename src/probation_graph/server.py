"""The graph over HTTP: a SPARQL 1.1 endpoint, the question API, a query page and a health check.

``serve`` runs queries in processes it owns over the embedded store (:mod:`.pool`: no port but its
own, a runaway query ends only the process running it), or forwards them to the remote endpoint of
``PROBATION_GRAPH_ENDPOINT``. Every request passes the same checks before it reaches the store:

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
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import aiohttp
import httpx
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from .config import Settings, get_settings
from .errors import ConfigError, QueryError, StoreError
from .examples import examples
from .locks import serving
from .nlq import ask
from .pool import Overrun, QueryPool, Reply
from .processes import die_with_parent
from .remote import EndpointStore, endpoint_store
from .sparql import calls_service, cap_rows, declare_prefixes, form, mentions_service, unshift_lines

UPDATE_FORMS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})
YASGUI_CDN = "https://cdn.jsdelivr.net/npm/@zazuko/yasgui@4/build/"
ASSETS = ("yasgui.min.js", "yasgui.min.css", "logo.svg")
BACKEND_CONNECTIONS = 4 * (os.cpu_count() or 2)
"""Most requests in flight to a remote backend at once."""
SERVICE_REFUSED = (
    "SERVICE (federated queries to other endpoints) is not allowed on this endpoint "
    "(start it with PROBATION_GRAPH_ALLOW_SERVICE=1 to allow it)"
)


Params = list[tuple[str, str]]


@dataclass(frozen=True)
class Backend:
    """A remote SPARQL endpoint behind the server: its query URL, and its update URL when updates are on."""

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


class PoolTransport(httpx.BaseTransport):
    """An httpx transport that sends SPARQL Protocol requests to the query processes (for /ask's store)."""

    def __init__(self, pool: QueryPool, loop: asyncio.AbstractEventLoop) -> None:
        self.pool = pool
        self.loop = loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Run the form-encoded ``query=`` of ``request`` on the pool, from a thread outside the event loop."""
        fields = parse_qs(request.read().decode("utf-8"), keep_blank_values=True)
        payload = {"op": "query", "text": fields.get("query", [""])[0], "accept": request.headers.get("accept", "")}
        try:
            reply = asyncio.run_coroutine_threadsafe(self.pool.run(payload), self.loop).result()
        except Overrun as exc:
            raise httpx.ReadTimeout(exc.message, request=request) from exc
        return httpx.Response(reply.status, headers={"Content-Type": reply.media}, content=reply.body)


class Endpoint:
    """The ASGI application: the checks of ``limits`` in front of the query processes or a remote backend."""

    def __init__(
        self,
        backend: Backend | QueryPool,
        limits: Limits,
        store: EndpointStore | None = None,
        assets: dict[str, tuple[str, bytes]] | None = None,
    ) -> None:
        self.pool = backend if isinstance(backend, QueryPool) else None
        self.backend = backend if isinstance(backend, Backend) else None
        self.limits = limits
        self.assets = assets or {}
        self._store = store
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

    @property
    def store(self) -> EndpointStore:
        """The store questions are answered from: the same processes (or backend) as /query."""
        if self._store is None:
            if self.pool is not None:
                transport = PoolTransport(self.pool, asyncio.get_running_loop())
                self._store = EndpointStore("http://query-processes/query", transport=transport)
            else:
                assert self.backend is not None
                self._store = EndpointStore(self.backend.query_url, timeout=self.limits.query_timeout + 5)
        return self._store

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Starlette) -> AsyncIterator[None]:
        """The query processes (or a pool of connections to the remote backend) for the server's lifetime."""
        self.session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=BACKEND_CONNECTIONS, keepalive_timeout=30), auto_decompress=False
        )
        try:
            if self.pool is not None:
                await self.pool.start()
            _ = self.store
            yield
        finally:
            await self.session.close()
            if self.pool is not None:
                await self.pool.close()

    async def http_error(self, _request: Request, exc: HTTPException) -> Response:
        """Every refusal as plain text with its reason."""
        return _problem(exc.status_code, str(exc.detail), **(exc.headers or {}))

    async def not_found(self, request: Request, _exc: Exception) -> Response:
        """Unknown routes: 404 naming the routes there are."""
        return _problem(404, f"no route {request.url.path}: try /, /query, /ask, /health or /examples")

    async def _run(self, op: str, text: str, accept: str, params: Params, headers: dict[str, str]) -> Response:
        """Run a query or an update on the processes (or the remote backend) within the time limit."""
        if self.pool is not None:
            payload: dict[str, object] = {
                "op": op, "text": text, "accept": accept,
                "default": [v for k, v in params if k in ("default-graph-uri", "using-graph-uri")],
                "named": [v for k, v in params if k in ("named-graph-uri", "using-named-graph-uri")],
            }  # fmt: skip
            try:
                reply = await self.pool.run(payload)
            except Overrun as exc:
                return _problem(503, exc.message, **{"Retry-After": "60"})
            except StoreError as exc:
                return _problem(502, str(exc))
            return _reply(reply, headers)
        assert self.backend is not None
        url = self.backend.update_url if op == "update" else self.backend.query_url
        assert url is not None
        media = f"application/sparql-{op}"
        return await self._forward(url, text, media, accept if op == "query" else "*/*", params, headers)

    async def _forward(
        self,
        url: str,
        body: str,
        content_type: str,
        accept: str,
        params: list[tuple[str, str]],
        headers: dict[str, str],
    ) -> Response:
        """Send a request to the remote backend within the time limit and relay its answer."""
        assert self.session is not None and self.backend is not None
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
            return _problem(503, f"the query took longer than the time limit of {self.limits.query_timeout:g} s")
        except aiohttp.ClientError as exc:
            return _problem(502, f"the store did not answer: {exc}")
        return Response(payload, status_code=status, headers={"Content-Type": media, **headers})

    async def _refuses_service(self, sparql: str) -> bool:
        """Whether ``sparql`` calls another endpoint where that is not allowed (parsed off the event loop)."""
        if self.limits.allow_service or not mentions_service(sparql):
            return False
        return await run_in_threadpool(calls_service, sparql)

    async def query(self, request: Request) -> Response:
        """The SPARQL 1.1 query operation, held to the limits."""
        sparql, params = await _operation(request, self.limits, "query")
        if sparql is None:
            return await self.description(request)
        operation = form(sparql)
        if operation in UPDATE_FORMS:
            return _problem(400, "this is a SPARQL update: send it to /update (the query endpoint only reads)")
        if await self._refuses_service(sparql):
            return _problem(400, SERVICE_REFUSED)
        declared = declare_prefixes(sparql)
        capped, changed = cap_rows(declared, self.limits.row_limit)
        headers = {"X-Row-Limit": str(self.limits.row_limit)} if changed else {}
        accept = request.headers.get("accept") or "application/sparql-results+json"
        response = await self._run("query", capped, accept, params, headers)
        if response.status_code == 400:
            if changed:
                response = await self._run("query", declared, accept, params, {})
            added = declared.count("\n") - sparql.count("\n")
            return _problem(400, unshift_lines(bytes(response.body).decode(errors="replace").strip(), added))
        return response

    async def update(self, request: Request) -> Response:
        """The SPARQL 1.1 update operation: only when enabled, and only with the bearer token."""
        if not self.limits.updates or (self.backend is not None and self.backend.update_url is None):
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
        if await self._refuses_service(sparql):
            return _problem(400, SERVICE_REFUSED)
        response = await self._run("update", sparql, "*/*", params, {})
        self.store.version += 1
        return response

    async def description(self, request: Request) -> Response:
        """The SPARQL service description of this endpoint."""
        public = str(request.url.replace(query="", fragment=""))
        wanted = request.headers.get("accept", "")
        rdf_format = next(
            (f for f in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD) if f.media_type in wanted),
            ox.RdfFormat.TURTLE,
        )
        body = ox.serialize(
            service_description(public, self.limits),
            format=rdf_format,
            prefixes={"sd": SD},
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
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                return _problem(400, f"the body is not JSON: {exc}")
            question = payload.get("question") if isinstance(payload, dict) else None
        if not isinstance(question, str) or not question.strip():
            return _problem(400, 'ask with ?q=... or a JSON body {"question": "..."} (the question as text)')
        if not _is_text(question):
            return _problem(400, "the question is not valid Unicode text (it holds a lone surrogate)")
        try:
            answer = await asyncio.wait_for(
                run_in_threadpool(ask, question, self.store), timeout=self.limits.query_timeout
            )
        except TimeoutError:
            return _problem(503, f"the question took longer than the time limit of {self.limits.query_timeout:g} s")
        except QueryError as exc:
            return _problem(400, str(exc))
        except StoreError as exc:
            return _problem(502, str(exc))
        return Response(answer.model_dump_json(), media_type="application/json")

    async def health(self, _request: Request) -> Response:
        """200 when the store answers a trivial query, 503 otherwise."""
        started = time.perf_counter()
        if self.pool is not None:
            try:
                async with asyncio.timeout(5):
                    ok = (await self.pool.run({"op": "query", "text": "ASK {}", "accept": "*/*"})).status == 200
            except (TimeoutError, Overrun, StoreError):
                ok = False
        else:
            ok = await self._remote_health()
        body: dict[str, Any] = {
            "status": "ok" if ok else "unavailable",
            "store_ms": round(1000 * (time.perf_counter() - started), 1),
        }
        if self.pool is not None:
            body["store_restarts"] = self.pool.restarts
        return JSONResponse(body, status_code=200 if ok else 503)

    async def _remote_health(self) -> bool:
        assert self.session is not None and self.backend is not None
        try:
            async with asyncio.timeout(5):
                async with self.session.post(
                    self.backend.query_url, data=b"ASK {}",
                    headers={**dict(self.backend.headers), "Content-Type": "application/sparql-query",
                             "Accept": "application/sparql-results+json"},
                ) as reply:  # fmt: skip
                    return reply.status == 200
        except (TimeoutError, aiohttp.ClientError):
            return False

    async def examples(self, _request: Request) -> Response:
        """The example questions and their SPARQL."""
        return JSONResponse(
            [{"id": e.id, "label": e.label, "question": e.question, "sparql": e.sparql} for e in examples()]
        )

    async def asset(self, request: Request) -> Response:
        """The query page's YASGUI files: those Oxigraph ships (read when the server started), else from a CDN."""
        name = request.url.path.lstrip("/")
        if name in self.assets:
            media, data = self.assets[name]
            return Response(data, media_type=media)
        return RedirectResponse(YASGUI_CDN + name)

    async def page(self, _request: Request) -> Response:
        """The query page, with a tab per example query."""
        return HTMLResponse(query_page(self.limits))


SD = "http://www.w3.org/ns/sparql-service-description#"


def service_description(url: str, limits: Limits) -> list[ox.Triple]:
    """The SPARQL 1.1 service description of the endpoint at ``url``."""
    service = ox.BlankNode()
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples = [
        ox.Triple(service, a, ox.NamedNode(SD + "Service")),
        ox.Triple(service, ox.NamedNode(SD + "endpoint"), ox.NamedNode(url)),
        ox.Triple(service, ox.NamedNode(SD + "supportedLanguage"), ox.NamedNode(SD + "SPARQL11Query")),
        ox.Triple(service, ox.NamedNode(SD + "feature"), ox.NamedNode(SD + "UnionDefaultGraph")),
    ]
    if limits.updates:
        triples.append(ox.Triple(service, ox.NamedNode(SD + "supportedLanguage"), ox.NamedNode(SD + "SPARQL11Update")))
    if limits.allow_service:
        triples.append(ox.Triple(service, ox.NamedNode(SD + "feature"), ox.NamedNode(SD + "BasicFederatedQuery")))
    formats = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
               "N-Triples", "RDF_XML", "JSON-LD")  # fmt: skip
    triples.extend(
        ox.Triple(service, ox.NamedNode(SD + "resultFormat"), ox.NamedNode(f"http://www.w3.org/ns/formats/{name}"))
        for name in formats
    )
    return triples


def _reply(reply: Reply, headers: dict[str, str]) -> Response:
    return Response(reply.body, status_code=reply.status, headers={"Content-Type": reply.media, **headers})


def _is_text(value: str) -> bool:
    """False when ``value`` holds a lone surrogate (it cannot be written as UTF-8)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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


def yasgui_assets() -> dict[str, tuple[str, bytes]]:
    """The YASGUI files the Oxigraph server ships, read from a short-lived in-memory Oxigraph (empty, not the store).

    Empty when the ``oxigraph`` command is missing or does not answer: the page then loads them from a CDN.
    """
    try:
        command = oxigraph_binary()
    except ConfigError:
        return {}
    port = free_port()
    found: dict[str, tuple[str, bytes]] = {}
    process = subprocess.Popen(
        [command, "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=die_with_parent,
    )  # fmt: skip
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=2) as client:
            deadline = time.monotonic() + 10
            while not found and time.monotonic() < deadline and process.poll() is None:
                for name in ASSETS:
                    with contextlib.suppress(httpx.HTTPError):
                        reply = client.get(f"/{name}")
                        if reply.status_code == 200:
                            found[name] = (reply.headers.get("content-type", "application/octet-stream"), reply.content)
                if not found:
                    time.sleep(0.05)
    finally:
        process.kill()
        process.wait()
    return found


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
    ready: Callable[[], None] | None = None,
) -> None:
    """Serve the configured store (embedded, through query processes, or a remote endpoint) until interrupted.

    The embedded store is marked as served for the server's lifetime, so `build` and `ingest` refuse to
    write to it meanwhile (the server would go on answering from what it opened). ``ready`` is called
    once every check has passed, just before the server starts listening.
    """
    import uvicorn

    settings = settings or get_settings()
    limits = Limits.from_settings(settings, updates=updates, allow_service=allow_service)
    with contextlib.ExitStack() as stack:
        backend: Backend | QueryPool
        if settings.endpoint:
            backend = Backend(settings.endpoint, settings.update_endpoint if updates else None, _credentials(settings))
            store: EndpointStore | None = endpoint_store(settings, read_only=True)
        else:
            if not settings.store.is_dir():
                raise StoreError(f"no store at {settings.store}: run `probation-graph build` first")
            stack.enter_context(serving(settings.store))
            backend = QueryPool(
                settings.store,
                size=settings.query_workers,
                updates=updates,
                timeout=limits.query_timeout,
                cooldown=settings.runaway_cooldown,
            )
            store = None
        endpoint = Endpoint(backend, limits, store, yasgui_assets())
        if ready is not None:
            ready()
        uvicorn.run(
            endpoint.app, host=host, port=port, log_level=log_level, access_log=False, timeout_graceful_shutdown=5
        )


__all__ = ["Backend", "Endpoint", "Limits", "query_page", "serve", "service_description"]
