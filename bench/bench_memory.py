"""Peak resident memory of `build`, `ask` and the app, on the seed graph and on the large graph.

    .venv/bin/python bench/bench_memory.py [--documents 1000]

Each runs in its own process and its peak resident memory (VmHWM) is read from /proc: `build` of
the seed corpus (the large build is measured by bench_ingest.py); `ask` of the dev questions from
the command line (`probation-graph ask --jsonl`); the app (app.py run by Streamlit's AppTest,
answering one question, as the server process would for one session).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from corpus import SEED, built_store
from results import ROOT, record

QUESTIONS = ROOT.parent / "shared" / "eval" / "questions.dev.jsonl"
APP = """
import sys
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[1], default_timeout=300)
at.query_params["tab"] = "Ask a question"
at.run()
at.text_input(key="q").set_value("Which PDUs were rated inadequate?").run()
assert not at.exception, at.exception
"""


LAUNCH = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
if done.returncode:
    sys.stderr.write(done.stderr.decode()[-800:])
    sys.exit(done.returncode)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def peak_of(command: list[str], env: dict[str, str], stdin: bytes = b"") -> float:
    """Run ``command`` (from a fresh launcher, so the figure is its own) and return its peak RSS in MiB."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCH, *command], env={**os.environ, **env}, input=stdin, capture_output=True,
        timeout=900,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"{command} failed: {done.stderr.decode()}")
    return int(done.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    args = parser.parse_args()
    questions = b"".join(json.loads(line)["question"].encode() + b"\n" for line in QUESTIONS.open() if line.strip())
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        env = {"PROBATION_GRAPH_DATA": str(SEED), "PROBATION_GRAPH_STORE": str(Path(folder) / "store")}
        build = peak_of([sys.executable, "-m", "probation_graph", "build"], env)
        rows.append(f"| build | seed corpus | {build:,.0f} MiB |")
    large = json.loads((built_store(args.documents)[0].parent / "build.json").read_text())
    for name, count in (("seed", 0), (f"seed + {args.documents:,} generated", args.documents)):
        store, _figures = built_store(count)
        env = {"PROBATION_GRAPH_STORE": str(store), "PROBATION_GRAPH_DATA": str(SEED)}
        asked = peak_of([sys.executable, "-m", "probation_graph", "ask", "--jsonl"], env, questions)
        rows.append(f"| ask (50 dev questions, CLI) | {name} | {asked:,.0f} MiB |")
        with tempfile.TemporaryDirectory() as folder:  # a folder of its own: nothing there shadows a module
            script = Path(folder) / "one_session.py"
            script.write_text(APP)
            app = peak_of([sys.executable, str(script), str(ROOT / "app.py")], env)
        rows.append(f"| app (one session, one question) | {name} | {app:,.0f} MiB |")
        print(rows[-2], rows[-1], sep="\n", flush=True)
    record(
        "peak memory",
        [
            "Peak resident memory (VmHWM) of each process. The build of the large graph is in the ingest "
            f"benchmark ({large['quads']:,.0f} quads).",
            "",
            "| process | graph | peak resident memory |",
            "|---|---|---|",
            *rows,
        ],
    )


if __name__ == "__main__":
    main()
