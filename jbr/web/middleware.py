"""What every answer of ``jbr serve`` gets, below the routes (ASGI middleware).

- security headers on every answer (a CSP without ``unsafe-inline``), and
  ``Strict-Transport-Security`` when served behind the TLS proxy;
- ``HEAD`` answered like ``GET`` without the body (HTTP semantics: RFC 9110 §9.3.2), and
  a 405 naming every method the path has (``Allow``, RFC 9110 §15.5.6);
- request bodies limited before they are read: by ``Content-Length`` up front, else
  (chunked) by counting, 413 either way; an upload without credentials is refused before
  its body is read;
- ``Cache-Control: no-store`` on whatever belongs to a signed-in supplier;
- URL paths that no page can have (very long or deep) end at 404 before any routing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from starlette.responses import Response
from starlette.routing import BaseRoute, Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .uploads.arrival import TooLarge

MULTIPART_OVERHEAD = 64 * 1024  # form fields and part headers around the file
MAX_PATH = 2048  # characters of a URL path; no page of the site comes near
MAX_DEPTH = 32  # segments of a URL path

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]
HSTS = (b"strict-transport-security", b"max-age=31536000")


def private(scope: Scope) -> bool:
    """A request that answers with a supplier's own data: the portal (its session cookie
    is sent there only), the deliveries API, or anything sent with a token."""
    if scope.get("path", "").startswith(("/portal", "/api/deliveries")):
        return True
    return any(name == b"authorization" for name, _ in scope.get("headers", []))


class SecurityHeaders:
    """Adds the security headers to every HTTP response (also errors and static files), and
    ``Cache-Control: no-store`` to private ones."""

    def __init__(self, app: ASGIApp, https: bool = False) -> None:
        self.app = app
        self.headers = SECURITY_HEADERS + ([HSTS] if https else [])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = self.headers + ([(b"cache-control", b"no-store")] if private(scope) else [])

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                if b"cache-control" in present and private(scope):
                    headers = [(k, v) for k, v in headers if k.lower() != b"cache-control"]
                    present.discard(b"cache-control")
                message["headers"] = headers + [(k, v) for k, v in extra if k not in present]
            await send(message)

        await self.app(scope, receive, with_headers)


class HeadAsGet:
    """``HEAD`` runs the ``GET`` route and sends its status and headers (Content-Length
    included) without the body; on a route without ``GET`` it is 405 like ``GET``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        ended = False

        async def headers_only(message: Message) -> None:
            nonlocal ended
            if message["type"] == "http.response.body":
                if ended:
                    return
                ended = True
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class AllowedMethods:
    """A 405 answer's ``Allow`` lists every method some route of the path takes
    (Starlette names only those of the first route it tried), HEAD wherever GET is."""

    METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")

    def __init__(self, app: ASGIApp, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.routes = routes

    def allowed(self, scope: Scope) -> str:
        methods = {
            method
            for method in self.METHODS
            if any(
                route.matches({**scope, "method": method})[0] == Match.FULL for route in self.routes
            )
        }
        if "GET" in methods:
            methods.add("HEAD")
        return ", ".join(sorted(methods))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_allow(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                message["headers"] = headers + [(b"allow", self.allowed(scope).encode())]
            await send(message)

        await self.app(scope, receive, with_allow)


class OddPaths:
    """A URL path longer or deeper than any page is 404 at once: nothing below has to
    survive a 5,000-level path (file systems refuse such names with an error)."""

    def __init__(self, app: ASGIApp, not_found: Callable[[], Response]) -> None:
        self.app = app
        self.not_found = not_found

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        if len(path) > MAX_PATH or path.count("/") > MAX_DEPTH:
            await self.not_found()(scope, receive, send)
            return
        await self.app(scope, receive, send)


class CredentialsFirst:
    """An upload without any credentials is refused before its body is read: a stranger
    cannot make the server receive and parse 200 MB. (Whether the credentials are right is
    the route's check; this only looks whether there are any.)"""

    def __init__(self, app: ASGIApp, refuse: Callable[[Scope], Response]) -> None:
        self.app = app
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST":
            path = scope.get("path", "")
            headers = dict(scope.get("headers", []))
            missing = (path == "/api/deliveries" and b"authorization" not in headers) or (
                path == "/portal/leveren" and b"jbr_sessie=" not in headers.get(b"cookie", b"")
            )
            if missing:
                await self.refuse(scope)(scope, _no_body, send)
                return
        await self.app(scope, receive, send)


class BodyLimit:
    """Refuses request bodies above the upload limit with 413, before the form is parsed:
    by Content-Length up front, else by counting what arrives (chunked transfer)."""

    def __init__(self, app: ASGIApp, limit: int, refuse: Callable[[Scope, int], Response]) -> None:
        self.app = app
        self.limit = limit + MULTIPART_OVERHEAD
        self.upload_limit = limit
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self.refuse(scope, self.upload_limit)(scope, _no_body, send)
            return
        seen = 0

        async def counting() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    # An HTTPException: the form parser passes it on (anything else it turns
                    # into 400) and the app's handler answers 413.
                    raise TooLarge(self.upload_limit)
            return message

        await self.app(scope, counting, send)


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}
