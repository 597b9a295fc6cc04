"""The report's PDF laid out in parts, on both cores, kept per part and joined (issue 19).

WeasyPrint lays a document out on one core, and the report is its longest: ~9 s of a
build, all of it again after a correction that changed one chapter. So the print HTML is
split where it breaks pages anyway (every chapter, annex and the summary starts on a new
page; ``rapport.css``), each piece is laid out as a document of its own, and the pieces
are joined into one PDF:

- **What a piece does not know.** A chapter's layout depends on nothing outside it once
  three things are taken out: the running heads and page numbers (``@page`` margin
  boxes: "12 / 63" needs the pages before it and the total), the table of contents'
  page numbers (``target-counter``) and links into another piece. So the pieces are laid
  out without margin boxes; a *stamp* document, the same ``@page`` rules over empty pages
  that set the same running strings, draws the heads and numbers once the page count is
  known, and its pages are laid over the joined ones. The front (title page and table of
  contents) is laid out last, with the page numbers as text. A link into another piece
  is written as ``jbr-anchor:<id>`` and becomes a link to the named destination when the
  pieces are joined.
- **Kept.** A laid-out piece is kept under the hash of its HTML (``out/.jbr-cache``):
  after a correction only the chapters whose figures changed are laid out again.
- **Two cores.** The pieces go to the PDF worker process in order, longest first; when
  this process has written everything else it takes the pieces the worker has not begun.
- **One PDF.** Joining keeps one tagged PDF: the pages in order, every piece's structure
  elements under one ``Document`` element, the parent tree renumbered, the named
  destinations and element IDs merged and the outline built from every piece's bookmarks
  as WeasyPrint builds it; then ``pdfua.repair`` as for any PDF.

The result is the same for the same HTML whichever pieces were kept (a test compares a
correction's PDF with a full rebuild's, byte for byte), and the pages look as the
document laid out in one piece (compared page by page as images when this was built).
"""

from __future__ import annotations

import functools
import hashlib
import html as html_lib
import io
import json
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .pdfua import WEASYPRINT_OPTIONS

# The report's top-level sections; each starts on a new page (rapport.css).
_SECTION = re.compile(r'<section class="(?:summary|chapter|annex)" id="([^"]+)">')
_END = "</main>"
_H2 = re.compile(r"<h2[^>]*>(.*?)</h2>", re.S)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'href="#([^"]+)"')
_TOC = re.compile(r'<nav class="toc".*?</nav>', re.S)

ELSEWHERE = "jbr-anchor:"  # a link into another piece, until the pieces are joined
STAMP_PREFIX = b"/jbr-stamp-"  # the stamp's resources on a joined page: no piece's name
FORMAT = "1"  # of a kept piece; another value lays every piece out again

# What the pieces leave to the stamp: no margin boxes (they would count the piece's own
# pages), and the table of contents' numbers come as text (``_front_style``).
_PIECE_STYLE = """<style>
@media print { @page {
  @top-left { content: none; } @top-center { content: none; }
  @top-right { content: none; } @bottom-right { content: none; }
} }
</style>"""

# The stamp: the document's own @page rules over empty pages; nothing of the body drawn.
_STAMP_STYLE = """<style>
html, body { background: none !important; }
body::before, body::after { content: none !important; display: none !important; }
div.jbr-stamp { break-before: page; height: 0; margin: 0; padding: 0; }
div.jbr-stamp:first-child { break-before: auto; }
</style>"""


@dataclass(frozen=True)
class Split:
    """The print HTML in the pieces it is laid out in."""

    head: str  # from <!DOCTYPE> to </head>
    front: str  # <body> up to the first section: concept note, title page, contents, <main>
    sections: list[str]  # each top-level <section>…</section>
    tail: str  # </main></body></html>
    ids: list[str]  # each section's id
    titles: list[str]  # each section's <h2> text: its pages' running head
    doctitle: str  # the <h1>: the running head on every page after the first

    def owner(self) -> dict[str, int]:
        """Element id → the piece that holds it (0 the front, 1… the sections)."""
        owner: dict[str, int] = {}
        for n, piece in enumerate([self.front, *self.sections]):
            for name in _ID.findall(piece):
                owner.setdefault(name, n)
        return owner


