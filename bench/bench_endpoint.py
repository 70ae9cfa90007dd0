"""The endpoint under concurrent clients: `probation-graph serve` beside a plain `oxigraph serve-read-only`
on the same store, in the same run, on the fixed query mix of bench/queries.py.

    .venv/bin/python bench/bench_endpoint.py [--documents 0] [--seconds 10] [--clients 1 8 32]

`--documents 0` is the seed corpus; N builds (once, cached) N synthetic documents. Needs wrk.
Target: at least 0.9 of the Oxigraph server's throughput, zero errors.
"""

from __future__ import annotations

import argparse

import wrk
from corpus import built_store
from queries import MIX
from results import record

from servers import plain_oxigraph, probation_serve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=0)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 8, 32])
    args = parser.parse_args()
    store, figures = built_store(args.documents)
    lua = wrk.script(list(MIX.values()))
    rows = []
    with probation_serve(store) as ours, plain_oxigraph(store) as theirs:
        for clients in args.clients:
            mine = wrk.run(f"{ours}/", lua, clients=clients, seconds=args.seconds)
            base = wrk.run(f"{theirs}/", lua, clients=clients, seconds=args.seconds)
            rows.append(
                f"| {clients} | {mine.per_second:,.0f} | {mine.p50_ms:.2f} / {mine.p99_ms:.2f} | {mine.errors} "
                f"| {base.per_second:,.0f} | {base.p50_ms:.2f} / {base.p99_ms:.2f} | {base.errors} "
                f"| {mine.per_second / base.per_second:.2f} |"
            )
            print(rows[-1], flush=True)
    graph = "seed corpus" if args.documents == 0 else f"{args.documents:,} synthetic documents"
    record(
        f"endpoint throughput, {graph}",
        [
            f"{graph}: {figures['quads']:,.0f} quads. Query mix: {', '.join(MIX)} (bench/queries.py), "
            f"POST application/sparql-query, JSON results; wrk, {args.seconds} s per run, same machine.",
            "`probation-graph serve` (Starlette on uvicorn, its query processes over pipes: pyoxigraph, one query at a time each) "
            "against a plain `oxigraph serve-read-only --union-default-graph --cors` on the same store.",
            "",
            "| clients | serve req/s | serve p50 / p99 ms | serve errors | oxigraph req/s | oxigraph p50 / p99 ms "
            "| oxigraph errors | ratio (target >= 0.9) |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
        ],
    )


if __name__ == "__main__":
    main()
