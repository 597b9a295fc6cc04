"""What is public: the store's publication snapshots (``jbr publish --year Y``,
``jbr.store.access``) as numbered releases, each year's figures per year version.

The open data (``opendata/``), its DCAT record (``dcat.py``) and the site (``site/``)
are all written from one ``Published``; a year that was never published is in none of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..indicators import IndicatorValue, by_id


@dataclass(frozen=True)
class Release:
    """One publication event: version ``number`` of the open-data set."""

    number: int
    year: int  # the year published (or corrected)
    year_version: int  # 1 = first publication of the year, > 1 = a correction
    published_at: datetime
    note: str = ""

    @property
    def correction(self) -> bool:
        return self.year_version > 1

    @property
    def day(self) -> str:
        return self.published_at.date().isoformat()


@dataclass
class Published:
    """Everything public: the releases in order, and each year's figures per year version."""

    releases: list[Release]
    figures: dict[int, dict[int, list[IndicatorValue]]] = field(default_factory=dict)
    # the figure passports' deliveries and software (passport.Provenance), from the store
    provenance: Any = None

    @property
    def version(self) -> int:
        return self.releases[-1].number if self.releases else 0

    def as_of(self, number: int | None = None) -> dict[int, list[IndicatorValue]]:
        """Each published year's figures as they stood after release ``number`` (default: now)."""
        latest: dict[int, int] = {}
        for r in self.releases:
            if number is None or r.number <= number:
                latest[r.year] = max(latest.get(r.year, 0), r.year_version)
        return {y: self.figures[y][v] for y, v in sorted(latest.items())}

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.releases})

    def corrections(self, year: int) -> list[Release]:
        return [r for r in self.releases if r.year == year and r.correction]


@lru_cache(maxsize=1 << 14)
def split_figure_id(figure_id: str) -> tuple[str, str | None]:
    """``organisation.fte_by_province.PV28`` → (catalogue id, category); ids contain dots,
    so the longest catalogue id that the figure id starts with wins."""
    known = by_id()
    if figure_id in known:
        return figure_id, None
    prefixes = [i for i in known if figure_id.startswith(i + ".")]
    if not prefixes:
        raise ValueError(f"figure {figure_id!r} belongs to no indicator in the catalogue")
    indicator = max(prefixes, key=len)
    return indicator, figure_id[len(indicator) + 1 :]


def value_from_row(row: dict[str, Any]) -> IndicatorValue:
    """A published snapshot row (SPEC §2's keys, public view) as an ``IndicatorValue``."""
    indicator, breakdown = split_figure_id(row["indicator"])
    suppressed = bool(row["suppressed"])
    return IndicatorValue(
        indicator=indicator,
        year=int(row["year"]),
        ministry=row["ministry"],
        value=None if suppressed or row["value"] is None else float(row["value"]),
        unit=row["unit"],
        target=None if row.get("target") is None else float(row["target"]),
        status=None if suppressed else row.get("status"),
        suppressed=suppressed,
        notes=tuple(row.get("notes") or ()),
        breakdown=breakdown,
        reason=row.get("reason"),
    )


def from_store(db: Path | str) -> Published:
    """The publication snapshots of the store (jbr.store.access); none → nothing public."""
    from ..store.access.published import publication_snapshots

    found, snapshots = publication_snapshots(db)
    events = sorted(found, key=lambda p: (p.published_at, p.year, p.version))
    releases = [
        Release(n, p.year, p.version, p.published_at, p.note or "")
        for n, p in enumerate(events, start=1)
    ]
    figures: dict[int, dict[int, list[IndicatorValue]]] = {}
    for r in releases:
        rows = snapshots.get((r.year, r.year_version), [])
        values = [value_from_row(x) for x in rows]
        figures.setdefault(r.year, {})[r.year_version] = [v for v in values if _published(v)]
    from .passport import read_provenance

    latest = {r.year: r.year_version for r in sorted(releases, key=lambda r: r.year_version)}
    return Published(releases, figures, read_provenance(db, latest))


def _published(v: IndicatorValue) -> bool:
    """Data-quality counters stay in the report's annex (a snapshot may still hold them)."""
    return not by_id()[v.indicator].quality
