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

from corpus import built_store
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


def latencies(store: TimedStore, questions: list[str], rounds: int) -> tuple[list[float], float]:
    """Seconds per question over ``rounds`` warm rounds, and the share of them spent executing SPARQL."""
    for question in questions:
        ask(question, store)
    spent: list[float] = []
    sparql = 0.0
    for _ in range(rounds):
        for question in questions:
            TimedStore.spent = 0.0
            started = time.perf_counter()
            ask(question, store)
            spent.append(time.perf_counter() - started)
            sparql += TimedStore.spent
    return spent, sparql / sum(spent)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--documents", type=int, default=1000, help="synthetic documents of the large graph")
    args = parser.parse_args()
    if args.questions.is_file():
        questions = [json.loads(line)["question"] for line in args.questions.open() if line.strip()]
    else:
        questions = FALLBACK
    seed = TimedStore(None)
    build(seed, ROOT / "data", settings=Settings(data=ROOT / "data"))
    large_path, _figures = built_store(args.documents)
    large = TimedStore(large_path, read_only=True)
    rows = []
    for name, store, target in (("seed", seed, 50), (f"seed + {args.documents:,} generated", large, 150)):
        spent, share = latencies(store, questions, args.rounds if store is seed else max(3, args.rounds // 4))
        p50, p95 = percentile(spent, 0.5) * 1000, percentile(spent, 0.95) * 1000
        rows.append(
            f"| {name} | {len(store):,} | {p50:.1f} ms | {p95:.1f} ms (target <= {target} ms) "
            f"| {statistics.mean(spent) * 1000:.1f} ms | {share:.0%} |"
        )
        print(rows[-1], flush=True)
    record(
        "ask latency",
        [
            f"{len(questions)} dev questions, offline engine, warm ({args.rounds} rounds on the seed graph, "
            f"{max(3, args.rounds // 4)} on the large one).",
            "",
            "| graph | quads | p50 | p95 | mean | share executing SPARQL |",
            "|---|---|---|---|---|---|",
            *rows,
        ],
    )


if __name__ == "__main__":
    main()
