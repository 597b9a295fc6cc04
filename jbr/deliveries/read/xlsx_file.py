"""The xlsx reader: each theme sheet of a workbook as a ``RawSheet``.

The workbook is measured first (``workbook.check_workbook_limits``) and then read
with calamine; a sheet is a theme's when it bears the theme's name. Each cell becomes
the text a CSV export would hold (``_cell_text``); a numeric cell of a number column
keeps its value as well (``RawSheet.numbers``). The rows are an Arrow table registered
in DuckDB, read in place by the typing query.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pyarrow as pa

from ..numbers import NUMBER_TYPES
from ..problems import ERROR, WARNING, Problem, file_problem, problem
from ..themes import THEMES, theme_for_header
from ..workbook import check_workbook_limits
from .sheet import RawSheet, fresh_name, normalise_header, sheet_from_header, short_reason


def _cell_text(value: object) -> str | None:
    """An Excel cell as the text a CSV export would hold; None for an empty or blank cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        # Excel keeps times as fractions of a day: round off the float noise to seconds.
        value = (value + dt.timedelta(microseconds=500_000)).replace(microsecond=0)
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cell_number(value: object) -> float | None:
    """A numeric Excel cell's value (whatever its display format); None for any other cell."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _misnamed_sheets(
    workbook: object, sheet_names: list[str], by_theme: dict[str, str], file: str, lang: str
) -> list[Problem]:
    """Sheets not named after a theme whose header row is a theme's: rename them.

    An error when the workbook has no theme sheet at all (nothing would be read), else
    a warning (the sheet is left out).
    """
    found = []
    severity = WARNING if by_theme else ERROR
    for sheet in sheet_names:
        if sheet in by_theme:
            continue
        try:
            rows = workbook.get_sheet_by_name(sheet).to_python(nrows=1)  # type: ignore[attr-defined]
        except Exception:  # an unreadable extra sheet is not read anyway
            continue
        theme = theme_for_header(
            [_cell_text(v) or "" for v in rows[0]] if rows else [], tuple(by_theme.values())
        )
        if theme is not None:
            found.append(
                problem(
                    file,
                    sheet,
                    None,
                    None,
                    None,
                    "blad_hernoemen",
                    lang,
                    severity,
                    sheet=sheet,
                    theme=theme,
                )
            )
    return found


def read_xlsx(
    con: duckdb.DuckDBPyConnection, path: Path, lang: str
) -> tuple[list[RawSheet], list[Problem]]:
    from python_calamine import CalamineWorkbook

    name = path.name
    limited = check_workbook_limits(path, lang=lang)
    if limited:
        return [], limited
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheet_names = list(workbook.sheet_names)
    except Exception as e:  # calamine raises its own error types for corrupt files
        return [], [file_problem(name, "bestand_onleesbaar", lang, reason=short_reason(e))]
    by_theme = {s: s.strip().lower() for s in sheet_names if s.strip().lower() in THEMES}
    renames = _misnamed_sheets(workbook, sheet_names, by_theme, name, lang)
    if not by_theme:
        return [], renames or [
            file_problem(
                name,
                "geen_themablad",
                lang,
                sheets=", ".join(sheet_names),
                themes=", ".join(THEMES),
            )
        ]
    sheets: list[RawSheet] = []
    problems: list[Problem] = list(renames)
    for sheet_name, theme_name in by_theme.items():
        try:
            rows = workbook.get_sheet_by_name(sheet_name).to_python(skip_empty_area=False)
        except Exception as e:
            problems.append(
                file_problem(
                    name, "bestand_onleesbaar", lang, sheet=sheet_name, reason=short_reason(e)
                )
            )
            continue
        while rows and all(_cell_text(v) is None for v in rows[-1]):
            rows.pop()
        if not rows:
            problems.append(file_problem(name, "geen_gegevens", lang, sheet=sheet_name))
            continue
        header = [_cell_text(v) or "" for v in rows[0]]
        positional = [f"c{i}" for i in range(len(header))]
        theme = THEMES[theme_name]
        known = theme.column_names  # other columns: reported from the header
        arrays = {
            p: pa.array([_cell_text(r[i]) if i < len(r) else None for r in rows[1:]], pa.string())
            for i, p in enumerate(positional)
            if normalise_header(header[i]) in known
        }
        numbers = {
            i: normalise_header(header[i])
            for i in range(len(header))
            if normalise_header(header[i]) in known
            and theme.column(normalise_header(header[i])).type in NUMBER_TYPES
        }
        for i in numbers:  # numeric cells keep their value; text cells are read by notation
            arrays[f"n{i}"] = pa.array(
                [_cell_number(r[i]) if i < len(r) else None for r in rows[1:]], pa.float64()
            )
        if not arrays:  # no theme column at all: keep the number of rows
            arrays = {"_rijen": pa.array([None] * (len(rows) - 1), pa.string())}
        arrays["_row"] = pa.array(range(2, len(rows) + 1), pa.int64())  # header is row 1
        arrow = pa.table(arrays)
        name_ = fresh_name("raw")
        con.register(name_, arrow)  # read in place by the typing query, no copy
        found, header_problems = sheet_from_header(
            path, sheet_name, THEMES[theme_name], name_, header, positional, first_row=2, lang=lang
        )
        for s in found:
            s.registered.append(name_)
            s.numbered = True
            s.numbers = {
                name: f"n{i}" for i, name in numbers.items() if s.columns.get(name) == f"c{i}"
            }
        sheets += found
        problems += header_problems
    return sheets, problems
