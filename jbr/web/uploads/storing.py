"""Checking an upload in a worker (no lock) and storing what passed under the lock, with the
attempt logged in the store's ``uploads`` table."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ...deliveries.read.sheet import RawSheet
from ...deliveries.themes import THEMES
from ...deliveries.validate import CheckedSheet, errors
from ...sql import sql_text
from ...store.access.tokens import Token
from ...store.access.uploads import record_upload
from ...store.connection import connect
from ...store.load import REJECTED, STORED, LoadOutcome, StoreError, store_checked
from ..gate import StoreGate
from ..worker import Checked, Workers
from .acceptance import own_ministry_only
from .parents import parent_keys, parent_snapshot, parents_mark
from .problems import failure_problem

log = logging.getLogger("jbr.web")

WORK = ".werk"  # the worker's files next to the upload (removed afterwards)
ATTEMPTS = 3  # checks of one file when the parents it used changed meanwhile


@dataclass
class UploadAttempt:
    """One upload being received, with what its log row needs."""

    token: Token
    path: Path
    size: int
    sha256: str
    upload_dir: Path

    def record(self, con: duckdb.DuckDBPyConnection, outcome: LoadOutcome) -> int:
        """Append the attempt to the store's ``uploads`` log; returns its id."""
        stored = outcome.status == STORED
        found = [p for p in outcome.problems if p.is_error]
        return record_upload(
            con,
            token_id=self.token.token_id,
            supplier=self.token.supplier,
            ministerie=self.token.ministerie,
            received_at=datetime.now(UTC).replace(tzinfo=None),
            file_name=self.path.name,
            stored_as=str(self.path.relative_to(self.upload_dir)) if stored else None,
            bytes=self.size,
            sha256=self.sha256,
            status=outcome.status,
            delivery_id=outcome.delivery_id,
            errors=len(found),
            warnings=len(outcome.problems) - len(found),
            problems=[p.as_dict() for p in outcome.problems[:1000]],
        )


def check_and_store(
    gate: StoreGate,
    workers: Workers,
    upload: UploadAttempt,
    theme: str | None,
    lang: str,
    allow_shrink: bool = False,
) -> tuple[LoadOutcome, int | None]:
    """Read and check in a worker (no lock), then store and log under the lock (the upload's
    id, or None when it is still to be logged). A child theme's rows find their parents in
    a snapshot of the store taken first; if those parents changed before the rows are
    stored, the file is checked again."""
    token, path = upload.token, upload.path
    for attempt in range(ATTEMPTS):
        work = path.parent / WORK / str(attempt)
        work.mkdir(parents=True)
        parents, mark = parent_snapshot(gate, token.ministerie, parent_keys(path, theme), work)
        checked = workers.check(path, theme, lang, parents, work)
        if checked.failure is not None:
            log.warning(
                "upload %s by token %s: reading stopped (%s) after %.1f s, %d MB",
                path.name,
                token.token_id,
                checked.failure,
                checked.seconds,
                checked.peak_rss >> 20,
            )
            problem = failure_problem(checked.failure, path.name, workers, lang)
            return LoadOutcome(path, REJECTED, problems=[problem]), None
        if errors(checked.problems) or not checked.sheets:
            return LoadOutcome(path, REJECTED, problems=checked.problems), None
        stored = gate.retry_busy(
            lambda: _store(gate, upload, checked, mark, lang, allow_shrink)  # noqa: B023
        )
        if stored is not None:
            return stored
    raise StoreError("De gegevens veranderden tijdens het controleren; probeer het zo opnieuw.")


def _store(
    gate: StoreGate,
    upload: UploadAttempt,
    checked: Checked,
    mark: int | None,
    lang: str,
    allow_shrink: bool = False,
) -> tuple[LoadOutcome, int] | None:
    """Store what the worker checked and log the attempt (under the lock, one connection);
    None when the parents it used changed since their snapshot."""
    token = upload.token
    con = connect(gate.db)
    try:
        parents = sorted({p for s in checked.sheets for p in THEMES[s["theme"]].parents})
        if parents and mark is not None and parents_mark(con, token.ministerie, parents) != mark:
            return None
        sheets = _checked_sheets(con, upload.path, checked.sheets)
        outcome = store_checked(
            con,
            upload.path,
            upload.sha256,
            sheets,
            token.supplier,
            warnings=checked.problems,
            accept=own_ministry_only(token, lang),
            lang=lang,
            allow_shrink=allow_shrink,
        )
        return outcome, upload.record(con, outcome)
    finally:
        con.close()


def _checked_sheets(
    con: duckdb.DuckDBPyConnection, path: Path, written: list[dict[str, object]]
) -> list[CheckedSheet]:
    """The worker's Parquet files as the typed tables ``store_checked`` expects: one view
    per theme, each sheet its ``_part``."""
    by_theme: dict[str, list[tuple[int, dict[str, object]]]] = {}
    for part, sheet in enumerate(written):
        by_theme.setdefault(str(sheet["theme"]), []).append((part, sheet))
    out = []
    for theme, parts in by_theme.items():
        view = f"_jbr_checked_{theme}"
        union = " UNION ALL ".join(
            f"SELECT *, {part} AS _part FROM read_parquet({sql_text(str(s['file']))})"
            for part, s in parts
        )
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {union}")
        for part, s in parts:
            sheet_name = s["sheet"] if isinstance(s["sheet"], str) else None
            raw = RawSheet(path, sheet_name, THEMES[theme], view)
            typed = f"(SELECT * FROM {view} WHERE _part = {part})"
            out.append(CheckedSheet(raw, typed, int(s["rows"]), view, part))  # type: ignore[call-overload]
    return out


def log_attempt(gate: StoreGate, upload: UploadAttempt, outcome: LoadOutcome) -> int:
    """Log an attempt that did not reach the store step (in a connection of its own)."""
    con = connect(gate.db)
    try:
        return upload.record(con, outcome)
    finally:
        con.close()
