"""The JSON API and the embargo, against a running ``jbr serve`` (httpx over loopback)."""

from __future__ import annotations

import subprocess
import sys

import httpx
import pytest

from jbr import api

from .web_server import copy_store, running

SPEC_KEYS = ["indicator", "year", "ministry", "value", "unit", "target", "status", "suppressed"]


@pytest.fixture(scope="module")
def server(web_store, tmp_path_factory):
    store = copy_store(web_store, tmp_path_factory.mktemp("web-api"))
    with running(store) as server:
        yield server


def get(server, path: str, **params) -> httpx.Response:
    return httpx.get(server.url + path, params=params, timeout=10)


def by_ministry(rows: list[dict], indicator: str) -> dict[str, dict]:
    return {r["ministry"]: r for r in rows if r["indicator"] == indicator}


def test_published_year_gives_spec_rows_with_hand_computed_values(server):
    response = get(server, "/api/indicators", year=2022)
    assert response.status_code == 200
    rows = response.json()
    assert rows and all(list(r) == SPEC_KEYS for r in rows)
    woo = by_ministry(rows, "woo.within_term_pct")
    # See tests/web_server.py: FIN 3 of 4, BZK 1 of 2, Rijk 4 of 6 within the legal term.
    assert woo["FIN"]["value"] == 75.0
    assert woo["BZK"]["value"] == 50.0
    assert woo["RIJK"]["value"] == pytest.approx(66.6667, abs=1e-3)
    assert all(r["year"] == 2022 for r in rows)


def test_suppressed_figure_has_null_value(server):
    rows = get(server, "/api/indicators", year=2022, indicator="personnel.headcount").json()
    heads = by_ministry(rows, "personnel.headcount")
    # FIN has 3 persons on 31 December: fewer than 10, withheld; BZK has 12, Rijk 15.
    assert heads["FIN"]["suppressed"] is True and heads["FIN"]["value"] is None
    assert heads["BZK"]["value"] == 12 and heads["BZK"]["suppressed"] is False
    assert heads["RIJK"]["value"] == 15


def test_filters_by_ministry_and_indicator(server):
    rows = get(server, "/api/indicators", year=2022, ministry="FIN", indicator="woo").json()
    # A prefix up to a dot selects a family (a domain, or an indicator's breakdowns).
    assert rows and {r["indicator"].split(".")[0] for r in rows} == {"woo"}
    assert {r["ministry"] for r in rows} == {"FIN"}
    assert get(server, "/api/indicators", year=2022, indicator="wo").json() == []
    rows = get(server, "/api/indicators", year=2022, ministry="FIN").json()
    assert rows and {r["ministry"] for r in rows} == {"FIN"}
    rows = get(server, "/api/indicators", ministry="BZK", indicator="woo.within_term_pct").json()
    assert [(r["year"], r["value"]) for r in rows] == [(2022, 50.0)]


def test_unknown_ministry_is_a_clear_422_with_the_valid_codes(server):
    response = get(server, "/api/indicators", year=2022, ministry="XYZ")
    assert response.status_code == 422
    [issue] = response.json()["detail"]
    assert issue["loc"] == ["query", "ministry"]
    # The code list's codes (also former ones such as EZK: earlier years use them) and RIJK.
    assert all(f"'{code}'" in issue["msg"] for code in ("BZK", "FIN", "EZK", "LVVN", "RIJK"))
    assert "XYZ" not in response.text  # what was sent is never echoed
    # A code with blanks around it, or a look-alike letter (the Kelvin sign lower-cases to
    # k), is not a code either: the API takes exactly what its schema's pattern allows.
    for wrong in (" BZK", "BZK ", "BZ\u212a", ""):
        assert get(server, "/api/indicators", year=2022, ministry=wrong).status_code == 422


@pytest.mark.parametrize(
    ("given", "code"),
    [("bzk", "BZK"), ("Fin", "FIN"), ("rijk", "RIJK"), ("BZK", "BZK")],
)
def test_ministry_codes_are_case_insensitive(server, given, code):
    """Like the CLI and the delivery files (issue 14): any case, the code list's spelling
    in the answer. See tests/web_server.py: FIN 3 of 4, BZK 1 of 2, Rijk 4 of 6 in time."""
    expected = {"FIN": 75.0, "BZK": 50.0, "RIJK": 4 / 6 * 100}[code]
    response = get(
        server, "/api/indicators", year=2022, ministry=given, indicator="woo.within_term_pct"
    )
    assert response.status_code == 200, response.text
    [row] = response.json()
    assert row["ministry"] == code
    assert row["value"] == pytest.approx(expected, abs=1e-3)


