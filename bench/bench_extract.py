"""Extraction and build throughput on the seed corpus: documents and triples per second.

    .venv/bin/python bench/bench_extract.py [--repeat 20]

Measures (1) read + extract + build-to-triples per document, in memory, repeated; (2) a full
`build` of data/ into a fresh on-disk store (what `make run` does the first time), including
the ontology load. Prints the figures and appends them to bench/results.md.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from results import record

from probation_graph import EmbeddedStore, Settings, build
from probation_graph.build import to_graph
from probation_graph.extract import extract
from probation_graph.ingest import corpus_files
from probation_graph.read import load_sources, read_document

ROOT = Path(__file__).resolve().parents[1]


def extraction(repeat: int) -> tuple[float, float, int]:
    files = corpus_files(ROOT / "data")
    documents = [read_document(f, max_bytes=10**8, meta=load_sources(f.parent).get(f.name)) for f in files]
    triples = sum(len(to_graph(extract(d))) for d in documents)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for document in documents:
            to_graph(extract(document))
        times.append(time.perf_counter() - started)
    best = min(times)
    return len(documents) / best, triples / best, triples


def full_build() -> tuple[float, int]:
    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder) / "store")
        started = time.perf_counter()
        report = build(store, ROOT / "data", settings=Settings(data=ROOT / "data"))
        elapsed = time.perf_counter() - started
        assert report.ok, report.failed
        return elapsed, len(store)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    docs_per_s, triples_per_s, triples = extraction(args.repeat)
    seconds, quads = full_build()
    record(
        "extraction",
        [
            "| measure | value |",
            "|---|---|",
            f"| extract + build triples, seed corpus (best of {args.repeat}) "
            f"| {docs_per_s:,.1f} documents/s, {triples_per_s:,.0f} triples/s |",
            f"| triples per pass over the 5 seed documents | {triples:,} |",
            f"| full `build` of data/ into a new on-disk store (ontology included) "
            f"| {seconds:.2f} s, {quads:,} quads |",
        ],
    )


if __name__ == "__main__":
    main()
