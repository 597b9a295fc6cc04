"""The delivery portal: sign in with a token, upload, read the validation result, see one's
own deliveries and their history. Server-rendered, works without JavaScript (SPEC §1 users:
delivering ministries "see exactly which row and column is wrong and why")."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..deliveries.themes import THEMES
from ..locale import install, text
from ..store.access.tokens import SUPPLIER, Token
from ..store.connection import connect
from ..store.history import DeliveryRecord, delivery_history, replacement_text
from .api_routes.deliveries import own_uploads
from .auth import (
    attach_csrf,
    clear_session,
    client_address,
    csrf_value,
    require_csrf,
    session_id,
    set_session,
    too_many,
)
from .gate import StoreGate
from .uploads.receive import receive_upload

router = APIRouter(prefix="/portal", include_in_schema=False)
templates = install(  # t(key): the words of jbr/locale/<lang>/
    Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
)


def status_words(lang: str) -> dict[str, str]:
    """What became of an upload and of a stored delivery, in ``lang`` (``status_word`` in the
    templates)."""
    return {
        "stored": text("portaal.status.stored", lang),
        "unchanged": text("portaal.status.unchanged", lang),
        "rejected": text("portaal.status.rejected", lang),
        "current": text("portaal.status.current", lang),
        "superseded": text("portaal.status.superseded", lang),
    }


def request_lang(request: Request, given: str | None = None) -> str:
    """The language of a portal page: given, ``?lang=``, else the server's default."""
    lang = given or request.query_params.get("lang") or request.app.state.settings.lang
    return lang if lang in ("nl", "en") else "nl"


