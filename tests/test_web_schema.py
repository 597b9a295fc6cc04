"""schemathesis, the command as a client would run it, against a live ``jbr serve``: every
operation of /openapi.json, every check (server errors, status codes, response schemas,
content types, headers, positive and negative data, missing auth, unsupported methods,
Allow headers, stateful links), as the public and as a supplier. The repository's
``schemathesis.toml`` holds the one documented exception (a schema-valid file can be a
rejected delivery: 422)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx
import pytest
import schemathesis

from .conftest import ROOT
from .web_server import copy_store, running

EXAMPLES = 25  # per operation and phase; bounded so the test stays within minutes
OPERATIONS = {
    "GET /api/indicators",
    "GET /api/publications",
    "GET /api/deliveries",
    "POST /api/deliveries",
    "GET /api/deliveries/{upload_id}",
    "GET /api/review/{year}",
    "GET /api/review/{year}/ministries/{ministry}",
    "GET /api/review/{year}/chapters/{chapter}",
    "POST /api/review/{year}/chapters/{chapter}",
}


@pytest.fixture(scope="module")
def live(web_store, tmp_path_factory):
    store = copy_store(web_store, tmp_path_factory.mktemp("schemathesis"))
    # schemathesis sends wrong tokens on purpose: a sign-in limit of 10 would answer 429.
    with running(store, "--sign-in-attempts", "1000000") as server:
        yield server, store


def test_schema_covers_the_api_and_declares_the_token(live):
    server, _ = live
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json")
    assert {r.ok().label for r in schema.get_all_operations()} == OPERATIONS
    spec = httpx.get(server.url + "/openapi.json").json()
    schemes = spec["components"]["securitySchemes"]
    assert set(schemes) == {"leverancierstoken", "beoordelaarstoken"}
    scheme = schemes["leverancierstoken"]
    assert scheme == {
        "type": "http",
        "scheme": "bearer",
        "description": "A supplier token from `jbr token create` (jbr_<id>_<secret>).",
    }
    for method, path in (("get", "/api/deliveries"), ("post", "/api/deliveries")):
        assert spec["paths"][path][method]["security"] == [{"leverancierstoken": []}]
    upload = spec["paths"]["/api/deliveries"]["post"]["responses"]
    assert {"200", "201", "400", "401", "413", "422", "429", "503"} <= set(upload)
    # Timestamps are UTC with their zone, as a date-time must be.
    when = spec["components"]["schemas"]["PublicationOut"]["properties"]["published_at"]
    assert when["format"] == "date-time"
    [published] = httpx.get(server.url + "/api/publications").json()
    assert published["published_at"].endswith("Z")


@pytest.mark.parametrize("identity", ["public", "supplier"])
def test_schemathesis_finds_no_failure(live, identity):
    server, store = live
    command = [
        str(Path(sys.executable).parent / "schemathesis"),
        "run",
        server.url + "/openapi.json",
        "--checks",
        "all",
        "--max-examples",
        str(EXAMPLES),
        "--warnings",
        "off",
    ]
    if identity == "supplier":
        command += ["-H", f"Authorization: Bearer {store.tokens['bzk']}"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-6000:]
    assert f"Tested: {len(OPERATIONS)}" in done.stdout  # every operation of the schema
    log = server.log_text()
    assert "Traceback" not in log and " 500 " not in log
