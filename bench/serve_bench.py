"""Issue 8: `jbr serve` under load — the JSON API and indicator pages at 50 concurrent clients.

A real ``jbr serve`` subprocess on loopback, driven by ``wrk`` (Debian package, installed
by ``make setup``) for a bounded time per scenario; wrk reports requests/s and the latency
distribution, of which p50 and p99 are kept. The store is the small demo with 2023 and 2024
published (a year has as many figures as on the full demo: indicators × ministries; only
the record-level tables are smaller, and the API never reads those). It is built once into
``out/serve-bench/`` and reused.

Scenarios (each ``DURATION`` seconds, 50 connections, 2 wrk threads):
- ``serve.api``: ``/api/indicators`` as people ask it — one indicator, one ministry, or one
  indicator of one ministry, over the published years (paths drawn at random).
- ``serve.api_year``: the whole of a year (all ~1,460 figures, ~200 KB of JSON).
- ``serve.pages``: indicator pages of the static dashboard (``/indicator/ID/YEAR/[MIN/]``).

Baseline: the same uvicorn (httptools, uvloop, access log) serving a minimal ASGI app that
returns a fixed small JSON body, driven the same way — what this machine allows at the
moment of measuring (the machine is shared: its load is in ``serve.load_average``).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from jbr import api
from jbr.store.access.published import published_figures, published_years

from . import figure

PREFIX = "serve."
DURATION = 20  # seconds per scenario
CONNECTIONS = 50
YEARS = (2023, 2024)
WORK = Path("out/serve-bench")
GOAL_P99_MS = 100

BASELINE_SERVER = """
import sys, uvicorn
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'[{"indicator":"x","value":1}]'})
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), server_header=False)
"""

WRK_SCRIPT = """
local paths = {%s}
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("JBR %%d %%d %%.1f %%.1f %%d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99),
    e.status + e.connect + e.read + e.write + e.timeout))
