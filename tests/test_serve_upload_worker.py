"""Uploads are read in a capped worker process, without the store lock (issue 14 items 2
and 3), against a real ``jbr serve`` over HTTP.

The bombs are built here with zipfile and minimal sheet XML: one cell at XFD1048576 (the
xlsx reader would allocate 512 GiB), one at J1000000 (seconds and gigabytes of empty
cells), and a zip bomb (6 MB that unpacks to 1.3 GB: 5 million rows). The readers may refuse
them before reading (workbook limits); the worker's caps must hold either way, so they
are also tested with caps a plain valid file exceeds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb
import httpx
import pytest

from jbr.store.access.uploads import record_upload
from jbr.store.connection import connect

from .conftest import snapshot
from .test_web_portal_deliveries import history_rows
from .web_server import WOO_HEADER, bearer, copy_store, running
from .workbooks import one_far_cell, rows_workbook, zip_bomb


def woo_csv(rows: list[str]) -> bytes:
    return ("\n".join([WOO_HEADER, *rows]) + "\n").encode()


def big_woo_csv(rows: int, ministry: str = "FIN", year: int = 2016) -> bytes:
    """A valid delivery of ``rows`` Woo requests: seconds of reading, not a bomb."""
    lines = [
        f"Q{year}-{i};{ministry};{year}-03-01;{year}-03-05;false;openbaar" for i in range(rows)
    ]
    return woo_csv(lines)


def post(server, token: str, name: str, content: bytes, timeout: float = 300) -> httpx.Response:  # type: ignore[no-untyped-def]
    return httpx.post(
        server.url + "/api/deliveries",
        headers=bearer(token),
        files={"file": (name, content, "application/octet-stream")},
        timeout=timeout,
    )


def peak_memory_mb(pid: int) -> int:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("no VmHWM")


def store_tables(db: Path) -> dict[str, list[tuple]]:
    """Every table but the upload log (each attempt is logged, accepted or not)."""
    return {t: rows for t, rows in snapshot(db).items() if t != "uploads"}


@pytest.fixture(scope="module")
def bombs(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    return {
        "XFD1048576": one_far_cell(folder / "woo_verzoeken_xfd.xlsx", "XFD1048576"),
        "J1000000": one_far_cell(folder / "woo_verzoeken_j.xlsx", "J1000000"),
        "zip bomb": zip_bomb(folder / "woo_verzoeken_zip.xlsx", 5_000_000),
    }


def test_the_bombs_are_small(bombs):
    sizes = {name: path.stat().st_size for name, path in bombs.items()}
    assert sizes["XFD1048576"] < 3000 and sizes["J1000000"] < 3000
    assert sizes["zip bomb"] < 8 * 1024 * 1024
    with zipfile.ZipFile(bombs["zip bomb"]) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size > 1024 * 1024 * 1024


def test_bombs_are_refused_then_a_valid_file_lands_and_the_server_answers(
    web_store, tmp_path_factory, bombs
):
    store = copy_store(web_store, tmp_path_factory.mktemp("bombs-serve"))
    token = store.tokens["fin"]
    with running(store, "--upload-memory-mb", "1024", "--upload-seconds", "120") as server:
        before = store_tables(store.db)
        for name, path in bombs.items():
            response = post(server, token, path.name, path.read_bytes())
            assert response.status_code == 422, (name, response.text)
            body = response.json()
            assert body["status"] == "rejected" and body["delivery_id"] is None
            [problem] = body["problems"]
            assert problem["severity"] == "error" and problem["file"] == path.name
            assert httpx.get(server.url + "/api/publications", timeout=10).status_code == 200
        assert store_tables(store.db) == before  # nothing of the bombs stored
        valid = post(
            server,
            token,
            "woo_verzoeken_FIN_2021.csv",
            woo_csv(["F21-9;FIN;2021-03-01;2021-03-05;false;openbaar"]),
        )
        assert valid.status_code == 201, valid.text
        assert valid.json()["status"] == "stored"
        assert httpx.get(server.url + "/api/indicators?year=2022", timeout=10).status_code == 200
        assert server.process.poll() is None  # still running
        # The bombs were read in the worker: the server itself never came near its cap.
        assert peak_memory_mb(server.process.pid) < 1024
        log = server.log_text()
    assert "Traceback" not in log
    assert "stack backtrace" not in log


def test_memory_cap_stops_a_reader_with_a_clear_problem(web_store, tmp_path_factory):
    """600,000 valid rows in a workbook need far more than 300 MB to read (about 700 MB in
    `jbr validate`): the worker is stopped at the cap, the supplier is told so in Dutch
    with what to do."""
    folder = tmp_path_factory.mktemp("memory-cap")
    store = copy_store(web_store, folder)
    heavy = rows_workbook(folder / "woo_verzoeken_groot.xlsx", 600_000)
    with running(store, "--upload-memory-mb", "300") as server:
        before = store_tables(store.db)
        response = post(server, store.tokens["fin"], heavy.name, heavy.read_bytes())
        assert response.status_code == 422, response.text
        [problem] = response.json()["problems"]
        assert problem["rule"] == "verwerking_geheugen"
        assert "meer dan 300 MB geheugen" in problem["message"]
        assert "niets opgeslagen" in problem["message"]
        assert "CSV of Parquet" in problem["hint"]  # what to do instead
        assert store_tables(store.db) == before
        small = post(
            server,
            store.tokens["fin"],
            "woo_verzoeken_FIN_2015.csv",
            woo_csv(["F15-1;FIN;2015-03-02;2015-03-05;false;openbaar"]),
        )
        assert small.status_code == 201, small.text
        log = server.log_text()
    assert "reading stopped (memory)" in log


def test_time_cap_stops_a_reader_with_a_clear_problem(web_store, tmp_path_factory):
    """A valid file that cannot be read and checked within the cap is stopped. The cap is a
    hundredth of a second: the host looks at its children every 0.05 s, so the first look
    is past the cap whatever the machine's speed (a cap of 1 s against 1,200,000 rows was
    met on a fast CI machine: the test then stored the file)."""
    store = copy_store(web_store, tmp_path_factory.mktemp("time-cap"))
    with running(store, "--upload-seconds", "0.01") as server:
        response = post(
            server, store.tokens["fin"], "woo_verzoeken_FIN_2016.csv", big_woo_csv(200_000)
        )
        assert response.status_code == 422, response.text
        [problem] = response.json()["problems"]
        assert problem["rule"] == "verwerking_tijd"
        assert "langer dan 0,01 seconde en" in problem["message"]
        assert "Splits het bestand" in problem["hint"]  # a CSV: split it, or Parquet
        assert server.process.poll() is None


def test_reading_holds_no_lock_a_small_upload_passes_a_big_one(web_store, tmp_path_factory):
    """A big file is being read while a small one arrives: the small one is stored first
    (before, every upload waited for the store lock held during reading)."""
    store = copy_store(web_store, tmp_path_factory.mktemp("no-lock"))
    token = store.tokens["fin"]
    done: dict[str, tuple[float, httpx.Response]] = {}

    def big() -> None:
        response = post(
            server, token, "woo_verzoeken_FIN_2014.csv", big_woo_csv(300_000, year=2014)
        )
        done["big"] = (time.monotonic(), response)

    with running(store) as server:
        thread = threading.Thread(target=big)
        thread.start()
        time.sleep(1.0)  # the big upload is being received and read
        small = post(
            server,
            token,
            "woo_verzoeken_FIN_2013.csv",
            woo_csv(["F13-1;FIN;2013-03-01;2013-03-05;false;openbaar"]),
        )
        small_done = time.monotonic()
        thread.join()
    big_done, big_response = done["big"]
    assert small.status_code == 201, small.text
    assert big_response.status_code == 201, big_response.text
    assert small_done < big_done  # an ordering, not a timing: the small one did not wait
    assert small.json()["delivery_id"] < big_response.json()["delivery_id"]


# --- item 3: the ministry check applies to every upload, identical files included ---------


def test_identical_copy_of_another_ministrys_delivery_is_refused(web_store, tmp_path_factory):
    """FIN's stored delivery, byte for byte, sent with a BZK token: refused like any file
    with FIN rows; BZK's portal and API then show nothing of FIN's delivery."""
    store = copy_store(web_store, tmp_path_factory.mktemp("cross"))
    fin_file = web_store.db.parent / "woo_verzoeken_FIN_2023.csv"
    content = fin_file.read_bytes()
    con = duckdb.connect(str(store.db), read_only=True)
    try:
        [(fin_delivery, fin_hash)] = con.execute(
            "SELECT delivery_id, file_hash FROM deliveries WHERE file_name = ?", [fin_file.name]
        ).fetchall()
    finally:
        con.close()
    with running(store) as server:
        before = store_tables(store.db)
        response = post(server, store.tokens["bzk"], fin_file.name, content)
        assert response.status_code == 422, response.text
        body = response.json()
        assert body["status"] == "rejected" and body["delivery_id"] is None
        [problem] = body["problems"]
        assert problem["rule"] == "ander_ministerie"
        assert store_tables(store.db) == before
        listed = httpx.get(server.url + "/api/deliveries", headers=bearer(store.tokens["bzk"]))
        assert [u["delivery_id"] for u in listed.json()] == [None]
        with httpx.Client(base_url=server.url, follow_redirects=True) as client:
            page = client.get("/portal")
            csrf = page.text.split('name="csrf" value="')[1].split('"')[0]
            home = client.post(
                "/portal/aanmelden", data={"token": store.tokens["bzk"], "csrf": csrf}
            ).text
            detail = client.get(f"/portal/leveringen/{body['upload_id']}").text
        # FIN's delivery (its number, the 2023 embargoed year, its coverage) is nowhere: not
        # in the own uploads (the rejected upload links no delivery) ...
        mine = home.split('<table class="history">')[0]
        for html in (mine, detail):
            assert "actueel" not in html and "Wat deze levering dekt" not in html
            assert "2023</td>" not in html
        # ... nor among the deliveries of BZK's ministry (only BZK's own are listed there).
        history = history_rows(home)
        assert history and str(fin_delivery) not in {row[0] for row in history}
        assert fin_file.name not in {row[3] for row in history}
        assert not any("FIN" in cell for row in history for cell in row)
        # The same file from FIN's own supplier is the same delivery: unchanged.
        same = post(server, store.tokens["fin"], fin_file.name, content)
        assert same.status_code == 200, same.text
        assert same.json()["status"] == "unchanged"
        assert same.json()["delivery_id"] == fin_delivery
    assert len(fin_hash) == 64


def test_an_upload_pointing_at_another_ministrys_delivery_shows_none_of_it(
    web_store, tmp_path_factory
):
    """An upload log row of BZK that names FIN's delivery (as the server before this check
    wrote for identical files): the portal shows none of that delivery's coverage."""
    store = copy_store(web_store, tmp_path_factory.mktemp("stale-link"))
    con = connect(store.db)
    try:
        [(fin_delivery,)] = con.execute(
            "SELECT delivery_id FROM deliveries WHERE file_name = 'woo_verzoeken_FIN_2023.csv'"
        ).fetchall()
        token_id = con.execute("SELECT token_id FROM tokens WHERE ministerie = 'BZK'").fetchone()[0]
        upload_id = record_upload(
            con,
            token_id=token_id,
            supplier="BZK-Leverancier",
            ministerie="BZK",
            received_at=datetime(2024, 5, 1, 12, 0),
            file_name="woo_verzoeken_FIN_2023.csv",
            stored_as=None,
            bytes=100,
            sha256="0" * 64,
            status="unchanged",
            delivery_id=fin_delivery,
            errors=0,
            warnings=0,
            problems=[],
        )
    finally:
        con.close()
    with running(store) as server, httpx.Client(base_url=server.url, follow_redirects=True) as c:
        csrf = c.get("/portal").text.split('name="csrf" value="')[1].split('"')[0]
        c.post("/portal/aanmelden", data={"token": store.tokens["bzk"], "csrf": csrf})
        detail = c.get(f"/portal/leveringen/{upload_id}").text
    assert "Wat deze levering dekt" not in detail  # no coverage table
    assert "<td>FIN</td>" not in detail and "2023</td>" not in detail


