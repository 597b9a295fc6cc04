"""HTTP details of ``jbr serve`` (issue 14 item 5), against a running server: HEAD like GET,
413 for an oversized chunked body, 404 and no traceback for absurd paths, long file names
keep their extension, and no caching of a supplier's own answers."""

from __future__ import annotations

import re
import socket
from urllib.parse import urlparse

import httpx
import pytest

from jbr.web.uploads.arrival import safe_name

from .web_server import WOO_HEADER, bearer, copy_store, running

UPLOAD_LIMIT = 64 * 1024  # --max-upload-mb 0.0625


@pytest.fixture(scope="module")
def store(web_store, tmp_path_factory):
    return copy_store(web_store, tmp_path_factory.mktemp("web-http"))


@pytest.fixture(scope="module")
def server(store):
    with running(store, "--max-upload-mb", "0.0625") as server:
        yield server


GET_ROUTES = [
    "/api/indicators?year=2022",
    "/api/indicators?year=2022&ministry=FIN",  # the second time: from the answer cache
    "/api/publications",
    "/api/deliveries",
    "/portal",
    "/docs",
    "/openapi.json",
    "/",
    "/indicator/woo.within_term_pct/2022",
    "/indicator/woo.within_term_pct/2022/FIN/",  # rendered on request
    "/opendata/2022/cijfers.csv",
    "/static/portal/portal.css",
    "/indicator/woo.within_term_pct/2023",  # embargoed: 404 for both
    "/api/indicators?year=2023",
]


@pytest.mark.parametrize("path", GET_ROUTES)
def test_head_answers_like_get_without_a_body(server, store, path):
    headers = bearer(store.tokens["fin"]) if path == "/api/deliveries" else {}
    get = httpx.get(server.url + path, headers=headers, timeout=30)
    head = httpx.head(server.url + path, headers=headers, timeout=30)
    assert head.status_code == get.status_code != 405
    assert head.content == b""
    assert head.headers.get("content-type") == get.headers.get("content-type")
    if "content-length" in get.headers:
        assert head.headers["content-length"] == get.headers["content-length"]


def test_405_names_every_method_of_the_path(server):
    response = httpx.delete(server.url + "/api/indicators", timeout=10)
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, HEAD"
    both = httpx.request("OPTIONS", server.url + "/api/deliveries", timeout=10)
    assert both.status_code == 405
    assert both.headers["allow"] == "GET, HEAD, POST"  # both routes of the path


def chunked_upload(server, path: str, content: bytes, headers: dict[str, str]) -> httpx.Response:  # type: ignore[no-untyped-def]
    """A multipart upload of ``content`` sent chunked (no Content-Length)."""
    boundary = "jbrgrens"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
        f'filename="woo_verzoeken_FIN_2019.csv"\r\nContent-Type: text/csv\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()

    def body():  # type: ignore[no-untyped-def]
        yield head
        for start in range(0, len(content), 16384):
            yield content[start : start + 16384]
        yield tail

    response = httpx.post(
        server.url + path,
        content=body(),
        headers={**headers, "Content-Type": f"multipart/form-data; boundary={boundary}"},
        timeout=60,
    )
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert "content-length" not in response.request.headers
    return response


def test_an_oversized_chunked_body_is_413_not_400(server, store):
    response = chunked_upload(
        server, "/api/deliveries", b"x" * (4 * UPLOAD_LIMIT), bearer(store.tokens["fin"])
    )
    assert response.status_code == 413
    assert "te groot" in response.json()["detail"]


def test_an_oversized_chunked_portal_upload_is_a_413_page(server, store):
    with httpx.Client(base_url=server.url, follow_redirects=True) as client:
        form = client.get("/portal").text
        csrf = re.search(r'name="csrf" value="([^"]+)"', form).group(1)  # type: ignore[union-attr]
        client.post("/portal/aanmelden", data={"token": store.tokens["fin"], "csrf": csrf})
        cookie = f"jbr_sessie={client.cookies['jbr_sessie']}; jbr_csrf={csrf}"
    response = chunked_upload(
        server, "/portal/leveren", b"x" * (4 * UPLOAD_LIMIT), {"Cookie": cookie}
    )
    assert response.status_code == 413
    assert "te groot" in response.text and "<html" in response.text


@pytest.mark.parametrize("path", ["/api/deliveries", "/portal/leveren"])
def test_an_upload_without_credentials_is_refused_before_its_body(server, path):
    """Refused with 401 before reading: an oversized body without a token is 401, not 413."""
    response = chunked_upload(server, path, b"x" * (4 * UPLOAD_LIMIT), {})
    assert response.status_code == 401
    if path.startswith("/api"):
        assert response.headers["www-authenticate"] == "Bearer"
    else:
        assert "Meld u eerst aan" in response.text


