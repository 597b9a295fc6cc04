"""Writes are serialised: 20 uploads at once all arrive, none twice; a corrupt file sent in
the middle of them changes nothing."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import duckdb
import httpx

from .web_server import WOO_HEADER, bearer, copy_store, running

YEARS = list(range(2001, 2021))  # 20 distinct deliveries: FIN's Woo requests of 20 years


def woo_year(year: int) -> bytes:
    rows = [f"C{year}-{i};FIN;{year}-03-0{i};{year}-03-2{i};false;openbaar" for i in range(1, 4)]
    return ("\n".join([WOO_HEADER, *rows]) + "\n").encode()


CORRUPT = b"PK\x03\x04" + b"\x00garbage, not a workbook" * 50


async def send_all(url: str, token: str) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=url, headers=bearer(token), timeout=300) as client:
        uploads = [(f"woo_verzoeken_FIN_{y}.csv", woo_year(y)) for y in YEARS]
        uploads.insert(10, ("woo_verzoeken_FIN_2000.xlsx", CORRUPT))
        return await asyncio.gather(
            *(client.post("/api/deliveries", files={"file": f}) for f in uploads)
        )


def test_twenty_concurrent_uploads_and_a_corrupt_one(web_store, tmp_path_factory):
    store = copy_store(web_store, tmp_path_factory.mktemp("concurrent"))
    # The client runs in a thread of its own: a browser test's Playwright may hold this
    # thread's event loop.
    with running(store) as server, ThreadPoolExecutor(1) as pool:
        responses = pool.submit(asyncio.run, send_all(server.url, store.tokens["fin"])).result()
    statuses = [r.status_code for r in responses]
    assert statuses[10] == 422  # the corrupt workbook
    assert statuses[:10] + statuses[11:] == [201] * 20, [
        r.text for r in responses if r.status_code != 201
    ]
    con = duckdb.connect(str(store.db), read_only=True)
    try:
        per_year = con.execute(
            """SELECT c.jaar, count(DISTINCT c.delivery_id), sum(c.rows) FROM coverage c
               JOIN deliveries d USING (delivery_id)
               WHERE d.supplier = 'P-Direkt' GROUP BY 1 ORDER BY 1"""
        ).fetchall()
        stored_rows = con.execute(
            "SELECT count(*), count(DISTINCT verzoek_id) FROM woo_verzoeken WHERE verzoek_id LIKE 'C%'"
        ).fetchone()
        log = con.execute("SELECT status, count(*) FROM uploads GROUP BY 1 ORDER BY 1").fetchall()
        ids = [
            r[0] for r in con.execute("SELECT delivery_id FROM deliveries ORDER BY 1").fetchall()
        ]
        year_2000 = con.execute("SELECT count(*) FROM coverage WHERE jaar = 2000").fetchone()[0]
    finally:
        con.close()
    assert per_year == [(y, 1, 3) for y in YEARS]  # every year once, three requests each
    assert stored_rows == (60, 60)  # nothing duplicated
    assert log == [("rejected", 1), ("stored", 20)]
    assert len(ids) == len(set(ids)) and ids == list(range(1, len(ids) + 1))
    assert year_2000 == 0  # the corrupt file stored nothing
    assert len(list((store.db.parent / "uploads").iterdir())) == 20  # only accepted files kept
