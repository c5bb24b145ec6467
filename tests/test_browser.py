"""Real Chromium runs: the app opens on the bundled sample, shows the Overview chart, and is screenshotted; every
download button delivers its file, twice, after control changes; control changes and page opens are timed."""

import json
import re
import statistics

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.browser import (
    CHROMIUM_ARGS,
    ROOT,
    chosen,
    chromium_path,
    combobox,
    idle,
    pick,
    settle,
    streamlit_server,
    timed_change,
    timed_open,
)

pytestmark = pytest.mark.browser
SCREENSHOT = ROOT / "docs" / "screenshot.png"
PAGES = ROOT / "docs" / "pages"  # one screenshot per page, for the README


def test_overview_chart_in_a_real_browser() -> None:
    """Open the app, see the Overview chart; deep-link a page; download a worklist; save the README screenshots
    of Regions and Data quality (the walkthrough test takes the others)."""
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

            # A deep link to another page restores its view; switching page keeps the scope.
            page.goto(f"{base}/edition?edition=hr", wait_until="domcontentloaded")
            expect(page.get_by_test_id("stHeading").first).to_contain_text("Edition profile", timeout=60_000)
            expect(page.locator("[data-testid='stVegaLiteChart']")).to_have_count(3, timeout=60_000)
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
            for path_name, title, shot in (("regions?editions=hr,en", "Biographies by region", "regions.png"),
                                           ("quality?editions=hr,en", "Data quality", "quality.png")):  # fmt: skip
                page.goto(f"{base}/{path_name}", wait_until="domcontentloaded")
                expect(page.get_by_test_id("stHeading").first).to_contain_text(title, timeout=60_000)
                expect(page.get_by_test_id("stDataFrame").first).to_be_visible(timeout=60_000)
                shoot(page, PAGES / shot)
            assert [u for u in outside if not u.startswith(("data:", "blob:"))] == []
        finally:
            browser.close()


CHART = "[data-testid='stVegaLiteChart']"
TIMES = ROOT / ".pytest_cache" / "browser-times.json"  # reported, never asserted (speed targets live in bench/)


def click_every_download(page: object, where: str, failures: list[str], delivered: list[str]) -> None:
    """Click each download button of the page twice, as a person would (no waiting between clicks); a click that
    delivers no file, or an empty one, is recorded."""
    buttons = page.get_by_test_id("stDownloadButton")
    count = buttons.count()
    assert count > 0, where
    for attempt in (1, 2):
        for number in range(count):
            button = buttons.nth(number).locator("button")
            label = f"{where} button {number + 1} ({button.inner_text()}) click {attempt}"
            try:
                with page.expect_download(timeout=20_000) as download:
                    button.click()
                path = download.value.path()
                with open(path, "rb") as handle:
                    size = len(handle.read())
                (delivered if size > 0 else failures).append(f"{label}: {download.value.suggested_filename} {size} B")
            except Exception as err:  # every failed click is collected, then reported at once
                failures.append(f"{label}: {type(err).__name__}")


