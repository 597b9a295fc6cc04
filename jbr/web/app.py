"""``jbr serve``: the FastAPI application (SPEC §2): dashboard, open data, API, portal.

Safe defaults (issue 8, issue 14): security headers on every answer (a CSP without
``unsafe-inline``), request bodies limited before they are read, HEAD like GET, no
request content or token in error answers or logs, uploads stored outside the web root
and read in a capped worker process, server-side portal sessions, a sign-in rate limit.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from ..locale import text
from ..store.load import StoreError
from . import api_routes, fresh, portal, site
from .auth import Authenticator, Sessions, SignInLimit
from .gate import Settings, StoreGate
from .middleware import (
    AllowedMethods,
    BodyLimit,
    CredentialsFirst,
    HeadAsGet,
    OddPaths,
    SecurityHeaders,
)
from .review import api as review_api
from .review import pages as review_pages
from .uploads.arrival import TooLarge, too_large_message
from .worker import Workers

log = logging.getLogger("jbr.web")
STATIC = Path(__file__).parent / "static"


class AnswerCache:
    """``GET /api/indicators`` asked before in this store state: the stored JSON is sent
    straight away, without routing or parameter parsing (the API's hot path; the route
    remembers each successful answer by its literal query string)."""

    PATH = "/api/indicators"

    def __init__(self, app: ASGIApp, gate: StoreGate) -> None:
        self.app = app
        self.gate = gate

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == self.PATH:
            query = scope.get("query_string", b"").decode("latin-1")
            content = self.gate.peek(("raw", query))
            if content is not StoreGate.MISSING:
                await send(
                    {
                        "type": "http.response.start",
                        "status": 200,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"content-length", str(len(content)).encode()),
                        ],
                    }
                )
                await send({"type": "http.response.body", "body": content})
                return
        await self.app(scope, receive, send)


def _accept_lang(scope: Scope) -> str:
    query = scope.get("query_string", b"").decode(errors="ignore")
    return "en" if "lang=en" in query else "nl"


def _wants_html(path: str) -> bool:
    return path.startswith("/portal")


def _too_large(scope: Scope, limit: int) -> Response:
    message = too_large_message(limit, _accept_lang(scope))
    if _wants_html(scope.get("path", "")):
        return HTMLResponse(
            portal.templates.get_template("melding.html.j2").render(
                lang=_accept_lang(scope), title="413", message=message, token=None
            ),
            status_code=413,
            headers={"Connection": "close"},
        )
    return JSONResponse({"detail": message}, status_code=413, headers={"Connection": "close"})


def _no_credentials(scope: Scope) -> Response:
    """401 for an upload sent without a token or session (before its body is read)."""
    if _wants_html(scope.get("path", "")):
        lang = _accept_lang(scope)
        html = portal.templates.get_template("melding.html.j2").render(
            lang=lang,
            title="401",
            message=text("web.melding.eerst_aanmelden", lang),
            token=None,
        )
        return HTMLResponse(html, status_code=401, headers={"Connection": "close"})
    return JSONResponse(
        {"detail": text("web.fout.aanmelden_vereist", "nl")},
        status_code=401,
        headers={"WWW-Authenticate": "Bearer", "Connection": "close"},
    )


def create_app(settings: Settings) -> FastAPI:
    """The application over one store; ``settings.out`` holds ``jbr build``'s output."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Uploads wait for a reader in the event loop, not in threads the pages need.
        app.state.upload_threads = anyio.CapacityLimiter(2 * settings.upload_limits.workers)
        # The reader host starts with the first upload (Workers), not here: a server that
        # only serves the site and the API (most of the year) never holds one.
        # Pages rendered from the store (a correction newer than site/) answer at once.
        threading.Thread(target=fresh.warm, args=(gate,), daemon=True).start()
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(app.state.workers.close)

    app = FastAPI(
        lifespan=lifespan,
        title="JBR — Jaarrapportage Bedrijfsvoering Rijk",
        version="1",
        description="Published indicator figures (SPEC §2) and the delivery portal's API. "
        "Figures of a year are public only after `jbr publish --year Y`.",
        docs_url=None,
        redoc_url=None,
    )
    gate = StoreGate(settings.db)
    app.state.settings = settings
    app.state.gate = gate
    app.state.auth = Authenticator(gate)
    app.state.sessions = Sessions()
    app.state.sign_in_limit = SignInLimit(settings.sign_in_attempts)
    app.state.workers = Workers(settings.upload_limits)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        # Never echo what was sent (it may hold a token): location, reason and kind only.
        errors = [
            {
                "loc": [p if isinstance(p, int) else str(p) for p in e.get("loc", ())],
                "msg": e.get("msg", ""),
                "type": e.get("type", "value_error"),
            }
            for e in exc.errors()
        ]
        if _wants_html(request.url.path):
            return _message(request, 422, text("web.fout.formulier_onvolledig", "nl"))
        return JSONResponse({"detail": errors}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request.url.path) and isinstance(exc.detail, str):
            response = _message(request, exc.status_code, exc.detail)
            response.headers.update(exc.headers or {})
            return response
        return JSONResponse(
            {"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers
        )

    @app.exception_handler(TooLarge)
    async def too_large(request: Request, exc: TooLarge) -> Response:
        return _too_large(request.scope, exc.limit)

    @app.exception_handler(StoreError)
    async def store_busy(request: Request, exc: StoreError) -> Response:
        log.warning("store unavailable: %s", exc)
        message = text("web.fout.store_bezet", "nl")
        if _wants_html(request.url.path):
            return _message(request, 503, message)
        return JSONResponse({"detail": message}, status_code=503, headers={"Retry-After": "5"})

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
        return JSONResponse({"detail": text("web.fout.intern", "nl")}, 500)

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_HTML)

    app.include_router(api_routes.router)
    app.include_router(review_api.api_router)
    app.include_router(review_pages.portal_router)
    app.include_router(portal.router)
    app.mount("/static/portal", StaticFiles(directory=STATIC), name="portal-static")
    app.mount("/static/swagger", StaticFiles(directory=_swagger_dir()), name="swagger")

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> Response:
        index = settings.out / "site" / "index.html"
        if index.is_file():
            return await site.site(request, "")
        return HTMLResponse(LANDING_HTML)

    app.include_router(site.router)
    # Outermost last: headers on everything, odd paths and HEAD before any route.
    app.add_middleware(AnswerCache, gate=gate)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes, refuse=_too_large)
    app.add_middleware(CredentialsFirst, refuse=_no_credentials)
    app.add_middleware(AllowedMethods, routes=app.router.routes)
    app.add_middleware(HeadAsGet)
    app.add_middleware(OddPaths, not_found=site.not_found)
    app.add_middleware(SecurityHeaders, https=settings.behind_proxy)
    return app


