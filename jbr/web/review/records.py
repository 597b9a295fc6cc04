"""The review in the store as the web sees it: the states of years and chapters read, the
figures a ministry was sent, deliveries since, and a reviewer's decision recorded."""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, Request

from ...locale import text
from ...publish.review import ReviewChapter, ministry_review
from ...store import review as store
from ...store.access.tokens import REVIEWER, Token
from ...store.connection import connect
from ..gate import StoreGate


def gate_of(request: Request) -> StoreGate:
    return request.app.state.gate  # type: ignore[no-any-return]


def _read(gate: StoreGate, work: Any) -> Any:
    with gate.lock:
        if not gate.db.exists():
            return work(None)
        con = connect(gate.db, read_only=True)
        try:
            return work(con)
        finally:
            con.close()


def review_years(gate: StoreGate, ministry: str | None) -> dict[int, dict[tuple[str, str], Any]]:
    """Year → (ministry, chapter) → state, for the years anything was sent (of ``ministry``)."""

    def read(con: Any) -> dict[int, dict[tuple[str, str], Any]]:
        found = store.events(con)
        out = {}
        for year in sorted({e.year for e in found if e.kind == store.SENT}, reverse=True):
            states = store.chapter_states(found, year)
            out[year] = {
                k: s
                for k, s in states.items()
                if s.sent is not None and (ministry is None or k[0] == ministry)
            }
        return {y: s for y, s in out.items() if s}

    return _read(gate, read)  # type: ignore[no-any-return]


def year_events(gate: StoreGate, year: int) -> list[store.Event]:
    return _read(gate, lambda con: store.events(con, year))  # type: ignore[no-any-return]


def chapters_of(gate: StoreGate, year: int, ministry: str, lang: str) -> list[ReviewChapter]:
    with gate.lock:
        return ministry_review(gate.db, year, ministry, lang)


def later_deliveries(gate: StoreGate, ministry: str, chapters: list[ReviewChapter]) -> list[tuple]:
    """Deliveries with data of ``ministry`` loaded after its figures were last sent: the
    figures may change (the JBR team sends them again)."""
    heads = [c.state.sent.delivery_head for c in chapters if c.state.sent is not None]
    if not heads:
        return []
    return _read(  # type: ignore[no-any-return]
        gate,
        lambda con: (
            con.execute(
                """SELECT DISTINCT d.delivery_id, d.loaded_at, d.supplier
               FROM deliveries d JOIN coverage c USING (delivery_id)
               WHERE d.delivery_id > ? AND c.ministerie = ? ORDER BY 1""",
                [min(heads), ministry],
            ).fetchall()
            if con
            else []
        ),
    )


def record_decision(
    gate: StoreGate,
    token: Token,
    year: int,
    chapter: str,
    approve: bool,
    note: str | None,
    seen: str | None,
) -> store.Event:
    """An approval or comment of ``token``'s ministry on ``chapter`` of ``year``, about the
    figures with fingerprint ``seen`` (None: the latest sending). 404 when not sent to this
    ministry, 409 when sent again since ``seen``."""
    if token.role != REVIEWER:
        raise HTTPException(403, text("wederhoor.geen_rol", "nl"))

    def write() -> store.Event:
        states = store.chapter_states(store.read_events(gate.db, year), year)
        state = states.get((token.ministerie, chapter))
        if state is None or state.sent is None:
            raise HTTPException(404, text("wederhoor.niet_verstuurd", "nl"))
        if seen and seen != state.sent.fingerprint:
            raise HTTPException(409, text("wederhoor.gewijzigd", "nl"))
        return store.record_event(
            gate.db, year=year, ministry=token.ministerie, chapter=chapter,
            kind=store.APPROVED if approve else store.COMMENT, actor=token.supplier,
            token_id=token.token_id, text=note or None, fingerprint=state.sent.fingerprint,
        )  # fmt: skip

    return gate.retry_busy(write)
