"""An artefact scanner: does a published page show the machine behind it? (SPEC §6 "Readers' words")

``scan_output(out)`` reads every page a reader sees in a build's output folder — the
report, the public version, the letter (HTML and the text of their PDFs), every page of
``site/`` — and the header row of every table download, and returns a ``Finding``
(page, rule, offending text) for each:

- ``indicator-id``   a catalogue id such as ``climate.co2_t``;
- ``file-name``      a file name or source path (``atw_feestdagen.csv``, ``docs/woo.md``);
- ``setting``        an environment variable or command-line option (``JBR_RANDSTAD``);
- ``spec-reference`` a reference to the specification (``SPEC §5.5``, ``§``);
- ``raw-code``       a code where a name belongs: provinces (``PV28``), snake_case codes
                     (``jaarplannen_jaarverslagen``, ``in_gebruik``, ``gas_m3``), statuses
                     (``off_track``; ``met`` as a whole cell on a Dutch page), ``RIJK``,
                     ``BUITENLAND``, ``true``/``false`` as a whole cell;
- ``doubled-unit``   a unit twice (``Aardgasverbruik (m³) (m³)``, ``12 % %``);
- ``literal``        a programming value: ``None``, ``nan``, ``NaN``, ``True``, ``False``,
                     ``null``, ``undefined``, ``inf``;
- ``placeholder``    an unfilled template (``{{ x }}``, ``{year}``, ``%(n)s``, ``TODO``);
- ``magnitude``      a number of a million or more written out in full
                     (``€ 20.691.410.000``, ``723.774.069 kWh``): text says
                     "€ 20,7 miljard", tables use a larger unit (``€ mln``, ``MWh``);
- ``year-notation``  a year written as a quantity (``2.033,0 jaar``);
- ``os-user``        the operating-system account as a name (``Leverancier: root``).

What is scanned is what a reader perceives: text nodes outside ``<script>``/``<style>``,
the ``<title>``, and the attributes read aloud or shown (``alt``, ``title``,
``aria-label``, ``placeholder``, the meta description). Identifiers inside ``href``,
``src``, ``id``, ``class`` and ``data-*`` are the machine's business and not scanned;
so are URLs shown as text (a permanent link names its indicator id by design).
Ministry abbreviations (BZK, FIN, JenV) are names readers know and are not flagged.

Run it by hand on any build: ``python -m tests.artefacts out``.
"""

from __future__ import annotations

import contextlib
import csv
import getpass
import posixpath
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import lxml.etree
import lxml.html

# Attributes whose text a reader sees or hears.
READ_ATTRIBUTES = ("alt", "title", "aria-label", "aria-description", "placeholder")
SKIP_TAGS = {"script", "style", "template", "noscript"}
URL = re.compile(r"(?:https?://|www\.)\S+|(?<![\w.])\.{0,2}/[\w.~%-]+(?:/[\w.~%-]*)+")


@dataclass(frozen=True)
class Finding:
    page: str  # path relative to the output folder; "#page N" for a PDF page
    rule: str
    text: str  # the offending text with some context

    def __str__(self) -> str:
        return f"{self.page}: [{self.rule}] {self.text}"


@cache
def _indicator_pattern() -> re.Pattern[str]:
    from jbr.indicators import catalogue

    prefixes = sorted({i.id.split(".")[0] for i in catalogue()}, key=len, reverse=True)
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, prefixes))})\.[a-z][a-z0-9_]*\b")