def test_every_download_delivers_twice_after_control_changes() -> None:
    """Every download button on every page gives a non-empty file on each of two clicks, after control changes
    and after another download; control changes and page opens are timed on the bundled sample."""
    executable = chromium_path()
    failures: list[str] = []
    delivered: list[str] = []
    changes: list[float] = []
    runs: list[float] = []  # of each change, the part the app showed as running
    opens: list[float] = []
    with streamlit_server({"GAPKIT_STORE": ""}) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            opens.append(timed_open(page, f"{base}/?editions=en,fr,de,hr", CHART))
            opens.append(timed_open(page, f"{base}/?editions=en,fr,de,hr", CHART))  # a returning visitor
            changes.append(timed_change(page, lambda: page.get_by_text("raw P21 values").click(), runs=runs))
            changes.append(timed_change(page, lambda: page.get_by_text("groups (one per person)").click(), runs=runs))
            click_every_download(page, "overview", failures, delivered)

            opens.append(timed_open(page, f"{base}/edition?edition=hr", CHART))
            opens.append(timed_open(page, f"{base}/edition?edition=de", CHART))
            toggle = page.get_by_test_id("stCheckbox").filter(has_text="Split by gender group")
            changes.append(timed_change(page, lambda: toggle.click(), runs=runs))
            changes.append(timed_change(page, lambda: toggle.click(), runs=runs))
            slider = page.get_by_role("slider")
            slider.focus()
            changes.append(timed_change(page, lambda: slider.press("ArrowRight"), runs=runs))
            with page.expect_download(timeout=20_000):
                page.get_by_role("button", name="Download CSV").first.click()
            changes.append(timed_change(page, lambda: toggle.click(), runs=runs))
            click_every_download(page, "edition", failures, delivered)

            opens.append(timed_open(page, f"{base}/regions?editions=hr,en", CHART))
            toggle = page.get_by_test_id("stCheckbox").filter(has_text="Split by gender group")
            changes.append(timed_change(page, lambda: toggle.click(), runs=runs))
            click_every_download(page, "regions", failures, delivered)

            opens.append(timed_open(page, f"{base}/crosstab?editions=hr,en", CHART))
            changes.append(pick(page, "Columns", "Birth", "Birth period", runs=runs))
            with page.expect_download(timeout=20_000):
                page.get_by_role("button", name="Download CSV").first.click()
            changes.append(pick(page, "Rows", "Occ", "Occupation", runs=runs))
            click_every_download(page, "crosstab", failures, delivered)

            opens.append(timed_open(page, f"{base}/worklist?edition=hr", "[data-testid='stDataFrame']"))
            limit = page.get_by_test_id("stNumberInput").filter(has_text="List at most").locator("input")
            changes.append(timed_change(page, lambda: (limit.fill("20"), limit.press("Enter")), runs=runs))
            click_every_download(page, "worklist", failures, delivered)

            opens.append(timed_open(page, f"{base}/quality?editions=hr,en", "[data-testid='stDataFrame']"))
            changes.append(timed_change(page, lambda: page.get_by_text("citizenship (P27)").click(), runs=runs))
            click_every_download(page, "quality", failures, delivered)
            idle(page)
        finally:
            browser.close()
    report_times(changes, opens, runs, delivered)
    assert failures == [], failures


def report_times(changes: list[float], opens: list[float], runs: list[float], delivered: list[str]) -> None:
    """Write the measured click and page-open times to TIMES and print them (reported, never asserted)."""
    times = {
        "median_control_change_s": round(statistics.median(changes), 3),
        "median_page_open_s": round(statistics.median(opens), 3),
        "median_rerun_shown_running_s": round(statistics.median(runs), 3),
        "control_changes_s": [round(t, 3) for t in changes],
        "page_opens_s": [round(t, 3) for t in opens],
        "downloads_delivered": len(delivered),
    }
    TIMES.parent.mkdir(exist_ok=True)
    TIMES.write_text(json.dumps(times, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(times))


def nav(page: object, title: str, heading: str) -> None:
    """Open a page from the sidebar's page list, as a person would, and wait for its runs to end."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_test_id("stHeading").first).to_contain_text(heading, timeout=60_000)
    settle(page)


# The page's height: Streamlit scrolls inside its main block, so a full-page screenshot alone shows one screen.
CONTENT_HEIGHT = """() => Math.max(900, ...[...document.querySelectorAll(
  "[data-testid='stMain'] [data-testid='stMainBlockContainer'], [data-testid='stSidebarContent']")]
  .map(e => e.scrollHeight + 120))"""


def shoot(page: object, path: object, most: int = 3200) -> None:
    """A screenshot for the README of the whole page (at most `most` pixels tall), from its top, once charts have
    finished their transitions; the window gets its first size back afterwards."""
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": min(most, int(page.evaluate(CONTENT_HEIGHT)))})
    page.evaluate("() => document.querySelector(\"[data-testid='stMain']\")?.scrollTo(0, 0)")
    page.wait_for_timeout(1000)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    page.set_viewport_size(size)


def metrics(page: object) -> list[str]:
    """The headline metrics' texts (label, value, delta), one per metric."""
    found = page.get_by_test_id("stMetric")
    expect(found.first).to_be_visible(timeout=60_000)
    texts = [found.nth(n).inner_text().split("\n") for n in range(found.count())]
    return [" | ".join(line.strip() for line in text if line.strip()) for text in texts]


def test_a_planners_walkthrough_in_a_real_browser(tmp_path) -> None:
    """The README's walkthrough, click by click on the bundled sample: editions, occupation and gender picked by
    name, a baseline, the cross-tab, the worklist with every download twice, an event saved and opened; the
    README's screenshots are taken on the way."""
    executable = chromium_path()
    events = tmp_path / "events"
    config = tmp_path / "gapkit.toml"
    config.write_text(f'events_dir = "{events}"\n', encoding="utf-8")
    failures: list[str] = []
    delivered: list[str] = []
    server_env = {"GAPKIT_STORE": "", "GAPKIT_CONFIG": str(config)}
    with streamlit_server(server_env) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            outside: list[str] = []
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(base) else None)
            walk_overview(page, base)
            walk_edition_profile(page)
            walk_crosstab(page)
            walk_worklist(page, failures, delivered)
            walk_event(page, events)
            assert page.get_by_test_id("stException").count() == 0
            assert [u for u in outside if not u.startswith(("data:", "blob:"))] == []
        finally:
            browser.close()
    assert failures == [], failures
    assert len(delivered) == 10  # five worklist formats, each clicked twice


