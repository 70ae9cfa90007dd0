"""Latency of `ask` with the offline engine, warm, on the seed graph: p50 and p95 per question.

    .venv/bin/python bench/bench_ask.py [--questions ../shared/eval/questions.dev.jsonl] [--rounds 20]

Builds the seed corpus into an in-memory store, asks every question once to warm up, then
`--rounds` more times, timing the whole `ask` and, separately, the time spent inside the store
executing SPARQL. Prints the figures and appends them to bench/results.md. Target: p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from results import record

from probation_graph import EmbeddedStore, Settings, ask, build
from probation_graph.store import Result

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUESTIONS = ROOT.parent / "shared" / "eval" / "questions.dev.jsonl"
FALLBACK = [
    "Which PDUs were rated inadequate?",
    "Who owns West Yorkshire CRC?",
    "What is Barnsley's reoffending rate?",
    "How many recommendations did the Barnsley and Rotherham inspection make?",
    "Which providers deliver Commissioned Rehabilitative Services in Barnsley and Rotherham?",
]


class TimedStore(EmbeddedStore):
    """An embedded store that adds up the time its queries take."""

    spent = 0.0

    def query(self, sparql: str, *, limit: int | None = None) -> Result:
        started = time.perf_counter()
        try:
            return super().query(sparql, limit=limit)
        finally:
            TimedStore.spent += time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    if args.questions.is_file():
        questions = [json.loads(line)["question"] for line in args.questions.open() if line.strip()]
    else:
        questions = FALLBACK
    store = TimedStore(None)
    build(store, ROOT / "data", settings=Settings(data=ROOT / "data"))
    for question in questions:
        ask(question, store)
    latencies: list[float] = []
    sparql: list[float] = []
    for _ in range(args.rounds):
        for question in questions:
            TimedStore.spent = 0.0
            started = time.perf_counter()
            ask(question, store)
            latencies.append(time.perf_counter() - started)
            sparql.append(TimedStore.spent)
    p50, p95 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.95) * 1000
    share = sum(sparql) / sum(latencies)
    record(
        "ask latency",
        [
            f"{len(questions)} questions x {args.rounds} rounds, offline engine, warm, "
            f"seed graph ({len(store):,} quads).",
            "",
            "| measure | value |",
            "|---|---|",
            f"| p50 | {p50:.1f} ms |",
            f"| p95 | {p95:.1f} ms (target <= 50 ms) |",
            f"| mean | {statistics.mean(latencies) * 1000:.1f} ms |",
            f"| share spent executing SPARQL | {share:.0%} |",
        ],
    )


if __name__ == "__main__":
    main()
