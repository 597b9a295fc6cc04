"""rapport.html and rapport.pdf on hand-made deliveries: chapters, annexes, language,
suppression, and the PDF's text, structure tree and fonts (issue 7)."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pypdf
import pytest
from markupsafe import escape as markup_escape

from jbr import load
from jbr.indicators import DOMAINS, catalogue
from jbr.publish.build import publish_all, write_rapport

from .conftest import write_csv

HEADER = "peildatum;medewerker_id;ministerie;fte;provincie;geboortejaar;geslacht"


def _deliveries(folder: Path) -> list[Path]:
    # BZK: 1,200 persons at the end of 2023, 1,234 at the end of 2024.
    # AZ: 7 persons at the end of 2024 — fewer than 10, so every AZ personnel figure
    # must be withheld.
    rows = [f"2023-12-31;P{i};BZK;1;PV28;1980;V" for i in range(1200)]
    rows += [f"2024-12-31;P{i};BZK;1;PV28;1980;V" for i in range(1234)]
    rows += [f"2024-12-31;A{i};AZ;1;PV28;1977;M" for i in range(7)]
    personnel = write_csv(folder / "personeel_2023_2024.csv", HEADER, rows)
    bad = write_csv(
        folder / "woo_verzoeken_fout.csv",
        "verzoek_id;ministerie;ontvangen",
        ["W1;BZK;2024-02-30"],  # 30 February does not exist: the file is rejected
    )
    return [personnel, bad]


@pytest.fixture(scope="module")
def loaded(tmp_path_factory) -> tuple[Path, list]:
    """The deliveries loaded once (the store, and what the load said of each file) for
    both reports: the second build reuses the first one's figures (indicators/cache.py)."""
    root = tmp_path_factory.mktemp("rapport")
    db = root / "s.duckdb"
    return db, load(_deliveries(root), db=db)


def _build(loaded: tuple[Path, list], lang: str) -> Path:
    db, outcomes = loaded
    out = db.parent / f"out-{lang}"
    publish_all(db, out, None, outcomes, "duckdb", lang, writers=[write_rapport])
    return out


@pytest.fixture(scope="module")
def nl(loaded) -> Path:  # type: ignore[no-untyped-def]
    return _build(loaded, "nl")


@pytest.fixture(scope="module")
def en(loaded) -> Path:  # type: ignore[no-untyped-def]
    return _build(loaded, "en")


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_html_has_title_summary_every_chapter_and_both_annexes(nl):
    html = (nl / "rapport.html").read_text(encoding="utf-8")
    assert "<h1>Jaarrapportage Bedrijfsvoering Rijk 2024</h1>" in html
    assert "<h2>Samenvatting</h2>" in html
    for number, (name_nl, _) in enumerate(DOMAINS.values(), start=1):
        assert f"<h2>{number}. {name_nl}</h2>" in html
    assert "<h2>Bijlage A. Methodologie</h2>" in html
    assert "<h2>Bijlage B. Datakwaliteit</h2>" in html


def test_methodology_annex_lists_every_catalogue_indicator(nl):
    html = (nl / "rapport.html").read_text(encoding="utf-8")
    annex = html.split('id="methodologie"')[1].split('id="datakwaliteit"')[0]
    for ind in catalogue():
        if ind.quality:  # a data-quality counter is explained in annex B, not defined here
            assert f'id="def-{ind.id}"' not in annex, ind.id
            continue
        assert f'id="def-{ind.id}"' in annex, ind.id
        # in readers' words: the definition, not the formula over delivery columns (those
        # are in the open data's list of indicators) nor the indicator id
        assert str(markup_escape(ind.definition("nl"))) in annex, ind.id
        assert f"<code>{escape(ind.formula, quote=False)}</code>" not in annex, ind.id
        assert f"<code>{ind.id}</code>" not in annex, ind.id
    # a target with its source, from the catalogue
    assert "Roemernorm" in annex


