"""Review before publication in the portal and the API (wederhoor, SPEC §8, issue 17).

A *reviewer* token (``jbr token create --role reviewer --ministry M``) sees only its own
ministry's figures and records per chapter "akkoord" or a comment; which ministry is
never taken from the URL or the body, always from the token, so a reviewer can neither
see nor judge another ministry's figures (another ministry's page is 404, as if it did
not exist). A *coordinator* token (the JBR team) reads the state of every ministry and
chapter and each ministry's figures, and decides nothing here (overrides are
``jbr review override``). A supplier's token has no part in the review.

A decision names the fingerprint of the figures the reviewer saw: if they were sent
again meanwhile, the decision is refused (409) and the page shows the new figures.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from ..indicators import DOMAINS
from ..publish.review import CHAPTERS, ReviewChapter, chapter_name, ministry_review, status_text
from ..publish.review import workbook as review_workbook
from ..store import review as store
from ..store.access import COORDINATOR, REVIEWER, Token
from ..store.load import connect
from .api_routes import AUTH_RESPONSES, Detail, api_token, ministry_code
from .auth import require_csrf
from .gate import StoreGate
from .portal import page, request_lang, signed_in

portal_router = APIRouter(prefix="/portal/wederhoor", include_in_schema=False)
api_router = APIRouter(prefix="/api/review", tags=["wederhoor"])
reviewer_token = HTTPBearer(
    auto_error=False,
    scheme_name="beoordelaarstoken",
    description="A reviewer's or the JBR team's token from `jbr token create --role reviewer` "
    "or `--role coordinator` (jbr_<id>_<secret>).",
)
Year = Annotated[int, PathParam(ge=1900, le=2100)]
MAX_COMMENT = 4000

TEXT = {
    "nl": {
        "not_found": "Deze wederhoor bestaat niet of is niet van uw ministerie.",
        "no_role": "Dit token hoort niet bij de wederhoor.",
        "changed": "De cijfers van dit hoofdstuk zijn opnieuw verstuurd nadat u de pagina "
        "opende; bekijk ze opnieuw en geef dan uw oordeel.",
        "comment_needed": "Schrijf uw opmerking in het tekstvak.",
        "not_sent": "Dit hoofdstuk is niet aan uw ministerie verstuurd.",
        "recorded_approved": "Vastgelegd: akkoord met {chapter}.",
        "recorded_comment": "Vastgelegd: uw opmerking bij {chapter}.",
    },
    "en": {
        "not_found": "This review does not exist or is not your ministry's.",
        "no_role": "This token has no part in the review.",
        "changed": "The figures of this chapter were sent again after you opened the page; "
        "look at them again, then give your judgement.",
        "comment_needed": "Write your comment in the text box.",
        "not_sent": "This chapter was not sent to your ministry.",
        "recorded_approved": "Recorded: approval of {chapter}.",
        "recorded_comment": "Recorded: your comment on {chapter}.",
    },
}


def _gate(request: Request) -> StoreGate:
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
    text: str | None,
    seen: str | None,
) -> store.Event:
    """An approval or comment of ``token``'s ministry on ``chapter`` of ``year``, about the
    figures with fingerprint ``seen`` (None: the latest sending). 404 when not sent to this
    ministry, 409 when sent again since ``seen``."""
    if token.role != REVIEWER:
        raise HTTPException(403, TEXT["nl"]["no_role"])

    def write() -> store.Event:
        states = store.chapter_states(store.read_events(gate.db, year), year)
        state = states.get((token.ministerie, chapter))
        if state is None or state.sent is None:
            raise HTTPException(404, TEXT["nl"]["not_sent"])
        if seen and seen != state.sent.fingerprint:
            raise HTTPException(409, TEXT["nl"]["changed"])
        return store.record_event(
            gate.db, year=year, ministry=token.ministerie, chapter=chapter,
            kind=store.APPROVED if approve else store.COMMENT, actor=token.supplier,
            token_id=token.token_id, text=text or None, fingerprint=state.sent.fingerprint,
        )  # fmt: skip

    return gate.retry_busy(write)


def _chapter(value: str) -> str:
    if value not in DOMAINS:
        raise HTTPException(404, TEXT["nl"]["not_found"])
    return value


# --- portal pages ---------------------------------------------------------------------------


def _signed_in_reviewer(request: Request) -> Token | Response:
    token = signed_in(request)
    if token is None:
        return page(request, "aanmelden.html.j2", status=401)
    if token.role not in (REVIEWER, COORDINATOR):
        return page(
            request, "melding.html.j2", status=403, title="403", token=token,
            message=TEXT[request_lang(request)]["no_role"],
        )  # fmt: skip
    return token


@portal_router.get("", response_class=HTMLResponse)
def home(request: Request) -> Response:
    token = _signed_in_reviewer(request)
    if isinstance(token, Response):
        return token
    mine = None if token.role == COORDINATOR else token.ministerie
    years = review_years(_gate(request), mine)
    lang = request_lang(request)
    summary = [
        {
            "year": year,
            "href": f"/portal/wederhoor/{year}?lang={lang}",
            "counts": _counts(states.values(), lang),
        }
        for year, states in years.items()
    ]
    return page(request, "wederhoor_jaren.html.j2", token=token, years=summary)


def _counts(states: Any, lang: str) -> str:
    tally: dict[str, int] = {}
    for s in states:
        tally[s.status] = tally.get(s.status, 0) + 1
    order = ("approved", "overridden", "reopened", "commented", "sent")
    return ", ".join(f"{tally[k]} {status_text(k, lang)}" for k in order if k in tally)


@portal_router.get("/{year}", response_class=HTMLResponse)
def year_page(request: Request, year: Year) -> Response:
    token = _signed_in_reviewer(request)
    if isinstance(token, Response):
        return token
    if token.role == COORDINATOR:
        return _overview(request, token, year)
    return _ministry_page(request, token, year, token.ministerie, editable=True)


@portal_router.get("/{year}/werkboek.xlsx")
def own_workbook(request: Request, year: Year) -> Response:
    token = _signed_in_reviewer(request)
    if isinstance(token, Response):
        return token
    if token.role != REVIEWER:
        raise HTTPException(404, TEXT[request_lang(request)]["not_found"])
    return _workbook(request, year, token.ministerie)


@portal_router.get("/{year}/{ministry}/werkboek.xlsx")
def ministry_workbook(request: Request, year: Year, ministry: str) -> Response:
    token = _signed_in_reviewer(request)
    if isinstance(token, Response):
        return token
    code = _visible_ministry(request, token, ministry)
    return _workbook(request, year, code)


@portal_router.get("/{year}/{ministry}", response_class=HTMLResponse)
def ministry_page(request: Request, year: Year, ministry: str) -> Response:
    """The JBR team reads one ministry's review; a reviewer only its own (else 404)."""
    token = _signed_in_reviewer(request)
    if isinstance(token, Response):
        return token
    code = _visible_ministry(request, token, ministry)
    if token.role == REVIEWER:
        return RedirectResponse(f"/portal/wederhoor/{year}?lang={request_lang(request)}", 303)
    return _ministry_page(request, token, year, code, editable=False)


