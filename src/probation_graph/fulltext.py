"""A full-text index of every document's sentences: SQLite FTS5 with BM25 ranking.

Why FTS5: it ships with Python's ``sqlite3`` (no new dependency), ranks by BM25, stems with the Porter
tokenizer, and writes each document's sentences in one transaction.

The index is derived from the store: each document's graph holds its full text (``pg:fullText``) and
content hash, and the index file lives in the store's folder, so it goes wherever the store goes. Every
write of a document's graph is followed, in the same step, by the replacement of its sentences here
(``refresh``); and before answering, the index checks its documents and hashes against the store's
(``sync``), re-indexing what differs. So a crash between the two writes, or a store built by an older
version, never makes the index answer with stale sentences.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import StoreError
from .extract.text import Text, plain_text
from .namespaces import DCTERMS, GRAPH_DOCUMENT_PREFIX, PG
from .store import EmbeddedStore, Store

_SCHEMA = """
CREATE TABLE IF NOT EXISTS document (
    graph TEXT PRIMARY KEY, source_id TEXT NOT NULL, title TEXT NOT NULL, digest TEXT NOT NULL
);
CREATE VIRTUAL TABLE IF NOT EXISTS sentence USING fts5(
    text, graph UNINDEXED, start UNINDEXED, stop UNINDEXED, tokenize = 'porter unicode61'
);
"""

_DOCUMENTS = f"""
SELECT ?graph ?id ?digest ?title WHERE {{
  GRAPH ?graph {{ ?d <{PG.sourceId}> ?id ; <{PG.contentHash}> ?digest .
                  OPTIONAL {{ ?d <{DCTERMS.title}> ?title }} }}
  FILTER (STRSTARTS(STR(?graph), "{GRAPH_DOCUMENT_PREFIX}"))
}}"""


def _document(graph: str) -> str:
    """The id, digest, title and full text (unless it is kept in parts) of the document in ``graph``."""
    return f"""SELECT ?id ?digest ?title ?text WHERE {{
  GRAPH <{graph}> {{ ?d <{PG.sourceId}> ?id ; <{PG.contentHash}> ?digest .
                    OPTIONAL {{ ?d <{PG.fullText}> ?text }}
                    OPTIONAL {{ ?d <{DCTERMS.title}> ?title }} }}
}} LIMIT 1"""


def _parts(graph: str) -> str:
    """The parts of the text of the document in ``graph``, in order."""
    return f"""SELECT ?text WHERE {{
  GRAPH <{graph}> {{ ?d <{PG.textPart}> ?part . ?part <{PG.textOffset}> ?offset ; <{PG.partText}> ?text }}
}} ORDER BY ?offset"""


def document_text(store: Store, graph: str) -> str:
    """The text of the document in ``graph``: its ``pg:fullText``, or its parts joined ("" when it has neither)."""
    rows = store.query(_document(graph)).rows
    if rows and rows[0][3] is not None:
        return str(rows[0][3])
    return "".join(str(row[0]) for row in store.query(_parts(graph)).rows)


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    """A sentence that matches a search: its document, where it stands, and its BM25 rank (lower is better)."""

    document: str
    title: str
    sentence: str
    start: int
    end: int
    rank: float


def match_query(text: str, stop_words: Iterable[str] = ()) -> str:
    """An FTS5 query for any of the words of ``text`` (each quoted, so no word is read as an operator)."""
    stop = {w.lower() for w in stop_words}
    words = list(dict.fromkeys(w.lower() for w in _WORD.findall(text) if w.lower() not in stop and len(w) > 1))
    return " OR ".join(f'"{w}"' for w in words)


def index_path(store_path: Path) -> Path:
    """Where the index of the store at ``store_path`` lives: a file inside the store's folder.

    Removing or replacing the store removes or replaces its index with it (RocksDB leaves other files alone).
    """
    return store_path / INDEX_FILE


INDEX_FILE = "search.sqlite"
"""The index's file name inside the store's folder."""


class FullTextIndex:
    """The sentences of a store's documents, searchable by words."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._lock = threading.Lock()
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path) if path else ":memory:", check_same_thread=False)
            self._db.executescript(_SCHEMA)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the search index at {path}: {exc}") from exc

    def close(self) -> None:
        """Close the index file."""
        self._db.close()

    def replace(self, graph: str, source_id: str, digest: str, title: str, text: str) -> None:
        """Index the sentences of one document, replacing what was indexed for its graph (one transaction)."""
        rows = [(s.text, graph, s.start, s.end) for s in Text(text).sentences]
        with self._lock:
            try:
                with self._db:
                    self._db.execute("DELETE FROM sentence WHERE graph = ?", (graph,))
                    self._db.execute("DELETE FROM document WHERE graph = ?", (graph,))
                    self._db.executemany("INSERT INTO sentence (text, graph, start, stop) VALUES (?, ?, ?, ?)", rows)
                    self._db.execute(
                        "INSERT INTO document (graph, source_id, title, digest) VALUES (?, ?, ?, ?)",
                        (graph, source_id, title, digest),
                    )
            except sqlite3.Error as exc:
                raise StoreError(f"could not index {source_id}: {exc}") from exc

    def drop(self, graph: str) -> None:
        """Remove one document's sentences."""
        with self._lock, self._db:
            self._db.execute("DELETE FROM sentence WHERE graph = ?", (graph,))
            self._db.execute("DELETE FROM document WHERE graph = ?", (graph,))

    def indexed(self) -> dict[str, str]:
        """The digest indexed for each document graph."""
        with self._lock:
            return dict(self._db.execute("SELECT graph, digest FROM document").fetchall())

    def sync(self, store: Store) -> int:
        """Make the index hold exactly the store's documents; the number of documents (re)indexed or dropped."""
        held = {str(g): (str(i), str(d), str(t or i)) for g, i, d, t in store.query(_DOCUMENTS).rows}
        indexed = self.indexed()
        changed = 0
        for graph in set(indexed) - set(held):
            self.drop(graph)
            changed += 1
        for graph, (_source_id, digest, _title) in held.items():
            if indexed.get(graph) == digest:
                continue
            self.refresh(store, graph)
            changed += 1
        return changed

    def refresh(self, store: Store, graph: str) -> None:
        """Index one document graph as the store now holds it (or drop it when the store no longer does)."""
        rows = store.query(_document(graph)).rows
        if not rows:
            self.drop(graph)
            return
        source_id, digest, title, text = (str(v) if v is not None else "" for v in rows[0])
        if rows[0][3] is None:
            text = document_text(store, graph)
        self.replace(graph, source_id, digest, title or source_id, text)

    def search(self, text: str, *, limit: int = 20, stop_words: Sequence[str] = ()) -> list[Hit]:
        """The sentences best matching any of the words of ``text``, best first (BM25)."""
        query = match_query(text, stop_words)
        if not query:
            return []
        with self._lock:
            try:
                rows = self._db.execute(
                    "SELECT s.text, d.source_id, d.title, s.start, s.stop, bm25(sentence) AS rank "
                    "FROM sentence s JOIN document d ON d.graph = s.graph "
                    "WHERE sentence MATCH ? ORDER BY rank LIMIT ?",
                    (query, max(1, limit)),
                ).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"search failed: {exc}") from exc
        return [
            Hit(document=r[1], title=r[2], sentence=plain_text(r[0]), start=r[3], end=r[4], rank=r[5]) for r in rows
        ]


