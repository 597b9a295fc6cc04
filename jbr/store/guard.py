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

from ..sql import sql_text

DEFAULT_LOCK_TIMEOUT = 120.0  # seconds; JBR_LOCK_TIMEOUT overrides (0: do not wait)
POLL = 0.25
# A reader (a running server) waits for a writer's commit, a short transaction: it looks
# again sooner, so that a correction is served within a second of being stored.
READ_POLL = 0.02

# Tells the user once that jbr is waiting for the store (the store itself does not print);
# set with notify_waiting.
notify: Callable[[str], None] | None = None


def notify_waiting(callback: Callable[[str], None] | None) -> None:
    """Where to say that jbr waits for a store another process holds: the CLI passes its
    console at the start of every command; None says nothing."""
    global notify
    notify = callback


class StoreError(Exception):
    """The store cannot be opened or written (locked, read-only, disk full).

    ``str(e)`` is the Dutch message; ``e.text("en")`` the English one where given."""

    def __init__(self, message: str, en: str | None = None) -> None:
        super().__init__(message)
        self.en = en

    def text(self, lang: str = "nl") -> str:
        return self.en if lang == "en" and self.en else str(self)


def lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("JBR_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def is_lock_error(e: BaseException) -> bool:
    return "could not set lock" in str(e).lower()


def _holder(e: BaseException, lang: str = "nl") -> str:
    found = re.search(r"PID (\d+)", str(e))
    word = "process" if lang == "en" else "proces"
    return f" ({word} {found.group(1)})" if found else ""


def attach(con: duckdb.DuckDBPyConnection, db: Path | str, read_only: bool) -> None:
    """ATTACH the store as ``store``; while another process holds it, wait (up to the timeout)."""
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
                    "het opnieuw als dat proces klaar is (of zet JBR_LOCK_TIMEOUT hoger).",
                    f"The store {db} is in use by another {_holder(e, 'en')[2:-1] or 'process'}; "
                    f"gave up after waiting {lock_timeout():.0f} s. Nothing was stored. Try "
                    "again when that process is done (or set JBR_LOCK_TIMEOUT higher).",
                ) from e
            if not told and notify is not None:
                notify(f"De store {db} is in gebruik door een ander proces{_holder(e)}; wachten…")
                told = True
            time.sleep(READ_POLL if read_only else POLL)


WRITE_FAILURES = (
    # (text in DuckDB's or the OS's message, errno, Dutch reason, English reason)
    ("no space left", errno.ENOSPC, "de schijf is vol", "the disk is full"),
    (
        "file too large",
        errno.EFBIG,
        "het bestand mag niet groter worden (schijf vol of quotum)",
        "the file may not grow (disk full or quota)",
    ),
    ("disk quota", errno.EDQUOT, "het schijfquotum is op", "the disk quota is used up"),
    (
        "read-only file system",
        errno.EROFS,
        "het bestandssysteem is alleen-lezen",
        "the file system is read-only",
    ),
    (
        "permission denied",
        errno.EACCES,
        "geen schrijfrechten (alleen-lezen)",
        "no write permission",
    ),
    (
        "operation not permitted",
        errno.EPERM,
        "geen schrijfrechten (alleen-lezen)",
        "no write permission",
    ),
)


def _reason(e: BaseException, lang: str = "nl") -> str | None:
    text = str(e).lower()
    code = getattr(e, "errno", None)
    for fragment, number, reason, reason_en in WRITE_FAILURES:
        if fragment in text or code == number:
            return reason_en if lang == "en" else reason
    return None


def first_line(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    return text[0] if text else type(e).__name__


def open_error(db: Path | str, e: BaseException) -> StoreError:
    """The store could not be opened: locked, read-only, or not a DuckDB file."""
    if is_lock_error(e):
        return StoreError(
            f"De store {db} is in gebruik door een ander proces{_holder(e)}; probeer het zo "
            f"opnieuw. ({first_line(e)})",
            f"The store {db} is in use by another process{_holder(e, 'en')}; try again "
            f"shortly. ({first_line(e)})",
        )
    if "not a valid duckdb database" in str(e).lower():
        return StoreError(
            f"{db} is geen store: het bestand is geen DuckDB-database. Geef met --db (of "
            "$JBR_DB) het .duckdb-bestand dat jbr load of jbr build heeft gemaakt, of een nieuw "
            "pad voor een nieuwe store.",
            f"{db} is not a store: the file is not a DuckDB database. Give with --db (or "
            "$JBR_DB) the .duckdb file that jbr load or jbr build made, or a new path for a new "
            "store.",
        )
    reason = _reason(e)
    if reason:
        return StoreError(
            f"De store {db} kan niet worden geopend om te schrijven: {reason}. Er is niets "
            f"opgeslagen. ({first_line(e)})",
            f"The store {db} cannot be opened for writing: {_reason(e, 'en')}. Nothing was "
            f"stored. ({first_line(e)})",
        )
    return StoreError(
        f"De store {db} kan niet worden geopend: {first_line(e)}",
        f"The store {db} cannot be opened: {first_line(e)}",
    )


def write_error(db: Path | str, file: Path, e: BaseException) -> StoreError:
    """Storing ``file`` failed half-way: its transaction is rolled back, say why."""
    reason = _reason(e) or "een fout bij het schrijven"
    reason_en = _reason(e, "en") or "an error while writing"
    return StoreError(
        f"De store {db} kan niet worden bijgewerkt: {reason}. Van {file.name} is niets "
        "opgeslagen; eerder in deze opdracht opgeslagen bestanden blijven opgeslagen. Maak "
        f"ruimte of schrijfrechten vrij en laad opnieuw. ({first_line(e)})",
        f"The store {db} cannot be updated: {reason_en}. Nothing of {file.name} was stored; "
        "files stored earlier in this command stay stored. Free space or permissions and "
        f"load again. ({first_line(e)})",
    )
