"""The delivery portal against a running ``jbr serve``: sign-in, uploads, validation result,
authorisation between suppliers, size and type limits, safe names, no secrets in logs."""

from __future__ import annotations

import re

import duckdb
import httpx
import pytest

from .conftest import snapshot
from .web_server import WOO_HEADER, bearer, copy_store, running


@pytest.fixture(scope="module")
def store(web_store, tmp_path_factory):
    return copy_store(web_store, tmp_path_factory.mktemp("web-portal"))


@pytest.fixture(scope="module")
def server(store):
    # 64 KiB upload limit so the size test needs no big file.
    with running(store, "--max-upload-mb", "0.0625") as server:
        yield server


def woo_csv(rows: list[str]) -> bytes:
    return (
        "\n".join([WOO_HEADER.replace(";", ","), *(r.replace(";", ",") for r in rows)]) + "\n"
    ).encode()


def upload(server, token: str, name: str, content: bytes, **data) -> httpx.Response:
    return httpx.post(
        server.url + "/api/deliveries",
        headers=bearer(token),
        files={"file": (name, content, "application/octet-stream")},
        data=data,
        timeout=60,
    )


def browser(server) -> httpx.Client:
    return httpx.Client(base_url=server.url, timeout=60, follow_redirects=True)


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', html).group(1)  # type: ignore[union-attr]


def sign_in(client: httpx.Client, token: str) -> httpx.Response:
    form = client.get("/portal")
    return client.post("/portal/aanmelden", data={"token": token, "csrf": csrf_of(form.text)})


def test_sign_in_sets_a_strict_httponly_cookie_and_shows_the_supplier(server, store):
    with browser(server) as client:
        response = sign_in(client, store.tokens["fin"])
        assert response.status_code == 200
        assert "P-Direkt" in response.text and "FIN" in response.text
        cookie = next(
            h for h in response.history[0].headers.get_list("set-cookie") if "jbr_sessie" in h
        )
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie


@pytest.mark.parametrize("token", ["jbr_000000000000_" + "x" * 43, "nonsense", ""])
def test_wrong_token_is_refused(server, token):
    with browser(server) as client:
        response = sign_in(client, token)
        assert response.status_code in (401, 422)
        assert "jbr_sessie" not in client.cookies


def test_form_post_without_csrf_value_is_refused(server, store):
    with browser(server) as client:
        client.get("/portal")
        response = client.post("/portal/aanmelden", data={"token": store.tokens["fin"]})
        assert response.status_code == 403
        assert "CSRF" in response.text
        assert "jbr_sessie" not in client.cookies


def test_upload_through_the_form_shows_every_problem_in_dutch(server, store):
    rows = [
        "F24-1;FIN;gisteren;;false;openbaar",  # not a date at all
        "F24-2;FIN;2024-02-30;;false;openbaar",  # 30 February does not exist
        "F24-3;FIN;2024-03-01;;misschien;openbaar",  # not a yes/no value
    ]
    before = snapshot(store.db)
    with browser(server) as client:
        page = sign_in(client, store.tokens["fin"])
        response = client.post(
            "/portal/leveren",
            data={"csrf": csrf_of(page.text)},
            files={"file": ("woo_verzoeken_FIN_2024.csv", woo_csv(rows), "text/csv")},
        )
    assert response.status_code == 422
    html = response.text
    assert "afgewezen, niets opgeslagen" in html
    cells = [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", tr, re.S)]
        for tr in re.findall(r'<tr class="error">(.*?)</tr>', html, re.S)
    ]
    found = {(c[2], c[3], c[4], c[5]) for c in cells}  # row, column, value, rule
    assert ("2", "ontvangen", "gisteren", "type_datum") in found
    assert ("3", "ontvangen", "2024-02-30", "datum_bestaat_niet") in found
    assert ("4", "verdaagd", "misschien", "type_ja_nee") in found
    assert all(c[0] == "woo_verzoeken_FIN_2024.csv" and c[6] for c in cells)
    assert "Deze datum bestaat niet" in html  # the message in Dutch
    assert snapshot(store.db)["woo_verzoeken"] == before["woo_verzoeken"]


