"""Documents into the store: read, extract, build and write, one document graph at a time.

Ingestion is idempotent and atomic per document. A document whose content hash is already in
its graph is skipped; a changed one replaces its graph in one transaction; one that fails
(unreadable, empty, binary, not UTF-8, too large, or failing extraction) is reported and leaves
the store exactly as it was, while the other documents go on.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import tempfile
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .build import reference_graph, to_graph, to_ntriples
from .config import Settings, get_settings
from .errors import ConfigError, InputError, ProbationGraphError
from .extract import extract
from .extract.llm import load_model
from .fulltext import index_for
from .models import SourceMeta
from .namespaces import GRAPH_ONTOLOGY, GRAPH_REFERENCE, PG
from .ontology import ontology_file
from .processes import die_with_parent
from .read import SUFFIXES, default_source_id, discover, load_sources, read_document, slug
from .reference import reference
from .resolution import adopt, attach, is_undated, sequence
from .store import Store, document_graph


class Status(StrEnum):
    """What happened to one document."""

    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    """The result of ingesting one file."""

    path: str
    status: Status
    source_id: str | None = None
    triples: int = 0
    error: str | None = None


@dataclass
class Report:
    """The outcomes of a build or an ingest, in the order the files were read."""

    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: Status) -> int:
        """How many documents ended with ``status``."""
        return sum(1 for outcome in self.outcomes if outcome.status is status)

    @property
    def failed(self) -> list[Outcome]:
        """The documents that could not be ingested."""
        return [outcome for outcome in self.outcomes if outcome.status is Status.FAILED]

    @property
    def ok(self) -> bool:
        """True when no document failed."""
        return not self.failed


Progress = Callable[[Outcome], None]

_BUILD_INPUTS = ("extract", "build.py", "models.py", "read.py", "names.py", "classes.py", "reference.py")


@cache
def code_fingerprint() -> str:
    """A short hash of what turns documents into triples: the extractor, build, schema, ontology, gazetteer."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for name in _BUILD_INPUTS:
        path = package / name
        for source in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            digest.update(source.read_bytes())
    for name in ("probation.ttl", "gazetteer.toml"):
        digest.update(ontology_file(name).read_bytes())
    digest.update(reference().digest.encode())
    return digest.hexdigest()[:16]


def extractor_id(settings: Settings) -> str:
    """What built a document's graph: the extractors used and the code fingerprint."""
    kind = f"rules+llm:{settings.llm}" if settings.llm else "rules"
    return f"{kind} {code_fingerprint()}"


def built_with(store: Store, graph: str) -> tuple[str | None, str | None]:
    """The content hash and the extractor recorded in a document's graph (``None`` when absent)."""
    rows = store.query(
        f"SELECT ?h ?x WHERE {{ GRAPH <{graph}> {{ ?d <{PG.contentHash}> ?h OPTIONAL {{ ?d <{PG.extractor}> ?x }} }} }}"
        " LIMIT 1"
    ).rows
    if not rows:
        return None, None
    content, extractor = rows[0]
    return str(content), str(extractor) if extractor is not None else None


def ensure_ontology(store: Store) -> bool:
    """Load the ontology into its own graph when it is missing or has changed; True if loaded."""
    path = ontology_file("probation.ttl")
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if store.graph_hash(str(GRAPH_ONTOLOGY)) == digest:
        return False
    triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]
    triples.append(ox.Triple(ox.NamedNode(str(GRAPH_ONTOLOGY)), ox.NamedNode(str(PG.contentHash)), ox.Literal(digest)))
    store.replace_graph(str(GRAPH_ONTOLOGY), to_ntriples(triples))
    return True


def ensure_reference(store: Store, *, fresh_entities: bool = False) -> bool:
    """Load the reference backbone into its own graph when it is missing, has changed, or was built by other code.

    With ``fresh_entities`` (a whole build) and other code, the shared entities graph is emptied first: every document
    is then rebuilt too (its extractor differs), so no description an older version wrote is left behind.
    Returns True if loaded.
    """
    data = reference()
    stamp = f"{data.digest} {code_fingerprint()}"
    if store.graph_hash(str(GRAPH_REFERENCE)) == stamp:
        return False
    if fresh_entities:
        store.drop_entities()
    built = reference_graph(data, stamp)
    store.replace_graph(built.name, to_ntriples(built.triples), to_ntriples(built.entity_triples))
    return True