def test_data_quality_annex_shows_the_rejected_file_and_missing_deliveries(nl):
    html = (nl / "rapport.html").read_text(encoding="utf-8")
    annex = html.split('id="datakwaliteit"')[1]
    assert "woo_verzoeken_fout.csv" in annex
    assert "Afgewezen bestanden" in annex
    # personeel was delivered for BZK and AZ only: the others are listed as missing
    missing = annex.split("Ontbrekende leveringen")[1].split("</ul>")[0]
    # themes by their names, the Rijk-wide ones as "Rijk" (not the code RIJK)
    assert "<li>Personeel: AenM, BZ, DEF" in missing
    assert "<li>Graaddagen: Rijk</li>" in missing
    # reorganisation mappings from the code list
    assert "EZK" in annex and "KGG" in annex and "LVVN" in annex


def test_headcount_in_dutch_notation_with_change(nl):
    html = (nl / "rapport.html").read_text(encoding="utf-8")
    section = html.split('id="personnel.headcount"')[1].split("</article>")[0]
    # Rijk: 1,234 + 7 = 1,241 persons (the Rijk total counts AZ's seven: it describes
    # 1,241 persons); (1241 − 1200) ÷ 1200 = +3.42 % → "+3,4 %"
    assert "<strong>1.241\u00a0personen</strong>" in section
    assert "(+3,4\u00a0% t.o.v. 2023)" in section
    rijk = section.split('<tr class="rijk"><th scope="row">Rijk</th>')[1].split("</tr>")[0]
    assert '<td class="num">1.241</td><td class="num">1.200</td>' in rijk
    bzk = section.split(">BZK</abbr></th>")[1].split("</tr>")[0]
    # BZK: (1234 − 1200) ÷ 1200 = +2.83 % → "+2,8 %"
    assert (
        '<td class="num">1.234</td><td class="num">1.200</td><td class="num">+2,8\u00a0%</td>'
        in bzk
    )


def test_a_ministry_with_seven_employees_shows_no_number_in_html(nl):
    html = (nl / "rapport.html").read_text(encoding="utf-8")
    for ind in ("personnel.headcount", "personnel.fte", "personnel.avg_age"):
        section = html.split(f'id="{ind}"')[1].split("</article>")[0]
        az = section.split('title="Algemene Zaken">AZ</abbr></th>')[1].split("</tr>")[0]
        assert '<td class="num suppressed">*</td>' in az, ind
        assert not re.search(r"\d", az), (ind, az)  # no 7, no 47 years, nothing
        assert "minder dan 10 personen" in section


def test_a_ministry_with_seven_employees_shows_no_number_in_pdf(nl):
    text = _pdf_text(nl / "rapport.pdf")
    az_lines = [line for line in text.splitlines() if re.match(r"AZ\b", line)]
    assert az_lines, "the per-ministry table has an AZ row"
    for line in az_lines:
        assert not re.search(r"\d", line), line
    assert any("*" in line for line in az_lines)
    assert "minder dan 10 personen" in text


def test_pdf_text_has_chapter_titles_and_a_known_figure(nl):
    text = _pdf_text(nl / "rapport.pdf")
    for number, (name_nl, _) in enumerate(DOMAINS.values(), start=1):
        assert f"{number}. {name_nl}" in text
    assert "Bijlage A. Methodologie" in text
    assert "Rijk 2024: 1.241 personen" in text.replace("\u00a0", " ")  # Dutch notation
    # the table of contents carries page numbers: "1. Personeel ....... 4"
    assert re.search(r"1\. Personeel \.+\s*\d+", text)


def test_pdf_is_tagged_and_embeds_its_fonts(nl):
    reader = pypdf.PdfReader(nl / "rapport.pdf")
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "nl"
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            holder = descendant[0].get_object() if descendant else font
            descriptor = holder["/FontDescriptor"].get_object()
            fonts[font["/BaseFont"]] = any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts
    assert len(reader.pages) > 10  # title page, contents, summary, six chapters, annexes


def test_english_report_has_english_chapter_titles(en):
    html = (en / "rapport.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    for number, (_, name_en) in enumerate(DOMAINS.values(), start=1):
        assert f"<h2>{number}. {name_en}</h2>" in html
    assert "<h2>Annex A. Methodology</h2>" in html
    assert "<h2>Annex B. Data quality</h2>" in html
    assert "Central government 2024: <strong>1,241\u00a0persons</strong>" in html
    text = _pdf_text(en / "rapport.pdf")
    assert "3. Sustainability" in text
    assert "1,241 persons" in text.replace("\u00a0", " ")
