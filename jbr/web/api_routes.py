"""The JSON API (SPEC §2): published figures for everyone, deliveries for their supplier.

``/api/indicators`` serves only published years, from the snapshot taken by
``jbr publish`` (suppressed figures without a value). A year under embargo is
404, the same answer as a year without data, so the API does not even tell
whether figures exist.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, File, Form, HTTPException, Path, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AwareDatetime, BaseModel, Field, create_model

from ..codelists import RIJK, ministries
from ..deliveries.themes import THEMES
from ..store.access.published import figure_rows, publication_rows
from ..store.access.tokens import SUPPLIER, Token
from ..store.access.uploads import upload_rows
from ..store.connection import connect
from ..store.figure_row import FIGURE_KEYS, FIGURE_ROW
from ..store.history import Replacement, replaced_by_delivery, replacement_text
from .auth import bearer, client_address, too_many
from .gate import StoreGate
from .uploads.receive import receive_upload

router = APIRouter(prefix="/api")
# Documents the scheme in /openapi.json (and /docs); the check itself is api_supplier's.
supplier_token = HTTPBearer(
    auto_error=False,
    scheme_name="leverancierstoken",
    description="A supplier token from `jbr token create` (jbr_<id>_<secret>).",
)
# The code list's ministries (also former ones: earlier years use them) and RIJK, as the
# published figures write them. The API takes them in any case (``bzk``, ``IENW``), like the
# CLI and the delivery files; the schema says so with a pattern, not an enum, so that a
# client (and schemathesis) knows ``bzk`` is valid and ``XYZ`` is not.
MINISTRY_CODES = sorted({m.code for m in ministries()} | {RIJK})
_MINISTRY_SPELLING = {c.lower(): c for c in MINISTRY_CODES}
MINISTRY_PATTERN = (
    "^(?:"
    + "|".join("".join(f"[{ch.upper()}{ch.lower()}]" for ch in c) for c in MINISTRY_CODES)
    + ")$"
)


def ministry_code(value: str) -> str:
    """The code as the code list spells it (``ienw`` → ``IenW``); an unknown one is 422
    with the valid codes (the body of any request that does not fit its parameters)."""
    found = _MINISTRY_SPELLING.get(value.lower()) if value.isascii() else None
    if found is None:
        codes = ", ".join(f"'{c}'" for c in MINISTRY_CODES)
        raise RequestValidationError(
            [
                {
                    "loc": ("query", "ministry"),
                    "msg": "Onbekende ministeriecode. Geldige codes (hoofd- of kleine letters): "
                    f"{codes}.",
                    "type": "enum",
                }
            ]
        )
    return found


NOT_PUBLISHED = "Geen gepubliceerde cijfers voor dit jaar."


# One published figure, SPEC §2's row: its fields, types, descriptions and examples come
# from the row's one declaration (store.figure_row); the OpenAPI document shows it as a
# class would (tests/test_figure_row.py).
_FIGURE_FIELDS: dict[str, Any] = {
    f.name: (
        f.python,
        Field(description=f.en, examples=None if f.example is None else [f.example]),
    )
    for f in FIGURE_ROW
}
Figure = create_model(
    "Figure", __doc__="One published figure: SPEC §2's machine-readable row.", **_FIGURE_FIELDS
)


def utc(stamp: datetime) -> datetime:
    """The store keeps UTC without a zone (DuckDB TIMESTAMP); the API says it is UTC."""
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp


class PublicationOut(BaseModel):
    year: int
    version: int
    published_at: AwareDatetime = Field(description="UTC")
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


class ReplacementOut(BaseModel):
    """What a stored delivery replaced in one (theme, ministry, year): the delivery before
    it there, with both row counts (SPEC §7: corrections are explicit)."""

    theme: str
    ministry: str
    year: int | None
    replaces_delivery: int
    replaces_loaded_at: AwareDatetime = Field(description="UTC")
    replaces_file: str
    rows_before: int
    rows_after: int
    message: str = Field(
        examples=["vervangt levering 1 van 4 december 2026 (personeel BZK 2024): 30 → 1 rij"]
    )


class UploadOut(BaseModel):
    upload_id: int
    received_at: AwareDatetime = Field(description="UTC")
    file_name: str
    status: Literal["stored", "unchanged", "rejected"]
    delivery_id: int | None
    errors: int
    warnings: int
    problems: list[ProblemOut] = []
    replaces: list[ReplacementOut] = Field(
        default=[],
        description="of a stored upload, in the answers about one upload: what its delivery "
        "replaced (a refused much smaller replacement says it in `problems`, rule "
        "vervanging_veel_kleiner)",
    )


class Detail(BaseModel):
    detail: str


class ValidationIssue(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(BaseModel):
    """A request that does not fit the declared parameters (never echoes what was sent)."""

    detail: list[ValidationIssue]


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


@router.get(
    "/indicators",
    response_model=list[Figure],  # type: ignore[valid-type]  # a model made from data
    responses={
        404: {"model": Detail, "description": "year not published (or no data)"},
        422: {
            "model": ValidationErrorOut,
            "description": "a parameter does not fit, e.g. an unknown ministry code (the "
            "message lists the valid codes)",
        },
    },
    summary="Published indicator figures",
)
async def indicators(
    request: Request,
    year: Annotated[
        int | None, Query(ge=1900, le=2100, description="default: all published")
    ] = None,
    ministry: Annotated[
        str | None,
        Query(
            description="a ministry code or RIJK, in any case (`bzk` = `BZK`): "
            + ", ".join(MINISTRY_CODES),
            json_schema_extra={"pattern": MINISTRY_PATTERN},
            examples=["BZK"],
        ),
    ] = None,
    indicator: Annotated[
        str | None,
        Query(max_length=200, description="an indicator id; also matches its breakdowns (id.X)"),
    ] = None,
    version: Annotated[
        int | None,
        Query(
            ge=1,
            le=10_000,
            description="a publication version: 1 = as first published; without `year`, "
            "that version of each year that has one",
        ),
    ] = None,
) -> Response:
    """SPEC §2 rows of the published years only; suppressed figures have value null."""
    gate = _gate(request)
    code = None if ministry is None else ministry_code(ministry)
    key = ("answer", year, code, indicator, version)
    state = gate.state()
    # A question asked before in this store state is answered on the event loop: a stat and a
    # dictionary lookup. Anything else reads the store in a worker thread.
    answer = gate.peek(key)
    if answer is StoreGate._MISSING:
        answer = await run_in_threadpool(
            gate.cached, key, lambda: _answer(gate, year, code, indicator, version)
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
    chosen = [year] if year is not None else sorted(years)
    if version is not None:
        chosen = [y for y in chosen if version in {p.version for p in years[y]}]
        if year is not None and not chosen:
            return 404, "Deze versie bestaat niet."
    rows = [
        r
        for y in chosen
        for r in year_figures(gate, y, version)
        if (ministry is None or r["ministry"] == ministry)
        and (
            indicator is None
            or r["indicator"] == indicator
            or r["indicator"].startswith(indicator + ".")
        )
    ]
    return 200, json.dumps(
        [{k: r[k] for k in FIGURE_KEYS} for r in rows], ensure_ascii=False, separators=(",", ":")
    ).encode()


@router.get("/publications", response_model=list[PublicationOut], summary="Published years")
def publications(request: Request) -> list[dict[str, Any]]:
    """Every publication: the first lifts a year's embargo, later ones are corrections."""
    return [
        {
            "year": p.year,
            "version": p.version,
            "published_at": utc(p.published_at),
            "note": p.note,
            "figures": p.figures,
        }
        for ps in published(_gate(request)).values()
        for p in ps
    ]


