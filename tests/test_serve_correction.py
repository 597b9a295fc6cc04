"""A correction published with ``jbr publish --note`` reaches a running ``jbr serve``
without a restart: the API and the figure's page show it as soon as it is in the store,
even before (or without) ``site/`` being rewritten. The bench measures how soon
(``serve.correction.visible_s``); here the deadline only guards against a hang."""

from __future__ import annotations

import subprocess
import sys
import time

import httpx

from jbr import api

from .conftest import publish_without_review
from .web_server import copy_store, running, woo_file

FIGURE = {"year": 2023, "ministry": "FIN", "indicator": "woo.within_term_pct"}
PAGE = "/indicator/woo.within_term_pct/2023/FIN/"
NOTE = "FIN: besluitdatum F23-1 gecorrigeerd"
GUARD_S = 60  # a hang, not a timing: visibility is measured by the bench


def _cli(*args: str) -> subprocess.CompletedProcess:
    """``jbr`` in a process of its own, as the JBR team runs it beside the server."""
    return subprocess.run(
        [sys.executable, "-m", "jbr.cli", *args], capture_output=True, text=True, timeout=300
    )


def _until(check, what: str):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + GUARD_S
    while True:
        found = check()
        if found:
            return found
        assert time.monotonic() < deadline, f"not visible after {GUARD_S} s: {what}"
        time.sleep(0.05)


def test_correction_reaches_a_running_server(tmp_path_factory, web_store):
    folder = tmp_path_factory.mktemp("serve-correction")
    store = copy_store(web_store, folder)
    store.out = folder / "out"
    publish_without_review(2023, store.db, by="test", without_text=True)  # no report text here
    api.write_site(db=store.db, out=store.out)  # the site as the build wrote it: version 1
    written = {p: p.stat().st_mtime_ns for p in (store.out / "site").rglob("*.html")}
    with running(store) as server:
        [before] = httpx.get(server.url + "/api/indicators", params=FIGURE).json()
        assert before["value"] == 100.0  # F23-1 decided on time
        page = httpx.get(server.url + PAGE)
        assert page.status_code == 200 and NOTE not in page.text

        # FIN corrects 2023 (decided 10 May; the deadline was 29 March) and the team
        # publishes the correction from another process, without rewriting site/.
        fix = woo_file(folder, "FIN", 2023, ["F23-1;FIN;2023-03-01;2023-05-10;false;openbaar"])
        loaded = _cli("load", "--db", str(store.db), str(fix))
        assert loaded.returncode == 0, loaded.stdout + loaded.stderr
        published = _cli(
            "publish", "--db", str(store.db), "--year", "2023", "--note", NOTE, "--no-site",
            "--without-text", "--reason", "no report text in this test",
        )  # fmt: skip
        assert published.returncode == 0, published.stdout + published.stderr

        def api_value() -> list:
            rows = httpx.get(server.url + "/api/indicators", params=FIGURE).json()
            return rows if rows and rows[0]["value"] == 0.0 else []

        _until(api_value, "the corrected figure in the API")
        shown = _until(
            lambda: (
                (r := httpx.get(server.url + PAGE)).status_code == 200 and NOTE in r.text and r.text
            ),
            "the correction note on the figure's page",
        )
        assert "0,0" in shown or "0 %" in shown  # the corrected value, in Dutch notation
        versions = httpx.get(server.url + "/api/publications").json()
        assert [(v["year"], v["version"], v["note"]) for v in versions if v["year"] == 2023] == [
            (2023, 1, None),
            (2023, 2, NOTE),
        ]
        assert server.process.poll() is None  # the same server, never restarted
    # --no-site: the files on disk are still version 1; the server did not need them.
    assert {p: p.stat().st_mtime_ns for p in written} == written
