"""The review's API (``/api/review``): a reviewer reads its own ministry's chapters and
records a decision; the JBR team reads the state of every ministry and chapter."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi import Path as PathParam
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from ...indicators import DOMAINS
from ...locale import text
from ...publish.review import CHAPTERS, ReviewChapter
from ...store import review as store
from ...store.access.tokens import COORDINATOR, REVIEWER, Token
from ..api_routes.models import Detail
from ..api_routes.tokens import AUTH_RESPONSES, api_token
from .records import chapters_of, gate_of, record_decision, year_events
from .scope import MAX_COMMENT, Year, chapter_domain, visible_ministry

api_router = APIRouter(prefix="/api/review", tags=["wederhoor"])
reviewer_token = HTTPBearer(
    auto_error=False,
    scheme_name="beoordelaarstoken",
    description="A reviewer's or the JBR team's token from `jbr token create --role reviewer` "
    "or `--role coordinator` (jbr_<id>_<secret>).",
)


def api_reviewer(
    request: Request,
    _: Annotated[HTTPAuthorizationCredentials | None, Depends(reviewer_token)] = None,
) -> Token:
    """A reviewer's or the JBR team's token (401 without a token, 403 for a supplier's)."""
    token = api_token(request)
    if token.role not in (REVIEWER, COORDINATOR):
        raise HTTPException(403, text("wederhoor.geen_rol", "nl"))
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
    chapters = chapters_of(gate_of(request), year, ministry, lang)
    if not chapters:
        raise HTTPException(404, text("wederhoor.niet_gevonden", lang))
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
        states = store.chapter_states(year_events(gate_of(request), year), year)
        if not states:
            raise HTTPException(404, text("wederhoor.niet_gevonden", lang))
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
    return _ministry_out(request, year, visible_ministry(request, token, ministry), lang)


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
    domain = chapter_domain(chapter)
    if token.role == COORDINATOR:
        states = store.chapter_states(year_events(gate_of(request), year), year)
        found = [s.as_dict() for (m, c), s in sorted(states.items()) if c == domain and s.sent]
        if not found:
            raise HTTPException(404, text("wederhoor.niet_gevonden", lang))
        return found
    for c in chapters_of(gate_of(request), year, token.ministerie, lang):
        if c.chapter == domain:
            return _chapter_out(c)
    raise HTTPException(404, text("wederhoor.niet_gevonden", lang))


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
        raise HTTPException(422, text("wederhoor.opmerking_nodig", "nl"))
    event = record_decision(
        gate_of(request), token, year, chapter_domain(chapter), body.decision == "approve",
        (body.comment or "").strip(), body.fingerprint,
    )  # fmt: skip
    return event.as_dict() | {"by": event.actor}
