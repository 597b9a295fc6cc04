"""``kamerbrief.html`` from ``jbr build`` on the fixture store (tests/publications.py):
the developments the rules choose, their sentences, and their links into the report."""

from __future__ import annotations

import lxml.html
import pytest

from jbr.indicators import IndicatorValue
from jbr.publish.letter import parliamentary_year, render_letter
from jbr.publish.report import ReportData

from .publications import built

NB = "\u00a0"


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    return built(tmp_path_factory)


def developments(path):
    doc = lxml.html.parse(str(path)).getroot()
    return [
        (li.get("data-rule"), li.get("data-indicator"), li.find_class("figure-sentence")[0])
        for li in doc.xpath("//ol[@class='developments']/li")
    ]


def test_the_rules_choose_these_developments(out):
    got = developments(out / "kamerbrief.html")
    assert [(r, i) for r, i, _ in got] == [
        # 2024 gas 40 % below 2019, target 30 % by 2030: met six years early.
        ("target_met_early", "energy.gas_reduction_vs_2019_pct"),
        # CO₂ of gas 12.000.000 m³ × 1,884 kg = 22.608 t; the line from 37.680 t (2019) to
        # 0 in 2030 is at 37.680 × 6/11 = 20.553 t in 2024 → off track.
        ("target_off_track", "climate.co2_t"),
        # worse, ranked by how far over the threshold: median 14 → 56 days (+300 %, 60× the
        # 5 %), within term 60 → 40 % (−20 points, 10× the 2 points).
        ("worsened", "woo.median_days"),
        ("worsened", "woo.within_term_pct"),
        # largest changes of amounts: fte 30 → 43 (+43,3 %), and office m² per fte 1.000 / 30
        # = 33,3 → 1.000 / 43 = 23,3 (−30,2 %); headcount is excluded. Inflow is not compared:
        # 2023 has no staff of 31 December 2022 before it, so its inflow is empty (SPEC §6).
        ("largest_change", "personnel.fte"),
        ("largest_change", "housing.m2_per_fte"),
    ]
    sentences = {i: s.text_content() for _, i, s in got}
    assert sentences["energy.gas_reduction_vs_2019_pct"] == (
        f"De gebouwen van het Rijk gebruikten in 2024 380{NB}TJ aardgas: 40,0{NB}% minder "
        f"dan in 2019. Daarmee is het doel van ten minste 30,0{NB}% minder in 2030 nu al gehaald."
    )
    assert sentences["woo.within_term_pct"] == (
        f"Woo-besluiten binnen de wettelijke of afgesproken termijn: 40,0{NB}% in 2024, "
        f"tegen 60,0{NB}% in 2023 (\u221220,0{NB}%-punt). Dat is een verslechtering."
    )
    assert sentences["climate.co2_t"] == (
        f"CO₂-uitstoot bedrijfsvoering (energie en vliegen): 22.608{NB}ton CO₂ in 2024. "
        f"Het doel is ten hoogste 0{NB}ton CO₂ in 2030; dat is niet op koers."
    )
    html = (out / "kamerbrief.html").read_text("utf-8")
    assert "We lichten zes belangrijke ontwikkelingen in deze brief toe." in html


def test_every_development_links_to_its_indicator_in_the_report(out):
    letter = lxml.html.parse(str(out / "kamerbrief.html")).getroot()
    report = lxml.html.parse(str(out / "rapport.html")).getroot()
    ids = {e.get("id") for e in report.iter() if e.get("id")}
    for li in letter.xpath("//ol[@class='developments']/li"):
        (link,) = [a for a in li.iter("a") if a.get("href", "").startswith("rapport.html#")]
        fragment = link.get("href").split("#", 1)[1]
        assert fragment == li.get("data-indicator")
        assert fragment in ids, f"{fragment} is not an id in rapport.html"


def test_letter_is_dated_and_addressed_like_the_real_one(out):
    html = (out / "kamerbrief.html").read_text("utf-8")
    assert "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal" in html
    assert "Vergaderjaar 2024–2025" in html  # sent in May 2025: session 2024–2025
    assert 'href="publieksversie.html"' in html and 'href="rapport.html"' in html
    assert "CONCEPT" in html


@pytest.mark.parametrize(("year", "session"), [(2023, "2023–2024"), (2024, "2024–2025")])
def test_parliamentary_year(year, session):
    # The 2023 JBR went with Kamerstuk 31 490 nr. 338 of 15 May 2024, "Vergaderjaar 2023–2024".
    assert parliamentary_year(year) == session


def test_nothing_notable_says_so_and_lists_nothing():
    same = [
        IndicatorValue("woo.received", y, "RIJK", 100.0, "verzoeken", None, None, False)
        for y in (2023, 2024)
    ]
    html = render_letter(ReportData(2024, [2023, 2024], {2023: same[:1], 2024: same[1:]}))
    doc = lxml.html.fromstring(html)
    assert doc.xpath("//ol[@class='developments']") == []
    assert "valt volgens de vaste regels voor deze brief geen ontwikkeling op" in html


def test_english_letter(tmp_path_factory):
    out = built(tmp_path_factory, "en")
    got = developments(out / "kamerbrief.html")
    sentences = {i: s.text_content() for _, i, s in got}
    assert sentences["woo.within_term_pct"] == (
        f"Woo decisions within the legal or agreed term: 40.0{NB}% in 2024, "
        f"against 60.0{NB}% in 2023 (\u221220.0{NB}pp). This is a deterioration."
    )
    html = (out / "kamerbrief.html").read_text("utf-8")
    assert '<html lang="en">' in html
    assert "To the Speaker of the House of Representatives" in html