def split(html: str) -> Split | None:
    """The report's print HTML in pieces; None for HTML of another shape (laid out whole)."""
    body = html.find("<body")
    starts = [m.start() for m in _SECTION.finditer(html)]
    end = html.rfind(_END)
    if body < 0 or not starts or end < starts[-1]:
        return None
    bounds = [*starts, end]
    sections = [html[bounds[i] : bounds[i + 1]] for i in range(len(starts))]
    titles = []
    for section in sections:
        h2 = _H2.search(section)
        if h2 is None:
            return None
        titles.append(_text(h2.group(1)))
    h1 = _H1.search(html, body, starts[0])
    return Split(
        head=html[:body],
        front=html[body : starts[0]],
        sections=sections,
        tail=html[end:],
        ids=[m.group(1) for m in _SECTION.finditer(html)],
        titles=titles,
        doctitle="" if h1 is None else _text(h1.group(1)),
    )


def _text(fragment: str) -> str:
    return " ".join(html_lib.unescape(_TAG.sub("", fragment)).split())


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal."""
    escaped = "".join(c if c.isprintable() and c not in '"\\' else f"\\{ord(c):x} " for c in text)
    return f'"{escaped}"'


def _links_elsewhere(piece: str, n: int, owner: dict[str, int]) -> str:
    """``piece`` with its links into other pieces written as ``jbr-anchor:`` URIs."""

    def swap(m: re.Match[str]) -> str:
        name = m.group(1)
        return m.group(0) if owner.get(name, n) == n else f'href="{ELSEWHERE}{name}"'

    return _HREF.sub(swap, piece)


def section_html(s: Split, n: int, owner: dict[str, int]) -> str:
    """Section ``n`` (0-based) as a document of its own."""
    piece = _links_elsewhere(s.sections[n], n + 1, owner)
    return f"{_with_style(s.head, _PIECE_STYLE)}<body>\n<main>\n{piece}{s.tail}"


def front_html(s: Split, owner: dict[str, int], numbers: dict[str, int]) -> str:
    """The front (concept note, title page, contents) with the contents' page numbers."""
    rules = "\n".join(
        f'nav.toc a[href="{ELSEWHERE}{name}"]::after, nav.toc a[href="#{name}"]::after'
        f' {{ content: leader(".") " " {_css_string(str(page))}; }}'
        for name, page in sorted(numbers.items())
    )
    style = f"{_PIECE_STYLE}\n<style>\n@media print {{\n{rules}\n}}\n</style>"
    # without the opening <main>: empty after the contents' page break, it would make a page
    front = s.front[: s.front.rfind("<main")] if "<main" in s.front else s.front
    return f"{_with_style(s.head, style)}{_links_elsewhere(front, 0, owner)}</body>\n</html>\n"


def stamp_html(s: Split, front_pages: int, section_pages: list[int]) -> str:
    """Empty pages, as many as the joined PDF has, setting the running strings the
    document sets there: the title from the second page on, a section's title on its
    pages."""
    pages: list[str] = []
    title = f"doctitle {_css_string(s.doctitle)}"
    for n in range(front_pages):
        pages.append("" if n == 0 else title)  # the title page sets it (and shows none)
    for heading, count in zip(s.titles, section_pages, strict=True):
        pages += [f"{title}, chapter {_css_string(heading)}"] * count
    divs = "\n".join(
        f'<div class="jbr-stamp" style="string-set: {html_lib.escape(sets)}"></div>'
        if sets
        else '<div class="jbr-stamp"></div>'
        for sets in pages
    )
    return f"{_with_style(s.head, _STAMP_STYLE)}<body>\n{divs}\n</body>\n</html>\n"


