"""Where the graph lives: the :class:`Store` protocol and its embedded Oxigraph implementation.

One named graph per source document and one for the ontology; queries see the union of all
graphs as their default graph. Replacing a document's graph is one SPARQL update, which
Oxigraph applies in a single transaction: a failure or a kill leaves the previous graph intact.
A second implementation (any SPARQL 1.1 endpoint) only has to satisfy the same protocol.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal as TypingLiteral
from typing import Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from .config import Settings, get_settings
from .errors import QueryError, StoreError
from .locks import WriteLock
from .namespaces import GRAPH_DOCUMENT_PREFIX, GRAPH_ENTITIES, PG, RDFS, sparql_prefixes
from .sparql import QUERY_FORMS, form

RDFS_LABEL = str(RDFS.label)

Term = URIRef | Literal | BNode
RdfFormatName = TypingLiteral["turtle", "ntriples", "nquads", "trig", "jsonld", "rdfxml"]

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
DATASET_FORMATS = frozenset({"nquads", "trig"})


@dataclass
class Result:
    """The result of a query, independent of the store that ran it.

    ``kind`` is ``select`` (``columns`` and ``rows``), ``ask`` (``boolean``) or ``graph``
    (``triples`` of CONSTRUCT and DESCRIBE). ``truncated`` is set when rows were cut at the limit.
    """

    kind: TypingLiteral["select", "ask", "graph"]
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[Term | None, ...]] = field(default_factory=list)
    boolean: bool | None = None
    triples: list[tuple[Term, Term, Term]] = field(default_factory=list)
    truncated: bool = False


@runtime_checkable
class Store(Protocol):
    """What build, query, ask and export need from a store of the graph."""

    def query(self, sparql: str, *, limit: int | None = None) -> Result:
        """Run a read-only SPARQL query over the union of all graphs."""

    def graph_hash(self, graph: str) -> str | None:
        """Return the content hash recorded in a document's graph, or ``None`` if absent."""

    def replace_graph(self, graph: str, triples: str, entity_triples: str = "") -> None:
        """Replace a named graph with N-Triples text and add entity descriptions, atomically."""

    def graphs(self) -> list[str]:
        """Return the names of the named graphs."""

    def relink(self, old: str, new: str) -> None:
        """Make every statement about node ``old``, in every graph, a statement about ``new`` (one update)."""

    def drop_entities(self) -> None:
        """Empty the shared entities graph (before a whole rebuild writes every description again)."""

    def __len__(self) -> int:
        """Return the number of quads in all graphs."""

    def dump(self, fmt: RdfFormatName, graph: str | None = None) -> bytes:
        """Serialise the whole dataset (N-Quads, TriG) or one graph or the union (other formats)."""

    def close(self) -> None:
        """Release the store."""


def is_update(sparql: str) -> bool:
    """True when ``sparql`` is a SPARQL Update (its operation keyword, as :func:`sparql.form` reads it)."""
    return form(sparql) not in (*QUERY_FORMS, "")


def prune_update(graph: str) -> str:
    """Delete the descriptions of entities that only ``graph`` mentions (run before it is dropped).

    Only the entities the document mentioned can lose their last mention when it goes, so the
    work is proportional to one document, not to the whole entities graph.
    """
    return f"""DELETE {{ GRAPH <{GRAPH_ENTITIES}> {{ ?e ?p ?o }} }}
WHERE {{ GRAPH <{graph}> {{ ?d <{PG.mentions}> ?e }}
  GRAPH <{GRAPH_ENTITIES}> {{ ?e ?p ?o }}
  FILTER NOT EXISTS {{ GRAPH ?other {{ ?x <{PG.mentions}> ?e }} FILTER (?other != <{graph}>) }} }}"""


def replace_update(graph: str, triples: str, entity_triples: str = "") -> str:
    """The SPARQL update that replaces a document's graph and merges its entity descriptions."""
    parts = [prune_update(graph), f"DROP SILENT GRAPH <{graph}>"]
    if triples.strip():
        parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{triples}\n}} }}")
    if entity_triples.strip():
        parts.append(f"INSERT DATA {{ GRAPH <{GRAPH_ENTITIES}> {{\n{entity_triples}\n}} }}")
    return " ;\n".join(parts)