FILE_NAME = re.compile(
    r"\b[\w-]+\.(?:csv|xlsx|xls|ods|parquet|json|jsonld|toml|py|md|j2|html?|pdf|duckdb|yaml|yml|txt)\b"
    r"|\b(?:docs|jbr|tests|demo|out|bench)/[\w./-]+",
    re.IGNORECASE,
)
SETTING = re.compile(
    r"\bJBR_[A-Z0-9_]+\b|(?<![\w-])--[a-z][a-z0-9-]+\b"
    r"|\bjbr (?:build|load|publish|serve|demo|validate|indicators|template|woo|token|doctor)\b"
)
SPEC_REFERENCE = re.compile(r"\bSPEC\b|§")
RAW_CODE = re.compile(
    r"\bPV\d{2}\b|\bRIJK\b|\bBUITENLAND\b"
    r"|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"  # snake_case: on_track, in_gebruik, gas_m3, ...
)
UNITS = r"%|TJ|GJ|MJ|PJ|kWh|MWh|GWh|m³|m²|fte|ton|ton CO₂|km|dagen|days|jaar|years?|euro|€"
DOUBLED_UNIT = re.compile(
    rf"\(([^()]{{1,24}})\)\s*\(\1\)|(?<!\w)({UNITS})\s+\2(?!\w)|(?<!\w)(€)\s*€"
)
LITERAL = re.compile(r"\b(?:None(?! of\b)|nan|NaN|NaT|True|False|null|undefined|-?inf)\b")
PLACEHOLDER = re.compile(
    r"\{\{|\}\}|\{%|%\}|\{[a-z_][a-z0-9_]*\}|%\([a-z_]+\)[sdf]|\bTODO\b|\bFIXME\b|\bXXX\b"
    r"|\blorem ipsum\b|<no value>|\?\?\?|\[[a-z][a-z .…]{1,20}\]",  # [naam], [datum]
    re.IGNORECASE,
)
# A million or more in full: 1.234.567 (Dutch) or 1,234,567 (English), also with a decimal.
MAGNITUDE = re.compile(
    r"(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?:,\d+)?(?![\d.,]*\d)"
    r"|(?<![\d.,])\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?(?![\d.,]*\d)"
)
YEAR_NOTATION = re.compile(r"\b[12][.,]\d{3}(?:[.,]\d+)?\s*(?:jaar|year)\b")
# Whole-cell codes: statuses and booleans as the machine writes them.
CELL_CODES = {"on_track", "off_track", "true", "false", "none", "nan"}
CELL_CODES_NL = CELL_CODES | {"met"}  # "met" is English (and a Dutch word), a code in a nl cell
CELL_TAGS = {"td", "th", "dd", "li"}


@cache
def _os_users() -> frozenset[str]:
    users = {"root"}
    with contextlib.suppress(Exception):  # no user name in this environment: root will do
        users.add(getpass.getuser())
    return frozenset(users)


def _context(text: str, start: int, end: int, width: int = 40) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    snippet = " ".join(text[left:right].split())
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")


def scan_cell(text: str, lang: str = "nl") -> list[tuple[str, str]]:
    """Codes that are only codes as a whole table cell or list item: a status (``met`` on a
    Dutch page), a boolean (``true``), the operating-system account (``root``)."""
    return list(_scan_cell(text, lang))


# The site's pages repeat their navigation, headings and cells: each distinct text is
# scanned once (the rules are fixed for a run; the callers get a fresh list).
@cache
def _scan_cell(text: str, lang: str) -> tuple[tuple[str, str], ...]:
    stripped = " ".join(text.split())
    found = []
    if stripped in (CELL_CODES_NL if lang == "nl" else CELL_CODES):
        found.append(("raw-code", stripped))
    if stripped in _os_users():
        found.append(("os-user", stripped))
    return tuple(found)


RULES = (
    ("indicator-id", None),  # built from the catalogue on first use
    ("file-name", FILE_NAME),
    ("setting", SETTING),
    ("spec-reference", SPEC_REFERENCE),
    ("raw-code", RAW_CODE),
    ("doubled-unit", DOUBLED_UNIT),
    ("literal", LITERAL),
    ("placeholder", PLACEHOLDER),
    ("magnitude", MAGNITUDE),
    ("year-notation", YEAR_NOTATION),
)
SUPPLIER = re.compile(r"\b(?:Leverancier|Supplier|[Gg]eleverd door|[Dd]elivered by):?\s+(\S+)")


# Rules that name the machine's identifiers; they do not apply to data as delivered.
IDENTIFIER_RULES = {"indicator-id", "file-name", "raw-code"}
# Rules whose matches are blanked before the next rules run, so that one artefact is
# reported once (``housing.vacant_m2`` is an indicator id, not also a snake_case code).
MASKING_RULES = {"indicator-id", "file-name", "setting"}


def scan_text(text: str, literal: bool = False) -> list[tuple[str, str]]:
    """(rule, offending text in context) for one piece of visible text.

    ``literal``: the text is data as a supplier delivered it (the name of a delivered file
    in the data-quality annex, marked ``data-literal`` in the HTML); identifier rules do not
    apply to it, the others do."""
    return list(_scan_text(text, literal))


