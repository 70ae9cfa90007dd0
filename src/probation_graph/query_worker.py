"""One query process of `probation-graph serve`: it holds the store open and runs one request at a time.

The server starts it by path (``python -P query_worker.py STORE MODE``), not as part of the
package, so it loads nothing but pyoxigraph. It reads one request per line on standard input (a
JSON object) and writes each reply as a JSON header line followed by the body's bytes. There is no
socket: nothing but the server that started it can reach the store through it, and the server ends
it (and only it) when a query runs over the time limit.

A request is ``{"op": "query" | "update", "text": ..., "accept": ..., "default": [...], "named": [...]}``;
a reply header is ``{"status": 200, "media": ..., "length": n}``.
"""

from __future__ import annotations

import json
import sys
from typing import Any, BinaryIO

import pyoxigraph as ox

RESULT_MEDIA = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
GRAPH_MEDIA = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
}


def negotiate(accept: str, offered: dict[str, Any], default: str) -> str | None:
    """The media type of ``offered`` the Accept header prefers; ``None`` when it accepts none of them."""
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranked.append((-quality, index, media.lower()))
    if not ranked:
        return default
    for _quality, _index, media in sorted(ranked):
        if media in offered:
            return media
        if media in ("*/*", f"{default.split('/')[0]}/*", "application/*"):
            return default
    return None


def _graphs(names: list[str]) -> list[ox.NamedNode | ox.BlankNode]:
    return [ox.NamedNode(name) for name in names]


def run(store: ox.Store, request: dict[str, Any]) -> tuple[int, str, bytes]:
    """Run one request: the HTTP status, the media type and the body of its reply."""
    text = str(request.get("text", ""))
    try:
        if request.get("op") == "update":
            store.update(text)
            return 204, "text/plain", b""
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [*_graphs(request.get("default") or [])]
        named = _graphs(request.get("named") or [])
        result = store.query(
            text, use_default_graph_as_union=not default, default_graph=default or None, named_graphs=named or None
        )
    except SyntaxError as exc:
        return 400, "text/plain", str(exc).encode()
    except (OSError, RuntimeError, ValueError) as exc:
        return 500, "text/plain", str(exc).encode()
    accept = str(request.get("accept") or "*/*")
    if isinstance(result, ox.QueryTriples):
        media = negotiate(accept, GRAPH_MEDIA, "text/turtle")
        if media is None:
            return 406, "text/plain", f"cannot give a graph as {accept}: try text/turtle".encode()
        return 200, media, bytes(result.serialize(format=GRAPH_MEDIA[media]) or b"")
    media = negotiate(accept, RESULT_MEDIA, "application/sparql-results+json")
    if media is None:
        return 406, "text/plain", f"cannot give results as {accept}: try application/sparql-results+json".encode()
    return 200, media, bytes(result.serialize(format=RESULT_MEDIA[media]) or b"")


def serve(store: ox.Store, requests: BinaryIO, replies: BinaryIO) -> None:
    """Answer requests until standard input closes."""
    for line in requests:
        try:
            request = json.loads(line)
        except ValueError:
            status, media, body = 400, "text/plain", b"the request is not JSON"
        else:
            status, media, body = run(store, request)
        replies.write(json.dumps({"status": status, "media": media, "length": len(body)}).encode() + b"\n" + body)
        replies.flush()


def main() -> None:
    """Open the store named on the command line and serve requests on standard input and output."""
    location, mode = sys.argv[1], sys.argv[2]
    try:
        store = ox.Store(location) if mode == "read-write" else ox.Store.read_only(location)
    except OSError as exc:
        sys.stdout.buffer.write(json.dumps({"status": 500, "error": str(exc)}).encode() + b"\n")
        sys.stdout.buffer.flush()
        sys.exit(1)
    sys.stdout.buffer.write(json.dumps({"status": 200, "ready": True}).encode() + b"\n")
    sys.stdout.buffer.flush()
    try:
        serve(store, sys.stdin.buffer, sys.stdout.buffer)
    finally:
        if mode == "read-write":
            store.flush()


if __name__ == "__main__":
    main()
