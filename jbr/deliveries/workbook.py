"""Workbook limits: an xlsx file is measured before it is read (SPEC §7 "Bad input").

The xlsx reader builds each sheet as a dense grid from its first to its last
cell, so a 1.7 kB file with one cell at XFD1048576 asks for 17 billion cells
(512 GiB), and a zip entry that inflates a thousandfold fills the memory
before any row is seen. So before a workbook is opened:

- the zip holds at most ``MAX_PARTS`` entries, and all entries together inflate
  to at most ``max_bytes``: first as the zip declares, then as actually
  inflated (a declared size can lie; reading stops at the limit);
- every sheet's declared dimension (``<dimension ref>``) and the cells it
  actually holds (the furthest row and column any cell names, and the number
  of cell elements) stay within Excel's grid and, summed over the sheets,
  within ``max_cells``.

Limits come from the environment (``JBR_XLSX_MAX_CELLS``, ``JBR_XLSX_MAX_MB``)
with defaults that hold any workbook a ministry sends by hand; larger deliveries
are CSV or Parquet (SPEC §3).
"""

from __future__ import annotations

import os
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from babel.numbers import format_decimal

from .problems import Problem, file_problem, problem

EXCEL_ROWS = 1_048_576  # Excel's grid: rows and columns a sheet can have
EXCEL_COLUMNS = 16_384  # XFD
MAX_PARTS = 10_000  # zip entries; a workbook of a hundred sheets has a few hundred
DEFAULT_MAX_CELLS = 5_000_000
DEFAULT_MAX_MB = 512
CHUNK = 1 << 22

