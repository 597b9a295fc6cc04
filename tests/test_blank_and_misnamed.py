"""Blank cells, formatted empty rows and misnamed sheets (issue 14, item 9), and the
hint and severity every problem carries in ``jbr validate --format json``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
from openpyxl.styles import Font, PatternFill

from jbr import load, validate

from .conftest import write_csv

HEADER = ["peildatum", "medewerker_id", "ministerie", "fte", "provincie"]
P1 = ["2024-01-31", "P1", "BZK", "0,8", "PV28"]
P2 = ["2024-01-31", "P2", "FIN", "1", "PV27"]


def _stored_rows(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT _row, medewerker_id FROM personeel ORDER BY _row").fetchall()
    finally:
        con.close()


def test_formatted_empty_rows_and_a_lone_space_are_empty(tmp_path, db):
    """Before: a row holding one space gave five 'Verplichte waarde ontbreekt', one for each
    required column of personeel (peildatum, medewerker_id, ministerie, fte, provincie),
    because trimming made every cell empty but the row still counted; a row Excel keeps
    only for its formatting did the same."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "personeel"
    sheet.append(HEADER)
    sheet.append(P1)
    sheet.append([None, None, " ", None, None])  # row 3: one space
    for row in range(4, 9):  # rows 4-8: formatting only
        for column in range(1, 6):
            sheet.cell(row, column).font = Font(bold=True)
            sheet.cell(row, column).fill = PatternFill("solid", fgColor="FFFF00")
    sheet.append(P2)  # row 9
    sheet.append(["\u00a0", None, "\t", None, None])  # row 10: other blanks (Python strips them)
    path = tmp_path / "hr.xlsx"
    workbook.save(path)
    assert validate([path]) == []
    [outcome] = load([path], db=db)
    assert (outcome.status, outcome.rows) == ("stored", 2)
    assert _stored_rows(db) == [(2, "P1"), (9, "P2")]  # row numbers as in Excel


def test_blank_csv_lines_are_empty_and_rows_keep_their_numbers(tmp_path, db):
    rows = [";".join(P1), ";;;;", ";  ;;;", ";".join(P2), ";;;;"]
    path = write_csv(tmp_path / "personeel_leeg.csv", ";".join(HEADER), rows)
    assert validate([path]) == []
    load([path], db=db)
    assert _stored_rows(db) == [(2, "P1"), (5, "P2")]


def test_a_row_with_one_value_is_still_checked(tmp_path):
    path = write_csv(tmp_path / "personeel_half.csv", ";".join(HEADER), [";".join(P1), ";P3;;;"])
    problems = validate([path])
    # only medewerker_id is filled in: the four other required columns are missing
    assert sorted((p.row, p.column) for p in problems) == [
        (3, "fte"),
        (3, "ministerie"),
        (3, "peildatum"),
        (3, "provincie"),
    ]


def test_only_blank_rows_is_no_data(tmp_path):
    path = write_csv(tmp_path / "personeel_niets.csv", ";".join(HEADER), [";;;;", " ; ; ; ; "])
    [p] = validate([path])
    assert p.rule == "geen_gegevens"


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def test_a_sheet_with_a_themes_columns_gets_the_rename_hint(tmp_path):
    path = _workbook(
        tmp_path / "levering.xlsx", {"Blad1": [HEADER, P1], "Blad2": [["opmerking"], ["niets"]]}
    )
    [p] = validate([path])
    assert (p.rule, p.sheet, p.severity) == ("blad_hernoemen", "Blad1", "error")
    assert p.hint == "Hernoem Blad1 naar personeel."
    [en] = validate([path], lang="en")
    assert en.hint == "Rename Blad1 to personeel."


def test_an_extra_misnamed_sheet_is_a_warning(tmp_path, db):
    vacancies = [["ministerie", "peildatum", "vacature_id"], ["BZK", "2024-12-31", "V1"]]
    path = _workbook(tmp_path / "hr.xlsx", {"personeel": [HEADER, P1], "Vacatures 2024": vacancies})
    [p] = validate([path])
    assert (p.rule, p.sheet, p.severity) == ("blad_hernoemen", "Vacatures 2024", "warning")
    assert p.hint == "Hernoem Vacatures 2024 naar vacatures."
    [outcome] = load([path], db=db)
    assert (outcome.status, outcome.rows) == ("stored", 1)  # personeel only


def test_a_workbook_without_any_theme_still_lists_the_themes(tmp_path):
    path = _workbook(tmp_path / "los.xlsx", {"Blad1": [["a", "b"], [1, 2]]})
    [p] = validate([path])
    assert p.rule == "geen_themablad" and "Blad1" in p.message and "personeel" in p.hint


def test_a_csv_named_otherwise_gets_the_theme_from_its_columns(tmp_path):
    path = write_csv(tmp_path / "export.csv", ";".join(HEADER), [";".join(P1)])
    [p] = validate([path])
    assert p.rule == "thema_uit_kolommen" and "thema personeel" in p.message
    assert (
        p.hint
        == "Noem het bestand personeel.csv of personeel_<iets>.csv, of geef --theme personeel op."
    )


def test_json_output_carries_hint_and_severity(tmp_path):
    path = write_csv(
        tmp_path / "personeel_json.csv",
        ";".join([*HEADER, "opmerking"]),
        [";".join([*P1, "x"]), "2024-01-31;P2;BZK;veel;PV28;"],
    )
    done = subprocess.run(
        [sys.executable, "-m", "jbr.cli", "validate", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    problems = json.loads(done.stdout)
    by_rule = {p["rule"]: p for p in problems}
    assert set(by_rule) == {"kolom_onbekend", "type_getal"}
    fte = by_rule["type_getal"]
    assert {k: fte[k] for k in ("file", "sheet", "row", "column", "value", "severity")} == {
        "file": "personeel_json.csv",
        "sheet": None,
        "row": 3,
        "column": "fte",
        "value": "veel",
        "severity": "error",
    }
    assert fte["message"] == "Geen getal." and fte["hint"].startswith("Schrijf bijvoorbeeld 1234,5")
    extra = by_rule["kolom_onbekend"]
    assert extra["severity"] == "warning" and extra["hint"] is None
