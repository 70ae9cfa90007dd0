"""Latency of `ask` (offline engine) and of `search`, warm: p50 and p95 per question.

    .venv/bin/python bench/bench_ask.py [--questions ../shared/eval/questions.dev.jsonl] [--rounds 20]
        [--corpus ../shared/corpus-dev] [--corpus-questions ../shared/eval/corpus_questions.dev.jsonl]

Builds the seed corpus into an in-memory store, asks every question once to warm up, then
`--rounds` more times, timing the whole `ask` and, separately, the time spent inside the store
executing SPARQL; then the same on the seeds plus `--documents` generated ones. With a corpus folder
(default: the shared development corpus, when present), it builds the seeds plus that corpus into an
on-disk store and times `ask` over the corpus questions and `search` over their words. Prints the
figures and appends them to bench/results.md. Targets: p95 <= 50 ms (seed), <= 20 ms for `ask` and
for `search` on seeds + corpus.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from corpus import built_store
from results import record

from probation_graph import EmbeddedStore, Settings, ask, build, search
from probation_graph.store import Result

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_QUESTIONS = ROOT.parent / "shared" / "eval" / "questions.dev.jsonl"
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus-dev"
DEFAULT_CORPUS_QUESTIONS = ROOT.parent / "shared" / "eval" / "corpus_questions.dev.jsonl"
SUFFIXES = (".txt", ".md", ".html", ".pdf")
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


def timed(calls: list[str], call: Callable[[str], object], rounds: int) -> list[float]:
    """Seconds per call of ``call(item)`` over ``rounds`` warm rounds (one warm-up round first)."""
    for item in calls:
        call(item)
    spent = []
    for _ in range(rounds):
        for item in calls:
            started = time.perf_counter()
            call(item)
            spent.append(time.perf_counter() - started)
    return spent


def corpus_figures(corpus: Path, questions_file: Path, rounds: int) -> list[str]:
    """Build the seeds plus ``corpus`` into an on-disk store; time `ask` and `search` on it."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns(".store", "uploads"))
        (data / "corpus").mkdir()
        for path in corpus.iterdir():
            if path.suffix in SUFFIXES:
                shutil.copy(path, data / "corpus" / path.name)
        store = EmbeddedStore(Path(folder) / "store")
        build(store, data, settings=Settings(data=data, store=Path(folder) / "store"))
        questions = [json.loads(line)["question"] for line in questions_file.open() if line.strip()]
        words = [" ".join(w for w in q.rstrip("?").split()[2:6]) for q in questions]
        rows = []
        calls: list[tuple[str, list[str], Callable[[str], object]]] = [
            ("ask", questions, lambda q: ask(q, store, model=None)),
            ("search", words, lambda w: search(store, w)),
        ]
        for name, items, call in calls:
            spent = timed(items, call, rounds)
            p50, p95 = percentile(spent, 0.5) * 1000, percentile(spent, 0.95) * 1000
            rows.append(
                f"| {name} | {len(items)} | {p50:.1f} ms | {p95:.1f} ms (target <= 20 ms) "
                f"| {statistics.mean(spent) * 1000:.1f} ms |"
            )
            print(rows[-1], flush=True)
        store.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--documents", type=int, default=1000, help="synthetic documents of the large graph")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="a corpus to add to the seeds")
    parser.add_argument("--corpus-questions", type=Path, default=DEFAULT_CORPUS_QUESTIONS)
    parser.add_argument("--corpus-only", action="store_true", help="only the seeds + corpus figures")
    args = parser.parse_args()
    if args.corpus.is_dir() and args.corpus_questions.is_file():
        rows = corpus_figures(args.corpus, args.corpus_questions, args.rounds)
        record(
            "ask and search latency, seeds + corpus",
            [
                f"Seeds + {args.corpus.name}, on disk; {args.rounds} warm rounds; `ask` over "
                f"{args.corpus_questions.name}, `search` over four words of each question.",
                "",
                "| call | items | p50 | p95 | mean |",
                "|---|---|---|---|---|",
                *rows,
            ],
        )
    if args.corpus_only:
        return
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