def relink_update(old: str, new: str) -> str:
    """The SPARQL update that moves every triple of node ``old`` to node ``new`` (``old``'s labels are dropped)."""
    return f"""DELETE {{ GRAPH ?g {{ <{old}> <{RDFS_LABEL}> ?l }} }}
WHERE {{ GRAPH ?g {{ <{old}> <{RDFS_LABEL}> ?l }} }} ;
DELETE {{ GRAPH ?g {{ <{old}> ?p ?o }} }} INSERT {{ GRAPH ?g {{ <{new}> ?p ?o }} }}
WHERE {{ GRAPH ?g {{ <{old}> ?p ?o }} }} ;
DELETE {{ GRAPH ?g {{ ?s ?p <{old}> }} }} INSERT {{ GRAPH ?g {{ ?s ?p <{new}> }} }}
WHERE {{ GRAPH ?g {{ ?s ?p <{old}> }} }}"""


def drop_update(graph: str) -> str:
    """The SPARQL update that removes a document's graph and the entity descriptions only it needed."""
    return f"{prune_update(graph)} ;\nDROP SILENT GRAPH <{graph}>"


def parser_message(message: str, *, limit: int = 160) -> str:
    """Shorten a parser's message: its position and the start of what it expected, on one line."""
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1].rstrip(", ") + "…"


def document_graph(source_id: str) -> str:
    """Return the name of the named graph of a source document."""
    return GRAPH_DOCUMENT_PREFIX + source_id


def to_rdflib(term: object) -> Term:
    """Convert a pyoxigraph term to the equivalent rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise StoreError(f"unsupported RDF term in result: {term!r}")


def text_of(term: object) -> str | None:
    """The text of an optional result term: ``None`` stays ``None``."""
    return None if term is None else str(term)


def to_oxigraph(term: Identifier) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to the equivalent pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"unsupported rdflib term: {term!r}")


class EmbeddedStore:
    """The default store: pyoxigraph on disk (or in memory when ``path`` is ``None``)."""

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self._lock: WriteLock | None = None
        self.version = 0
        """Incremented by every write through this object, so caches of what it holds can tell they are stale."""
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not path.is_dir():
                    raise StoreError(f"no store at {path}: run `probation-graph build` first")
                self._store = ox.Store.read_only(str(path))
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._lock = WriteLock(path)
                self._store = ox.Store(str(path))
        except (OSError, RuntimeError) as exc:
            if self._lock is not None:
                self._lock.release()
            if "lock" in str(exc).lower():
                raise StoreError(
                    f"the store at {path} is in use by another process (the app or a server?); "
                    "stop it first, or open the store read-only"
                ) from exc
            raise StoreError(f"cannot open the store at {path}: {exc}") from exc

    def __repr__(self) -> str:
        return f"EmbeddedStore({str(self.path) if self.path else ':memory:'}, read_only={self.read_only})"

    def query(self, sparql: str, *, limit: int | None = None) -> Result:
        """Run a read-only SPARQL query; updates and syntax errors raise :class:`QueryError`."""
        if is_update(sparql):
            raise QueryError("this is a SPARQL update; only queries (SELECT, ASK, CONSTRUCT, DESCRIBE) are run")
        try:
            raw = self._store.query(sparql, use_default_graph_as_union=True, prefixes=_prefix_map())
            return _result(raw, limit)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {parser_message(str(exc))}") from exc
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"query failed: {exc}") from exc

    def graph_hash(self, graph: str) -> str | None:
        """Return the ``pg:contentHash`` stored in ``graph``, if any."""
        sparql = f"SELECT ?h WHERE {{ GRAPH <{graph}> {{ ?d <{PG.contentHash}> ?h }} }} LIMIT 1"
        rows = self.query(sparql).rows
        return str(rows[0][0]) if rows and rows[0][0] is not None else None

    def replace_graph(self, graph: str, triples: str, entity_triples: str = "") -> None:
        """Replace ``graph`` with ``triples`` and merge ``entity_triples`` into the entities graph.

        All or nothing, in one transaction: a new graph is added with its entity descriptions as
        one batch of quads; an existing one by one SPARQL update that removes the descriptions only
        the old version needed, drops it, and inserts the new graph and descriptions.
        """
        self._writable()
        name = ox.NamedNode(graph)
        try:
            if self._store.contains_named_graph(name):
                self._store.update(replace_update(graph, triples, entity_triples))
            else:
                quads = _as_nquads(triples, graph) + _as_nquads(entity_triples, str(GRAPH_ENTITIES))
                self._store.load(quads.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, OSError, RuntimeError) as exc:
            raise StoreError(f"could not write graph {graph}: {parser_message(str(exc))}") from exc
        finally:
            self.version += 1

    def relink(self, old: str, new: str) -> None:
        """Make every statement about node ``old``, in every graph, a statement about ``new`` (one transaction)."""
        self._writable()
        try:
            self._store.update(relink_update(old, new))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"could not relink {old} to {new}: {exc}") from exc
        finally:
            self.version += 1

    def drop_entities(self) -> None:
        """Empty the shared entities graph (before a whole rebuild writes every description again)."""
        self._writable()
        try:
            self._store.update(f"DROP SILENT GRAPH <{GRAPH_ENTITIES}>")
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"could not empty the entities graph: {exc}") from exc
        finally:
            self.version += 1

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph, and the entity descriptions only it mentioned."""
        self._writable()
        try:
            self._store.update(drop_update(graph))
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"could not drop graph {graph}: {exc}") from exc
        finally:
            self.version += 1

    def graphs(self) -> list[str]:
        """Return the sorted names of all named graphs."""
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self._store)

    def dump(self, fmt: RdfFormatName, graph: str | None = None) -> bytes:
        """Serialise the dataset (``nquads``/``trig``), one graph, or the union of all graphs."""
        if fmt not in RDF_FORMATS:
            raise StoreError(f"unknown RDF format {fmt!r}; use one of {sorted(RDF_FORMATS)}")
        rdf_format = RDF_FORMATS[fmt]
        if fmt in DATASET_FORMATS:
            quads: Iterable[ox.Quad] = (
                self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph)) if graph else self._store
            )
            return bytes(ox.serialize(quads, format=rdf_format, prefixes=_prefix_map()) or b"")
        if graph:
            source: Iterator[ox.Triple] = (
                q.triple for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))
            )
        else:
            constructed = self._store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
            assert isinstance(constructed, ox.QueryTriples)
            source = iter(constructed)
        return bytes(ox.serialize(source, format=rdf_format, prefixes=_prefix_map()) or b"")

    def close(self) -> None:
        """Flush pending writes; the store is released when the object is garbage-collected."""
        if not self.read_only and self.path is not None:
            try:
                self._store.flush()
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"could not flush the store: {exc}") from exc

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.path} is open read-only")


