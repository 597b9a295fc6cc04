"""Receiving a delivery through the portal: size, type, a safe place, jbr's own load.

The file is written under ``<store dir>/uploads/<random id>/<clean name>``: the
directory is generated, the client's name is reduced to one plain file name (letters,
digits, ``._-``) because SPEC §3 reads a CSV's theme from its name. Nothing of the
client's name can make a path. The content must match the extension (xlsx is a zip,
Parquet starts and ends with ``PAR1``, CSV is text). The file is then loaded by
``jbr.store.load.load_files`` like ``jbr load`` does, with one more rule: every row
must be for the token's ministry, and a combination delivered by another portal
supplier is not replaced. A rejected file stores nothing and is deleted again; every
attempt is logged in the store's ``uploads`` table.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

import duckdb

from ..deliveries.problems import ERROR, Problem
from ..deliveries.validate import CheckedSheet
from ..store.access import Token, portal_suppliers, record_upload
from ..store.history import SHRINK_RULE, Replacement
from ..store.load import REJECTED, STORED, LoadOutcome, connect, load_files
from .gate import Settings, StoreGate

log = logging.getLogger("jbr.web")

PORTAL_SUFFIXES = (".xlsx", ".csv", ".parquet")  # no .xlsm: macros are not accepted online
CHUNK = 1 << 20


class TooLarge(Exception):
    def __init__(self, limit: int) -> None:
        self.limit = limit
        super().__init__(limit)


def too_large_message(limit: int, lang: str = "nl") -> str:
    mb = limit / (1024 * 1024)
    size = f"{mb:,.0f} MB".replace(",", ".") if mb >= 1 else f"{limit} bytes"
    if lang == "en":
        return f"The file is too large: at most {size}. Split it or deliver it as Parquet."
    return f"Het bestand is te groot: maximaal {size}. Splits het of lever het aan als Parquet."


def safe_name(client_name: str | None) -> str:
    """One harmless file name from whatever the client sent (``../../x.csv`` → ``x.csv``)."""
    name = (client_name or "").replace("\\", "/").split("/")[-1]
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._-")[:120]
    return name or "levering"


@dataclass
class Received:
    """What became of one upload."""

    upload_id: int | None
    file_name: str
    status: str  # stored | unchanged | rejected
    delivery_id: int | None = None
    rows: int = 0
    problems: list[Problem] = field(default_factory=list)
    # what the stored file replaced (or, refused for shrinking, would have replaced)
    replaces: list[Replacement] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def needs_confirmation(self) -> bool:
        """Refused only because it replaces a delivery with far fewer rows (SPEC §7)."""
        return bool(self.errors) and all(p.rule == SHRINK_RULE for p in self.errors)


def _problem(file: str, rule: str, nl: str, en: str, lang: str, **where: object) -> Problem:
    return Problem(
        file,
        where.get("sheet"),  # type: ignore[arg-type]
        where.get("row"),  # type: ignore[arg-type]
        where.get("column"),  # type: ignore[arg-type]
        where.get("value"),  # type: ignore[arg-type]
        rule,
        en if lang == "en" else nl,
        ERROR,
    )


def type_problem(path: Path, shown: str, lang: str) -> Problem | None:
    """The extension and the first bytes must agree (no renamed executables or archives)."""
    suffix = path.suffix.lower()
    if suffix not in PORTAL_SUFFIXES:
        return _problem(
            shown,
            "bestandstype_onbekend",
            f"Onbekend bestandstype {suffix or '(geen)'!r}. Lever .xlsx, .csv of .parquet aan.",
            f"Unknown file type {suffix or '(none)'!r}. Deliver .xlsx, .csv or .parquet.",
            lang,
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
    return _problem(
        shown,
        "bestandstype_onjuist",
        f"De inhoud past niet bij de extensie {suffix}: dit is geen {kind_nl}. "
        "Sla het bestand opnieuw op in het juiste formaat.",
        f"The content does not match the extension {suffix}: this is not {kind_en}. "
        "Save the file again in the right format.",
        lang,
    )


def own_ministry_only(token: Token, lang: str):  # type: ignore[no-untyped-def]
    """The portal's acceptance rule for ``load_files``: a supplier delivers only rows of its
    own ministry, and does not replace what another portal supplier delivered."""

    def accept(
        con: duckdb.DuckDBPyConnection, path: Path, sheets: list[CheckedSheet]
    ) -> list[Problem]:
        problems: list[Problem] = []
        others = portal_suppliers(con) - {token.supplier}
        for s in sheets:
            column = s.theme.ministry if isinstance(s.theme.ministry, str) else None
            foreign = con.execute(
                f"SELECT _ministerie, count(*), min(_row) FROM {s.typed} "
                "WHERE _ministerie IS DISTINCT FROM ? GROUP BY ALL ORDER BY 3",
                [token.ministerie],
            ).fetchall()
            for ministry, rows, first in foreign:
                problems.append(
                    _problem(
                        path.name,
                        "ander_ministerie",
                        f"{rows} rij(en) zijn voor {ministry}, maar u levert voor "
                        f"{token.ministerie}. Lever alleen gegevens van uw eigen ministerie aan; "
                        "Rijksbrede thema's levert de coördinator (BZK).",
                        f"{rows} row(s) are for {ministry}, but you deliver for "
                        f"{token.ministerie}. Deliver only your own ministry's data; Rijk-wide "
                        "themes are delivered by the coordinator (BZK).",
                        lang,
                        sheet=s.raw.sheet,
                        row=first,
                        column=column,
                        value=ministry,
                    )
                )
            if foreign or not others:
                continue
            taken = con.execute(
                f"""SELECT DISTINCT t._jaar FROM (SELECT DISTINCT _ministerie, _jaar FROM {s.typed}) t
                    JOIN (SELECT ministerie, jaar, max(delivery_id) AS delivery_id FROM coverage
                          WHERE theme = ? GROUP BY ALL) c
                      ON c.ministerie = t._ministerie AND c.jaar IS NOT DISTINCT FROM t._jaar
                    JOIN deliveries d ON d.delivery_id = c.delivery_id
                    WHERE d.supplier IN (SELECT unnest(?::VARCHAR[]))""",
                [s.theme.name, sorted(others)],
            ).fetchall()
            for (year,) in taken:
                problems.append(
                    _problem(
                        path.name,
                        "andere_leverancier",
                        f"De gegevens van {s.theme.name} {year or ''} voor {token.ministerie} "
                        "zijn geleverd door een andere leverancier; alleen die leverancier of de "
                        "coördinator kan ze vervangen.",
                        f"The {s.theme.name} {year or ''} data of {token.ministerie} were "
                        "delivered by another supplier; only that supplier or the coordinator "
                        "can replace them.",
                        lang,
                        sheet=s.raw.sheet,
                        column="ministerie",
                        value=token.ministerie,
                    )
                )
        return problems

    return accept


def receive(
    gate: StoreGate,
    settings: Settings,
    token: Token,
    client_name: str | None,
    stream: BinaryIO,
    theme: str | None = None,
    lang: str = "nl",
    allow_shrink: bool = False,
) -> Received:
    """Store the upload in a private place, check its type, load it; log the attempt.

    ``allow_shrink``: the supplier confirmed replacing a delivery with far fewer rows."""
    name = safe_name(client_name)
    folder = settings.upload_dir / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=False)
    path = folder / name
    digest, size = hashlib.sha256(), 0
    try:
        with path.open("wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > settings.max_upload_bytes:
                    raise TooLarge(settings.max_upload_bytes)
                digest.update(chunk)
                out.write(chunk)
        problem = type_problem(path, name, lang)
        outcome = None if problem is None else LoadOutcome(path, REJECTED, problems=[problem])
        # One lock hold for the load and its log line: uploads queue here, one writer at a time.
        with gate.lock:
            if outcome is None:
                outcome = gate.retry_busy(
                    lambda: load_files(
                        [path],
                        gate.db,
                        supplier=token.supplier,
                        theme=theme,
                        lang=lang,
                        accept=own_ministry_only(token, lang),
                        allow_shrink=allow_shrink,
                    )[0]
                )
            result = Received(
                None,
                name,
                outcome.status,
                outcome.delivery_id,
                outcome.rows,
                outcome.problems,
                outcome.replaces,
            )
            stored_as = (
                str(path.relative_to(settings.upload_dir)) if outcome.status == STORED else None
            )
            result.upload_id = gate.retry_busy(
                lambda: _log(gate, token, result, stored_as, size, digest.hexdigest())
            )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if outcome.status != STORED:
        shutil.rmtree(folder, ignore_errors=True)
    log.info(
        "upload %s by token %s (%s, %s): %s, delivery %s, %d error(s)",
        result.upload_id,
        token.token_id,
        token.supplier,
        token.ministerie,
        result.status,
        result.delivery_id,
        len(result.errors),
    )
    return result


def _log(
    gate: StoreGate, token: Token, result: Received, stored_as: str | None, size: int, sha256: str
) -> int:
    con = connect(gate.db)
    try:
        return record_upload(
            con,
            token_id=token.token_id,
            supplier=token.supplier,
            ministerie=token.ministerie,
            received_at=datetime.now(UTC).replace(tzinfo=None),
            file_name=result.file_name,
            stored_as=stored_as,
            bytes=size,
            sha256=sha256,
            status=result.status,
            delivery_id=result.delivery_id,
            errors=len(result.errors),
            warnings=len(result.problems) - len(result.errors),
            problems=[p.as_dict() for p in result.problems[:1000]],
        )
    finally:
        con.close()
