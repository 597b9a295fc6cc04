"""The file as it arrives: a cap on its size, a harmless name, a type its content matches.

The client's name is reduced to one plain file name (letters, digits, ``._-``, its
extension kept) because SPEC §3 reads a CSV's theme from its name; nothing of it can make
a path. The content must match the extension (xlsx is a zip, Parquet starts and ends with
``PAR1``, CSV is text)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from starlette.exceptions import HTTPException

from ...deliveries.problems import Problem
from ...locale import text
from .problems import portal_problem

PORTAL_SUFFIXES = (".xlsx", ".csv", ".parquet")  # no .xlsm: macros are not accepted online


class TooLarge(HTTPException):
    """A body above the upload limit (an HTTPException, so FastAPI's form parsing passes it
    on instead of answering 400)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(413, too_large_message(limit))


def too_large_message(limit: int, lang: str = "nl") -> str:
    mb = limit / (1024 * 1024)
    size = f"{mb:,.0f} MB".replace(",", ".") if mb >= 1 else f"{limit} bytes"
    return text("portaal.probleem.te_groot", lang, size=size)


MAX_NAME = 120  # characters of a kept file name


def safe_name(client_name: str | None) -> str:
    """One harmless file name from whatever the client sent (``../../x.csv`` → ``x.csv``).

    A long name loses the end of its stem, not its extension: the start names the theme
    (SPEC §3) and the extension the format."""
    name = (client_name or "").replace("\\", "/").split("/")[-1]
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._-")
    stem, dot, suffix = name.rpartition(".")
    if not dot or not stem or len(suffix) > 10:
        stem, suffix = name, ""
    if len(name) > MAX_NAME:
        ext = f".{suffix}" if suffix else ""
        name = stem[: MAX_NAME - len(ext)].rstrip("._-") + ext
    return name or "levering"


def type_problem(path: Path, shown: str, lang: str) -> Problem | None:
    """The extension and the first bytes must agree (no renamed executables or archives)."""
    suffix = path.suffix.lower()
    if suffix not in PORTAL_SUFFIXES:
        named = suffix or text("portaal.probleem.geen_extensie", lang)
        return portal_problem(
            shown,
            "bestandstype_onbekend",
            text("portaal.probleem.type_onbekend", lang, suffix=named),
            text("portaal.advies.type_onbekend", lang),
        )
    with path.open("rb") as f:
        head = f.read(65536)
        tail = b""
        if suffix == ".parquet":
            f.seek(max(0, path.stat().st_size - 4))
            tail = f.read(4)
    if suffix == ".xlsx":
        ok = head.startswith(b"PK\x03\x04")
        kind = text("portaal.probleem.soort.xlsx", lang)
    elif suffix == ".parquet":
        ok = head.startswith(b"PAR1") and tail == b"PAR1"
        kind = text("portaal.probleem.soort.parquet", lang)
    else:
        binary = b"\x00" in head or head.startswith((b"PK\x03\x04", b"PAR1", b"%PDF", b"\x7fELF"))
        ok = not binary
        kind = text("portaal.probleem.soort.csv", lang)
    if ok:
        return None
    return portal_problem(
        shown,
        "bestandstype_onjuist",
        text("portaal.probleem.type_onjuist", lang, suffix=suffix, kind=kind),
        text("portaal.advies.type_onjuist", lang),
    )