Job = tuple[Path, "SourceMeta | None", int, str]
"""What a worker needs to prepare a document: its path, metadata, size limit and extractor id."""


@dataclass(frozen=True)
class Prepared:
    """A document read, extracted and turned into N-Triples, ready to be written (or why it is not)."""

    path: str
    source_id: str | None = None
    sha256: str | None = None
    triples: str = ""
    entity_triples: str = ""
    count: int = 0
    error: str | None = None


def prepare(path: Path, meta: SourceMeta | None, max_bytes: int, extractor: str, model: Any = None) -> Prepared:
    """Read, extract and build one document, without touching a store (so it can run in another process)."""
    try:
        document = read_document(path, max_bytes=max_bytes, meta=meta)
        built = to_graph(extract(document, model=model), extractor=extractor)
        return Prepared(
            str(path), document.meta.source_id, document.sha256,
            to_ntriples(built.triples), to_ntriples(built.entity_triples), len(built),
        )  # fmt: skip
    except ProbationGraphError as exc:
        return Prepared(str(path), error=str(exc))
    except Exception as exc:
        return _failed(path, exc)


def _failed(path: Path | str, exc: BaseException, what: str = "could not be extracted") -> Prepared:
    """A document that failed with an unexpected exception, named with the exception's type."""
    return Prepared(str(path), error=f"{path}: {what} ({type(exc).__name__}: {exc})")


def _prepare_job(job: Job) -> Prepared:
    return prepare(*job)


def write(store: Store, prepared: Prepared, *, written: list[str] | None = None) -> Outcome:
    """Write a prepared document as its graph (replacing an earlier version), or report its failure.

    Undated inspections already in the store are then moved onto its dated ones (``resolution.adopt``); with
    ``written`` that is left to the caller, which collects the descriptions written there and adopts once, after
    a whole batch, so that the latest inspection of the batch is the one chosen.
    """
    if prepared.error is not None or prepared.source_id is None:
        return Outcome(prepared.path, Status.FAILED, error=prepared.error or "nothing extracted")
    graph = document_graph(prepared.source_id)
    try:
        existed = store.graph_hash(graph) is not None
        triples, entity_triples = attach(store, prepared.triples, prepared.entity_triples)
        store.replace_graph(graph, triples, entity_triples)
        index_for(store).refresh(store, graph)
        if written is None:
            adopt(store, entity_triples)
        else:
            written.append(entity_triples)
    except ProbationGraphError as exc:
        return Outcome(prepared.path, Status.FAILED, prepared.source_id, error=str(exc))
    except Exception as exc:
        error = _failed(prepared.path, exc, "could not be written").error
        return Outcome(prepared.path, Status.FAILED, prepared.source_id, error=error)
    return Outcome(prepared.path, Status.REPLACED if existed else Status.ADDED, prepared.source_id, prepared.count)


def unchanged(store: Store, path: Path, meta: SourceMeta | None, extractor: str) -> Outcome | None:
    """An UNCHANGED outcome when the store already holds this file's bytes built by this extractor."""
    source_id = meta.source_id if meta else default_source_id(path)
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
    if built_with(store, document_graph(source_id)) == (digest, extractor):
        return Outcome(str(path), Status.UNCHANGED, source_id)
    return None


def ingest_file(
    store: Store,
    path: Path,
    *,
    settings: Settings | None = None,
    meta: SourceMeta | None = None,
    model: Any = None,
) -> Outcome:
    """Ingest one document; failures are returned as an outcome, never half-written."""
    settings = settings or get_settings()
    extractor = extractor_id(settings)
    if meta is None:
        try:
            meta = load_sources(path.parent).get(path.name)
        except ConfigError as exc:
            return Outcome(str(path), Status.FAILED, error=str(exc))
    skipped = unchanged(store, path, meta, extractor)
    if skipped:
        return skipped
    outcome = write(store, prepare(path, meta, settings.max_file_bytes, extractor, model))
    if outcome.status is not Status.FAILED:
        sequence(store)
    return outcome