def rank_texts(question: str, texts: Sequence[str], stop_words: Sequence[str] = ()) -> list[float | None]:
    """BM25 rank (lower is better) of each text against the words of ``question``; ``None`` where none match."""
    query = match_query(question, stop_words)
    if not query or not texts:
        return [None] * len(texts)
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize = 'porter unicode61')")
        db.executemany("INSERT INTO t (rowid, text) VALUES (?, ?)", ((i + 1, t) for i, t in enumerate(texts)))
        found = dict(db.execute("SELECT rowid, bm25(t) FROM t WHERE t MATCH ?", (query,)).fetchall())
    finally:
        db.close()
    return [found.get(i + 1) for i in range(len(texts))]


_INDEXES: dict[str, FullTextIndex] = {}
_INDEXES_LOCK = threading.Lock()


def index_for(store: Store) -> FullTextIndex:
    """The full-text index of ``store`` (one per store path per process; in memory for other stores)."""
    path = store.path if isinstance(store, EmbeddedStore) else None
    key = str(path) if path is not None else f"memory:{id(store)}"
    with _INDEXES_LOCK:
        index = _INDEXES.get(key)
        if index is None:
            index = _INDEXES[key] = FullTextIndex(index_path(path) if path is not None else None)
    return index


def search(store: Store, text: str, *, limit: int = 20) -> list[Hit]:
    """Search the sentences of every document of ``store`` (the index is brought up to date first)."""
    from .nlq.lexicon import STOP_WORDS

    index = index_for(store)
    index.sync(store)
    return index.search(text, limit=limit, stop_words=STOP_WORDS)


__all__ = ["FullTextIndex", "Hit", "document_text", "index_for", "index_path", "match_query", "rank_texts", "search"]
