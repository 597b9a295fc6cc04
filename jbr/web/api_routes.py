"""The JSON API (SPEC §2): published figures for everyone, deliveries for their supplier.

``/api/indicators`` serves only published years, from the snapshot taken by
``jbr publish`` (suppressed figures without a value). A year under embargo is
404, the same answer as a year without data, so the API does not even tell
whether figures exist.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from ..codelists import RIJK, ministry_by_code
from ..deliveries.themes import THEMES
from ..store.access import Token, figure_rows, publication_rows, upload_rows
from ..store.load import connect
from .auth import bearer
from .gate import Settings, StoreGate
from .uploads import receive

router = APIRouter(prefix="/api")

NOT_PUBLISHED = "Geen gepubliceerde cijfers voor dit jaar."


class Figure(BaseModel):
    """One published figure: SPEC §2's machine-readable row."""

    indicator: str = Field(examples=["woo.within_term_pct"])
    year: int = Field(examples=[2023])
    ministry: str = Field(description="Ministry code (SPEC §4) or RIJK", examples=["RIJK"])
    value: float | None = Field(description="null when unknown or suppressed")
    unit: str
    target: float | None
    status: Literal["met", "on_track", "off_track"] | None
    suppressed: bool = Field(description="true: describes fewer than 10 persons, value withheld")


class PublicationOut(BaseModel):
    year: int
    version: int
    published_at: datetime
    note: str | None = Field(description="what a correction changed; null for the first version")
    figures: int


class ProblemOut(BaseModel):
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str
    severity: str
    hint: str | None = Field(default=None, description="what to do about it")


class UploadOut(BaseModel):
    upload_id: int
    received_at: datetime
    file_name: str
    status: Literal["stored", "unchanged", "rejected"]
    delivery_id: int | None
    errors: int
    warnings: int
    problems: list[ProblemOut] = []


class Detail(BaseModel):
    detail: str


def _gate(request: Request) -> StoreGate:
    return request.app.state.gate  # type: ignore[no-any-return]


def _read(gate: StoreGate, read: Any) -> Any:
    if not gate.db.exists():
        return read(None)
    con = connect(gate.db, read_only=True)
    try:
        return read(con)
    finally:
        con.close()


def published(gate: StoreGate) -> dict[int, list[Any]]:
    """Year → its publications (versions), cached by store state."""

    def read() -> dict[int, list[Any]]:
        rows = _read(gate, lambda con: publication_rows(con) if con else [])
        out: dict[int, list[Any]] = {}
        for p in rows:
            out.setdefault(p.year, []).append(p)
        return out

    return gate.cached("publications", read)


def year_figures(gate: StoreGate, year: int, version: int | None) -> list[dict[str, Any]]:
    return gate.cached(
        ("figures", year, version),
        lambda: _read(gate, lambda con: figure_rows(con, year, version) if con else []),
    )


KEYS = ("indicator", "year", "ministry", "value", "unit", "target", "status", "suppressed")


@router.get(
    "/indicators",
    response_model=list[Figure],
    responses={404: {"model": Detail, "description": "year not published (or no data)"}},
    summary="Published indicator figures",
)
async def indicators(
    request: Request,
    year: Annotated[
        int | None, Query(ge=1900, le=2100, description="default: all published")
    ] = None,
    ministry: Annotated[
        str | None, Query(max_length=10, description="ministry code (SPEC §4) or RIJK")
    ] = None,
    indicator: Annotated[
        str | None,
        Query(max_length=200, description="an indicator id; also matches its breakdowns (id.X)"),
    ] = None,
    version: Annotated[
        int | None, Query(ge=1, le=10_000, description="a publication version of `year`")
    ] = None,
) -> Response:
    """SPEC §2 rows of the published years only; suppressed figures have value null."""
    gate = _gate(request)
    key = ("answer", year, ministry, indicator, version)
    state = gate.state()
    # A question asked before in this store state is answered on the event loop: a stat and a
    # dictionary lookup. Anything else reads the store in a worker thread.
    answer = gate.peek(key)
    if answer is StoreGate._MISSING:
        answer = await run_in_threadpool(
            gate.cached, key, lambda: _answer(gate, year, ministry, indicator, version)
        )
    status, content = answer
    if status != 200:
        raise HTTPException(status, content)
    # Remembered by the literal query too, for AnswerCache (a repeat skips FastAPI entirely).
    gate.remember(("raw", request.scope["query_string"].decode("latin-1")), content, state)
    return Response(content, media_type="application/json")