def ingest(
    store: Store,
    paths: Iterable[Path],
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
    whole: bool = False,
) -> Report:
    """Ingest documents (each atomically); metadata comes from their corpus's sources.toml.

    ``whole`` says the documents are the whole corpus (a build): a store written by other code then starts its
    shared entity descriptions afresh.

    With more than one worker (``PROBATION_GRAPH_WORKERS``) and no chat model, documents are read
    and extracted in worker processes while this one writes them, in the order they were given.
    """
    settings = settings or get_settings()
    ensure_ontology(store)
    ensure_reference(store, fresh_entities=whole)
    model = load_model(settings.llm) if settings.llm else None
    extractor = extractor_id(settings)
    report = Report()
    sources: dict[Path, dict[str, SourceMeta]] = {}
    claimed: dict[str, str] = {}
    pending: list[tuple[Path, SourceMeta | None] | Outcome] = []
    for path in paths:
        try:
            folder = path.parent
            if folder not in sources:
                sources[folder] = load_sources(folder)
            meta = sources[folder].get(path.name)
            early = _claim(claimed, path, meta) or unchanged(store, path, meta, extractor)
        except ProbationGraphError as exc:
            early = Outcome(str(path), Status.FAILED, error=str(exc))
        except Exception as exc:
            early = Outcome(str(path), Status.FAILED, error=_failed(path, exc, "could not be read").error)
        pending.append(early or (path, meta))
    jobs = [(item[0], item[1], settings.max_file_bytes, extractor) for item in pending if isinstance(item, tuple)]
    workers = settings.workers or os.cpu_count() or 1
    if model is not None or workers < 2 or len(jobs) < PARALLEL_FROM:
        prepared: Iterator[Prepared] = (prepare(*job, model=model) for job in jobs)
        _collect(store, pending, prepared, report, progress)
        return report
    _collect(store, pending, _ordered(lambda: _pool(workers), jobs, window=4 * workers), report, progress)
    return report


def _pool(workers: int) -> Executor:
    """Worker processes that prepare documents (spawned, and ending with this process)."""
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=die_with_parent, initargs=(os.getpid(),)
    )


PARALLEL_FROM = 16
"""Fewest documents to extract for which worker processes pay for their start-up."""


def _ordered(start: Callable[[], Executor], jobs: list[Job], window: int) -> Iterator[Prepared]:
    """The prepared documents in job order, with at most ``window`` in flight (bounded memory).

    Whatever exception a worker's job ends with is that document's failure. When a worker process dies (the pool
    breaks), a new pool is started and the documents that were in flight are prepared again one at a time, so
    that only the document that kills a worker fails.
    """
    pool = start()
    queue: deque[tuple[Job, Future[Prepared], bool]] = deque()
    again: deque[Job] = deque()
    remaining = iter(jobs)

    def submit(job: Job, alone: bool) -> None:
        try:
            future = pool.submit(_prepare_job, job)
        except BrokenProcessPool as exc:
            future = Future()
            future.set_exception(exc)
        queue.append((job, future, alone))

    try:
        while True:
            if again:
                if not queue:
                    submit(again.popleft(), True)
            else:
                for job in remaining:
                    submit(job, False)
                    if len(queue) >= window:
                        break
            if not queue:
                return
            job, future, alone = queue.popleft()
            try:
                prepared = future.result()
            except BrokenProcessPool as exc:
                if not alone:
                    again.extendleft(reversed([job, *(waiting for waiting, _f, _a in queue)]))
                    queue.clear()
                    pool.shutdown(wait=True, cancel_futures=True)
                    pool = start()
                    continue
                pool.shutdown(wait=True, cancel_futures=True)
                pool = start()
                prepared = _failed(job[0], exc, "stopped the worker process that was extracting it")
            except Exception as exc:
                prepared = _failed(job[0], exc)
            yield prepared
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _collect(
    store: Store,
    pending: list[tuple[Path, SourceMeta | None] | Outcome],
    prepared: Iterator[Prepared],
    report: Report,
    progress: Progress | None,
) -> None:
    """Write the prepared documents in order, those with undated inspections last (see ``resolution``).

    Undated inspections already in the store are moved onto the batch's dated ones once the whole batch is written.
    """
    undated: list[Prepared] = []

    def record(outcome: Outcome) -> None:
        report.outcomes.append(outcome)
        if progress is not None:
            progress(outcome)

    written: list[str] = []
    for item in pending:
        if isinstance(item, Outcome):
            record(item)
            continue
        document = next(prepared)
        if is_undated(document.triples) and len(pending) > 1:
            undated.append(document)
        else:
            record(write(store, document, written=written))
    adopt(store, "".join(written))
    for document in undated:
        record(write(store, document))
    if any(outcome.status in (Status.ADDED, Status.REPLACED) for outcome in report.outcomes):
        sequence(store)
    index_for(store).sync(store)


