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
    if lang == "en":
        return f"The file is too large: at most {size}. Split it or deliver it as Parquet."
    return f"Het bestand is te groot: maximaal {size}. Splits het of lever het aan als Parquet."


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
        return portal_problem(
            shown,
            "bestandstype_onbekend",
            f"Onbekend bestandstype {suffix or '(geen)'!r}.",
            f"Unknown file type {suffix or '(none)'!r}.",
            lang,
            hint=("Lever .xlsx, .csv of .parquet aan.", "Deliver .xlsx, .csv or .parquet."),
        )
    with path.open("rb") as f:
        head = f.read(65536)
        tail = b""
        if suffix == ".parquet":
            f.seek(max(0, path.stat().st_size - 4))
            tail = f.read(4)
    if suffix == ".xlsx":
        ok = head.startswith(b"PK\x03\x04")
        kind_nl, kind_en = "een Excel-werkmap (.xlsx)", "an Excel workbook (.xlsx)"
    elif suffix == ".parquet":
        ok = head.startswith(b"PAR1") and tail == b"PAR1"
        kind_nl, kind_en = "een Parquet-bestand", "a Parquet file"
    else:
        binary = b"\x00" in head or head.startswith((b"PK\x03\x04", b"PAR1", b"%PDF", b"\x7fELF"))
        ok = not binary
        kind_nl, kind_en = "een tekstbestand (CSV)", "a text (CSV) file"
    if ok:
        return None
    return portal_problem(
        shown,
        "bestandstype_onjuist",
        f"De inhoud past niet bij de extensie {suffix}: dit is geen {kind_nl}.",
        f"The content does not match the extension {suffix}: this is not {kind_en}.",
        lang,
        hint=(
            "Sla het bestand opnieuw op in het juiste formaat.",
            "Save the file again in the right format.",
        ),
    )