# --- the supplier's own deliveries (Authorization: Bearer <token>) --------------------------


def api_supplier(
    request: Request,
    _: Annotated[HTTPAuthorizationCredentials | None, Depends(supplier_token)] = None,
) -> Token:
    """The token of ``Authorization: Bearer``; a wrong one counts as a failed sign-in. A
    dependency: it answers 401 before the request's parameters are judged. Only a
    supplier's token delivers (a reviewer's or the JBR team's is 403)."""
    token = api_token(request)
    if token.role != SUPPLIER:
        raise HTTPException(403, "Dit token is niet van een leverancier; het levert niets aan.")
    return token


def api_token(request: Request) -> Token:
    """The active token of ``Authorization: Bearer``, whatever its role (401 without)."""
    state, given = request.app.state, bearer(request)
    client = client_address(request)
    if given is not None:
        wait = state.sign_in_limit.retry_after(client)
        if wait is not None:
            raise too_many(wait)
    token = state.auth.check(given)
    if token is None:
        if given is not None:
            state.sign_in_limit.failed(client)
        raise HTTPException(
            401,
            "Aanmelden vereist: Authorization: Bearer <token>.",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return token  # type: ignore[no-any-return]


def _upload_out(
    u: Any, with_problems: bool, replaces: list[Replacement] | None = None, lang: str = "nl"
) -> dict[str, Any]:
    return {
        "upload_id": u.upload_id,
        "received_at": utc(u.received_at),
        "file_name": u.file_name,
        "status": u.status,
        "delivery_id": u.delivery_id,
        "errors": u.errors,
        "warnings": u.warnings,
        "problems": u.problems if with_problems else [],
        "replaces": [
            {
                "theme": r.theme,
                "ministry": r.ministerie,
                "year": r.jaar,
                "replaces_delivery": r.delivery_id,
                "replaces_loaded_at": utc(r.loaded_at),
                "replaces_file": r.file_name,
                "rows_before": r.rows_before,
                "rows_after": r.rows_after,
                "message": replacement_text(r, lang),
            }
            for r in replaces or []
        ],
    }


def upload_replaces(gate: StoreGate, token: Token, u: Any) -> list[Replacement]:
    """What a stored upload's delivery replaced, of the token's ministry."""
    if u.status != "stored" or not u.delivery_id:
        return []
    with gate.lock:
        return _read(  # type: ignore[no-any-return]
            gate,
            lambda con: replaced_by_delivery(con, u.delivery_id, token.ministerie) if con else [],
        )


def own_uploads(gate: StoreGate, token: Token, upload_id: int | None = None) -> list[Any]:
    with gate.lock:
        return _read(  # type: ignore[no-any-return]
            gate,
            lambda con: (
                upload_rows(con, token.supplier, token.ministerie, upload_id) if con else []
            ),
        )


AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": Detail, "description": "no token, or an unknown, wrong or revoked one"},
    429: {"model": Detail, "description": "too many failed sign-ins; see Retry-After"},
}
Supplier = Annotated[Token, Depends(api_supplier)]
UploadId = Annotated[int, Path(ge=1, le=2**31 - 1, description="from POST or the list")]