def test_the_schema_declares_the_ministry_codes_in_any_case(server):
    """The parameter is a string with a pattern (no enum: an enum would make ``bzk``
    schema-invalid), the description lists the codes, and 422 is declared."""
    import re

    from jbr.codelists import ministries

    operation = get(server, "/openapi.json").json()["paths"]["/api/indicators"]["get"]
    [param] = [p for p in operation["parameters"] if p["name"] == "ministry"]
    schema = param["schema"]
    assert {"type": "string"} in schema["anyOf"] and "enum" not in str(schema)
    pattern = re.compile(schema["pattern"])  # JSON Schema: a pattern applies to strings only
    codes = {m.code for m in ministries()} | {"RIJK"}
    for code in codes:  # every code, also former ones and mixed-case ones (IenW)
        assert code in param["description"]
        for spelling in (code, code.lower(), code.upper()):
            assert pattern.fullmatch(spelling), spelling
    for wrong in ("XYZ", "BZK ", "B", "BZKK", "RIJKS", ""):
        assert not pattern.fullmatch(wrong), wrong
    declared = operation["responses"]["422"]["content"]["application/json"]["schema"]
    assert declared == {"$ref": "#/components/schemas/ValidationErrorOut"}
    # What the pattern allows, the API answers: a few mixed-case spellings of every code.
    for code in sorted(codes):
        mixed = "".join(c.upper() if i % 2 else c.lower() for i, c in enumerate(code))
        assert get(server, "/api/indicators", ministry=mixed).status_code == 200, mixed


def test_embargoed_year_is_404_on_the_api(server):
    assert get(server, "/api/indicators", year=2023).status_code == 404
    assert get(server, "/api/indicators", year=1999).status_code == 404  # no data: same answer
    all_rows = get(server, "/api/indicators").json()
    assert {r["year"] for r in all_rows} == {2022}
    assert [p["year"] for p in get(server, "/api/publications").json()] == [2022]


@pytest.mark.parametrize(
    "path",
    [
        "/indicator/woo.within_term_pct/2023",
        "/indicator/woo.within_term_pct/2023/",
        "/indicator/woo.within_term_pct/2023/FIN",
        "/indicator/woo.within_term_pct/2023/index.html",
        "/opendata/2023/cijfers.csv",
        "/indicator/woo.within_term_pct?year=2023",
    ],
)
def test_embargoed_year_is_404_on_site_and_open_data(server, path):
    """The files exist in OUT (a build that did not leave 2023 out); the server still refuses."""
    response = httpx.get(server.url + path, timeout=10)
    assert response.status_code == 404
    assert "2023" not in response.text or "indicator/" not in response.text


def test_published_year_pages_and_open_data_are_served(server):
    assert get(server, "/indicator/woo.within_term_pct/2022").status_code == 200
    assert get(server, "/opendata/2022/cijfers.csv").status_code == 200
    assert get(server, "/opendata/datapackage.json").status_code == 200
    assert get(server, "/").status_code == 200


@pytest.mark.parametrize(
    "path", ["/../store.duckdb", "/%2e%2e/store.duckdb", "/opendata/..%2f..%2fstore.duckdb"]
)
def test_site_never_serves_files_outside_its_root(server, path):
    response = httpx.get(server.url + path, timeout=10)
    assert response.status_code == 404
    assert b"DUCK" not in response.content


def test_openapi_and_docs(server):
    spec = get(server, "/openapi.json").json()
    assert "/api/indicators" in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/api/indicators"]["get"]["parameters"]}
    assert {"year", "ministry", "indicator"} <= params
    docs = get(server, "/docs")
    assert docs.status_code == 200
    assert "<script>" not in docs.text  # only scripts from files: the CSP has no unsafe-inline
    assert get(server, "/static/swagger/swagger-ui-bundle.js").status_code == 200


@pytest.mark.parametrize(
    "path", ["/api/indicators?year=2022", "/api/indicators?year=2023", "/portal", "/docs", "/nope"]
)
def test_security_headers_on_every_answer(server, path):
    httpx.get(server.url + path, timeout=10)
    headers = httpx.get(server.url + path, timeout=10).headers  # a repeat: from the cache
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "server" not in headers  # no software banner


def test_binds_to_loopback_by_default(server):
    assert "Uvicorn running on http://127.0.0.1:" in server.log_text()


