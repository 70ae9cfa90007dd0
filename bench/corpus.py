"""Stores the benchmarks share: the seed corpus plus N synthetic documents, built once and cached.

``built_store(0)`` is the five seed documents; ``built_store(1000)`` the seed documents and 1,000
generated ones (over a million quads), so the dev questions have their answers in a big graph. A
store lives in bench/.cache/<documents>-<code fingerprint>-<generator hash>/store, so a change to
the extractor, the ontology or the generator builds it again. `bench_ingest.py` leaves the stores
of its checkpoints here for the other benchmarks.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

from generate import generate
from results import ROOT

from probation_graph import EmbeddedStore, Settings, ingest
from probation_graph.ingest import code_fingerprint, corpus_files

CACHE = ROOT / "bench" / ".cache"
SEED = ROOT / "data"


def cache_folder(documents: int) -> Path:
    """Where the store of the seed corpus plus ``documents`` synthetic documents is kept."""
    generator = hashlib.sha256((ROOT / "bench" / "generate.py").read_bytes()).hexdigest()[:8]
    return CACHE / f"{documents}-{code_fingerprint()}-{generator}"


def documents(count: int, folder: Path) -> list[Path]:
    """The seed documents, then ``count`` generated ones written under ``folder``."""
    generated = sorted((folder / "corpus").glob("*")) if (folder / "corpus").is_dir() else []
    if len(generated) != count:
        shutil.rmtree(folder / "corpus", ignore_errors=True)
        generated = generate(folder / "corpus", count) if count else []
    return [*corpus_files(SEED), *generated]


def keep(store: EmbeddedStore, count: int, figures: dict[str, float]) -> Path:
    """Back up ``store`` as the cached store of the seed plus ``count`` documents; its path."""
    folder = cache_folder(count)
    for stale in CACHE.glob(f"{count}-*"):
        shutil.rmtree(stale)
    folder.mkdir(parents=True)
    store._store.backup(str(folder / "store"))  # a consistent copy while the store stays open
    (folder / "build.json").write_text(json.dumps(figures))
    return folder / "store"


def built_store(count: int) -> tuple[Path, dict[str, float]]:
    """The cached store of the seed corpus plus ``count`` synthetic documents, building it if needed."""
    folder = cache_folder(count)
    if (folder / "build.json").is_file() and (folder / "store").is_dir():
        return folder / "store", json.loads((folder / "build.json").read_text())
    work = CACHE / f"work-{count}"
    paths = documents(count, work)
    store = EmbeddedStore(work / "store")
    started = time.perf_counter()
    report = ingest(store, paths, settings=Settings(data=SEED, store=work / "store"))
    seconds = time.perf_counter() - started
    assert report.ok, report.failed[:3]
    figures = {"seconds": seconds, "quads": float(len(store)), "documents": float(len(paths))}
    path = keep(store, count, figures)
    store.close()
    del store
    shutil.rmtree(work / "store")
    return path, figures