def _answer(
    gate: StoreGate,
    year: int | None,
    ministry: str | None,
    indicator: str | None,
    version: int | None,
) -> tuple[int, Any]:
    """(status, encoded JSON or the error text) for one question."""
    years = published(gate)
    if year is not None and year not in years:
        return 404, NOT_PUBLISHED
    if version is not None:
        if year is None:
            return 422, "version needs a year"
        if version not in {p.version for p in years[year]}:
            return 404, "Deze versie bestaat niet."
    if ministry is not None and ministry != RIJK and ministry not in ministry_by_code():
        return 422, f"Onbekende ministeriecode {ministry!r}."
    rows = [
        r
        for y in ([year] if year is not None else sorted(years))
        for r in year_figures(gate, y, version)
        if (ministry is None or r["ministry"] == ministry)
        and (
            indicator is None
            or r["indicator"] == indicator
            or r["indicator"].startswith(indicator + ".")
        )
    ]
    return 200, json.dumps(
        [{k: r[k] for k in KEYS} for r in rows], ensure_ascii=False, separators=(",", ":")
    ).encode()


@router.get("/publications", response_model=list[PublicationOut], summary="Published years")
def publications(request: Request) -> list[dict[str, Any]]:
    """Every publication: the first lifts a year's embargo, later ones are corrections."""
    return [
        {
            "year": p.year,
            "version": p.version,
            "published_at": p.published_at,
            "note": p.note,
            "figures": p.figures,
        }
        for ps in published(_gate(request)).values()
        for p in ps
    ]


# --- the supplier's own deliveries (Authorization: Bearer <token>) --------------------------


def api_supplier(request: Request) -> Token:
    token = request.app.state.auth.check(bearer(request))
    if token is None:
        raise HTTPException(
            401,
            "Aanmelden vereist: Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return token  # type: ignore[no-any-return]


def _upload_out(u: Any, with_problems: bool) -> dict[str, Any]:
    return {
        "upload_id": u.upload_id,
        "received_at": u.received_at,
        "file_name": u.file_name,
        "status": u.status,
        "delivery_id": u.delivery_id,
        "errors": u.errors,
        "warnings": u.warnings,
        "problems": u.problems if with_problems else [],
    }


def own_uploads(gate: StoreGate, token: Token, upload_id: int | None = None) -> list[Any]:
    with gate.lock:
        return _read(  # type: ignore[no-any-return]
            gate,
            lambda con: (
                upload_rows(con, token.supplier, token.ministerie, upload_id) if con else []
            ),
        )


AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {401: {"model": Detail}}


@router.get(
    "/deliveries",
    response_model=list[UploadOut],
    responses=AUTH_RESPONSES,
    summary="My deliveries",
)
def deliveries(request: Request) -> list[dict[str, Any]]:
    """The signed-in supplier's own uploads (newest first), for its ministry only."""
    token = api_supplier(request)
    return [_upload_out(u, False) for u in own_uploads(_gate(request), token)]


@router.get(
    "/deliveries/{upload_id}",
    response_model=UploadOut,
    responses={**AUTH_RESPONSES, 404: {"model": Detail}},
    summary="One of my deliveries",
)
def delivery(request: Request, upload_id: int) -> dict[str, Any]:
    """One own upload with every problem found; another supplier's upload is 404."""
    token = api_supplier(request)
    found = own_uploads(_gate(request), token, upload_id)
    if not found:
        raise HTTPException(404, "Deze levering bestaat niet of is niet van u.")
    return _upload_out(found[0], True)


@router.post(
    "/deliveries",
    response_model=UploadOut,
    status_code=201,
    responses={
        **AUTH_RESPONSES,
        200: {"model": UploadOut, "description": "identical to a current delivery: unchanged"},
        413: {"model": Detail},
        422: {"model": UploadOut, "description": "rejected: nothing stored"},
    },
    summary="Deliver a file",
)
def upload(
    request: Request,
    file: Annotated[UploadFile, File(description=".xlsx, .csv or .parquet")],
    theme: Annotated[str | None, Form(description="theme of a csv/parquet file")] = None,
    lang: Annotated[Literal["nl", "en"], Form()] = "nl",
    allow_shrink: Annotated[
        bool,
        Form(
            description="confirm replacing an earlier delivery of a theme, ministry and year "
            "with fewer than half of its rows (else such a file is rejected, rule "
            "vervanging_veel_kleiner)"
        ),
    ] = False,
) -> JSONResponse:
    """Validate and store a delivery for the token's ministry; any error stores nothing."""
    token = api_supplier(request)
    if theme is not None and theme not in THEMES:
        raise HTTPException(422, f"Onbekend thema {theme!r}.")
    settings: Settings = request.app.state.settings
    result = receive(
        _gate(request), settings, token, file.filename, file.file, theme, lang, allow_shrink
    )
    found = own_uploads(_gate(request), token, result.upload_id)
    status = {"stored": 201, "unchanged": 200}.get(result.status, 422)
    return JSONResponse(jsonable_encoder(_upload_out(found[0], True)), status)
