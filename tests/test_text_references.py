"""References in the team's text (issue 16): how each resolves and is written, what fails
with file and line, and which hand-typed numbers are flagged as possibly stale.

The published figures are made by hand from ``IndicatorValue``s; every expected text is
written out in Dutch (or English) notation with the reason beside it: a non-breaking space
before the unit, one decimal for %, whole fte, a typographic minus.
"""

from __future__ import annotations

import pytest

from jbr.indicators import IndicatorValue
from jbr.publish.figures import published_figures
from jbr.publish.text.document import Document
from jbr.publish.text.editorial import check_documents
from jbr.publish.text.numbers import typed_numbers
from jbr.publish.text.references import Figures, Resolved, parse, resolve
from jbr.publish.text.render import render

NB = "\u00a0"
MINUS = "\u2212"


def v(indicator, year, value, unit="%", ministry="RIJK", status=None, target=None, **kw):
    return IndicatorValue(indicator, year, ministry, value, unit, target, status, False, **kw)


VALUES = [
    # fte 147.884 → 157.019: (157.019 − 147.884) / 147.884 = +6,18 % → "+6,2 %"
    v("personnel.fte", 2023, 147884.0, "fte", persons=160000),
    v("personnel.fte", 2024, 157019.0, "fte", persons=170000),
    # FIN: 7 persons → suppressed, value withheld
    IndicatorValue("personnel.fte", 2024, "FIN", 6.5, "fte", None, None, True, persons=7),
    v("personnel.fte", 2024, 36.0, "fte", ministry="BZK", persons=36),
    # women in top positions 37,0 → 38,2 %: +1,2 points; target at least 45 % in 2026
    v("personnel.women_top_pct", 2023, 37.0, status="off_track", target=45.0, persons=900),
    v("personnel.women_top_pct", 2024, 38.2, status="off_track", target=45.0, persons=950),
    # Woo at FIN 50,0 → 46,7 %: −3,3 points
    v("woo.within_term_pct", 2023, 50.0, ministry="FIN"),
    v("woo.within_term_pct", 2024, 46.7, ministry="FIN"),
    # a breakdown figure: fte in Zuid-Holland (PV28)
    v("organisation.fte_by_province", 2024, 55201.0, "fte", breakdown="PV28", persons=60000),
    # gas in TJ, 2019 and 2024; procurement in euros (for "€ 2,7 miljard")
    v("energy.gas_tj", 2019, 1642.0, "TJ"),
    v("energy.gas_tj", 2024, 980.0, "TJ"),
    v("procurement.spend_eur", 2024, 2_680_000_000.0, "euro"),
    # a figure of 2024 that no delivery gave
    v("woo.median_days", 2024, None, "dagen"),
]


def figures(lang="nl", values=VALUES, year=2024):
    by_year: dict[int, list[IndicatorValue]] = {}
    for x in values:
        by_year.setdefault(x.year, []).append(x)
    return Figures(published_figures(by_year, year, lang))


def text_of(raw: str, lang: str = "nl") -> str:
    ref = parse(raw)
    assert not isinstance(ref, tuple), ref
    found = resolve(ref, 2024, figures(lang))
    assert isinstance(found, Resolved), found
    return found.text


