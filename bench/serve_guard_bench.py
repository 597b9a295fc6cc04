"""Issue 14: what an attacker or a careless supplier can cost ``jbr serve``, measured on a
real server over loopback (a store written here: FIN's Woo requests and two tokens).

- ``serve.guard.signin_*``: the answer time of a wrong Bearer token whose id exists and of
  one whose id does not (median of ``SIGN_INS`` each, interleaved); the gap should be noise,
  so the time does not tell whether an id exists.
- ``serve.guard.upload_valid_ms``: a one-row CSV upload, end to end (worker included).
- ``serve.guard.bomb_*_s``: until the answer to one cell at XFD1048576 and at J1000000
  (memory cap 1 GB), and ``serve.guard.valid_during_bomb_ms``: a one-row upload sent while
  the J1000000 bomb is being read (no store lock is held while reading).
- ``serve.guard.server_peak_mb``: the server process's peak resident memory after all that
  (the readers' memory is the workers', not the server's).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from jbr import api

PREFIX = "serve.guard."
WORK = Path("out/serve-guard-bench")
SIGN_INS = 30
HEADER = "verzoek_id;ministerie;ontvangen;besluit;verdaagd;uitkomst"


def _store() -> tuple[Path, str]:
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    csv = WORK / "woo_verzoeken_FIN_2022.csv"
    csv.write_text(f"{HEADER}\nF22-1;FIN;2022-03-01;2022-03-10;false;openbaar\n", "utf-8")
    db = WORK / "store.duckdb"
    api.load([csv], db=db, supplier="coordinator")
    token, _ = api.token_create("P-Direkt", "FIN", db=db)
    return db, token


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _upload(url: str, token: str, name: str, content: bytes) -> tuple[float, int]:
    started = time.perf_counter()
    response = httpx.post(
        url + "/api/deliveries",
        headers={"Authorization": f"Bearer {token}"},
        files={"file": (name, content)},
        timeout=600,
    )
    return time.perf_counter() - started, response.status_code


def run(demo_dir: Path) -> dict[str, dict]:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.web_server import free_port
    from tests.workbooks import one_far_cell

    db, token = _store()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (WORK / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "jbr.cli", "serve", "--port", str(port), "--db", str(db),
         "--out", str(WORK), "--sign-in-attempts", "100000", "--upload-memory-mb", "1024"],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    figures: dict[str, dict] = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url + "/api/publications", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        known_id = token.split("_")[1]
        wrong = {"known": f"jbr_{known_id}_" + "x" * 43, "unknown": "jbr_0123456789ab_" + "x" * 43}
        times: dict[str, list[float]] = {"known": [], "unknown": []}
        with httpx.Client(base_url=url, timeout=30) as client:
            client.get("/api/deliveries", headers={"Authorization": f"Bearer {wrong['unknown']}"})
            for _ in range(SIGN_INS):
                for kind, value in wrong.items():
                    started = time.perf_counter()
                    client.get("/api/deliveries", headers={"Authorization": f"Bearer {value}"})
                    times[kind].append(time.perf_counter() - started)
        known, unknown = (statistics.median(times[k]) * 1000 for k in ("known", "unknown"))
        figures[PREFIX + "signin_known_id_ms"] = {"value": known, "unit": "ms", "goal": ""}
        figures[PREFIX + "signin_unknown_id_ms"] = {"value": unknown, "unit": "ms", "goal": ""}
        figures[PREFIX + "signin_gap_ms"] = {
            "value": abs(known - unknown),
            "unit": "ms",
            "goal": "noise (< 10 % of one check)",
        }
        one_row = f"{HEADER}\nF21-1;FIN;2021-03-01;2021-03-05;false;openbaar\n".encode()
        valid = [
            _upload(url, token, f"woo_verzoeken_FIN_{2000 + i}.csv", one_row.replace(
                b"2021", str(2000 + i).encode()))[0]
            for i in range(5)
        ]  # fmt: skip
        figures[PREFIX + "upload_valid_ms"] = {
            "value": statistics.median(valid) * 1000,
            "unit": "ms",
            "goal": "",
        }
        xfd = one_far_cell(WORK / "woo_verzoeken_xfd.xlsx", "XFD1048576").read_bytes()
        seconds, status = _upload(url, token, "woo_verzoeken_xfd.xlsx", xfd)
        figures[PREFIX + "bomb_xfd_s"] = {
            "value": seconds,
            "unit": f"s (HTTP {status})",
            "goal": "",
        }
        j = one_far_cell(WORK / "woo_verzoeken_j.xlsx", "J1000000").read_bytes()
        result: dict[str, tuple[float, int]] = {}
        bomb = threading.Thread(
            target=lambda: result.__setitem__("j", _upload(url, token, "woo_verzoeken_j.xlsx", j))
        )
        bomb.start()
        time.sleep(1.0)
        during, during_status = _upload(url, token, "woo_verzoeken_FIN_1999.csv", one_row)
        bomb.join()
        figures[PREFIX + "bomb_j1000000_s"] = {
            "value": result["j"][0],
            "unit": f"s (HTTP {result['j'][1]})",
            "goal": "",
        }
        figures[PREFIX + "valid_during_bomb_ms"] = {
            "value": during * 1000,
            "unit": f"ms (HTTP {during_status})",
            "goal": "not the bomb's time",
        }
        figures[PREFIX + "server_peak_mb"] = {
            "value": _peak_mb(server.pid),
            "unit": "MB",
            "goal": "< 1024 (the worker's cap)",
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    return figures
