"""The seal chain: proof that the store's history is append-only (SPEC §3).

Every delivery gets a seal in the transaction that stores it: a SHA-256 over the
previous seal, the delivery's own row in ``deliveries``, its coverage rows, and a
digest of the rows it stored in each theme table. The newest seal is also kept as
``chain_head`` in ``jbr_meta``. ``jbr doctor`` recomputes the chain: a delivery that
was deleted or changed afterwards, a changed coverage count or a changed theme row
breaks it at that delivery.

The row digest is DuckDB's ``hash()`` of every column, summed per delivery modulo
2^64: one cheap scan (a few per cent of a load), insensitive to row order, and
sensitive to duplicates. It is what DuckDB computes, so the DuckDB version that
sealed is recorded; the chain itself is plain SHA-256 over text and does not depend
on it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

import duckdb

from ..deliveries.themes import THEMES
from .columns import LINEAGE_COLUMNS

GENESIS = "0" * 64


def row_hash_sql(theme: str) -> str:
    """SQL: DuckDB's hash of one stored row of ``theme`` (every column, lineage included)."""
    names = [*THEMES[theme].column_names, *(n for n, _ in LINEAGE_COLUMNS)]
    return "hash(" + ", ".join(f'"{n}"' for n in names) + ")"


def content_digest(counts: dict[str, tuple[int, int]]) -> str:
    """``theme:rows:digest`` per theme, sorted: what a delivery stored, as text."""
    return ";".join(f"{t}:{n}:{d:016x}" for t, (n, d) in sorted(counts.items()))


def delivery_digests(
    con: duckdb.DuckDBPyConnection, theme: str, delivery_ids: list[int] | None = None
) -> dict[int, tuple[int, int]]:
    """Per delivery: (rows, digest) of its rows in ``theme``; all deliveries when ids is None."""
    where = ""
    params: list[object] = []
    if delivery_ids is not None:
        where = "WHERE _delivery_id BETWEEN ? AND ?"  # zone maps skip older row groups
        params = [min(delivery_ids), max(delivery_ids)]
    rows = con.execute(
        f"SELECT _delivery_id, count(*), "
        f"CAST(coalesce(sum({row_hash_sql(theme)}), 0) % 18446744073709551616 AS UBIGINT) "
        f'FROM "{theme}" {where} GROUP BY _delivery_id',
        params,
    ).fetchall()
    wanted = None if delivery_ids is None else set(delivery_ids)
    return {d: (n, h) for d, n, h in rows if wanted is None or d in wanted}


def seal_text(previous: str, delivery: tuple, coverage: list[tuple], digest: str) -> str:
    """The next link: SHA-256 over the previous seal and this delivery, canonically written."""
    fields = [v.isoformat() if hasattr(v, "isoformat") else v for v in delivery]
    body = json.dumps([fields, [list(c) for c in coverage], digest], ensure_ascii=False)
    return hashlib.sha256(f"{previous}\n{body}".encode()).hexdigest()


DELIVERY_FIELDS = "delivery_id, file_name, file_hash, supplier, loaded_at, themes, rows"


def _delivery(con: duckdb.DuckDBPyConnection, delivery_id: int) -> tuple | None:
    return con.execute(
        f"SELECT {DELIVERY_FIELDS} FROM deliveries WHERE delivery_id = ?", [delivery_id]
    ).fetchone()


def _coverage(con: duckdb.DuckDBPyConnection, delivery_id: int) -> list[tuple]:
    return con.execute(
        "SELECT theme, ministerie, jaar, rows FROM coverage WHERE delivery_id = ? "
        "ORDER BY theme, ministerie, jaar NULLS FIRST",
        [delivery_id],
    ).fetchall()


