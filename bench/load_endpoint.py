"""Load test: 32 clients for 60 seconds on `probation-graph serve`, loopback only.

    .venv/bin/python bench/load_endpoint.py [--documents 0] [--clients 32] [--seconds 60]

The clients send the SPARQL query mix and plain-English questions (/ask) in turn. Passes when no
request fails and the store holds exactly the same quads afterwards. Needs wrk.
"""

from __future__ import annotations

import argparse
import hashlib
import sys

import wrk
from corpus import built_store
from queries import MIX
from results import record

from probation_graph import EmbeddedStore
from servers import probation_serve

QUESTIONS = (
    "Which PDUs were rated inadequate?",
    "Which providers deliver services in the most units?",
    "How many inspections were rated good?",
)


def fingerprint(store_path: object) -> tuple[str, int]:
    """A hash of the store's quads (in a stable order) and their number."""
    store = EmbeddedStore(store_path, read_only=True)  # type: ignore[arg-type]
    lines = sorted(store.dump("nquads").splitlines())
    return hashlib.sha256(b"\n".join(lines)).hexdigest(), len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    store, _figures = built_store(args.documents)
    before = fingerprint(store)
    with probation_serve(store) as url:
        load = wrk.run(f"{url}/", wrk.script(list(MIX.values()), QUESTIONS), clients=args.clients, seconds=args.seconds)
    after = fingerprint(store)
    passed = load.errors == 0 and before == after
    graph = "seed corpus" if args.documents == 0 else f"{args.documents:,} synthetic documents"
    record(
        f"endpoint load test, {graph}",
        [
            f"{args.clients} clients for {args.seconds} s on `probation-graph serve`: the query mix of "
            f"bench/queries.py and {len(QUESTIONS)} questions to /ask, in turn.",
            "",
            "| measure | value |",
            "|---|---|",
            f"| requests | {load.requests:,} ({load.per_second:,.0f}/s) |",
            f"| latency p50 / p99 | {load.p50_ms:.1f} / {load.p99_ms:.1f} ms |",
            f"| failed requests (errors and non-2xx) | {load.errors} |",
            f"| store unchanged ({before[1]:,} quads, sha256 of sorted N-Quads) | {'yes' if before == after else 'NO'} |",
            f"| result | {'pass' if passed else 'FAIL'} |",
            *(["", f"First failures: {'; '.join(load.failures)}"] if load.failures else []),
        ],
    )
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
