"""The bundled demo's text (issue 16): complete for 2023 and 2024 in Dutch and English,
figures only through references, and every reference resolves against the demo's figures."""

from __future__ import annotations

import pytest

from jbr.indicators import compute_years, open_context
from jbr.publish.figures import published_figures
from jbr.publish.text.editorial import check_documents, missing_parts, read_year, text_source
from jbr.publish.text.numbers import typed_numbers
from jbr.publish.text.references import Figures
from jbr.publish.text.sections import SECTIONS

CASES = [(2023, "nl"), (2024, "nl"), (2023, "en"), (2024, "en")]


@pytest.fixture(scope="module")
def demo():
    return text_source(demo=True)


@pytest.mark.parametrize(("year", "lang"), CASES)
def test_the_demo_text_is_complete(demo, year, lang):
    docs = read_year(demo, year, lang)
    assert set(docs) == {s.key for s in SECTIONS}
    assert missing_parts(demo, year, lang, docs, demo.letterhead(year)) == []


@pytest.mark.parametrize(("year", "lang"), CASES)
def test_the_demo_text_types_no_figure(demo, year, lang):
    """Every figure-like number in the demo's prose is a reference, not typed."""
    for doc in read_year(demo, year, lang).values():
        assert typed_numbers(doc, lang) == [], doc.path


def test_the_demo_letters_are_signed_by_two_and_say_wij(demo):
    # The real letters of 15 May 2024 (JBR 2023, nr. 338) and 21 May 2025 (JBR 2024).
    head = demo.letterhead(2023)
    assert (head.vergaderjaar, head.number, head.pronoun()) == ("2023–2024", 338, "wij")
    assert demo.letterhead(2024).vergaderjaar == "2024–2025"


@pytest.fixture(scope="module")
def small_figures(small_demo_store):
    ctx = open_context(small_demo_store)
    values = compute_years(ctx)
    return values


@pytest.mark.parametrize(("year", "lang"), CASES)
def test_every_demo_reference_resolves_against_the_demo(demo, small_figures, year, lang):
    """On the small demo (same generator, smaller ministries) no reference is unknown,
    suppressed or inapplicable, and no word repeats a unit or misspeaks the pronoun."""
    values = {y: v for y, v in small_figures.items() if y <= year}
    figs = Figures(published_figures(values, year, lang))
    docs = read_year(demo, year, lang)
    problems = check_documents(docs, figs, year, demo.letterhead(year))
    assert [p.text(lang) for p in problems] == []
