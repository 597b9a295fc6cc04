"""Link annotations of a PDF: every one of them, and ``file:`` links made relative.

WeasyPrint resolves a relative link against the base URL, so a link to ``tabellen/…`` or
``rapport.pdf`` is written as ``file:///…/out/tabellen/…``: a path of the machine that
built it. ``relative_links`` makes links into the PDF's own folder relative again (PDF
32000-1 12.6.4.7: a relative URI resolves against the document's location).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit


def relative_link(uri: str, folder: Path) -> str | None:
    """``uri`` relative to ``folder`` when it is a ``file:`` URI of a file inside it (its
    fragment kept), else None: links elsewhere are left as they are."""
    parts = urlsplit(uri)
    if parts.scheme != "file":
        return None
    target = Path(unquote(parts.path))
    try:
        relative = target.relative_to(folder.resolve())
    except ValueError:
        return None
    return quote(relative.as_posix()) + (f"#{parts.fragment}" if parts.fragment else "")


def relative_links(pdf: Any, folder: Path) -> int:
    """Rewrite every link annotation's ``file:`` URI into ``folder`` as a relative URI."""
    import pikepdf

    count = 0
    for annot in link_annotations(pdf):
        action = annot.get("/A")
        if action is None or action.get("/S") != pikepdf.Name.URI:
            continue
        uri = str(action.URI)
        relative = relative_link(uri, folder)
        if relative is not None:
            action.URI = pikepdf.String(relative)
            if str(annot.get("/Contents", "")) == uri:  # its description (PDF/UA) too
                annot.Contents = pikepdf.String(relative)
            count += 1
    return count


def link_annotations(pdf: Any) -> Iterator[Any]:
    """Every link annotation of every page."""
    import pikepdf

    for page in pdf.pages:
        for annot in page.obj.get("/Annots") or []:
            if annot.get("/Subtype") == pikepdf.Name.Link:
                yield annot