def test_publish_lifts_the_embargo_while_the_server_runs(web_store, tmp_path_factory):
    """`jbr publish` in another process: the server's cache follows the store's state."""
    store = copy_store(web_store, tmp_path_factory.mktemp("web-publish"))
    api.review_override(2023, "testwereld: wederhoor buiten jbr", db=store.db)
    with running(store) as server:
        assert get(server, "/api/indicators", year=2023).status_code == 404
        for _ in range(2):  # the second answer comes from the server's answer cache
            assert {r["year"] for r in get(server, "/api/indicators").json()} == {2022}
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "jbr.cli",
                "publish",
                "--year",
                "2023",
                "--no-site",
                "--without-text",  # the figures only: this store has no report text
                "--reason",
                "testwereld: rapportage buiten jbr gemaakt",
                "--db",
                str(store.db),
            ],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        rows = get(server, "/api/indicators", year=2023, indicator="woo.within_term_pct").json()
        # 2023: FIN decided 10 March on time (1 of 1); BZK received 3 April decided 30 June late.
        assert by_ministry(rows, "woo.within_term_pct")["FIN"]["value"] == 100.0
        assert by_ministry(rows, "woo.within_term_pct")["BZK"]["value"] == 0.0
        assert get(server, "/indicator/woo.within_term_pct/2023/FIN").status_code == 200
        assert {r["year"] for r in get(server, "/api/indicators").json()} == {2022, 2023}
        pubs = get(server, "/api/publications").json()
        assert [(p["year"], p["version"]) for p in pubs] == [(2022, 1), (2023, 1)]


def test_ministry_figure_page_is_rendered_on_request(server):
    """Not a file in this OUT/site (as after `jbr publish --no-site`): rendered from the
    published snapshots; unknown ministries and embargoed years stay 404."""
    page = get(server, "/indicator/woo.within_term_pct/2022/FIN/")
    assert page.status_code == 200
    assert "FIN" in page.text and "75" in page.text  # FIN 2022: 3 of 4 within the term
    assert "unsafe-inline" not in page.headers["content-security-policy"]
    assert get(server, "/en/indicator/woo.within_term_pct/2022/BZK/").status_code == 200
    assert get(server, "/indicator/woo.within_term_pct/2022/XYZ/").status_code == 404
    assert get(server, "/indicator/no.such.indicator/2022/FIN/").status_code == 404
    assert get(server, "/indicator/woo.within_term_pct/2023/BZK/").status_code == 404  # embargo


def test_written_page_urls_keep_their_permanent_form(server):
    """The written site names each page's file (``…/index.html``, so it works from files);
    the server redirects that to the folder, the permanent URL, and answers the open data's
    relative ``../site/X`` (``/site/X``) with ``/X``. Never to another host, never past the
    embargo."""

    def no_follow(path: str) -> httpx.Response:
        return httpx.get(server.url + path, timeout=10, follow_redirects=False)

    moved = no_follow("/indicator/woo.within_term_pct/2022/index.html")
    assert moved.status_code == 308
    assert moved.headers["location"] == "/indicator/woo.within_term_pct/2022/"
    assert no_follow("/index.html").headers["location"] == "/"
    assert no_follow("/en/index.html?year=2022").headers["location"] == "/en/?year=2022"
    site = no_follow("/site/indicator/woo.within_term_pct/2022/index.html")
    assert site.status_code == 308
    assert site.headers["location"] == "/indicator/woo.within_term_pct/2022/index.html"
    followed = httpx.get(
        server.url + "/site/indicator/woo.within_term_pct/2022/index.html",
        timeout=10,
        follow_redirects=True,
    )
    assert followed.status_code == 200
    assert str(followed.url) == server.url + "/indicator/woo.within_term_pct/2022/"
    # //host or /\host would leave this server
    assert no_follow("/site//evil.example/x/").headers["location"] == "/evil.example/x/"
    assert no_follow("//evil.example/index.html").headers.get("location", "/").startswith("/")
    assert not no_follow("//evil.example/index.html").headers.get("location", "/").startswith("//")
    assert no_follow("/site/\\evil.example/").status_code == 404
    # 2023 is under embargo: its page (written by this fixture) stays hidden in every form
    assert no_follow("/indicator/woo.within_term_pct/2023/index.html").status_code == 404
    hidden = httpx.get(
        server.url + "/site/indicator/woo.within_term_pct/2023/", timeout=10, follow_redirects=True
    )
    assert hidden.status_code == 404
