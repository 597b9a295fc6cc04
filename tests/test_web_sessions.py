"""Portal sessions, the sign-in rate limit and tokens in logs (issue 14 item 4), against a
running ``jbr serve``: the cookie is a random session id (never the token), sign-out and
revocation end the session on the server, ``Secure`` behind the TLS proxy, 429 with
``Retry-After`` after too many failed sign-ins, every failed check costs one scrypt
whether or not the token id exists, and no token reaches the log."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys

import httpx
import pytest

from jbr import api
from jbr.store.access.tokens import split_token
from jbr.web.auth import SIGN_IN_ATTEMPTS, Authenticator, Sessions, SignInLimit, waiting_time
from jbr.web.gate import StoreGate

from .web_server import bearer, copy_store, running


@pytest.fixture(scope="module")
def store(web_store, tmp_path_factory):
    return copy_store(web_store, tmp_path_factory.mktemp("web-sessions"))


@pytest.fixture(scope="module")
def server(store):
    with running(store) as server:
        yield server


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def sign_in(client: httpx.Client, token: str, **headers: str) -> httpx.Response:
    form = client.get("/portal", headers=headers)
    return client.post(
        "/portal/aanmelden", data={"token": token, "csrf": csrf_of(form.text)}, headers=headers
    )


def session_cookie(response: httpx.Response) -> str:
    [header] = [h for h in response.history[0].headers.get_list("set-cookie") if "jbr_sessie" in h]
    return header


def signed_in_as(client: httpx.Client) -> str | None:
    found = re.search(r"<h1>Leveren: ([^<]+)</h1>", client.get("/portal").text)
    return found.group(1) if found else None


def test_the_session_cookie_is_a_random_id_not_the_token(server, store):
    token = store.tokens["fin"]
    with httpx.Client(base_url=server.url, follow_redirects=True) as client:
        response = sign_in(client, token)
        assert signed_in_as(client) == "P-Direkt (FIN)"
        value = client.cookies["jbr_sessie"]
        header = session_cookie(response)
    secret = split_token(token)[1]  # type: ignore[index]
    assert token not in value and secret not in value and value not in token
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", value)  # 256 random bits, URL-safe
    assert "HttpOnly" in header and "SameSite=strict" in header and "Path=/portal" in header
    assert "Secure" not in header  # plain http on loopback, no proxy: a browser would drop it


def test_every_sign_in_gets_a_new_session_id(server, store):
    with httpx.Client(base_url=server.url, follow_redirects=True) as client:
        sign_in(client, store.tokens["fin"])
        first = client.cookies["jbr_sessie"]
        sign_in(client, store.tokens["fin"])
        second = client.cookies["jbr_sessie"]
    assert first != second
    with httpx.Client(base_url=server.url, cookies={"jbr_sessie": first}) as old:
        assert signed_in_as(old) is None  # the first session ended at the second sign-in


def test_sign_out_ends_the_session_on_the_server(server, store):
    with httpx.Client(base_url=server.url, follow_redirects=True) as client:
        sign_in(client, store.tokens["fin"])
        cookie = client.cookies["jbr_sessie"]
        page = client.get("/portal").text
        client.post("/portal/afmelden", data={"csrf": csrf_of(page)})
        assert "jbr_sessie" not in client.cookies
    # The old cookie, kept by someone: it signs in nobody.
    with httpx.Client(base_url=server.url, cookies={"jbr_sessie": cookie}) as replay:
        assert signed_in_as(replay) is None
        response = replay.get("/portal/leveringen/1")
        assert response.status_code == 401


def test_revoking_the_token_ends_its_sessions(server, store):
    token, record = api.token_create("Tijdelijk-BZK", "BZK", db=store.db)
    with httpx.Client(base_url=server.url, follow_redirects=True) as client:
        sign_in(client, token)
        assert signed_in_as(client) == "Tijdelijk-BZK (BZK)"
        # jbr token revoke in another process, while the server runs.
        done = subprocess.run(
            [sys.executable, "-m", "jbr.cli", "token", "revoke", record.token_id, "--db",
             str(store.db)],
            capture_output=True,
            text=True,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert signed_in_as(client) is None
        assert "Aanmelden" in client.get("/portal").text


def test_no_cookie_signs_in_with_a_token_as_its_value(server, store):
    """The old design's cookie held the raw token; such a cookie is now just unknown."""
    with httpx.Client(base_url=server.url, cookies={"jbr_sessie": store.tokens["fin"]}) as c:
        assert signed_in_as(c) is None