def _as_nquads(triples: str, graph: str) -> str:
    """N-Triples as N-Quads in ``graph`` (one line per triple; comments and blank lines dropped)."""
    lines = []
    for line in triples.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not stripped.endswith("."):
            raise SyntaxError(f"not an N-Triples line: {stripped[:80]}")
        lines.append(f"{stripped[:-1].rstrip()} <{graph}> .\n")
    return "".join(lines)


def _prefix_map() -> dict[str, str]:
    from .namespaces import PREFIXES

    return PREFIXES


def _result(raw: object, limit: int | None) -> Result:
    """A :class:`Result` from pyoxigraph's results: a boolean, solutions, or any iterable of triples."""
    if isinstance(raw, ox.QueryBoolean):
        return Result(kind="ask", boolean=bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        columns = [v.value for v in raw.variables]
        rows: list[tuple[Term | None, ...]] = []
        truncated = False
        for solution in raw:
            if limit is not None and len(rows) >= limit:
                truncated = True
                break
            rows.append(tuple(None if solution[i] is None else to_rdflib(solution[i]) for i in range(len(columns))))
        return Result(kind="select", columns=columns, rows=rows, truncated=truncated)
    if isinstance(raw, ox.QueryTriples | Iterable):
        triples: list[tuple[Term, Term, Term]] = []
        truncated = False
        for triple in raw:
            if limit is not None and len(triples) >= limit:
                truncated = True
                break
            triples.append((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
        return Result(kind="graph", triples=triples, truncated=truncated)
    raise StoreError(f"unexpected query result {type(raw).__name__}")


def open_store(settings: Settings | None = None, *, path: Path | None = None, read_only: bool = False) -> Store:
    """Open the store the settings name.

    That is the SPARQL endpoint of ``PROBATION_GRAPH_ENDPOINT`` when set, else the embedded store
    at ``PROBATION_GRAPH_STORE`` (or at ``path``).
    """
    settings = settings or get_settings()
    if settings.endpoint and path is None:
        from .remote import endpoint_store

        return endpoint_store(settings, read_only=read_only)
    return EmbeddedStore(path or settings.store, read_only=read_only)


__all__ = [
    "EmbeddedStore",
    "Result",
    "Store",
    "document_graph",
    "is_update",
    "open_store",
    "sparql_prefixes",
    "text_of",
]
