"""Transactional loading of deliveries into the store (SPEC §3, §7).

A file with any error stores nothing. An identical file that is still current
is a no-op. Otherwise the file becomes a new delivery whose rows supersede,
for computation, exactly the (theme, ministry, year) combinations it covers;
the outcome names each delivery it replaces there, with both row counts, and a
replacement that keeps fewer than half the rows needs ``allow_shrink``
(``history.SHRINK_LIMIT``).
"""

from __future__ import annotations

import contextlib
import getpass
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from ..checksum import file_sha256
from ..deliveries.problems import Problem, file_problem
from ..deliveries.read import sheet_themes
from ..deliveries.read.sheet import RawSheet
from ..deliveries.themes import THEMES, load_order
from ..deliveries.validate import CheckedSheet, check_files, errors
from ..sql import sql_text
from . import guard
from .chain import seal
from .columns import LINEAGE_COLUMNS
from .guard import StoreError  # noqa: F401  (re-exported: jbr.store.load.StoreError)
from .history import Combination, Replacement, current_coverage, shrink_problem
from .schema import ensure_schema

STORED, UNCHANGED, REJECTED = "stored", "unchanged", "rejected"

# A caller's own acceptance rule, run on a valid file before it is stored, in the same
# connection (e.g. the upload portal: a supplier delivers only its own ministry's rows).
# Returns problems; any error rejects the file like a validation error.
Acceptance = Callable[[duckdb.DuckDBPyConnection, Path, list[CheckedSheet]], list[Problem]]


@dataclass
class LoadOutcome:
    file: Path
    status: str  # stored | unchanged | rejected
    delivery_id: int | None = None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    coverage: list[tuple[str, str, int | None, int]] = field(default_factory=list)
    # what a stored file replaced, per (theme, ministry, year) an earlier delivery covered;
    # of a file rejected only for shrinking: what it would have replaced
    replaces: list[Replacement] = field(default_factory=list)


# Called once with (0, total, None) and then once per file as its outcome is known.
LoadProgress = Callable[[int, int, "LoadOutcome | None"], None]


