"""PDF/UA-1 repairs of WeasyPrint's structure tree, done with pikepdf after rendering.

WeasyPrint (≥ 63) writes a tagged PDF, but builds the tree page by page and leaves out
what PDF/UA-1 (ISO 14289-1) and the Matterhorn Protocol ask of it:

- running heads and page numbers (CSS margin boxes) are marked content with an MCID
  that no structure element holds — neither content nor artifact (Matterhorn 01-004).
  They become ``/Artifact`` of type ``/Pagination``, subtype ``/Header`` or ``/Footer``.
- a table split over pages is one ``Table`` per page, the continuation without caption.
  The pieces are joined: the rows of a continuation move into the first piece, and its
  repeated header row (WeasyPrint repeats ``<thead>`` on every page) becomes a pagination
  artifact, its cells' header references pointing at the first header row.
- ``TH`` cells have no ``/Scope`` (15-003). A header in ``THead`` is a column header, a
  header in a body row a row header, as HTML's ``scope`` says in jbr's tables. Row
  headers name the column header above them, so no header — not the corner cell either
  — is referenced by no cell; element IDs are listed in the ``/IDTree`` (PDF 32000-1
  14.7.2 requires it where elements have IDs).
- link annotations lack the Print flag (PDF/UA-1 via PDF/A: 28-... annotations shall
  print); it is set on every link.

Not PDF/UA, but done in the same pass: WeasyPrint resolves a relative link against the
base URL, so a link to ``tabellen/…`` or ``rapport.pdf`` was written as
``file:///…/out/tabellen/…`` — a path of the machine that built it, dead once the folder
is copied to a web server or a USB stick (SPEC §6: the static output stands alone). Links
into the PDF's own folder are made relative again (PDF 32000-1 12.6.4.7: a relative URI
resolves against the document's location), which also makes the bytes independent of
where the build ran.

Figure alternatives are the HTML's business (``charts.alt_text.chart_description``): the PDF
takes them from the chart image's ``alt``, the SVG's ``<title>`` (``svgprint.py``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .pdfcontent import retag_content, retag_parsed
from .pdflinks import link_annotations, relative_links

PDF_VARIANT = "pdf/ua-1"  # tagged PDF with a structure tree, title and language (PDF/UA)
# What every PDF of jbr is written with (``pdf.html_to_pdf``, ``pdfparts.lay_out``): tagged
# PDF/UA-1, written uncompressed: the repair reads every page and saves the file compressed
# (pikepdf), so compressing before it too would be done twice (issue 19: 0,4–0,7 s of the
# report's PDF; the saved file has the same content).
WEASYPRINT_OPTIONS: dict[str, Any] = {
    "pdf_variant": PDF_VARIANT,
    "pdf_tags": True,
    "uncompressed_pdf": True,
}
PRINT_FLAG = 1 << 2  # PDF 32000-1 table 165: bit 3


@dataclass
class Repairs:
    """What :func:`repair` changed, for the build log and the tests."""

    running_heads: int = 0  # marked-content sequences turned into pagination artifacts
    tables_joined: int = 0  # continuation pieces moved into their first piece
    scopes: int = 0  # TH cells given a /Scope
    links: int = 0  # link annotations given the Print flag
    relative_links: int = 0  # file:// links into the PDF's folder made relative


def repair(path: Path) -> Repairs:
    """Repair the tagged PDF at ``path`` in place (see the module docstring)."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        return repair_open(pdf, path)


def repair_open(pdf: Any, path: Path | None) -> Repairs:
    """Repair the open ``pdf`` and save it at ``path`` (its links made relative to that
    folder); only repaired, in memory, without a path."""
    import pikepdf

    repairs = _Tree(pdf).repair()
    if path is not None:
        repairs.relative_links = relative_links(pdf, path.parent)
        # deterministic_id: the /ID from the content, not the time (a rebuild is byte-identical)
        pdf.save(
            path,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
        )
    return repairs


def _key(obj: Any) -> tuple[int, int]:
    return obj.objgen  # type: ignore[no-any-return]


def _kids(element: Any) -> list[Any]:
    import pikepdf

    k = element.get("/K")
    if k is None:
        return []
    return list(k) if isinstance(k, pikepdf.Array) else [k]


def _tag(element: Any) -> str:
    return str(element.get("/S", "/"))[1:]