def _claim(claimed: dict[str, str], path: Path, meta: SourceMeta | None) -> Outcome | None:
    """Refuse a second file with the same source id in one run (it would overwrite the first).

    The id is the one ``sources.toml`` gives, else the one made from the file's name, so ``a/report.txt`` and
    ``b/report.txt``, or ``West Yorkshire.txt`` and ``west-yorkshire.txt``, cannot replace each other.
    """
    source_id = meta.source_id if meta else default_source_id(path)
    first = claimed.setdefault(source_id, str(path))
    if first != str(path):
        return Outcome(
            str(path),
            Status.FAILED,
            source_id,
            error=f"{path}: source id {source_id!r} is already used by {first}; "
            "give one of them another source_id in sources.toml, or rename it",
        )
    return None


UPLOADS = "uploads"
"""Folder of the data folder where documents added through the app (or ``ingest_upload``) are kept."""


def ingest_upload(store: Store, name: str, data: bytes, *, settings: Settings | None = None) -> Outcome:
    """Ingest an uploaded document; once it is in the store, keep a copy under ``<data>/uploads/``.

    A file that cannot be ingested leaves both the store and the data folder as they were, and
    comes back as a failed outcome saying why.
    """
    settings = settings or get_settings()
    suffix = Path(name).suffix.lower()
    safe = f"{slug(Path(name).stem) or 'document'}{suffix}"
    if suffix not in SUFFIXES:
        problem = f"{name}: unsupported file type {suffix or '(none)'}; use one of {', '.join(sorted(SUFFIXES))}"
        return Outcome(name, Status.FAILED, error=problem)
    ensure_ontology(store)
    ensure_reference(store)
    model = load_model(settings.llm) if settings.llm else None
    with tempfile.TemporaryDirectory(prefix="probation-graph-upload-") as folder:
        path = Path(folder) / safe
        path.write_bytes(data)
        outcome = ingest_file(store, path, settings=settings, model=model)
        if outcome.status is Status.FAILED:
            return replace(outcome, path=name, error=(outcome.error or "").replace(str(path), name))
        target = settings.data / UPLOADS / safe
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        except OSError as exc:
            raise ConfigError(f"{name} is in the store, but could not be kept under {target.parent}: {exc}") from exc
    return replace(outcome, path=str(target))


def corpus_files(data: Path) -> list[Path]:
    """The documents under the data folder, in a stable order."""
    try:
        return list(discover(data))
    except InputError as exc:
        raise ConfigError(f"data folder: {exc}") from exc


def build(
    store: Store,
    data: Path | None = None,
    *,
    settings: Settings | None = None,
    progress: Progress | None = None,
) -> Report:
    """Ingest every document under the data folder (default: the ``data`` setting)."""
    settings = settings or get_settings()
    return ingest(store, corpus_files(data or settings.data), settings=settings, progress=progress, whole=True)
