"""``jbr woo deadlines`` (SPEC §2): CSV contract, reporting date, rejected files, the table."""

from __future__ import annotations

from datetime import date

import openpyxl
import pytest
from typer.testing import CliRunner

from jbr.api import woo_deadlines
from jbr.cli import app

from .conftest import write_csv

REQUESTS = "verzoek_id;ministerie;ontvangen;besluit;verdaagd;afgesproken_termijn;uitkomst;ingebrekestelling"
ROWS = [
    # Thu 11 Apr 2024 + 28 = Ascension 9 May → equated 10 May → Mon 13 May; decided that day.
    "R1;BZK;2024-04-11;2024-05-13;nee;;openbaar;",
    # Thu 1 Feb 2024 + 28 = Thu 29 Feb (leap day); decided 5 Mar: late. The notice of 1 Mar
    # is within two weeks of the decision: no penalty.
    "R2;BZK;2024-02-01;2024-03-05;nee;;deels;2024-03-01",
    # Fri 5 Apr + 42 (extended) + 3 suspended = Whit Monday 20 May → Tue 21 May; open.
    # Notice Wed 22 May → penalty from Thu 6 Jun.
    "R3;FIN;2024-04-05;;ja;;;2024-05-22",
    # Withdrawn: Mon 20 May + 28 = Mon 17 Jun.
    "R4;FIN;2024-05-20;2024-05-25;nee;;ingetrokken;",
    # Mon 13 May + 28 = Mon 10 Jun; open.
    "R5;BZK;2024-05-13;;nee;;;",
]
SUSPENSIONS = [("R3", date(2024, 4, 10), date(2024, 4, 12), "zienswijze")]
HEADER = "verzoek_id,ministerie,ontvangen,deadline,besluit,status,penalty_eur"
ON_1_JUNE = [
    "R1,BZK,2024-04-11,2024-05-13,2024-05-13,on_time,0",
    "R2,BZK,2024-02-01,2024-02-29,2024-03-05,late,0",
    "R3,FIN,2024-04-05,2024-05-21,,overdue,0",  # penalty starts 6 Jun
    "R4,FIN,2024-05-20,2024-06-17,2024-05-25,excluded,0",
    "R5,BZK,2024-05-13,2024-06-10,,open,0",
]


@pytest.fixture
def csv_files(tmp_path):
    return [
        write_csv(tmp_path / "woo_verzoeken_2024.csv", REQUESTS, ROWS),
        write_csv(
            tmp_path / "woo_opschortingen_2024.csv",
            "verzoek_id;van;tot;reden",
            [f"{i};{v:%d-%m-%Y};{t:%d-%m-%Y};{r}" for i, v, t, r in SUSPENSIONS],
        ),
    ]