class _Tree:
    """The structure tree of one PDF with the indexes the repairs need."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.root = pdf.Root.StructTreeRoot
        self.pages = {_key(p.obj): n for n, p in enumerate(pdf.pages)}
        nums = self.root.ParentTree.Nums
        self.parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        # per page: MCID → the Pagination subtype ("Header"/"Footer") or "" (no pagination)
        self.artifacts: dict[int, dict[int, str]] = defaultdict(dict)
        self._walked: list[Any] | None = None  # elements() before any repair changed it
        self.detached: set[tuple[int, int]] = set()  # table pieces joined into another

    # ------------------------------------------------------------------ walking

    def elements(self) -> list[Any]:
        """Structure elements in document order (depth first), walked once: the repairs
        only move table rows (under elements listed already) and detach table pieces
        (``detached``), so the first walk stays the document order."""
        import pikepdf

        if self._walked is not None:
            return self._walked
        out: list[Any] = []

        def walk(element: Any) -> None:
            out.append(element)
            for kid in _kids(element):
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        for kid in _kids(self.root):
            walk(kid)
        self._walked = out
        return out

    def page(self, element: Any) -> int | None:
        pg = element.get("/Pg")
        return None if pg is None else self.pages.get(_key(pg))

    def mcids(self, element: Any) -> list[tuple[int, int]]:
        """(page, MCID) of all marked content under ``element``."""
        import pikepdf

        out = []
        page = self.page(element)
        for kid in _kids(element):
            if isinstance(kid, int) and page is not None:
                out.append((page, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                out += self.mcids(kid)
        return out

    # ------------------------------------------------------------------ repairs

    def repair(self) -> Repairs:
        repairs = Repairs()
        repairs.running_heads = self._running_heads()
        repairs.tables_joined = self._join_tables()
        repairs.scopes = self._table_headers()
        repairs.links = self._print_links()
        self._rewrite_content()
        return repairs

    def _running_heads(self) -> int:
        """Marked content that the parent tree maps to elements outside the tree."""
        reachable = {_key(e) for e in self.elements()}
        count = 0
        for n, page in enumerate(self.pdf.pages):
            parents = self.parent_tree.get(int(page.obj.get("/StructParents", -1)))
            if parents is None:
                continue
            for mcid, element in enumerate(parents):
                if element is not None and _key(element) not in reachable:
                    self.artifacts[n][mcid] = "margin"
                    count += 1
        return count

    def _join_tables(self) -> int:
        """Move each caption-less continuation piece of a table into its first piece."""
        import pikepdf

        joined = 0
        first: Any = None  # the table the next continuation piece continues
        first_page = -1
        seen_on_page: set[int] = set()
        for element in self.elements():
            if _tag(element) != "Table":
                continue
            page = self.page(element)
            page = page if page is not None else -1
            kids = [k for k in _kids(element) if isinstance(k, pikepdf.Dictionary)]
            captioned = any(_tag(k) == "Caption" for k in kids)
            # A continuation: the first table on its page, without the caption that jbr
            # gives every table, after a captioned table on an earlier page.
            continuation = (
                first is not None
                and not captioned
                and page > first_page
                and page not in seen_on_page
            )
            seen_on_page.add(page)
            if not continuation:
                first, first_page = (element, page) if captioned else (None, -1)
                continue
            self._move_rows(element, first)
            joined += 1
        return joined

    def _move_rows(self, piece: Any, table: Any) -> None:
        import pikepdf

        sections = [k for k in _kids(piece) if isinstance(k, pikepdf.Dictionary)]
        head = next((s for s in sections if _tag(s) == "THead"), None)
        renamed: dict[str, Any] = {}
        if head is not None:  # the repeated header row: an artifact, named by the first one
            original = next((s for s in _kids(table) if _tag(s) == "THead"), None)
            repeated = [c for c in self._cells(head) if _tag(c) == "TH"]
            headers = [c for c in self._cells(original) if _tag(c) == "TH"] if original else []
            for copy, header in zip(repeated, headers, strict=False):
                if "/ID" in copy and "/ID" in header:
                    renamed[str(copy.ID)] = header.ID
            for page, mcid in self.mcids(head):
                self.artifacts[page][mcid] = ""
        bodies = [s for s in _kids(table) if _tag(s) == "TBody"]
        target = bodies[-1] if bodies else table
        for section in sections:
            if section is head:
                continue
            rows = _kids(section) if _tag(section) in ("TBody", "TFoot") else [section]
            for row in rows:
                row.P = target
                target.K.append(row)
                for cell in _kids(row):
                    attrs = cell.get("/A")
                    if isinstance(attrs, pikepdf.Dictionary) and "/Headers" in attrs:
                        attrs.Headers = pikepdf.Array(
                            [renamed.get(str(h), h) for h in attrs.Headers]
                        )
        self._detach(piece)

    def _detach(self, element: Any) -> None:
        """Remove ``element`` from its parent, and a parent left empty from its own."""
        import pikepdf

        self.detached.add(_key(element))
        parent = element.get("/P")
        if parent is None or "/K" not in parent:
            return
        kept = [k for k in _kids(parent) if not (hasattr(k, "objgen") and _key(k) == _key(element))]
        parent.K = pikepdf.Array(kept)
        if not kept and _tag(parent) not in ("Document", ""):
            self._detach(parent)

    def _cells(self, section: Any) -> list[Any]:
        rows = [r for r in _kids(section) if _tag(r) == "TR"]
        return [c for r in rows for c in _kids(r) if _tag(c) in ("TH", "TD")]

    def _table_headers(self) -> int:
        """/Scope on every TH; row headers name the column header above them; /IDTree."""
        import pikepdf

        scoped = 0
        ids: dict[str, Any] = {}
        tables = (e for e in self.elements() if _tag(e) == "Table")
        for table in (t for t in tables if _key(t) not in self.detached):
            column_headers: dict[int, list[Any]] = defaultdict(list)
            rows: list[tuple[bool, Any]] = []
            for section in _kids(table):
                if _tag(section) == "TR":
                    rows.append((False, section))
                elif _tag(section) in ("THead", "TBody", "TFoot"):
                    rows += [
                        (_tag(section) == "THead", r) for r in _kids(section) if _tag(r) == "TR"
                    ]
            for in_head, row in rows:
                column = 0
                for cell in _kids(row):
                    if _tag(cell) not in ("TH", "TD"):
                        continue
                    attrs = cell.get("/A")
                    if not isinstance(attrs, pikepdf.Dictionary):
                        attrs = cell.A = pikepdf.Dictionary(O=pikepdf.Name.Table)
                    span = int(attrs.get("/ColSpan", 1))
                    if _tag(cell) == "TH":
                        if "/Scope" not in attrs:
                            attrs.Scope = pikepdf.Name.Column if in_head else pikepdf.Name.Row
                            scoped += 1
                        if "/ID" in cell:
                            ids[str(cell.ID)] = cell
                        if "/ID" not in cell:
                            pass
                        elif attrs.Scope == pikepdf.Name.Column:
                            for c in range(column, column + span):
                                column_headers[c].append(cell.ID)
                        elif "/Headers" not in attrs:  # a row header: under its column's head
                            above = [
                                h for c in range(column, column + span) for h in column_headers[c]
                            ]
                            if above:
                                attrs.Headers = pikepdf.Array(above)
                    column += span
        if ids:
            names: list[Any] = []
            for name in sorted(ids):
                names += [pikepdf.String(name), ids[name]]
            self.root.IDTree = self.pdf.make_indirect(
                pikepdf.Dictionary(Names=pikepdf.Array(names))
            )
        return scoped

    def _print_links(self) -> int:
        count = 0
        for annot in link_annotations(self.pdf):
            flags = int(annot.get("/F", 0))
            if not flags & PRINT_FLAG:
                annot.F = flags | PRINT_FLAG
                count += 1
        return count

    # ------------------------------------------------------------------ content

    def _rewrite_content(self) -> None:
        """Turn the collected MCIDs into artifacts and number the rest 0..n-1 again,
        in the content streams, the elements that hold them and the parent tree."""
        import pikepdf

        for n, gone in sorted(self.artifacts.items()):
            page = self.pdf.pages[n]
            key = int(page.obj.StructParents)
            parents = list(self.parent_tree[key])
            kept = [m for m in range(len(parents)) if m not in gone]
            number = {old: new for new, old in enumerate(kept)}
            height = float(page.mediabox[3]) / 0.75  # CSS px: WeasyPrint draws y downwards
            content = page.obj.get("/Contents")
            data = content.read_bytes() if isinstance(content, pikepdf.Stream) else None
            rewritten = None if data is None else retag_content(data, gone, number, height)
            if rewritten is None:  # not the shape WeasyPrint writes: parse it in full
                rewritten = retag_parsed(page, gone, number, height)
            page.Contents = self.pdf.make_stream(rewritten)
            for old in kept:
                element = parents[old]
                if old != number[old]:
                    element.K = pikepdf.Array(
                        [
                            number[old] if isinstance(k, int) and int(k) == old else k
                            for k in _kids(element)
                        ]
                    )
            self._set_parents(key, pikepdf.Array([parents[m] for m in kept]))

    def _set_parents(self, key: int, parents: Any) -> None:
        nums = self.root.ParentTree.Nums
        for i in range(0, len(nums), 2):
            if int(nums[i]) == key:
                nums[i + 1] = parents
                return
