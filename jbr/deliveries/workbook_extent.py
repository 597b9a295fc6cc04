"""How far each sheet of a workbook reaches, measured from its XML without parsing it.

An xlsx file is a zip of XML parts. ``inflate`` streams one part (up to a byte budget)
and, when it is a sheet, measures it on the way (``Extent``): the dimension it declares,
the furthest row and column its cells name, and how far cells placed by order alone can
reach. ``sheet_names`` maps each sheet part to the name the user sees. What these numbers
may be is ``workbook``'s business.
"""

from __future__ import annotations

import html
import re
import zipfile
from dataclasses import dataclass

CHUNK = 1 << 22

_ROOT_PREFIX = re.compile(rb"<(?:([A-Za-z_][\w.-]*):)?worksheet\b")
_DIMENSION = re.compile(rb"<(?:[\w.-]+:)?dimension\b[^>]*?\bref=[\"']([A-Z0-9:$]+)[\"']")
# Cell references in r="..." attributes: only cells name a column (rows say r="12").
_REF_COLUMN = re.compile(rb"r=[\"']([A-Z]+)[0-9]")
_REF_ROW = re.compile(rb"r=[\"'][A-Z]+([0-9]+)")
_TAG_ENDS = (b" ", b">", b"/", b"\n", b"\t", b"\r")
_ROW_NUMBER = re.compile(rb"<(?:[\w.-]+:)?row\b[^>]*?\br=[\"']([0-9]+)")
# a start tag's attributes: quoted values may hold a ">" (a sheet named "a > b")
_TAG_ATTRIBUTES = rb"((?:[^>\"']|\"[^\"]*\"|'[^']*')*)"
_SHEET = re.compile(rb"<(?:[\w.-]+:)?sheet\b" + _TAG_ATTRIBUTES + rb">")
_RELATION = re.compile(rb"<(?:[\w.-]+:)?Relationship\b" + _TAG_ATTRIBUTES + rb">")
# an attribute's value between double or single quotes (the other kind may be inside it)
_ATTRIBUTE = re.compile(rb"([\w.:-]+)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_CELL = re.compile(r"\$?([A-Z]+)\$?([0-9]+)")


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
class Extent:
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


def declared_size(ref: str) -> tuple[int, int]:
    """Rows and columns of a dimension ref (``A1:M200`` → 200, 13; ``A1`` → 1, 1)."""
    corners = [_CELL.fullmatch(c) for c in ref.split(":")]
    if not corners or any(c is None for c in corners):
        return 0, 0  # not a range: the cells themselves are checked
    rows = [int(c.group(2)) for c in corners if c]
    columns = [column_number(c.group(1)) for c in corners if c]
    return max(rows) - min(rows) + 1, max(columns) - min(columns) + 1


def inflate(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo, budget: int, extent: Extent | None
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

    def __init__(self, extent: Extent) -> None:
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


def sheet_names(archive: zipfile.ZipFile, budget: int) -> dict[str, str]:
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
            k.decode("utf-8", "replace").split(":")[-1]: (double or single).decode(
                "utf-8", "replace"
            )
            for k, double, single in _ATTRIBUTE.findall(raw)
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
    """An attribute value's text: XML's five named references and numeric ones."""
    return html.unescape(text)
