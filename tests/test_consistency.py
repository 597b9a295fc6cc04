"""One figure, one text: the same published figure reads identically in rapport.html,
publieksversie.html and kamerbrief.html, and that text is figures.py's (issue 7).

The three HTMLs come from one ``jbr build`` of the fixture store (tests/publications.py);
the expected texts are computed by hand, then checked against figures.py and found, in
the place they belong, in every publication.
"""

from __future__ import annotations

import lxml.html
import pytest

from jbr.indicators import compute, open_context, store_years
from jbr.publish.figures import anchor, published_figures

from .publications import YEAR

NB = "\u00a0"
# Hand-computed (tests/publications.py): 12.000.000 m³ × 31,65 MJ = 379,8 TJ, printed in
# whole TJ; Woo 4 of 10 decisions on time in 2024, 6 of 10 in 2023.
GAS_TJ = f"380{NB}TJ"
WOO_2024 = f"40,0{NB}%"
WOO_2023 = f"60,0{NB}%"


@pytest.fixture(scope="module")
def out(publications_nl, tmp_path_factory):
    return publications_nl


@pytest.fixture(scope="module")
def figures(out):
    ctx = open_context(out.parent / "store.duckdb")
    values = {y: compute(ctx, y) for y in store_years(ctx)}
    return published_figures(values, YEAR, "nl")


def parse(out, name):
    return lxml.html.parse(str(out / name)).getroot()


def test_figures_py_gives_the_hand_computed_texts(figures):
    assert figures.get("energy.gas_tj").with_unit == GAS_TJ
    assert figures.get("woo.within_term_pct").with_unit == WOO_2024
    assert figures.get("woo.within_term_pct", YEAR - 1).with_unit == WOO_2023


@pytest.mark.parametrize(
    ("indicator", "text"), [("energy.gas_tj", GAS_TJ), ("woo.within_term_pct", WOO_2024)]
)
def test_same_text_in_report_public_version_and_letter(out, indicator, text):
    report = parse(out, "rapport.html")
    (article,) = report.xpath(f"//*[@id='{anchor(indicator)}']")
    (headline,) = article.xpath(".//p[@class='headline']")
    assert f"Rijk {YEAR}: {text}" in headline.text_content()

    public = parse(out, "publieksversie.html")
    (big,) = public.xpath(f"//p[@class='big'][@data-indicator='{indicator}']")
    assert big.text_content() == text

    letter = parse(out, "kamerbrief.html")
    figures = [a.text_content() for a in letter.xpath("//main//a[@class='figure']")]
    assert text in figures, figures


def test_every_public_figure_is_the_reports_headline(out):
    """Not only the two above: each large figure of the public version is its
    indicator's Rijk figure in the report, character for character."""
    report = parse(out, "rapport.html")
    public = parse(out, "publieksversie.html")
    bigs = public.xpath("//p[@class='big']")
    assert len(bigs) >= 5
    for big in bigs:
        indicator = big.get("data-indicator")
        (article,) = report.xpath(f"//*[@id='{anchor(indicator)}']")
        headline = article.xpath(".//p[@class='headline']/strong")[0].text_content()
        assert headline == big.text_content(), indicator


def test_letter_figures_are_the_reports(out, figures):
    """Each figure the letter quotes is a published figure of its indicator, as printed:
    the value, the previous year's value, the change or the target (figures.py)."""
    letter = parse(out, "kamerbrief.html")
    links = letter.xpath("//main//a[@class='figure']")
    assert links
    for a in links:
        indicator = a.get("href").split("#", 1)[1]
        f, change = figures.get(indicator), figures.change(indicator)
        printed = {f.with_unit, f.target_text}
        if change is not None:
            printed |= {change.text, change.previous_text}
        printed |= {g.with_unit for g in figures if g.indicator == indicator}
        assert a.text_content() in printed, (indicator, a.text_content())
