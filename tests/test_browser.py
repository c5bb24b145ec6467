"""One real Chromium run: the app opens on the bundled sample, shows the Overview chart, and is screenshotted."""

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser import CHROMIUM_ARGS, ROOT, chromium_path, streamlit_server

pytestmark = pytest.mark.browser
SCREENSHOT = ROOT / "docs" / "screenshot.png"
PAGES = ROOT / "docs" / "pages"  # one screenshot per page, for the README


def test_overview_chart_in_a_real_browser() -> None:
    """Open the app, see the Overview chart, save the README screenshot; deep-link a page; download a worklist."""
    executable = chromium_path()
    with streamlit_server({"GAPKIT_STORE": ""}) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            outside = []
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
            page.goto(f"{base}/?editions=en,fr,de,hr,sw,yo,cy", wait_until="domcontentloaded")
            expect(page.get_by_test_id("stHeading").first).to_contain_text("Gender gap", timeout=60_000)
            chart = page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg")
            expect(chart.first).to_be_visible(timeout=60_000)
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible()
            expect(page.get_by_text("NOT representative").first).to_be_visible()
            page.wait_for_timeout(1000)  # let the chart finish its transition before the screenshot
            PAGES.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)

            # A deep link to another page restores its view; switching page keeps the scope.
            page.goto(f"{base}/edition?edition=hr", wait_until="domcontentloaded")
            expect(page.get_by_test_id("stHeading").first).to_contain_text("Edition profile", timeout=60_000)
            expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(3, timeout=60_000)
            page.wait_for_timeout(1000)
            page.screenshot(path=str(PAGES / "edition.png"), full_page=True)
            # The first chart as a PNG, drawn on the server when asked for.
            with page.expect_download() as download:
                page.get_by_role("button", name="Download PNG").first.click()
            assert download.value.suggested_filename == "hr_region.png"
            with open(download.value.path(), "rb") as handle:
                assert handle.read(8) == b"\x89PNG\r\n\x1a\n"
            page.get_by_test_id("stSidebarNav").get_by_role("link", name="Worklist").click()
            expect(page.get_by_test_id("stHeading").first).to_contain_text("Editathon worklist", timeout=60_000)
            expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=60_000)
            assert "edition=hr" in page.url
            with page.expect_download() as download:
                page.get_by_test_id("stDownloadButton").first.locator("button").click()
            path = download.value.path()
            assert download.value.suggested_filename == "worklist_hr.csv"
            with open(path, encoding="utf-8") as handle:
                assert handle.readline().startswith("qid,label,description,gender,countries,birth_year,articles")
            page.wait_for_timeout(500)
            page.screenshot(path=str(PAGES / "worklist.png"), full_page=True)
            for path_name, title, shot in (("regions?editions=hr,en", "Biographies by region", "regions.png"),
                                           ("quality?editions=hr,en", "Data quality", "quality.png")):  # fmt: skip
                page.goto(f"{base}/{path_name}", wait_until="domcontentloaded")
                expect(page.get_by_test_id("stHeading").first).to_contain_text(title, timeout=60_000)
                expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=60_000)
                page.wait_for_timeout(800)
                page.screenshot(path=str(PAGES / shot), full_page=True)
            assert [u for u in outside if not u.startswith(("data:", "blob:"))] == []
        finally:
            browser.close()
