"""Synthetic deliveries of the personnel themes (SPEC §3, §5.1), as suppliers send them.

Per year under ``out/<year>/``:

- ``personeel_<year>.csv``: the HR shared service's (P-Direkt) export of all
  ministries, one row per employee per month-end; semicolon, decimal comma,
  UTF-8 with BOM, ``ja``/``nee``, provinces as code or name.
- ``hr_<MINISTRY>_<year>.xlsx``: each ministry's workbook with the sheets
  ``vacatures``, ``uitgaven_personeel``, ``formatie`` and ``banenafspraak_doel``.
- ``tarieven_<year>.xlsx``: BZK's Rijk-wide cost per fte by salary scale.

The rows come from a month-by-month simulation of the workforce calibrated to
published figures (``_people_calibration``): Rijk fte at 31 December, inflow,
mobility, the banenafspraak, women at the top, external hiring. The same seed
gives byte-identical files; ``small`` is about 1/75 of the Rijk.
"""

from __future__ import annotations

from itertools import groupby
from pathlib import Path
from typing import Literal

import numpy as np

from jbr.deliveries.themes import THEMES

from ._people import Workforce
from ._people_calibration import SCALE_FACTOR, YEARS
from ._people_files import PersoneelCsv, write_workbook
from ._people_year import YearSummary, YearThemes

HR_SHEETS = ("vacatures", "uitgaven_personeel", "formatie", "banenafspraak_doel")


def write(out: Path, scale: Literal["small", "full"], seed: int) -> list[Path]:
    """Write the personnel deliveries for 2017–2024 under ``out``; returns the files written."""
    out = Path(out)
    factor = SCALE_FACTOR[scale]
    workforce = Workforce(np.random.default_rng([seed, 1]), factor)
    year_themes = YearThemes(np.random.default_rng([seed, 1, 1]), factor, workforce.lists)
    paths: list[Path] = []
    for year, months in groupby(workforce.months(), key=lambda month: month.peildatum.year):
        if year not in YEARS:
            continue  # the warm-up year is simulated, not delivered
        export = PersoneelCsv(out / str(year) / f"personeel_{year}.csv", workforce.lists)
        summary = YearSummary(year, workforce.lists)
        for month in months:
            export.write(month)
            summary.add(month)
        paths.append(export.close())
        paths += _write_year_files(out, summary, year_themes)
    return paths


def _write_year_files(out: Path, summary: YearSummary, themes: YearThemes) -> list[Path]:
    """The ministries' HR workbooks and the tariff list of one year."""
    year, folder = summary.year, out / str(summary.year)
    per_theme = {
        "vacatures": themes.vacatures(summary),
        "uitgaven_personeel": themes.uitgaven_personeel(summary),
        "formatie": themes.formatie(summary),
        "banenafspraak_doel": themes.banenafspraak_doel(summary),
    }
    paths = [
        write_workbook(
            folder / f"hr_{code}_{year}.xlsx",
            {name: (THEMES[name].column_names, per_theme[name][code]) for name in HR_SHEETS},
        )
        for code in themes.codes(year)
    ]
    tarieven = (THEMES["tarieven"].column_names, themes.tarieven(year))
    paths.append(write_workbook(folder / f"tarieven_{year}.xlsx", {"tarieven": tarieven}))
    return paths
