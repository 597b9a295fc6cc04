"""`jbr build` end to end on hand-made deliveries: the report lists every indicator
per year, Rijk and per ministry, and suppresses small cells."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jbr.cli import app
from jbr.indicators import DOMAINS, catalogue

from .conftest import write_csv

HEADER = "peildatum;medewerker_id;ministerie;fte;provincie"


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, str]:
    """One ``jbr build`` of the hand-made deliveries of the tests below that read the
    report (a build with its PDFs takes seconds): each test's deliveries are about their
    own ministries, themes or buildings, so none changes what another reads. Returns the
    output folder and the report's HTML."""
    tmp = tmp_path_factory.mktemp("report")
    # personnel: BZK 1,200 → 1,234 persons, AZ 7 persons in 2024 (suppressed) ...
    rows = [f"2023-12-31;P{i};BZK;1;PV28" for i in range(1200)]
    rows += [f"2024-12-31;P{i};BZK;1;PV28" for i in range(1234)]
    rows += [f"2024-12-31;A{i};AZ;1;PV28" for i in range(7)]
    # ... and EZK's 20 persons of 2023, 12 at EZ and 8 at KGG in 2024 (the reorganisation)
    reorg = [f"2023-12-31;E{i};EZK;1;PV28" for i in range(20)]
    reorg += [f"2024-12-31;E{i};{'EZ' if i < 12 else 'KGG'};1;PV28" for i in range(20)]
    files = [
        write_csv(tmp / "personeel_2023_2024.csv", HEADER, rows),
        write_csv(tmp / "personeel_reorg.csv", HEADER, reorg),
        # a delivery that is rejected (30 February)
        write_csv(
            tmp / "woo_verzoeken_fout.csv", "verzoek_id;ministerie;ontvangen", ["W1;BZK;2024-02-30"]
        ),
        write_csv(
            tmp / "ai_toepassingen_2024.csv",
            "toepassing_id;ministerie;naam;status;risicoanalyse;jaar",
            [
                "AI-1;BZK;Samenvatten Kamervragen;in_gebruik;2024-02-01;2024",
                "AI-2;BZK;Chatbot burgerbrieven;in_gebruik;;2024",
                "AI-3;FIN;Proef vertaalhulp;pilot;;2024",
            ],
        ),
        # two offices in the 2024 register, occupancy delivered for one (Tuesday 5 March)
        write_csv(
            tmp / "gebouwen_2024.csv",
            "gebouw_id;naam;ministerie;provincie;bvo_m2;werkplekken;kantoor;jaar",
            [
                "RVB-1;Turfmarkt 147;BZK;PV28;10000;500;true;2024",
                "RVB-2;Rijnstraat 8;BZK;PV28;20000;900;true;2024",
            ],
        ),
        write_csv(
            tmp / "bezetting_2024.csv",
            "gebouw_id;datum;bezette_werkplekken;werkplekken",
            ["RVB-1;2024-03-05;250;500"],
        ),
    ]
    out = tmp / "out"
    res = CliRunner().invoke(
        app, ["build", *map(str, files), "--out", str(out), "--db", str(tmp / "s.duckdb")]
    )
    assert res.exit_code == 0, res.output
    return out, (out / "rapport.html").read_text(encoding="utf-8")


def test_build_writes_report_with_years_and_suppression(report):
    _, html = report
    for number, (name_nl, _) in enumerate(DOMAINS.values(), start=1):
        assert f"<h2>{number}. {name_nl}</h2>" in html
    for ind in catalogue():
        # a data-quality counter is in the data-quality annex, not a chapter
        assert (f'id="{ind.id}"' in html) != ind.quality, ind.id
    assert "1.234" in html and "1.200" in html  # Dutch notation, both years
    assert '<th scope="col">2024</th><th scope="col">2023</th>' in html  # latest first
    growth = html.split('id="personnel.fte_growth_pct"')[1].split("</article>")[0]
    bzk = growth.split(">BZK</abbr></th>")[1].split("</tr>")[0]
    # the growth figure itself is 2,8 without a sign: (1234 − 1200) ÷ 1200 = 2,83 %
    assert bzk.startswith('<td class="num">2,8</td>')
    # AZ has 7 persons: its cell shows the suppression mark, never the number 7.
    az_row = html.split('title="Algemene Zaken">AZ</abbr></th>')[1].split("</tr>")[0]
    assert ">*<" in az_row and ">7<" not in az_row
    assert "woo_verzoeken_fout.csv" in html  # the rejected file is in the data-quality annex


