"""Review before publication (wederhoor, SPEC §8): the append-only record in the store.

Every step is an *event* in ``review_events``, never changed or deleted afterwards:

- ``sent``: a ministry's figures of one chapter were sent for review (``jbr review
  start``); the figures themselves are kept in ``review_figures`` under the event's id,
  and the event carries their fingerprint;
- ``approved`` / ``comment``: a reviewer of that ministry (a ``reviewer`` token) agreed
  ("akkoord") or commented, about the figures with the fingerprint it names;
- ``override``: the JBR team publishes without a ministry's approval, with a reason
  (``jbr review override``); ministry ``*`` stands for every ministry of the year;
- ``without_text``: a year was published as figures only (``jbr publish
  --without-text``), with a reason.

The events form a seal chain like the deliveries (``store/chain.py``): each event's
seal is a SHA-256 over the previous seal and the event, and names the delivery chain's
head at that moment, so the review history is bound to the deliveries it was about.
``jbr doctor`` recomputes it (check ``wederhoor``), including the fingerprints of the
figures each sending holds.

Publication records which jbr version published each year version in
``publication_software`` (the figure passport's "software version").
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from . import figure_row
from .chain import GENESIS, chain_head
from .connection import connect

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


def _write(db: Path | str, work: Any) -> Any:
    """``work(con)`` in one transaction on the store ``db``."""
    con = connect(db)
    try:
        ensure_review_schema(con)
        con.execute("BEGIN TRANSACTION")
        try:
            result = work(con)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return result
    finally:
        con.close()


def record_sending(
    db: Path | str,
    year: int,
    sendings: dict[tuple[str, str], list[dict[str, Any]]],
    actor: str,
    now: datetime | None = None,
) -> list[Event]:
    """Send figures for review: per (ministry, chapter) one ``sent`` event and its figures.
    One transaction for all of them."""

    def work(con: duckdb.DuckDBPyConnection) -> list[Event]:
        out = []
        for (ministry, chapter), figures in sorted(sendings.items()):
            event = append_event(
                con, year, ministry, chapter, SENT, actor, fingerprint=fingerprint(figures),
                now=now,
            )  # fmt: skip
            con.executemany(
                "INSERT INTO review_figures VALUES (?, ?, ?, ?, ?, ?, ?)",
                [[event.event_id, *(f[k] for k in FIGURE_KEYS)] for f in figures],
            )
            out.append(event)
        return out

    return _write(db, work)  # type: ignore[no-any-return]


def record_event(db: Path | str, **fields: Any) -> Event:
    """One event (a decision, an override, a figures-only publication) in its own
    transaction."""
    return _write(db, lambda con: append_event(con, **fields))  # type: ignore[no-any-return]


def record_software(db: Path | str, year: int, version: int) -> None:
    """Which jbr published ``year`` version ``version`` (for the figure passport)."""
    _write(
        db,
        lambda con: con.execute(
            "INSERT INTO publication_software VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            [year, version, software_version()],
        ),
    )


def publication_software(con: duckdb.DuckDBPyConnection) -> dict[tuple[int, int], str]:
    if not has_review_tables(con):
        return {}
    return {
        (int(y), int(v)): str(s)
        for y, v, s in con.execute("SELECT * FROM publication_software").fetchall()
    }


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


def read_events(db: Path | str, year: int | None = None) -> list[Event]:
    if not Path(db).exists():
        return []
    con = connect(db, read_only=True)
    try:
        return events(con, year)
    finally:
        con.close()


def sent_figures(con: duckdb.DuckDBPyConnection, event_id: int) -> list[dict[str, Any]]:
    rows = con.execute(
        f"SELECT {', '.join(FIGURE_KEYS)} FROM review_figures WHERE event_id = ? "
        "ORDER BY indicator",
        [event_id],
    ).fetchall()
    return [dict(zip(FIGURE_KEYS, r, strict=True)) for r in rows]


# --- the state per ministry and chapter ---------------------------------------------------


@dataclass
class ChapterState:
    """Where the review of one ministry's chapter stands.

    ``approved`` is the latest decision when it is an approval; it *holds* only while the
    figures are those it approved (``fingerprint`` of the decision = the current one), else
    the chapter is *reopened*. A comment after an approval withdraws it (the latest
    decision counts). An override lets the year be published without the approval."""

    year: int
    ministry: str
    chapter: str
    sent: Event | None = None  # the latest sending
    first_sent: Event | None = None
    decision: Event | None = None  # the latest approval or comment
    approval: Event | None = None  # the latest approval, even if withdrawn or outdated
    comments: tuple[Event, ...] = ()
    override: Event | None = None
    current: str | None = None  # the fingerprint of the figures as they are now

    @property
    def approved(self) -> bool:
        d = self.decision
        return d is not None and d.kind == APPROVED and d.fingerprint == self.current

    @property
    def reopened(self) -> bool:
        """Approved, and the figures changed since (a corrected delivery, a re-sending)."""
        d = self.decision
        return d is not None and d.kind == APPROVED and d.fingerprint != self.current

    @property
    def commented(self) -> bool:
        """The latest decision is a comment on the figures as they are (a comment on
        figures sent again since waits for a new decision: the chapter is ``sent``)."""
        d = self.decision
        return d is not None and d.kind == COMMENT and d.fingerprint == self.current

    @property
    def overridden(self) -> bool:
        return self.override is not None and not self.approved

    @property
    def cleared(self) -> bool:
        """May be published: approved as it stands, or overridden."""
        return self.approved or self.override is not None

    @property
    def resent(self) -> bool:
        """Sent again with other figures than the first time."""
        return (
            self.sent is not None
            and self.first_sent is not None
            and self.sent.event_id != self.first_sent.event_id
        )

    @property
    def status(self) -> str:
        """One word: approved, overridden, reopened, commented, sent or not_sent."""
        if self.approved:
            return "approved"
        if self.override is not None:
            return "overridden"
        if self.reopened:
            return "reopened"
        if self.commented:
            return "commented"
        return "sent" if self.sent is not None else "not_sent"

    def as_dict(self) -> dict[str, Any]:
        def stamp(e: Event | None) -> dict[str, Any] | None:
            return None if e is None else {"at": e.as_dict()["at"], "by": e.actor}

        return {
            "ministry": self.ministry,
            "chapter": self.chapter,
            "status": self.status,
            "sent": stamp(self.sent),
            "approved": stamp(self.approval) if self.approved else None,
            "reopened": self.reopened,
            "comments": [
                {"at": c.as_dict()["at"], "by": c.actor, "text": c.text} for c in self.comments
            ],
            "overridden": None
            if self.override is None
            else {**(stamp(self.override) or {}), "reason": self.override.text},
        }


def chapter_states(
    all_events: list[Event],
    year: int,
    current: dict[tuple[str, str], str] | None = None,
) -> dict[tuple[str, str], ChapterState]:
    """(ministry, chapter) → state, from the year's events. ``current``: the fingerprints
    of the figures as computed now (publication); without it, those of the latest
    sending. A (ministry, chapter) in ``current`` that was never sent is ``not_sent``."""
    states: dict[tuple[str, str], ChapterState] = {}
    overrides: list[Event] = []
    for e in all_events:
        if e.year != year:
            continue
        if e.kind == OVERRIDE:
            overrides.append(e)
            continue
        if e.kind == WITHOUT_TEXT or e.chapter is None:
            continue
        s = states.setdefault((e.ministry, e.chapter), ChapterState(year, e.ministry, e.chapter))
        if e.kind == SENT:
            s.sent = e
            s.first_sent = s.first_sent or e
            s.current = e.fingerprint
        elif e.kind in (APPROVED, COMMENT):
            s.decision = e
            if e.kind == APPROVED:
                s.approval = e
            else:
                s.comments = (*s.comments, e)
    for key in current or {}:
        states.setdefault(key, ChapterState(year, key[0], key[1]))
    for key, s in states.items():
        if current is not None:
            s.current = current.get(key)
        for o in overrides:  # the latest override that applies
            if o.ministry in (ALL, s.ministry) and o.chapter in (None, s.chapter):
                s.override = o
    return states


def without_text_events(all_events: list[Event], year: int) -> list[Event]:
    return [e for e in all_events if e.year == year and e.kind == WITHOUT_TEXT]


def override_events(all_events: list[Event], year: int) -> list[Event]:
    return [e for e in all_events if e.year == year and e.kind == OVERRIDE]


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
