"""SHACL validation at scale: a build of the seed corpus plus N generated documents, with and without validation.

    .venv/bin/python bench/bench_validate.py [--documents 1000]

Each build runs in a fresh process (with its worker processes) on a new store: without validation,
then with it (the build, then `validate` of the whole store, as `probation-graph build` does). The
time of each and the peak resident memory of the largest process of each are recorded. Targets:
the build with validation within 2 x the build without it, and its peak memory <= 1 GiB.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import SEED, documents
from results import record

TIME_TARGET = 2.0
MEMORY_TARGET_MIB = 1024.0

LAUNCH = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
if done.returncode:
    sys.stderr.write(done.stderr.decode()[-2000:])
    sys.exit(done.returncode)
sys.stdout.write(done.stdout.decode().strip().splitlines()[-1] + " ")
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def run_build(listing: Path, store: Path, check: bool) -> None:
    """Build ``store`` from the documents listed in ``listing`` (and validate it if ``check``); print the figures."""
    from probation_graph import EmbeddedStore, Settings, ingest, validate

    paths = [Path(line) for line in listing.read_text().splitlines() if line]
    opened = EmbeddedStore(store)
    started = time.perf_counter()
    report = ingest(opened, paths, settings=Settings(data=SEED, store=store))
    built = time.perf_counter() - started
    assert report.ok, report.failed[:3]
    figures = {"build": built, "validate": 0.0, "quads": len(opened), "conforms": None, "candidates": 0}
    if check:
        started = time.perf_counter()
        validated = validate(opened)
        figures |= {"validate": time.perf_counter() - started, "conforms": validated.conforms}
        figures["candidates"] = validated.candidates
    opened.close()
    print(json.dumps(figures))


def measured(listing: Path, store: Path, check: bool) -> tuple[dict[str, float], float]:
    """The figures of one build in a fresh launcher, and the peak resident memory of its largest process in MiB."""
    command = [sys.executable, __file__, "--run", str(listing), str(store), *(["--check"] if check else [])]
    done = subprocess.run([sys.executable, "-c", LAUNCH, *command], capture_output=True, text=True, timeout=3600)
    if done.returncode:
        raise RuntimeError(f"build failed: {done.stderr}")
    figures, peak = done.stdout.rsplit(" ", 1)
    return json.loads(figures), int(peak) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--run", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_build(*args.run, check=args.check)
        return
    with tempfile.TemporaryDirectory(prefix="probation-graph-validate-") as folder:
        work = Path(folder)
        listing = work / "documents.txt"
        paths = documents(args.documents, work)
        listing.write_text("\n".join(str(p) for p in paths))
        plain, plain_peak = measured(listing, work / "plain", check=False)
        print(f"without validation: {plain['build']:.1f} s, {plain_peak:,.0f} MiB", flush=True)
        checked, checked_peak = measured(listing, work / "checked", check=True)
        print(f"with validation: {checked['build'] + checked['validate']:.1f} s, {checked_peak:,.0f} MiB", flush=True)
    total = checked["build"] + checked["validate"]
    ratio = total / plain["build"]
    time_ok = ratio <= TIME_TARGET
    memory_ok = checked_peak <= MEMORY_TARGET_MIB
    record(
        "SHACL validation at scale",
        [
            f"The seed corpus plus {args.documents:,} generated documents ({len(paths):,} documents, "
            f"{plain['quads']:,.0f} quads), each build in a fresh process on a new store. Validation: SPARQL "
            f"candidates, then pyshacl in batches ({checked['candidates']:,.0f} candidate focus nodes; "
            f"conforms: {checked['conforms']}). Peak memory: the largest process of the build (VmHWM).",
            "",
            "| build | build time | validation time | total | peak resident memory |",
            "|---|---|---|---|---|",
            f"| without validation | {plain['build']:.1f} s | – | {plain['build']:.1f} s | {plain_peak:,.0f} MiB |",
            f"| with validation | {checked['build']:.1f} s | {checked['validate']:.1f} s | {total:.1f} s "
            f"| {checked_peak:,.0f} MiB |",
            "",
            f"Time: {ratio:.2f} x the build without validation (target <= {TIME_TARGET:.0f} x): "
            f"{'PASS' if time_ok else 'FAIL'}. Peak memory: {checked_peak:,.0f} MiB (target <= "
            f"{MEMORY_TARGET_MIB:,.0f} MiB): {'PASS' if memory_ok else 'FAIL'}.",
        ],
    )
    if not (time_ok and memory_ok):
        sys.exit(1)


if __name__ == "__main__":
    main()
