"""Where the benchmarks write their figures: printed, and appended to bench/results.md."""

from __future__ import annotations

import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.md"


def _memory() -> str:
    """The machine's memory, from /proc/meminfo (Linux), in GiB."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    return "unknown"


def record(title: str, lines: list[str]) -> None:
    """Print a titled block of markdown and append it to bench/results.md with date, machine and commit."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=ROOT)
    heading = (
        f"## {title} — {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, commit {commit.stdout.strip() or '?'}, "
        f"{os.cpu_count()} cores, {_memory()} memory, Python {platform.python_version()}"
    )
    block = "\n".join([heading, "", *lines, ""])
    print(block)
    with RESULTS.open("a", encoding="utf-8") as handle:
        handle.write(block + "\n")
