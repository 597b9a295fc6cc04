"""Receiving a delivery through the portal: size, type, a safe place, a capped reader, jbr's
own store.

The file is written under ``<store dir>/uploads/<random id>/<clean name>``: the
directory is generated, the client's name is reduced to one plain file name (letters,
digits, ``._-``, its extension kept) because SPEC §3 reads a CSV's theme from its name.
Nothing of the client's name can make a path. The content must match the extension (xlsx
is a zip, Parquet starts and ends with ``PAR1``, CSV is text).

The file is then read and checked in a worker process with memory and time caps
(``worker.py``), without the store lock; a worker that passes a cap is killed and the
supplier told why. Only storing the checked rows takes the lock
(``jbr.store.load.store_checked``), with one more rule first, for every file (an
identical one too): every row must be for the token's ministry, and a combination
delivered by another portal supplier is not replaced. A rejected file stores nothing and
is deleted again; every attempt is logged in the store's ``uploads`` table.
"""

from __future__ import annotations

import functools
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

import anyio
import duckdb
from babel.numbers import format_decimal
from fastapi import Request, UploadFile
from starlette.exceptions import HTTPException

from ..deliveries.declaration import Via
from ..deliveries.problems import ERROR, Problem
from ..deliveries.read import RawSheet, sql_text
from ..deliveries.themes import THEMES, theme_for_filename
from ..deliveries.validate import CheckedSheet, errors
from ..store.access import Token, portal_suppliers, record_upload
from ..store.history import SHRINK_RULE, Replacement
from ..store.load import (
    REJECTED,
    STORED,
    LoadOutcome,
    StoreError,
    connect,
    store_checked,
)
from .gate import Settings, StoreGate
from .worker import CRASH, MEMORY, TIME, Checked, Workers

log = logging.getLogger("jbr.web")

PORTAL_SUFFIXES = (".xlsx", ".csv", ".parquet")  # no .xlsm: macros are not accepted online
CHUNK = 1 << 20


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


def _problem(
    file: str,
    rule: str,
    nl: str,
    en: str,
    lang: str,
    hint: tuple[str, str] | None = None,
    **where: object,
) -> Problem:
    """A problem of the portal's own rules: what is wrong (``nl``/``en``) and, apart, what
    to do about it (``hint``: Dutch, English)."""
    text = en if lang == "en" else nl
    advice = None if hint is None else hint[1] if lang == "en" else hint[0]
    return Problem(
        file,
        where.get("sheet"),  # type: ignore[arg-type]
        where.get("row"),  # type: ignore[arg-type]
        where.get("column"),  # type: ignore[arg-type]
        where.get("value"),  # type: ignore[arg-type]
        rule,
        text,
        ERROR,
        hint=advice,
    )


