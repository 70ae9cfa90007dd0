"""Ingest at scale: documents and triples per second, against the `oxigraph load` floor, and how the
time grows with the number of documents.

    .venv/bin/python bench/bench_ingest.py [--checkpoints 1000 2000 5000 10000]

One store is built from the seed corpus and then from generated documents, in segments ending at
each checkpoint (1,000, 2,000, 5,000, 10,000 documents), timing each segment. At the first and the
last checkpoint (and for the seed corpus alone) the store is dumped as N-Quads and those are
bulk-loaded with `oxigraph load` into a new store: the floor. Target: the build within 3 times it.
Also records the peak resident memory of the build (this process and its worker processes).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from corpus import SEED, documents, keep
from memory import ChildPeaks, peak_mib
from results import record

from probation_graph import EmbeddedStore, Settings, ingest
from probation_graph.ingest import corpus_files
from probation_graph.server import oxigraph_binary


def floor(store: Path, work: Path) -> tuple[float, int]:
    """Seconds `oxigraph load` takes for the N-Quads of ``store`` (a closed or backed-up store), and their size."""
    dump = work / "dump.nq"
    subprocess.run([oxigraph_binary(), "dump", "--location", str(store), "--file", str(dump)], check=True,
                   capture_output=True)  # fmt: skip
    target = work / "loaded"
    started = time.perf_counter()
    subprocess.run([oxigraph_binary(), "load", "--location", str(target), "--file", str(dump)], check=True,
                   capture_output=True)  # fmt: skip
    seconds = time.perf_counter() - started
    size = dump.stat().st_size
    dump.unlink()
    shutil.rmtree(target)
    return seconds, size


def build_seed(work: Path) -> str:
    store_path = work / "seed-store"
    store = EmbeddedStore(store_path)
    started = time.perf_counter()
    report = ingest(store, corpus_files(SEED), settings=Settings(data=SEED, store=store_path))
    seconds = time.perf_counter() - started
    quads = len(store)
    store.close()
    del store
    loaded, _size = floor(store_path, work)
    return (
        f"| seed corpus | {len(report.outcomes)} | {quads:,} | {seconds:.2f} s | {len(report.outcomes) / seconds:,.1f} "
        f"| {quads / seconds:,.0f} | {loaded:.2f} s | {seconds / loaded:.1f} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--checkpoints", type=int, nargs="+", default=[1000, 2000, 5000, 10000])
    args = parser.parse_args()
    checkpoints = sorted(args.checkpoints)
    rows, segments = [], []
    with tempfile.TemporaryDirectory(prefix="probation-graph-ingest-") as folder:
        work = Path(folder)
        rows.append(build_seed(work))
        started = time.perf_counter()
        paths = documents(checkpoints[-1], work)
        generated = time.perf_counter() - started
        seed_count = len(paths) - checkpoints[-1]
        store_path = work / "store"
        store = EmbeddedStore(store_path)
        settings = Settings(data=SEED, store=store_path)
        ingest(store, paths[:seed_count], settings=settings)
        total, done, workers = 0.0, 0, 0.0
        for checkpoint in checkpoints:
            quads_before = len(store)
            started = time.perf_counter()
            with ChildPeaks() as sampled:
                report = ingest(store, paths[seed_count + done : seed_count + checkpoint], settings=settings)
            seconds = time.perf_counter() - started
            workers = max(workers, sampled.largest)
            assert report.ok, report.failed[:3]
            total += seconds
            added = checkpoint - done
            segments.append((checkpoint, added, seconds, len(store) - quads_before))
            print(f"{checkpoint:,} documents: +{added:,} in {seconds:.1f} s", flush=True)
            if checkpoint in (checkpoints[0], checkpoints[-1]):
                figures = {"seconds": total, "quads": float(len(store)), "documents": float(seed_count + checkpoint)}
                kept = keep(store, checkpoint, figures) if checkpoint == checkpoints[0] else None
                if kept is None:
                    store.close()
                    del store
                    kept = store_path
                loaded, size = floor(kept, work)
                quads = int(figures["quads"])
                rows.append(
                    f"| seed + {checkpoint:,} generated | {seed_count + checkpoint:,} | {quads:,} | {total:.1f} s "
                    f"| {(seed_count + checkpoint) / total:,.1f} | {quads / total:,.0f} | {loaded:.1f} s "
                    f"({size / 2**20:,.0f} MiB N-Quads) | {total / loaded:.1f} |"
                )
            done = checkpoint
    own = peak_mib()
    first_rate = segments[0][2] / segments[0][1]
    growth = [
        f"| {checkpoint:,} | +{added:,} | {seconds:.1f} s | {1000 * seconds / added:.1f} s | {quads / seconds:,.0f} "
        f"| {seconds / added / first_rate:.2f} |"
        for checkpoint, added, seconds, quads in segments
    ]
    worst = max(seconds / added / first_rate for _c, added, seconds, _q in segments)
    verdict = "linear" if worst <= 1.25 else "worse than linear"
    record(
        "ingest at scale",
        [
            f"Documents generated by bench/generate.py in {generated:.1f} s (not counted); built through the real "
            f"extractor with {Settings().workers or 'one per core'} worker processes. Floor: `oxigraph load` of the "
            "N-Quads the build produced, on the same machine in the same run. Target: build <= 3 x floor.",
            "",
            "| corpus | documents | quads | build | documents/s | quads/s | floor (`oxigraph load`) | build / floor |",
            "|---|---|---|---|---|---|---|---|",
            *rows,
            "",
            f"Growth: time per 1,000 documents in each segment, against the first ({verdict}: worst ratio "
            f"{worst:.2f}, linear if <= 1.25).",
            "",
            "| documents | segment | segment time | per 1,000 documents | quads/s | vs first segment |",
            "|---|---|---|---|---|---|",
            *growth,
            "",
            f"Peak resident memory of the build: {own:,.0f} MiB (main process, which also generated the documents), "
            f"{workers:,.0f} MiB (largest worker process).",
        ],
    )


if __name__ == "__main__":
    main()