def _with_style(head: str, style: str) -> str:
    at = head.rfind("</head>")
    return head[:at] + style + "\n" + head[at:]


# ---------------------------------------------------------------------- laying out


@dataclass
class LaidOut:
    """One piece laid out: its PDF and what joining needs of it."""

    pdf: bytes
    pages: int
    anchors: dict[str, int]  # element id → page (0-based within the piece)
    # (page, level, label, x, y, state): WeasyPrint's bookmarks in PDF coordinates
    bookmarks: list[tuple[int, int, str, float, float, str]] = field(default_factory=list)

    def meta(self) -> dict[str, Any]:
        return {"pages": self.pages, "anchors": self.anchors, "bookmarks": self.bookmarks}


def lay_out(html: str, base_url: str | None) -> LaidOut:
    """``html`` laid out and drawn by WeasyPrint (in the worker or here)."""
    from weasyprint import HTML

    document = HTML(string=html, base_url=base_url).render(**WEASYPRINT_OPTIONS)
    scale = 0.75  # CSS px → PDF points, as WeasyPrint's write_pdf
    anchors: dict[str, int] = {}
    bookmarks = []
    for n, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, n)
        for level, label, (x, y), state in page.bookmarks:
            # as WeasyPrint's make_bookmark_tree(scale, transform_pages=True)
            bookmarks.append((n, level, label, x * scale, (page.height - y) * scale, state))
    data = document.write_pdf(**WEASYPRINT_OPTIONS)
    return LaidOut(data, len(document.pages), anchors, bookmarks)


def timed_lay_out(html: str, base_url: str | None) -> tuple[LaidOut, float]:
    import time

    start = time.perf_counter()
    laid = lay_out(html, base_url)
    return laid, time.perf_counter() - start


def piece_key(html: str) -> str:
    import weasyprint

    digest = hashlib.sha256(f"{FORMAT}\0{weasyprint.__version__}\0".encode())
    digest.update(html.encode("utf-8"))
    return digest.hexdigest()[:32]


class Kept:
    """Laid-out pieces kept between builds in a folder (``out/.jbr-cache/pdf``)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: set[str] = set()

    def get(self, key: str) -> LaidOut | None:
        self.used.add(key)
        if self.folder is None:
            return None
        try:
            meta = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            data = (self.folder / f"{key}.pdf").read_bytes()
        except (OSError, ValueError):
            return None
        bookmarks = [tuple(b) for b in meta["bookmarks"]]
        return LaidOut(data, int(meta["pages"]), dict(meta["anchors"]), bookmarks)  # type: ignore[arg-type]

    def put(self, key: str, laid: LaidOut) -> None:
        from .site.write import replace_file

        self.used.add(key)
        if self.folder is None:
            return
        # the PDF first: a piece whose description exists is whole
        replace_file(self.folder / f"{key}.pdf", laid.pdf)
        replace_file(self.folder / f"{key}.json", json.dumps(laid.meta()).encode("utf-8"))

    def prune(self) -> None:
        """Forget the pieces this build did not use (the folder holds one report)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.iterdir():
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