@router.get(
    "/deliveries",
    response_model=list[UploadOut],
    responses=AUTH_RESPONSES,
    summary="My deliveries",
)
def deliveries(request: Request, token: Supplier) -> list[dict[str, Any]]:
    """The signed-in supplier's own uploads (newest first), for its ministry only."""
    return [_upload_out(u, False) for u in own_uploads(_gate(request), token)]


@router.get(
    "/deliveries/{upload_id}",
    response_model=UploadOut,
    responses={**AUTH_RESPONSES, 404: {"model": Detail}},
    summary="One of my deliveries",
)
def delivery(request: Request, token: Supplier, upload_id: UploadId) -> dict[str, Any]:
    """One own upload with every problem found; another supplier's upload is 404."""
    found = own_uploads(_gate(request), token, upload_id)
    if not found:
        raise HTTPException(404, "Deze levering bestaat niet of is niet van u.")
    return _upload_out(found[0], True, upload_replaces(_gate(request), token, found[0]))


@router.post(
    "/deliveries",
    response_model=UploadOut,
    status_code=201,
    responses={
        **AUTH_RESPONSES,
        200: {"model": UploadOut, "description": "identical to a current delivery: unchanged"},
        400: {"model": Detail, "description": "the multipart body cannot be parsed"},
        413: {"model": Detail, "description": "larger than the upload limit"},
        422: {
            "model": UploadOut | ValidationErrorOut,
            "description": "rejected, nothing stored (UploadOut with every problem); or the "
            "form does not fit (ValidationErrorOut)",
        },
        503: {"model": Detail, "description": "the store is busy; see Retry-After"},
    },
    summary="Deliver a file",
)
async def upload(
    request: Request,
    token: Supplier,
    file: Annotated[UploadFile, File(description=".xlsx, .csv or .parquet")],
    theme: Annotated[
        Literal[tuple(sorted(THEMES))] | None,  # type: ignore[valid-type]
        Form(description="theme of a csv/parquet file (default: from the file name)"),
    ] = None,
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
    """Validate and store a delivery for the token's ministry; any error stores nothing.

    The file is read and checked in a separate process with memory and time caps; a file
    that passes them is rejected with a problem saying so."""
    result = await receive_upload(request, token, file, theme, lang, allow_shrink)
    found = await run_in_threadpool(own_uploads, _gate(request), token, result.upload_id)
    status = {"stored": 201, "unchanged": 200}.get(result.status, 422)
    # What it replaced, as the load said it (the same as reading it back from the store).
    out = _upload_out(found[0], True, result.replaces if result.status == "stored" else [], lang)
    # Through the model, as the other answers: timestamps the same way (…Z).
    return JSONResponse(UploadOut.model_validate(out).model_dump(mode="json"), status)
