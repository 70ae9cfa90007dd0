"""The fixed SPARQL query mix (bench/queries.py) on the seed graph and on the large graph: median and
worst time per query on the embedded store, warm.

    .venv/bin/python bench/bench_queries.py [--documents 1000] [--repeat 20]
"""

from __future__ import annotations

import argparse
import statistics
import time

from corpus import built_store
from queries import MIX
from results import record

from probation_graph import EmbeddedStore


def timings(store: EmbeddedStore, sparql: str, repeat: int) -> tuple[float, float, int]:
    """Median and worst milliseconds over ``repeat`` warm runs, and the number of rows."""
    rows = len(store.query(sparql).rows)
    spent = []
    for _ in range(repeat):
        started = time.perf_counter()
        store.query(sparql)
        spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent), max(spent), rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    graphs = [("seed", built_store(0)[0]), (f"seed + {args.documents:,} generated", built_store(args.documents)[0])]
    stores = [(name, EmbeddedStore(path, read_only=True)) for name, path in graphs]
    rows = []
    for query, sparql in MIX.items():
        cells = []
        for _name, store in stores:
            median, worst, count = timings(store, sparql, args.repeat)
            cells.append(f"{median:.1f} / {worst:.1f} ms ({count} rows)")
        rows.append(f"| {query} | {' | '.join(cells)} |")
        print(rows[-1], flush=True)
    record(
        "query mix",
        [
            f"Median / worst of {args.repeat} warm runs per query, embedded store, read-only.",
            "",
            f"| query | {' | '.join(f'{name} ({len(store):,} quads)' for name, store in stores)} |",
            "|---|---|---|",
            *rows,
        ],
    )


if __name__ == "__main__":
    main()
