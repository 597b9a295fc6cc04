"""Portal sign-in: supplier tokens, the session cookie and CSRF protection (SPEC §7 Access).

A supplier proves who it is with its token (``jbr token create``): as
``Authorization: Bearer`` for API use, or once in the sign-in form, after which the
token travels in an HttpOnly, SameSite=Strict cookie. Form posts also carry a CSRF
value that must equal a second cookie (double submit), so another site cannot post in
the supplier's name even where SameSite is not honoured. Tokens are never logged.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading

from fastapi import HTTPException, Request
from fastapi.responses import Response

from ..store.access import Token, secret_matches, split_token, token_rows
from ..store.load import connect
from .gate import StoreGate

SESSION_COOKIE = "jbr_sessie"
CSRF_COOKIE = "jbr_csrf"
SESSION_MAX_AGE = 8 * 3600  # a working day; sign in again after


class Authenticator:
    """Checks tokens against the store's hashes; a token whose secret was verified once is
    remembered by its SHA-256 (scrypt is slow on purpose), revocation is checked every time."""

    def __init__(self, gate: StoreGate) -> None:
        self.gate = gate
        self._verified: dict[str, str] = {}
        self._lock = threading.Lock()

    def _tokens(self) -> dict[str, tuple[Token, str]]:
        def read() -> dict[str, tuple[Token, str]]:
            if not self.gate.db.exists():
                return {}
            con = connect(self.gate.db, read_only=True)
            try:
                return token_rows(con)
            finally:
                con.close()

        return self.gate.cached("tokens", read)

    def check(self, token: str | None) -> Token | None:
        if not token:
            return None
        parts = split_token(token)
        if parts is None:
            return None
        found = self._tokens().get(parts[0])
        if found is None or found[0].revoked is not None:
            return None
        fingerprint = hashlib.sha256(token.encode()).hexdigest()
        with self._lock:
            known = self._verified.get(fingerprint)
        if known != parts[0]:
            if not secret_matches(parts[1], found[1]):
                return None
            with self._lock:
                self._verified[fingerprint] = parts[0]
        return found[0]


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def session_token(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE)


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_session(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path="/",
    )


def clear_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")


def csrf_value(request: Request, response: Response | None = None) -> str:
    """The CSRF value for a form: the one in the cookie, or a new one set on ``response``."""
    value = request.cookies.get(CSRF_COOKIE)
    if not value or len(value) < 32:
        value = secrets.token_urlsafe(32)
        request.state.new_csrf = value
    return value


def attach_csrf(request: Request, response: Response) -> None:
    """Set the CSRF cookie chosen while rendering (if a new one was made)."""
    value = getattr(request.state, "new_csrf", None)
    if value:
        response.set_cookie(
            CSRF_COOKIE,
            value,
            httponly=True,
            samesite="strict",
            secure=_secure(request),
            path="/portal",
        )


def require_csrf(request: Request, submitted: str | None) -> None:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        raise HTTPException(
            status_code=403,
            detail="Het formulier is verlopen of komt niet van deze site (CSRF-controle). "
            "Laad de pagina opnieuw en probeer het nog eens.",
        )