def test_a_small_chunked_upload_still_arrives(server, store):
    content = (WOO_HEADER + "\nF19-1;FIN;2019-03-01;2019-03-05;false;openbaar\n").encode()
    response = chunked_upload(server, "/api/deliveries", content, bearer(store.tokens["fin"]))
    assert response.status_code == 201, response.text


def raw_get(server, path: str) -> tuple[int, bytes]:  # type: ignore[no-untyped-def]
    """A GET sent byte for byte (clients normalise paths; this one does not)."""
    url = urlparse(server.url)
    with socket.create_connection((url.hostname, url.port), timeout=30) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data


@pytest.mark.parametrize(
    "path",
    [
        "/" + "a/" * 5000,  # 5,000 levels
        "/" + "x" * 5000,  # one very long name
        "/opendata/" + "b/" * 300 + "c.csv",
        "/indicator/" + "%2e%2e/" * 200,
    ],
)
def test_absurd_paths_are_404_without_a_traceback(server, path):
    status, data = raw_get(server, path)
    assert status == 404
    assert b"Niet gevonden" in data
    log = server.log_text()
    assert "Traceback" not in log and " 500 " not in log
    # The access log keeps the line short.
    assert all(len(line) < 1000 for line in log.splitlines())


@pytest.mark.parametrize(
    ("sent", "kept", "reason"),
    [
        ("woo_verzoeken_FIN_2024.csv", "woo_verzoeken_FIN_2024.csv", "short: unchanged"),
        (
            "woo_verzoeken_" + "x" * 150 + ".csv",
            "woo_verzoeken_" + "x" * (120 - len("woo_verzoeken_") - 4) + ".csv",
            "long: the stem is cut, 120 characters with the extension",
        ),
        ("a" * 200 + ".parquet", "a" * 112 + ".parquet", "long, another extension"),
        ("../../" + "y" * 130 + ".xlsx", "y" * 115 + ".xlsx", "a path: the base name only"),
        ("z" * 130, "z" * 120, "no extension: cut at 120"),
        ("rapport." + "q" * 40, "rapport." + "q" * 40, "not an extension (too long): kept"),
        ("Overzicht 2024 (def).csv", "Overzicht_2024_def_.csv", "spaces, brackets: one _ each"),
    ],
)
def test_safe_name_keeps_the_extension(sent, kept, reason):
    assert safe_name(sent) == kept, reason
    assert len(safe_name(sent)) <= 120


def test_a_long_file_name_keeps_its_extension_and_is_stored(server, store):
    name = "woo_verzoeken_" + "toelichting_bij_de_levering_" * 6 + "FIN_2012.csv"
    assert len(name) > 120
    content = (WOO_HEADER + "\nF12-1;FIN;2012-03-01;2012-03-05;false;openbaar\n").encode()
    response = httpx.post(
        server.url + "/api/deliveries",
        headers=bearer(store.tokens["fin"]),
        files={"file": (name, content, "text/csv")},
        timeout=60,
    )
    assert response.status_code == 201, response.text
    kept = response.json()["file_name"]
    assert kept.endswith(".csv") and len(kept) == 120 and kept.startswith("woo_verzoeken_")


@pytest.mark.parametrize(
    ("path", "private"),
    [
        ("/api/deliveries", True),
        ("/api/deliveries/1", True),
        ("/portal", True),
        ("/api/indicators?year=2022", False),
        ("/api/publications", False),
    ],
)
def test_a_suppliers_answers_are_not_cached(server, store, path, private):
    headers = bearer(store.tokens["fin"]) if path.startswith("/api/deliveries") else {}
    response = httpx.get(server.url + path, headers=headers, timeout=30)
    assert response.status_code in (200, 404)
    assert (response.headers.get("cache-control") == "no-store") is private
    if private:  # an error answer too (here: without a token)
        assert httpx.get(server.url + path).headers.get("cache-control") == "no-store"


def test_timestamps_carry_their_time_zone(server, store):
    listed = httpx.get(server.url + "/api/deliveries", headers=bearer(store.tokens["fin"])).json()
    published = httpx.get(server.url + "/api/publications").json()
    stamps = [u["received_at"] for u in listed] + [p["published_at"] for p in published]
    assert stamps and all(re.search(r"(Z|[+-]\d\d:\d\d)$", s) for s in stamps)
