"""Readers' words (SPEC §6, issue 13 items 4 and 8): what a reader sees uses names, not
codes; amounts in readable magnitudes; units once; years as years; no identifiers, file
names, settings or references to the specification; operator warnings in the build log
and, in readers' words, in the data-quality annex; the report names its scope.

The last test runs the artefact scanner (tests/artefacts.py) over every page of a built
and published small demo.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import lxml.html
import pytest

from jbr import load
from jbr.indicators import IndicatorValue, by_id, catalogue, compute_years, open_context
from jbr.indicators.findings import KINDS, Finding
from jbr.publish.build import publish_all
from jbr.publish.figures import published_figures
from jbr.publish.format import readable, scaled, table_scale, titled
from jbr.publish.words import cell, header, ministry_label

from .artefacts import (
    download_headers,
    openpyxl_headers,
    pages,
    report,
    scan_cell,
    scan_download,
    scan_html,
    scan_output,
    scan_text,
    visible_texts,
    xlsx_headers,
)
from .conftest import write_csv

NB = "\u00a0"


# ---------------------------------------------------------------- magnitudes


@pytest.mark.parametrize(
    ("value", "unit", "lang", "expected", "why"),
    [
        (20_691_410_000, "euro", "nl", f"€{NB}20,7{NB}miljard", "20,69 bn rounds to 20,7"),
        (20_691_410_000, "euro", "en", f"€20.7{NB}billion", "English notation and word"),
        (512_345_678, "euro", "nl", f"€{NB}512,3{NB}miljoen", "millions in words"),
        (48_230, "euro", "nl", f"€{NB}48.230", "below a million: in full"),
        (723_774_069, "kWh", "nl", f"723,8{NB}GWh", "kWh up the SI ladder: ÷ 10⁶ = 723,8 GWh"),
        (5_400_000, "kWh", "nl", f"5,4{NB}GWh", "5,4 million kWh = 5,4 GWh"),
        (999_999, "kWh", "nl", f"999.999{NB}kWh", "just below a million: in full"),
        (30_961_495, "m³", "nl", f"31,0{NB}miljoen{NB}m³", "no SI ladder for m³: words"),
        (156_983, "fte", "nl", f"156.983{NB}fte", "fte as published (157.019 in 2024)"),
        (999_960_000, "euro", "nl", f"€{NB}1,0{NB}miljard", "999,96 mln rounds to 1,0 bn"),
        (None, "euro", "nl", "–", "unknown: a dash"),
    ],
)
def test_readable_magnitude_in_text(value, unit, lang, expected, why):
    assert readable(value, unit, lang) == expected, why


@pytest.mark.parametrize(
    ("largest", "value", "unit", "table_unit", "text", "why"),
    [
        # € mln with one decimal (the Rijksbegroting's notation): exact to € 0,1 mln
        (20_691_410_000, 20_691_410_000, "euro", "€ mln", "20.691,4", "20.691,41 mln"),
        (20_691_410_000, 199_040_000, "euro", "€ mln", "199,0", "a ministry in the same unit"),
        (2_500_000_000_000, 2_500_000_000_000, "euro", "€ mld", "2.500,0", "≥ a million mln"),
        (950_000, 48_230, "euro", "€", "48.230", "small amounts stay in euros"),
        (723_774_069, 723_774_069, "kWh", "MWh", "723.774", "one SI step keeps < 10⁶"),
        (5_000_000_000, 5_000_000_000, "kWh", "GWh", "5.000", "two steps: 5 × 10⁶ MWh ≥ 10⁶"),
        (30_961_495, 30_961_495, "m³", "duizend m³", "30.961", "thousands of m³"),
        (173_407, 173_407, "personen", "personen", "173.407", "below a million: as is"),
    ],
)
def test_table_scale_keeps_numbers_below_a_million(largest, value, unit, table_unit, text, why):
    scale = table_scale(largest, unit)
    assert scale.unit == table_unit, why
    assert scaled(value, unit, scale) == text, why


def _value(indicator, year, ministry, value, target=None, persons=None):
    return IndicatorValue(indicator, year, ministry, value, "", target, None, False, persons)


def test_figure_reads_in_words_and_writes_exactly_in_tables():
    # Rijk € 20.691.410.000 and AZ € 199.040.000 of procurement in 2024.
    figs = published_figures(
        {
            2024: [
                _value("procurement.spend_eur", 2024, "RIJK", 20_691_410_000),
                _value("procurement.spend_eur", 2024, "AZ", 199_040_000),
            ]
        },
        2024,
    )
    rijk, az = figs.get("procurement.spend_eur"), figs.get("procurement.spend_eur", 2024, "AZ")
    assert figs.table_unit("procurement.spend_eur") == "€ mln"
    assert (rijk.text, rijk.with_unit) == ("20.691,4", f"€{NB}20,7{NB}miljard")
    assert (az.text, az.with_unit) == ("199,0", f"€{NB}199,0{NB}miljoen")
    assert rijk.shown == pytest.approx(20_691.41)  # what a chart draws, in € mln


def test_a_year_is_written_as_a_year():
    # climate.co2_neutral_year is a calendar year: never "2.033,0 jaar".
    figs = published_figures(
        {2024: [_value("climate.co2_neutral_year", 2024, "RIJK", 2033.0, target=2030)]}, 2024
    )
    f = figs.get("climate.co2_neutral_year")
    assert (f.text, f.with_unit, f.target_text) == ("2033", "2033", "2030")
    # an age is a quantity in years and keeps its unit in a caption
    assert titled("Gemiddelde leeftijd", "jaar") == "Gemiddelde leeftijd (jaar)"


# ---------------------------------------------------------------- names, not codes


def test_labels_state_their_unit_once():
    gas = by_id()["energy.gas_tj"]
    assert gas.label() == "Aardgasverbruik (TJ)"  # as declared (methodology annex)
    assert gas.name() == "Aardgasverbruik"  # beside a figure or a unit caption
    assert titled(gas.name(), "TJ") == "Aardgasverbruik (TJ)"
    assert titled("Aardgasverbruik (TJ)", "TJ") == "Aardgasverbruik (TJ)"  # never (TJ) (TJ)
    # a label whose parentheses are not its unit keeps them
    assert by_id()["personnel.inflow"].name() == "Instroom (aantal)"


@pytest.mark.parametrize(
    ("indicator", "code", "lang", "expected"),
    [
        ("organisation.fte_by_province", "PV28", "nl", "Zuid-Holland"),
        ("organisation.fte_by_province", "BES", "en", "Caribbean Netherlands"),
        ("organisation.fte_by_province", "BUITENLAND", "nl", "Buitenland"),
        (
            "woo.published_documents",
            "jaarplannen_jaarverslagen",
            "nl",
            "Jaarplannen en jaarverslagen",
        ),
        ("housing.occupancy_pct", "RVB-000001", "nl", "RVB-000001"),  # a building: its own id
    ],
)
def test_breakdown_categories_by_name(indicator, code, lang, expected):
    assert by_id()[indicator].category(code, lang) == expected


@pytest.mark.parametrize(
    ("column", "value", "lang", "expected"),
    [
        ("status", "in_gebruik", "nl", "in gebruik"),
        ("status", "in_gebruik", "en", "in operation"),
        ("dpia", True, "nl", "ja"),
        ("dpia", False, "en", "no"),
        ("drager", "gas_m3", "nl", "aardgas"),
        ("maand", date(2021, 10, 1), "nl", "oktober 2021"),
        ("naam", "Chatbot voor HR-vragen", "nl", "Chatbot voor HR-vragen"),
        ("dpia", None, "nl", ""),
    ],
)
def test_listing_values_in_words(column, value, lang, expected):
    assert cell(column, value, lang) == expected


def test_listing_headers_and_the_rijk_by_name():
    assert [header(c) for c in ("toepassing_id", "ministerie", "dpia")] == [
        "Kenmerk",
        "Ministerie",
        "DPIA uitgevoerd",
    ]
    assert ministry_label("RIJK") == "Rijk" and ministry_label("RIJK", "en") == (
        "Central government"
    )
    assert ministry_label("BZK") == "BZK"  # abbreviations readers know stay


def test_catalogue_texts_name_no_machinery():
    """Definitions, labels and target sources are what the methodology annex prints."""
    for ind in catalogue():
        texts = [ind.label_nl, ind.label_en, ind.definition_nl, ind.definition_en]
        texts += [ind.target.source] if ind.target else []
        for text in texts:
            assert scan_text(text) == [], (ind.id, text)


# ---------------------------------------------------------------- the scanner itself


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # the artefacts issue 13 found, each caught by its rule
        ("Doel: SPEC §5.5: gebruik in productie", "spec-reference"),
        ("Vul atw_feestdagen.csv aan (zie docs/woo.md).", "file-name"),
        ("standaard; instelbaar met JBR_RANDSTAD", "setting"),
        ("De trend van climate.co2_t bereikt nul", "indicator-id"),
        ("jaarplannen_jaarverslagen", "raw-code"),
        ("Randstad: PV24, PV26, PV27, PV28", "raw-code"),
        ("Aardgasverbruik (m³) (m³)", "doubled-unit"),
        ("Inkoopuitgaven € 20.691.410.000", "magnitude"),
        ("723.774.069 kWh", "magnitude"),
        ("2.033,0 jaar", "year-notation"),
        ("dpia: True", "literal"),
        ("waarde: nan", "literal"),
        ("Bron: {source}", "placeholder"),
        ("De Minister van BZK, [naam]", "placeholder"),
        ("Leverancier: root", "os-user"),
        ("Gebruik jbr build --year 2024", "setting"),
    ],
)
def test_scanner_catches_each_artefact(text, rule):
    assert rule in {r for r, _ in scan_text(text)}, scan_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "BZK, FIN en JenV leverden op tijd.",  # ministry abbreviations are names readers know
        "Het Rijk telde 156.983 fte; de inkoop was € 20,7 miljard.",
        "Zie https://example.org/indicator/climate.co2_t/2024/ voor de bron.",  # a URL
        "Het doel is gehaald met 40,3 % minder aardgas.",
        "None of the targets was met in 2024.",  # English prose, not a literal
        "Aardgasverbruik (TJ): 980 TJ, 31,0 miljoen m³.",
        "Een termijn van 4 weken, verlengd met 2 weken.",
    ],
)
def test_scanner_leaves_readers_words_alone(text):
    assert scan_text(text) == []


def test_scanner_reads_visible_text_not_markup():
    html = (
        '<html lang="nl"><head><title>Inkoop</title><script>var a = "energy.gas_m3";</script>'
        "</head><body>"
        '<a href="../indicator/climate.co2_t/2024/" id="climate.co2_t" class="off_track">'
        "CO₂-uitstoot</a>"
        "<table><tr><td data-literal>personeel_2024_BZK.csv</td><td>met</td></tr></table>"
        '<img src="x.svg" alt="Grafiek van PV28">'
        "</body></html>"
    )
    found = {(f.rule, f.text) for f in scan_html(html, "p.html")}
    # href, id, class and script are machinery; a delivered file name is data (data-literal)
    assert found == {("raw-code", "met"), ("raw-code", "Grafiek van PV28")}
    # "met" is only a code as a whole cell of a Dutch page; in English it is a word
    assert scan_cell("met", "en") == [] and scan_cell("off_track", "en") == [
        ("raw-code", "off_track")
    ]


def test_scanner_walks_every_kind_of_text_in_page_order():
    """What the walk reads, piece by piece: the description but no other meta, nothing
    below script/style/noscript/template (child elements included), hidden text (a
    reader of the source or of a stylesheet-less page sees it), the attributes read aloud
    (a blank one not), a cell whole and then its pieces (a cell with child elements read
    through them), data-literal inherited by children and their tails but not by the
    element's own tail, an inline chart's labels."""
    html = (
        '<html lang="nl"><head><title>Inkoop</title>'
        '<meta name="description" content="Over gas_m3"><meta name="keywords" content="x_y">'
        "<style>p { color: red }</style></head><body>"
        "<noscript><p>in_noscript</p></noscript><template><p>in_template</p></template>"
        "<div hidden>verborgen_code</div>"
        '<p title="titel_code" aria-label="label_code" placeholder=" ">tekst<b>vet</b>'
        'staart_code</p><input aria-description="beschrijving_code">'
        "<ul><li>lijst <i>item_code</i> staart</li><li>on_track</li></ul>"
        "<table><tr><td data-literal>bestand_2024.csv<span>binnen.csv</span>staart.csv</td>"
        "<td>off_track</td><td><a href=x>met</a></td></tr></table>"
        '<p data-literal title="titel.csv">gegeven.csv</p>na_literal_code'
        "<svg><text>as_code</text></svg></body></html>"
    )
    assert list(visible_texts(html)) == [
        ("Inkoop", "text"),
        ("Over gas_m3", "text"),
        ("verborgen_code", "text"),
        ("titel_code", "text"),
        ("label_code", "text"),
        ("tekst", "text"),
        ("vet", "text"),
        ("staart_code", "text"),
        ("beschrijving_code", "text"),
        ("lijst item_code staart", "cell"),
        ("lijst ", "text"),
        ("item_code", "text"),
        (" staart", "text"),
        ("on_track", "cell"),
        ("on_track", "text"),
        ("bestand_2024.csvbinnen.csvstaart.csv", "cell"),
        ("bestand_2024.csv", "literal"),
        ("binnen.csv", "literal"),
        ("staart.csv", "literal"),
        ("off_track", "cell"),
        ("off_track", "text"),
        ("met", "cell"),
        ("met", "text"),
        ("titel.csv", "literal"),
        ("gegeven.csv", "literal"),
        ("na_literal_code", "text"),
        ("as_code", "text"),
    ]
    planted = {"Over gas_m3", "verborgen_code", "titel_code", "label_code", "staart_code"}
    planted |= {"beschrijving_code", "item_code", "on_track", "off_track", "met"}
    planted |= {"na_literal_code", "as_code"}
    # each planted code found once; nothing of the literal data, script, style or template
    found = [(f.rule, f.text) for f in scan_html(html, "p.html")]
    assert sorted(found) == sorted(("raw-code", text) for text in planted)


# ---------------------------------------------------------------- findings, not footnotes

WOO = "verzoek_id;ministerie;ontvangen;besluit;verdaagd;afgesproken_termijn;uitkomst"


def test_calendar_warning_goes_to_the_log_and_the_annex_not_beside_figures(tmp_path):
    # Requests of 2015: the shipped Atw calendar has no Royal Decrees for 2015, so the
    # computation records one operator warning (not a footnote on every figure).
    rows = [f"R{i};BZK;2015-03-02;2015-03-20;nee;;openbaar" for i in range(12)]
    files = [write_csv(tmp_path / "woo_verzoeken_2015.csv", WOO, rows)]
    db = tmp_path / "s.duckdb"
    outcomes = load(files, db=db)
    ctx = open_context(db)
    values = compute_years(ctx)
    kinds = {(f.kind, dict(f.params)["years"]) for f in ctx.findings}
    assert ("atw_decree_days", (2015,)) in kinds
    assert all(
        "atw" not in n.lower() and ".csv" not in n
        for vs in values.values()
        for v in vs
        for n in v.notes
    )
    warnings: list[str] = []
    publish_all(db, tmp_path / "out", None, outcomes, "duckdb", "nl", writers=[], warnings=warnings)
    # the operator reads which file to extend; the reader reads what it means
    assert any("atw_feestdagen.csv" in w and "2015" in w for w in warnings), warnings


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_finding_reads_in_both_languages_and_for_the_log(kind):
    params = {"years": (2017, 2018, 2019), "known": "2023–2028", "n": 3, "reference": 2019}
    params |= {"airports": "QQQ"}  # an IATA code the airport database does not know
    finding = Finding(kind, 2021, "energy.gas_m3", tuple(params.items()))
    texts = {lang: finding.text(lang) for lang in ("nl", "en", "log", "log_en")}
    assert len(set(texts.values())) == 4  # four different texts: none falls back to another
    for lang in ("nl", "en"):  # readers' words: no file, setting or placeholder
        assert scan_text(texts[lang]) == [], texts[lang]
    if finding.operator:  # the operator learns what to extend, the reader what it means
        assert "atw_feestdagen.csv" in texts["log"] and "2017–2019" in texts["nl"]


# ---------------------------------------------------------------- the published demo


def _text(path: Path) -> str:
    return lxml.html.parse(str(path)).getroot().text_content()


def test_no_artefact_on_any_page_of_the_published_demo(small_demo_published):
    """SPEC §6 readers' words over the report, the public version, the letter, every page
    of the static site and the headers of every table download."""
    out = small_demo_published
    seen = [str(p.relative_to(out)) for p in pages(out)]
    for publication in ("rapport.html", "rapport.pdf", "publieksversie.pdf", "kamerbrief.html"):
        assert publication in seen
    assert sum(p.startswith("site/en/indicator/") for p in seen) > 100  # both languages
    assert any(p.startswith("site/assets/charts/") for p in seen)
    assert any(p.startswith("tabellen/") and p.endswith(".ods") for p in seen)
    found = scan_output(out)
    assert found == [], report(found)


def test_report_names_its_scope_in_introduction_and_methodology(small_demo_published):
    out = small_demo_published
    doc = lxml.html.parse(str(out / "rapport.html")).getroot()
    (summary,) = doc.xpath("//section[@id='samenvatting']")
    (method,) = doc.xpath("//section[@id='methodologie']")
    statement = "Van Defensie telt alleen het burgerpersoneel mee; militairen vallen erbuiten."
    assert statement in summary.text_content()
    assert statement in method.text_content()
    assert "Duurzaamheid: het energieverbruik van de gebouwen" in method.text_content()


def test_data_quality_counters_are_in_the_annex_only(small_demo_published):
    out = small_demo_published
    html = (out / "rapport.html").read_text(encoding="utf-8")
    chapters = html.split('id="methodologie"')[0]
    for ind in (i for i in catalogue() if i.quality):
        assert f'id="{ind.id}"' not in chapters, ind.id
        assert not (out / "site" / "indicator" / ind.id).exists(), ind.id
        assert ind.id not in (out / "opendata" / "figures.csv").read_text(encoding="utf-8")
    annex = html.split('id="datakwaliteit"')[1]
    assert "Bevindingen bij de berekening" in annex


def test_demo_deliveries_name_their_supplier(small_demo_published):
    out = small_demo_published
    annex = _text(out / "rapport.html").split("Leveranciers per thema")[1]
    assert "P-Direkt (demo)" in annex and "Rijksvastgoedbedrijf (demo)" in annex
    assert "root" not in annex.split()


def test_the_header_row_of_an_ods_download_is_read_as_odfpy_writes_it(tmp_path):
    # The scanner reads an ODS download's first row from its content.xml; written here with
    # odfpy (another writer than jbr's), with the spaces, tab and second paragraph that
    # ODF spells as elements, and a second row that must not be read.
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P, S, Tab

    doc = OpenDocumentSpreadsheet()
    sheet = Table(name="figures")
    header, data = TableRow(), TableRow()
    first = P(text="Aantal")
    first.addElement(S(c=2))
    first.addText("fte")
    second = P(text="per")
    second.addElement(Tab())
    second.addText("jaar")
    for paragraphs in ([P(text="gas_m3")], [first], [second, P(text=" (2024)")]):
        cell = TableCell()
        for paragraph in paragraphs:
            cell.addElement(paragraph)
        header.addElement(cell)
    cell = TableCell()
    cell.addElement(P(text="not a header"))
    data.addElement(cell)
    sheet.addElement(header)
    sheet.addElement(data)
    doc.spreadsheet.addElement(sheet)
    path = tmp_path / "figures.ods"
    doc.save(str(path))
    assert download_headers(path) == ["gas_m3", "Aantal  fte", "per\tjaar (2024)"]
    found = scan_download(path, "tabellen/figures.ods")
    assert [(f.rule, f.text) for f in found] == [("raw-code", "gas_m3")]


def test_the_header_row_of_an_xlsx_download_is_read_as_openpyxl_reads_it(tmp_path):
    # The scanner reads a download laid out as jbr writes it (openpyxl's write-only writer:
    # one sheet, inline strings, no stated dimension) from the sheet's XML; any other
    # layout goes to openpyxl. Both give openpyxl's row: a missing cell is "".
    from openpyxl import Workbook

    def write(name: str, rows: list[list[object]], sheets: int = 1, write_only: bool = True):
        book = Workbook(write_only=write_only)
        for n in range(sheets):
            sheet = book.create_sheet(f"blad{n}") if write_only else book.active
            for row in rows:
                sheet.append(row)
        book.save(tmp_path / name)
        return tmp_path / name

    header = ["gas_m3", " Aantal  fte ", "", None, "2024", "€ mln"]
    jbr = write("jbr.xlsx", [header, ["RIJK", 1, 2, 3, 4, 5]])
    assert xlsx_headers(jbr) == ["gas_m3", " Aantal  fte ", "", "", "2024", "€ mln"]
    others = [
        write("number.xlsx", [["Jaar", 2024]]),  # a number: openpyxl's conversion
        write("two.xlsx", [["x_y"]], sheets=2),  # which sheet is first: openpyxl's call
        write("dimension.xlsx", [["a", "b"], ["c", "d", "e"]], write_only=False),  # padded
    ]
    assert [xlsx_headers(path) for path in others] == [None, None, None]
    for path in [jbr, *others]:
        assert download_headers(path) == openpyxl_headers(path), path.name
    assert [download_headers(path) for path in others] == [
        ["Jaar", "2024"],
        ["x_y"],
        ["a", "b", ""],
    ]
    found = scan_download(jbr, "tabellen/jbr.xlsx")
    assert [(f.rule, f.text) for f in found] == [("raw-code", "gas_m3")]