def chain_head(con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    """(delivery id, seal) of the newest seal; (0, GENESIS) before the first."""
    found = con.execute("SELECT value FROM jbr_meta WHERE key = 'chain_head'").fetchone()
    if not found:
        return 0, GENESIS
    number, _, seal = found[0].partition(":")
    return int(number), seal


def seal(con: duckdb.DuckDBPyConnection) -> int:
    """Seal every delivery newer than the chain head, in order; returns how many.

    Call inside the transaction that stores the deliveries, just before COMMIT, so a
    delivery and its seal become visible together.
    """
    head_id, previous = chain_head(con)
    new = [
        r[0]
        for r in con.execute(
            "SELECT delivery_id FROM deliveries WHERE delivery_id > ? ORDER BY delivery_id",
            [head_id],
        ).fetchall()
    ]
    if not new:
        return 0
    themes = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT theme FROM coverage WHERE delivery_id >= ?", [new[0]]
        ).fetchall()
    }
    digests = {t: delivery_digests(con, t, new) for t in sorted(themes) if t in THEMES}
    # The new deliveries' rows and coverage in two queries (not two per delivery); each
    # delivery's part equals what _delivery and _coverage, which jbr doctor uses, return.
    rows = {
        r[0]: r
        for r in con.execute(
            f"SELECT {DELIVERY_FIELDS} FROM deliveries WHERE delivery_id >= ?", [new[0]]
        ).fetchall()
    }
    covered: dict[int, list[tuple]] = {}
    for delivery_id, *rest in con.execute(
        "SELECT delivery_id, theme, ministerie, jaar, rows FROM coverage WHERE delivery_id >= ? "
        "ORDER BY delivery_id, theme, ministerie, jaar NULLS FIRST",
        [new[0]],
    ).fetchall():
        covered.setdefault(delivery_id, []).append(tuple(rest))
    seals: list[object] = []
    for delivery_id in new:
        digest = content_digest({t: d[delivery_id] for t, d in digests.items() if delivery_id in d})
        previous = seal_text(previous, rows[delivery_id], covered.get(delivery_id, []), digest)
        seals += [delivery_id, digest, previous]
    for start in range(0, len(new), 500):  # one statement per 500 seals
        part = seals[3 * start : 3 * (start + 500)]
        values = ", ".join(["(?, ?, ?)"] * (len(part) // 3))
        con.execute(f"INSERT INTO delivery_seals VALUES {values}", part)
    _set_meta(con, "chain_head", f"{new[-1]}:{previous}")
    _set_meta(con, "digest_engine", f"duckdb {duckdb.__version__}")
    return len(new)


def _set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute(
        "INSERT INTO jbr_meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


@dataclass
class Link:
    """One delivery as ``jbr doctor`` finds it when it walks the chain."""

    delivery_id: int
    problem: str | None  # None: the seal matches


def verify(con: duckdb.DuckDBPyConnection) -> list[Link]:
    """Recompute the chain; one Link per delivery where it breaks.

    The chain is recomputed over the content digests as stored in the seals, so it
    does not depend on DuckDB's hash; the rows themselves are compared with those
    digests separately (``jbr doctor``'s ``inhoud`` check).
    """
    seals = {
        d: (c, s)
        for d, c, s in con.execute(
            "SELECT delivery_id, content_digest, seal FROM delivery_seals"
        ).fetchall()
    }
    ids = sorted(
        {r[0] for r in con.execute("SELECT delivery_id FROM deliveries").fetchall()} | set(seals)
    )
    head_id, head = chain_head(con)
    broken: list[Link] = []
    previous = GENESIS
    for delivery_id in ids:
        row = _delivery(con, delivery_id)
        if row is None:
            broken.append(Link(delivery_id, "verwijderd"))
            previous = seals[delivery_id][1]
            continue
        if delivery_id not in seals:
            broken.append(Link(delivery_id, "zonder_zegel"))
            continue
        stored_digest, stored_seal = seals[delivery_id]
        expected = seal_text(previous, row, _coverage(con, delivery_id), stored_digest)
        if expected != stored_seal:
            broken.append(Link(delivery_id, "gewijzigd"))
        previous = stored_seal
    last = max(seals, default=0)
    if (last, seals[last][1] if last else GENESIS) != (head_id, head):
        broken.append(Link(head_id, "kop"))
    missing = sorted(set(range(1, max(ids, default=0) + 1)) - set(ids))
    broken += [Link(d, "verwijderd") for d in missing]
    return broken