def walk_overview(page: object, base: str) -> None:
    """Step 1: the Overview, its editions cleared and hr and en picked by typing their names; the headline."""
    page.goto(f"{base}/", wait_until="domcontentloaded")
    expect(page.get_by_test_id("stHeading").first).to_contain_text("Gender gap", timeout=60_000)
    settle(page)
    editions = page.get_by_test_id("stMultiSelect").filter(has=combobox(page, "Editions"))
    editions.hover()
    timed_change(page, lambda: editions.get_by_role("button", name="Clear all").click())
    pick(page, "Editions", "Croatian", "hr - Croatian Wikipedia")
    pick(page, "Editions", "English", "en - English Wikipedia")
    assert chosen(page, "Editions") == ["hr - Croatian Wikipedia", "en - English Wikipedia"]
    assert metrics(page) == [
        "Croatian Wikipedia: biographies with gender data about women | 6.2 % | -43.8 points to parity",
        "English Wikipedia: biographies with gender data about women | 7.8 % | -42.1 points to parity",
    ]
    expect(page.locator(CHART).first).to_be_visible(timeout=60_000)
    assert "editions=hr%2Cen" in page.url or "editions=hr,en" in page.url
    shoot(page, SCREENSHOT)


def walk_edition_profile(page: object) -> None:
    """Step 2: the Edition profile of hr (kept from the Overview), against all people in the data."""
    nav(page, "Edition profile", "Edition profile")
    assert chosen(page, "Edition") == ["hr - Croatian Wikipedia"]
    pick(page, "Compare with (baseline)", "all people", "all people in the data")
    assert metrics(page) == [
        "Croatian Wikipedia: biographies with gender data about women | 6.2 % | -1.5 points to all people in the data"
    ]
    expect(page.locator(CHART)).to_have_count(3, timeout=60_000)
    expect(page.get_by_test_id("stDataFrame").first).to_contain_text("gap_pp")
    shoot(page, PAGES / "edition.png")


def walk_crosstab(page: object) -> None:
    """Step 2, crossed: the Cross-tab page, occupation in rows and region in columns, chosen in its selectboxes."""
    nav(page, "Cross-tab", "Cross-tab")
    assert chosen(page, "Editions") == ["hr - Croatian Wikipedia", "en - English Wikipedia"]
    pick(page, "Rows", "Occ", "Occupation")
    expect(page.get_by_text("Rows and columns are both occupation").first).to_be_visible()
    pick(page, "Columns", "Reg", "Region of citizenship")
    assert "rows=occupation" in page.url and "columns=region" in page.url  # the view is in its address
    heat = page.locator(f"{CHART} canvas, {CHART} svg")
    expect(heat.first).to_be_visible(timeout=60_000)
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    expect(page.get_by_role("tab", name="Share of women")).to_be_visible()
    assert page.get_by_test_id("stDownloadButton").count() == 4
    shoot(page, PAGES / "crosstab.png")


def walk_worklist(page: object, failures: list[str], delivered: list[str]) -> None:
    """Steps 3 and 4: the Worklist for hr, women writers (and narrower occupations) picked by name in the
    sidebar; every download clicked twice."""
    nav(page, "Worklist", "Editathon worklist")
    assert chosen(page, "Write for edition") == ["hr - Croatian Wikipedia"]
    pick(page, "Occupations", "writer", re.compile(r"^writer \(Q36180\): \d+ people$"))
    narrower = page.get_by_test_id("stCheckbox").filter(has_text="…and narrower occupations")
    timed_change(page, lambda: narrower.click())
    expect(narrower.get_by_role("checkbox")).to_be_checked()
    pick(page, "Gender group", "wom", "women")
    assert chosen(page, "Gender group") == ["women"] and chosen(page, "Occupations")[0].startswith("writer (Q36180)")
    expect(page.get_by_test_id("stMetric").first).to_contain_text("Candidates")
    expect(page.get_by_test_id("stMetric").first).to_contain_text("5")
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible(timeout=60_000)
    click_every_download(page, "worklist", failures, delivered)


