"""The dashboard and the open data follow the catalogue's kinds (SPEC §6, issue 13): a
prognosis is labelled with its method and never has a status; an empty prognosis says
why; ministries are compared as bars where the catalogue says ``compare``.

Built through the real writer (``write_site_from``) from published figures made here:
CO₂ 2022–2024 with its target, the two prognoses of 2024 (a rising trend: it never
reaches zero), and external hiring for the Rijk and three ministries."""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path

import pytest

from jbr.indicators import IndicatorValue
from jbr.publish.releases import Published, Release
from jbr.publish.site.urls import page_path
from jbr.publish.site.write import write_site_from

HIRING = {"RIJK": 15.4, "AZ": 8.0, "BZ": 12.5, "BZK": 20.1}


def _values(year: int) -> list[IndicatorValue]:
    co2 = {2022: 70_000.0, 2023: 72_000.0, 2024: 74_000.0}[year]
    out = [IndicatorValue("climate.co2_t", year, "RIJK", co2, "ton CO₂", 0, "off_track", False)]
    out += [
        IndicatorValue("personnel.external_hiring_pct", year, m, x, "%", 10, None, False)
        for m, x in HIRING.items()
    ]
    if year == 2024:
        out += [
            # 70.000, 72.000, 74.000: the line rises 2.000 t a year → 86.000 t in 2030
            IndicatorValue(
                "climate.co2_projection_2030_t", 2024, "RIJK", 86_000.0, "ton CO₂", None, None, False
            ),
            IndicatorValue(
                "climate.co2_neutral_year", 2024, "RIJK", None, "jaar", None, None, False,
                reason="not_falling",
            ),
        ]  # fmt: skip
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    years = (2022, 2023, 2024)
    releases = [Release(n, y, 1, datetime(2025, 5, n)) for n, y in enumerate(years, 1)]
    published = Published(releases, {y: {1: _values(y)} for y in years})
    folder = tmp_path_factory.mktemp("site-prognoses")
    write_site_from(published, folder)
    return folder


def _page(out: Path, *parts, lang: str = "nl") -> str:
    path = page_path("indicator", lang, *parts)
    return (out / "site" / path.lstrip("/") / "index.html").read_text(encoding="utf-8")


def _text(html: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def test_an_empty_prognosis_says_why_and_has_no_status(out):
    html = _page(out, "climate.co2_neutral_year", 2024)
    text = _text(html)
    assert "daalt niet" in text
    assert "Prognose" in text and "geen doel, dus geen status" in text
    assert "lineaire trend (kleinste kwadraten" in text
    assert "status-" not in html.split('<div class="keyfigure">')[1].split("</div>")[0]
    # its chart is its basis's: a link there instead of "too few years"
    assert 'href="../../climate.co2_t/2024/index.html"' in html  # works from file://
    assert "Te weinig gepubliceerde jaren" not in text
    english = _text(_page(out, "climate.co2_neutral_year", 2024, lang="en"))
    assert "not falling" in english and "not a target, so no status" in english


def test_the_co2_chart_draws_the_prognosis_as_a_prognosis(out):
    html = _page(out, "climate.co2_t", 2024)
    src = re.search(r'<img src="([^"]+)" alt="Grafiek', html).group(1)
    svg = (out / "site" / "indicator" / "climate.co2_t" / "2024" / src).resolve().read_text()
    assert "Prognose (trend)" in svg
    # the baseline (2019) is not among the years shown: the target is its point in 2030,
    # not a line along the x-axis
    assert ">Doel</text>" in svg and "Doelpad" not in svg
    assert re.findall(r">(20\d\d)</text>", svg)[-1] == "2030"
    assert "Prognose (geen doel): 86.000\u00a0ton CO₂ in 2030 volgens de trend." in html


def test_ministries_are_compared_as_bars_on_the_dashboard(out):
    html = _page(out, "personnel.external_hiring_pct", 2024)
    assert "Ministeries vergeleken, 2024" in html
    src = re.search(r'<img src="([^"]+)" alt="Ministeries vergeleken', html).group(1)
    svg = out / "site" / "indicator" / "personnel.external_hiring_pct" / "2024" / src
    text = svg.resolve().read_text()
    # bars largest first: BZK, BZ, AZ (the y-axis labels in drawing order)
    labels = [t for t in re.findall(r">([A-Z]{2,4})</text>", text) if t in HIRING]
    assert labels == ["BZK", "BZ", "AZ"]
    assert "het hoogst bij Binnenlandse Zaken en Koninkrijksrelaties (20,1\u00a0%)" in html
    # 2022 has the same ministries: a comparison per year, each its own file
    assert "Ministeries vergeleken, 2022" in _page(out, "personnel.external_hiring_pct", 2022)
    # not for an indicator the catalogue does not mark compare
    assert "Ministeries vergeleken" not in _page(out, "climate.co2_t", 2024)


def test_open_data_names_the_kind_and_the_reason(out):
    with open(out / "opendata" / "indicators.csv", encoding="utf-8", newline="") as f:
        indicators = {r["id"]: r for r in csv.DictReader(f)}
    assert indicators["climate.co2_neutral_year"]["kind"] == "prognosis"
    assert indicators["climate.co2_neutral_year"]["prognosis_of"] == "climate.co2_t"
    assert indicators["climate.co2_neutral_year"]["prognosis_horizon"] == "2050"
    assert indicators["climate.co2_neutral_year"]["target_value"] == ""
    assert indicators["climate.co2_t"]["kind"] == "indicator"
    with open(out / "opendata" / "figures.csv", encoding="utf-8", newline="") as f:
        figures = {(r["figure_id"], r["year"]): r for r in csv.DictReader(f)}
    neutral = figures[("climate.co2_neutral_year", "2024")]
    assert (neutral["value"], neutral["status"], neutral["notes"]) == ("", "", "leeg: daalt niet")
