"""What a build into the same folder can leave as it is (issue 19: a correction in seconds).

A build after one corrected delivery changes a few figures. The publications are still
rendered whole (rendering HTML takes little time), but:

- a file is written only when its bytes differ from what is there (``write_if_changed``);
- a PDF is laid out again only when the HTML it is laid out from differs from the one
  the PDF on disk was laid out from, with the same jbr and dependencies, and that PDF
  is still the one laid out then (its digest);
- a report table's CSV/XLSX/ODS are written again only when the table differs;
- a chart's SVG is drawn again only when its specification differs (``svgs``).

The state is ``out/.jbr-cache/outputs.json`` (digests of public content only) and
``charts.json`` (SVGs already public in the report). An entry is dropped before its file
is replaced and written back only once the file is whole, so a build that stops half-way
leaves a state that makes the next build redo what it had not finished. A missing or
unreadable state means doing everything, as a first build does.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

STATE_DIR = ".jbr-cache"
OUTPUTS = "outputs.json"
CHARTS = "charts.json"
FORMAT = 1


def digest(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8") if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()


def file_digest(path: Path) -> str | None:
    try:
        return digest(path.read_bytes())
    except OSError:
        return None


def write_if_changed(path: Path, text: str) -> Path:
    """``path`` with ``text`` (UTF-8), left untouched when it holds exactly that."""
    from .site.write import update_file

    update_file(path, text.encode("utf-8"))
    return path


def _read(path: Path) -> dict[str, Any]:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return found if isinstance(found, dict) and found.get("format") == FORMAT else {}


def _write(path: Path, data: dict[str, Any]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
        partial.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        pass  # the next build does everything again, as without a state


class OutputState:
    """The digests of what the last build into ``out`` laid out and wrote."""

    def __init__(self, out: Path) -> None:
        from ..software import code_fingerprint, dependency_versions

        self.out = out
        self.path = out / STATE_DIR / OUTPUTS
        # the same HTML laid out by another jbr or WeasyPrint may give another PDF
        self.software = digest(
            code_fingerprint(), json.dumps(dependency_versions(), sort_keys=True)
        )
        found = _read(self.path)
        same = found.get("software") == self.software
        self.pdfs: dict[str, dict[str, str]] = dict(found.get("pdfs", {})) if same else {}
        self.tables: dict[str, str] = dict(found.get("tables", {})) if same else {}
        self._pending: dict[str, str] = {}
        charts = _read(out / STATE_DIR / CHARTS)
        self.svgs_before: dict[str, str] = (
            dict(charts.get("svgs", {})) if charts.get("software") == self.software else {}
        )
        self.svgs: dict[str, str] = {}  # this build's, looked up in svgs_before first

    # PDFs ------------------------------------------------------------------------------
    def pdf_current(self, pdf: Path, html: str) -> bool:
        """``pdf`` was laid out from ``html`` by this software and is still that file."""
        entry = self.pdfs.get(pdf.name)
        return (
            entry is not None
            and entry.get("source") == digest(html)
            and entry.get("file") == file_digest(pdf)
        )

    def pdf_started(self, pdf: Path, html: str) -> None:
        """``pdf`` is being laid out from ``html``: unknown until ``save``."""
        self.pdfs.pop(pdf.name, None)
        self._pending[pdf.name] = digest(html)
        self.save()

    # Report tables ---------------------------------------------------------------------
    def table_current(self, name: str, key: str, files: list[Path]) -> bool:
        return self.tables.get(name) == key and all(f.exists() for f in files)

    def table_started(self, name: str) -> None:
        self.tables.pop(name, None)

    def table_written(self, name: str, key: str) -> None:
        self.tables[name] = key

    # -----------------------------------------------------------------------------------
    def save(self, finished: bool = False) -> None:
        """Write the state; ``finished``: every PDF started is whole now."""
        if finished:
            for name, source in self._pending.items():
                made = file_digest(self.out / name)
                if made is not None:
                    self.pdfs[name] = {"source": source, "file": made}
            self._pending.clear()
        data = {"format": FORMAT, "software": self.software, "pdfs": self.pdfs}
        data["tables"] = self.tables
        _write(self.path, data)
        if finished:
            charts = {"format": FORMAT, "software": self.software, "svgs": self.svgs}
            _write(self.out / STATE_DIR / CHARTS, charts)