def test_report_footnotes_the_reorganisation(report):
    _, html = report
    headcount = html.split('id="personnel.headcount"')[1].split("</article>")[0]
    # one note for the table, naming the reorganisation and the rule (SPEC §6)
    assert headcount.count("herberekend naar de indeling van 2024") == 1
    assert "2 juli 2024: EZK → EZ en KGG" in headcount
    assert "verdeeld naar het aandeel van de opvolgers in 2024" in headcount
    # EZK 20 split 12 : 8 → EZ 12 † (KGG's 8 describes fewer than 10 persons: *); no EZK row
    assert ">12 †<" in headcount and ">* †<" in headcount
    assert 'title="Economische Zaken en Klimaat"' not in headcount


def test_breakdown_rows_do_not_overwrite_totals(tmp_path):
    """fte by province: the Rijk total row and a separate per-province table."""
    from jbr.indicators import IndicatorValue
    from jbr.publish.report import ReportData, render_report

    def v(value, breakdown=None):
        return IndicatorValue(
            "organisation.fte_by_province",
            2024,
            "RIJK",
            value,
            "fte",
            None,
            None,
            False,
            persons=100,
            breakdown=breakdown,
        )

    values = [v(1750.0), v(1500.0, "PV28"), v(250.0, "PV20")]  # a total and its two parts
    html = render_report(ReportData(2024, [2024], {2024: values}))
    table = html.split('id="organisation.fte_by_province"')[1].split("</article>")[0]
    rijk_row = table.split('<tr class="rijk"><th scope="row">Rijk</th>')[1].split("</tr>")[0]
    # the total, not the last category; no previous year, so no change; no target, so no
    # status column at all
    assert rijk_row == '<td class="num">1.750</td><td class="num"></td><td class="num"></td>'
    assert '<th scope="col">Status</th>' not in table
    assert "per categorie" in table
    # categories by name, not by code
    assert '<th scope="row">Zuid-Holland</th><td class="num">1.500</td>' in table
    assert '<th scope="row">Groningen</th><td class="num">250</td>' in table


def test_report_lists_ai_in_operation_without_risk_analysis(report):
    _, html = report
    section = html.split('id="ai.risk_assessed_pct"')[1].split("</article>")[0]
    assert "zonder risicoanalyse" in section
    assert "Chatbot burgerbrieven" in section  # in operation, no risk analysis: listed
    assert "Samenvatten Kamervragen" not in section  # has one
    assert "Proef vertaalhulp" not in section  # a pilot is not in operation