class Report:
    """The report's PDF in pieces: each section laid out by the worker or this process
    (or kept from the last build), then the front, the stamp and the joining here."""

    def __init__(self, s: Split, target: Path, base_url: str | None, kept: Kept, pool: Any) -> None:
        self.split, self.target, self.base_url, self.kept = s, target, base_url, kept
        self.owner = s.owner()
        self.laid: list[LaidOut | None] = [None] * len(s.sections)
        # the sections to lay out, longest first: the two processes take the longest left
        self.jobs: list[tuple[int, str, str, Any]] = []
        for n in sorted(range(len(s.sections)), key=lambda n: -len(s.sections[n])):
            html = section_html(s, n, self.owner)
            key = piece_key(html)
            self.laid[n] = kept.get(key)
            if self.laid[n] is None:
                future = None if pool is None else pool.submit(timed_lay_out, html, base_url)
                self.jobs.append((n, key, html, future))

    def finish(self, result: Any) -> float:
        """Every section laid out, joined at ``target``; the seconds spent laying out.
        ``result(future, html, base_url)`` is a worker job's (LaidOut, seconds)."""
        seconds = 0.0
        for n, key, html, future in self.jobs:  # what the worker has not begun, here
            if future is None or future.cancel():
                laid, spent = timed_lay_out(html, self.base_url)
                seconds += spent
                self._laid(n, key, laid)
        for n, key, html, future in self.jobs:
            if future is not None and not future.cancelled():
                laid, spent = result(future, html, self.base_url)
                seconds += spent
                self._laid(n, key, laid)
        sections = [laid for laid in self.laid if laid is not None]
        assert len(sections) == len(self.laid)
        front, spent = self._front(sections)
        seconds += spent
        pages = [laid.pages for laid in sections]
        stamp, spent = self._piece(stamp_html(self.split, front.pages, pages))
        seconds += spent
        join(front, sections, stamp, self.target)
        self.kept.prune()
        return seconds

    def _laid(self, n: int, key: str, laid: LaidOut) -> None:
        self.laid[n] = laid
        self.kept.put(key, laid)

    def _piece(self, html: str) -> tuple[LaidOut, float]:
        key = piece_key(html)
        laid = self.kept.get(key)
        if laid is not None:
            return laid, 0.0
        laid, spent = timed_lay_out(html, self.base_url)
        self.kept.put(key, laid)
        return laid, spent

    def _front(self, sections: list[LaidOut]) -> tuple[LaidOut, float]:
        """The front with the contents' page numbers. They depend on the front's own
        length: taken as two pages (title page, contents) and laid out again if it is
        not (a contents page more moves every number by one)."""
        toc = _TOC.search(self.split.front)
        wanted = [] if toc is None else _HREF.findall(toc.group(0))
        seconds, pages = 0.0, 2
        for _ in range(3):
            numbers = page_numbers(pages, sections)
            missing = [name for name in wanted if name not in numbers]
            if missing:
                raise ValueError(f"de inhoudsopgave verwijst naar #{missing[0]}, dat nergens staat")
            front, spent = self._piece(
                front_html(self.split, self.owner, {name: numbers[name] for name in wanted})
            )
            seconds += spent
            if front.pages == pages:
                return front, seconds
            pages = front.pages
        raise ValueError(f"de voorkant van het rapport telt geen vast aantal pagina's ({pages})")


def page_numbers(front_pages: int, sections: list[LaidOut]) -> dict[str, int]:
    """Element id → its page number (1-based) in the joined PDF, the front being
    ``front_pages`` long."""
    numbers: dict[str, int] = {}
    first = front_pages + 1
    for laid in sections:
        for name, page in laid.anchors.items():
            numbers.setdefault(name, first + page)
        first += laid.pages
    return numbers


# ---------------------------------------------------------------------- joining


def join(front: LaidOut, sections: list[LaidOut], stamp: LaidOut, target: Path) -> None:
    """The pieces as one tagged PDF at ``target``, the stamp's heads and numbers laid
    over its pages, repaired as every PDF of jbr (``pdfua.repair``)."""
    import pikepdf

    from .pdfua import repair_open

    pdf = pikepdf.open(io.BytesIO(front.pdf))
    root = pdf.Root.StructTreeRoot
    document = root.K[0]
    nums = root.ParentTree.Nums
    next_key = 1 + max((int(nums[i]) for i in range(0, len(nums), 2)), default=-1)
    names = _name_tree(pdf.Root.Names.Dests) if "/Names" in pdf.Root else {}
    for laid in sections:
        source = pikepdf.open(io.BytesIO(laid.pdf))
        next_key = _append(pdf, source, document, nums, next_key, names)
    _set_names(pdf, names)
    _links_between_pieces(pdf, set(names))
    _outline(pdf, [front, *sections])
    _lay_over(pdf, pikepdf.open(io.BytesIO(stamp.pdf)))
    repair_open(pdf, target)


