"""A correction as the JBR team receives one, for the build and serve benchmarks.

The Woo requests of one ministry for one year delivered again, with every third request
decided 100 days later: one theme, one ministry, one year (SPEC §3 replacement).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path


def corrected_woo(files: list[Path], work: Path, ministry: str = "FIN", year: int = 2024) -> Path:
    """The corrected copy of ``woo_verzoeken_<ministry>_<year>.csv`` among ``files``."""
    source = next(f for f in files if f.name == f"woo_verzoeken_{ministry}_{year}.csv")
    with source.open(encoding="utf-8-sig", newline="") as f:
        first = f.readline()
        f.seek(0)
        delimiter = ";" if first.count(";") > first.count(",") else ","
        rows = list(csv.reader(f, delimiter=delimiter))
    header, body = rows[0], rows[1:]
    decided = header.index("besluit")
    for i, r in enumerate(body):
        if i % 3 == 0 and r[decided]:
            day = dt.date.fromisoformat(r[decided]) + dt.timedelta(days=100)
            r[decided] = day.isoformat()
    target = work / f"woo_verzoeken_{ministry}_{year}_correctie.csv"
    with target.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator="\n").writerows([header, *body])
    return target
