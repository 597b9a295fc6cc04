"""`jbr build` end to end on hand-made deliveries: the report lists every indicator
per year, Rijk and per ministry, and suppresses small cells."""

from __future__ import annotations

from typer.testing import CliRunner

from jbr.cli import app
from jbr.indicators import DOMAINS, catalogue

from .conftest import write_csv

HEADER = "peildatum;medewerker_id;ministerie;fte;provincie"


def test_build_writes_report_with_years_and_suppression(tmp_path):
    rows = [f"2023-12-31;P{i};BZK;1;PV28" for i in range(1200)]
    rows += [f"2024-12-31;P{i};BZK;1;PV28" for i in range(1234)]
    rows += [f"2024-12-31;A{i};AZ;1;PV28" for i in range(7)]
    src = write_csv(tmp_path / "personeel_2023_2024.csv", HEADER, rows)
    bad = write_csv(
        tmp_path / "woo_verzoeken_fout.csv",
        "verzoek_id;ministerie;ontvangen",
        ["W1;BZK;2024-02-30"],
    )
    out = tmp_path / "out"
    res = CliRunner().invoke(
        app, ["build", str(src), str(bad), "--out", str(out), "--db", str(tmp_path / "s.duckdb")]
    )
    assert res.exit_code == 0, res.output
    html = (out / "rapport.html").read_text(encoding="utf-8")
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


def test_report_footnotes_the_reorganisation(tmp_path):
    rows = [f"2023-12-31;P{i};EZK;1;PV28" for i in range(20)]
    rows += [f"2024-12-31;P{i};{'EZ' if i < 12 else 'KGG'};1;PV28" for i in range(20)]
    src = write_csv(tmp_path / "personeel_reorg.csv", HEADER, rows)
    out = tmp_path / "out"
    res = CliRunner().invoke(
        app, ["build", str(src), "--out", str(out), "--db", str(tmp_path / "s.duckdb")]
    )
    assert res.exit_code == 0, res.output
    html = (out / "rapport.html").read_text(encoding="utf-8")
    headcount = html.split('id="personnel.headcount"')[1].split("</article>")[0]
    assert "EZK → EZ en KGG per 2 juli 2024." in headcount
    # and the growth figure says how it compared across the split
    growth = html.split('id="personnel.fte_growth_pct"')[1].split("</article>")[0]
    assert "EZK 2023 verdeeld over EZ, KGG naar hun aandeel in 2024" in growth


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
    # the total, not the last category; no previous year, so no change and no status
    assert (
        rijk_row == '<td class="num">1.750</td><td class="num"></td><td class="num"></td><td></td>'
    )
    assert "per categorie" in table
    # categories by name, not by code
    assert '<th scope="row">Zuid-Holland</th><td class="num">1.500</td>' in table
    assert '<th scope="row">Groningen</th><td class="num">250</td>' in table


def test_report_lists_ai_in_operation_without_risk_analysis(tmp_path):
    ai = write_csv(
        tmp_path / "ai_toepassingen_2024.csv",
        "toepassing_id;ministerie;naam;status;risicoanalyse;jaar",
        [
            "AI-1;BZK;Samenvatten Kamervragen;in_gebruik;2024-02-01;2024",
            "AI-2;BZK;Chatbot burgerbrieven;in_gebruik;;2024",
            "AI-3;FIN;Proef vertaalhulp;pilot;;2024",
        ],
    )
    out = tmp_path / "out"
    res = CliRunner().invoke(
        app, ["build", str(ai), "--out", str(out), "--db", str(tmp_path / "s.duckdb")]
    )
    assert res.exit_code == 0, res.output
    html = (out / "rapport.html").read_text(encoding="utf-8")
    section = html.split('id="ai.risk_assessed_pct"')[1].split("</article>")[0]
    assert "zonder risicoanalyse" in section
    assert "Chatbot burgerbrieven" in section  # in operation, no risk analysis: listed
    assert "Samenvatten Kamervragen" not in section  # has one
    assert "Proef vertaalhulp" not in section  # a pilot is not in operation


def test_rebuild_with_nothing_changed_reuses_the_publications(tmp_path):
    """build.json records inputs and outputs; an identical second build computes nothing,
    a changed store, a damaged output, another option or --force builds again."""
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

    assert not build([src], out=out, db=db, force=True).up_to_date
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


def test_cli_build_force_and_up_to_date_message(tmp_path):
    src = write_csv(
        tmp_path / "personeel_2024.csv", HEADER, [f"2024-12-31;P{i};BZK;1;PV28" for i in range(12)]
    )
    args = ["build", str(src), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "s.duckdb")]
    first = CliRunner().invoke(app, args)
    assert first.exit_code == 0 and "geschreven" in first.output
    second = CliRunner().invoke(app, args)
    assert second.exit_code == 0 and "Niets gewijzigd sinds de vorige build" in second.output
    forced = CliRunner().invoke(app, [*args, "--force"])
    assert forced.exit_code == 0 and "geschreven" in forced.output
