"""`jbr template`: the Excel delivery template derived from each theme declaration."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path
from typing import Any

import duckdb
import openpyxl
import pytest

from jbr.codelists import codelist
from jbr.deliveries.declaration import Column, Theme
from jbr.deliveries.template import write_template
from jbr.deliveries.template.codes import CODES_SHEET
from jbr.deliveries.template.data_sheet import DATE_FORMAT, REQUIRED_FILL
from jbr.deliveries.template.instructions import HELP_SHEET, help_example, help_header
from jbr.deliveries.template.validation import LAST_ROW
from jbr.deliveries.themes import THEMES

ALL_THEMES = sorted(THEMES)


def _validations(sheet) -> dict[str, Any]:
    """Column letter → the data validation covering rows 2..LAST_ROW of that column."""
    found = {}
    for dv in sheet.data_validations.dataValidation:
        for cell_range in dv.sqref.ranges:
            assert cell_range.min_row == 2 and cell_range.max_row == LAST_ROW
            assert cell_range.min_col == cell_range.max_col
            found[openpyxl.utils.get_column_letter(cell_range.min_col)] = dv
    return found


def _codes_in(workbook, reference: str) -> list[str]:
    sheet_name, cells = reference.split("!")
    sheet = workbook[sheet_name]
    return [row[0].value for row in sheet[cells.replace("$", "")]]


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("templates")
    return {name: write_template(name, directory / f"{name}.xlsx") for name in ALL_THEMES}


@pytest.mark.parametrize("name", ALL_THEMES)
def test_sheets_and_headers(templates, name):
    workbook = openpyxl.load_workbook(templates[name])
    assert workbook.sheetnames == [name, HELP_SHEET, CODES_SHEET]
    assert workbook[CODES_SHEET].sheet_state == "hidden"
    sheet = workbook[name]
    theme = THEMES[name]
    assert [c.value for c in sheet[1]] == list(theme.column_names)
    assert sheet.max_row == 1  # no data rows: validation and formats do not create cells
    assert sheet.freeze_panes == "A2"
    for cell, column in zip(sheet[1], theme.columns, strict=True):
        assert cell.font.bold
        assert cell.comment is not None
        if column.required:
            assert cell.fill.fgColor.rgb.endswith(REQUIRED_FILL.fgColor.rgb[-6:])
            assert cell.comment.text.startswith("Verplicht")
        else:
            assert cell.fill.fill_type is None
            assert cell.comment.text.startswith("Optioneel")


def _expected_number_validation(column: Column) -> tuple[str, str, str | None, str | None]:
    kind = "decimal" if column.type == "number" else "whole"

    def f(v):
        return str(int(v)) if float(v).is_integer() else str(v)

    low, high = column.minimum, column.maximum
    if low is not None and high is not None:
        return kind, "between", f(low), f(high)
    if low is not None:
        return kind, "greaterThanOrEqual", f(low), None
    if high is not None:
        return kind, "lessThanOrEqual", f(high), None
    return kind, "between", "-1E+15", "1E+15"


@pytest.mark.parametrize("name", ALL_THEMES)
def test_data_validation_per_column(templates, name):
    workbook = openpyxl.load_workbook(templates[name])
    sheet = workbook[name]
    validations = _validations(sheet)
    for index, column in enumerate(THEMES[name].columns, start=1):
        letter = openpyxl.utils.get_column_letter(index)
        dv = validations.get(letter)
        if column.type == "string" and not column.values and column.max_length is None:
            assert dv is None, column.name
            continue
        assert dv is not None, f"{name}.{column.name} has no data validation"
        assert dv.allow_blank and dv.showErrorMessage and dv.showInputMessage
        assert dv.errorStyle == "stop"
        assert dv.prompt and dv.error and dv.promptTitle.startswith(column.name[:20])
        assert len(dv.prompt) <= 255 and len(dv.promptTitle) <= 32
        if column.is_code:
            assert dv.type == "list"
            assert dv.formula1.startswith(f"{CODES_SHEET}!$")
            codes = _codes_in(workbook, dv.formula1)
            assert codes == [e.code for e in codelist(column.codelist)]
        elif column.values:
            assert (dv.type, dv.formula1) == ("list", '"' + ",".join(column.values) + '"')
        elif column.type == "boolean":
            assert (dv.type, dv.formula1) == ("list", '"ja,nee"')
        elif column.type == "date":
            assert (dv.type, dv.operator) == ("date", "between")
            assert (dv.formula1, dv.formula2) == ("DATE(2000,1,1)", "DATE(2100,12,31)")
            assert sheet.column_dimensions[letter].number_format == DATE_FORMAT
        elif column.type == "datetime":
            # A moment is a day number with a fraction: a decimal range, 2100-12-31 23:59 in.
            assert (dv.type, dv.operator) == ("decimal", "between")
            assert (dv.formula1, dv.formula2) == ("DATE(2000,1,1)", "DATE(2101,1,1)")
            assert sheet.column_dimensions[letter].number_format == "yyyy-mm-dd hh:mm"
        elif column.type in ("integer", "number", "year"):
            assert (dv.type, dv.operator, dv.formula1, dv.formula2) == (
                _expected_number_validation(column)
            )
        else:
            assert (dv.type, dv.operator, dv.formula1) == (
                "textLength",
                "lessThanOrEqual",
                str(column.max_length),
            )


def _help_table(sheet, lang: str = "nl") -> list[tuple]:
    rows = list(sheet.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[: len(help_header(lang))] == help_header(lang))
    table = []
    for row in rows[start + 1 :]:
        if row[0] is None:
            break
        table.append(row)
    return table


@pytest.mark.parametrize("name", ALL_THEMES)
def test_help_sheet_has_a_row_per_column(templates, name):
    theme = THEMES[name]
    sheet = openpyxl.load_workbook(templates[name])[HELP_SHEET]
    header_text = " ".join(str(c.value) for c in sheet["A"][:12] if c.value)
    assert name in header_text and theme.row_nl in header_text
    assert "JJJJ-MM-DD" in header_text and "CSV" in header_text
    table = _help_table(sheet)
    assert [r[0] for r in table] == list(theme.column_names)
    for row, column in zip(table, theme.columns, strict=True):
        assert row[1] == ("ja" if column.required else "nee")
        assert row[4] == column.help_nl
        assert (row[5] or "") == help_example(column)
        if column.type != "string" or column.values or column.max_length:
            assert row[3], f"{name}.{column.name}: allowed values missing"


def test_help_sheet_explains_ranges_in_dutch_notation(templates):
    table = {
        r[0]: r for r in _help_table(openpyxl.load_workbook(templates["personeel"])[HELP_SHEET])
    }
    assert table["fte"][3] == "0 t/m 1,5"
    assert table["geboortejaar"][3] == "1930 t/m 2015"
    assert "PV28 (Zuid-Holland)" in table["provincie"][3]
    assert table["provincie"][5] == "PV28"  # the example as the drop-down offers it


def test_dutch_input_and_error_messages(templates):
    validations = _validations(openpyxl.load_workbook(templates["personeel"])["personeel"])
    fte, ministerie, peildatum = validations["E"], validations["C"], validations["A"]
    assert (fte.promptTitle, fte.errorTitle) == ("fte (verplicht)", "Ongeldig: fte")
    assert fte.prompt == THEMES["personeel"].column("fte").help_nl
    assert fte.error == "Vul een getal in (0 t/m 1,5)."
    assert ministerie.prompt.endswith("Kies uit de keuzelijst.")
    assert "codelijst ministerie" in ministerie.error
    assert peildatum.error == "Vul een datum in van 2000-01-01 t/m 2100-12-31 (JJJJ-MM-DD)."


def test_english_template(tmp_path):
    path = write_template("woo_verzoeken", tmp_path / "woo.xlsx", lang="en")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["woo_verzoeken"]
    validations = _validations(sheet)
    ontvangen = THEMES["woo_verzoeken"].column("ontvangen")
    assert validations["C"].prompt == f"{ontvangen.help_en} Date as YYYY-MM-DD."
    assert validations["C"].error == "Enter a date from 2000-01-01 to 2100-12-31 (YYYY-MM-DD)."
    assert validations["E"].formula1 == '"yes,no"'
    table = _help_table(workbook[HELP_SHEET], "en")
    assert table[0][:3] == ("verzoek_id", "yes", "text")


@pytest.mark.parametrize(
    ("theme", "year", "present", "absent"),
    [
        # Valid on 31 December: the 2024 structure after the July reorganisation.
        ("uitgaven_personeel", 2024, {"EZ", "KGG", "LVVN", "AenM"}, {"EZK", "LNV"}),
        ("uitgaven_personeel", 2023, {"EZK", "LNV"}, {"EZ", "KGG", "LVVN", "AenM"}),
        # Monthly rows may use EZK until July 2024, so every code active in the year.
        ("personeel", 2024, {"EZK", "LNV", "EZ", "AenM"}, set()),
        ("personeel", 2023, {"EZK"}, {"AenM"}),
    ],
)
def test_ministry_list_follows_the_year(tmp_path, theme, year, present, absent):
    workbook = openpyxl.load_workbook(write_template(theme, tmp_path / "t.xlsx", year=year))
    letter = openpyxl.utils.get_column_letter(THEMES[theme].column_names.index("ministerie") + 1)
    codes = set(_codes_in(workbook, _validations(workbook[theme])[letter].formula1))
    assert present <= codes and not (absent & codes)
    assert str(year) in " ".join(str(c.value) for c in workbook[HELP_SHEET]["A"] if c.value)


def test_template_is_deterministic(tmp_path):
    first = write_template("gebouwen", tmp_path / "a.xlsx", year=2024).read_bytes()
    time.sleep(1.1)  # zip timestamps have a two-second resolution; the clock must not leak in
    second = write_template("gebouwen", tmp_path / "b.xlsx", year=2024).read_bytes()
    assert first == second
    props = openpyxl.load_workbook(tmp_path / "a.xlsx").properties
    assert props.created == props.modified == dt.datetime(2024, 1, 1)


def test_unknown_theme(tmp_path):
    with pytest.raises(KeyError, match="personeel"):
        write_template("personel", tmp_path / "x.xlsx")


# --- round trip: fill the template, validate and load it -------------------------------


def _typed_example(column: Column) -> Any:
    """A cell value as a supplier would type it in the template."""
    text = help_example(column)
    if not text:
        return None
    if column.type == "date":
        return dt.date.fromisoformat(text)
    if column.type == "datetime":
        return dt.datetime.fromisoformat(text)
    if column.type == "number":
        return float(text.replace(",", "."))
    if column.type in ("integer", "year"):
        return int(text)
    return text


def _example_rows(theme: Theme) -> list[list[Any]]:
    """Two valid rows from the declared examples, differing in one key column."""
    first = {c.name: _typed_example(c) for c in theme.columns}
    second = dict(first)
    key_columns = [theme.column(k) for k in theme.key]
    strings = [c for c in key_columns if c.type == "string"]
    years = [c for c in key_columns if c.type == "year"]
    dates = [c for c in key_columns if c.type == "date"]
    if strings:
        second[strings[0].name] = f"{first[strings[0].name]}-2"
    elif years:
        second[years[0].name] = first[years[0].name] - 1
    elif dates:
        second[dates[0].name] = first[dates[0].name] + dt.timedelta(days=1)
    return [[row[n] for n in theme.column_names] for row in (first, second)]


def _filled_template(name: str, directory: Path) -> Path:
    path = write_template(name, directory / f"{name}_template.xlsx", year=2024)
    workbook = openpyxl.load_workbook(path)
    for row in _example_rows(THEMES[name]):
        workbook[name].append(row)
    filled = directory / f"{name}_ingevuld.xlsx"
    workbook.save(filled)
    return filled


ROUND_TRIP = ["personeel", "uitgaven_personeel", "woo_verzoeken", "gebouwen"]


@pytest.mark.parametrize("name", ROUND_TRIP + [n for n in ALL_THEMES if n not in ROUND_TRIP])
def test_filled_template_validates_and_loads(tmp_path, name):
    from jbr.deliveries.validate import validate_files
    from jbr.store.load import load_files

    theme = THEMES[name]
    # A child theme (energie, woo_opschortingen, ...) needs its parent's rows too.
    paths = [_filled_template(parent, tmp_path) for parent in theme.parents]
    paths.append(_filled_template(name, tmp_path))
    assert validate_files(paths, lang="nl") == []
    db = tmp_path / "t.duckdb"
    load_files(paths, db=db, supplier="test")
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone() == (2,)
