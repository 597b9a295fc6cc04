"""A real ``jbr serve`` for the web tests: a small store written by hand (built once per
session as the ``web_store`` world, tests/worlds.py), a subprocess on a free loopback port,
and its log (to prove what is and is not logged)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from jbr import api

from .conftest import publish_without_review, write_csv

WOO_HEADER = "verzoek_id;ministerie;ontvangen;besluit;verdaagd;uitkomst"

# Hand-computed: the legal term is 4 weeks from the day after receipt (receipt + 28 days).
# FIN 2022: received 1 March → deadline Tue 29 March: decided 10 March and 29 March on time,
# 30 March late; received 2 May → deadline 30 May, decided 20 May on time: 3 of 4 = 75 %.
# BZK 2022: received 1 April → deadline 29 April: 5 April on time, 1 September late: 50 %.
# Rijk 2022: 4 of 6 within the term = 66.67 %.
WOO_2022 = {
    "FIN": [
        "F22-1;FIN;2022-03-01;2022-03-10;false;openbaar",
        "F22-2;FIN;2022-03-01;2022-03-29;false;openbaar",
        "F22-3;FIN;2022-03-01;2022-03-30;false;deels",
        "F22-4;FIN;2022-05-02;2022-05-20;false;openbaar",
    ],
    "BZK": [
        "B22-1;BZK;2022-04-01;2022-04-05;false;openbaar",
        "B22-2;BZK;2022-04-01;2022-09-01;false;niet",
    ],
}
WOO_2023 = {
    "FIN": ["F23-1;FIN;2023-03-01;2023-03-10;false;openbaar"],
    "BZK": ["B23-1;BZK;2023-04-03;2023-06-30;false;openbaar"],
}
PERSONNEL_HEADER = "peildatum;medewerker_id;ministerie;fte;provincie"
# 31 December 2022: FIN 3 persons (fewer than 10: suppressed), BZK 12 persons.
PERSONNEL_2022 = [f"2022-12-31;F{i};FIN;1;PV28" for i in range(3)] + [
    f"2022-12-31;B{i};BZK;0,8;PV26" for i in range(12)
]


def woo_file(folder: Path, ministry: str, year: int, rows: list[str]) -> Path:
    return write_csv(folder / f"woo_verzoeken_{ministry}_{year}.csv", WOO_HEADER, rows)


@dataclass
class Store:
    db: Path
    out: Path
    tokens: dict[str, str]  # name → plain token


def build_store(folder: Path) -> Store:
    """Woo 2022 + 2023 and personnel 2022 of FIN and BZK; 2022 published, 2023 embargoed;
    tokens: fin (P-Direkt, FIN), bzk (BZK-Leverancier, BZK), fin2 (another FIN supplier)."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "store.duckdb"
    files = [woo_file(folder, m, 2022, rows) for m, rows in WOO_2022.items()]
    files += [woo_file(folder, m, 2023, rows) for m, rows in WOO_2023.items()]
    files.append(write_csv(folder / "personeel_2022.csv", PERSONNEL_HEADER, PERSONNEL_2022))
    outcomes = api.load(files, db=db, supplier="coordinator")
    assert all(o.status == "stored" for o in outcomes), [o.problems for o in outcomes]
    publish_without_review(2022, db, by="test", without_text=True)
    tokens = {
        "fin": api.token_create("P-Direkt", "FIN", db=db)[0],
        "bzk": api.token_create("BZK-Leverancier", "BZK", db=db)[0],
        "fin2": api.token_create("Andere-FIN-Leverancier", "FIN", db=db)[0],
    }
    out = folder / "out"
    site = out / "site"
    for path in (
        "index.html",
        "indicator/woo.within_term_pct/2022/index.html",
        "indicator/woo.within_term_pct/2023/index.html",
        "indicator/woo.within_term_pct/2023/FIN/index.html",
    ):
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(f"<!doctype html><title>{path}</title>", encoding="utf-8")
    for path in ("datapackage.json", "2022/cijfers.csv", "2023/cijfers.csv"):
        (out / "opendata" / path).parent.mkdir(parents=True, exist_ok=True)
        (out / "opendata" / path).write_text("indicator,year\n", encoding="utf-8")
    return Store(db, out, tokens)


def copy_store(store: Store, folder: Path) -> Store:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(store.db, folder / "store.duckdb")
    return Store(folder / "store.duckdb", store.out, store.tokens)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    log: Path
    process: subprocess.Popen

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


@contextmanager
def running(store: Store, *extra: str) -> Iterator[Server]:
    """``jbr serve`` on a free port (default host), until the block ends.

    The port is free when asked for, but under xdist another worker may take it before
    this server binds it: a server that stops because its address is in use is started
    again on another port."""
    for attempt in range(3):
        port = free_port()
        log = store.db.parent / f"serve-{port}.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "jbr.cli", "serve", "--port", str(port), "--db", str(store.db),
                 "--out", str(store.out), *extra],
                stdout=sink,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
            server = Server(f"http://127.0.0.1:{port}", log, process)
            try:
                deadline = time.monotonic() + 60
                while True:
                    if process.poll() is not None:
                        text = server.log_text()
                        if "address already in use" in text.lower() and attempt < 2:
                            break
                        raise RuntimeError(f"jbr serve stopped:\n{text}")
                    try:
                        httpx.get(server.url + "/api/publications", timeout=2)
                        break
                    except httpx.TransportError:
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.05)
                if process.poll() is None:
                    yield server
                    return
            finally:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
