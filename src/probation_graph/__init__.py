"""probation_graph: inspections of probation services as an RDF knowledge graph.

The library API; the CLI, the app and the endpoint are thin clients of it::

    import probation_graph as pg

    store = pg.open_store()                 # the embedded store (PROBATION_GRAPH_STORE)
    report = pg.build(store)                # every document under PROBATION_GRAPH_DATA
    result = pg.query(store, "SELECT ...")  # rows of rdflib terms
    answer = pg.ask("Which PDUs were rated inadequate?", store)
    hits = pg.search(store, "senior leadership")  # sentences, best first (BM25)
    print(pg.validate(store).conforms, pg.stats(store).triples)
"""

from __future__ import annotations

from .classes import GraphClass, Registry, registry
from .config import Settings, get_settings
from .errors import ConfigError, InputError, ProbationGraphError, QueryError, StoreError
from .export import export_rdf
from .extract import extract
from .fulltext import Hit, search
from .ingest import Outcome, Report, Status, build, ingest
from .nlq import Answer, Source, ask
from .query import run as query
from .read import read_document
from .stats import Stats, stats
from .store import EmbeddedStore, Result, Store, open_store
from .validate import ValidationReport, validate

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "ConfigError",
    "EmbeddedStore",
    "GraphClass",
    "Hit",
    "InputError",
    "Outcome",
    "ProbationGraphError",
    "QueryError",
    "Registry",
    "Report",
    "Result",
    "Settings",
    "Source",
    "Stats",
    "Status",
    "Store",
    "StoreError",
    "ValidationReport",
    "ask",
    "build",
    "export_rdf",
    "extract",
    "get_settings",
    "ingest",
    "open_store",
    "query",
    "read_document",
    "registry",
    "search",
    "stats",
    "validate",
]
