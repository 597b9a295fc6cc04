"""Read a delivery file into DuckDB as text columns, one table per theme sheet.

Every format ends up the same way: a temporary table whose columns are the
file's columns as VARCHAR (names lower-cased, trimmed) plus ``_row``, the row
number as the user sees it (CSV/xlsx: the header is row 1; Parquet: record 1
is row 1). Typing and checking happen afterwards, set-based, in ``validate``.
Unreadable input becomes a ``Problem``, never an exception.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import itertools
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from ..sql import sql_identifier, sql_text
from .declaration import Theme
from .numbers import NUMBER_TYPES, dialect_of_delimiter
from .problems import ERROR, WARNING, Problem, file_problem, problem
from .themes import THEMES, theme_for_filename, theme_for_header
from .workbook import check_workbook_limits

SNIFF_BYTES = 64 * 1024
MAX_HEADER_BYTES = 1 << 20  # 16,384 columns (Excel's maximum) of 60 characters fit
HEADER_TOO_LONG = {
    "nl": "de kopregel is langer dan 1 MB",
    "en": "the header row is longer than 1 MB",
}
_table_counter = itertools.count(1)


@dataclass
class RawSheet:
    """One theme's rows from one file, held as text in a DuckDB temp table."""

    path: Path
    sheet: str | None  # xlsx sheet name; None for csv/parquet
    theme: Theme
    source: str  # SQL relation with the text columns c0, c1, ... in file order
    columns: dict[str, str] = field(default_factory=dict)  # normalised name → source column
    first_row: int = 2  # row number of the source's first record
    numbered: bool = False  # the source has ``_row`` itself (else: rowid + first_row)
    tables: list[str] = field(default_factory=list)  # temp tables to drop afterwards
    views: list[str] = field(default_factory=list)
    registered: list[str] = field(default_factory=list)  # Arrow tables registered in DuckDB
    # Fast path (CSV): the same file read with DuckDB's own typed reader.
    native_source: str | None = None
    native_columns: tuple[str, ...] = ()
    native_numbered: bool = False  # the native source has ``_row`` itself
    temp_files: list[Path] = field(default_factory=list)  # e.g. a transcoded CSV
    # Number columns whose cells may be machine-written numbers (numeric xlsx cells, numeric
    # Parquet columns): name → source column holding that value as DOUBLE (NULL for text).
    numbers: dict[str, str] = field(default_factory=dict)
    # The file's own notation for doubtful numbers (``numbers.column_notation``): the
    # decimal sign its dialect implies, None when the file does not say.
    decimal_sign: str | None = None
    # Dictionary path (CSV): the UTF-8 file when it has no quotes and no lone carriage
    # return, so any reader splits it the same way; its delimiter and header width.
    plain_source: Path | None = None
    delimiter: str = ","
    width: int = 0

    @property
    def label(self) -> str:
        return self.path.name

    def drop(self, con: duckdb.DuckDBPyConnection) -> None:
        """Remove what reading and checking left behind (temp views, tables, files)."""
        for view in self.views:
            con.execute(f"DROP VIEW IF EXISTS {view}")
        for table in reversed(self.tables):
            con.execute(f"DROP TABLE IF EXISTS {table}")
        for name in self.registered:
            con.unregister(name)
        for f in self.temp_files:
            f.unlink(missing_ok=True)


def fresh_name(prefix: str) -> str:
    """A name for a temporary table or view that no other in this process has."""
    return f"{prefix}_{next(_table_counter)}"


def normalise_header(name: object) -> str:
    return str(name if name is not None else "").strip().lower().lstrip("\ufeff")


def _themes_text() -> str:
    return ", ".join(THEMES)