def type_problem(path: Path, shown: str, lang: str) -> Problem | None:
    """The extension and the first bytes must agree (no renamed executables or archives)."""
    suffix = path.suffix.lower()
    if suffix not in PORTAL_SUFFIXES:
        return _problem(
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
    return _problem(
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
                        f"{token.ministerie}.",
                        f"{rows} row(s) are for {ministry}, but you deliver for "
                        f"{token.ministerie}.",
                        lang,
                        hint=(
                            "Lever alleen gegevens van uw eigen ministerie aan; Rijksbrede "
                            "thema's levert de coördinator (BZK).",
                            "Deliver only your own ministry's data; Rijk-wide themes are "
                            "delivered by the coordinator (BZK).",
                        ),
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


async def receive_upload(
    request: Request,
    token: Token,
    file: UploadFile,
    theme: str | None,
    lang: str,
    allow_shrink: bool = False,
) -> Received:
    """``receive`` in a worker thread of the uploads' own limiter: uploads waiting for a
    reader wait here, without holding threads the other pages need."""
    state = request.app.state
    return await anyio.to_thread.run_sync(
        functools.partial(
            receive,
            state.gate,
            state.settings,
            state.workers,
            token,
            file.filename,
            file.file,
            theme,
            lang,
            allow_shrink,
        ),
        limiter=state.upload_threads,
    )


def receive(
    gate: StoreGate,
    settings: Settings,
    workers: Workers,
    token: Token,
    client_name: str | None,
    stream: BinaryIO,
    theme: str | None = None,
    lang: str = "nl",
    allow_shrink: bool = False,
) -> Received:
    """Keep the upload in a private place, check its type, read and check it in a worker,
    store it; log the attempt.

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
        upload = _Upload(token, path, size, digest.hexdigest(), settings.upload_dir)
        problem = type_problem(path, name, lang)
        upload_id: int | None = None
        if problem is not None:
            outcome = LoadOutcome(path, REJECTED, problems=[problem])
        else:
            outcome, upload_id = _check_and_store(gate, workers, upload, theme, lang, allow_shrink)
        if upload_id is None:  # not logged with the store step: log it now
            upload_id = gate.retry_busy(lambda: _log(gate, upload, outcome))
        result = Received(
            upload_id,
            name,
            outcome.status,
            outcome.delivery_id,
            outcome.rows,
            outcome.problems,
            outcome.replaces,
        )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        shutil.rmtree(folder / WORK, ignore_errors=True)
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


WORK = ".werk"  # the worker's files next to the upload (removed afterwards)
ATTEMPTS = 3  # checks of one file when the parents it used changed meanwhile


@dataclass
class _Upload:
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


def _check_and_store(
    gate: StoreGate,
    workers: Workers,
    upload: _Upload,
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
        parents, mark = _parent_snapshot(gate, token.ministerie, _parent_keys(path, theme), work)
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


def _parent_keys(path: Path, theme: str | None) -> dict[str, str]:
    """Parent theme → the key its children refer to, for the themes this file may hold
    (a workbook may hold any theme: not opened here, that is the worker's job)."""
    if path.suffix.lower() == ".xlsx":
        names = list(THEMES)
    else:
        names = [n for n in [theme or theme_for_filename(path.stem)] if n in THEMES]
    keys = {}
    for name in names:
        for scope in (THEMES[name].ministry, THEMES[name].year):
            if isinstance(scope, Via):
                keys[scope.theme] = scope.key
    return keys


def _parents_mark(con: duckdb.DuckDBPyConnection, ministry: str, themes: list[str]) -> int:
    """The latest delivery of these parent themes for ``ministry``: changes when they do."""
    found = con.execute(
        "SELECT coalesce(max(delivery_id), 0) FROM coverage "
        "WHERE theme IN (SELECT unnest(?::VARCHAR[])) AND ministerie = ?",
        [themes, ministry],
    ).fetchone()
    return int(found[0]) if found else 0


def _parent_snapshot(
    gate: StoreGate, ministry: str, keys: dict[str, str], work: Path
) -> tuple[dict[str, Path], int | None]:
    """The current parent rows of the supplier's own ministry, as Parquet for the worker,
    and their mark. Only its own: a child row naming another ministry's parent finds
    none, so nothing of another ministry shows in the answer."""
    if not keys or not gate.db.exists():
        return {}, None

    def read() -> tuple[dict[str, Path], int | None]:
        con = connect(gate.db, read_only=True)
        try:
            files = {}
            for theme, key in keys.items():
                file = work / f"ouder_{theme}.parquet"
                con.execute(
                    f'COPY (SELECT "{key}", _ministerie, _jaar FROM current_{theme} '
                    f"WHERE _ministerie = {sql_text(ministry)}) "
                    f"TO {sql_text(str(file))} (FORMAT parquet)"
                )
                files[theme] = file
            return files, _parents_mark(con, ministry, sorted(keys))
        except duckdb.CatalogException:  # a store from before these themes: no parents
            return {}, None
        finally:
            con.close()

    return gate.retry_busy(read)


def _store(
    gate: StoreGate,
    upload: _Upload,
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
        if parents and mark is not None and _parents_mark(con, token.ministerie, parents) != mark:
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


def _what_to_do(file: str) -> tuple[str, str]:
    """The hint (Dutch, English) for a file too heavy to read, by its kind."""
    if file.lower().endswith(".xlsx"):
        return (
            "Vaak staat er opmaak of een losse cel ver buiten de gegevens (bijvoorbeeld in rij "
            "1.048.576 of kolom XFD): verwijder die lege rijen en kolommen en sla het bestand "
            "opnieuw op, of lever de gegevens aan als CSV of Parquet.",
            "Often formatting or a single cell lies far outside the data (e.g. in row "
            "1,048,576 or column XFD): delete those empty rows and columns and save the "
            "file again, or deliver the data as CSV or Parquet.",
        )
    return (
        "Splits het bestand in delen (bijvoorbeeld per jaar) of lever het aan als Parquet.",
        "Split the file into parts (for instance by year) or deliver it as Parquet.",
    )


def failure_problem(failure: str, file: str, workers: Workers, lang: str) -> Problem:
    """A worker that passed a cap (or died), in the supplier's words, with what to do."""
    limits = workers.limits
    hint = _what_to_do(file)
    if failure == MEMORY:
        mb = limits.memory_bytes >> 20
        return _problem(
            file,
            "verwerking_geheugen",
            f"Het lezen van dit bestand vraagt meer dan {format_decimal(mb, locale='nl')} MB "
            "geheugen en is afgebroken; er is niets opgeslagen.",
            f"Reading this file needs more than {mb:,} MB of memory and was stopped; nothing "
            "was stored.",
            lang,
            hint=hint,
        )
    if failure == TIME:
        seconds = round(limits.seconds)
        nl_unit, en_unit = ("seconde", "second") if seconds == 1 else ("seconden", "seconds")
        return _problem(
            file,
            "verwerking_tijd",
            f"Het lezen van dit bestand duurde langer dan {seconds} {nl_unit} en is "
            "afgebroken; er is niets opgeslagen.",
            f"Reading this file took longer than {seconds} {en_unit} and was stopped; nothing "
            "was stored.",
            lang,
            hint=hint,
        )
    assert failure == CRASH
    return _problem(
        file,
        "verwerking_afgebroken",
        "Het verwerken van dit bestand stopte onverwacht; er is niets opgeslagen.",
        "Processing this file stopped unexpectedly; nothing was stored.",
        lang,
        hint=(
            "Probeer het opnieuw; gebeurt dit weer, meld het dan aan het jbr-team.",
            "Try again; if it happens again, tell the jbr team.",
        ),
    )


def _log(gate: StoreGate, upload: _Upload, outcome: LoadOutcome) -> int:
    con = connect(gate.db)
    try:
        return upload.record(con, outcome)
    finally:
        con.close()
