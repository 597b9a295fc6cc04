"""The dashboard in a real browser (Debian chromium via Playwright) as ``jbr serve`` serves it,
with its Content-Security-Policy: open the dashboard, change the year filter (with and without
JavaScript), follow a link to an indicator, download the CSV; axe-core finds no WCAG 2.1 A/AA
violation on any page type; on a phone the page does not scroll sideways, its tables do.
Screenshots are kept for review (tests/conftest.py: screenshots())."""

from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest

from ..conftest import axe_violations, console_page, screenshots
from ..conftest import shot as screenshot
from ..web_server import Store, running

STARTED = time.time()  # when this module was imported: before any of its screenshots


@pytest.fixture(scope="module")
def written(site_2024, tmp_path_factory) -> Store:
    """2023 and 2024 published, the site and open data written (tests/worlds.py), copied:
    ``jbr serve`` may write to its store."""
    site = site_2024.copy(tmp_path_factory.mktemp("dashboard") / "world")
    return Store(site.db, site.out, {})


@pytest.fixture(scope="module")
def server(written):
    with running(written) as live:
        yield live


@pytest.fixture
def page(browser):
    page = console_page(browser, accept_downloads=True, viewport={"width": 1280, "height": 900})
    yield page
    page.context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    screenshot(page, f"dashboard-{name}")


def no_csp_errors(page) -> None:  # type: ignore[no-untyped-def]
    blocked = [m for m in page.console_messages if "Content Security Policy" in m]
    assert blocked == []


def test_filter_follow_and_download(server, page, tmp_path):
    page.goto(server.url + "/")
    assert page.get_by_role("heading", level=1).inner_text() == "Overzicht 2024"
    assert axe_violations(page) == []
    shot(page, "overzicht")

    # The year filter, enhanced by site.js into a select box and a button.
    year = page.get_by_role("combobox", name="Jaar")
    year.select_option(label="2023")
    assert page.url == server.url + "/"  # choosing alone does not navigate (WCAG 3.2.2)
    page.get_by_role("button", name="Toon").first.click()
    page.wait_for_url("**/year/2023/")
    assert page.get_by_role("heading", level=1).inner_text() == "Overzicht 2023"

    page.get_by_role("link", name="Aantal medewerkers", exact=True).click()
    page.wait_for_url("**/indicator/personnel.headcount/2023/")
    assert "Aantal medewerkers" in page.get_by_role("heading", level=1).inner_text()
    figure = page.locator(".figure-value").inner_text()
    assert figure.endswith("57\u00a0personen")  # BZK 30 + FIN 20 + AZ 7
    assert page.get_by_role("img", name="Grafiek: Aantal medewerkers, Rijk").is_visible()
    assert axe_violations(page) == []
    shot(page, "indicator")

    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").first.click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    table = list(csv.reader(saved.open(encoding="utf-8")))
    assert table[0] == ["code", "Ministerie", "2024", "2023"]
    assert ["RIJK", "Rijk", "58", "57"] in table
    assert ["AZ", "Algemene Zaken", "*", "*"] in table  # 7 persons: the mark, never 7
    no_csp_errors(page)


def test_filters_work_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "/indicator/personnel.headcount/2024/")
    assert page.get_by_role("combobox").count() == 0  # plain links, no script
    page.get_by_role("navigation", name="Jaar").get_by_role("link", name="2023").click()
    page.wait_for_url("**/indicator/personnel.headcount/2023/")
    page.get_by_role("navigation", name="Ministerie").get_by_role(
        "link", name="FIN – Financiën"
    ).click()
    # the written page names its file (…/FIN/index.html); the server answers at the folder
    page.wait_for_url("**/indicator/personnel.headcount/2023/FIN/")
    assert page.locator(".figure-value").inner_text().endswith("20\u00a0personen")  # FIN 2023
    context.close()


@pytest.mark.parametrize(
    "name, path",
    [
        ("ministerie", "/ministry/FIN/2024/"),
        ("data", "/data/"),
        ("categorieen", "/indicator/ict.project_overrun_pct/2023/"),
        ("english", "/en/indicator/personnel.headcount/2024/"),
        ("english-overview", "/en/year/2023/"),
        ("ministerie-cijfer", "/indicator/personnel.headcount/2024/FIN/"),
    ],
)
def test_every_page_type_passes_axe(server, page, name, path):
    page.goto(server.url + path)
    assert axe_violations(page) == []
    shot(page, name)
    no_csp_errors(page)


def test_a_ministry_figure_page(server, page):
    page.goto(server.url + "/indicator/personnel.headcount/2024/FIN/")
    assert page.locator(".figure-value").inner_text().endswith("20\u00a0personen")
    page.get_by_role("combobox", name="Jaar").select_option(label="2023")
    page.get_by_role("button", name="Toon").first.click()
    page.wait_for_url("**/indicator/personnel.headcount/2023/FIN/")
    assert "Financiën, 2023" in page.get_by_role("heading", level=1).inner_text()
    no_csp_errors(page)


def test_the_written_site_works_from_files_without_a_server(written, page):
    """SPEC §6: the static site stands alone. Opened as files (file://), every click lands
    on a page, never on a folder listing: from the overview to an indicator, to a
    ministry's figure, to the ministry's page, and to the open data."""
    site = written.out / "site"
    page.goto((site / "index.html").as_uri())
    assert page.get_by_role("heading", level=1).inner_text() == "Overzicht 2024"
    page.get_by_role("link", name="Aantal medewerkers", exact=True).click()
    assert page.url.endswith("/indicator/personnel.headcount/2024/index.html")
    page.locator("#m-FIN").get_by_role("link").click()
    assert page.url.endswith("/indicator/personnel.headcount/2024/FIN/index.html")
    assert page.locator(".figure-value").inner_text().endswith("20\u00a0personen")
    page.get_by_role("link", name="Alle cijfers van Financiën, 2024").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Financiën")
    page.get_by_role("link", name="Open data").first.click()
    # the files by what they hold (readers' words), each a file beside the site
    href = page.get_by_role("link", name="Alle gepubliceerde cijfers (CSV)").get_attribute("href")
    assert href.endswith("opendata/figures.csv")
    assert (Path(page.url.removeprefix("file://")).parent / href).resolve().is_file()


def test_readable_on_a_phone(server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.goto(server.url + "/ministry/FIN/2024/")
    sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert sideways <= 0  # the page itself never scrolls sideways
    scroller = page.locator(".table-scroll").first
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")  # the wide table does
    assert axe_violations(page) == []
    shot(page, "telefoon")
    context.close()


@pytest.mark.slow  # reads what this module's browser tests wrote: runs only where they run
def test_the_screenshots_are_written():
    # written by this run: a screenshot older than this test module is not one of them
    names = {p.name for p in screenshots().glob("dashboard-*.png") if p.stat().st_mtime >= STARTED}
    assert {"dashboard-overzicht.png", "dashboard-indicator.png", "dashboard-telefoon.png"} <= names