end
"""


def _store() -> Path:
    """The small demo, loaded, with YEARS published and the site written; built once."""
    db = WORK / "jbr.duckdb"
    if not (db.exists() and set(YEARS) <= set(published_years(db))):
        shutil.rmtree(WORK, ignore_errors=True)
        WORK.mkdir(parents=True)
        files = api.demo_files(WORK / "demo", "small")
        api.load(files, db=db, supplier="bench")
        for year in YEARS:
            api.review_override(year, "bench: no review", db=db, by="bench")
            api.publish(year, db=db, by="bench", without_text=True, reason="bench: figures only")
    if not (WORK / "site" / "index.html").exists():
        try:
            api.write_site(db=db, out=WORK)
        except Exception as e:  # the pages scenario is then left out, and said so
            print(f"serve bench: no dashboard ({type(e).__name__}: {e})", file=sys.stderr)
    return db


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wrk(url: str, paths: list[str]) -> dict[str, float]:
    quoted = ", ".join(f'"{p}"' for p in paths)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(WRK_SCRIPT % quoted)
        script = f.name
    try:
        done = subprocess.run(
            ["wrk", "-t", "2", "-c", str(CONNECTIONS), "-d", f"{DURATION}s", "--timeout", "10s",
             "-s", script, url],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
    finally:
        Path(script).unlink()
    match = re.search(r"^JBR (\d+) (\d+) ([\d.]+) ([\d.]+) (\d+)$", done.stdout, re.M)
    if match is None:
        raise RuntimeError(f"wrk gave no summary:\n{done.stdout}\n{done.stderr}")
    requests, duration_us, p50_us, p99_us, errors = match.groups()
    return {
        "rps": int(requests) / (int(duration_us) / 1e6),
        "p50_ms": float(p50_us) / 1000,
        "p99_ms": float(p99_us) / 1000,
        "errors": int(errors),
    }


def _api_paths(db: Path) -> list[str]:
    rng = random.Random(8)
    rows = [r for y in YEARS for r in published_figures(db, y) or []]
    paths = []
    for _ in range(300):
        r = rng.choice(rows)
        kind = rng.randrange(3)
        if kind == 0:
            paths.append(f"/api/indicators?year={r['year']}&indicator={r['indicator']}")
        elif kind == 1:
            paths.append(f"/api/indicators?year={r['year']}&ministry={r['ministry']}")
        else:
            paths.append(
                f"/api/indicators?year={r['year']}&ministry={r['ministry']}"
                f"&indicator={r['indicator']}"
            )
    return paths


def _page_paths(db: Path, url: str) -> list[str]:
    rng = random.Random(8)
    rows = [r for y in YEARS for r in published_figures(db, y) or []]
    candidates = []
    for r in rng.sample(rows, min(400, len(rows))):
        base = r["indicator"].split(".")
        indicator = ".".join(base[:2])
        path = f"/indicator/{indicator}/{r['year']}/"
        if r["ministry"] != "RIJK":
            path += f"{r['ministry']}/"
        candidates.append(path)
    # Only pages the site really has (a broken-down figure has its indicator's page).
    with httpx.Client(base_url=url, timeout=10) as client:
        return [p for p in dict.fromkeys(candidates) if client.get(p).status_code == 200][:200]


def _figures(
    name: str, measured: dict[str, float], goal: bool, baseline: dict[str, float] | None = None
) -> dict[str, dict]:
    out = {
        f"{name}.rps": {"value": measured["rps"], "unit": "requests/s", "goal": ""},
        f"{name}.p50_ms": {"value": measured["p50_ms"], "unit": "ms", "goal": ""},
        f"{name}.p99_ms": {
            "value": measured["p99_ms"],
            "unit": "ms",
            "goal": f"< {GOAL_P99_MS}" if goal else "",
        },
        f"{name}.errors": {"value": measured["errors"], "unit": "responses", "goal": "0"},
    }
    if baseline:
        for key in ("rps", "p50_ms", "p99_ms"):
            out[f"{name}.{key}"]["baseline"] = baseline[key]
            out[f"{name}.{key}"]["ratio"] = measured[key] / baseline[key] if baseline[key] else None
    return out


def _wait(url: str) -> None:
    for _ in range(300):
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"no server at {url}")


def _baseline() -> dict[str, float]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", BASELINE_SERVER, str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait(f"http://127.0.0.1:{port}/")
        return _wrk(f"http://127.0.0.1:{port}", ["/api/indicators?year=2024"])
    finally:
        server.terminate()
        server.wait(timeout=30)


def _correction() -> dict[str, dict]:
    """Issue 19: how soon a correction published with ``jbr publish --note`` is public.

    A copy of the bench store and its site, a server on it, one corrected delivery
    loaded, then ``jbr publish --note`` (which rewrites site/ afterwards) from another
    process while a client polls the API and the figure's page. Latency: from the
    publication's own timestamp (taken in its transaction) to the first answer that
    shows the corrected figure; against how long ``jbr publish`` took to return.
    """
    from jbr.store.access.published import publications

    from .correction import corrected_woo

    work = Path(tempfile.mkdtemp(prefix="jbr_bench_correction_"))
    try:
        shutil.copy(WORK / "jbr.duckdb", work / "jbr.duckdb")
        db, year, ministry = work / "jbr.duckdb", max(YEARS), "FIN"
        api.write_site(db=db, out=work)  # the site as published so far
        fix = corrected_woo(api.demo_files(WORK / "demo", "small"), work, ministry, year)
        api.load([fix], db=db, supplier="bench")
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "jbr.cli", "serve", "--port", str(port), "--db", str(db),
             "--out", str(work)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            _wait(url + "/api/publications")
            query = {"year": year, "ministry": ministry, "indicator": "woo.within_term_pct"}
            page = f"/indicator/woo.within_term_pct/{year}/{ministry}/"
            [before] = httpx.get(url + "/api/indicators", params=query, timeout=30).json()
            assert httpx.get(url + page, timeout=30).status_code == 200
            note = f"bench: correctie {time.time():.0f}"
            start = time.perf_counter()
            publish = subprocess.Popen(
                [sys.executable, "-m", "jbr.cli", "publish", "--db", str(db), "--out",
                 str(work), "--year", str(year), "--note", note, "--without-text"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            seen: dict[str, float] = {}
            with httpx.Client(base_url=url, timeout=30) as client:
                while len(seen) < 2 and time.perf_counter() - start < 600:
                    if "api" not in seen:
                        [row] = client.get("/api/indicators", params=query).json()
                        if row["value"] != before["value"]:
                            seen["api"] = time.time()
                    if "page" not in seen and note in client.get(page).text:
                        seen["page"] = time.time()
                    time.sleep(0.01)
            publish.wait(timeout=600)
            publish_s = time.perf_counter() - start
        finally:
            server.terminate()
            server.wait(timeout=30)
        if len(seen) < 2:
            raise RuntimeError(f"the correction did not reach the server: {sorted(seen)}")
        [latest] = [p for p in publications(db) if p.year == year and p.note == note]
        at = latest.published_at.replace(tzinfo=dt.UTC).timestamp()
        against = "jbr publish --note until it returns (site/ rewritten)"
        return {
            "serve.correction.api_visible_s": figure(
                seen["api"] - at, "s", "< 1", publish_s, against,
                "from the publication's timestamp to the first API answer with the new figure",
            ),
            "serve.correction.page_visible_s": figure(
                seen["page"] - at, "s", "< 1", publish_s, against,
                "from the publication's timestamp to the figure's page with the correction",
            ),
        }  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(demo_dir: Path) -> dict[str, dict]:
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed: run `make setup` (SYSTEM_PACKAGES)")
    db = _store()
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = (WORK / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "jbr.cli", "serve", "--port", str(port), "--db", str(db),
         "--out", str(WORK)],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    figures: dict[str, dict] = {}
    try:
        _wait(url + "/api/publications")
        api_paths = _api_paths(db)
        for p in api_paths:  # first use of each question fills the cache: not what we measure
            httpx.get(url + p, timeout=30)
        baseline = _baseline()
        figures |= _figures("serve.api", _wrk(url, api_paths), True, baseline)
        year_paths = [f"/api/indicators?year={y}" for y in YEARS]
        figures |= _figures("serve.api_year", _wrk(url, year_paths), True)
        pages = _page_paths(db, url)
        if pages:
            figures |= _figures("serve.pages", _wrk(url, pages), False)
        figures |= _correction()
        figures["serve.load_average"] = {
            "value": os.getloadavg()[0],
            "unit": "runnable tasks (1 min)",
            "goal": f"context: {os.cpu_count()} cores",
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return figures
