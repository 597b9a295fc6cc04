"""A small published store for the site and open-data tests, built through the real
load → publish → write_site path (no stubs).

Hand-made deliveries (expected figures in the comments):
- personeel: BZK 30 persons, FIN 20 and AZ 7 at 31 December 2023; in 2024 BZK 31,
  FIN 20, AZ 7. AZ describes fewer than 10 persons: every AZ personnel figure is
  suppressed (published as empty + suppressed=true + '*', never 7).
- ict_projecten 2023: FIN project ``=1+1`` (a formula as an id; it reaches the open
  data and the site's downloads as a breakdown category and must arrive escaped).
"""

from __future__ import annotations

from pathlib import Path

from jbr import api

from .conftest import write_csv

PERSONNEL = "peildatum;medewerker_id;ministerie;fte;provincie;geboortejaar;geslacht;schaal"
ICT = (
    "project_id;ministerie;naam;jaar;begroting_eur;realisatie_eur;"
    "geplande_einddatum;verwachte_einddatum"
)
EMPLOYEE_IDS = [f"EMP{i:05d}" for i in range(200)]  # record-level: must never be published


def personnel_rows(year: int, counts: dict[str, int]) -> list[str]:
    rows, n = [], 0
    for ministry, count in counts.items():
        for _ in range(count):
            sex = "V" if n % 2 else "M"
            rows.append(f"{year}-12-31;{EMPLOYEE_IDS[n]};{ministry};1;PV28;1980;{sex};11")
            n += 1
    return rows


def deliveries(folder: Path, bzk_2023: int = 30) -> list[Path]:
    return [
        write_csv(
            folder / "personeel_2023.csv",
            PERSONNEL,
            personnel_rows(2023, {"BZK": bzk_2023, "FIN": 20, "AZ": 7}),
        ),
        write_csv(
            folder / "personeel_2024.csv",
            PERSONNEL,
            personnel_rows(2024, {"BZK": 31, "FIN": 20, "AZ": 7}),
        ),
        write_csv(
            folder / "ict_projecten_2023.csv",
            ICT,
            [
                "=1+1;FIN;Formule als id;2023;1000000;1500000;2024-12-31;2025-06-30",
                "P2;FIN;Migratie datacentrum;2023;3000000;2700000;2025-01-31;2025-01-31",
            ],
        ),
    ]


def loaded_store(folder: Path) -> Path:
    db = folder / "store.duckdb"
    files = deliveries(folder)
    outcomes = api.load(files, db=db)
    assert [o.status for o in outcomes] == ["stored"] * len(files), [o.problems for o in outcomes]
    return db
