"""Numbers read as written (issue 14, item 1; SPEC §7): Dutch and English notation, and a
doubtful cell (12.000, 1,234) decided by its column and file or rejected, never misread.

The rule (docs/decisions.md "Decimal notation", ``jbr/deliveries/numbers.py``): a lone
separator before exactly three digits is decided by the column's notation (its other
cells, else the file's dialect: ';' Dutch, ',' English) and by the column's decimals
(whole numbers and euro amounts have at most two).
"""

from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jbr import load, validate
from jbr.deliveries.validate import check_files
from jbr.deliveries.validate import run as validation

# A column of each kind: decimals unlimited (m²), at most two (euros), none (a count).
TARGETS = {
    "number": ("gebouwen", "bvo_m2"),
    "money": ("uitgaven_personeel", "personeel_eur"),
    "integer": ("gebouwen", "werkplekken"),
}
HEADERS = {
    "gebouwen": ["gebouw_id", "naam", "ministerie", "provincie", "bvo_m2", "werkplekken"],
    "uitgaven_personeel": ["ministerie", "jaar", "personeel_eur", "inhuur_eur"],
}


def _row(theme: str, column: str, i: int, cell: str) -> list[str]:
    # one building, or one year (the key), a row
    buildings = [f"G{i}", "Gebouw", "BZK", "PV28", "1", "1"]
    row = buildings if theme == "gebouwen" else ["BZK", str(2000 + i), "1", "0"]
    row[HEADERS[theme].index(column)] = cell
    return row


