"""Load test: 32 clients for 60 seconds on `probation-graph serve`, plus three runaway clients, loopback only.

    .venv/bin/python bench/load_endpoint.py [--documents 0] [--clients 32] [--seconds 60] [--runaway 3]

The clients send the SPARQL query mix and plain-English questions (/ask) in turn. Meanwhile each
runaway client sends, again and again, a cartesian query that never finishes within the time limit
(5 s here), each time with a different comment so that the server's cool-down for a repeated
runaway does not spare the query processes. Passes when no ordinary request fails, every runaway
query is cut with 503, and the store holds exactly the same quads afterwards. Needs wrk.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import threading
from collections import Counter

import httpx
import wrk
from corpus import built_store
from queries import MIX
from results import record

from probation_graph import EmbeddedStore
from servers import probation_serve

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } # client %d, try %d"
RUNAWAY_LIMIT_S = 5
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


def runaway(url: str, client: int, stop: threading.Event, statuses: Counter[int]) -> None:
    """Send the cartesian query until ``stop``, each time a different text; count the statuses."""
    tries = 0
    while not stop.is_set():
        tries += 1
        try:
            reply = httpx.post(f"{url}/query", content=RUNAWAY % (client, tries), timeout=120,
                               headers={"Content-Type": "application/sparql-query"})  # fmt: skip
            statuses[reply.status_code] += 1
        except httpx.HTTPError:
            statuses[0] += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=0)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--runaway", type=int, default=3, help="clients repeating a query that never finishes")
    args = parser.parse_args()
    store, _figures = built_store(args.documents)
    before = fingerprint(store)
    statuses: Counter[int] = Counter()
    with probation_serve(store, env={"PROBATION_GRAPH_QUERY_TIMEOUT": str(RUNAWAY_LIMIT_S)}) as url:
        stop = threading.Event()
        attackers = [threading.Thread(target=runaway, args=(url, n, stop, statuses)) for n in range(args.runaway)]
        for attacker in attackers:
            attacker.start()
        try:
            load = wrk.run(
                f"{url}/", wrk.script(list(MIX.values()), QUESTIONS), clients=args.clients, seconds=args.seconds
            )
        finally:
            stop.set()
            for attacker in attackers:
                attacker.join()
        restarts = httpx.get(f"{url}/health").json().get("store_restarts", 0)
    after = fingerprint(store)
    cut = sum(statuses.values()) == statuses[503]
    passed = load.errors == 0 and before == after and cut
    graph = "seed corpus" if args.documents == 0 else f"{args.documents:,} synthetic documents"
    record(
        f"endpoint load test with runaway queries, {graph}",
        [
            f"{args.clients} clients for {args.seconds} s on `probation-graph serve`: the query mix of "
            f"bench/queries.py and {len(QUESTIONS)} questions to /ask, in turn; meanwhile {args.runaway} runaway "
            f"clients repeat a cartesian query (a new text each time) against a time limit of {RUNAWAY_LIMIT_S} s.",
            "",
            "| measure | value |",
            "|---|---|",
            f"| requests | {load.requests:,} ({load.per_second:,.0f}/s) |",
            f"| latency p50 / p99 | {load.p50_ms:.1f} / {load.p99_ms:.1f} ms |",
            f"| failed ordinary requests (errors and non-2xx) | {load.errors} |",
            f"| runaway queries sent / cut with 503 | {sum(statuses.values())} / {statuses[503]} |",
            f"| query processes ended and replaced | {restarts} |",
            f"| store unchanged ({before[1]:,} quads, sha256 of sorted N-Quads) | {'yes' if before == after else 'NO'} |",
            f"| result | {'pass' if passed else 'FAIL'} |",
            *(["", f"First failures: {'; '.join(load.failures)}"] if load.failures else []),
        ],
    )
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
