"""HTML → PDF with WeasyPrint: A4, tagged (PDF/UA-1), fonts embedded, text selectable.

The page layout (running headers, page numbers, table of contents with page
numbers through ``target-counter``) lives in the document's own print CSS, so
the same HTML file is the web page and the PDF source. WeasyPrint needs Pango
and a font (Debian: libpango-1.0-0, libpangoft2-1.0-0, fonts-dejavu-core; see
the Makefile's SYSTEM_PACKAGES).
"""

from __future__ import annotations

from pathlib import Path

PDF_VARIANT = "pdf/ua-1"  # tagged PDF with a structure tree, title and language (PDF/UA)


def html_to_pdf(html: str, pdf_path: Path, base_url: str | None = None) -> Path:
    """Write ``html`` as a tagged PDF at ``pdf_path``.

    The HTML must carry ``<html lang>`` and ``<title>``: PDF/UA takes the document's
    language and title from them. ``base_url`` resolves relative links and images.
    """
    from weasyprint import HTML

    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=base_url).write_pdf(
        pdf_path,
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        uncompressed_pdf=False,
    )
    return pdf_path
