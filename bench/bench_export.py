"""Network export: time and peak memory of the full projection and its GraphML, on the seed graph
and on the large graph (seed + generated documents, built through the real extractor).

    .venv/bin/python bench/bench_export.py [--documents 1000]
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from corpus import built_store
from results import record

from probation_graph import EmbeddedStore
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
    for name, count in (("seed", 0), (f"seed + {args.documents:,} generated", args.documents)):
        path, _figures = built_store(count)
        store = EmbeddedStore(path, read_only=True)
        projected, written, peak, nodes, edges = measure(store)
        rows.append(
            f"| {name} | {len(store):,} | {nodes:,} / {edges:,} | {projected:.2f} s | {written:.2f} s | {peak:,.0f} MiB |"
        )
        print(rows[-1], flush=True)
    record(
        "network export",
        [
            "| graph | quads | nodes / edges | full projection | GraphML | peak Python memory |",
            "|---|---|---|---|---|---|",
            *rows,
        ],
    )


if __name__ == "__main__":
    main()
