"""``publieksversie.html`` / ``.pdf`` from ``jbr build`` on the fixture store
(tests/publications.py): key figures large with a line of explanation, pictures with
their trend in words, plain language, four to eight PDF pages, English with --lang en."""

from __future__ import annotations

import re

import lxml.html
import pypdf
import pytest

from jbr.publish.public import public_content

NB = "\u00a0"


@pytest.fixture(scope="module")
def out(publications_nl, tmp_path_factory):
    return publications_nl


def big_figures(path) -> dict[str, str]:
    doc = lxml.html.parse(str(path)).getroot()
    return {p.get("data-indicator"): p.text_content() for p in doc.xpath("//p[@class='big']")}


def test_key_figures_large_and_hand_computed(out):
    assert big_figures(out / "publieksversie.html") == {
        "personnel.fte": f"43{NB}fte",  # BZK 36 + FIN 7 on 31 Dec 2024
        "organisation.share_outside_randstad_pct": f"0,0{NB}%",  # all in Zuid-Holland
        "energy.gas_tj": f"380{NB}TJ",  # 12.000.000 m³ × 31,65 MJ = 379,8 TJ
        "energy.gas_reduction_vs_2019_pct": f"40,0{NB}%",  # 1 − 12/20
        "climate.co2_t": f"22.608{NB}ton CO₂",  # 12.000.000 m³ × 1,884 kg
        "woo.received": f"10{NB}verzoeken",
        "woo.within_term_pct": f"40,0{NB}%",  # 4 of 10 decided by 6 May 2024
    }  # no sick days, procurement or housing delivered: those figures and areas are left out


def test_each_figure_explained_compared_and_pictured(out):
    doc = lxml.html.parse(str(out / "publieksversie.html")).getroot()
    (gas,) = doc.xpath("//article[@id='kf-energy.gas_tj']")
    text = gas.text_content()
    assert "TJ (terajoule) is een maat voor energie." in text
    assert f"Dat is minder dan in 2023. Toen was het 506{NB}TJ." in text  # 16.000.000 m³
    (svg,) = gas.xpath(".//*[local-name()='svg']")
    # The caption states the trend (the unit once); the picture's name says what the
    # picture is, so that a screen reader, which reads both, does not read the same
    # sentence twice.
    trend = f"Aardgasverbruik daalde van 633{NB}TJ in 2019 naar 380{NB}TJ in 2024."
    assert trend in gas.xpath(".//figcaption")[0].text_content()
    assert svg.get("role") == "img" and svg.get("aria-label") == (
        "Lijngrafiek van Aardgasverbruik, Rijk, per jaar van 2019 tot en met 2024: een "
        "doorgetrokken lijn met een rondje per jaar. Verticale as in TJ, vanaf nul; "
        "horizontale as de jaren."
    )
    (target,) = gas.getparent().xpath(".//article[@id='kf-energy.gas_reduction_vs_2019_pct']")
    status = target.xpath(".//p[contains(@class, 'target')]")[0]
    # The status is a symbol and a word as well as a colour class.
    assert status.text_content() == f"Doel: minstens 30,0{NB}% in 2030. ✓ Gehaald."
    assert "status-met" in status.get("class")


def test_plain_language_short_sentences():
    """B1: short sentences (Direct Duidelijk guideline: at most about 15 words, never over 20)."""
    for area in public_content()["area"]:
        for lang in ("nl", "en"):
            lines = [area[f"intro_{lang}"]]
            lines += [f[f"explain_{lang}"] for f in area.get("figure", [])]
            for line in lines:
                for sentence in re.split(r"(?<=[.!?:])\s+", line):
                    assert len(sentence.split()) <= 20, sentence


def test_pdf_four_to_eight_tagged_pages(out):
    reader = pypdf.PdfReader(out / "publieksversie.pdf")
    # cover + one page per area with figures (personnel, organisation, sustainability, Woo)
    assert len(reader.pages) == 5
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "Zo werkte het Rijk in 2024" in text
    assert f"380{NB}TJ" in text and f"40,0{NB}%" in text
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root  # tagged (PDF/UA)
    assert root["/Lang"] == "nl"


def test_english_public_version(publications_en, tmp_path_factory):
    out = publications_en
    html = (out / "publieksversie.html").read_text("utf-8")
    assert '<html lang="en">' in html
    assert "How central government worked in 2024" in html
    figures = big_figures(out / "publieksversie.html")
    assert figures["woo.within_term_pct"] == f"40.0{NB}%"
    assert figures["climate.co2_t"] == f"22,608{NB}t CO₂"
    assert "That is less than in 2023, when it was 60.0" in html
    assert pypdf.PdfReader(out / "publieksversie.pdf").trailer["/Root"]["/Lang"] == "en"


def test_a_suppressed_key_figure_shows_only_the_mark():
    """SPEC §6: a Rijk figure of fewer than 10 persons is not published, here too."""
    from jbr.indicators import IndicatorValue
    from jbr.publish.public import render_public
    from jbr.publish.report import ReportData

    def fte(year, value, persons):
        return IndicatorValue(
            "personnel.fte", year, "RIJK", value, "fte", None, None, persons < 10, persons=persons
        )

    data = ReportData(2024, [2023, 2024], {2023: [fte(2023, 12.0, 12)], 2024: [fte(2024, 7.0, 7)]})
    html = render_public(data)
    assert big_figures_in(html) == {"personnel.fte": "*"}
    assert "minder dan 10 personen" in html
    assert f"7{NB}fte" not in html  # neither as the figure nor in a comparison or chart text
    assert "Toen was het" not in html  # a change against a suppressed figure is not told


def big_figures_in(html: str) -> dict[str, str]:
    doc = lxml.html.fromstring(html)
    return {p.get("data-indicator"): p.text_content() for p in doc.xpath("//p[@class='big']")}