@cache
def _scan_text(text: str, literal: bool) -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    plain = URL.sub(" ", text)
    for rule, pattern in RULES:
        matches = list((pattern or _indicator_pattern()).finditer(plain))
        if not matches:
            continue  # most texts: nothing to report or mask
        if not (literal and rule in IDENTIFIER_RULES):
            found += [(rule, _context(plain, m.start(), m.end())) for m in matches]
        if rule in MASKING_RULES:
            for m in matches:
                plain = plain[: m.start()] + " " * (m.end() - m.start()) + plain[m.end() :]
    for m in SUPPLIER.finditer(text):
        if m.group(1).strip(".,;") in _os_users():
            found.append(("os-user", _context(text, m.start(), m.end())))
    return tuple(found)


def _tag(el: object) -> str:
    tag = getattr(el, "tag", None)
    return tag.split("}")[-1].lower() if isinstance(tag, str) else ""


# What the walk does with an element, by lxml's tag (a page has a few dozen distinct
# tags; a comment's or processing instruction's tag is a function): ignore it and its
# tail, skip it with its subtree, read a meta description, read a cell, or read it.
_IGNORE, _SKIP, _META, _CELL, _READ = range(5)
_ROLES: dict[object, int] = {}


def _role(tag: object) -> int:
    name = tag.split("}")[-1].lower() if isinstance(tag, str) else ""  # as _tag does
    role = _READ
    if not name:
        role = _IGNORE
    elif name in SKIP_TAGS:
        role = _SKIP
    elif name == "meta":
        role = _META
    elif name in CELL_TAGS:
        role = _CELL
    _ROLES[tag] = role
    return role


# The attributes that make an element worth a closer look (most elements have none).
_WATCHED = frozenset(READ_ATTRIBUTES) | {"data-literal"}


def _text_content(el: lxml.etree._Element) -> str:
    """lxml.html's text_content() (XPath's string()) for any element: the same libxml2
    function (xmlNodeBufGetContent) without an XPath context, in half the time."""
    return lxml.etree.tostring(el, method="text", encoding=str, with_tail=False)


# libxml2's HTML parser as lxml.html configures it, without lxml.html's element classes,
# which a Python function picks for every element the walk touches (a third of the walk's
# time on the demo), and without the table of ids that only XPath's id() reads; the tree
# is the same.
_PARSER = lxml.etree.HTMLParser(collect_ids=False)


def parse(html: str) -> lxml.etree._Element:
    """The page's tree, as ``lxml.html.document_fromstring`` builds it."""
    return lxml.html.document_fromstring(html, parser=_PARSER)


def visible_texts(html: str | lxml.etree._Element) -> Iterator[tuple[str, str]]:
    """(text, kind) for every piece of text a reader sees or hears on the page; kind is
    ``text``, ``cell`` (the whole text of a table cell or list item) or ``literal`` (inside
    an element marked ``data-literal``: data as delivered)."""
    root = parse(html) if isinstance(html, str) else html
    # One walk in document order. What an element inherits from its ancestors is a set
    # filled when the ancestor is met: the descendants of a SKIP_TAGS element are skipped,
    # those of a data-literal element are literal. The sets hold lxml's proxies alive, so
    # that iter() hands out the same objects.
    skipped: set[object] = set()
    below_literal: set[object] = set()
    for el in root.iter():
        tag = el.tag
        role = _ROLES.get(tag)
        if role is None:
            role = _role(tag)
        if role == _IGNORE or (skipped and el in skipped):
            continue
        if role == _SKIP:
            skipped.update(el.iterdescendants())
            continue
        in_literal = bool(below_literal) and el in below_literal  # the tail's kind
        keys = el.keys()
        watched = bool(keys) and not _WATCHED.isdisjoint(keys)
        literal = in_literal
        if watched and "data-literal" in keys:
            literal = True
            below_literal.update(el.iterdescendants())
        kind = "literal" if literal else "text"
        if role == _META:
            if el.get("name") == "description" and el.get("content"):
                yield el.get("content", ""), "text"
            continue
        if watched:
            for attr in READ_ATTRIBUTES:
                value = el.get(attr)
                if value and not value.isspace():  # value.strip(), without a copy
                    yield value, kind
        text = el.text
        if role == _CELL:
            # text_content(); a cell without child elements (3 in 4) holds its text only
            yield (_text_content(el) if len(el) else text or ""), "cell"
        if text and not text.isspace():
            yield text, kind
        tail = el.tail
        if tail and not tail.isspace():
            yield tail, "literal" if in_literal else "text"


