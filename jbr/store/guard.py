"""Getting at the store file: wait for another process's lock, name what went wrong.

DuckDB lets one process write a database file at a time; a second process that
opens it gets "Could not set lock on file". jbr waits for the other process (a
load is one transaction per file, so the lock is released within minutes) and
gives up after ``JBR_LOCK_TIMEOUT`` seconds with a clear message. Failures to
write (disk full, file too large, read-only file or directory) become one Dutch
sentence that says nothing was stored.
"""

from __future__ import annotations

import errno
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

DEFAULT_LOCK_TIMEOUT = 120.0  # seconds; JBR_LOCK_TIMEOUT overrides (0: do not wait)
POLL = 0.25

# Set by the CLI to tell the user once that jbr is waiting (the store does not print).
notify: Callable[[str], None] | None = None


class StoreError(Exception):
    """The store cannot be opened or written (locked, read-only, disk full)."""


def lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("JBR_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def is_lock_error(e: BaseException) -> bool:
    return "could not set lock" in str(e).lower()


def _holder(e: BaseException) -> str:
    found = re.search(r"PID (\d+)", str(e))
    return f" (proces {found.group(1)})" if found else ""


def attach(con: duckdb.DuckDBPyConnection, db: Path | str, read_only: bool) -> None:
    """ATTACH the store as ``store``; while another process holds it, wait (up to the timeout)."""
    from ..deliveries.read import sql_text

    mode = " (READ_ONLY)" if read_only else ""
    deadline = time.monotonic() + lock_timeout()
    told = False
    while True:
        try:
            con.execute(f"ATTACH {sql_text(str(db))} AS store{mode}")
            return
        except duckdb.Error as e:
            if not is_lock_error(e):
                raise
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"De store {db} is in gebruik door een ander proces{_holder(e)}; na "
                    f"{lock_timeout():.0f} s wachten opgegeven. Er is niets opgeslagen. Probeer "
                    "het opnieuw als dat proces klaar is (of zet JBR_LOCK_TIMEOUT hoger)."
                ) from e
            if not told and notify is not None:
                notify(f"De store {db} is in gebruik door een ander proces{_holder(e)}; wachten…")
                told = True
            time.sleep(POLL)


WRITE_FAILURES = (
    # (text in DuckDB's or the OS's message, errno, Dutch reason)
    ("no space left", errno.ENOSPC, "de schijf is vol"),
    ("file too large", errno.EFBIG, "het bestand mag niet groter worden (schijf vol of quotum)"),
    ("disk quota", errno.EDQUOT, "het schijfquotum is op"),
    ("read-only file system", errno.EROFS, "het bestandssysteem is alleen-lezen"),
    ("permission denied", errno.EACCES, "geen schrijfrechten (alleen-lezen)"),
    ("operation not permitted", errno.EPERM, "geen schrijfrechten (alleen-lezen)"),
)


def _reason(e: BaseException) -> str | None:
    text = str(e).lower()
    code = getattr(e, "errno", None)
    for fragment, number, reason in WRITE_FAILURES:
        if fragment in text or code == number:
            return reason
    return None


def first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


def open_error(db: Path | str, e: BaseException) -> StoreError:
    """The store could not be opened: locked, read-only, or not a DuckDB file."""
    if is_lock_error(e):
        return StoreError(
            f"De store {db} is in gebruik door een ander proces{_holder(e)}; probeer het zo "
            f"opnieuw. ({first_line(e)})"
        )
    reason = _reason(e)
    if reason:
        return StoreError(
            f"De store {db} kan niet worden geopend om te schrijven: {reason}. Er is niets "
            f"opgeslagen. ({first_line(e)})"
        )
    return StoreError(f"De store {db} kan niet worden geopend: {first_line(e)}")


def write_error(db: Path | str, file: Path, e: BaseException) -> StoreError:
    """Storing ``file`` failed half-way: its transaction is rolled back, say why."""
    reason = _reason(e) or "een fout bij het schrijven"
    return StoreError(
        f"De store {db} kan niet worden bijgewerkt: {reason}. Van {file.name} is niets "
        "opgeslagen; eerder in deze opdracht opgeslagen bestanden blijven opgeslagen. Maak "
        f"ruimte of schrijfrechten vrij en laad opnieuw. ({first_line(e)})"
    )
