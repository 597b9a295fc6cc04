"""Transactional loading of deliveries into the store (SPEC §3, §7).

A file with any error stores nothing. An identical file that is still current
is a no-op. Otherwise the file becomes a new delivery whose rows supersede,
for computation, exactly the (theme, ministry, year) combinations it covers.
"""

from __future__ import annotations

import contextlib
import getpass
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ..deliveries.problems import Problem, file_problem
from ..deliveries.read import sheet_themes
from ..deliveries.themes import THEMES, load_order
from ..deliveries.validate import CheckedSheet, check_files, errors
from . import access
from .access import StoreError  # noqa: F401  (re-exported: jbr.store.load.StoreError)
from .chain import seal
from .schema import LINEAGE_COLUMNS, ensure_schema

STORED, UNCHANGED, REJECTED = "stored", "unchanged", "rejected"


@dataclass
class LoadOutcome:
    file: Path
    status: str  # stored | unchanged | rejected
    delivery_id: int | None = None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    coverage: list[tuple[str, str, int | None, int]] = field(default_factory=list)


def file_hash(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


def connect(db: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store, creating its schema; lock and permission errors become StoreError.

    While another process holds the store, wait for it (``access.attach``).
    """
    try:
        if not read_only:
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        # Staging (temp tables) in memory, the store attached as the default catalog:
        # typing a file is faster in memory and the store only receives the final rows.
        con = duckdb.connect(":memory:")
        con.execute("SET enable_progress_bar = false")
        access.attach(con, db, read_only)
        con.execute("USE store")
        if not read_only:
            ensure_schema(con)
        return con
    except (duckdb.Error, OSError) as e:
        raise access.open_error(db, e) from e


def _still_current(con: duckdb.DuckDBPyConnection, delivery_id: int) -> bool:
    """True when no later delivery covers any (theme, ministry, year) of this one."""
    superseded = con.execute(
        """SELECT count(*) FROM coverage c JOIN coverage later
             ON later.theme = c.theme AND later.ministerie = c.ministerie
            AND later.jaar IS NOT DISTINCT FROM c.jaar AND later.delivery_id > c.delivery_id
           WHERE c.delivery_id = ?""",
        [delivery_id],
    ).fetchone()[0]  # type: ignore[index]
    return superseded == 0


def _store(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    digest: str,
    supplier: str,
    sheets: list[CheckedSheet],
    now: datetime,
) -> LoadOutcome:
    con.execute("BEGIN TRANSACTION")
    try:
        delivery_id = con.execute(
            "SELECT coalesce(max(delivery_id), 0) + 1 FROM deliveries"
        ).fetchone()[0]  # type: ignore[index]
        total = sum(s.rows for s in sheets)
        con.execute(
            "INSERT INTO deliveries VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                delivery_id,
                path.name,
                digest,
                supplier,
                now,
                ",".join(sorted({s.theme.name for s in sheets})),
                total,
            ],
        )
        coverage: list[tuple[str, str, int | None, int]] = []
        for s in sheets:
            theme = s.theme
            cols = ", ".join(f'"{c}"' for c in theme.column_names)
            lineage = ", ".join(n for n, _ in LINEAGE_COLUMNS)
            con.execute(
                f'INSERT INTO "{theme.name}" ({cols}, {lineage}) '
                f"SELECT {cols}, ? AS _delivery_id, ? AS _sheet, _row, _ministerie, _jaar "
                f"FROM {s.typed}",
                [delivery_id, s.raw.sheet],
            )
            rows = con.execute(
                f"SELECT _ministerie, _jaar, count(*) FROM {s.typed} GROUP BY ALL ORDER BY ALL"
            ).fetchall()
            con.executemany(
                "INSERT INTO coverage VALUES (?, ?, ?, ?, ?)",
                [[delivery_id, theme.name, m, y, n] for m, y, n in rows],
            )
            coverage += [(theme.name, m, y, n) for m, y, n in rows]
        seal(con)  # the append-only proof, committed with the delivery (store/chain.py)
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # after a failed write the rollback may fail too
            con.execute("ROLLBACK")
        raise
    return LoadOutcome(path, STORED, delivery_id, total, coverage=coverage)


def _drop(con: duckdb.DuckDBPyConnection, sheets: list[CheckedSheet]) -> None:
    for s in sheets:
        s.raw.drop(con)


def load_files(
    paths: list[Path],
    db: Path | str,
    supplier: str | None = None,
    theme: str | None = None,
    lang: str = "nl",
    now: datetime | None = None,
) -> list[LoadOutcome]:
    """Validate and store each file; each file is all-or-nothing."""
    supplier = supplier or getpass.getuser()
    con = connect(db)
    try:
        store_parents = {name: f"current_{name}" for name in THEMES}
        outcomes: dict[Path, LoadOutcome] = {}
        # One file at a time keeps memory to one file; parents first so children find them.
        for path in sorted((Path(p) for p in paths), key=lambda p: _rank(p, theme)):
            [(_, sheets, problems)] = check_files(con, [path], theme, lang, store_parents)
            try:
                outcomes[path] = _load_one(con, path, sheets, problems, supplier, lang, now)
            except (duckdb.Error, OSError) as e:  # disk full, read-only: nothing of it stored
                raise access.write_error(db, path, e) from e
            _drop(con, sheets)
        return [outcomes[Path(p)] for p in paths]
    finally:
        with contextlib.suppress(duckdb.Error):  # committed work is in the WAL already
            con.close()


def _rank(path: Path, theme: str | None) -> int:
    """Position of the file's themes in load order (parents first); unknown files last."""
    order = load_order(list(THEMES))
    names = [theme] if theme else sheet_themes(path)
    ranks = [order.index(n) for n in names if n in THEMES]
    return min(ranks) if ranks else len(order)


def _load_one(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    sheets: list[CheckedSheet],
    problems: list[Problem],
    supplier: str,
    lang: str,
    now: datetime | None,
) -> LoadOutcome:
    if errors(problems) or not sheets:
        if not problems:
            problems = [file_problem(path.name, "geen_gegevens", lang)]
        return LoadOutcome(path, REJECTED, problems=problems)
    digest = file_hash(path)
    earlier = con.execute(
        "SELECT max(delivery_id) FROM deliveries WHERE file_hash = ?", [digest]
    ).fetchone()[0]  # type: ignore[index]
    if earlier is not None and _still_current(con, earlier):
        return LoadOutcome(path, UNCHANGED, earlier, problems=problems)
    outcome = _store(con, path, digest, supplier, sheets, now or datetime.now(UTC))
    outcome.problems = problems
    return outcome