def scan_svg(path: Path, page: str) -> list[Finding]:
    """A chart image of the site: its labels (axis ticks and titles, legend) and title."""
    text = path.read_text(encoding="utf-8")
    wrapped = f"<html><body>{re.sub(r'<[?]xml[^>]*>', '', text)}</body></html>"
    root = parse(wrapped)  # parsed once for both
    out = [Finding(page, "year-notation", t) for t in svg_year_ticks(root)]
    seen: set[tuple[str, str]] = set()
    for piece, kind in visible_texts(root):
        for rule, snippet in scan_text(piece, literal=kind == "literal"):
            if (rule, snippet) not in seen:
                seen.add((rule, snippet))
                out.append(Finding(page, rule, snippet))
    return out


def svg_year_ticks(html: str | lxml.etree._Element) -> Iterator[str]:
    """Axis labels of an inline chart that are years written as quantities ("2.032"): a
    chart whose axis is titled as years and whose labels carry a thousands separator."""
    root = parse(html) if isinstance(html, str) else html
    for svg in root.iter("svg", "{http://www.w3.org/2000/svg}svg"):
        labels = [(t.text or "").strip() for t in svg.iter() if _tag(t) == "text"]
        numeric = [t for t in labels if re.fullmatch(r"\d{1,3}([.,]\d{3})*([.,]\d+)?", t)]
        separated = [t for t in numeric if re.fullmatch(r"[12][.,]\d{3}", t)]
        if separated and {"jaar", "year", "years"} & {t.lower() for t in labels}:
            yield ", ".join(separated)


def scan_html(html: str, page: str, lang: str | None = None) -> list[Finding]:
    if lang is None:
        m = re.search(r"<html[^>]*\blang=\"([a-z]{2})", html)
        lang = m.group(1) if m else "nl"
    root = parse(html)  # parsed once for both
    out: list[Finding] = [Finding(page, "year-notation", t) for t in svg_year_ticks(root)]
    seen: set[tuple[str, str]] = set()
    answers = _ANSWERS.setdefault(lang, {})
    for piece in visible_texts(root):
        found = answers.get(piece)
        if found is None:
            text, kind = piece
            found = (
                _scan_cell(text, lang) if kind == "cell" else _scan_text(text, kind == "literal")
            )
            answers[piece] = found
        for rule, snippet in found:
            if (rule, snippet) not in seen:
                seen.add((rule, snippet))
                out.append(Finding(page, rule, snippet))
    return out


# What scan_html found in a (text, kind) piece, per language: the ~4 million pieces of the
# demo's pages are some 58.000 distinct ones; looked up by the piece itself.
_ANSWERS: dict[str, dict[tuple[str, str], tuple[tuple[str, str], ...]]] = {}


def pdf_pages(path: Path) -> list[str]:
    """The text of each page of a PDF (poppler's pdftotext, which `make setup` installs)."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return text.split("\f")


def scan_pdf(path: Path, page: str) -> list[Finding]:
    out: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for number, text in enumerate(pdf_pages(path), start=1):
        for line in text.splitlines():
            found = scan_text(line)
            if not re.search(r"[a-z]", line):
                # A heading in capitals (CSS text-transform): "RIJK" there is the word Rijk.
                found = [
                    (rule, snippet)
                    for rule, snippet in found
                    if not (rule == "raw-code" and re.search(r"\bRIJK\b", snippet))
                ]
            for rule, snippet in found:
                if (rule, snippet) not in seen:
                    seen.add((rule, snippet))
                    out.append(Finding(f"{page}#page={number}", rule, snippet))
    return out


def download_headers(path: Path) -> list[str]:
    """The header row of a table download (CSV, XLSX or ODS)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            return next(csv.reader(f), [])
    if suffix == ".xlsx":
        try:
            headers = xlsx_headers(path)
        except (KeyError, zipfile.BadZipFile, lxml.etree.XMLSyntaxError):
            headers = None  # a part missing or broken: openpyxl says what it makes of it
        return openpyxl_headers(path) if headers is None else headers
    if suffix == ".ods":
        return ods_headers(path)
    raise ValueError(f"not a table download: {path}")


