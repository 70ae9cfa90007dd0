"""The app in a real browser on a large store: time to the first paint of the overview and to an answer.

    .venv/bin/python bench/bench_app.py [--documents 1000] [--rounds 5]

`streamlit run app.py` serves the seeds plus N generated documents; headless Chromium (Debian's
`chromium`, driven by Playwright) opens the page cold once, then ``--rounds`` times warm (a new
browser page each time, the server's caches filled). "Overview" is the time from navigation until
the table of every unit's latest rating has been drawn; "answer" the time from opening a shared
``?q=`` link until the answer is on the page. Target: both under 2 s warm (the median of the warm rounds;
the worst is reported beside it).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

from corpus import built_store
from results import ROOT, record

from probation_graph.server import free_port
from servers import started

QUESTION = "Which PDUs were rated inadequate?"
TARGET_S = 2.0
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"]


def overview_time(page: object, url: str) -> tuple[float, float]:
    """Seconds from navigation until the overview is on the screen, and until its table is drawn."""
    started_at = time.perf_counter()
    page.goto(url)  # type: ignore[attr-defined]
    heading = page.get_by_role("heading", name="The latest overall rating of every unit")  # type: ignore[attr-defined]
    heading.wait_for(timeout=120_000)
    painted = time.perf_counter() - started_at
    table = page.locator('[data-testid="stDataFrame"]').first  # type: ignore[attr-defined]
    table.locator("canvas").first.wait_for(timeout=120_000)
    return painted, time.perf_counter() - started_at


def answer_time(page: object, url: str) -> float:
    """Seconds from opening a ``?q=`` link until the answer is on the page."""
    started_at = time.perf_counter()
    page.goto(url + "?q=" + QUESTION.replace(" ", "+").replace("?", "%3F"))  # type: ignore[attr-defined]
    page.locator('[data-testid="stAlertContentSuccess"]').first.wait_for(timeout=120_000)  # type: ignore[attr-defined]
    return time.perf_counter() - started_at


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("Chromium is not installed (Debian: apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    store, figures = built_store(args.documents)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.address", "127.0.0.1",
        "--server.port", str(port), "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    env = {"PROBATION_GRAPH_STORE": str(store), "PROBATION_GRAPH_DATA": str(Path(store).parent / "none")}
    with started(command, f"{url}_stcore/health", env), sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1200})
            cold_page = context.new_page()
            cold_paint, cold_overview = overview_time(cold_page, url)
            cold_answer = answer_time(cold_page, url)
            cold_page.close()
            paint, overview, answer = [], [], []
            for _ in range(args.rounds):
                page = context.new_page()
                painted, drawn = overview_time(page, url)
                paint.append(painted)
                overview.append(drawn)
                answer.append(answer_time(page, url))
                page.close()
        finally:
            browser.close()
    passed = statistics.median(paint) < TARGET_S and statistics.median(answer) < TARGET_S
    record(
        f"app in the browser, {args.documents:,} generated documents",
        [
            f"Seeds + {args.documents:,} generated documents ({figures.get('quads', 0):,.0f} quads); `streamlit run` "
            f"and headless Chromium on the same machine; cold once, then {args.rounds} warm rounds.",
            "",
            "| measure | cold | warm median | warm worst | target |",
            "|---|---|---|---|---|",
            f"| first paint of the overview | {cold_paint:.2f} s | {statistics.median(paint):.2f} s | {max(paint):.2f} s "
            f"| < {TARGET_S:g} s |",
            f"| overview drawn, its table included | {cold_overview:.2f} s | {statistics.median(overview):.2f} s | "
            f"{max(overview):.2f} s | |",
            f"| answer from a `?q=` link | {cold_answer:.2f} s | {statistics.median(answer):.2f} s | "
            f"{max(answer):.2f} s | < {TARGET_S:g} s |",
            f"| result | | | {'pass' if passed else 'FAIL'} | |",
        ],
    )
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