def test_behind_the_proxy_cookies_are_secure_and_hsts_is_sent(store):
    """What the TLS proxy in front adds (trusted from 127.0.0.1); cookies are passed by
    hand, as a client that keeps Secure cookies for https only would not send them here."""
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "192.0.2.10"}
    with running(store, "--behind-proxy") as server:
        form = httpx.get(server.url + "/portal", headers=forwarded)
        [csrf_cookie] = [h for h in form.headers.get_list("set-cookie") if "jbr_csrf=" in h]
        csrf = csrf_of(form.text)
        response = httpx.post(
            server.url + "/portal/aanmelden",
            data={"token": store.tokens["fin"], "csrf": csrf},
            headers={**forwarded, "Cookie": f"jbr_csrf={csrf}"},
        )
        assert response.status_code == 303
        [session] = [h for h in response.headers.get_list("set-cookie") if "jbr_sessie=" in h]
    for cookie in (csrf_cookie, session):
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert form.headers["strict-transport-security"] == "max-age=31536000"


def test_too_many_failed_sign_ins_get_429_with_retry_after(store):
    with running(store) as server, httpx.Client(base_url=server.url) as client:
        csrf = csrf_of(client.get("/portal").text)
        statuses = []
        for i in range(SIGN_IN_ATTEMPTS + 2):
            wrong = f"jbr_{i:012x}_" + "x" * 43
            response = client.post("/portal/aanmelden", data={"token": wrong, "csrf": csrf})
            statuses.append(response.status_code)
        assert statuses == [401] * SIGN_IN_ATTEMPTS + [429, 429]
        assert 1 <= int(response.headers["retry-after"]) <= 300
        assert "Te veel mislukte aanmeldpogingen" in response.text
        # While the address is blocked, even the right token waits (no oracle).
        right = client.post("/portal/aanmelden", data={"token": store.tokens["fin"], "csrf": csrf})
        assert right.status_code == 429
        # The API's Bearer sign-in counts and is blocked the same way.
        api_answer = client.get("/api/deliveries", headers=bearer(store.tokens["fin"]))
        assert api_answer.status_code == 429 and "retry-after" in api_answer.headers
        # Public pages are not affected.
        assert client.get("/api/publications").status_code == 200


def test_wrong_bearer_tokens_count_towards_the_limit(store):
    with (
        running(store, "--sign-in-attempts", "3") as server,
        httpx.Client(base_url=server.url) as client,
    ):
        wrong = bearer("jbr_abcdef123456_" + "y" * 43)
        codes = [client.get("/api/deliveries", headers=wrong).status_code for _ in range(4)]
        assert codes == [401, 401, 401, 429]
        # No token at all is no failed sign-in: still 401, never 429.
        assert client.get("/api/deliveries").status_code == 401


def test_behind_the_proxy_the_limit_is_per_forwarded_client(store):
    with (
        running(store, "--behind-proxy", "--sign-in-attempts", "2") as server,
        httpx.Client(base_url=server.url) as client,
    ):
        wrong = bearer("jbr_abcdef123456_" + "y" * 43)

        def from_client(ip: str) -> int:
            headers = {**wrong, "X-Forwarded-For": ip, "X-Forwarded-Proto": "https"}
            return client.get("/api/deliveries", headers=headers).status_code

        assert [from_client("192.0.2.1") for _ in range(3)] == [401, 401, 429]
        assert from_client("192.0.2.2") == 401  # another client behind the same proxy


