"""``/api/indicators`` and ``/api/publications``: the published figures, for everyone."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from ...locale import text
from ...store.figure_row import FIGURE_KEYS
from ..gate import StoreGate
from .ministries import MINISTRY_CODES, MINISTRY_PATTERN, ministry_code
from .models import Detail, Figure, PublicationOut, ValidationErrorOut, utc
from .reading import gate_of, published, year_figures

router = APIRouter()
NOT_PUBLISHED = text("opslag.api.niet_gepubliceerd")  # the API answers in Dutch


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
    gate = gate_of(request)
    code = None if ministry is None else ministry_code(ministry)
    key = ("answer", year, code, indicator, version)
    state = gate.state()
    # A question asked before in this store state is answered on the event loop: a stat and a
    # dictionary lookup. Anything else reads the store in a worker thread.
    answer = gate.peek(key)
    if answer is StoreGate.MISSING:
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
            return 404, text("opslag.api.geen_versie")
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
        for ps in published(gate_of(request)).values()
        for p in ps
    ]
