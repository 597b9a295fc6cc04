"""``site/``: a page per indicator and published year, stable URLs, filters as plain links,
nothing of an embargoed year, suppressed figures as a mark, no inline script or style."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from openpyxl import load_workbook

from jbr.indicators import by_id
from jbr.publish.releases import from_store
from jbr.publish.site.model import build_site
from jbr.publish.site.routing import render_path
from jbr.publish.site.write import write_site

from .links import LinkChecker, empty_files
from .site_data import EMPLOYEE_IDS, loaded_store


@pytest.fixture(scope="module")
def built(site_2023, site_2024) -> dict[str, Path]:
    """One store, two builds: with only 2023 published, then with 2023 and 2024
    (the worlds of tests/worlds.py)."""
    return {"db": site_2024.db, "only2023": site_2023.out, "out": site_2024.out}


def page(out: Path, url_path: str) -> Path:
    """The file a static server answers ``url_path`` (a directory URL → its index.html)."""
    path = urlparse(url_path).path
    return out / "site" / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))


def html(out: Path, url_path: str) -> str:
    return page(out, url_path).read_text(encoding="utf-8")


def figures(out: Path) -> list[dict[str, str]]:
    with open(out / "opendata" / "figures.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def links(text: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)"', text)


def test_a_page_per_indicator_and_published_year_in_both_languages(built):
    out = built["out"]
    published = {(r["indicator"], int(r["year"])) for r in figures(out) if r["ministry"] == "RIJK"}
    assert ("personnel.headcount", 2023) in published and ("personnel.headcount", 2024) in published
    for indicator, year in published:
        for prefix in ("", "/en"):
            assert page(out, f"{prefix}/indicator/{indicator}/{year}/").exists(), (indicator, year)
    headcount = html(out, "/indicator/personnel.headcount/2024/")
    assert (
        "<h1>Aantal medewerkers" in headcount
        or by_id()["personnel.headcount"].label_nl in headcount
    )
    # BZK 31 + FIN 20 + AZ 7 = 58 persons at 31 December 2024 (AZ counts in the Rijk total)
    assert '<p class="figure-value"><span class="visually-hidden">Waarde: </span>58' in headcount
    english = html(out, "/en/indicator/personnel.headcount/2024/")
    assert 'lang="en"' in english and by_id()["personnel.headcount"].label_en in english


def test_every_figure_has_a_stable_url_that_resolves(built):
    """Without a public base URL the figure's URL is relative to figures.csv and names the
    written page (a ministry's figure has a page of its own); a category is a row there."""
    out = built["out"]
    opendata = out / "opendata"
    for row in figures(out):
        url = urlparse(row["url"])
        ministry = "" if row["ministry"] == "RIJK" else f"{row['ministry']}/"
        assert (
            url.path == f"../site/indicator/{row['indicator']}/{row['year']}/{ministry}index.html"
        )
        target = (opendata / url.path).resolve()
        assert target.is_file(), row["url"]
        if url.fragment:  # a category of a broken-down indicator
            assert f'id="{url.fragment}"' in target.read_text(encoding="utf-8"), row["url"]


def test_a_ministry_figure_page_is_light_and_links_back(built):
    out = built["out"]
    here = "/indicator/personnel.headcount/2024/FIN/"
    text = html(out, here)
    # FIN: 20 persons in 2024 and 2023; the Rijk 58 and 57 beside it
    assert '<span class="visually-hidden">Waarde: </span>20' in text
    trend = text.split('id="c-trend"')[1].split("</table>")[0]
    rows = re.findall(
        r'<th scope="row">(\d{4})</th><td class="num">([^<]*)</td><td class="num">([^<]*)</td>',
        trend,
    )
    assert rows == [("2024", "20", "58"), ("2023", "20", "57")]
    # the ministry filter leads to each ministry's own page, FIN marked as this one
    nav = text.split('aria-labelledby="f-ministry-label"')[1].split("</nav>")[0]
    targets = {
        name.split(" – ")[0]: urljoin(here, href)
        for href, name in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)
    }
    assert targets["AZ"] == "/indicator/personnel.headcount/2024/AZ/index.html"
    assert targets["FIN"] == here + "index.html" and 'aria-current="page">FIN' in nav
    assert targets["Alle ministeries (Rijk)"] == "/indicator/personnel.headcount/2024/index.html"
    assert "<img" not in text and "download" not in text  # no chart; downloads on the Rijk page
    # the Rijk page's rows lead to these pages
    rijk = html(out, "/indicator/personnel.headcount/2024/")
    fin_row = rijk.split('id="m-FIN"')[1].split("</tr>")[0]
    assert 'href="FIN/index.html"' in fin_row


def test_filters_are_plain_links_to_existing_pages(built):
    out = built["out"]
    here = "/indicator/personnel.headcount/2024/"
    text = html(out, here)
    nav = text.split('aria-labelledby="f-year-label"')[1].split("</nav>")[0]
    years = [urljoin(here, href) for href in links(nav)]
    assert years == [
        "/indicator/personnel.headcount/2024/index.html",
        "/indicator/personnel.headcount/2023/index.html",
    ]
    assert all(page(out, y).exists() for y in years)
    assert 'href="index.html" aria-current="page">2024<' in nav