def test_valid_upload_is_stored_and_listed_with_its_history(server, store):
    token = store.tokens["fin"]
    first = upload(
        server,
        token,
        "woo_verzoeken_FIN_2021.csv",
        woo_csv(["F21-1;FIN;2021-03-01;2021-03-05;false;openbaar"]),
    )
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "stored"
    again = upload(
        server,
        token,
        "woo_verzoeken_FIN_2021.csv",
        woo_csv(["F21-1;FIN;2021-03-01;2021-03-05;false;openbaar"]),
    )
    assert again.status_code == 200 and again.json()["status"] == "unchanged"
    newer = upload(
        server,
        token,
        "woo_verzoeken_FIN_2021.csv",
        woo_csv(["F21-1;FIN;2021-03-01;2021-03-08;false;openbaar"]),
    )
    assert newer.status_code == 201
    con = duckdb.connect(str(store.db), read_only=True)
    try:
        supplier = con.execute(
            "SELECT supplier FROM deliveries WHERE delivery_id = ?", [newer.json()["delivery_id"]]
        ).fetchone()[0]
        besluit = con.execute(
            "SELECT besluit FROM current_woo_verzoeken WHERE verzoek_id = 'F21-1'"
        ).fetchall()
    finally:
        con.close()
    assert supplier == "P-Direkt"
    assert [str(b[0]) for b in besluit] == ["2021-03-08"]
    with browser(server) as client:
        page = sign_in(client, token).text
    assert "(deels) vervangen door een latere levering" in page  # the first one, superseded
    assert "actueel" in page


def test_supplier_cannot_read_another_suppliers_deliveries(server, store):
    theirs = upload(
        server,
        store.tokens["bzk"],
        "woo_verzoeken_BZK_2021.csv",
        woo_csv(["B21-1;BZK;2021-03-01;2021-03-05;false;openbaar"]),
    )
    assert theirs.status_code == 201
    upload_id = theirs.json()["upload_id"]
    mine = bearer(store.tokens["fin"])
    assert httpx.get(f"{server.url}/api/deliveries/{upload_id}", headers=mine).status_code == 404
    listed = httpx.get(f"{server.url}/api/deliveries", headers=mine).json()
    assert upload_id not in {u["upload_id"] for u in listed}
    assert all(u["file_name"] != "woo_verzoeken_BZK_2021.csv" for u in listed)
    with browser(server) as client:
        sign_in(client, store.tokens["fin"])
        assert client.get(f"/portal/leveringen/{upload_id}").status_code == 404
    own = httpx.get(f"{server.url}/api/deliveries/{upload_id}", headers=bearer(store.tokens["bzk"]))
    assert own.status_code == 200 and own.json()["status"] == "stored"


def test_supplier_cannot_replace_another_ministrys_data(server, store):
    before = snapshot(store.db)
    response = upload(
        server,
        store.tokens["fin"],
        "woo_verzoeken_BZK_2022.csv",
        woo_csv(["B22-1;BZK;2022-04-01;2022-04-06;false;openbaar"]),
    )
    assert response.status_code == 422
    [problem] = response.json()["problems"]
    assert problem["rule"] == "ander_ministerie" and problem["value"] == "BZK"
    assert "eigen ministerie" in problem["hint"]  # what to do, apart from what is wrong
    after = snapshot(store.db)
    assert {t: after[t] for t in before if t != "uploads"} == {
        t: v for t, v in before.items() if t != "uploads"
    }


def test_supplier_cannot_replace_another_portal_suppliers_delivery(server, store):
    # P-Direkt delivered FIN 2020 through the portal; another FIN supplier may not replace it.
    assert (
        upload(
            server,
            store.tokens["fin"],
            "woo_verzoeken_FIN_2020.csv",
            woo_csv(["F20-1;FIN;2020-03-02;2020-03-05;false;openbaar"]),
        ).status_code
        == 201
    )
    other = upload(
        server,
        store.tokens["fin2"],
        "woo_verzoeken_FIN_2020.csv",
        woo_csv(["F20-1;FIN;2020-03-02;2020-03-09;false;openbaar"]),
    )
    assert other.status_code == 422
    assert [p["rule"] for p in other.json()["problems"]] == ["andere_leverancier"]


