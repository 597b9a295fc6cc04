"""The CSV reader: a delimited text file as a ``RawSheet``, read where it lies.

The header is sniffed (``sniff``), a UTF-16 or Windows-1252 file transcoded to a
temporary UTF-8 copy, and the rows stay in the file: typing reads it directly (one pass,
file order kept). Besides the all-text relation the exact path types, a CSV gets a typed
read for the fast path (``native_source``: ISO dates and moments) and, when it is plain,
the dictionary path's source (``plain_source``).
"""

from __future__ import annotations

import codecs
import csv
import re
from pathlib import Path

import duckdb

from ...locale import text
from ...sql import sql_text
from ..declaration import Theme
from ..numbers import dialect_of_delimiter
from ..problems import Problem, file_problem
from .sheet import RawSheet, sheet_from_header, short_reason
from .sniff import (
    MAX_HEADER_BYTES,
    SNIFF_BYTES,
    Bytes,
    detect_delimiter,
    scan,
    transcode_to_utf8,
)


def read_csv(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    theme: Theme,
    lang: str,
    scanned: Bytes | None = None,
) -> tuple[list[RawSheet], list[Problem]]:
    """The CSV stays where it is: typing reads it directly (one pass, file order kept).
    ``scanned``: the file's ``sniff.scan`` when the caller made it already (``load_files``
    scans a big file while it hashes it).

    A transcoded copy belongs to the sheet made from it (``RawSheet.drop`` removes it);
    when no sheet is made, whatever the reason, it is removed here.
    """
    temp_files: list[Path] = []
    sheets: list[RawSheet] = []
    try:
        sheets, problems = _read_csv(path, theme, lang, temp_files, scanned)
    finally:
        if not sheets:
            for temp in temp_files:
                temp.unlink(missing_ok=True)
    return sheets, problems


def _read_csv(
    path: Path, theme: Theme, lang: str, temp_files: list[Path], scanned: Bytes | None
) -> tuple[list[RawSheet], list[Problem]]:
    """``read_csv``; each transcoded copy it writes is added to ``temp_files`` at once."""
    name = path.name
    with path.open("rb") as f:
        head = f.read(SNIFF_BYTES)
    source = path
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            source = transcode_to_utf8(path, "utf-16")
        except (UnicodeError, OSError) as e:
            return [], [file_problem(name, "bestand_onleesbaar", lang, reason=short_reason(e))]
        temp_files.append(source)
        with source.open("rb") as f:
            head = f.read(SNIFF_BYTES)
    if b"\x00" in head:
        return [], [file_problem(name, "bestand_binair", lang)]
    if scanned is None or source != path:  # a transcoded file is scanned as it is now
        scanned = scan(source)
    utf8 = scanned.utf8
    encoding = "utf-8" if utf8 else "cp1252"
    decoded = head.decode(encoding, errors="replace").lstrip("\ufeff")
    lines = decoded.splitlines()
    if len(head) == SNIFF_BYTES and len(lines) <= 1:  # a header longer than the sniff
        with source.open("rb") as f:
            first = f.readline(MAX_HEADER_BYTES + 1)
        lines = [first.decode(encoding, errors="replace").lstrip("\ufeff").rstrip("\r\n")]
    if not lines or not lines[0].strip():
        return [], [file_problem(name, "bestand_leeg", lang)]
    if len(lines[0]) > MAX_HEADER_BYTES:
        reason = text("deliveries.read.header_too_long", lang)
        return [], [file_problem(name, "bestand_onleesbaar", lang, reason=reason)]
    delimiter = detect_delimiter(lines[0])
    try:
        header = next(csv.reader([lines[0]], delimiter=delimiter))
    except csv.Error as e:  # e.g. a field over the csv module's 128 kB limit
        return [], [file_problem(name, "bestand_onleesbaar", lang, reason=short_reason(e))]
    if not utf8:
        try:
            source = transcode_to_utf8(path, "cp1252")
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
    sheets, problems = sheet_from_header(
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
