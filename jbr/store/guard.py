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

from ..locale import text
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

    @classmethod
    def keyed(cls, key: str, **fields: object) -> StoreError:
        """The error with the catalogue's text ``key`` in Dutch and English."""
        return cls(text(key, "nl", **fields), text(key, "en", **fields))

    def text(self, lang: str = "nl") -> str:
        return {"en": self.en}.get(lang) or str(self)


def lock_timeout() -> float:
    try:
        return max(0.0, float(os.environ.get("JBR_LOCK_TIMEOUT", DEFAULT_LOCK_TIMEOUT)))
    except ValueError:
        return DEFAULT_LOCK_TIMEOUT


def is_lock_error(e: BaseException) -> bool:
    return "could not set lock" in str(e).lower()


def _pid(e: BaseException) -> str | None:
    found = re.search(r"PID (\d+)", str(e))
    return found.group(1) if found else None


def _holder(e: BaseException, lang: str = "nl") -> str:
    """`` (proces 123)`` when DuckDB names the process that holds the store, else empty."""
    pid = _pid(e)
    return text("store.slot.houder", lang, pid=pid) if pid else ""


def _who(e: BaseException, lang: str) -> str:
    """``proces (proces 123)`` / ``process 123``, or just the word without a process id."""
    pid = _pid(e)
    return text("store.slot.wie", lang, pid=pid) if pid else text("store.slot.wie_onbekend", lang)


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
                raise _gave_up(db, e) from e
            if not told and notify is not None:
                notify(text("store.slot.wachten", "nl", db=db, holder=_holder(e)))
                told = True
            time.sleep(READ_POLL if read_only else POLL)


WRITE_FAILURES = (
    # (text in DuckDB's or the OS's message, errno, the reason's key in store.schrijven)
    ("no space left", errno.ENOSPC, "schijf_vol"),
    ("file too large", errno.EFBIG, "te_groot"),
    ("disk quota", errno.EDQUOT, "quotum"),
    ("read-only file system", errno.EROFS, "alleen_lezen"),
    ("permission denied", errno.EACCES, "geen_rechten"),
    ("operation not permitted", errno.EPERM, "geen_rechten"),
)


def _reason(e: BaseException, lang: str = "nl") -> str | None:
    message = str(e).lower()
    code = getattr(e, "errno", None)
    for fragment, number, key in WRITE_FAILURES:
        if fragment in message or code == number:
            return text(f"store.schrijven.{key}", lang)
    return None


def first_line(e: BaseException) -> str:
    lines = str(e).strip().splitlines()
    return lines[0] if lines else type(e).__name__


def in_both(key: str, fields: Callable[[str], dict[str, object]]) -> StoreError:
    """The error with the catalogue's text ``key`` in Dutch and English, its fields filled
    per language by ``fields(lang)``."""
    return StoreError(text(key, "nl", **fields("nl")), text(key, "en", **fields("en")))


def _gave_up(db: Path | str, e: BaseException) -> StoreError:
    """Waited ``lock_timeout`` seconds for the process that holds the store."""
    seconds = f"{lock_timeout():.0f}"
    return in_both(
        "store.slot.opgegeven", lambda lang: {"db": db, "who": _who(e, lang), "seconds": seconds}
    )


def open_error(db: Path | str, e: BaseException) -> StoreError:
    """The store could not be opened: locked, read-only, or not a DuckDB file."""
    error = first_line(e)
    if is_lock_error(e):
        return in_both(
            "store.slot.bezet", lambda lang: {"db": db, "holder": _holder(e, lang), "error": error}
        )
    if "not a valid duckdb database" in str(e).lower():
        return StoreError.keyed("store.openen.geen_store", db=db)
    if _reason(e):
        return in_both(
            "store.openen.niet_schrijven",
            lambda lang: {"db": db, "reason": _reason(e, lang), "error": error},
        )
    return StoreError.keyed("store.openen.mislukt", db=db, error=error)


def write_error(db: Path | str, file: Path, e: BaseException) -> StoreError:
    """Storing ``file`` failed half-way: its transaction is rolled back, say why."""
    return in_both(
        "store.openen.niet_bijgewerkt",
        lambda lang: {
            "db": db,
            "reason": _reason(e, lang) or text("store.schrijven.fout", lang),
            "file": file.name,
            "error": first_line(e),
        },
    )
