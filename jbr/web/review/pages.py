"""The review's portal pages (``/portal/wederhoor``): the years, a year's chapters for a
reviewer or the overview of every ministry for the JBR team, a ministry's workbook, and a
reviewer's decision posted from the page."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ...locale import text
from ...publish.review import CHAPTERS, ReviewChapter, chapter_name, status_text
from ...publish.review import workbook as review_workbook
from ...store import review as store
from ...store.access.tokens import COORDINATOR, REVIEWER, Token
from ..auth import require_csrf
from ..portal import page, request_lang, signed_in
from .records import (
    chapters_of,
    gate_of,
    later_deliveries,
    record_decision,
    review_years,
    year_events,
)
from .scope import MAX_COMMENT, Year, chapter_domain, visible_ministry

portal_router = APIRouter(prefix="/portal/wederhoor", include_in_schema=False)


def _signed_in_reviewer(request: Request) -> Token | Response:
    token = signed_in(request)
    if token is None:
        return page(request, "aanmelden.html.j2", status=401)
    if token.role not in (REVIEWER, COORDINATOR):
        return page(
            request, "melding.html.j2", status=403, title="403", token=token,
            message=text("wederhoor.geen_rol", request_lang(request)),
        )  # fmt: skip
    return token


@portal_router.get("", response_class=HTMLResponse)
def home(request: Request) -> Response:
    token = _signed_in_reviewer(request)
    if isinstance(token, Response):
        return token
    mine = None if token.role == COORDINATOR else token.ministerie
    years = review_years(gate_of(request), mine)
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
        raise HTTPException(404, text("wederhoor.niet_gevonden", request_lang(request)))
    return _workbook(request, year, token.ministerie)


@portal_router.get("/{year}/{ministry}/werkboek.xlsx")
def ministry_workbook(request: Request, year: Year, ministry: str) -> Response:
    token = _signed_in_reviewer(request)
    if isinstance(token, Response):
        return token
    code = visible_ministry(request, token, ministry)
    return _workbook(request, year, code)


@portal_router.get("/{year}/{ministry}", response_class=HTMLResponse)
def ministry_page(request: Request, year: Year, ministry: str) -> Response:
    """The JBR team reads one ministry's review; a reviewer only its own (else 404)."""
    token = _signed_in_reviewer(request)
    if isinstance(token, Response):
        return token
    code = visible_ministry(request, token, ministry)
    if token.role == REVIEWER:
        return RedirectResponse(f"/portal/wederhoor/{year}?lang={request_lang(request)}", 303)
    return _ministry_page(request, token, year, code, editable=False)


def _workbook(request: Request, year: int, ministry: str) -> Response:
    lang = request_lang(request)
    chapters = chapters_of(gate_of(request), year, ministry, lang)
    if not chapters:
        raise HTTPException(404, text("wederhoor.niet_gevonden", lang))
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
    gate = gate_of(request)
    chapters = chapters_of(gate, year, ministry, lang)
    if not chapters:
        raise HTTPException(404, text("wederhoor.niet_gevonden", lang))
    done = request.query_params.get("vastgelegd")
    notice = None
    if done in ("akkoord", "opmerking"):
        chapter = request.query_params.get("hoofdstuk", "")
        name = chapter_name(chapter, lang)
        notice = (
            text("wederhoor.vastgelegd_akkoord", lang, chapter=name)
            if done == "akkoord"
            else text("wederhoor.vastgelegd_opmerking", lang, chapter=name)
        )
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
    from ...codelists import ministry_by_code

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
    gate = gate_of(request)
    found = year_events(gate, year)
    states = store.chapter_states(found, year)
    ministries = sorted({m for m, _ in states})
    if not ministries:
        raise HTTPException(404, text("wederhoor.niet_gevonden", lang))
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
    chapter = chapter_domain(chapter)
    note = opmerking.strip()
    if decision == "opmerking" and not note:
        raise HTTPException(422, text("wederhoor.opmerking_nodig", lang))
    try:
        record_decision(
            gate_of(request), token, year, chapter, decision == "akkoord", note, fingerprint or None
        )
    except HTTPException as e:
        if e.status_code in (404, 409):
            message = (
                text("wederhoor.gewijzigd", lang)
                if e.status_code == 409
                else text("wederhoor.niet_verstuurd", lang)
            )
            raise HTTPException(e.status_code, message) from None
        raise
    return RedirectResponse(
        f"/portal/wederhoor/{year}?lang={lang}&vastgelegd={decision}&hoofdstuk={chapter}"
        f"#h-{chapter}",
        status_code=303,
    )