def _csv(path: Path, sep: str, theme: str, column: str, cells: list[str]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\n")
    writer.writerow(HEADERS[theme])
    writer.writerows(_row(theme, column, i, c) for i, c in enumerate(cells))
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def _typed(path: Path, column: str) -> dict[int, tuple[float | None, set[str]]]:
    """Per data row: the value the column was read as, and the rules its cell broke."""
    con = duckdb.connect()
    try:
        [(_, sheets, problems)] = check_files(con, [path])
        values = {}
        for sheet in sheets:
            for row, value in con.execute(f'SELECT _row, "{column}" FROM {sheet.typed}').fetchall():
                values[row] = value
    finally:
        con.close()
    rules: dict[int, set[str]] = {}
    for p in problems:
        assert p.row is not None, p  # no file-level problem in these files
        if p.column == column:
            rules.setdefault(p.row, set()).add(p.rule)
    return {row: (values.get(row), rules.get(row, set())) for row in values}


# (separator, kind, the column's cells, expected value of the first cell, its rules, why)
CASES = [
    (";", "number", ["12.000"], 12000, set(), "Dutch Excel: the point groups thousands"),
    (";", "number", ["1.234.567,89"], 1234567.89, set(), "Dutch thousands and decimals"),
    (";", "number", ["0,8"], 0.8, set(), "decimal comma"),
    (";", "number", ["12,000"], 12.0, set(), "in a Dutch file the comma is decimal"),
    (";", "number", ["1 000"], 1000, set(), "space groups thousands"),
    (";", "number", ["1\u00a0000"], 1000, set(), "a non-breaking space too"),
    (";", "number", ["1\u202f234,5"], 1234.5, set(), "and a narrow no-break space"),
    (";", "number", ["-12"], -12, {"te_klein"}, "a minus; m² cannot be negative"),
    (";", "number", ["\u221212"], -12, {"te_klein"}, "the typographic minus sign"),
    (";", "number", ["(12)"], -12, {"te_klein"}, "Excel's accounting negative"),
    (";", "number", ["12-"], -12, {"te_klein"}, "a trailing minus"),
    (";", "number", ["80%"], 0.8, set(), "a percentage is its fraction"),
    (";", "number", ["12,5%"], 0.125, set(), "12.5 percent"),
    (";", "number", ["1,5E+06"], 1_500_000, set(), "Dutch Excel's scientific notation"),
    (";", "number", ["€ 1.234,56"], 1234.56, set(), "currency before"),
    (";", "number", ["1.234,56 €"], 1234.56, set(), "currency after"),
    (";", "number", ["EUR 12"], 12, set(), "EUR spelled out"),
    (";", "number", ["12 34"], None, {"type_getal"}, "not groups of three"),
    (";", "number", ["1.23.456"], None, {"type_getal"}, "not groups of three"),
    (";", "number", ["12,3,4"], None, {"type_getal"}, "two decimal commas"),
    (";", "number", ["--12"], None, {"type_getal"}, "two signs"),
    (";", "number", ["(12"], None, {"type_getal"}, "an unclosed bracket"),
    (";", "number", ["1_000"], None, {"type_getal"}, "DuckDB's reader took this as 1000"),
    (";", "number", ["0x1F"], None, {"type_getal"}, "hexadecimal is no amount"),
    (";", "number", ["inf"], None, {"type_getal"}, "infinity is no amount"),
    (";", "number", ["1e999"], None, {"type_getal"}, "too large for a number"),
    (";", "money", ["€ 250.000"], 250_000, set(), "the issue's case: 250 thousand euros"),
    (";", "money", ["250,000"], None, {"getal_dubbelzinnig"}, "three decimals in euros"),
    (";", "integer", ["12.000"], 12000, set(), "Dutch thousands in a count"),
    (";", "integer", ["1,5"], None, {"type_geheel_getal"}, "a count has no decimals"),
    (";", "integer", ["1,234"], None, {"getal_dubbelzinnig"}, "decimal comma, but a count"),
    (",", "number", ["1.234"], 1.234, set(), "English: the point is decimal"),
    (",", "number", ["1,234"], 1234, set(), "English: the comma groups thousands"),
    (",", "number", ["1,234.56"], 1234.56, set(), "English thousands and decimals"),
    (",", "money", ["€ 250.000"], None, {"getal_dubbelzinnig"}, "decimal point, but euros"),
    (",", "money", ["€250,000.00"], 250_000, set(), "English Excel's currency format"),
    (",", "integer", ["12,000"], 12000, set(), "English thousands in a count"),
    (",", "integer", ["12.000"], None, {"getal_dubbelzinnig"}, "decimal point, but a count"),
    (",", "integer", ["1.5"], None, {"type_geheel_getal"}, "DuckDB's reader rounded to 2"),
    ("\t", "number", ["1.234"], None, {"getal_dubbelzinnig"}, "a tab file says nothing"),
    ("\t", "money", ["250.000"], 250_000, set(), "euros have at most two decimals"),
    ("\t", "integer", ["1.234"], 1234, set(), "a count has no decimals"),
    (";", "number", ["12.000", "0.5"], 12.0, set(), "the column writes decimal points"),
    (",", "number", ["1.234", "0,5"], 1234, set(), "the column writes decimal commas"),
    ("\t", "number", ["1.234", "2,5"], 1234, set(), "decimal commas: the point groups"),
    ("\t", "number", ["1,234", "2,5"], 1.234, set(), "decimal commas: the comma is decimal"),
    ("\t", "number", ["1,234", "2.5"], 1234, set(), "decimal points: the comma groups"),
    (";", "number", ["1.234", "0.5", "0,5"], None, {"getal_dubbelzinnig"}, "both: undecided"),
    (";", "money", ["1.234", "0.5", "0,5"], 1234, set(), "undecided, but euros: thousands"),
]


@pytest.mark.parametrize(
    ("sep", "kind", "cells", "value", "rules", "why"),
    CASES,
    ids=[f"{c[0]!r}-{c[1]}-{c[2][0]}" for c in CASES],
)
def test_number_notation(tmp_path, sep, kind, cells, value, rules, why):
    theme, column = TARGETS[kind]
    path = _csv(tmp_path / f"{theme}.csv", sep, theme, column, cells)
    read, broken = _typed(path, column)[2]  # the first data row
    assert broken == rules, why
    assert read == value, why


def test_the_doubtful_cell_is_named_with_both_readings(tmp_path):
    path = _csv(tmp_path / "gebouwen.csv", "\t", "gebouwen", "bvo_m2", ["1", "1.234"])
    [nl] = validate([path])
    assert (nl.file, nl.row, nl.column, nl.value, nl.rule) == (
        "gebouwen.csv",
        3,
        "bvo_m2",
        "1.234",
        "getal_dubbelzinnig",
    )
    assert nl.message.startswith("Dubbelzinnig getal: 1.234 kan 1234 of 1,234 betekenen;")
    assert nl.hint == (
        "Schrijf het getal zonder scheidingsteken voor duizendtallen, dus 1234 of 1,234."
    )
    [en] = validate([path], lang="en")
    assert en.message.startswith("Ambiguous number: 1.234 can mean 1234 or 1.234;")
    money = _csv(tmp_path / "uitgaven_personeel.csv", ",", *TARGETS["money"], ["€ 250.000"])
    [p] = validate([money])
    assert "250000 of 250 betekenen" in p.message
    assert "de punt het decimaalteken" in p.message and "hoogstens twee decimalen" in p.message


def _xlsx(path: Path, theme: str, column: str, cells: list[object]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = theme
    sheet.append(HEADERS[theme])
    for i, cell in enumerate(cells):
        row: list[object] = list(_row(theme, column, i, ""))
        row[HEADERS[theme].index(column)] = cell
        sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_numbers_are_values_and_text_cells_are_read_by_notation(tmp_path):
    # Numeric cells are numbers, whatever they display; text cells are read as written
    # and are not decided by the numeric cells around them (a workbook has no dialect).
    number = _xlsx(tmp_path / "m2.xlsx", "gebouwen", "bvo_m2", [1.234, 0.5, "1.234", "2.5"])
    assert _typed(number, "bvo_m2") == {
        2: (1.234, set()),
        3: (0.5, set()),
        4: (1.234, set()),  # the text cell "2.5" shows a decimal point
        5: (2.5, set()),
    }
    alone = _xlsx(tmp_path / "alleen.xlsx", "gebouwen", "bvo_m2", [0.5, "1.234"])
    assert _typed(alone, "bvo_m2")[3] == (None, {"getal_dubbelzinnig"})
    money = _xlsx(
        tmp_path / "eur.xlsx", "uitgaven_personeel", "personeel_eur", [1.234, "€ 250.000"]
    )
    assert _typed(money, "personeel_eur") == {2: (1.234, set()), 3: (250_000, set())}


def test_parquet_numbers_keep_their_value_on_both_paths(tmp_path, monkeypatch):
    path = tmp_path / "uitgaven_personeel.parquet"
    pq.write_table(
        pa.table(
            {
                "ministerie": ["BZK", "FIN"],
                "jaar": pa.array([2023, 2024], pa.int64()),
                "personeel_eur": pa.array([1.234, 250000.0], pa.float64()),  # 1.234 is a value
                "inhuur_eur": pa.array(["12.000", "0"], pa.string()),  # text: euros → 12000
            }
        ),
        path,
    )
    for fast in (True, False):
        monkeypatch.setattr(validation, "FAST_PATH", fast)
        assert _typed(path, "personeel_eur") == {1: (1.234, set()), 2: (250_000.0, set())}
        assert _typed(path, "inhuur_eur") == {1: (12_000.0, set()), 2: (0.0, set())}


PERSONEEL = [
    "peildatum",
    "medewerker_id",
    "ministerie",
    "provincie",
    "fte",
    "schaal",
    "geboortejaar",
]


@pytest.mark.parametrize(
    ("sep", "rows"),
    [
        (
            ";",  # Dutch Excel: 1.980 is 1980, 1,000 is one
            [
                ["2024-01-31", "P1", "BZK", "PV28", "1,000", "11", "1.980"],
                ["2024-01-31", "P2", "FIN", "PV28", "0,8", "12", "1975"],
                ["2024-01-31", "P3", "AZ", "PV28", "80%", "1", "2.001"],
            ],
        ),
        (
            ",",  # English: 1,980 is 1980, 1.000 is one
            [
                ["2024-01-31", "P1", "BZK", "PV28", "1.000", "11", "1,980"],
                ["2024-01-31", "P2", "FIN", "PV28", "0.8", "12", "1975"],
                ["2024-01-31", "P3", "AZ", "PV28", "80%", "1", "2,001"],
            ],
        ),
    ],
)
def test_fast_and_exact_paths_store_identical_rows(tmp_path, monkeypatch, sep, rows):
    """A clean CSV is stored by the fast path (dates typed by DuckDB's reader); the exact
    path over the text must store exactly the same rows, lineage included."""
    out = io.StringIO()
    csv.writer(out, delimiter=sep, lineterminator="\n").writerows([PERSONEEL, *rows])
    path = tmp_path / "personeel_notatie.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    stored = {}
    for fast in (True, False):
        monkeypatch.setattr(validation, "FAST_PATH", fast)
        db = tmp_path / f"{fast}.duckdb"
        [outcome] = load([path], db=db)
        assert outcome.status == "stored", outcome.problems
        con = duckdb.connect(str(db), read_only=True)
        stored[fast] = con.execute(
            "SELECT * EXCLUDE (_delivery_id) FROM personeel ORDER BY _row"
        ).fetchall()
        values = con.execute(
            "SELECT fte, schaal, geboortejaar FROM personeel ORDER BY _row"
        ).fetchall()
        con.close()
        assert values == [(1.0, 11, 1980), (0.8, 12, 1975), (0.8, 1, 2001)]
    assert stored[True] == stored[False]


# --- Property: what Dutch and English Excel write is read back, or rejected --------------

EXAMPLES = int(os.environ.get("JBR_FUZZ_EXAMPLES", "1"))
PROPERTY = settings(
    max_examples=15 * EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES == 1,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def amounts(draw, most_decimals: int, signed: bool) -> tuple[Decimal, dict]:
    """An amount and how a spreadsheet displays it (grouping, currency, sign style)."""
    decimals = draw(st.integers(0, most_decimals))
    whole = draw(st.one_of(st.integers(0, 999), st.integers(1000, 10**10)))
    fraction = draw(st.integers(0, 10**decimals - 1)) if decimals else 0
    negative = signed and draw(st.booleans())
    text = f"{'-' if negative else ''}{whole}" + (f".{fraction:0{decimals}d}" if decimals else "")
    style = {
        "group": draw(st.booleans()),
        "currency": draw(st.sampled_from(["", "before", "after"])),
        "brackets": draw(st.booleans()),
        "decimals": decimals,
    }
    return Decimal(text), style


def excel_text(amount: Decimal, style: dict, dutch: bool) -> str:
    """``amount`` as Dutch (1.234,56; € -1.234,56) or English (1,234.56; -€1,234.56 or
    (€1,234.56)) Excel displays it."""
    group, point = (".", ",") if dutch else (",", ".")
    digits = f"{abs(amount):,.{style['decimals']}f}"  # Python: ',' groups, '.' is decimal
    if not style["group"]:
        digits = digits.replace(",", "")
    digits = digits.replace(",", "\0").replace(".", point).replace("\0", group)
    negative = amount < 0
    if style["currency"] == "before":
        if dutch:
            return f"€ {'-' if negative else ''}{digits}"
        if negative and style["brackets"]:
            return f"(€{digits})"
        return f"{'-' if negative else ''}€{digits}"
    sign = "-" if negative else ""
    if negative and style["brackets"] and not dutch:
        return f"({digits}{' €' if style['currency'] else ''})"
    return f"{sign}{digits}{' €' if style['currency'] == 'after' else ''}"


@pytest.mark.parametrize("kind", ["number", "money", "integer"])
@pytest.mark.parametrize("container", ["dialect", "tab"])
@PROPERTY
@given(data=st.data(), dutch=st.booleans())
def test_excel_notation_reads_back_or_is_rejected(tmp_path_factory, kind, container, data, dutch):
    """Never a different number. With the file's own dialect (';' Dutch, ',' English)
    nothing Excel writes is even rejected; without one (tab) only doubtful cells are."""
    theme, column = TARGETS[kind]
    most = {"number": 3, "money": 2, "integer": 0}[kind]
    written = data.draw(st.lists(amounts(most, signed=kind != "integer"), min_size=1, max_size=8))
    cells = [excel_text(amount, style, dutch) for amount, style in written]
    sep = (";" if dutch else ",") if container == "dialect" else "\t"
    folder = tmp_path_factory.mktemp("notatie")
    path = _csv(folder / f"{theme}.csv", sep, theme, column, cells)
    read = {}
    for fast in (True, False):
        validation.FAST_PATH = fast
        try:
            read[fast] = _typed(path, column)
        finally:
            validation.FAST_PATH = True
    assert read[True] == read[False]  # the fast path and the exact path agree
    for i, ((amount, _), cell) in enumerate(zip(written, cells, strict=True)):
        value, rules = read[True][i + 2]
        if value is None:
            assert container == "tab" and rules == {"getal_dubbelzinnig"}, (cell, rules)
        else:
            assert Decimal(str(value)) == amount, (cell, value)
            assert rules <= {"te_klein"}, (cell, rules)