def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    lang = context.pop("lang", None) or request_lang(request)
    html = templates.get_template(name).render(
        lang=lang,
        status_word=status_words(lang),
        csrf=csrf_value(request),
        themes=sorted(THEMES),
        replacement=replacement_text,
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    attach_csrf(request, response)
    return response


def signed_in(request: Request) -> Token | None:
    """The token of the request's live session; a session of a revoked token ends here."""
    state = request.app.state
    token_id = state.sessions.token_id(session_id(request))
    if token_id is None:
        return None
    token = state.auth.token(token_id)
    if token is None:
        state.sessions.end_token(token_id)
    return token  # type: ignore[no-any-return]


def delivery_states(gate: StoreGate, ids: list[int], ministry: str) -> dict[int, dict[str, Any]]:
    """Per stored delivery: what it covers of ``ministry`` (a supplier sees nothing of
    another ministry, whatever an upload refers to) and whether a later delivery replaced
    (part of) it."""
    if not ids or not gate.db.exists():
        return {}
    with gate.lock:
        con = connect(gate.db, read_only=True)
        try:
            rows = _coverage(con, ids, ministry)
        finally:
            con.close()
    out: dict[int, dict[str, Any]] = {}
    for delivery_id, theme, ministry, year, n, current in rows:
        d = out.setdefault(delivery_id, {"current": True, "coverage": []})
        d["current"] = d["current"] and current
        d["coverage"].append({"theme": theme, "ministry": ministry, "year": year, "rows": n})
    return out


def _coverage(con: duckdb.DuckDBPyConnection, ids: list[int], ministry: str) -> list[tuple]:
    return con.execute(
        """SELECT c.delivery_id, c.theme, c.ministerie, c.jaar, c.rows,
                  NOT EXISTS (SELECT 1 FROM coverage later
                              WHERE later.theme = c.theme AND later.ministerie = c.ministerie
                                AND later.jaar IS NOT DISTINCT FROM c.jaar
                                AND later.delivery_id > c.delivery_id) AS current
           FROM coverage c WHERE c.delivery_id IN (SELECT unnest(?::INTEGER[]))
             AND c.ministerie = ?
           ORDER BY c.delivery_id, c.theme, c.jaar""",
        [ids, ministry],
    ).fetchall()


def ministry_deliveries(gate: StoreGate, ministry: str) -> list[DeliveryRecord]:
    """Every delivery in the store with data of ``ministry`` (portal uploads, ``jbr load``,
    ``jbr build``), only its part of each, with what replaced what (SPEC §7)."""
    if not gate.db.exists():
        return []
    with gate.lock:
        con = connect(gate.db, read_only=True)
        try:
            return delivery_history(con, ministry=ministry)
        finally:
            con.close()


@router.get("", response_class=HTMLResponse)
def home(request: Request) -> Response:
    token = signed_in(request)
    if token is None:
        return page(request, "aanmelden.html.j2")
    if token.role != SUPPLIER:  # a reviewer or the JBR team: the review (web/review/)
        return RedirectResponse(f"/portal/wederhoor?lang={request_lang(request)}", status_code=303)
    gate: StoreGate = request.app.state.gate
    uploads = own_uploads(gate, token)
    states = delivery_states(
        gate, [u.delivery_id for u in uploads if u.delivery_id], token.ministerie
    )
    history = ministry_deliveries(gate, token.ministerie)
    return page(
        request, "portaal.html.j2", token=token, uploads=uploads, states=states, history=history
    )


@router.post("/aanmelden")
def sign_in(
    request: Request,
    token: Annotated[str, Form(max_length=200)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    lang: Annotated[str | None, Form(max_length=2)] = None,
) -> Response:
    require_csrf(request, csrf)
    lang = request_lang(request, lang)
    state, client = request.app.state, client_address(request)
    wait = state.sign_in_limit.retry_after(client)
    if wait is not None:
        raise too_many(wait, lang)
    found = state.auth.check(token.strip())
    if found is None:
        state.sign_in_limit.failed(client)
        return page(
            request,
            "aanmelden.html.j2",
            status=401,
            lang=lang,
            error=text("portaal.aanmelden.onbekend", lang),
        )
    state.sessions.end(session_id(request))  # a new session id at every sign-in
    response = RedirectResponse(f"/portal?lang={lang}", status_code=303)
    set_session(response, request, state.sessions.start(found.token_id))
    return response


@router.post("/afmelden")
def sign_out(request: Request, csrf: Annotated[str, Form(max_length=200)] = "") -> Response:
    """Ends the session on the server (its cookie signs in nobody afterwards)."""
    require_csrf(request, csrf)
    request.app.state.sessions.end(session_id(request))
    response = RedirectResponse("/portal", status_code=303)
    clear_session(response, request)
    return response


@router.post("/leveren")
async def deliver(
    request: Request,
    file: Annotated[UploadFile | None, File()] = None,
    theme: Annotated[str, Form(max_length=40)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    lang: Annotated[str | None, Form(max_length=2)] = None,
    allow_shrink: Annotated[str, Form(max_length=5)] = "",
) -> Response:
    require_csrf(request, csrf)
    lang = request_lang(request, lang)
    token = await run_in_threadpool(signed_in, request)
    if token is None:
        return page(request, "aanmelden.html.j2", status=401, lang=lang)
    if token.role != SUPPLIER:
        raise HTTPException(403, text("portaal.uitslag.niet_leveren", lang))
    if file is None or not file.filename:
        return page(
            request,
            "uitslag.html.j2",
            status=422,
            lang=lang,
            token=token,
            message=text("portaal.uitslag.kies_bestand", lang),
        )
    chosen = theme if theme in THEMES else None
    result = await receive_upload(request, token, file, chosen, lang, allow_shrink == "1")
    status = 200 if result.status != "rejected" else 422
    return page(
        request, "uitslag.html.j2", status=status, lang=lang, token=token, result=result,
        theme=chosen or "",
    )  # fmt: skip


@router.get("/leveringen/{upload_id}", response_class=HTMLResponse)
def upload_detail(
    request: Request, upload_id: Annotated[int, PathParam(ge=1, le=2**31 - 1)]
) -> Response:
    token = signed_in(request)
    if token is None:
        return page(request, "aanmelden.html.j2", status=401)
    gate: StoreGate = request.app.state.gate
    found = own_uploads(gate, token, upload_id)
    if not found:
        return page(request, "niet_gevonden.html.j2", status=404, token=token)
    upload = found[0]
    ids = [upload.delivery_id] if upload.delivery_id else []
    states = delivery_states(gate, ids, token.ministerie)
    return page(request, "levering.html.j2", token=token, upload=upload, states=states)