def _visible_ministry(request: Request, token: Token, ministry: str) -> str:
    lang = request_lang(request)
    try:
        code = ministry_code(ministry)
    except Exception:
        raise HTTPException(404, TEXT[lang]["not_found"]) from None
    if token.role == REVIEWER and code != token.ministerie:
        raise HTTPException(404, TEXT[lang]["not_found"])
    return code


def _workbook(request: Request, year: int, ministry: str) -> Response:
    lang = request_lang(request)
    chapters = chapters_of(_gate(request), year, ministry, lang)
    if not chapters:
        raise HTTPException(404, TEXT[lang]["not_found"])
    data = review_workbook(chapters, year, ministry, lang)
    name = f"wederhoor-{year}-{ministry}.xlsx"
    return Response(
        data,
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _ministry_page(
    request: Request, token: Token, year: int, ministry: str, editable: bool
) -> Response:
    lang = request_lang(request)
    gate = _gate(request)
    chapters = chapters_of(gate, year, ministry, lang)
    if not chapters:
        raise HTTPException(404, TEXT[lang]["not_found"])
    done = request.query_params.get("vastgelegd")
    notice = None
    if done in ("akkoord", "opmerking"):
        chapter = request.query_params.get("hoofdstuk", "")
        key = "recorded_approved" if done == "akkoord" else "recorded_comment"
        notice = TEXT[lang][key].format(chapter=chapter_name(chapter, lang))
    workbook = (
        f"/portal/wederhoor/{year}/werkboek.xlsx?lang={lang}"
        if editable
        else f"/portal/wederhoor/{year}/{ministry}/werkboek.xlsx?lang={lang}"
    )
    return page(
        request,
        "wederhoor.html.j2",
        token=token,
        year=year,
        ministry=ministry,
        chapters=chapters,
        editable=editable,
        notice=notice,
        later=later_deliveries(gate, ministry, chapters),
        workbook=workbook,
        ministry_name=_ministry_name(ministry, lang),
        status_text=status_text,
        deliveries=_chapter_deliveries,
    )


def _ministry_name(code: str, lang: str) -> str:
    from ..codelists import ministry_by_code

    m = ministry_by_code().get(code)
    return m.name(lang) if m else code


def _chapter_deliveries(chapter: ReviewChapter) -> list[dict[str, Any]]:
    """The deliveries of a chapter's figures, each once."""
    seen: dict[tuple, dict[str, Any]] = {}
    for f in chapter.figures:
        for d in f.sources:
            seen[(d["delivery"], d["theme"], d["ministry"], str(d["year"]))] = d
    return sorted(seen.values(), key=lambda d: (d["theme"], str(d["year"]), d["delivery"]))


def _overview(request: Request, token: Token, year: int) -> Response:
    lang = request_lang(request)
    gate = _gate(request)
    found = year_events(gate, year)
    states = store.chapter_states(found, year)
    ministries = sorted({m for m, _ in states})
    if not ministries:
        raise HTTPException(404, TEXT[lang]["not_found"])
    rows = [
        {
            "ministry": m,
            "href": f"/portal/wederhoor/{year}/{m}?lang={lang}",
            "cells": [states.get((m, c)) for c in CHAPTERS],
        }
        for m in ministries
    ]
    return page(
        request,
        "wederhoor_overzicht.html.j2",
        token=token,
        year=year,
        rows=rows,
        chapters=[chapter_name(c, lang) for c in CHAPTERS],
        events=list(reversed(found)),
        chapter_name=chapter_name,
        status_text=status_text,
        blocking=sum(1 for s in states.values() if s.sent and not s.cleared),
    )


@portal_router.post("/{year}/{chapter}")
def decide(
    request: Request,
    year: Year,
    chapter: str,
    decision: Annotated[Literal["akkoord", "opmerking"], Form()],
    csrf: Annotated[str, Form(max_length=200)] = "",
    opmerking: Annotated[str, Form(max_length=MAX_COMMENT)] = "",
    fingerprint: Annotated[str, Form(max_length=64)] = "",
    lang: Annotated[str | None, Form(max_length=2)] = None,
) -> Response:
    require_csrf(request, csrf)
    lang = request_lang(request, lang)
    token = _signed_in_reviewer(request)
    if isinstance(token, Response):
        return token
    chapter = _chapter(chapter)
    text = opmerking.strip()
    if decision == "opmerking" and not text:
        raise HTTPException(422, TEXT[lang]["comment_needed"])
    try:
        record_decision(
            _gate(request), token, year, chapter, decision == "akkoord", text, fingerprint or None
        )
    except HTTPException as e:
        if e.status_code in (404, 409):
            raise HTTPException(e.status_code, TEXT[lang]["changed" if e.status_code == 409
                                                           else "not_sent"]) from None  # fmt: skip
        raise
    return RedirectResponse(
        f"/portal/wederhoor/{year}?lang={lang}&vastgelegd={decision}&hoofdstuk={chapter}"
        f"#h-{chapter}",
        status_code=303,
    )


# --- API ------------------------------------------------------------------------------------


def api_reviewer(
    request: Request,
    _: Annotated[HTTPAuthorizationCredentials | None, Depends(reviewer_token)] = None,
) -> Token:
    """A reviewer's or the JBR team's token (401 without a token, 403 for a supplier's)."""
    token = api_token(request)
    if token.role not in (REVIEWER, COORDINATOR):
        raise HTTPException(403, TEXT["nl"]["no_role"])
    return token


Reviewer = Annotated[Token, Depends(api_reviewer)]
RESPONSES: dict[int | str, dict[str, Any]] = {
    **AUTH_RESPONSES,
    403: {"model": Detail, "description": "a supplier's token: no part in the review"},
    404: {"model": Detail, "description": "not sent, or another ministry's"},
}


class Stamp(BaseModel):
    at: str = Field(description="UTC, ISO 8601")
    by: str


class CommentOut(BaseModel):
    at: str
    by: str
    text: str | None


class OverrideOut(BaseModel):
    at: str
    by: str
    reason: str | None


class ChapterStateOut(BaseModel):
    ministry: str
    chapter: str
    status: Literal["approved", "overridden", "reopened", "commented", "sent", "not_sent"]
    sent: Stamp | None
    approved: Stamp | None
    reopened: bool
    comments: list[CommentOut]
    overridden: OverrideOut | None


class FigureOut(BaseModel):
    indicator: str = Field(description="figure id (a category as a suffix)")
    label: str
    category: str
    value: float | None = Field(description="null when suppressed (fewer than 10 persons)")
    unit: str
    suppressed: bool
    definition: str
    formula: str
    deliveries: list[int] = Field(description="the source deliveries (numbers)")


class ChapterOut(BaseModel):
    state: ChapterStateOut
    name: str
    fingerprint: str = Field(description="of the figures sent; send it back with a decision")
    figures: list[FigureOut]


class MinistryReviewOut(BaseModel):
    year: int
    ministry: str
    chapters: list[ChapterOut]


class DecisionIn(BaseModel):
    decision: Literal["approve", "comment"]
    comment: str | None = Field(default=None, max_length=MAX_COMMENT)
    fingerprint: str | None = Field(
        default=None,
        max_length=64,
        description="the fingerprint of the figures judged (from GET); refused with 409 if "
        "they were sent again since",
    )


class DecisionOut(BaseModel):
    event: int
    year: int
    ministry: str
    chapter: str | None
    kind: str
    at: str
    by: str
    text: str | None
    fingerprint: str | None


def _chapter_out(c: ReviewChapter) -> dict[str, Any]:
    return {
        "state": c.state.as_dict(),
        "name": c.name,
        "fingerprint": c.state.sent.fingerprint if c.state.sent else "",
        "figures": [
            {
                "indicator": f.figure_id,
                "label": f.label,
                "category": f.category,
                "value": None if f.suppressed else f.value,
                "unit": f.unit,
                "suppressed": f.suppressed,
                "definition": f.definition,
                "formula": f.formula,
                "deliveries": sorted({int(d["delivery"]) for d in f.sources}),
            }
            for f in c.figures
        ],
    }


def _ministry_out(request: Request, year: int, ministry: str, lang: str) -> dict[str, Any]:
    chapters = chapters_of(_gate(request), year, ministry, lang)
    if not chapters:
        raise HTTPException(404, TEXT[lang]["not_found"])
    return {"year": year, "ministry": ministry, "chapters": [_chapter_out(c) for c in chapters]}


@api_router.get(
    "/{year}",
    response_model=MinistryReviewOut | list[ChapterStateOut],
    responses=RESPONSES,
    summary="The review of a year",
)
def api_year(
    request: Request, token: Reviewer, year: Year, lang: Literal["nl", "en"] = "nl"
) -> Any:
    """A reviewer: its own ministry's chapters with their figures and state. The JBR team:
    the state of every ministry and chapter."""
    if token.role == COORDINATOR:
        states = store.chapter_states(year_events(_gate(request), year), year)
        if not states:
            raise HTTPException(404, TEXT[lang]["not_found"])
        order = {c: i for i, c in enumerate(CHAPTERS)}
        return [
            s.as_dict()
            for _, s in sorted(states.items(), key=lambda kv: (kv[0][0], order.get(kv[0][1], 99)))
        ]
    return _ministry_out(request, year, token.ministerie, lang)


@api_router.get(
    "/{year}/ministries/{ministry}",
    response_model=MinistryReviewOut,
    responses=RESPONSES,
    summary="One ministry's review",
)
def api_ministry(
    request: Request, token: Reviewer, year: Year, ministry: str, lang: Literal["nl", "en"] = "nl"
) -> Any:
    """A ministry's chapters with figures and state: the JBR team any, a reviewer its own
    (another ministry's is 404)."""
    return _ministry_out(request, year, _visible_ministry(request, token, ministry), lang)


@api_router.get(
    "/{year}/chapters/{chapter}",
    response_model=ChapterOut | list[ChapterStateOut],
    responses=RESPONSES,
    summary="One chapter of the review",
)
def api_chapter(
    request: Request,
    token: Reviewer,
    year: Year,
    chapter: Annotated[str, PathParam(description=", ".join(DOMAINS))],
    lang: Literal["nl", "en"] = "nl",
) -> Any:
    """A reviewer: this chapter of its own ministry, with its figures, state and the
    fingerprint to send back with a decision. The JBR team: the state of this chapter for
    every ministry it was sent to."""
    domain = _chapter(chapter)
    if token.role == COORDINATOR:
        states = store.chapter_states(year_events(_gate(request), year), year)
        found = [s.as_dict() for (m, c), s in sorted(states.items()) if c == domain and s.sent]
        if not found:
            raise HTTPException(404, TEXT[lang]["not_found"])
        return found
    for c in chapters_of(_gate(request), year, token.ministerie, lang):
        if c.chapter == domain:
            return _chapter_out(c)
    raise HTTPException(404, TEXT[lang]["not_found"])


@api_router.post(
    "/{year}/chapters/{chapter}",
    response_model=DecisionOut,
    status_code=201,
    responses={
        **RESPONSES,
        400: {"model": Detail, "description": "the body is not JSON"},
        409: {"model": Detail, "description": "the figures were sent again since"},
    },
    summary="Approve or comment on a chapter",
)
def api_decide(
    request: Request,
    token: Reviewer,
    year: Year,
    chapter: Annotated[str, PathParam(description=", ".join(DOMAINS))],
    body: DecisionIn,
) -> Any:
    """Record "akkoord" (approve) or a comment on one chapter of the token's ministry."""
    if body.decision == "comment" and not (body.comment or "").strip():
        raise HTTPException(422, TEXT["nl"]["comment_needed"])
    event = record_decision(
        _gate(request), token, year, _chapter(chapter), body.decision == "approve",
        (body.comment or "").strip(), body.fingerprint,
    )  # fmt: skip
    return event.as_dict() | {"by": event.actor}
