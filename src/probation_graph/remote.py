"""A store on any SPARQL 1.1 endpoint: the same :class:`~probation_graph.store.Store` over HTTP.

Queries go to the query URL by the SPARQL 1.1 Protocol (results read by pyoxigraph's parsers);
writes go to the update URL as the same single SPARQL update the embedded store runs, so a
server that applies an update in one transaction (Oxigraph, Fuseki, GraphDB) replaces a document
atomically. The endpoint's default graph must be the union of its named graphs (Oxigraph
``--union-default-graph``, Fuseki ``unionDefaultGraph``; Virtuoso, GraphDB and Neptune do so by
default), as the embedded store's is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import httpx
import pyoxigraph as ox

from .config import Settings
from .errors import QueryError, StoreError
from .namespaces import GRAPH_ENTITIES, GRAPH_NAMESPACE
from .sparql import declare_prefixes, form, unshift_lines
from .store import (
    DATASET_FORMATS,
    RDF_FORMATS,
    RdfFormatName,
    Result,
    _prefix_map,
    _result,
    drop_update,
    is_update,
    parser_message,
    relink_update,
    replace_update,
)

_OURS = f'FILTER (STRSTARTS(STR(?g), "{GRAPH_NAMESPACE}"))'
"""Keeps the project's graphs (documents, entities, ontology) from the others a shared server holds."""
_ACCEPT = {
    "graph": "application/n-triples",
    "solutions": "application/sparql-results+json",
}