@pytest.mark.parametrize(
    ("raw", "expected", "why"),
    [
        ("{{ personnel.fte }}", f"157.019{NB}fte", "default: the value with its unit"),
        ("{{personnel.fte|waarde}}", f"157.019{NB}fte", "spaces are optional"),
        ("{{ personnel.fte | getal }}", "157.019", "without unit"),
        ("{{ personnel.fte | verandering }}", f"+6,2{NB}%", "(157.019 − 147.884) / 147.884"),
        ("{{ personnel.fte | verschil }}", "6,2 procent", "the change in words, no sign"),
        ("{{ personnel.fte | richting }}", "gestegen", "157.019 > 147.884"),
        ("{{ personnel.fte | vorig }}", f"147.884{NB}fte", "the 2023 figure"),
        ("{{ personnel.fte | eenheid }}", "fte", "the unit"),
        ("{{ personnel.fte:2023 }}", f"147.884{NB}fte", "another year"),
        ("{{ personnel.fte@BZK }}", f"36{NB}fte", "a ministry"),
        ("{{ personnel.fte@bzk }}", f"36{NB}fte", "ministry codes are case-insensitive"),
        ("{{ personnel.women_top_pct | procent }}", "38,2 procent", "a percentage in words"),
        ("{{ personnel.women_top_pct | verandering }}", f"+1,2{NB}%-punt", "points"),
        ("{{ personnel.women_top_pct | verschil }}", "1,2 procentpunt", "points in words"),
        ("{{ personnel.women_top_pct | doel }}", f"45,0{NB}%", "the target"),
        ("{{ personnel.women_top_pct | doel procent }}", "45,0 procent", "target in words"),
        ("{{ personnel.women_top_pct | status }}", "niet op koers", "off_track"),
        ("{{ woo.within_term_pct@FIN | verandering }}", f"{MINUS}3,3{NB}%-punt", "46,7 − 50,0"),
        ("{{ woo.within_term_pct@FIN | richting }}", "gedaald", "46,7 < 50,0"),
        ("{{ woo.within_term_pct@FIN | vorig procent }}", "50,0 procent", "2023 in words"),
        ("{{ organisation.fte_by_province.PV28 }}", f"55.201{NB}fte", "a breakdown category"),
        ("{{ energy.gas_tj:2019 }}", f"1.642{NB}TJ", "the baseline year"),
        ("{{ procurement.spend_eur }}", f"€{NB}2.680.000.000", "euros before the amount"),
        ("{{ personnel.fte | value }}", f"157.019{NB}fte", "English format names work too"),
        ("{{ personnel.fte | change }}", f"+6,2{NB}%", "change = verandering"),
    ],
)
def test_reference_resolves_to_the_published_text(raw, expected, why):
    assert text_of(raw) == expected, why


@pytest.mark.parametrize(
    ("raw", "expected", "why"),
    [
        ("{{ personnel.fte }}", f"157,019{NB}fte", "English notation"),
        ("{{ personnel.fte | change }}", f"+6.2{NB}%", "English notation"),
        ("{{ personnel.fte | difference }}", "6.2 per cent", "British 'per cent'"),
        ("{{ personnel.women_top_pct | difference }}", "1.2 percentage points", "points"),
        ("{{ personnel.fte | direction }}", "risen", ""),
        ("{{ personnel.women_top_pct | status }}", "off track", ""),
        ("{{ personnel.women_top_pct | percent }}", "38.2 per cent", ""),
    ],
)
def test_english_text_is_in_english_notation(raw, expected, why):
    assert text_of(raw, "en") == expected, why


# A file as an editor writes it; each line is numbered in the comment on its right.
TEXT = """\
Het Rijk groeide tot {{ personnel.fte }}.
Bij Financiën: {{ personnel.fte@FIN }} en {{ personnel.ftee }}.
{{ personnel.fte@XYZ }} {{ personnel.fte:2015 }} {{ personnel.fte | vet }}
{{ personnel.fte@EZK }} {{ personnel.fte | doel }} {{ organisation.fte_by_province.PV99 }}
<!-- {{ personnel.fte@FIN }} in a comment is a note for editors: not checked -->
{{ woo.median_days }} {{ personnel.fte | procent }} en {{ personnel.fte
"""


