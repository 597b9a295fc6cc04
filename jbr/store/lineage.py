"""The current deliveries of each (theme, ministry, year), as the store stood at a moment.

The figure passport (issue 17) names the deliveries a published figure came from:
those current when its year was published. A publication records the newest delivery
id then (``publications.last_delivery_id``); as deliveries are only ever added, the
current delivery of a combination *as of* that id is the newest one not after it. A
delivery that a later one replaced (before the publication) is never current.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import duckdb

Combination = tuple[str, str, int | None]  # (theme, ministerie, jaar)
OPEN = date(9999, 12, 31)  # a request without a decision: open for ever


@dataclass(frozen=True)
class DeliveryRef:
    """One delivery as it counts for one (theme, ministry, year)."""

    delivery_id: int
    theme: str
    ministry: str
    year: int | None
    version: int  # 1 = the first delivery of this combination, 2 = its first correction, ...
    rows: int
    supplier: str
    loaded_at: datetime
    sha256: str


def current_as_of(
    con: duckdb.DuckDBPyConnection, as_of: int | None = None
) -> dict[Combination, DeliveryRef]:
    """Every (theme, ministry, year) with its current delivery among those up to ``as_of``
    (all when None)."""
    rows = con.execute(
        """SELECT c.theme, c.ministerie, c.jaar, c.delivery_id, c.rows,
                  row_number() OVER (PARTITION BY c.theme, c.ministerie, c.jaar
                                     ORDER BY c.delivery_id) AS version,
                  d.supplier, d.loaded_at, d.file_hash
           FROM coverage c JOIN deliveries d USING (delivery_id)
           WHERE ?::INTEGER IS NULL OR c.delivery_id <= ?
           QUALIFY row_number() OVER (PARTITION BY c.theme, c.ministerie, c.jaar
                                      ORDER BY c.delivery_id DESC) = 1""",
        [as_of, as_of],
    ).fetchall()
    return {
        (t, m, y): DeliveryRef(int(d), t, m, y, int(v), int(n), s, at, h)
        for t, m, y, d, n, v, s, at, h in rows
    }


def open_until(
    con: duckdb.DuckDBPyConnection, current: dict[Combination, DeliveryRef]
) -> dict[tuple[str, int | None], date]:
    """Per (ministry, year) of the current Woo request deliveries: the last day one of its
    requests was open (its latest decision; ``OPEN`` when one has none)."""
    wanted = sorted(r.delivery_id for k, r in current.items() if k[0] == "woo_verzoeken")
    if not wanted:
        return {}
    rows = con.execute(
        """SELECT _ministerie, _jaar, _delivery_id,
                  max(coalesce(CAST(besluit AS DATE), DATE '9999-12-31'))
           FROM woo_verzoeken WHERE _delivery_id IN (SELECT unnest(?::INTEGER[]))
           GROUP BY ALL""",
        [wanted],
    ).fetchall()
    out: dict[tuple[str, int | None], date] = {}
    for ministry, year, delivery_id, last in rows:
        ref = current.get(("woo_verzoeken", ministry, year))
        if ref is not None and ref.delivery_id == delivery_id:
            out[(ministry, year)] = last
    return out


def publication_heads(con: duckdb.DuckDBPyConnection) -> dict[tuple[int, int], int | None]:
    """(year, version) → the newest delivery id when it was published."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'publications'"
    ).fetchone()
    if not found or not found[0]:
        return {}
    return {
        (int(y), int(v)): (int(d) if d is not None else None)
        for y, v, d in con.execute(
            "SELECT year, version, last_delivery_id FROM publications"
        ).fetchall()
    }