def test_every_link_of_the_site_resolves_to_a_written_file(built):
    """The link checker of tests/links.py over both builds: every href and src of every
    page, every URL of the open data; no development host, no empty file."""
    for out in (built["out"], built["only2023"]):
        report = LinkChecker(out).run()
        assert report.broken == [], report.broken[:5]
        assert report.checked > 1000
        assert empty_files(out) == []


def test_embargoed_year_is_nowhere(built):
    only = built["only2023"]
    assert {r["year"] for r in figures(only)} == {"2023"}
    assert not page(only, "/indicator/personnel.headcount/2024/").exists()
    assert not list((only / "site").rglob("2024"))  # no folder of 2024: page or download
    for file in (only / "site").rglob("*.html"):
        assert ">2024<" not in file.read_text(encoding="utf-8"), file
    # and once published, it is there
    assert page(built["out"], "/indicator/personnel.headcount/2024/").exists()


def test_nothing_published_gives_an_empty_site(tmp_path):
    db = loaded_store(tmp_path)
    write_site(db, tmp_path / "out")
    assert "nog geen cijfers gepubliceerd" in html(tmp_path / "out", "/")
    assert not (tmp_path / "out" / "site" / "indicator").exists()
    assert not (tmp_path / "out" / "opendata" / "figures.csv").exists()


def test_suppressed_figures_show_the_mark_never_the_number(built):
    out = built["out"]
    text = html(out, "/indicator/personnel.headcount/2024/")
    az = text.split('id="m-AZ"')[1].split("</tr>")[0]
    assert ">*<" in az and ">7<" not in az  # AZ has 7 persons
    assert "minder dan 10" in text  # the footnote explains the mark
    rows = [
        r for r in figures(out) if r["ministry"] == "AZ" and r["indicator"] == "personnel.headcount"
    ]
    assert rows and all(
        r["value"] == "" and r["suppressed"] == "true" and r["marker"] == "*" for r in rows
    )
    sheet = load_workbook(
        next(
            (out / "site" / "downloads" / "nl" / "indicator" / "personnel.headcount").glob("*.xlsx")
        )
    ).active
    az_row = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "AZ")
    assert az_row[2:] == ("*", "*")


def test_no_record_level_data_anywhere(built):
    out = built["out"]
    for file in [*(out / "site").rglob("*"), *(out / "opendata").rglob("*")]:
        if file.is_file() and file.suffix in {".html", ".csv", ".json", ".jsonld", ".svg"}:
            text = file.read_text(encoding="utf-8")
            assert not any(e in text for e in EMPLOYEE_IDS[:60]), file


def test_pages_have_no_inline_script_or_style(built):
    for file in (built["out"] / "site").rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        assert "<style" not in text and " style=" not in text, file
        assert all(' src="' in tag for tag in re.findall(r"<script[^>]*>", text)), file


def test_downloads_of_every_indicator_table(built):
    out = built["out"]
    text = html(out, "/indicator/personnel.headcount/2024/")
    here = "/indicator/personnel.headcount/2024/"
    formats = {}
    for href in re.findall(r'<a href="([^"]+)" download', text):
        target = out / "site" / urljoin(here, href).lstrip("/")
        assert target.exists(), href
        formats[target.suffix] = target
    assert set(formats) == {".csv", ".xlsx", ".ods"}
    header = next(csv.reader(formats[".csv"].open(encoding="utf-8")))
    assert header == ["code", "Ministerie", "2024", "2023"]
    sheet = load_workbook(formats[".xlsx"]).active
    assert [c.value for c in sheet[1]] == header
    rijk = next(r for r in sheet.iter_rows(values_only=True) if r[0] == "RIJK")
    assert rijk[2:] == (58, 57)  # numbers, not text: 2024 = 31+20+7, 2023 = 30+20+7


def test_formula_in_a_category_arrives_escaped(built):
    out = built["out"]
    rows = [
        r for r in figures(out) if r["indicator"] == "ict.project_overrun_pct" and r["breakdown"]
    ]
    assert "'=1+1" in {r["breakdown"] for r in rows}  # the project id "=1+1", escaped
    assert "=1+1" not in {r["breakdown"] for r in rows}
    folder = (
        out / "site" / "downloads" / "nl" / "indicator" / "ict.project_overrun_pct" / "categories"
    )
    sheet = load_workbook(next(folder.glob("*.xlsx"))).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert "'=1+1" in [c.value for c in cells]
    assert all(c.data_type != "f" for c in cells)


def test_render_path_matches_the_static_pages(built):
    site = build_site(from_store(built["db"]))
    for path in (
        "/",
        "/en/",
        "/year/2023/",
        "/ministry/FIN/2024/",
        "/indicator/personnel.fte/2023/",
        "/indicator/personnel.headcount/2024/FIN/",
        "/en/indicator/personnel.headcount/2023/BZK/",
    ):
        assert render_path(site, path) == html(built["out"], path), path
    assert render_path(site, "/indicator/personnel.fte/2031/") is None  # not published
    assert render_path(site, "/indicator/no.such/2023/") is None
    assert render_path(site, "/indicator/personnel.headcount/2024/XYZ/") is None
