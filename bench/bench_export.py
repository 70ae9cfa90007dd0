"""Network export: time and peak memory of the full projection and its GraphML, on the seed graph
and on a synthetic corpus built through the real extractor.

    .venv/bin/python bench/bench_export.py [--documents 1000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import tracemalloc
from pathlib import Path

from generate import generate
from results import ROOT, record

from probation_graph import EmbeddedStore, Settings, build
from probation_graph.export import network_bytes
from probation_graph.network import project


def measure(store: EmbeddedStore) -> tuple[float, float, float, int, int]:
    """Seconds to project, seconds to write GraphML, peak MiB of Python allocations, nodes, edges."""
    tracemalloc.start()
    started = time.perf_counter()
    graph = project(store, "full")
    projected = time.perf_counter() - started
    network_bytes(graph, "graphml")
    written = time.perf_counter() - started - projected
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return projected, written, peak / 2**20, graph.number_of_nodes(), graph.number_of_edges()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    args = parser.parse_args()
    rows = []
    seed = EmbeddedStore(None)
    build(seed, ROOT / "data", settings=Settings(data=ROOT / "data"))
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        generate(corpus, args.documents)
        synthetic = EmbeddedStore(Path(folder) / "store")
        started = time.perf_counter()
        build(synthetic, corpus, settings=Settings(data=corpus))
        built = time.perf_counter() - started
        for name, store in (("seed (5 documents)", seed), (f"synthetic ({args.documents} documents)", synthetic)):
            projected, written, peak, nodes, edges = measure(store)
            rows.append(
                f"| {name} | {len(store):,} | {nodes:,} / {edges:,} | {projected:.2f} s | {written:.2f} s | {peak:,.0f} MiB |"
            )
    record(
        "network export",
        [
            f"Synthetic corpus built through the real extractor in {built:.1f} s.",
            "",
            "| graph | quads | nodes / edges | full projection | GraphML | peak Python memory |",
            "|---|---|---|---|---|---|",
            *rows,
        ],
    )


if __name__ == "__main__":
    main()