def _append(pdf: Any, source: Any, document: Any, nums: Any, offset: int, names: dict) -> int:
    """``source``'s pages and structure after ``pdf``'s; the next free parent-tree key."""
    import pikepdf

    tree = source.Root.StructTreeRoot
    source_nums = tree.ParentTree.Nums
    keys = [int(source_nums[i]) for i in range(0, len(source_nums), 2)]
    for page in source.pages:  # renumbered before copying: a copy is taken as it is
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annot in page.obj.get("/Annots") or []:
            if "/StructParent" in annot:
                annot.StructParent = int(annot.StructParent) + offset
    kids = tree.K[0].K
    for kid in kids:
        if isinstance(kid, pikepdf.Dictionary) and "/P" in kid:
            del kid["/P"]  # not up into the piece's own root when copied
    with warnings.catch_warnings():
        # pikepdf warns that named destinations are not copied with pages: join() merges them
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        pdf.pages.extend(source.pages)
    for kid in _copy(pdf, source, pikepdf.Array(kids)):
        if isinstance(kid, pikepdf.Dictionary):
            kid.P = document
        document.K.append(kid)
    values = _copy(pdf, source, pikepdf.Array([source_nums[2 * i + 1] for i in range(len(keys))]))
    for key, value in zip(keys, values, strict=True):
        nums.append(key + offset)
        nums.append(value)
    if "/Names" in source.Root and "/Dests" in source.Root.Names:
        dests = _copy(pdf, source, source.Root.Names.Dests)
        for name, value in _name_tree(dests).items():
            names.setdefault(name, value)
    return offset + (max(keys) + 1 if keys else 0)


def _copy(pdf: Any, source: Any, obj: Any) -> Any:
    """``obj`` of ``source`` copied into ``pdf`` (an object ``source`` holds directly is
    made indirect there first: only those can be copied)."""
    return pdf.copy_foreign(obj if obj.is_indirect else source.make_indirect(obj))


def _name_tree(tree: Any) -> dict[str, Any]:
    """A flat name tree's entries (WeasyPrint writes its destinations flat)."""
    entries = tree.get("/Names") or []
    return {str(entries[i]): entries[i + 1] for i in range(0, len(entries), 2)}


def _set_names(pdf: Any, names: dict[str, Any]) -> None:
    import pikepdf

    flat = pikepdf.Array()
    for name in sorted(names, key=lambda n: n.encode("utf-8")):
        flat.append(pikepdf.String(name))
        flat.append(names[name])
    if "/Names" not in pdf.Root:
        pdf.Root.Names = pikepdf.Dictionary()
    pdf.Root.Names.Dests = pdf.make_indirect(pikepdf.Dictionary(Names=flat))


def _links_between_pieces(pdf: Any, destinations: set[str]) -> None:
    """Every ``jbr-anchor:<id>`` link becomes a link to the named destination ``<id>``."""
    import pikepdf

    for page in pdf.pages:
        for annot in page.obj.get("/Annots") or []:
            action = annot.get("/A")
            uri = None if action is None else action.get("/URI")
            if uri is None or not str(uri).startswith(ELSEWHERE):
                continue
            name = str(uri)[len(ELSEWHERE) :]
            if name not in destinations:
                raise ValueError(f"de PDF verwijst naar #{name}, dat in geen deel staat")
            del annot["/A"]
            annot.Dest = pikepdf.String(name)


