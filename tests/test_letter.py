"""``kamerbrief.html`` from ``jbr build`` on the fixture store (tests/publications.py)
without the team's text: a concept whose body is the draft the highlight rules write,
figures filled in and linked to the report (issues 7 and 16)."""

from __future__ import annotations

import lxml.html
import pytest

from jbr.indicators import IndicatorValue
from jbr.publish.letter import render_letter
from jbr.publish.report import ReportData

NB = "\u00a0"


@pytest.fixture(scope="module")
def out(publications_nl, tmp_path_factory):
    return publications_nl


@pytest.fixture(scope="module")
def letter(out):
    return lxml.html.parse(str(out / "kamerbrief.html")).getroot()


def paragraphs(letter):
    body = letter.find_class("letter-body")[0]
    return [p.text_content() for p in body.iter("p")]


def test_the_rules_choose_these_developments_grouped_by_area(letter):
    body = letter.find_class("letter-body")[0]
    assert [h.text_content() for h in body.iter("h2")] == [
        # fte 30 → 43 (+43,3 %): the largest change (the size of the Rijk)
        "1. Personeel en arbeidsmarkt",
        # gas 40 % below 2019, target 30 % by 2030: met six years early; CO₂ off track
        "2. Duurzaamheid",
        # worse: median 14 → 56 days (+300 %), within term 60 → 40 % (−20 points)
        "3. Informatievoorziening en open overheid",
        # office m² per fte 1.000 / 30 = 33,3 → 1.000 / 43 = 23,3 (−30,2 %)
        "4. Huisvesting en hybride werken",
    ]
    assert "In deze brief licht ik vier belangrijke ontwikkelingen toe." in paragraphs(letter)


def test_each_development_reads_as_a_sentence_with_the_reports_figures(letter):
    texts = paragraphs(letter)
    assert (
        f"De gebouwen van het Rijk gebruikten in 2024 380{NB}TJ aardgas: 40,0{NB}% minder dan "
        f"in 2019. Daarmee is het doel van ten minste 30,0{NB}% minder in 2030 nu al gehaald."
    ) in texts
    # CO₂ of gas 12.000.000 m³ × 1,884 kg = 22.608 t; the line from 37.680 t (2019) to 0 in
    # 2030 is at 37.680 × 6/11 = 20.553 t in 2024 → off track.
    assert (
        f"De CO₂-uitstoot van de bedrijfsvoering was in 2024 22.608{NB}ton CO₂. Het doel is "
        f"ten hoogste 0{NB}ton CO₂ in 2030; dat is niet op koers."
    ) in texts
    assert (
        "Het aandeel Woo-besluiten binnen de wettelijke of afgesproken termijn was in 2024 "
        f"40,0{NB}%, tegen 60,0{NB}% in 2023 (\u221220,0{NB}%-punt). Dat is een verslechtering."
    ) in texts
    assert (
        f"De omvang van het Rijk was in 2024 43{NB}fte, tegen 30{NB}fte in 2023 (+43,3{NB}%)."
        in texts
    )


def test_every_figure_links_to_its_indicator_in_the_report(out, letter):
    report = lxml.html.parse(str(out / "rapport.html")).getroot()
    ids = {e.get("id") for e in report.iter() if e.get("id")}
    links = letter.xpath("//main//a[@class='figure']")
    assert len(links) >= 10
    for link in links:
        page, fragment = link.get("href").split("#", 1)
        assert page == "rapport.html"
        assert fragment in ids, f"{fragment} is not an id in rapport.html"


def test_no_process_notes_and_no_placeholders_in_the_letter(out, letter):
    text = letter.text_content()
    for note in (
        "niet met de hand gekozen",
        "Gekozen door de regel",
        "jbr letter draft",
        "[naam]",
        "{{",
        "<!--",
    ):
        assert note not in text, note


def test_a_concept_without_letterhead_says_nothing_it_does_not_know(out, letter):
    text = letter.text_content()
    assert "Aan de Voorzitter van de Tweede Kamer der Staten-Generaal" in text
    assert "Vergaderjaar" not in text  # no sending date configured: no vergaderjaar invented
    assert not letter.find_class("signatures")  # nobody signs a concept without signatories
    assert letter.findtext(".//title").startswith("Concept – ")
    html = (out / "kamerbrief.html").read_text("utf-8")
    assert 'href="rapport.html' in html


def test_nothing_notable_says_so():
    same = [
        IndicatorValue("woo.received", y, "RIJK", 100.0, "verzoeken", None, None, False)
        for y in (2023, 2024)
    ]
    html = render_letter(ReportData(2024, [2023, 2024], {2023: same[:1], 2024: same[1:]}))
    doc = lxml.html.fromstring(html)
    assert doc.xpath("//main//h2") == []
    assert "valt volgens de vaste regels voor deze brief geen ontwikkeling op" in html


def test_english_letter(publications_en, tmp_path_factory):
    out = publications_en
    doc = lxml.html.parse(str(out / "kamerbrief.html")).getroot()
    texts = paragraphs(doc)
    assert (
        "The share of Woo decisions within the legal or agreed term was 40.0\u00a0% in 2024, "
        f"against 60.0{NB}% in 2023 (\u221220.0{NB}pp). This is a deterioration."
    ) in texts
    html = (out / "kamerbrief.html").read_text("utf-8")
    assert '<html lang="en">' in html
    assert "To the Speaker of the House of Representatives" in html
    assert doc.findtext(".//title").startswith("Draft – ")