def test_rebuild_with_nothing_changed_reuses_the_publications(tmp_path):
    """build.json records inputs and outputs; an identical second build computes nothing,
    a changed store, a damaged output, another option or --force builds again; `jbr build`
    says which it did."""
    import json

    from jbr import build

    rows = [f"2024-12-31;P{i};BZK;1;PV28" for i in range(20)]
    src = write_csv(tmp_path / "personeel_2024.csv", HEADER, rows)
    out, db = tmp_path / "out", tmp_path / "s.duckdb"
    first = build([src], out=out, db=db)
    assert not first.up_to_date
    # the four summary stages, plus the publication stages of publish_all
    assert {"load", "indicators", "render", "total", "render_pdf"} <= set(first.timings)
    manifest = json.loads((out / "build.json").read_text())
    assert {"rapport.html", "rapport.pdf", "kamerbrief.html"} <= set(manifest["outputs"])
    assert manifest["year"] == 2024 and len(manifest["inputs_sha256"]) == 64

    again = build([src], out=out, db=db)
    assert again.up_to_date and again.files == first.files and again.year == 2024
    assert again.timings["indicators"] == 0.0
    assert [o.status for o in again.outcomes] == ["unchanged"]

    # the same through the command line (one build of these files serves both): what it
    # says of an up-to-date build, and --force builds again
    args = ["build", str(src), "--out", str(out), "--db", str(db)]
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0 and "Niets gewijzigd sinds de vorige build" in second.output
    forced = CliRunner().invoke(app, [*args, "--force"])
    assert forced.exit_code == 0 and "geschreven" in forced.output
    assert "Niets gewijzigd" not in forced.output
    assert not build([src], out=out, db=db, lang="en").up_to_date  # another option
    assert build([src], out=out, db=db, lang="en").up_to_date

    report = out / "rapport.html"
    report.write_text(report.read_text(encoding="utf-8") + " ", encoding="utf-8")
    assert not build([src], out=out, db=db, lang="en").up_to_date  # output no longer matches

    more = write_csv(tmp_path / "personeel_2024_bzk.csv", HEADER, rows[:15])
    changed = build([more], out=out, db=db, lang="en")  # the store changed
    assert not changed.up_to_date
    rebuilt = json.loads((out / "build.json").read_text())
    assert rebuilt["inputs"]["store"] != manifest["inputs"]["store"]
    assert rebuilt["inputs"]["options"]["lang"] == "en"


def test_a_listing_per_building_goes_to_the_downloads_with_a_count_in_the_report(report):
    """Two offices in the 2024 register, occupancy delivered for one (Tuesday 5 March):
    the other is listed in tabellen/housing.occupancy_pct-lijst.* in full, and the report
    counts it in the data-quality annex and links there instead of printing the list
    (issue 13: per-building detail to the downloads; a listing of missing data is a
    data-quality finding, annex B)."""
    out, html = report
    section = html.split('id="housing.occupancy_pct"')[1].split("</article>")[0]
    annex = html.split('id="datakwaliteit"')[1]
    assert "Kantoren zonder bezettingsgegevens" not in section  # data quality: annex B
    assert "Kantoren zonder bezettingsgegevens, 2024: 1 regel;" in annex
    assert 'href="tabellen/housing.occupancy_pct-lijst.csv"' in annex
    assert "Rijnstraat 8" not in html  # the list itself is in the download
    listed = (out / "tabellen" / "housing.occupancy_pct-lijst.csv").read_text(encoding="utf-8")
    assert "RVB-2" in listed and "Rijnstraat 8" in listed and "RVB-1" not in listed
    for fmt in ("xlsx", "ods"):
        assert (out / "tabellen" / f"housing.occupancy_pct-lijst.{fmt}").stat().st_size > 0
    # one office with data: its occupancy per building is summarised, not listed
    assert "Uitgesplitst naar 1 kantoren" in section and "mediaan 50,0" in section


def test_a_build_lets_go_of_the_store_even_when_its_frames_live_on(tmp_path):
    """A library that keeps the frames that imported it (WeasyPrint's first import in a
    process does, until the garbage collector runs) keeps the build's frames, and with them
    its context: the build closes its store connection itself, so that this process can
    write to the store right after (a server's next upload, a test publishing a year)."""
    import gc
    import sys

    from jbr import load
    from jbr.publish.build import publish_all
    from jbr.store.connection import connect

    header = "verzoek_id;ministerie;ontvangen;besluit;verdaagd;afgesproken_termijn;uitkomst"
    rows = [f"R{i};BZK;2023-03-02;2023-03-20;nee;;openbaar" for i in range(12)]
    db = tmp_path / "s.duckdb"
    outcomes = load([write_csv(tmp_path / "woo_verzoeken_2023.csv", header, rows)], db=db)
    kept = []

    def writer(publication):  # as such an import: its caller's frames live on
        kept.append(sys._getframe())
        return []

    gc.disable()  # no collector to come to the rescue
    try:
        publish_all(db, tmp_path / "out", None, outcomes, "duckdb", "nl", writers=[writer])
        assert kept  # the writer ran, and holds the build's frames
        connect(db).close()  # for writing: refused while the build's connection is open
    finally:
        gc.enable()
