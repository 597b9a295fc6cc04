"""schemathesis against the live server's /openapi.json: generated requests (valid and
invalid, with and without a supplier token) never cause a server error."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from .web_server import base_store, bearer, copy_store, running

EXAMPLES = 40  # per operation and per identity; bounded so the test stays quick


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    store = copy_store(base_store(tmp_path_factory), tmp_path_factory.mktemp("schemathesis"))
    with running(store) as server:
        yield server, store


def operations(url: str) -> list:
    schema = schemathesis.openapi.from_url(url + "/openapi.json")
    return [result.ok() for result in schema.get_all_operations()]


def test_schema_covers_the_api(live):
    server, _ = live
    labels = {op.label for op in operations(server.url)}
    assert {"GET /api/indicators", "GET /api/deliveries", "POST /api/deliveries"} <= labels


@pytest.mark.parametrize("identity", ["public", "supplier"])
def test_api_has_no_server_errors(live, identity):
    server, store = live
    headers = bearer(store.tokens["bzk"]) if identity == "supplier" else None
    for operation in operations(server.url):

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def no_server_error(case):  # type: ignore[no-untyped-def]
            case.call_and_validate(headers=headers, checks=[not_a_server_error])

        no_server_error()
    assert "Traceback" not in server.log_text()
    assert " 500 " not in server.log_text()