def openpyxl_headers(path: Path) -> list[str]:
    """The first row of an xlsx file's first worksheet, as openpyxl reads it."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        row = next(book.worksheets[0].iter_rows(max_row=1, values_only=True), ())
        return ["" if v is None else str(v) for v in row]
    finally:
        book.close()


def xlsx_headers(path: Path) -> list[str] | None:
    """``openpyxl_headers`` of a workbook laid out as openpyxl's write-only writer (jbr's)
    lays it out: one worksheet, no stated dimension, a first row of inline strings. None
    for any other layout, which openpyxl then reads.

    openpyxl's read-only loader reads the styles and theme and parses a sheet without a
    stated dimension twice, in Python: some 5 ms a file; libxml2 reads this in a tenth."""
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.xml.constants import (
        CONTYPES_NS,
        PKG_REL_NS,
        REL_NS,
        SHEET_MAIN_NS,
        XLSM,
        XLSX,
        XLTM,
        XLTX,
    )

    main = f"{{{SHEET_MAIN_NS}}}"
    with zipfile.ZipFile(path) as book:
        names = set(book.namelist())
        # the workbook part, as openpyxl finds it: the first Override of a workbook type
        types = lxml.etree.fromstring(book.read("[Content_Types].xml"))
        parts = [
            (o.get("PartName"), o.get("ContentType"))
            for o in types.iter(f"{{{CONTYPES_NS}}}Override")
            if o.get("ContentType") in (XLTM, XLTX, XLSM, XLSX)
        ]
        if parts != [("/xl/workbook.xml", XLSX)]:
            return None
        sheets = list(lxml.etree.fromstring(book.read("xl/workbook.xml")).iter(f"{main}sheet"))
        if len(sheets) != 1 or not sheets[0].get(f"{{{REL_NS}}}id"):
            return None
        if getattr(sheets[0].getparent(), "tag", None) != f"{main}sheets":
            return None
        rels = [
            r
            for r in lxml.etree.fromstring(book.read("xl/_rels/workbook.xml.rels")).iter(
                f"{{{PKG_REL_NS}}}Relationship"
            )
            if r.get("Id") == sheets[0].get(f"{{{REL_NS}}}id")
        ]
        if len(rels) != 1 or rels[0].get("Type") != f"{REL_NS}/worksheet":
            return None
        target = rels[0].get("Target") or ""  # resolved as openpyxl's get_dependents does
        target = target[1:] if target.startswith("/") else posixpath.normpath(f"xl/{target}")
        if rels[0].get("TargetMode") is not None or target not in names:
            return None
        sheet = lxml.etree.fromstring(book.read(target))
    if next(sheet.iter(f"{main}dimension"), None) is not None:
        return None  # openpyxl pads the row to the stated width
    row = next(sheet.iter(f"{main}row"), None)
    if row is None:
        return []
    if row.get("r", "1") != "1" or next(row.iterdescendants(f"{main}row"), None) is not None:
        return None
    cells: list[tuple[int, str]] = []  # (column, value) as openpyxl's parse_cell reads them
    column = 0
    for cell in row:
        if cell.tag != f"{main}c" or cell.get("t") != "inlineStr" or len(cell) > 1:
            return None  # a number, a shared string, a formula, a comment: openpyxl's call
        inline = cell[0] if len(cell) else None  # none: an empty string
        if inline is not None and (
            inline.tag != f"{main}is" or len(inline.attrib) or len(inline) > 1
        ):
            return None
        text = inline[0] if inline is not None and len(inline) else None
        if text is not None and (text.tag != f"{main}t" or len(text)):
            return None  # rich text runs
        coordinate = cell.get("r")
        if coordinate:
            try:
                column = coordinate_to_tuple(coordinate)[1]
            except Exception:
                return None
        else:
            column += 1
        cells.append((column, "" if text is None else text.text or ""))
    if not cells:
        return []
    # openpyxl's row: as wide as its last cell's column, a missing cell is None ("")
    headers = [""] * cells[-1][0]
    for column, value in cells:
        if column <= len(headers):
            headers[column - 1] = value
    return headers


_OFFICE_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def ods_headers(path: Path) -> list[str]:
    """The first row of an ODS file's first sheet, read from its content.xml up to that
    row's end (odfpy's loader builds the whole document: some 14 ms a file)."""
    with zipfile.ZipFile(path) as book, book.open("content.xml") as content:
        for _, row in lxml.etree.iterparse(content, tag=f"{{{_OFFICE_TABLE}}}table-row"):
            return [_cell_text(c) for c in row.iterchildren(f"{{{_OFFICE_TABLE}}}table-cell")]
    return []


def _cell_text(el: lxml.etree._Element) -> str:
    """A cell's text as odfpy's teletype.extractText reads it: <text:s text:c="n"/> is n
    spaces, <text:tab/> a tab, <text:line-break/> a new line."""
    out = [el.text or ""]
    for child in el:
        name = lxml.etree.QName(child).localname if isinstance(child.tag, str) else ""
        if name == "s":
            out.append(" " * int(child.get(f"{{{_OFFICE_TEXT}}}c", "1")))
        elif name == "tab":
            out.append("\t")
        elif name == "line-break":
            out.append("\n")
        elif name:
            out.append(_cell_text(child))
        out.append(child.tail or "")
    return "".join(out)


def scan_download(path: Path, page: str) -> list[Finding]:
    headers = download_headers(path)
    out: list[Finding] = []
    for header in headers:
        found = scan_text(header) + scan_cell(header)
        out += [Finding(page, rule, snippet) for rule, snippet in found]
    if headers and all(re.fullmatch(r"[a-z0-9_]+", h or "") for h in headers):
        out.append(Finding(page, "raw-code", "header row of column codes: " + ", ".join(headers)))
    return out


DOWNLOAD_SUFFIXES = {".csv", ".xlsx", ".ods"}
PUBLICATIONS = ("rapport", "publieksversie", "kamerbrief")


def pages(out: Path) -> Iterator[Path]:
    """Every page of a build a reader sees: publications (HTML, PDF), site pages and their
    chart images, table downloads.

    The open data (``opendata/``) is machine-readable by contract (SPEC §2: ids and codes
    are its keys) and is not a page; its figure URLs are checked by the link checker."""
    for stem in PUBLICATIONS:
        for suffix in (".html", ".pdf"):
            if (out / f"{stem}{suffix}").exists():
                yield out / f"{stem}{suffix}"
    site = out / "site"
    if site.exists():
        yield from sorted(site.rglob("*.html"))
        yield from sorted((site / "assets").rglob("*.svg"))  # the charts the pages show
    for folder in (out / "tabellen", site / "downloads"):
        if folder.exists():
            yield from sorted(
                p for p in folder.rglob("*") if p.is_file() and p.suffix in DOWNLOAD_SUFFIXES
            )


def scan_output(out: Path, paths: Iterable[Path] | None = None) -> list[Finding]:
    """Every finding on every page of the build in ``out``."""
    findings: list[Finding] = []
    for path in pages(out) if paths is None else paths:
        page = str(path.relative_to(out))
        if path.suffix == ".html":
            findings += scan_html(path.read_text(encoding="utf-8"), page)
        elif path.suffix == ".pdf":
            findings += scan_pdf(path, page)
        elif path.suffix == ".svg":
            findings += scan_svg(path, page)
        else:
            findings += scan_download(path, page)
    return findings


def report(findings: list[Finding], limit: int = 60) -> str:
    """Findings grouped by rule, for an assertion message: counts, then the first ``limit``."""
    by_rule: dict[str, int] = {}
    for f in findings:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    head = ", ".join(f"{rule}: {n}" for rule, n in sorted(by_rule.items()))
    lines = [str(f) for f in findings[:limit]]
    more = [f"… and {len(findings) - limit} more"] if len(findings) > limit else []
    return "\n".join([f"{len(findings)} artefacts ({head})", *lines, *more])


if __name__ == "__main__":
    found = scan_output(Path(sys.argv[1] if len(sys.argv) > 1 else "out"))
    print(report(found, limit=int(sys.argv[2]) if len(sys.argv) > 2 else 10_000))
    sys.exit(1 if found else 0)