def test_child_rows_find_only_their_own_ministrys_parents(web_store, tmp_path_factory):
    """A suspension refers to its Woo request (the parent theme, in the store). A supplier's
    rows find only its own ministry's requests: another ministry's request is 'unknown',
    exactly like one that does not exist, so the answer reveals nothing of it."""
    store = copy_store(web_store, tmp_path_factory.mktemp("parents"))
    header = "verzoek_id;van;tot;reden"
    with running(store) as server:
        own = post(
            server,
            store.tokens["fin"],
            "woo_opschortingen_FIN.csv",
            f"{header}\nF22-3;2022-03-10;2022-03-14;zienswijze\n".encode(),
        )
        assert own.status_code == 201, own.text
        answers = {
            request: post(
                server,
                store.tokens["fin"],
                "woo_opschortingen_FIN.csv",
                f"{header}\n{request};2022-04-05;2022-04-08;aanvulling\n".encode(),
            )
            for request in ("B22-1", "X99-9")  # BZK's request; no request at all
        }
    for request, response in answers.items():
        assert response.status_code == 422, response.text
        [problem] = response.json()["problems"]
        assert (problem["rule"], problem["value"]) == ("ouder_onbekend", request)
    texts = [r.json()["problems"][0]["message"] for r in answers.values()]
    assert texts[0] == texts[1].replace("X99-9", "B22-1")  # the same answer
    assert "BZK" not in texts[0]