def test_every_failed_check_costs_one_scrypt(store, monkeypatch):
    """Unknown id, known id with a wrong secret, malformed token: the same work, so the
    answer time does not tell whether a token id exists (measured in ``make bench``)."""
    calls = []
    real = hashlib.scrypt

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args, **kwargs)

    auth = Authenticator(StoreGate(store.db))
    auth.check("jbr_000000000000_" + "z" * 43)  # warm: the dummy hash is made once
    monkeypatch.setattr(hashlib, "scrypt", counting)
    known_id = split_token(store.tokens["fin"])[0]  # type: ignore[index]
    cases = {
        "unknown id": "jbr_ffffffffffff_" + "z" * 43,
        "known id, wrong secret": f"jbr_{known_id}_" + "z" * 43,
        "malformed": "not a token at all",
    }
    for case, token in cases.items():
        calls.clear()
        assert auth.check(token) is None, case
        assert len(calls) == 1, case
    calls.clear()
    assert auth.check(store.tokens["fin"]) is not None
    assert len(calls) == 1  # the right token: verified once ...
    calls.clear()
    assert auth.check(store.tokens["fin"]) is not None
    assert calls == []  # ... then remembered


def test_session_ends_after_idle_time_and_at_the_working_day_end():
    now = [0.0]
    sessions = Sessions(max_age=8 * 3600, idle=3600, clock=lambda: now[0])
    a = sessions.start("tok1")
    now[0] = 3599
    assert sessions.token_id(a) == "tok1"  # used: the idle clock restarts
    now[0] = 3599 + 3600
    assert sessions.token_id(a) is None  # an hour idle
    b = sessions.start("tok2")
    for _ in range(10):  # used every 50 minutes, never idle for an hour ...
        now[0] += 3000
        sessions.token_id(b)
    assert sessions.token_id(b) is None  # ... still ends 8 hours after sign-in
    c, d = sessions.start("tok3"), sessions.start("tok3")
    assert sessions.end_token("tok3") == 2
    assert sessions.token_id(c) is None and sessions.token_id(d) is None


@pytest.mark.parametrize(
    ("seconds", "nl", "en"),
    [
        (1, "1 seconde", "1 second"),
        (59, "59 seconden", "59 seconds"),
        (119, "119 seconden", "119 seconds"),
        (120, "2 minuten", "2 minutes"),
        (121, "3 minuten", "3 minutes"),  # rounded up: never sooner than allowed
        (300, "5 minuten", "5 minutes"),
    ],
)
def test_waiting_time_reads_as_people_say_it(seconds, nl, en):
    assert waiting_time(seconds, "nl") == nl
    assert waiting_time(seconds, "en") == en


def test_sign_in_limit_frees_the_address_when_the_oldest_failure_leaves_the_window():
    now = [0.0]
    limit = SignInLimit(attempts=3, window=300, clock=lambda: now[0])
    for t in (0, 10, 20):
        now[0] = t
        assert limit.retry_after("a") is None
        limit.failed("a")
    now[0] = 30
    assert limit.retry_after("a") == 270  # the failure at 0 leaves at 300
    assert limit.retry_after("b") is None  # another address
    now[0] = 300
    assert limit.retry_after("a") is None


def test_tokens_never_reach_the_log(server, store):
    token = store.tokens["bzk"]
    secret = split_token(token)[1]  # type: ignore[index]
    for url in (
        f"/portal?token={token}",
        f"/api/indicators?year=2022&token={token}",
        f"/api/deliveries?access_token={secret}",
        f"/portal/{token}",
    ):
        httpx.get(server.url + url, timeout=10)
    httpx.get(server.url + "/api/deliveries", headers=bearer(token), timeout=10)
    log = server.log_text()
    assert "GET /portal?token=[verwijderd]" in log  # the request is there, its secret not
    assert "/api/indicators?year=2022&token=[verwijderd]" in log
    assert token not in log and secret not in log