def walk_event(page: object, events: object) -> None:
    """Step 5: the worklist saved as an event, then opened under Saved events."""
    name = page.get_by_role("textbox", name="Event name (letters, digits, - and _)")
    name.fill("walk")
    timed_change(page, lambda: name.press("Enter"))
    timed_change(page, lambda: page.get_by_role("button", name="Save a snapshot of this worklist").click())
    expect(page.get_by_text("Saved 5 people as event walk.")).to_be_visible()
    assert (events / "walk.json").is_file()
    box = combobox(page, "Saved events")
    box.click()
    page.get_by_role("option", name="walk", exact=True).click()
    settle(page)
    assert chosen(page, "Saved events") == ["walk"]
    expect(page.get_by_text("no change, same data").first).to_be_visible()
    expect(page.locator(CHART).last).to_be_visible()
    assert page.get_by_test_id("stDataFrame").count() == 2
    shoot(page, PAGES / "worklist.png")  # the list, its downloads and the event under it


HOSTILE = [
    "<script>window.__gkPwned = 1</script>",
    '<img src=x onerror="window.__gkPwned = 2">',
    "[click](javascript:window.__gkPwned=3) **bold**",
    "=1+1",
    "bare\rCR",
    "v\x0btab",
    "\u202eRTL override",
    "x" * 100_000,
]


def hostile_browser_store(tmp_path) -> object:
    """A store whose people, occupation and country are named as an adversary would name them (#14)."""
    import csv

    from gapkit.builders.from_csv import build_from_csv
    from tests.test_csv_import import make_csv_dir, manifest

    folder = tmp_path / "csv"
    make_csv_dir(folder, seed=1)
    # People: every hostile label in turn; the occupations (writer and its parent): a formula and markup, so that
    # figure CSVs and charts carry them too; the one country: a script tag.
    labels = {"people.csv": HOSTILE, "occupations.csv": ['=HYPERLINK("x")', HOSTILE[1]], "countries.csv": HOSTILE}
    for name, column in (("people.csv", 7), ("occupations.csv", 1), ("countries.csv", 1)):
        with open(folder / name, encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        for number, row in enumerate(rows[1:]):
            row[column] = labels[name][number % len(labels[name])]
        with open(folder / name, "w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    build_from_csv(folder, tmp_path / "store", manifest())
    return tmp_path / "store"


def safe_csv(data: bytes) -> list[str]:
    """The cells of a CSV file that break the formula rule (a text a spreadsheet would run, not a number)."""
    import csv
    import io

    from gapkit.outputs.cells import FORMULA_STARTS, NUMBER

    cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8"), newline="")) for cell in row]
    return [cell[:40] for cell in cells if cell[:1] in FORMULA_STARTS and NUMBER.fullmatch(cell) is None]


def test_hostile_labels_are_inert_on_every_page(tmp_path) -> None:
    """Every page on a store of hostile labels: no script runs, no traceback, markup stays text; every CSV
    downloaded from it keeps the formula rule."""
    executable = chromium_path()
    store = hostile_browser_store(tmp_path)
    pages = [
        ("?editions=no,en", "Gender gap"),
        ("edition?edition=no", "Edition profile"),
        ("regions?editions=no,en&by_gender=1", "Biographies by region"),
        ("worklist?edition=no", "Editathon worklist"),
        ("quality?editions=no,en", "Data quality"),
        ("queries", "Queries & data"),
    ]
    unsafe: dict[str, list[str]] = {}
    with streamlit_server({"GAPKIT_STORE": str(store)}) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            dialogs: list[str] = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            for path, title in pages:
                page.goto(f"{base}/{path}", wait_until="domcontentloaded")
                expect(page.get_by_test_id("stHeading").first).to_contain_text(title, timeout=60_000)
                settle(page)  # every run of the page over, its charts drawn
                assert page.evaluate("() => window.__gkPwned") is None, path
                assert page.get_by_test_id("stException").count() == 0, path
                text = page.inner_text("body")
                assert "Traceback" not in text and "/work/" not in text, path
                assert page.locator("img[src='x'], a[href^='javascript']").count() == 0, path
                assert page.locator("script:text('__gkPwned')").count() == 0, path
                buttons = page.get_by_test_id("stDownloadButton").filter(has_text="CSV")
                for number in range(buttons.count()):
                    with page.expect_download(timeout=20_000) as download:
                        buttons.nth(number).locator("button").click()
                    with open(download.value.path(), "rb") as handle:
                        data = handle.read()
                    assert data, (path, number)
                    unsafe[f"{path} {download.value.suggested_filename}"] = safe_csv(data)
            assert dialogs == []
        finally:
            browser.close()
    assert any("worklist" in name for name in unsafe) and any("occupation" in name for name in unsafe)
    assert {name: cells for name, cells in unsafe.items() if cells} == {}
