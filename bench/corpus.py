"""Stores the benchmarks share: the seed corpus, or N synthetic documents, built once and cached.

A cached store lives in bench/.cache/<documents>-<code fingerprint>/store, so a change to the
extractor, the ontology or the generator builds it again; `make clean` (or deleting the folder)
drops it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from pathlib import Path

from generate import generate
from results import ROOT

from probation_graph import EmbeddedStore, Settings, build
from probation_graph.ingest import code_fingerprint

CACHE = ROOT / "bench" / ".cache"


def _key(documents: int) -> str:
    generator = hashlib.sha256((ROOT / "bench" / "generate.py").read_bytes()).hexdigest()[:8]
    return f"{documents}-{code_fingerprint()}-{generator}"


def corpus(documents: int, folder: Path) -> Path:
    """The documents to build: the seed corpus (``documents == 0``) or N generated ones under ``folder``."""
    if documents == 0:
        return ROOT / "data"
    target = folder / "corpus"
    if not target.is_dir():
        generate(target, documents)
    return target


def built_store(documents: int) -> tuple[Path, dict[str, float]]:
    """A store of the seed corpus (0) or of N synthetic documents, and the figures of its build."""
    folder = CACHE / _key(documents)
    store, facts = folder / "store", folder / "build.json"
    if facts.is_file() and store.is_dir():
        return store, json.loads(facts.read_text())
    for stale in CACHE.glob(f"{documents}-*"):
        shutil.rmtree(stale)
    folder.mkdir(parents=True)
    source = corpus(documents, folder)
    opened = EmbeddedStore(store)
    started = time.perf_counter()
    report = build(opened, source, settings=Settings(data=source, store=store))
    seconds = time.perf_counter() - started
    assert report.ok, report.failed[:3]
    figures = {"seconds": seconds, "quads": float(len(opened)), "documents": float(len(report.outcomes))}
    opened.close()
    del opened
    facts.write_text(json.dumps(figures))
    return store, figures
