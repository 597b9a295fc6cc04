"""Portal sign-in: supplier tokens, server-side sessions, a sign-in rate limit and CSRF
protection (SPEC §7 Access).

A supplier proves who it is with its token (``jbr token create``): as
``Authorization: Bearer`` for API use, or once in the sign-in form. The form starts a
*session*: a random id (256 bits) in an HttpOnly, SameSite=Strict cookie for ``/portal``
(``Secure`` behind the TLS proxy); the server keeps only the id's SHA-256 with the token
id, in memory. Signing out and revoking the token end the session on the server, so an
old cookie signs in nobody. The token itself is never in a cookie, a URL or a log.

Failed sign-ins (form or Bearer) are counted per client address; past the limit every
attempt gets 429 with ``Retry-After`` until the oldest failure leaves the window. An
unknown token id is checked against a dummy hash, so an attempt costs the same whether
or not the id exists. Form posts also carry a CSRF value that must equal a second cookie
(double submit), so another site cannot post in the supplier's name even where SameSite
is not honoured.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

from fastapi import HTTPException, Request
from fastapi.responses import Response

from ..locale import text
from ..store.access.tokens import Token, hash_secret, secret_matches, split_token, token_rows
from ..store.connection import connect
from .gate import StoreGate

SESSION_COOKIE = "jbr_sessie"
CSRF_COOKIE = "jbr_csrf"
PORTAL = "/portal"
SESSION_MAX_AGE = 8 * 3600  # a working day; sign in again after
SESSION_IDLE = 3600  # an hour without a request ends the session
MAX_SESSIONS = 10_000  # beyond this the oldest sessions end first
SIGN_IN_ATTEMPTS = 10  # failed sign-ins per client address ...
SIGN_IN_WINDOW = 300.0  # ... within this many seconds; then 429
MAX_CLIENTS = 100_000  # addresses remembered by the rate limit


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Authenticator:
    """Checks tokens against the store's hashes. A token whose secret was verified once is
    remembered by its SHA-256 (scrypt is slow on purpose); revocation is checked every time.
    Every failed check costs one scrypt, whether or not the token id exists."""

    def __init__(self, gate: StoreGate) -> None:
        self.gate = gate
        self._verified: dict[str, str] = {}
        self._lock = threading.Lock()
        self._dummy: str | None = None

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

    def _dummy_hash(self) -> str:
        if self._dummy is None:
            self._dummy = hash_secret(secrets.token_urlsafe(32))
        return self._dummy

    def token(self, token_id: str) -> Token | None:
        """The active token with this id (for a session), None when unknown or revoked."""
        found = self._tokens().get(token_id)
        return found[0] if found is not None and found[0].revoked is None else None

    def check(self, token: str | None) -> Token | None:
        """The active token ``token`` stands for; None when malformed, unknown, wrong or
        revoked, each after the same work (one scrypt) unless it was verified before."""
        if not token:
            return None
        parts = split_token(token)
        found = self._tokens().get(parts[0]) if parts else None
        fingerprint = _sha256(token)
        with self._lock:
            known = self._verified.get(fingerprint)
        if found is None or parts is None or known != parts[0]:
            secret = parts[1] if parts else token
            matches = secret_matches(secret, found[1] if found else self._dummy_hash())
            if found is None or parts is None or not matches:
                return None
            with self._lock:
                self._verified[fingerprint] = parts[0]
        return found[0] if found[0].revoked is None else None


@dataclass
class _Session:
    token_id: str
    started: float
    seen: float


class Sessions:
    """Server-side sessions, in memory: SHA-256 of the session id → token id and times.

    In memory, not in the store: a session lives a working day at most, the store is
    append-only history, and the server is one process. A restart signs everyone out."""

    def __init__(
        self,
        max_age: float = SESSION_MAX_AGE,
        idle: float = SESSION_IDLE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_age, self.idle, self.clock = max_age, idle, clock
        self._sessions: OrderedDict[str, _Session] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, token_id: str) -> str:
        """A new session for ``token_id``; returns its id (for the cookie, never stored)."""
        session_id = secrets.token_urlsafe(32)
        now = self.clock()
        with self._lock:
            self._sessions[_sha256(session_id)] = _Session(token_id, now, now)
            while len(self._sessions) > MAX_SESSIONS:
                self._sessions.popitem(last=False)
        return session_id

    def token_id(self, session_id: str | None) -> str | None:
        """The token id of a live session (and the session counts as used now)."""
        if not session_id:
            return None
        key, now = _sha256(session_id), self.clock()
        with self._lock:
            s = self._sessions.get(key)
            if s is None:
                return None
            if now - s.started >= self.max_age or now - s.seen >= self.idle:
                del self._sessions[key]
                return None
            s.seen = now
            return s.token_id

    def end(self, session_id: str | None) -> None:
        if session_id:
            with self._lock:
                self._sessions.pop(_sha256(session_id), None)

    def end_token(self, token_id: str) -> int:
        """End every session of a token (it was revoked); returns how many."""
        with self._lock:
            keys = [k for k, s in self._sessions.items() if s.token_id == token_id]
            for k in keys:
                del self._sessions[k]
        return len(keys)


class SignInLimit:
    """At most ``attempts`` failed sign-ins per client address in ``window`` seconds."""

    def __init__(
        self,
        attempts: int = SIGN_IN_ATTEMPTS,
        window: float = SIGN_IN_WINDOW,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.attempts, self.window, self.clock = attempts, window, clock
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, client: str) -> int | None:
        """Seconds until ``client`` may try again; None when it may now."""
        now = self.clock()
        with self._lock:
            failures = self._failures.get(client)
            if failures is None:
                return None
            while failures and now - failures[0] >= self.window:
                failures.popleft()
            if not failures:
                del self._failures[client]
                return None
            if len(failures) < self.attempts:
                return None
            return max(1, math.ceil(failures[0] + self.window - now))

    def failed(self, client: str) -> None:
        with self._lock:
            failures = self._failures.setdefault(client, deque(maxlen=self.attempts))
            failures.append(self.clock())
            self._failures.move_to_end(client)
            while len(self._failures) > MAX_CLIENTS:
                self._failures.popitem(last=False)


def client_address(request: Request) -> str:
    """The client's address: the peer, or behind the proxy (``--behind-proxy``) the
    address it forwarded (uvicorn's proxy headers, from trusted proxies only)."""
    return request.client.host if request.client else "-"


def waiting_time(seconds: int, lang: str = "nl") -> str:
    """``seconds`` as a reader says it: under two minutes in seconds, else whole minutes
    (rounded up: never sooner than the limit allows)."""
    if seconds == 1:
        return text("web.wachten.seconde", lang, n=seconds)
    if seconds < 120:
        return text("web.wachten.seconden", lang, n=seconds)
    return text("web.wachten.minuten", lang, n=math.ceil(seconds / 60))


def too_many(retry_after: int, lang: str = "nl") -> HTTPException:
    wait = waiting_time(retry_after, lang)
    message = text("web.wachten.te_veel", lang, wait=wait)
    return HTTPException(429, message, headers={"Retry-After": str(retry_after)})


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def session_id(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE)


def _secure(request: Request) -> bool:
    return bool(request.app.state.settings.behind_proxy) or request.url.scheme == "https"


def set_session(response: Response, request: Request, session: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        session,
        max_age=SESSION_MAX_AGE,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path=PORTAL,
    )


def clear_session(response: Response, request: Request) -> None:
    response.delete_cookie(
        SESSION_COOKIE, path=PORTAL, httponly=True, samesite="strict", secure=_secure(request)
    )


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
            path=PORTAL,
        )


def require_csrf(request: Request, submitted: str | None) -> None:
    cookie = request.cookies.get(CSRF_COOKIE)
    if not cookie or not submitted or not hmac.compare_digest(cookie, submitted):
        raise HTTPException(
            status_code=403,
            detail=text("web.fout.csrf", "nl"),
        )