def test_api_without_token_is_401(server):
    assert httpx.get(server.url + "/api/deliveries").status_code == 401
    response = httpx.post(server.url + "/api/deliveries", files={"file": ("x.csv", b"a\n")})
    assert response.status_code == 401
    assert (
        httpx.get(server.url + "/api/deliveries", headers=bearer("jbr_abc_" + "y" * 40)).status_code
        == 401
    )


def test_upload_above_the_limit_is_413_with_a_clear_message(server, store):
    big = woo_csv([f"F19-{i};FIN;2019-03-01;2019-03-05;false;openbaar" for i in range(3000)])
    assert len(big) > 64 * 1024
    before = snapshot(store.db)
    response = upload(server, store.tokens["fin"], "woo_verzoeken_FIN_2019.csv", big)
    assert response.status_code == 413
    assert "te groot" in response.json()["detail"] and "MB" not in response.json()["detail"][:5]
    assert snapshot(store.db) == before


def test_path_traversal_file_name_stays_in_its_private_folder(server, store):
    name = "../../../../tmp/evil/woo_verzoeken_FIN_2018.csv"
    response = upload(
        server,
        store.tokens["fin"],
        name,
        woo_csv(["F18-1;FIN;2018-03-01;2018-03-05;false;openbaar"]),
    )
    assert response.status_code == 201, response.text
    assert response.json()["file_name"] == "woo_verzoeken_FIN_2018.csv"
    uploads = store.db.parent / "uploads"
    stored = list(uploads.rglob("woo_verzoeken_FIN_2018.csv"))
    assert len(stored) == 1 and stored[0].parent.parent == uploads
    assert re.fullmatch(r"[0-9a-f]{32}", stored[0].parent.name)  # a generated folder name
    assert not (store.db.parent.parent / "evil").exists()


@pytest.mark.parametrize(
    ("name", "content", "rule"),
    [
        ("woo_verzoeken_FIN_2017.xlsx", b"verzoek_id,ministerie\n", "bestandstype_onjuist"),
        ("woo_verzoeken_FIN_2017.parquet", b"PK\x03\x04 not parquet", "bestandstype_onjuist"),
        ("woo_verzoeken_FIN_2017.csv", b"MZ\x90\x00\x03\x00binary", "bestandstype_onjuist"),
        ("woo_verzoeken_FIN_2017.exe", b"MZ\x90\x00", "bestandstype_onbekend"),
        ("woo_verzoeken_FIN_2017.xlsm", b"PK\x03\x04", "bestandstype_onbekend"),
    ],
)
def test_type_is_checked_by_extension_and_content(server, store, name, content, rule):
    before = (
        len(list((store.db.parent / "uploads").rglob("*")))
        if (store.db.parent / "uploads").exists()
        else 0
    )
    response = upload(server, store.tokens["fin"], name, content)
    assert response.status_code == 422
    assert [p["rule"] for p in response.json()["problems"]] == [rule]
    after = (
        len(list((store.db.parent / "uploads").rglob("*")))
        if (store.db.parent / "uploads").exists()
        else 0
    )
    assert after == before  # a refused file is not kept


def test_tokens_are_stored_hashed_and_never_logged(server, store):
    con = duckdb.connect(str(store.db), read_only=True)
    try:
        hashes = [r[0] for r in con.execute("SELECT hash FROM tokens").fetchall()]
    finally:
        con.close()
    assert hashes and all(h.startswith("scrypt$") for h in hashes)
    secrets = [t.split("_", 2)[2] for t in store.tokens.values()]
    assert not any(s in h for s in secrets for h in hashes)
    # This module signed in, uploaded and failed sign-ins with these tokens: none in the log.
    log = server.log_text()
    assert "POST /portal/aanmelden" in log and "POST /api/deliveries" in log
    for token in store.tokens.values():
        assert token not in log and token.split("_", 2)[2] not in log


def test_revoked_token_cannot_sign_in(store, tmp_path):
    from jbr import api

    token, record = api.token_create("Tijdelijk", "FIN", db=store.db)
    assert api.token_revoke(record.token_id, db=store.db)
    with running(store) as server:
        assert httpx.get(server.url + "/api/deliveries", headers=bearer(token)).status_code == 401
        assert (
            httpx.get(
                server.url + "/api/deliveries", headers=bearer(store.tokens["fin"])
            ).status_code
            == 200
        )
