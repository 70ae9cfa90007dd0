"""The real page in headless Chromium: `streamlit run app.py` on 127.0.0.1, driven by Playwright.

Needs Debian's ``chromium`` (``make test`` installs it where it can); skipped, saying why, without it.
The screenshot is saved under ``test-output/`` at the top of the repository.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from probation_graph import EmbeddedStore, Settings, build
from probation_graph.server import free_port

from .conftest import ANALYTICS, ROOT, SEED, seeds_with
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


@contextmanager
def served_app(data: Path, store: Path) -> Iterator[str]:
    """The documents of ``data`` built into ``store`` and the app on it, by `streamlit run` on a free loopback port."""
    settings = Settings(data=data, store=store)
    built = EmbeddedStore(settings.store)
    assert build(built, settings=settings).ok
    built.close()
    del built
    port = free_port()
    env = {"PROBATION_GRAPH_STORE": str(settings.store), "PROBATION_GRAPH_DATA": str(settings.data)}
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.address", "127.0.0.1", "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with running(command, f"http://127.0.0.1:{port}/_stcore/health", env):
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the five seed documents."""
    folder = tmp_path_factory.mktemp("browser")
    shutil.copytree(SEED, folder / "data", ignore=shutil.ignore_patterns(".store", "uploads"))
    with served_app(folder / "data", folder / "store") as url:
        yield url


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


@pytest.fixture(scope="module")
def corpus_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the seeds and the development corpus (or, without it, the invented analytics corpus)."""
    from .test_corpus import CORPUS_DEV

    folder = tmp_path_factory.mktemp("browser-corpus")
    data = seeds_with(folder, CORPUS_DEV if CORPUS_DEV.is_dir() else ANALYTICS)
    with served_app(data, folder / "store") as url:
        yield url


def _drawn(page: Any) -> None:
    """Wait until the open tab is drawn: no placeholder left, a canvas in every table, Vega's drawing in every chart."""
    page.locator('[data-testid="stSkeleton"]').first.wait_for(state="detached", timeout=60_000)
    for table in page.locator('[data-testid="stDataFrame"]:visible').all():
        table.locator("canvas").first.wait_for(timeout=30_000)
    charts = page.locator('[data-testid="stVegaLiteChart"]:visible')
    for chart in charts.all():
        chart.locator("canvas, svg").first.wait_for(timeout=30_000)


def _pick(page: Any, label: str, value: str) -> None:
    """Choose ``value`` in the multiselect labelled ``label`` by typing it, as a person would."""
    box = page.locator('[data-testid="stMultiSelect"]').filter(has_text=label).locator("input")
    box.click()
    box.fill(value)
    page.get_by_role("option", name=value, exact=True).click()
    page.keyboard.press("Escape")


def test_a_corpus_in_the_browser_overview_filter_profile_compare_and_a_shared_question(corpus_url: str):
    from playwright.sync_api import expect, sync_playwright

    OUTPUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1800})
            page.goto(corpus_url)
            units = page.locator('[data-testid="stMetric"]').filter(has_text="Units inspected")
            units.wait_for(timeout=60_000)
            total = int(units.locator('[data-testid="stMetricValue"]').inner_text().replace(",", ""))
            assert total > 5, "a corpus opens on the overview"
            expect(page.get_by_role("heading", name="The latest overall rating of every unit")).to_be_visible()
            _drawn(page)
            page.screenshot(path=str(OUTPUT / "overview.png"), full_page=True)

            shown = page.get_by_text(re.compile(r"^\d+ units? of \d+ rated"))
            rated = int(shown.inner_text().split()[0])
            _pick(page, "Region", "North West region")
            expect(page).to_have_url(re.compile(r"region=North\+West\+region"), timeout=30_000)
            expect(shown).not_to_have_text(re.compile(rf"^{rated} units of"), timeout=30_000)
            count = int(shown.inner_text().split()[0])
            assert 0 < count < rated
            page.get_by_text(re.compile(r"^Show the .* over time")).click()
            expect(page.locator('[data-testid="stVegaLiteChart"]')).not_to_have_count(0, timeout=30_000)
            _drawn(page)
            page.screenshot(path=str(OUTPUT / "overview-north-west.png"), full_page=True)

            opened = page.locator('[data-testid="stSelectbox"]').filter(has_text="Open the profile of")
            unit = opened.locator("input").input_value() or opened.get_by_role("combobox").inner_text()
            unit = unit.strip()
            assert unit, opened.inner_html()
            page.get_by_role("button", name="Open profile").click()
            expect(page.get_by_role("heading", name=unit, exact=True)).to_be_visible(timeout=30_000)
            expect(page).to_have_url(re.compile(r"tab=Profiles"))
            _drawn(page)
            page.screenshot(path=str(OUTPUT / "profile.png"), full_page=True)

            page.get_by_role("tab", name="Compare").click()
            _pick(page, "Units to compare", unit)
            other = "Sheffield PDU" if unit != "Sheffield PDU" else "Barnsley and Rotherham PDU"
            _pick(page, "Units to compare", other)
            table = page.locator('[data-testid="stDataFrame"]').first
            expect(table).to_be_visible(timeout=30_000)
            expect(page).to_have_url(re.compile(r"compare="), timeout=30_000)
            expect(page.locator(".evidence").first).to_be_visible(timeout=30_000)
            page.screenshot(path=str(OUTPUT / "compare.png"), full_page=True)

            page.get_by_role("tab", name="Change over time").click()
            expect(page.get_by_text(re.compile(r"▲ improved: \d+"))).to_be_visible(timeout=30_000)
            expect(page.locator('[data-testid="stVegaLiteChart"]:visible')).not_to_have_count(0, timeout=30_000)
            _drawn(page)
            page.screenshot(path=str(OUTPUT / "change-over-time.png"), full_page=True)

            page.goto(corpus_url + "?q=Which+PDUs+were+rated+inadequate%3F")
            answer = page.locator('[data-testid="stAlertContentSuccess"]')
            expect(answer).to_contain_text("Sheffield", timeout=60_000)
            expect(page.get_by_text("Understood as:")).to_be_visible()
            expect(page.get_by_role("textbox", name="Your question")).to_have_value("Which PDUs were rated inadequate?")
            _drawn(page)
            page.screenshot(path=str(OUTPUT / "answer-from-link.png"), full_page=True)
            assert "Traceback" not in page.content()
        finally:
            browser.close()
