"""``jbr woo deadlines``: the Woo requests' deadlines from delivery files, without a store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .intake import expand

if TYPE_CHECKING:
    from ..woo.overview import WooDeadlines


def woo_deadlines(paths: Iterable[Path | str], on: date, lang: str = "nl") -> WooDeadlines:
    """SPEC §2 ``jbr woo deadlines``: every request's deadline, status and penalty as of ``on``.

    Reads ``woo_verzoeken`` and ``woo_opschortingen`` from delivery files of any
    format without a store; files with errors give their problems and no rows.
    Of a directory only the files holding a Woo theme are read.
    """
    import duckdb

    from ..deliveries.read import sheet_themes
    from ..deliveries.validate import check_files
    from ..woo.overview import WOO_THEMES, deadlines_of_checked

    files: list[Path] = []
    for given in map(Path, paths):
        found = expand([given])
        if given.is_dir():
            found = [f for f in found if set(sheet_themes(f)) & WOO_THEMES]
        files += found
    con = duckdb.connect()  # in memory: no store
    read: list = []  # every sheet read: dropped after, with any transcoded copy of a file
    try:
        return deadlines_of_checked(con, check_files(con, files, None, lang, read=read), on, lang)
    finally:
        for sheet in read:
            sheet.drop(con)
        con.close()
