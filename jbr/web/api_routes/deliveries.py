"""``/api/deliveries``: a supplier's own uploads, and a new one (the token's ministry)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, HTTPException, Path, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from ...deliveries.themes import THEMES
from ...locale import text
from ...store.access.tokens import Token
from ...store.access.uploads import upload_rows
from ...store.history import Replacement, replaced_by_delivery, replacement_text
from ..gate import StoreGate
from ..uploads.receive import receive_upload
from .models import Detail, UploadOut, ValidationErrorOut, utc
from .reading import gate_of, read_store
from .tokens import AUTH_RESPONSES, Supplier

router = APIRouter()
UploadId = Annotated[int, Path(ge=1, le=2**31 - 1, description="from POST or the list")]


def upload_out(
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
        return read_store(  # type: ignore[no-any-return]
            gate,
            lambda con: replaced_by_delivery(con, u.delivery_id, token.ministerie) if con else [],
        )


def own_uploads(gate: StoreGate, token: Token, upload_id: int | None = None) -> list[Any]:
    with gate.lock:
        return read_store(  # type: ignore[no-any-return]
            gate,
            lambda con: (
                upload_rows(con, token.supplier, token.ministerie, upload_id) if con else []
            ),
        )


@router.get(
    "/deliveries",
    response_model=list[UploadOut],
    responses=AUTH_RESPONSES,
    summary="My deliveries",
)
def deliveries(request: Request, token: Supplier) -> list[dict[str, Any]]:
    """The signed-in supplier's own uploads (newest first), for its ministry only."""
    return [upload_out(u, False) for u in own_uploads(gate_of(request), token)]


@router.get(
    "/deliveries/{upload_id}",
    response_model=UploadOut,
    responses={**AUTH_RESPONSES, 404: {"model": Detail}},
    summary="One of my deliveries",
)
def delivery(request: Request, token: Supplier, upload_id: UploadId) -> dict[str, Any]:
    """One own upload with every problem found; another supplier's upload is 404."""
    found = own_uploads(gate_of(request), token, upload_id)
    if not found:
        raise HTTPException(404, text("opslag.api.geen_levering"))
    return upload_out(found[0], True, upload_replaces(gate_of(request), token, found[0]))


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
    found = await run_in_threadpool(own_uploads, gate_of(request), token, result.upload_id)
    status = {"stored": 201, "unchanged": 200}.get(result.status, 422)
    # What it replaced, as the load said it (the same as reading it back from the store).
    out = upload_out(found[0], True, result.replaces if result.status == "stored" else [], lang)
    # Through the model, as the other answers: timestamps the same way (…Z).
    return JSONResponse(UploadOut.model_validate(out).model_dump(mode="json"), status)