def read_delivery(
    con: duckdb.DuckDBPyConnection, path: Path, theme: str | None = None, lang: str = "nl"
) -> tuple[list[RawSheet], list[Problem]]:
    """Read ``path`` into temp tables of ``con``; return its theme sheets and any problems."""
    name = path.name
    if not path.is_file():
        return [], [file_problem(name, "bestand_niet_gevonden", lang)]
    if path.stat().st_size == 0:
        return [], [file_problem(name, "bestand_leeg", lang)]
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(con, path, lang)
    if suffix not in (".csv", ".txt", ".parquet"):
        return [], [file_problem(name, "bestandstype_onbekend", lang, suffix=path.suffix)]
    theme_name = theme or theme_for_filename(path.stem)
    if theme_name is None or theme_name not in THEMES:
        fits = theme_for_header(_file_header(con, path)) if theme_name is None else None
        if fits is not None:
            return [], [file_problem(name, "thema_uit_kolommen", lang, theme=fits, suffix=suffix)]
        return [], [file_problem(name, "thema_onbekend", lang, themes=_themes_text())]
    reader = _read_parquet if suffix == ".parquet" else _read_csv
    return reader(con, path, THEMES[theme_name], lang)


def _file_header(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    """The column names of a CSV or Parquet file, read cheaply; [] when unreadable."""
    try:
        if path.suffix.lower() == ".parquet":
            described = con.execute(
                f"DESCRIBE SELECT * FROM read_parquet({sql_text(str(path))})"
            ).fetchall()
            return [r[0] for r in described]
        with path.open("rb") as f:
            head = f.read(SNIFF_BYTES)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            head = head.decode("utf-16", errors="replace").encode("utf-8")
        lines = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()
        if not lines:
            return []
        return next(csv.reader([lines[0]], delimiter=_detect_delimiter(lines[0])))
    except (duckdb.Error, OSError, csv.Error, UnicodeError):
        return []


def sheet_themes(path: Path) -> list[str]:
    """The themes a file holds, guessed cheaply (file name, or xlsx sheet names)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from python_calamine import CalamineWorkbook

        if check_workbook_limits(path):  # opening one reads all its shared text
            return []
        try:
            names = CalamineWorkbook.from_path(str(path)).sheet_names
        except Exception:
            return []
        return [n.strip().lower() for n in names if n.strip().lower() in THEMES]
    found = theme_for_filename(path.stem)
    return [found] if found else []


# --- CSV -------------------------------------------------------------------


@dataclass(frozen=True)
class _Bytes:
    """What one pass over a CSV's bytes shows (``_scan``)."""

    utf8: bool  # the whole file decodes as UTF-8
    plain: bool  # no quote character and no carriage return outside a CRLF line end


def _scan(path: Path) -> _Bytes:
    """One pass in chunks (~1 GB/s): UTF-8, and whether every line is a plain record.

    A plain file splits into fields at each delimiter and into records at each line end,
    whichever reader reads it: the condition of the dictionary path (``dictionary``).
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, plain, carried_cr = True, True, False
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            if utf8:
                try:
                    decoder.decode(chunk, final=False)
                except UnicodeDecodeError:
                    utf8 = False
            if plain:
                lone = 0
                if carried_cr:  # a CRLF split between two chunks
                    lone += not chunk.startswith(b"\n")
                if b"\r" in chunk:  # Windows line ends: every CR must start one
                    lone += chunk.count(b"\r") - chunk.count(b"\r\n")
                carried_cr = chunk.endswith(b"\r")
                lone -= carried_cr  # judged with the next chunk
                plain = b'"' not in chunk and lone == 0
            if not utf8 and not plain:
                break
    if carried_cr:
        plain = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return _Bytes(utf8, plain)


def _is_utf8(path: Path) -> bool:
    """True when the whole file decodes as UTF-8."""
    return _scan(path).utf8


def _detect_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def _transcode_to_utf8(path: Path, encoding: str) -> Path:
    fd, name = tempfile.mkstemp(prefix="jbr_", suffix=".csv")
    os.close(fd)
    out = Path(name)
    try:
        with (
            path.open("r", encoding=encoding, newline="") as src,
            out.open("w", encoding="utf-8", newline="") as dst,
        ):
            while chunk := src.read(1 << 20):
                dst.write(chunk)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return out


def _read_csv(
    con: duckdb.DuckDBPyConnection, path: Path, theme: Theme, lang: str
) -> tuple[list[RawSheet], list[Problem]]:
    """The CSV stays where it is: typing reads it directly (one pass, file order kept)."""
    name = path.name
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    temp_files: list[Path] = []
    source = path
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            source = _transcode_to_utf8(path, "utf-16")
        except (UnicodeError, OSError) as e:
            return [], [file_problem(name, "bestand_onleesbaar", lang, reason=short_reason(e))]
        temp_files.append(source)
        with source.open("rb") as f:
            head = f.read(SNIFF_BYTES)
    if b"\x00" in head:
        for temp in temp_files:
            temp.unlink(missing_ok=True)
        return [], [file_problem(name, "bestand_binair", lang)]
    scanned = _scan(source)
    utf8 = scanned.utf8
    encoding = "utf-8" if utf8 else "cp1252"
    text = head.decode(encoding, errors="replace").lstrip("\ufeff")
    lines = text.splitlines()
    if len(head) == SNIFF_BYTES and len(lines) <= 1:  # a header longer than the sniff
        with source.open("rb") as f:
            first = f.readline(MAX_HEADER_BYTES + 1)
        lines = [first.decode(encoding, errors="replace").lstrip("\ufeff").rstrip("\r\n")]
    problem = None
    if not lines or not lines[0].strip():
        problem = file_problem(name, "bestand_leeg", lang)
    elif len(lines[0]) > MAX_HEADER_BYTES:
        problem = file_problem(name, "bestand_onleesbaar", lang, reason=HEADER_TOO_LONG[lang])
    else:
        delimiter = _detect_delimiter(lines[0])
        try:
            header = next(csv.reader([lines[0]], delimiter=delimiter))
        except csv.Error as e:  # e.g. a field over the csv module's 128 kB limit
            problem = file_problem(name, "bestand_onleesbaar", lang, reason=short_reason(e))
    if problem is not None:
        for temp in temp_files:
            temp.unlink(missing_ok=True)
        return [], [problem]
    if not utf8:
        try:
            source = _transcode_to_utf8(path, "cp1252")
        except (UnicodeDecodeError, OSError) as e:
            return [], [file_problem(name, "bestand_onleesbaar", lang, reason=short_reason(e))]
        temp_files.append(source)
    positional = [f"c{i}" for i in range(len(header))]
    columns = "{" + ", ".join(f"'{n}': 'VARCHAR'" for n in positional) + "}"
    relation = (
        f"read_csv({sql_text(str(source))}, delim={sql_text(delimiter)}, header=true, "
        f"quote='\"', escape='\"', columns={columns}, auto_detect=false, null_padding=true, "
        "strict_mode=false)"
    )
    sheets, problems = _sheet_from_header(
        path, None, theme, relation, header, positional, first_row=2, lang=lang
    )
    for s in sheets:
        s.temp_files += temp_files
        s.decimal_sign = dialect_of_delimiter(delimiter)
        _add_native_source(s, source, delimiter, len(header), lines[1:])
        if scanned.plain:  # the same bytes, transcoded or not: no quotes, no lone CR
            s.plain_source = source
            s.delimiter = delimiter
            s.width = len(header)
    return sheets, problems


# Only dates are typed by DuckDB's CSV reader. Numbers never are: the reader takes
# "12.000" for twelve, rounds "1.5" into a BIGINT and accepts "1_000" and "0x1F";
# numbers are read from their text by the rules of ``numbers`` on both paths.
NATIVE_TYPES = {
    "date": "DATE",
    "datetime": "TIMESTAMP",
}
# Datetime columns are typed by the reader only in one of these exact shapes, all with
# a time of day (so the period rule of validate.period_end_expr never applies to them);
# anything else (plain dates, DD-MM-YYYY) is parsed from the text.
NATIVE_TIMESTAMPS = (
    (re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}"), "%Y-%m-%d %H:%M:%S"),
    (re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}"), "%Y-%m-%d %H:%M"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}"), "%Y-%m-%dT%H:%M:%S"),
    (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"), "%Y-%m-%dT%H:%M"),
)


def _timestamp_format(values: list[str]) -> str | None:
    """The one reader format all sampled datetime ``values`` have, else None."""
    for pattern, fmt in NATIVE_TIMESTAMPS:
        if values and all(pattern.fullmatch(v.strip()) for v in values):
            return fmt
    return None


def _add_native_source(
    sheet: RawSheet, source: Path, delimiter: str, width: int, sample: list[str]
) -> None:
    """The typed read of the fast path: ISO dates (and moments in one exact shape)."""
    typed = {
        c.name: NATIVE_TYPES[c.type]
        for c in sheet.theme.columns
        if c.type in NATIVE_TYPES and c.name in sheet.columns
    }
    if not typed:
        return
    name_at = {int(col[1:]): name for name, col in sheet.columns.items()}  # "c3" → 3
    rows = list(csv.reader(sample[:200], delimiter=delimiter))
    moments = [i for i, name in name_at.items() if typed.get(name) == "TIMESTAMP"]
    timestamp_format = _timestamp_format(
        [r[i] for r in rows for i in moments if i < len(r) and r[i].strip()]
    )
    if moments and timestamp_format is None:  # parsed from the text instead
        typed = {n: t for n, t in typed.items() if t != "TIMESTAMP"}
        if not typed:
            return
    types = ", ".join(f"'c{i}': '{typed.get(name_at.get(i, ''), 'VARCHAR')}'" for i in range(width))
    sheet.native_source = (
        f"read_csv({sql_text(str(source))}, delim={sql_text(delimiter)}, header=true, "
        f"quote='\"', escape='\"', columns={{{types}}}, auto_detect=false, "
        f"dateformat='%Y-%m-%d', timestampformat={sql_text(timestamp_format or '%Y-%m-%d %H:%M:%S')}, "
        "null_padding=true, strict_mode=false)"
    )
    sheet.native_columns = tuple(typed)


def short_reason(e: BaseException) -> str:
    """The first line of a reader's error, without DuckDB's category prefix, for a problem."""
    text = str(e).strip().splitlines()
    first = text[0] if text else type(e).__name__
    for prefix in ("Invalid Input Error: ", "IO Error: ", "Conversion Error: "):
        first = first.removeprefix(prefix)
    return first[:300]


def _sheet_from_header(
    path: Path,
    sheet: str | None,
    theme: Theme,
    source: str,
    header: list[str],
    positional: list[str],
    first_row: int,
    lang: str,
) -> tuple[list[RawSheet], list[Problem]]:
    """Map the file's header onto the table's positional columns; report header problems."""
    problems: list[Problem] = []
    columns: dict[str, str] = {}
    for raw_name, col in zip(header, positional, strict=False):
        norm = normalise_header(raw_name)
        if not norm:
            continue
        if norm in columns:
            problems.append(
                problem(path.name, sheet, 1, raw_name, None, "kolom_dubbel", lang, column=raw_name)
            )
            continue
        columns[norm] = col
    return [RawSheet(path, sheet, theme, source, columns, first_row)], problems


# --- Parquet ---------------------------------------------------------------


def _read_parquet(
    con: duckdb.DuckDBPyConnection, path: Path, theme: Theme, lang: str
) -> tuple[list[RawSheet], list[Problem]]:
    try:
        # The top-level columns (a nested one becomes its text); names quoted as identifiers.
        described = con.execute(
            f"DESCRIBE SELECT * FROM read_parquet({sql_text(str(path))})"
        ).fetchall()
        header = [r[0] for r in described]
        types = {r[0]: r[1] for r in described}
        positional = [f"c{i}" for i in range(len(header))]
        # Only the theme's columns are read (others are reported from the header alone).
        select = (
            ", ".join(
                f"CAST({sql_identifier(h)} AS VARCHAR) AS {p}"
                for h, p in zip(header, positional, strict=True)
                if normalise_header(h) in theme.column_names
            )
            or "CAST(NULL AS VARCHAR) AS c0"
        )
        numbers = _parquet_numbers(theme, header, types)
        extra = "".join(f", {sql} AS n{i}" for i, sql in numbers.items())
        relation = f"(SELECT {select}{extra} FROM read_parquet({sql_text(str(path))}))"
    except duckdb.Error as e:
        return [], [file_problem(path.name, "bestand_onleesbaar", lang, reason=short_reason(e))]
    sheets, problems = _sheet_from_header(
        path, None, theme, relation, header, positional, first_row=1, lang=lang
    )
    for sheet in sheets:
        sheet.numbers = {
            normalise_header(header[i]): f"n{i}"
            for i in numbers
            if sheet.columns.get(normalise_header(header[i])) == f"c{i}"
        }
        _add_native_parquet(sheet, path, header, types, numbers)
    return sheets, problems


def _is_numeric(duckdb_type: str) -> bool:
    return duckdb_type.startswith("DECIMAL") or duckdb_type in PARQUET_NUMERIC


def _parquet_numbers(theme: Theme, header: list[str], types: dict[str, str]) -> dict[int, str]:
    """Number columns the writer stored as numbers: position → SQL of their DOUBLE value."""
    found = {}
    for i, h in enumerate(header):
        name = normalise_header(h)
        numeric = name in theme.column_names and theme.column(name).type in NUMBER_TYPES
        if numeric and _is_numeric(types[h]):
            found[i] = f"CAST({sql_identifier(h)} AS DOUBLE)"
    return found


PARQUET_NUMERIC = {
    "DOUBLE",
    "FLOAT",
    "BIGINT",
    "INTEGER",
    "SMALLINT",
    "TINYINT",
    "HUGEINT",
    "UBIGINT",
    "UINTEGER",
    "USMALLINT",
    "UTINYINT",
}
PARQUET_NATIVE = {
    "date": {"DATE"},
    "number": {"DOUBLE", "FLOAT", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT"},
    "integer": {"BIGINT", "INTEGER", "SMALLINT", "TINYINT"},
    "year": {"BIGINT", "INTEGER", "SMALLINT", "TINYINT"},
}


def _add_native_parquet(
    sheet: RawSheet, path: Path, header: list[str], types: dict[str, str], numbers: dict[int, str]
) -> None:
    """The fast path's read of a Parquet file: columns stored with the theme's type stay typed.

    A column the writer stored as text (or another type) is text, as on the exact path;
    rows are numbered by the reader (record 1 is row 1).
    """
    by_column = {f"c{i}": h for i, h in enumerate(header)}
    native = tuple(
        c.name
        for c in sheet.theme.columns
        if c.name in sheet.columns
        and types.get(by_column[sheet.columns[c.name]]) in PARQUET_NATIVE.get(c.type, set())
    )
    if not native:
        return
    typed = {sheet.columns[n] for n in native}
    select = ", ".join(
        f"{sql_identifier(h)} AS {col}"
        if col in typed
        else f"CAST({sql_identifier(h)} AS VARCHAR) AS {col}"
        for col, h in by_column.items()
    ) + "".join(f", {sql} AS n{i}" for i, sql in numbers.items())
    sheet.native_source = (
        f"(SELECT file_row_number + 1 AS _row, {select} "
        f"FROM read_parquet({sql_text(str(path))}, file_row_number = true))"
    )
    sheet.native_columns = native
    sheet.native_numbered = True


# --- xlsx ------------------------------------------------------------------


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


def _read_xlsx(
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
                name, "geen_themablad", lang, sheets=", ".join(sheet_names), themes=_themes_text()
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
        found, header_problems = _sheet_from_header(
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