def test_every_wrong_reference_fails_with_file_line_and_reference():
    doc = Document("redactie/2024/personeel.md", TEXT)
    found = [
        (p.file, p.line, p.column, p.reference, p.rule, p.severity)
        for p in check_documents({"personeel": doc}, figures(), 2024)
    ]
    f = "redactie/2024/personeel.md"
    assert found == [
        (f, 2, 16, "{{ personnel.fte@FIN }}", "suppressed", "error"),  # 7 persons
        (f, 2, 43, "{{ personnel.ftee }}", "unknown_indicator", "error"),
        (f, 3, 1, "{{ personnel.fte@XYZ }}", "unknown_ministry", "error"),
        (f, 3, 25, "{{ personnel.fte:2015 }}", "unknown_year", "error"),  # no 2015 figures
        (f, 3, 50, "{{ personnel.fte | vet }}", "unknown_format", "error"),
        (f, 4, 1, "{{ personnel.fte@EZK }}", "no_figure", "error"),  # EZK ended 1 July 2024
        (f, 4, 25, "{{ personnel.fte | doel }}", "format_not_applicable", "error"),  # no target
        (f, 4, 52, "{{ organisation.fte_by_province.PV99 }}", "unknown_category", "error"),
        (f, 6, 1, "{{ woo.median_days }}", "unknown_value", "error"),  # not delivered
        (f, 6, 23, "{{ personnel.fte | procent }}", "format_not_applicable", "error"),  # fte
        (f, 6, 56, "{{ personnel.fte", "unclosed", "error"),
    ]


def test_messages_name_the_reference_and_help():
    doc = Document("redactie/2024/personeel.md", TEXT)
    problems = {p.rule: p for p in check_documents({"personeel": doc}, figures(), 2024)}
    assert problems["unknown_indicator"].text() == (
        "redactie/2024/personeel.md:2:43: onbekende indicator in {{ personnel.ftee }}"
        " — bedoelt u personnel.fte?"
    )
    assert (
        "EZK bestond op 31 december 2024 niet; opvolgers: EZ, KGG" in problems["no_figure"].text()
    )
    assert (
        problems["suppressed"]
        .text("en")
        .endswith(
            "this figure is not published (fewer than 10 persons) — leave the figure out, or "
            "refer to the Rijk or a larger whole"
        )
    )


@pytest.mark.parametrize(
    ("prose", "flagged", "why"),
    [
        ("Het aandeel was 38,0 procent.", ["38,0 procent"], "the figure is 38,2 %: stale"),
        ("Het aandeel was 38,2 procent.", [], "equals women_top_pct 2024"),
        ("Het aandeel was 38 procent.", [], "38,2 rounds to 38 at the precision written"),
        ("Het aandeel was 37,0 %.", [], "equals the 2023 figure (the year before)"),
        ("Het Rijk had 157.019 fte.", [], "equals personnel.fte"),
        ("Het Rijk had 157.091 fte.", ["157.091 fte"], "a typo: no figure equals it"),
        ("Inkoop: € 2,7 miljard.", [], "2.680.000.000 is 2,7 billion at one decimal"),
        ("Inkoop: € 3,1 miljard.", ["€ 3,1 miljard"], "no euro figure of 3,1 billion"),
        ("Een daling van 3,3 procentpunt.", [], "FIN's change in points"),
        ("Het doel is 45 procent.", [], "the target"),
        ("Kamerstuk 31 490, nr. 338 van 15 mei 2024, artikel 5.", [], "no figures"),
        ("In 2030 klimaatneutraal; de afgelopen 5 jaar.", [], "years and spans"),
        ("Het Rijk groeide tot {{ personnel.fte }}.", [], "a reference is no typed number"),
        ("<!-- oud: 38,0 procent -->", [], "a comment is no text"),
    ],
)
def test_a_typed_number_no_figure_equals_is_flagged(prose, flagged, why):
    doc = Document("redactie/2024/samenvatting.md", prose + "\n")
    problems = check_documents({"samenvatting": doc}, figures(), 2024)
    assert [p.reference for p in problems] == flagged, why
    assert all(p.rule == "stale_number" and not p.is_error for p in problems)


