"""The graph out of the store: RDF serialisations, and network formats of a networkx projection."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx

from .errors import ProbationGraphError
from .network import to_plain
from .store import RdfFormatName, Store

RDF_EXPORT_FORMATS: dict[str, RdfFormatName] = {
    "turtle": "turtle",
    "nquads": "nquads",
    "trig": "trig",
    "jsonld": "jsonld",
    "ntriples": "ntriples",
    "rdfxml": "rdfxml",
}
"""Export format names and the store serialisation each uses (N-Quads and TriG keep the graphs)."""

NETWORK_FORMATS = ("graphml", "gexf", "json", "csv")
"""Formats of a network projection: GraphML and GEXF (Gephi, Cytoscape), node-link JSON (D3), CSV."""

SUFFIXES = {
    "turtle": ".ttl", "nquads": ".nq", "trig": ".trig", "jsonld": ".jsonld", "ntriples": ".nt", "rdfxml": ".rdf",
    "graphml": ".graphml", "gexf": ".gexf", "json": ".json", "csv": "",
}  # fmt: skip


def export_rdf(store: Store, fmt: str) -> bytes:
    """Serialise the store: N-Quads and TriG with their named graphs, other formats as the union."""
    if fmt not in RDF_EXPORT_FORMATS:
        raise ProbationGraphError(f"unknown export format {fmt!r}; use one of {', '.join(RDF_EXPORT_FORMATS)}")
    return store.dump(RDF_EXPORT_FORMATS[fmt])


def network_bytes(graph: nx.Graph, fmt: str) -> bytes:
    """A projection as GraphML, GEXF or node-link JSON."""
    if fmt == "json":
        return json.dumps(to_plain(graph), ensure_ascii=False, indent=1).encode()
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer, named_key_ids=True)
    elif fmt == "gexf":
        nx.write_gexf(graph, buffer)
    else:
        raise ProbationGraphError(f"unknown network format {fmt!r}; use one of {', '.join(NETWORK_FORMATS)}")
    return buffer.getvalue()


def network_csv(graph: nx.Graph) -> tuple[str, str]:
    """A projection as two CSV texts: nodes (id and attributes) and edges (source, target, attributes)."""
    node_keys = sorted({k for _n, d in graph.nodes(data=True) for k in d})
    edge_keys = sorted({k for *_e, d in graph.edges(data=True) for k in d})
    nodes, edges = io.StringIO(), io.StringIO()
    writer = csv.writer(nodes)
    writer.writerow(["id", *node_keys])
    for node, data in graph.nodes(data=True):
        writer.writerow([node, *(data.get(k, "") for k in node_keys)])
    writer = csv.writer(edges)
    writer.writerow(["source", "target", *edge_keys])
    for source, target, data in graph.edges(data=True):
        writer.writerow([source, target, *(data.get(k, "") for k in edge_keys)])
    return nodes.getvalue(), edges.getvalue()


def write_network(graph: nx.Graph, fmt: str, path: Path) -> list[Path]:
    """Write a projection to ``path`` (a folder for CSV: nodes.csv and edges.csv); the files written."""
    try:
        if fmt == "csv":
            path.mkdir(parents=True, exist_ok=True)
            nodes, edges = network_csv(graph)
            (path / "nodes.csv").write_text(nodes, encoding="utf-8")
            (path / "edges.csv").write_text(edges, encoding="utf-8")
            return [path / "nodes.csv", path / "edges.csv"]
        path.write_bytes(network_bytes(graph, fmt))
    except OSError as exc:
        raise ProbationGraphError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    return [path]
