"""Reading a tagged PDF's structure tree with pikepdf, independently of how jbr wrote it:
the PDF/UA checks of issue 18 (artifacts, table headers, one table across pages, link
annotations, figure alternatives) as plain functions over the file, used by
tests/test_pdf_ua.py. Each returns the offending places, so a failing test names them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

PRINT_FLAG = 1 << 2  # PDF 32000-1 table 165: annotation flag bit 3, "Print"


@dataclass
class Tree:
    """A PDF's pages, its structure elements in reading order and the marked content."""

    pdf: pikepdf.Pdf
    elements: list[Dictionary] = field(default_factory=list)  # depth first, document order
    parent: dict[tuple[int, int], Dictionary | None] = field(default_factory=dict)
    reached: set[tuple[int, int]] = field(default_factory=set)  # (page, MCID) in the tree

    def page_of(self, element: Dictionary) -> int | None:
        pg = element.get("/Pg")
        if pg is None:
            return None
        for n, page in enumerate(self.pdf.pages):
            if page.obj.objgen == pg.objgen:
                return n
        return None


def _key(obj: object) -> tuple[int, int]:
    return obj.objgen  # type: ignore[attr-defined,no-any-return]


def read(path: Path) -> Tree:
    pdf = pikepdf.open(path)
    tree = Tree(pdf)
    pages = {_key(p.obj): n for n, p in enumerate(pdf.pages)}
    root = pdf.Root.StructTreeRoot

    def walk(element: Dictionary, page: int | None) -> None:
        tree.elements.append(element)
        pg = element.get("/Pg")
        page = pages.get(_key(pg), page) if pg is not None else page
        kids = element.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, Array) else [kids]:
            if isinstance(kid, int):
                tree.reached.add((page, int(kid)))  # type: ignore[arg-type]
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                kpage = pages.get(_key(kid.Pg), page) if "/Pg" in kid else page
                tree.reached.add((kpage, int(kid.MCID)))  # type: ignore[arg-type]
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                continue
            elif isinstance(kid, Dictionary):
                tree.parent[_key(kid)] = element
                walk(kid, page)

    kids = root.K
    for kid in kids if isinstance(kids, Array) else [kids]:
        tree.parent[_key(kid)] = None
        walk(kid, None)
    return tree


def tag(element: Dictionary) -> str:
    return str(element.S)[1:]


def children(element: Dictionary) -> list[Dictionary]:
    kids = element.get("/K")
    if kids is None:
        return []
    kids = kids if isinstance(kids, Array) else [kids]
    return [k for k in kids if isinstance(k, Dictionary) and "/S" in k]


def marked_content(pdf: pikepdf.Pdf) -> Iterator[tuple[int, str, int | None]]:
    """Every marked-content sequence on every page: (page, tag, MCID or None)."""
    for n, page in enumerate(pdf.pages):
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC":
                props = operands[1]
                mcid = props.get("/MCID") if isinstance(props, Dictionary) else None
                yield n, str(operands[0])[1:], None if mcid is None else int(mcid)
            elif str(operator) == "BMC":
                yield n, str(operands[0])[1:], None


def untagged_content(tree: Tree) -> dict[int, int]:
    """Per page, marked content with an MCID that no structure element holds: content that
    is neither in the tree nor an artifact (PDF/UA-1 7.1; Matterhorn 01-004)."""
    pages: dict[int, int] = {}
    for page, name, mcid in marked_content(tree.pdf):
        if name != "Artifact" and mcid is not None and (page, mcid) not in tree.reached:
            pages[page] = pages.get(page, 0) + 1
    return pages


def pagination_artifacts(pdf: pikepdf.Pdf) -> dict[int, list[str]]:
    """Per page, the subtypes of the /Artifact sequences typed /Pagination."""
    pages: dict[int, list[str]] = {}
    for n, page in enumerate(pdf.pages):
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and str(operands[0]) == "/Artifact":
                props = operands[1]
                if isinstance(props, Dictionary) and props.get("/Type") == Name.Pagination:
                    pages.setdefault(n, []).append(str(props.get("/Subtype", "/-"))[1:])
    return pages


def tables(tree: Tree) -> list[Dictionary]:
    return [e for e in tree.elements if tag(e) == "Table"]


def cells(table: Dictionary) -> Iterator[tuple[Dictionary, Dictionary]]:
    """(row, cell) of a Table, through THead/TBody/TFoot."""
    for part in children(table):
        rows = [part] if tag(part) == "TR" else [r for r in children(part) if tag(r) == "TR"]
        for row in rows:
            for cell in children(row):
                if tag(cell) in ("TH", "TD"):
                    yield row, cell


def attribute(element: Dictionary, name: str) -> object | None:
    """An attribute of the /Table owner (PDF 32000-1 14.8.5.7), from /A (dict or array)."""
    attrs = element.get("/A")
    for a in attrs if isinstance(attrs, Array) else [attrs] if attrs is not None else []:
        if isinstance(a, Dictionary) and a.get("/O") == Name.Table and name in a:
            return a[name]
    return None


def header_problems(tree: Tree) -> list[str]:
    """TH without /Scope; TD without /Headers or naming an unknown ID; TH whose ID no
    cell references (e.g. the corner cell above the row headers)."""
    problems = []
    for t, table in enumerate(tables(tree)):
        ids: dict[str, Dictionary] = {}
        referenced: set[str] = set()
        for _, cell in cells(table):
            if tag(cell) == "TH":
                if attribute(cell, "/Scope") not in (Name.Row, Name.Column, Name.Both):
                    problems.append(f"table {t}: TH without Scope")
                if "/ID" in cell:
                    ids[str(cell.ID)] = cell
            headers = attribute(cell, "/Headers")
            if headers is not None:
                referenced.update(str(h) for h in headers)  # type: ignore[attr-defined]
            elif tag(cell) == "TD":
                problems.append(f"table {t}: TD without Headers")
        problems += [f"table {t}: Headers names unknown ID {i}" for i in referenced - set(ids)]
        problems += [f"table {t}: TH {i} referenced by no cell" for i in set(ids) - referenced]
        problems += [
            f"table {t}: TH without ID"
            for _, c in cells(table)
            if tag(c) == "TH" and "/ID" not in c
        ]
    return problems


def tables_without_caption(tree: Tree) -> int:
    return sum(not any(tag(k) == "Caption" for k in children(t)) for t in tables(tree))


def links_without_print_flag(pdf: pikepdf.Pdf) -> int:
    count = 0
    for page in pdf.pages:
        for annot in page.get("/Annots") or []:
            if annot.get("/Subtype") == Name.Link and not int(annot.get("/F", 0)) & PRINT_FLAG:
                count += 1
    return count


def figures(tree: Tree) -> list[Dictionary]:
    return [e for e in tree.elements if tag(e) == "Figure"]


def squeeze(text: str) -> str:
    """Text without white space or soft hyphens, to compare across line breaks."""
    return re.sub(r"[\s\u00ad]+", "", text)


def alt_repeating_page_text(tree: Tree, path: Path) -> list[str]:
    """Figure alternative texts that are printed verbatim on the figure's page (the
    caption): a screen reader would read them twice. Page text via pypdf."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    texts: dict[int, str] = {}
    repeated = []
    for figure in figures(tree):
        alt = str(figure.get("/Alt", ""))
        page = tree.page_of(figure)
        if page is None or not alt:
            continue
        if page not in texts:
            texts[page] = squeeze(reader.pages[page].extract_text())
        if squeeze(alt) in texts[page]:
            repeated.append(alt)
    return repeated
