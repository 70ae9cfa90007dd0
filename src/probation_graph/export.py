"""The graph out of the store: RDF serialisations of the whole dataset or of the union graph."""

from __future__ import annotations

from .errors import ProbationGraphError
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

SUFFIXES = {
    "turtle": ".ttl",
    "nquads": ".nq",
    "trig": ".trig",
    "jsonld": ".jsonld",
    "ntriples": ".nt",
    "rdfxml": ".rdf",
}


def export_rdf(store: Store, fmt: str) -> bytes:
    """Serialise the store: N-Quads and TriG with their named graphs, other formats as the union."""
    if fmt not in RDF_EXPORT_FORMATS:
        raise ProbationGraphError(f"unknown export format {fmt!r}; use one of {', '.join(RDF_EXPORT_FORMATS)}")
    return store.dump(RDF_EXPORT_FORMATS[fmt])