def connect(db: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the store, creating its schema; lock and permission errors become StoreError.

    While another process holds the store, wait for it (``guard.attach``).
    """
    try:
        if not read_only:
            Path(db).parent.mkdir(parents=True, exist_ok=True)
        # Staging (temp tables) in memory, the store attached as the default catalog:
        # typing a file is faster in memory and the store only receives the final rows.
        con = duckdb.connect(":memory:")
        con.execute("SET enable_progress_bar = false")
        guard.attach(con, db, read_only)
        con.execute("USE store")
        if not read_only:
            ensure_schema(con)
        return con
    except (duckdb.Error, OSError) as e:
        raise guard.open_error(db, e) from e


def _current_by_hash(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """File hash → its latest delivery, for hashes whose latest delivery is still current.

    Current: no later delivery covers any (theme, ministry, year) of it.
    """
    rows = con.execute(
        """WITH latest AS (SELECT file_hash, max(delivery_id) AS delivery_id
                           FROM deliveries GROUP BY file_hash)
           SELECT l.file_hash, l.delivery_id FROM latest l
           WHERE NOT EXISTS (
               SELECT 1 FROM coverage c JOIN coverage later
                 ON later.theme = c.theme AND later.ministerie = c.ministerie
                AND later.jaar IS NOT DISTINCT FROM c.jaar AND later.delivery_id > c.delivery_id
               WHERE c.delivery_id = l.delivery_id)"""
    ).fetchall()
    return {h: int(d) for h, d in rows}


@dataclass
class _Pending:
    path: Path
    digest: str
    themes: list[str]
    size: int


def _store_batch(
    con: duckdb.DuckDBPyConnection,
    files: list[tuple[_Pending, list[CheckedSheet]]],
    supplier: Callable[[Path], str],
    now: datetime,
) -> list[LoadOutcome]:
    """Store valid files as consecutive deliveries, in one transaction.

    Each file is still all or nothing (its problems were found before); the
    batch is too: a failure (disk full, crash) leaves the store as it was.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        [(first,)] = con.execute(
            "SELECT coalesce(max(delivery_id), 0) + 1 FROM deliveries"
        ).fetchall()
        ids = {f.path: first + i for i, (f, _) in enumerate(files)}
        insert_columns(
            con,
            "deliveries",
            {
                "delivery_id": pa.array([ids[f.path] for f, _ in files], pa.int32()),
                "file_name": [f.path.name for f, _ in files],
                "file_hash": [f.digest for f, _ in files],
                "supplier": [supplier(f.path) for f, _ in files],
                "loaded_at": pa.array([now] * len(files), pa.timestamp("us")),
                "themes": [",".join(sorted({s.theme.name for s in sh})) for _, sh in files],
                "rows": pa.array([sum(s.rows for s in sh) for _, sh in files], pa.int64()),
            },
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _jbr_parts "
            "(part INTEGER, delivery_id INTEGER, sheet VARCHAR)"
        )
        every = [(s, ids[f.path]) for f, sheets in files for s in sheets]
        insert_columns(
            con,
            "_jbr_parts",
            {
                "part": pa.array([s.part for s, _ in every], pa.int32()),
                "delivery_id": pa.array([d for _, d in every], pa.int32()),
                "sheet": pa.array([s.raw.sheet for s, _ in every], pa.string()),
            },
        )
        groups = {s.group: s.theme for _, sheets in files for s in sheets}
        covered: dict[int, list[tuple[str, int | None, int]]] = {}
        lineage = ", ".join(n for n, _ in LINEAGE_COLUMNS)
        for group, theme in groups.items():
            members = [(s, d) for s, d in every if s.group == group]
            cols = ", ".join(f'"{c}"' for c in theme.column_names)
            if len(members) == 1:  # one sheet (e.g. a big file): no join, no reordering
                [(sheet, delivery_id)] = members
                source = (
                    f"SELECT {cols}, {delivery_id} AS delivery_id, "
                    f"{'NULL' if sheet.raw.sheet is None else sql_text(sheet.raw.sheet)} AS sheet, "
                    f"_row, _ministerie, _jaar, _part FROM {group} WHERE _part = {sheet.part}"
                )
            else:
                source = (
                    f"SELECT {cols}, m.delivery_id, m.sheet, _row, _ministerie, _jaar, _part "
                    f"FROM {group} t JOIN _jbr_parts m ON m.part = t._part"
                )
            con.execute(
                f'INSERT INTO "{theme.name}" ({cols}, {lineage}) '
                f"SELECT * EXCLUDE (_part) FROM ({source})"
            )
            rows = [
                (s.part, d, m, y, n)
                for s, d in sorted(members, key=lambda sd: sd[0].part)
                for m, y, n in _covers(con, s)
            ]
            insert_columns(
                con,
                "coverage",
                {
                    "delivery_id": pa.array([r[1] for r in rows], pa.int32()),
                    "theme": [theme.name] * len(rows),
                    "ministerie": pa.array([r[2] for r in rows], pa.string()),
                    "jaar": pa.array([r[3] for r in rows], pa.int32()),
                    "rows": pa.array([r[4] for r in rows], pa.int64()),
                },
            )
            for part, _, m, y, n in rows:
                covered.setdefault(part, []).append((m, y, n))
        seal(con)  # the append-only proof, committed with the delivery (store/chain.py)
        con.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # after a failed write the rollback may fail too
            con.execute("ROLLBACK")
        raise
    return [
        LoadOutcome(
            f.path,
            STORED,
            ids[f.path],
            sum(s.rows for s in sheets),
            coverage=[(s.theme.name, m, y, n) for s in sheets for m, y, n in covered[s.part]],
        )
        for f, sheets in files
    ]


def _covers(
    con: duckdb.DuckDBPyConnection, sheet: CheckedSheet
) -> list[tuple[str, int | None, int]]:
    """The sheet's rows per (ministry, year) in SQL's order: counted by the check, or here
    (a sheet checked in another process, ``store_checked``)."""
    if sheet.coverage is not None:
        return sheet.coverage
    return [
        (m, y, int(n))
        for m, y, n in con.execute(
            f"SELECT _ministerie, _jaar, count(*) FROM {sheet.group} WHERE _part = {sheet.part} "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    ]


def insert_columns(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, object]) -> None:
    """Append rows given as columns, by column name (one statement, unlike executemany's
    one per row)."""
    arrow = pa.table(columns)  # type: ignore[arg-type]
    names = ", ".join(f'"{c}"' for c in columns)
    con.register("_jbr_rows", arrow)
    try:
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _jbr_rows")
    finally:
        con.unregister("_jbr_rows")


BATCH_FILES = 200  # at most this many files are checked and stored together
BATCH_BYTES = 64 * 1024 * 1024  # nor more than this (a bigger file goes alone)


def load_files(
    paths: list[Path],
    db: Path | str,
    supplier: str | Callable[[Path], str] | None = None,
    theme: str | None = None,
    lang: str = "nl",
    now: datetime | None = None,
    accept: Acceptance | None = None,
    allow_shrink: bool = False,
    progress: LoadProgress | None = None,
) -> list[LoadOutcome]:
    """Validate and store each file; each file is all-or-nothing.

    Files are taken in load order (parents first). An identical file whose
    delivery is still current is recognised by its hash before it is read.
    The others are checked and stored in batches: the result is the same as
    loading them one by one (see ``_must_flush``), at a fraction of the cost.
    A file that would replace a (theme, ministry, year) with fewer than half its
    rows is rejected unless ``allow_shrink`` (SPEC §7: corrections are explicit).
    """
    named = supplier or getpass.getuser()
    supplier_of: Callable[[Path], str] = (
        named if callable(named) else lambda _path: str(named)
    )  # a name for all files, or one per file (the demo's shared services)
    total = len(paths)
    tick = progress or (lambda _done, _total, _outcome: None)
    tick(0, total, None)
    # The files are hashed while the store opens (hashlib lets go of the GIL), two at a time.
    with ThreadPoolExecutor(max_workers=2) as hashers:
        hashing = hashers.map(_digest, [Path(p) for p in paths])
        con = connect(db)
        try:
            digests = list(hashing)
        except BaseException:
            con.close()
            raise
    try:
        store_parents = {name: f"current_{name}" for name in THEMES}
        outcomes: dict[Path, LoadOutcome] = {}
        order = load_order(list(THEMES))
        files = [
            _Pending(
                Path(p),
                digest,
                [theme] if theme else sheet_themes(Path(p)),
                _size(Path(p)),
            )
            for p, digest in zip(paths, digests, strict=True)
        ]
        files.sort(key=lambda f: _rank(f.themes, order))
        current = _current_by_hash(con)
        pending: list[_Pending] = []

        def flush() -> None:
            nonlocal current
            if not pending:
                return
            read: list[RawSheet] = []
            try:
                checked = check_files(
                    con, [f.path for f in pending], theme, lang, store_parents, True, read
                )
                valid: list[tuple[_Pending, list[CheckedSheet]]] = []
                warnings: list[list[Problem]] = []
                for f, (_, sheets, problems) in zip(pending, checked, strict=True):
                    if accept is not None and sheets and not errors(problems):
                        problems = problems + accept(con, f.path, sheets)
                    if errors(problems) or not sheets:
                        problems = problems or [file_problem(f.path.name, "geen_gegevens", lang)]
                        outcomes[f.path] = LoadOutcome(f.path, REJECTED, problems=problems)
                        tick(len(outcomes), total, outcomes[f.path])
                    else:
                        valid.append((f, sheets))
                        warnings.append(problems)
                stamp = now or datetime.now(UTC)
                plans = _replacements(con, valid, stamp.replace(tzinfo=None), allow_shrink)
                kept: list[tuple[_Pending, list[CheckedSheet]]] = []
                kept_warnings: list[list[Problem]] = []
                kept_plans: list[list[Replacement]] = []
                for (f, sheets), problems, (plan, accepted) in zip(
                    valid, warnings, plans, strict=True
                ):
                    if accepted:
                        kept.append((f, sheets))
                        kept_warnings.append(problems)
                        kept_plans.append(plan)
                        continue
                    outcomes[f.path] = _shrink_refused(f.path, sheets, problems, plan, lang)
                    tick(len(outcomes), total, outcomes[f.path])
                valid, warnings = kept, kept_warnings
                if valid:
                    try:
                        stored = _store_batch(con, valid, supplier_of, stamp)
                    except (duckdb.Error, OSError) as e:  # disk full, read-only: batch not stored
                        raise guard.write_error(db, valid[0][0].path, e) from e
                    for outcome, problems, plan in zip(stored, warnings, kept_plans, strict=True):
                        outcome.problems = problems
                        outcome.replaces = plan
                        outcomes[outcome.file] = outcome
                        tick(len(outcomes), total, outcome)
                    current = _current_by_hash(con)
            finally:
                for sheet in read:
                    sheet.drop(con)
                pending.clear()

        for f in files:
            if _must_flush(f, pending, current):
                flush()
            if f.digest in current:
                outcomes[f.path] = LoadOutcome(f.path, UNCHANGED, current[f.digest])
                tick(len(outcomes), total, outcomes[f.path])
                continue
            pending.append(f)
            if len(pending) >= BATCH_FILES or sum(p.size for p in pending) > BATCH_BYTES:
                flush()
        flush()
        return [outcomes[Path(p)] for p in paths]
    finally:
        with contextlib.suppress(duckdb.Error):  # committed work is in the WAL already
            con.close()


def _replacements(
    con: duckdb.DuckDBPyConnection,
    files: list[tuple[_Pending, list[CheckedSheet]]],
    now: datetime,
    allow_shrink: bool,
) -> list[tuple[list[Replacement], bool]]:
    """Per file (in order): what it replaces, and whether it may (shrinks only if allowed).

    As if loaded one by one: a file may replace one accepted before it in the same
    batch, under the id that file will get (``_store_batch`` numbers the accepted files
    consecutively from the next free id; this connection is the only writer).
    """
    themes = {s.theme.name for _, sheets in files for s in sheets}
    state = current_coverage(con, themes)
    [(next_id,)] = con.execute(
        "SELECT coalesce(max(delivery_id), 0) + 1 FROM deliveries"
    ).fetchall()
    # what each sheet covers (counted when it was checked)
    by_part = {(s.group, s.part): _covers(con, s) for _, sheets in files for s in sheets}
    plans: list[tuple[list[Replacement], bool]] = []
    for f, sheets in files:
        covers: dict[Combination, int] = {}
        for s in sheets:
            for m, y, n in by_part.get((s.group, s.part), []):
                key = (s.theme.name, m, y)
                covers[key] = covers.get(key, 0) + n
        plan = []
        for (t, m, y), n in sorted(covers.items(), key=lambda kv: repr(kv[0])):
            if (t, m, y) in state:
                d, before, at, name = state[(t, m, y)]
                plan.append(Replacement(t, m, y, d, at, name, before, n))
        ok = allow_shrink or not any(r.shrinks for r in plan)
        if ok:
            for key, n in covers.items():
                state[key] = (next_id, n, now, f.path.name)
            next_id += 1
        plans.append((plan, ok))
    return plans


def _shrink_refused(
    path: Path,
    sheets: list[CheckedSheet],
    problems: list[Problem],
    plan: list[Replacement],
    lang: str,
) -> LoadOutcome:
    """A file refused only because it replaces most rows of an earlier delivery away
    (``_replacements``): one problem per shrinking (theme, ministry, year)."""
    sheet_of = {s.theme.name: s.raw.sheet for s in sheets}
    refusals = [
        shrink_problem(path.name, sheet_of.get(r.theme), r, lang) for r in plan if r.shrinks
    ]
    return LoadOutcome(path, REJECTED, problems=problems + refusals, replaces=plan)


def store_checked(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    digest: str,
    sheets: list[CheckedSheet],
    supplier: str,
    warnings: list[Problem] | None = None,
    accept: Acceptance | None = None,
    lang: str = "nl",
    now: datetime | None = None,
    allow_shrink: bool = False,
) -> LoadOutcome:
    """Store one file that was read and checked elsewhere (the upload portal's worker
    process), its typed ``sheets`` readable in ``con``: ``load_files`` without the reading.

    ``accept`` runs first, also for a file identical to a current delivery, so an
    acceptance rule (the portal's own-ministry rule) holds for every file; then an
    identical current file is unchanged; else the file becomes a new delivery, under the
    same rule for replacements as ``load_files`` (``_replacements``: what it replaces is
    in the outcome, and a replacement keeping fewer than half the rows needs
    ``allow_shrink``).
    """
    problems = list(warnings or [])
    if accept is not None:
        problems += accept(con, path, sheets)
    if errors(problems) or not sheets:
        problems = problems or [file_problem(path.name, "geen_gegevens", lang)]
        return LoadOutcome(path, REJECTED, problems=problems)
    current = _current_by_hash(con)
    if digest in current:
        return LoadOutcome(path, UNCHANGED, current[digest], problems=problems)
    pending = _Pending(path, digest, sorted({s.theme.name for s in sheets}), _size(path))
    stamp = now or datetime.now(UTC)
    [(plan, accepted)] = _replacements(
        con, [(pending, sheets)], stamp.replace(tzinfo=None), allow_shrink
    )
    if not accepted:
        return _shrink_refused(path, sheets, problems, plan, lang)
    try:
        [outcome] = _store_batch(con, [(pending, sheets)], lambda _path: supplier, stamp)
    except (duckdb.Error, OSError) as e:  # disk full, read-only: nothing stored
        raise guard.write_error(con_db(con), path, e) from e
    outcome.problems = problems
    outcome.replaces = plan
    return outcome


def con_db(con: duckdb.DuckDBPyConnection) -> str:
    """The store file ``con`` has attached (for messages)."""
    found = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = 'store'"
    ).fetchone()
    return str(found[0]) if found else "store"


def _must_flush(f: _Pending, pending: list[_Pending], current: dict[str, int]) -> bool:
    """Store what is pending before ``f`` whenever loading one by one could differ.

    - ``f`` may be identical to a stored delivery (or a pending file): whether it
      is unchanged depends on what the pending files supersede.
    - ``f`` holds a child theme whose parent theme a pending file holds: one by
      one, ``f`` would find that parent in the store.
    - the batch would grow too big for memory.
    """
    if not pending:
        return False
    if f.digest in current or any(p.digest == f.digest for p in pending):
        return True
    if sum(p.size for p in pending) + f.size > BATCH_BYTES:
        return True
    wanted = {parent for name in f.themes if name in THEMES for parent in THEMES[name].parents}
    return any(set(p.themes) & wanted for p in pending)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _digest(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError:
        return ""  # unreadable: reading the file reports why


def _rank(themes: list[str], order: list[str]) -> int:
    """Position of the file's themes in load order (parents first); unknown files last."""
    ranks = [order.index(n) for n in themes if n in THEMES]
    return min(ranks) if ranks else len(order)