_SHEET_ENTRY = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_ROOT_PREFIX = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet\b")
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref=[\"']([A-Z0-9:$]+)[\"']")
# Cell references in r="..." attributes: only cells name a column (rows say r="12").
_REF_COLUMN = re.compile(rb"r=[\"']([A-Z]+)[0-9]")
_REF_ROW = re.compile(rb"r=[\"'][A-Z]+([0-9]+)")
_TAG_ENDS = (b" ", b">", b"/", b"\n", b"\t", b"\r")
_ROW_NUMBER = re.compile(rb"<(?:[\w.-]+:)?row\b[^>]*?\br=[\"']([0-9]+)")
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\b([^>]*)>")
_RELATION = re.compile(rb"<(?:[\w.-]+:)?Relationship\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"([\w.:-]+)\s*=\s*[\"']([^\"']*)[\"']")
_CELL = re.compile(r"\$?([A-Z]+)\$?([0-9]+)")


class SettingError(ValueError):
    """A limit in the environment that is not a positive whole number."""


@dataclass(frozen=True)
class WorkbookLimits:
    """How much of a workbook jbr reads (see the module docstring)."""

    max_cells: int = DEFAULT_MAX_CELLS  # summed over the sheets: rows x columns to the last cell
    max_bytes: int = DEFAULT_MAX_MB << 20  # all zip entries inflated together

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> WorkbookLimits:
        """``JBR_XLSX_MAX_CELLS`` and ``JBR_XLSX_MAX_MB``, else the defaults."""
        env = os.environ if environ is None else environ
        return cls(
            _setting(env, "JBR_XLSX_MAX_CELLS", DEFAULT_MAX_CELLS),
            _setting(env, "JBR_XLSX_MAX_MB", DEFAULT_MAX_MB) << 20,
        )


def _setting(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip().replace("_", "")
    if not text:
        return default
    if not text.isdigit() or int(text) == 0:
        raise SettingError(f"{name} moet een positief geheel getal zijn, niet {text!r}")
    return int(text)


def column_number(letters: str) -> int:
    """Excel column letters as a number: A = 1, Z = 26, AA = 27, XFD = 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def column_letters(n: int) -> str:
    """The inverse of ``column_number``."""
    letters = ""
    while n > 0:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass
class _Extent:
    """What one sheet's XML declares and holds."""

    name: str
    declared: str | None = None  # the dimension ref as written
    max_row: int = 0
    max_column: int = 0
    cells: int = 0  # cell elements
    named_cells: int = 0  # cell elements that say where they are
    rows: int = 0  # row elements
    numbered_rows: int = 0  # row elements seen to say their number (counted once cells lack r)
    max_row_number: int = 0
    # The row being read: its cell elements, those naming their place, the furthest named
    # column; and the furthest any row reaches (its furthest named column + unnamed cells).
    row_cells: int = 0
    row_named: int = 0
    row_column: int = 0
    max_reach: int = 0

    def end_row(self) -> None:
        reach = self.row_column + self.row_cells - self.row_named
        self.max_reach = max(self.max_reach, reach)
        self.row_cells = self.row_named = self.row_column = 0

    @property
    def bound(self) -> tuple[int, int]:
        """Rows and columns up to the furthest cell, also counting cells placed implicitly.

        A cell without ``r`` follows the previous one in its row, a row without ``r``
        the previous row: each can reach at most one further.
        """
        implicit = max(self.cells - self.named_cells, 0)
        rows, columns = self.max_row, self.max_column
        if implicit:
            rows = max(rows, self.max_row_number) + max(self.rows - self.numbered_rows, 0)
            # a cell placed by order follows the previous one in its row
            reach = self.row_column + self.row_cells - self.row_named
            columns = max(columns, self.max_reach, reach)
        return rows, columns


def check_workbook_limits(
    path: Path, limits: WorkbookLimits | None = None, lang: str = "nl"
) -> list[Problem]:
    """Problems that forbid reading the workbook at ``path``; [] when it may be read.

    Cheap for small files; for large ones it inflates each entry once (with a cap)
    without building anything, so it costs a fraction of the read it protects.
    """
    limits = limits or WorkbookLimits.from_env()
    name = path.name

    def too_big(reason: str) -> list[Problem]:
        return [problem(name, None, None, None, None, "werkboek_te_groot", lang, reason=reason)]

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as e:
        return [file_problem(name, "bestand_onleesbaar", lang, reason=_reason(e))]
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_PARTS:
            return too_big(
                _text(lang, "parts", n=_n(len(entries), lang), limit=_n(MAX_PARTS, lang))
            )
        declared = sum(e.file_size for e in entries)
        if declared > limits.max_bytes:
            return too_big(
                _text(lang, "bytes", size=_mb(declared, lang), limit=_mb(limits.max_bytes, lang))
            )
        try:
            names = _sheet_names(archive, limits.max_bytes)
            extents: list[_Extent] = []
            inflated = 0
            for entry in entries:
                if entry.is_dir():
                    continue
                sheet = names.get(entry.filename)
                if sheet is None and _SHEET_ENTRY.fullmatch(entry.filename):
                    sheet = entry.filename
                extent = _Extent(sheet) if sheet is not None else None
                inflated += _inflate(archive, entry, limits.max_bytes - inflated, extent)
                if inflated > limits.max_bytes:
                    return too_big(_text(lang, "inflated", limit=_mb(limits.max_bytes, lang)))
                if extent is not None:
                    extents.append(extent)
        except (
            zipfile.BadZipFile,
            zlib.error,
            OSError,
            EOFError,
            NotImplementedError,
            RuntimeError,
        ) as e:
            return [file_problem(name, "bestand_onleesbaar", lang, reason=_reason(e))]
    return _grid_problems(name, extents, limits, lang)


def _grid_problems(
    file: str, extents: list[_Extent], limits: WorkbookLimits, lang: str
) -> list[Problem]:
    """Each sheet within Excel's grid; the sheets' declared and actual cells within the limit."""

    def too_big(reason: str, sheet: str, ref: str | None) -> list[Problem]:
        return [problem(file, sheet, None, None, ref, "werkboek_te_groot", lang, reason=reason)]

    declared_total = actual_total = elements = 0
    for e in extents:
        if e.declared:
            rows, columns = _declared_size(e.declared)
            if rows > EXCEL_ROWS or columns > EXCEL_COLUMNS:
                return too_big(
                    _text(lang, "outside", sheet=e.name, ref=e.declared), e.name, e.declared
                )
            declared_total += rows * columns
            if declared_total > limits.max_cells:
                reason = _text(
                    lang,
                    "declared",
                    sheet=e.name,
                    ref=e.declared,
                    cells=_n(rows * columns, lang),
                    limit=_n(limits.max_cells, lang),
                )
                return too_big(reason, e.name, e.declared)
        rows, columns = e.bound
        ref = f"{column_letters(e.max_column)}{e.max_row}" if e.max_row else ""
        if rows > EXCEL_ROWS or columns > EXCEL_COLUMNS:
            return too_big(
                _text(lang, "outside", sheet=e.name, ref=ref or "?"), e.name, ref or None
            )
        actual_total += rows * columns
        elements += e.cells
        if actual_total > limits.max_cells or elements > limits.max_cells:
            reason = _text(
                lang,
                "actual",
                sheet=e.name,
                ref=ref or "?",
                cells=_n(max(rows * columns, e.cells), lang),
                limit=_n(limits.max_cells, lang),
            )
            return too_big(reason, e.name, ref or None)
    return []


def _declared_size(ref: str) -> tuple[int, int]:
    """Rows and columns of a dimension ref (``A1:M200`` → 200, 13; ``A1`` → 1, 1)."""
    corners = [_CELL.fullmatch(c) for c in ref.split(":")]
    if not corners or any(c is None for c in corners):
        return 0, 0  # not a range: the cells themselves are checked
    rows = [int(c.group(2)) for c in corners if c]
    columns = [column_number(c.group(1)) for c in corners if c]
    return max(rows) - min(rows) + 1, max(columns) - min(columns) + 1


def _inflate(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int, extent: _Extent | None
) -> int:
    """Inflate ``entry`` up to ``budget`` + 1 bytes; measure it when it is a sheet.

    Returns the bytes inflated (more than ``budget`` means over the limit).
    """
    size = 0
    scan = _Scan(extent) if extent is not None else None
    with archive.open(entry) as stream:
        while chunk := stream.read(min(CHUNK, budget + 1 - size)):
            size += len(chunk)
            if scan is not None:
                scan.feed(chunk)
            if size > budget:
                break
    if scan is not None:
        scan.finish()
    return size


class _Scan:
    """Measures a sheet's XML as it streams by, without parsing it."""

    def __init__(self, extent: _Extent) -> None:
        self.extent = extent
        self.tail = b""
        self.cell_tags: tuple[bytes, ...] = ()
        self.row_tags: tuple[bytes, ...] = ()
        self.row_start: re.Pattern[bytes] = re.compile(b"<row[ >/]")

    def feed(self, chunk: bytes) -> None:
        data = self.tail + chunk
        if not self.cell_tags:  # the root element says which namespace prefix tags carry
            root = _ROOT_PREFIX.search(data)
            prefix = (root.group(1) + b":") if root and root.group(1) else b""
            self.cell_tags = tuple(b"<" + prefix + b"c" + end for end in _TAG_ENDS)
            self.row_tags = tuple(b"<" + prefix + b"row" + end for end in _TAG_ENDS)
            ends = b"[" + re.escape(b"".join(_TAG_ENDS)) + b"]"
            self.row_start = re.compile(b"<" + re.escape(prefix) + b"row" + ends)
            dimension = _DIMENSION.search(data)
            if dimension:
                self.extent.declared = dimension.group(1).decode("ascii").replace("$", "")
        cut = data.rfind(b"<")  # an element cut off at the chunk's end is measured next time
        if cut > 0:
            data, self.tail = data[:cut], data[cut:]
        else:
            self.tail = b""
        self._measure(data)

    def finish(self) -> None:
        if self.tail:
            self._measure(self.tail)
            self.tail = b""

    def _measure(self, data: bytes) -> None:
        e = self.extent
        columns = set(_REF_COLUMN.findall(data))
        if columns:
            furthest = max(columns, key=lambda c: (len(c), c))
            e.max_column = max(e.max_column, column_number(furthest.decode("ascii")))
        rows = _REF_ROW.findall(data)
        if rows:
            e.max_row = max(e.max_row, max(map(int, rows)))
        e.named_cells += len(rows)
        cells = sum(data.count(tag) for tag in self.cell_tags)
        e.cells += cells
        e.rows += sum(data.count(tag) for tag in self.row_tags)
        if cells > len(rows):  # cells placed by order: how far does each row reach?
            start = 0
            for row in self.row_start.finditer(data):
                self._row_part(data, start, row.start())
                e.end_row()
                start = row.start()
            self._row_part(data, start, len(data))
        if e.cells > e.named_cells:  # cells placed by order: the rows' own numbers count
            numbers = _ROW_NUMBER.findall(data)
            e.numbered_rows += len(numbers)
            if numbers:
                e.max_row_number = max(e.max_row_number, max(map(int, numbers)))

    def _row_part(self, data: bytes, start: int, end: int) -> None:
        e, part = self.extent, data[start:end]
        named = _REF_COLUMN.findall(part)
        e.row_cells += sum(part.count(tag) for tag in self.cell_tags)
        e.row_named += len(named)
        if named:
            furthest = max(named, key=lambda c: (len(c), c))
            e.row_column = max(e.row_column, column_number(furthest.decode("ascii")))


def _sheet_names(archive: zipfile.ZipFile, budget: int) -> dict[str, str]:
    """Sheet XML entry → the sheet's name as the user sees it (from the workbook part)."""

    def small(entry: str) -> bytes:
        try:
            info = archive.getinfo(entry)
        except KeyError:
            return b""
        with archive.open(info) as stream:
            return stream.read(min(budget, 16 << 20))

    def attributes(raw: bytes) -> dict[str, str]:
        return {
            k.decode("utf-8", "replace").split(":")[-1]: v.decode("utf-8", "replace")
            for k, v in _ATTRIBUTE.findall(raw)
        }

    targets = {}
    for m in _RELATION.finditer(small("xl/_rels/workbook.xml.rels")):
        attrs = attributes(m.group(1))
        target = attrs.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[attrs.get("Id", "")] = target
    names = {}
    for m in _SHEET.finditer(small("xl/workbook.xml")):
        attrs = attributes(m.group(1))
        if attrs.get("id") in targets:
            names[targets[attrs["id"]]] = _unescape(attrs.get("name", ""))
    return names


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&apos;", "'")
        .replace("&amp;", "&")
    )


def _reason(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return (text[0] if text else type(e).__name__)[:300]


def _n(value: int, lang: str) -> str:
    return format_decimal(value, locale="nl_NL" if lang == "nl" else "en_GB")


def _mb(size: int, lang: str) -> str:
    return f"{_n(round(size / (1 << 20)), lang)} MB"


REASONS = {
    "parts": (
        "het zip-bestand bevat {n} onderdelen (grens {limit})",
        "the zip file holds {n} parts (limit {limit})",
    ),
    "bytes": (
        "uitgepakt {size} (grens {limit}, instelling JBR_XLSX_MAX_MB)",
        "unpacked {size} (limit {limit}, setting JBR_XLSX_MAX_MB)",
    ),
    "inflated": (
        "uitgepakt meer dan {limit} (instelling JBR_XLSX_MAX_MB)",
        "unpacked more than {limit} (setting JBR_XLSX_MAX_MB)",
    ),
    "outside": (
        "blad {sheet} noemt cel {ref}, buiten Excels raster van 1.048.576 rijen en 16.384 kolommen",
        "sheet {sheet} names cell {ref}, outside Excel's grid of 1,048,576 rows and 16,384 columns",
    ),
    "declared": (
        "blad {sheet} beslaat volgens het bestand {ref}, {cells} cellen (grens {limit}, "
        "instelling JBR_XLSX_MAX_CELLS)",
        "sheet {sheet} spans {ref} by its own account, {cells} cells (limit {limit}, setting "
        "JBR_XLSX_MAX_CELLS)",
    ),
    "actual": (
        "de cellen van blad {sheet} reiken tot {ref}, {cells} cellen (grens {limit}, instelling "
        "JBR_XLSX_MAX_CELLS)",
        "the cells of sheet {sheet} reach {ref}, {cells} cells (limit {limit}, setting "
        "JBR_XLSX_MAX_CELLS)",
    ),
}


def _text(lang: str, key: str, **fields: str) -> str:
    nl, en = REASONS[key]
    return (nl if lang == "nl" else en).format(**fields)