@pytest.fixture
def xlsx_file(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "woo_verzoeken"
    ws.append(REQUESTS.split(";"))
    for row in ROWS:
        cells = row.split(";")
        ws.append(
            [date.fromisoformat(c) if len(c) == 10 and c[4] == "-" else (c or None) for c in cells]
        )
    sheet = wb.create_sheet("woo_opschortingen")
    sheet.append(["verzoek_id", "van", "tot", "reden"])
    for s in SUSPENSIONS:
        sheet.append(list(s))
    path = tmp_path / "woo_BZK_FIN.xlsx"
    wb.save(path)
    return [path]


def _run(*args: str):
    return CliRunner().invoke(app, ["woo", "deadlines", *args])


@pytest.mark.parametrize("files", ["csv_files", "xlsx_file"])
def test_csv_header_and_rows(files, request):
    paths = [str(p) for p in request.getfixturevalue(files)]
    result = _run(*paths, "--on", "2024-06-01", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [HEADER, *ON_1_JUNE]


def test_reporting_date_moves_status_and_penalty(csv_files):
    result = _run(*map(str, csv_files), "--on", "2024-07-01", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = {line.split(",")[0]: line for line in result.stdout.splitlines()[1:]}
    # R3: 6 Jun .. 1 Jul = 26 days = 14 × € 23 + 12 × € 35 = 322 + 420.
    assert rows["R3"] == "R3,FIN,2024-04-05,2024-05-21,,overdue,742"
    # R5: deadline 10 Jun has passed on 1 Jul.
    assert rows["R5"] == "R5,BZK,2024-05-13,2024-06-10,,overdue,0"


def test_as_of_an_earlier_date(csv_files):
    """On 1 May 2024 R1's decision (13 May) is not taken yet, and R4, R5 are not received."""
    result = _run(*map(str, csv_files), "--on", "2024-05-01", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == "R1,BZK,2024-04-11,2024-05-13,,open,0"
    assert [line.split(",")[0] for line in lines[1:]] == ["R1", "R2", "R3"]
    assert "2 verzoek(en) ontvangen na de peildatum 2024-05-01 weggelaten" in result.stderr


def test_table_has_urgent_first_and_totals(csv_files):
    result = _run(*map(str, csv_files), "--on", "2024-07-01")
    assert result.exit_code == 0, result.output
    out = result.stdout
    # Overdue (R3 from 21 May, R5 from 10 Jun) come before the late and on-time ones.
    assert out.index("R3") < out.index("R5") < out.index("R2") < out.index("R1")
    assert "Totaal 5 verzoeken: tijdig 1, te laat 1, open 0, verstreken 2, ingetrokken 1" in out
    assert "Verbeurde dwangsommen: € 742" in out


def test_table_marks_requests_due_soon(csv_files):
    result = _run(*map(str, csv_files), "--on", "2024-06-01", "--lang", "en")
    assert result.exit_code == 0, result.output
    # R5 is due Mon 10 Jun: 3, 4, 5, 6, 7 and 10 June are working days after Sat 1 June.
    assert "6 working days left" in result.stdout
    assert "Due within 10 working days: 1" in result.stdout
    assert result.stdout.index("R3") < result.stdout.index("R5") < result.stdout.index("R2")


def test_a_bad_file_gives_its_errors_and_exit_1(tmp_path):
    bad = write_csv(
        tmp_path / "woo_verzoeken_fout.csv", REQUESTS, ["X1;XYZ;2024-02-30;;nee;;;", ROWS[0]]
    )
    result = _run(str(bad), "--on", "2024-06-01", "--format", "csv")
    assert result.exit_code == 1
    assert HEADER not in result.stdout
    assert "woo_verzoeken_fout.csv  (2 fouten)" in result.stdout
    assert "2 fouten in 1 bestand." in result.stderr
    found = woo_deadlines([bad], date(2024, 6, 1))
    assert found.rows == []
    assert {(p.row, p.column, p.rule) for p in found.errors} == {
        (2, "ministerie", "code_onbekend"),
        (2, "ontvangen", "datum_bestaat_niet"),
    }


def test_suspensions_without_their_requests_are_rejected(tmp_path):
    only = write_csv(
        tmp_path / "woo_opschortingen.csv", "verzoek_id;van;tot", ["R3;2024-04-10;2024-04-12"]
    )
    result = _run(str(only), "--on", "2024-06-01")
    assert result.exit_code == 1
    assert [p.rule for p in woo_deadlines([only], date(2024, 6, 1)).errors] == ["ouder_onbekend"]


def test_a_year_outside_the_known_decrees_warns(tmp_path):
    late = write_csv(tmp_path / "woo_verzoeken.csv", REQUESTS, ["Z1;BZK;2031-03-03;;nee;;;"])
    result = _run(str(late), "--on", "2031-03-10", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "Gelijkgestelde dagen kunnen ontbreken voor jaar 2031" in result.stderr
    # Mon 3 Mar 2031 + 28 = Mon 31 Mar 2031: open, the file's own rules still apply.
    assert result.stdout.splitlines()[1] == "Z1,BZK,2031-03-03,2031-03-31,,open,0"


def test_a_bad_reporting_date_is_a_usage_error(csv_files):
    result = _run(*map(str, csv_files), "--on", "1-6-2024")
    assert result.exit_code == 2


def test_a_directory_gives_only_its_woo_files(csv_files, tmp_path):
    write_csv(tmp_path / "personeel_fout.csv", "peildatum;medewerker_id", ["gisteren;P1"])
    result = _run(str(tmp_path), "--on", "2024-06-01", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [HEADER, *ON_1_JUNE]