def test_the_planted_stale_figure_is_found_with_line_and_suggestion():
    text = "Inleiding.\n\nHet aandeel vrouwen in de top steeg tot 38,0 procent in 2024.\n"
    doc = Document("redactie/2024/samenvatting.md", text)
    (p,) = check_documents({"samenvatting": doc}, figures(), 2024)
    assert (p.line, p.column, p.reference) == (3, 41, "38,0 procent")
    # The nearest Rijk figure of the year with the same unit is offered as a reference.
    assert (
        p.help() == f"het cijfer van 2024 is 38,2{NB}%; schrijf {{{{ personnel.women_top_pct }}}}"
    )


def test_english_numbers_are_read_in_english_notation():
    doc = Document("redactie/2024/en/summary.md", "Staff: 157,019 fte; women 38.0 per cent.\n")
    found = [(t.text, t.value, t.decimals) for t in typed_numbers(doc, "en")]
    assert found == [("157,019 fte", 157019.0, 0), ("38.0 per cent", 38.0, 1)]


def test_a_unit_written_twice_is_a_warning():
    doc = Document("x.md", "Er werkten {{ personnel.fte }} fte bij het Rijk.\n")
    (p,) = check_documents({"personeel": doc}, figures(), 2024)
    assert (p.rule, p.line, p.severity) == ("unit_twice", 1, "warning")
    assert "{{ personnel.fte | getal }}" in p.help()


def test_rendering_puts_figures_into_the_markdown():
    figs = figures()

    def resolver(raw):
        return resolve(parse(raw), 2024, figs)

    html = render(
        "## Kop\n\nHet Rijk: {{ personnel.fte }}, {{ personnel.fte | richting }}.[^1]\n\n"
        "<!-- notitie voor de redactie -->\n[^1]: Bron.\n",
        resolver,
        link=lambda r: f"rapport.html#{r.anchor}",
        shift=2,
        doc_id="t",
    )
    assert "<h4>Kop</h4>" in html  # ## under the report's own h2
    assert f'<a class="figure" href="rapport.html#personnel.fte">157.019{NB}fte</a>' in html
    assert '<span class="figure">gestegen</span>' in html  # a word: not a link
    assert "notitie" not in html and "{{" not in html
    assert 'id="fn-t-1"' in html  # footnote ids are unique per section


def test_the_guide_documents_every_format_and_every_file():
    """docs/redactie.md is the editors' reference: a format or a section missing from it
    cannot be used by someone who only reads the guide."""
    from pathlib import Path

    from jbr.publish.text.references import ALIASES, FORMATS
    from jbr.publish.text.sections import SECTIONS

    guide = (Path(__file__).parent.parent / "docs" / "redactie.md").read_text("utf-8")
    for name in [*FORMATS, *(a for a in ALIASES if a != "vorige")]:
        assert f"`{name}`" in guide, name
    for section in SECTIONS:
        assert section.file in guide, section.file


@pytest.mark.parametrize(
    ("signatories", "text", "flagged"),
    [
        (1, "Hierbij bied ik u de JBR aan.\nWij lichten zes ontwikkelingen toe.\n", [(2, "Wij")]),
        (1, "Hierbij bied ik u de JBR aan.\n", []),
        (2, "Hierbij bieden wij u de JBR aan.\nVoor de zomer stuur ik u een plan.\n", [(2, "ik")]),
        (2, "Hierbij bieden wij u de JBR aan. We lichten het toe.\n", []),
    ],
)
def test_the_letter_speaks_as_its_signatories(signatories, text, flagged):
    # The real letter of 15 May 2024 (two signatories) says "Voor de zomer stuur ik u ...".
    from jbr.publish.text.letterhead import Letterhead, Signatory

    people = (Signatory("minister", "BZK", "A"), Signatory("staatssecretaris", "BZK", "B"))
    head = Letterhead(2024, signatories=people[:signatories])
    doc = Document("redactie/2024/kamerbrief.md", text)
    problems = check_documents({"kamerbrief": doc}, figures(), 2024, head)
    assert [(p.line, p.reference) for p in problems] == flagged
    assert all(p.rule == "pronoun" and not p.is_error for p in problems)