def _message(request: Request, status: int, message: str) -> Response:
    return portal.page(
        request, "melding.html.j2", status=status, title=str(status), message=message
    )


def _swagger_dir() -> str:
    """Swagger UI 5 (OpenAPI 3.1, which FastAPI writes) as shipped in the swagger-ui-py package."""
    import swagger_ui  # type: ignore[import-untyped]

    return str(Path(swagger_ui.__file__).parent / "static")


DOCS_HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>JBR API — OpenAPI</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/swagger/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<noscript><p>The API description is at <a href="/openapi.json">/openapi.json</a>.</p></noscript>
<script src="/static/swagger/swagger-ui-bundle.js"></script>
<script src="/static/portal/docs.js"></script></body></html>"""

LANDING_HTML = f"""<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>JBR</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/portal/portal.css"></head>
<body><main><h1>{text("web.pagina.merk", "nl")}</h1>
<p>{text("web.site.niet_gebouwd", "nl")}</p>
<ul><li><a href="/docs">{text("web.site.api", "nl")}</a></li>\
<li><a href="/portal">{text("web.pagina.portaal", "nl")}</a></li>
<li><a href="/api/publications">{text("web.site.jaren", "nl")}</a></li></ul></main></body></html>"""


def log_config(level: str = "info") -> dict[str, Any]:
    """uvicorn's logging: its access log (method, path and query with anything like a
    token removed, never headers or bodies) and jbr's own messages, to stderr."""
    from uvicorn.config import LOGGING_CONFIG

    config = json.loads(json.dumps(LOGGING_CONFIG))
    config.setdefault("filters", {})["redact"] = {"()": "jbr.web.access_log.Redact"}
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact")
    config["loggers"]["jbr.web"] = {"handlers": ["default"], "level": level.upper()}
    return config


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    import uvicorn

    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_config=log_config(),
        server_header=False,
        # Behind the TLS proxy: the client address and scheme it forwards (from the
        # addresses in FORWARDED_ALLOW_IPS, default 127.0.0.1), for the sign-in limit.
        proxy_headers=settings.behind_proxy,
        workers=1,  # one process: the store has one writer, serialised by StoreGate.lock
    )
