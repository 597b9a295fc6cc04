"""What is public (embargo): a year is published by adding a publication row with a
snapshot of its public figures; a correction is the next version, the earlier stays
readable, nothing is ever re-embargoed. A store without publications has **nothing
published** (the safe default)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from ..connection import connect
from ..figure_row import FIGURE_KEYS, SNAPSHOT
from ..insert import insert_columns
from .tables import ensure_access_schema, has_table, read_only


@dataclass(frozen=True)
class Publication:
    year: int
    version: int
    published_at: datetime
    published_by: str
    note: str | None
    figures: int


def publication_rows(con: duckdb.DuckDBPyConnection) -> list[Publication]:
    if not has_table(con, "publications"):
        return []
    rows = con.execute(
        "SELECT year, version, published_at, published_by, note, figures FROM publications "
        "ORDER BY year, version"
    ).fetchall()
    return [Publication(*r) for r in rows]


def publications(db: Path | str) -> list[Publication]:
    """Every publication (each version of each year), oldest first."""
    con = read_only(db)
    if con is None:
        return []
    try:
        return publication_rows(con)
    finally:
        con.close()


def published_years(db: Path | str) -> dict[int, datetime]:
    """Year → when it was first published. Empty for a store without publications."""
    out: dict[int, datetime] = {}
    for p in publications(db):
        out.setdefault(p.year, p.published_at)
    return out


def figure_rows(
    con: duckdb.DuckDBPyConnection,
    year: int | None = None,
    version: int | None = None,
    all_versions: bool = False,
) -> list[dict[str, Any]]:
    """Published figures: of the latest version of each year, or of ``version`` of ``year``
    (``all_versions``: of every version)."""
    if not has_table(con, "published_figures"):
        return []
    where, params = ["true"], []
    if year is not None:
        where.append("f.year = ?")
        params.append(year)
    if version is not None:
        where.append("f.version = ?")
        params.append(version)
    elif not all_versions:
        where.append("f.version = (SELECT max(version) FROM publications p WHERE p.year = f.year)")
    rows = con.execute(
        f"""SELECT {", ".join(FIGURE_KEYS)}, notes, version,
                   {"reason" if _has_reason(con) else "NULL"}
            FROM published_figures f WHERE {" AND ".join(where)}
            ORDER BY year, version, indicator, ministry = 'RIJK' DESC, ministry""",
        params,
    ).fetchall()
    out = []
    n = len(FIGURE_KEYS)
    for r in rows:
        row = dict(zip(FIGURE_KEYS, r[:n], strict=True))
        row["notes"] = json.loads(r[n]) if r[n] else []
        row["version"] = r[n + 1]
        row["reason"] = r[n + 2]
        out.append(row)
    return out


def _has_reason(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the snapshot table has the ``reason`` column (a store opened read-only that
    was made before it has none: its empty figures have no reason)."""
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_columns() "
            "WHERE table_name = 'published_figures' AND column_name = 'reason'"
        ).fetchone()[0]  # type: ignore[index]
    )


def published_figures(
    db: Path | str, year: int, version: int | None = None
) -> list[dict[str, Any]] | None:
    """The public figures of ``year`` (SPEC §2 keys + ``notes``, ``version``); None when the
    year (or that version) is not published."""
    con = read_only(db)
    if con is None:
        return None
    try:
        versions = {p.version for p in publication_rows(con) if p.year == year}
        if not versions or (version is not None and version not in versions):
            return None
        return figure_rows(con, year, version)
    finally:
        con.close()


def publication_snapshots(
    db: Path | str,
) -> tuple[list[Publication], dict[tuple[int, int], list[dict[str, Any]]]]:
    """Every publication and the figures of each (year, version), read in one connection
    (the site model and a server rendering a correction read them all at once)."""
    con = read_only(db)
    if con is None:
        return [], {}
    try:
        found = publication_rows(con)
        figures: dict[tuple[int, int], list[dict[str, Any]]] = {}
        if found:
            for row in figure_rows(con, all_versions=True):
                figures.setdefault((row["year"], row["version"]), []).append(row)
        return found, figures
    finally:
        con.close()


class AlreadyPublished(Exception):
    """A year is published again without a correction note, or with identical figures."""

    def __init__(self, publication: Publication, identical: bool) -> None:
        self.publication = publication
        self.identical = identical
        super().__init__(f"{publication.year} version {publication.version}")


def _comparable(rows: list[dict[str, Any]]) -> set[tuple]:
    """Figures as a set, numbers to 10 significant digits: parallel sums in DuckDB differ in
    the last bits from run to run, which is no correction."""

    def rounded(v: Any) -> Any:
        return float(f"{v:.10g}") if isinstance(v, float) else v

    return {tuple(rounded(r.get(k)) for k in (*FIGURE_KEYS, "reason")) for r in rows}


def snapshot_columns(year: int, version: int, figures: list[dict[str, Any]]) -> dict[str, pa.Array]:
    """The snapshot of ``year`` version ``version`` as columns of ``figure_row.SNAPSHOT``:
    each figure's row, its footnotes as a JSON list and the reason it is empty."""
    own: dict[str, list[Any]] = {
        "year": [year] * len(figures),
        "suppressed": [bool(f["suppressed"]) for f in figures],
        "version": [version] * len(figures),
        "notes": [json.dumps(list(f.get("notes") or []), ensure_ascii=False) for f in figures],
        "reason": [f.get("reason") for f in figures],
    }
    return {
        c.name: pa.array(own[c.name] if c.name in own else [f[c.name] for f in figures], c.arrow)
        for c in SNAPSHOT
    }


def record_publication(
    db: Path | str,
    year: int,
    figures: list[dict[str, Any]],
    published_by: str,
    note: str | None = None,
    now: datetime | None = None,
) -> Publication:
    """Publish ``year``: a new version with this snapshot of its public figures.

    The first publication lifts the embargo. Publishing the same figures again changes
    nothing. Publishing changed figures is a correction: it needs a note saying what changed,
    becomes the next version, and the earlier version stays readable. Nothing is ever
    re-embargoed.
    """
    con = connect(db)
    try:
        ensure_access_schema(con)
        con.execute("BEGIN TRANSACTION")
        try:
            earlier = [p for p in publication_rows(con) if p.year == year]
            if earlier:
                last = earlier[-1]
                if _comparable(figure_rows(con, year, last.version)) == _comparable(figures):
                    raise AlreadyPublished(last, identical=True)
                if not note:
                    raise AlreadyPublished(last, identical=False)
            version = len(earlier) + 1
            at = (now or datetime.now(UTC)).replace(tzinfo=None)
            last_delivery = con.execute("SELECT max(delivery_id) FROM deliveries").fetchone()[0]  # type: ignore[index]
            con.execute(
                "INSERT INTO publications VALUES (?, ?, ?, ?, ?, ?, ?)",
                [year, version, at, published_by, note, last_delivery, len(figures)],
            )
            # One statement for every figure (executemany is one per row: seconds for a
            # year's ~1,500 figures, while a running server waits for the store).
            insert_columns(con, "published_figures", snapshot_columns(year, version, figures))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return Publication(year, version, at, published_by, note, len(figures))
    finally:
        con.close()
