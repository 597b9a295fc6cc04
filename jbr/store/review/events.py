"""The review's events and their seal chain (``review_events``, ``review_figures``).

An event is appended with its seal (SHA-256 over the previous seal and the event) inside
the caller's transaction, and names the delivery chain's head at that moment; a sending's
figures are kept under its event with their fingerprint. ``verify`` recomputes the chain
for ``jbr doctor``.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import duckdb

from .. import figure_row
from ..chain import GENESIS, chain_head

REVIEW_DDL = """
CREATE TABLE IF NOT EXISTS review_events (
    event_id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    ministry VARCHAR NOT NULL,
    chapter VARCHAR,
    kind VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    token_id VARCHAR,
    text VARCHAR,
    fingerprint VARCHAR,
    delivery_head INTEGER NOT NULL,
    deliveries_seal VARCHAR NOT NULL,
    software VARCHAR NOT NULL,
    seal VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS review_figures (
    event_id INTEGER NOT NULL,
    indicator VARCHAR NOT NULL,
    value DOUBLE,
    unit VARCHAR,
    target DOUBLE,
    status VARCHAR,
    suppressed BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS publication_software (
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    software VARCHAR NOT NULL,
    PRIMARY KEY (year, version)
);
"""
REVIEW_TABLES = ("review_events", "review_figures", "publication_software")

SENT, APPROVED, COMMENT, OVERRIDE, WITHOUT_TEXT = (
    "sent",
    "approved",
    "comment",
    "override",
    "without_text",
)
KINDS = (SENT, APPROVED, COMMENT, OVERRIDE, WITHOUT_TEXT)
ALL = "*"  # an override for every ministry of the year
HEAD_KEY = "review_head"
EVENT_FIELDS = (
    "event_id, year, ministry, chapter, kind, recorded_at, actor, token_id, text, fingerprint, "
    "delivery_head, deliveries_seal, software"
)
# A sending's figures: the published row without the year and ministry its event carries
# (the order of review_figures' columns and of the fingerprint).
FIGURE_KEYS = tuple(k for k in figure_row.FIGURE_KEYS if k not in ("year", "ministry"))


def software_version() -> str:
    # the installed package's metadata, as jbr.__version__ reads it (the store sits below
    # the package's top level and does not import it)
    return f"jbr {importlib.metadata.version('jbr')}"


def ensure_review_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(REVIEW_DDL)


def has_review_tables(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'review_events' "
            "AND NOT temporary"
        ).fetchone()[0]  # type: ignore[index]
    )


# --- fingerprints -------------------------------------------------------------------------


def _rounded(value: Any) -> Any:
    """Numbers to 10 significant digits: parallel sums differ in the last bits from run to
    run, which is no change of a figure (as ``access.published._comparable``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return float(f"{float(value):.10g}")  # 10 and 10.0 alike: a target may be either


def fingerprint(figures: Iterable[dict[str, Any]]) -> str:
    """SHA-256 over a ministry's figures of one chapter (id, value, unit, target, status,
    suppressed), order-free: equal figures, equal fingerprint."""
    rows = sorted(
        json.dumps([_rounded(f[k]) for k in FIGURE_KEYS], ensure_ascii=False, default=str)
        for f in figures
    )
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


# --- events -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Event:
    event_id: int
    year: int
    ministry: str
    chapter: str | None
    kind: str
    at: datetime
    actor: str
    token_id: str | None
    text: str | None
    fingerprint: str | None
    delivery_head: int
    deliveries_seal: str
    software: str
    seal: str = ""

    def fields(self) -> list[Any]:
        return [
            self.event_id, self.year, self.ministry, self.chapter, self.kind,
            self.at.isoformat(), self.actor, self.token_id, self.text, self.fingerprint,
            self.delivery_head, self.deliveries_seal, self.software,
        ]  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        return {
            "event": self.event_id,
            "year": self.year,
            "ministry": self.ministry,
            "chapter": self.chapter,
            "kind": self.kind,
            "at": self.at.replace(tzinfo=UTC).isoformat().replace("+00:00", "Z"),
            "by": self.actor,
            "text": self.text,
            "fingerprint": self.fingerprint,
        }


def event_seal(previous: str, event: Event) -> str:
    """The next link of the review chain: SHA-256 over the previous seal and the event."""
    body = json.dumps(event.fields(), ensure_ascii=False)
    return hashlib.sha256(f"{previous}\n{body}".encode()).hexdigest()


def review_head(con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    found = con.execute("SELECT value FROM jbr_meta WHERE key = ?", [HEAD_KEY]).fetchone()
    if not found:
        return 0, GENESIS
    number, _, seal = str(found[0]).partition(":")
    return int(number), seal


def append_event(
    con: duckdb.DuckDBPyConnection,
    year: int,
    ministry: str,
    chapter: str | None,
    kind: str,
    actor: str,
    token_id: str | None = None,
    text: str | None = None,
    fingerprint: str | None = None,
    now: datetime | None = None,
) -> Event:
    """Append one event with its seal (inside the caller's transaction)."""
    if kind not in KINDS:
        raise ValueError(f"unknown review event {kind!r}")
    ensure_review_schema(con)
    head_id, previous = review_head(con)
    delivery_head, deliveries_seal = chain_head(con)
    event = Event(
        event_id=head_id + 1,
        year=year,
        ministry=ministry,
        chapter=chapter,
        kind=kind,
        at=(now or datetime.now(UTC)).replace(tzinfo=None, microsecond=0),
        actor=actor,
        token_id=token_id,
        text=text,
        fingerprint=fingerprint,
        delivery_head=delivery_head,
        deliveries_seal=deliveries_seal,
        software=software_version(),
    )
    seal = event_seal(previous, event)
    con.execute(
        f"INSERT INTO review_events ({EVENT_FIELDS}, seal) VALUES ({', '.join(['?'] * 14)})",
        [*event.fields()[:5], event.at, *event.fields()[6:], seal],
    )
    con.execute(
        "INSERT INTO jbr_meta VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [HEAD_KEY, f"{event.event_id}:{seal}"],
    )
    return Event(**{**event.__dict__, "seal": seal})


# --- reading -----------------------------------------------------------------------------


def events(con: duckdb.DuckDBPyConnection | None, year: int | None = None) -> list[Event]:
    """Every review event (of ``year``), oldest first."""
    if con is None or not has_review_tables(con):
        return []
    rows = con.execute(
        f"SELECT {EVENT_FIELDS}, seal FROM review_events "
        "WHERE ?::INTEGER IS NULL OR year = ? ORDER BY event_id",
        [year, year],
    ).fetchall()
    return [Event(*r) for r in rows]


def sent_figures(con: duckdb.DuckDBPyConnection, event_id: int) -> list[dict[str, Any]]:
    rows = con.execute(
        f"SELECT {', '.join(FIGURE_KEYS)} FROM review_figures WHERE event_id = ? "
        "ORDER BY indicator",
        [event_id],
    ).fetchall()
    return [dict(zip(FIGURE_KEYS, r, strict=True)) for r in rows]


# --- jbr doctor ---------------------------------------------------------------------------


def verify(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Problems of the review chain, as ``jbr doctor`` names them: ``event N changed``,
    ``event N deleted``, ``figures of sending N changed``, ``head``; empty when whole."""
    if not has_review_tables(con):
        return []
    found = events(con)
    problems: list[str] = []
    previous = GENESIS
    expected_id = 1
    for e in found:
        while expected_id < e.event_id:
            problems.append(f"deleted:{expected_id}")
            expected_id += 1
        expected_id = e.event_id + 1
        if event_seal(previous, e) != e.seal:
            problems.append(f"changed:{e.event_id}")
        previous = e.seal
        if e.kind == SENT and fingerprint(sent_figures(con, e.event_id)) != e.fingerprint:
            problems.append(f"figures:{e.event_id}")
    head = review_head(con)
    last = (found[-1].event_id, found[-1].seal) if found else (0, GENESIS)
    if head != last:
        problems.append(f"head:{head[0]}")
    return problems
