"""The real page in headless Chromium: `streamlit run app.py` on 127.0.0.1, driven by Playwright.

Needs Debian's ``chromium`` (``make test`` installs it where it can); skipped, saying why, without it.
The screenshot is saved under ``test-output/`` at the top of the repository.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator

import pytest

from probation_graph import EmbeddedStore, Settings, build
from probation_graph.server import free_port

from .conftest import ROOT, SEED
from .servers import running

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
OUTPUT = ROOT / "test-output"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium)")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the five seed documents, served by `streamlit run` on a free loopback port."""
    folder = tmp_path_factory.mktemp("browser")
    shutil.copytree(SEED, folder / "data", ignore=shutil.ignore_patterns(".store", "uploads"))
    settings = Settings(data=folder / "data", store=folder / "store")
    store = EmbeddedStore(settings.store)
    assert build(store, settings=settings).ok
    store.close()
    del store
    port = free_port()
    env = {"PROBATION_GRAPH_STORE": str(settings.store), "PROBATION_GRAPH_DATA": str(settings.data)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with running(command, f"http://127.0.0.1:{port}/_stcore/health", env):
        yield f"http://127.0.0.1:{port}/"


def test_asking_in_the_browser_shows_units_with_their_evidence(app_url: str):
    from playwright.sync_api import expect, sync_playwright

    OUTPUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2200})
            page.goto(app_url)
            box = page.get_by_label("Your question")
            box.wait_for(timeout=60_000)
            box.fill("Which PDUs were rated inadequate?")
            box.press("Enter")
            answer = page.locator('[data-testid="stAlertContentSuccess"]')
            expect(answer).to_contain_text("Barnsley and Rotherham", timeout=30_000)
            expect(answer).to_contain_text("Sheffield")
            page.get_by_role("heading", name="Evidence").wait_for()
            quotes = page.locator(".evidence")
            expect(quotes.filter(has_text="Barnsley and Rotherham")).not_to_have_count(0)
            expect(quotes.filter(has_text="Sheffield")).not_to_have_count(0)
            expect(quotes.locator("mark").first).to_have_text("Inadequate", ignore_case=True)
            page.get_by_role("heading", name="The graph around the answer").wait_for()
            charts = page.locator('[data-testid="stVegaLiteChart"]:visible')  # those of the open tab
            expect(charts).not_to_have_count(0, timeout=30_000)
            for chart in charts.all():  # drawn: Vega has put its canvas (or SVG) in every chart on show
                chart.locator("canvas, svg").first.wait_for(timeout=30_000)
            shot = OUTPUT / "app-inadequate-units.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 20_000
            assert "Traceback" not in page.content()
        finally:
            browser.close()