def children_of(pid: int) -> list[int]:
    """The process's children (each thread keeps its own list)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(FileNotFoundError):  # the thread ended meanwhile
            found += [int(p) for p in (task / "children").read_text().split()]
    return found


def test_a_dead_reader_host_is_replaced_and_leaves_with_the_server(web_store, tmp_path_factory):
    """The reader host is the server's child, started by the first upload (a server that
    is sent none has no child): killed, the next upload starts a new one; when the server
    is killed outright, the host notices and leaves too."""
    store = copy_store(web_store, tmp_path_factory.mktemp("host"))
    one_row = woo_csv(["F11-1;FIN;2011-03-01;2011-03-05;false;openbaar"])
    another = woo_csv(["F12-1;FIN;2012-03-01;2012-03-05;false;openbaar"])
    with running(store) as server:
        assert children_of(server.process.pid) == []
        response = post(server, store.tokens["fin"], "woo_verzoeken_FIN_2011.csv", one_row)
        assert response.status_code == 201, response.text
        [host] = children_of(server.process.pid)
        os.kill(host, signal.SIGKILL)
        response = post(server, store.tokens["fin"], "woo_verzoeken_FIN_2012.csv", another)
        assert response.status_code == 201, response.text
        [new_host] = [p for p in children_of(server.process.pid) if p != host]
        server.process.kill()  # no shutdown: the host sees its input close
        server.process.wait()
        deadline = time.monotonic() + 30
        while Path(f"/proc/{new_host}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not Path(f"/proc/{new_host}").exists()