class EndpointStore:
    """The graph on a SPARQL 1.1 endpoint (read-only unless it has an update URL)."""

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        auth: httpx.Auth | tuple[str, str] | None = None,
        token: str | None = None,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        if not query_url.startswith(("http://", "https://")):
            raise StoreError(f"endpoint {query_url!r} is not an http(s) URL")
        self.query_url = query_url
        self.update_url = update_url
        self.read_only = update_url is None
        self.version = 0
        """Incremented by every write through this object, so caches of what it holds can tell they are stale."""
        headers = {"User-Agent": "probation-graph"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._client = httpx.Client(headers=headers, auth=auth, timeout=timeout, transport=transport)

    def __repr__(self) -> str:
        return f"EndpointStore({self.query_url}, update={self.update_url or 'none'})"

    def _post(self, url: str, field: str, text: str, accept: str | None = None) -> httpx.Response:
        """POST one operation form-encoded (``query=`` or ``update=``): the protocol form every server takes."""
        headers = {"Accept": accept} if accept else {}
        try:
            response = self._client.post(url, data={field: text}, headers=headers)
        except httpx.TimeoutException as exc:
            raise StoreError(f"the endpoint {url} did not answer in time") from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the endpoint {url}: {exc}") from exc
        if response.status_code in (401, 403):
            raise StoreError(f"the endpoint {url} refused the credentials (HTTP {response.status_code})")
        return response

    def _results(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean | Iterator[ox.Quad]:
        """Run a query at the endpoint and parse its results with pyoxigraph."""
        if is_update(sparql):
            raise QueryError("this is a SPARQL update; only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are run")
        graph = form(sparql) in ("CONSTRUCT", "DESCRIBE")
        declared = declare_prefixes(sparql)
        response = self._post(self.query_url, "query", declared, _ACCEPT["graph" if graph else "solutions"])
        if response.status_code == 400:
            message = unshift_lines(response.text, declared.count("\n") - sparql.count("\n"))
            raise QueryError(f"SPARQL syntax error: {parser_message(message)}")
        if response.status_code != 200:
            raise StoreError(f"query failed at {self.query_url}: HTTP {response.status_code} {response.text[:200]}")
        try:
            if graph:
                return iter(list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)))
            return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)
        except SyntaxError as exc:
            raise StoreError(f"the endpoint {self.query_url} sent results that cannot be read: {exc}") from exc

    def query(self, sparql: str, *, limit: int | None = None) -> Result:
        """Run a read-only query at the endpoint; a query it rejects raises :class:`QueryError`."""
        results = self._results(sparql)
        if isinstance(results, ox.QuerySolutions | ox.QueryBoolean):
            return _result(results, limit)
        return _result((quad.triple for quad in results), limit)

    def graph_hash(self, graph: str) -> str | None:
        """Return the ``pg:contentHash`` stored in ``graph``, if any."""
        rows = self.query(f"SELECT ?h WHERE {{ GRAPH <{graph}> {{ ?d pg:contentHash ?h }} }} LIMIT 1").rows
        return str(rows[0][0]) if rows and rows[0][0] is not None else None

    def _update(self, sparql: str, what: str) -> None:
        if self.update_url is None:
            raise StoreError(
                f"the endpoint {self.query_url} is open read-only: set PROBATION_GRAPH_UPDATE_ENDPOINT to write to it"
            )
        try:
            response = self._post(self.update_url, "update", sparql)
            if response.status_code not in (200, 204):
                message = parser_message(response.text)
                raise StoreError(f"could not write {what}: HTTP {response.status_code} {message}")
        finally:
            self.version += 1

    def replace_graph(self, graph: str, triples: str, entity_triples: str = "") -> None:
        """Replace ``graph`` and merge entity descriptions in one SPARQL update request."""
        self._update(replace_update(graph, triples, entity_triples), f"graph {graph}")

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph, and the entity descriptions only it mentioned."""
        self._update(drop_update(graph), f"graph {graph}")

    def drop_entities(self) -> None:
        """Empty the shared entities graph (before a whole rebuild writes every description again)."""
        self._update(f"DROP SILENT GRAPH <{GRAPH_ENTITIES}>", "the entities graph")

    def relink(self, old: str, new: str) -> None:
        """Make every statement about node ``old``, in every graph, a statement about ``new`` (one update request)."""
        self._update(relink_update(old, new), f"node {old}")

    def graphs(self) -> list[str]:
        """Return the sorted names of the project's named graphs (the server may hold others)."""
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}").rows
        return sorted(str(g) for (g,) in rows if g is not None)

    def __len__(self) -> int:
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {_OURS} }}").rows
        return int(str(rows[0][0])) if rows else 0

    def dump(self, fmt: RdfFormatName, graph: str | None = None) -> bytes:
        """Serialise the dataset (``nquads``/``trig``), one graph, or the union of all graphs."""
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown RDF format {fmt!r}; use one of {sorted(RDF_FORMATS)}")
        named = f"<{graph}>" if graph else "?g"
        ours = "" if graph else _OURS
        if fmt in DATASET_FORMATS:
            bind = f"BIND ({named} AS ?g)" if graph else ""
            solutions = self._results(f"SELECT ?s ?p ?o ?g WHERE {{ GRAPH {named} {{ ?s ?p ?o }} {bind} {ours} }}")
            assert isinstance(solutions, ox.QuerySolutions)
            quads: Iterable[ox.Quad] = (ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in solutions)
            return bytes(ox.serialize(quads, format=RDF_FORMATS[fmt], prefixes=_prefix_map()) or b"")
        constructed = self._results(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {named} {{ ?s ?p ?o }} {ours} }}")
        assert not isinstance(constructed, ox.QuerySolutions | ox.QueryBoolean)
        triples = (quad.triple for quad in constructed)
        return bytes(ox.serialize(triples, format=RDF_FORMATS[fmt], prefixes=_prefix_map()) or b"")

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()


def endpoint_store(settings: Settings, *, read_only: bool = False) -> EndpointStore:
    """The endpoint the settings name, with their credentials (read-only when asked or without an update URL)."""
    assert settings.endpoint is not None
    auth = (settings.endpoint_user, settings.endpoint_password or "") if settings.endpoint_user else None
    return EndpointStore(
        settings.endpoint,
        None if read_only else settings.update_endpoint,
        auth=auth,
        token=settings.endpoint_token,
        timeout=settings.endpoint_timeout,
    )


__all__ = ["EndpointStore", "endpoint_store"]
