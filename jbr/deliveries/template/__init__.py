"""An Excel delivery template per theme (SPEC §2 ``jbr template``), derived from its declaration.

The workbook holds one sheet named after the theme (the sheet the validator
reads), a ``toelichting`` sheet explaining each column and a hidden ``codes``
sheet with the code lists behind the drop-downs. Excel's data validation
catches most mistakes while typing; ``jbr validate`` stays the judge, since
pasted cells bypass Excel's checks.

This module assembles and saves the workbook; ``data_sheet`` (with ``validation``),
``instructions`` (with ``allowed``) and ``codes`` write its sheets.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from ...locale import DEFAULT, LANGUAGES, text
from ..declaration import Theme
from ..themes import THEMES
from .codes import codes_sheet
from .data_sheet import fill_data_sheet
from .instructions import HELP_SHEET, fill_help_sheet

# Fixed timestamps make the same template byte-for-byte identical on every run.
FIXED_TIME = dt.datetime(2024, 1, 1)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def write_template(theme_name: str, out: Path, year: int | None = None, lang: str = "nl") -> Path:
    """Write the empty delivery template of ``theme_name`` to ``out`` (.xlsx); return ``out``.

    ``year`` limits the ministry drop-down to the ministries of that reporting
    year; without it every ministry code ever valid is offered.
    """
    if theme_name not in THEMES:
        raise KeyError(f"unknown theme {theme_name!r}; themes: {', '.join(THEMES)}")
    workbook = build_template(THEMES[theme_name], year, lang)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_deterministic(workbook, out)
    return out


def build_template(theme: Theme, year: int | None = None, lang: str = "nl") -> Workbook:
    """The template as an openpyxl workbook (not yet saved)."""
    lang = lang if lang in LANGUAGES else DEFAULT
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = theme.name
    codes = codes_sheet(workbook, theme, year, lang)
    help_sheet = workbook.create_sheet(HELP_SHEET, index=1)
    fill_data_sheet(sheet, theme, codes, lang)
    fill_help_sheet(help_sheet, theme, codes, year, lang)
    workbook.active = 0
    workbook.properties.creator = "jbr"
    workbook.properties.lastModifiedBy = "jbr"
    workbook.properties.title = text("deliveries.template.title", lang, theme=theme.name)
    workbook.properties.created = FIXED_TIME
    workbook.properties.modified = FIXED_TIME
    return workbook


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose members all carry the same timestamp."""

    def _info(self, arcname: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(arcname, date_time=_ZIP_TIME)
        info.compress_type = self.compression
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):  # type: ignore[override]
        if not isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):  # type: ignore[override]
        # openpyxl streams worksheets through temporary files; keep their content only.
        data = Path(filename).read_bytes()
        self.writestr(self._info(str(arcname or filename)), data, compress_type, compresslevel)


def save_deterministic(workbook: Workbook, out: Path) -> None:
    """Save like ``Workbook.save`` but without the wall clock (openpyxl stamps 'now')."""
    with _FixedTimeZip(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).write_data()
