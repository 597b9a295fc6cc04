"""Transactional loading of deliveries into the store (SPEC §3, §7).

A file with any error stores nothing. An identical file that is still current
is a no-op. Otherwise the file becomes a new delivery whose rows supersede,
for computation, exactly the (theme, ministry, year) combinations it covers;
the outcome names each delivery it replaces there, with both row counts, and a
replacement that keeps fewer than half the rows needs ``allow_shrink``
(``history.SHRINK_LIMIT``).

This module decides per file (in batches, as if one by one) what becomes of it;
``replacing`` says what a file would replace, ``insert`` stores the accepted ones and
``connection`` opens the store.
"""

from __future__ import annotations

import contextlib
import getpass
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ..checksum import file_sha256
from ..deliveries.problems import Problem, file_problem
from ..deliveries.read import sheet_themes
from ..deliveries.read.sheet import RawSheet
from ..deliveries.read.sniff import Bytes, scan
from ..deliveries.themes import THEMES, load_order
from ..deliveries.validate import CheckedSheet, check_files, errors
from . import guard
from .connection import con_db, connect
from .guard import StoreError  # noqa: F401  (re-exported: jbr.store.load.StoreError)
from .history import Replacement
from .insert import Coverage, Inserted, Pending, insert_deliveries
from .replacing import current_by_hash, replacements, shrink_refusals

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
    coverage: Coverage = field(default_factory=list)
    # what a stored file replaced, per (theme, ministry, year) an earlier delivery covered;
    # of a file rejected only for shrinking: what it would have replaced
    replaces: list[Replacement] = field(default_factory=list)


# Called once with (0, total, None) and then once per file as its outcome is known.
LoadProgress = Callable[[int, int, "LoadOutcome | None"], None]


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
    # The files are hashed while the store opens (hashlib lets go of the GIL), two at a
    # time; beside its hash, a big CSV's first pass (``sniff.scan``), dropped if the file
    # turns out to be unchanged.
    workers = ThreadPoolExecutor(max_workers=2)
    try:
        hashing = workers.map(_digest, [Path(p) for p in paths])
        ahead = {Path(p): workers.submit(scan, Path(p)) for p in paths if _scan_ahead(Path(p))}
        con = connect(db)
        try:
            digests = list(hashing)
        except BaseException:
            con.close()
            raise
    except BaseException:
        workers.shutdown(cancel_futures=True)
        raise
    try:
        store_parents = {name: f"current_{name}" for name in THEMES}
        outcomes: dict[Path, LoadOutcome] = {}
        order = load_order(list(THEMES))
        files = [
            Pending(
                Path(p),
                digest,
                [theme] if theme else sheet_themes(Path(p)),
                _size(Path(p)),
            )
            for p, digest in zip(paths, digests, strict=True)
        ]
        files.sort(key=lambda f: _rank(f.themes, order))
        current = current_by_hash(con)
        pending: list[Pending] = []

        def flush() -> None:
            nonlocal current
            if not pending:
                return
            read: list[RawSheet] = []
            try:
                scans = {f.path: _scanned(ahead.pop(f.path)) for f in pending if f.path in ahead}
                checked = check_files(
                    con,
                    [f.path for f in pending],
                    theme,
                    lang,
                    store_parents,
                    True,
                    read,
                    scans,
                )
                valid: list[tuple[Pending, list[CheckedSheet]]] = []
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
                plans = replacements(con, valid, stamp.replace(tzinfo=None), allow_shrink)
                kept: list[tuple[Pending, list[CheckedSheet]]] = []
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
                        stored = insert_deliveries(con, valid, supplier_of, stamp)
                    except (duckdb.Error, OSError) as e:  # disk full, read-only: batch not stored
                        raise guard.write_error(db, valid[0][0].path, e) from e
                    for (f, _), done, problems, plan in zip(
                        valid, stored, warnings, kept_plans, strict=True
                    ):
                        outcome = _stored(f.path, done, problems, plan)
                        outcomes[outcome.file] = outcome
                        tick(len(outcomes), total, outcome)
                    current = current_by_hash(con)
            finally:
                for sheet in read:
                    sheet.drop(con)
                pending.clear()

        for f in files:
            if _must_flush(f, pending, current):
                flush()
            if f.digest in current:
                if f.path in ahead:
                    ahead.pop(f.path).cancel()
                outcomes[f.path] = LoadOutcome(f.path, UNCHANGED, current[f.digest])
                tick(len(outcomes), total, outcomes[f.path])
                continue
            pending.append(f)
            if len(pending) >= BATCH_FILES or sum(p.size for p in pending) > BATCH_BYTES:
                flush()
        flush()
        return [outcomes[Path(p)] for p in paths]
    finally:
        workers.shutdown(cancel_futures=True)
        with contextlib.suppress(duckdb.Error):  # committed work is in the WAL already
            con.close()


def _shrink_refused(
    path: Path,
    sheets: list[CheckedSheet],
    problems: list[Problem],
    plan: list[Replacement],
    lang: str,
) -> LoadOutcome:
    """A file refused only because it replaces most rows of an earlier delivery away
    (``replacing.replacements``): one problem per shrinking (theme, ministry, year)."""
    refusals = shrink_refusals(path, sheets, plan, lang)
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
    same rule for replacements as ``load_files`` (``replacing.replacements``: what it replaces
    is in the outcome, and a replacement keeping fewer than half the rows needs
    ``allow_shrink``).
    """
    problems = list(warnings or [])
    if accept is not None:
        problems += accept(con, path, sheets)
    if errors(problems) or not sheets:
        problems = problems or [file_problem(path.name, "geen_gegevens", lang)]
        return LoadOutcome(path, REJECTED, problems=problems)
    current = current_by_hash(con)
    if digest in current:
        return LoadOutcome(path, UNCHANGED, current[digest], problems=problems)
    pending = Pending(path, digest, sorted({s.theme.name for s in sheets}), _size(path))
    stamp = now or datetime.now(UTC)
    [(plan, accepted)] = replacements(
        con, [(pending, sheets)], stamp.replace(tzinfo=None), allow_shrink
    )
    if not accepted:
        return _shrink_refused(path, sheets, problems, plan, lang)
    try:
        [done] = insert_deliveries(con, [(pending, sheets)], lambda _path: supplier, stamp)
    except (duckdb.Error, OSError) as e:  # disk full, read-only: nothing stored
        raise guard.write_error(con_db(con), path, e) from e
    return _stored(path, done, problems, plan)


def _stored(
    path: Path, done: Inserted, problems: list[Problem], plan: list[Replacement]
) -> LoadOutcome:
    return LoadOutcome(
        path, STORED, done.delivery_id, done.rows, problems, done.coverage, replaces=plan
    )


def _must_flush(f: Pending, pending: list[Pending], current: dict[str, int]) -> bool:
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


SCAN_AHEAD_BYTES = 1 << 20  # a CSV this big is scanned beside its hash (load_files)


def _scan_ahead(path: Path) -> bool:
    return path.suffix.lower() in (".csv", ".txt") and _size(path) >= SCAN_AHEAD_BYTES


def _scanned(scanning: Future[Bytes]) -> Bytes | None:
    """The scan made beside the hash; None when it failed (reading reports why)."""
    try:
        return scanning.result()
    except OSError:
        return None


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