def _outline(pdf: Any, pieces: list[LaidOut]) -> None:
    """The outline of the joined pages, built from every piece's bookmarks as WeasyPrint
    builds one document's (``make_page_bookmark_tree``; its levels skip as WeasyPrint's)."""
    import pikepdf
    from weasyprint.anchors import make_page_bookmark_tree
    from weasyprint.matrix import Matrix

    class _Page:  # what make_page_bookmark_tree reads of a page
        def __init__(self) -> None:
            self.bookmarks: list[Any] = []

    pages = [_Page() for _ in range(len(pdf.pages))]
    first = 0
    for piece in pieces:
        for page, level, label, x, y, state in piece.bookmarks:
            pages[first + page].bookmarks.append((level, label, (x, y), state))
        first += piece.pages
    tree: list[Any] = []
    skipped: list[int] = []
    last_by_depth: list[Any] = [tree]
    previous = 0
    identity = Matrix()
    for number, holder in enumerate(pages):
        previous = make_page_bookmark_tree(
            holder, skipped, last_by_depth, previous, number, identity
        )
    if "/Outlines" in pdf.Root:
        del pdf.Root["/Outlines"]
    if not tree:
        return
    outlines = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))

    def add(subtrees: list[Any], parent: Any) -> int:
        count = len(subtrees)
        made: list[Any] = []
        for title, (page, x, y), children, state in subtrees:
            item = pdf.make_indirect(
                pikepdf.Dictionary(
                    Title=pikepdf.String(title),
                    Dest=pikepdf.Array([pdf.pages[page].obj, pikepdf.Name.XYZ, x, y, 0]),
                    Parent=parent,
                )
            )
            below = add(children, item)
            item.Count = -below if state == "closed" else below
            if state != "closed":
                count += below
            if made:
                item.Prev = made[-1]
                made[-1].Next = item
            made.append(item)
        if made:
            parent.First, parent.Last = made[0], made[-1]
        return count

    outlines.Count = add(tree, outlines)
    pdf.Root.Outlines = outlines


def _lay_over(pdf: Any, stamp: Any) -> None:
    """Each stamp page's content (heads and numbers, pagination artifacts after its own
    repair) drawn after the joined page's, with its resources under names of their own."""
    import pikepdf

    from .pdfua import repair_open

    if len(stamp.pages) != len(pdf.pages):
        raise ValueError(f"{len(stamp.pages)} kop- en voetpagina's voor {len(pdf.pages)} pagina's")
    repair_open(stamp, None)
    for page, over in zip(pdf.pages, stamp.pages, strict=True):
        content = b"".join(c.read_bytes() for c in _contents(over.obj))
        resources = over.obj.get("/Resources") or pikepdf.Dictionary()
        own = _dictionary(page.obj.get("/Resources"))
        renamed: dict[bytes, bytes] = {}
        for kind, entries in resources.items():
            if not isinstance(entries, pikepdf.Dictionary):
                continue  # /ProcSet: an obsolete list of names, nothing to draw with
            mine = _dictionary(own.get(kind))
            for name, value in entries.items():
                renamed[name.encode()] = STAMP_PREFIX + name[1:].encode()
                mine[STAMP_PREFIX.decode() + name[1:]] = _copy(pdf, stamp, value)
            own[kind] = mine
        if renamed:  # one pass: a new name is never renamed again
            names = b"|".join(re.escape(n) for n in sorted(renamed, key=len, reverse=True))
            content = re.sub(
                b"(" + names + rb")(?=[\s/<>\[\]()]|$)",
                functools.partial(_renamed, renamed),
                content,
            )
        page.obj.Resources = own
        streams = [
            pdf.make_stream(b"q\n"),
            *_contents(page.obj),
            pdf.make_stream(b"\nQ\n" + content),
        ]
        page.obj.Contents = pikepdf.Array(streams)


def _renamed(renamed: dict[bytes, bytes], m: re.Match[bytes]) -> bytes:
    return renamed[m.group(1)]


def _dictionary(source: Any) -> Any:
    """A new dictionary with the entries of ``source`` (None: empty)."""
    import pikepdf

    fresh = pikepdf.Dictionary()
    for key, value in source.items() if source is not None else []:
        fresh[key] = value
    return fresh


def _contents(page: Any) -> list[Any]:
    import pikepdf

    contents = page.get("/Contents")
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]
