"""The fault drill (issue 9): real ``jbr load`` processes on a real DuckDB file, killed,
run side by side, out of disk, on a read-only store. The store is always a state a
complete sequence of loads could have produced; never anything in between.

What "a state" means: a canonical dump of every table (deliveries, coverage, seals,
meta and every theme table with its lineage columns), with only the load clock left
out (``loaded_at``, and the seal, which covers it; ``jbr doctor`` verifies those).
"""

from __future__ import annotations

import ctypes
import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import openpyxl
import pytest
from typer.testing import CliRunner

from jbr.cli import app

from .conftest import write_csv

JBR = [sys.executable, "-m", "jbr.cli"]
SEED = 20240917
MINISTRIES = ["BZK", "FIN", "AZ", "BZ", "DEF", "OCW", "SZW", "VWS", "IenW", "JenV", "EZK", "LNV"]
MONTH_ENDS = ["01-31", "02-28", "03-31", "04-30", "05-31", "06-30"]
MONTH_ENDS += ["07-31", "08-31", "09-30", "10-31", "11-30", "12-31"]
WOO = "verzoek_id;ministerie;ontvangen;besluit"


# --- helpers -------------------------------------------------------------------------------


def jbr_here(*args: str) -> None:
    """``jbr ARGS`` in this process, which must succeed: for the steps around the processes
    that are killed or limited (the same command, without starting Python and importing
    jbr again, ~1,5 s of processor time a process)."""
    res = CliRunner().invoke(app, list(args))
    assert res.exit_code == 0, (res.output, res.exception)


def jbr(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*JBR, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        **kw,
    )


def personnel_csv(path: Path, persons: int, year: int = 2023) -> Path:
    """A year of month-end records: ``persons`` × 12 rows, each person in one ministry."""
    with path.open("w", encoding="utf-8") as f:
        f.write("peildatum;medewerker_id;ministerie;fte;provincie\n")
        for day in (f"{year}-{d}" for d in MONTH_ENDS):
            for i in range(persons):
                fte = f"{0.5 + (i % 6) / 10:.1f}".replace(".", ",")
                f.write(f"{day};P{i:07d};{MINISTRIES[i % 12]};{fte};PV{20 + i % 12}\n")
    return path


def woo_csv(path: Path, ministry: str, year: int, n: int) -> Path:
    rows = [f"{ministry}{i};{ministry};{year}-03-{1 + i % 28:02d};" for i in range(n)]
    return write_csv(path, WOO, rows)


def woo_xlsx(path: Path, ministry: str, year: int, n: int) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "woo_verzoeken"
    sheet.append(["verzoek_id", "ministerie", "ontvangen", "besluit"])
    for i in range(n):
        sheet.append([f"X{ministry}{i}", ministry, f"{year}-04-{1 + i % 28:02d}", None])
    book.save(path)
    return path


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table of the store, rows sorted; the load clock (and the seal over it) left out."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1"
            ).fetchall()
        ]
        out: dict[str, list[tuple]] = {}
        for table in tables:
            leave_out = {"deliveries": "loaded_at", "delivery_seals": "seal"}.get(table)
            cols = [
                f'"{c}"'
                for (c,) in con.execute(
                    "SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                    "ORDER BY column_index",
                    [table],
                ).fetchall()
                if c != leave_out
            ]
            # sorted by DuckDB (every column): the same rows in the same order, whatever
            # order the store keeps them in
            rows = con.execute(f'SELECT {", ".join(cols)} FROM "{table}" ORDER BY ALL').fetchall()
            if table == "jbr_meta":  # chain_head = "<delivery id>:<seal>": keep the id
                rows = [(k, v.split(":")[0] if k == "chain_head" else v) for k, v in rows]
            out[table] = rows
        return out
    finally:
        con.close()


def copy_store(src: Path, dst: Path) -> Path:
    for f in (dst, Path(f"{dst}.wal")):
        f.unlink(missing_ok=True)
    shutil.copyfile(src, dst)
    assert not Path(f"{src}.wal").exists()  # a closed store has no WAL to copy
    return dst


def doctor_ok(db: Path) -> None:
    jbr_here("doctor", "--db", str(db), "--format", "json")


def store_size(db: Path) -> int:
    return sum(f.stat().st_size for f in (db, Path(f"{db}.wal")) if f.exists())


# --- 1. SIGKILL at random points -----------------------------------------------------------


@pytest.mark.slow
def test_killed_load_leaves_a_state_of_whole_deliveries(tmp_path):
    """SIGKILL at seven seeded points of a four-file load (120,000 rows), some in time,
    some in bytes written. Every file is its own transaction, so the
    states a load passes through are: before, after file 1, ..., after all; the store
    must be one of them, ``jbr doctor`` must pass, and loading the same files again
    must give exactly the state of an uninterrupted load."""
    files = [
        personnel_csv(tmp_path / "personeel_2022.csv", 4_000, 2022),
        personnel_csv(tmp_path / "personeel_2023.csv", 4_000, 2023),
        woo_csv(tmp_path / "woo_verzoeken_az_2023.csv", "AZ", 2023, 20_000),
        woo_xlsx(tmp_path / "hr_def_2023.xlsx", "DEF", 2023, 2_000),
    ]
    names = [str(f) for f in files]
    base = tmp_path / "base.duckdb"
    earlier = woo_csv(tmp_path / "woo_verzoeken_fin_2022.csv", "FIN", 2022, 50)
    jbr_here("load", str(earlier), "--db", str(base))

    reference = copy_store(base, tmp_path / "reference.duckdb")
    started = time.monotonic()
    proc = subprocess.Popen(
        [*JBR, "load", *names, "--db", str(reference)], stderr=subprocess.DEVNULL
    )
    grown = 0  # how far the store (file + WAL) grows during the load: where the writes are
    while proc.poll() is None:
        grown = max(grown, store_size(reference) - base.stat().st_size)
        time.sleep(0.002)
    assert proc.returncode == 0
    duration = time.monotonic() - started
    con = duckdb.connect(str(reference), read_only=True)
    order = [
        r[0]
        for r in con.execute(
            "SELECT file_name FROM deliveries WHERE delivery_id > 1 ORDER BY delivery_id"
        ).fetchall()
    ]
    con.close()
    by_name = {f.name: f for f in files}
    states = [dump(base)]
    stepwise = copy_store(base, tmp_path / "stepwise.duckdb")
    for name in order:
        jbr_here("load", str(by_name[name]), "--db", str(stepwise))
        states.append(dump(stepwise))
    after = dump(reference)
    assert states[-1] == after  # one call or one call per file: the same store
    assert len({repr(s) for s in states}) == len(files) + 1

    # Kill points: three moments spread over the whole run (reading and checking take
    # most of it), and four amounts of growth of the store, spread over the writes (so
    # between and inside the commits of the four files).
    rng = random.Random(SEED)
    points: list[tuple[str, float]] = [("s", rng.uniform(0.05, 1.0) * duration) for _ in range(3)]
    points += [("bytes", rng.uniform(0.02, 0.98) * grown) for _ in range(4)]
    seen: list[tuple[str, float, int, int]] = []
    for kind, point in points:
        db = copy_store(base, tmp_path / "killed.duckdb")
        proc = subprocess.Popen(
            [*JBR, "load", *names, "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        if kind == "s":
            time.sleep(point)
        else:
            threshold = store_size(db) + point
            while proc.poll() is None and store_size(db) < threshold:
                time.sleep(0.001)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        state = dump(db)
        assert state in states, f"killed at {point} {kind}: a state between deliveries"
        seen.append((kind, round(point, 2), proc.returncode, states.index(state)))
        doctor_ok(db)
        jbr_here("load", *names, "--db", str(db))  # the killed process's job, finished
        assert dump(db) == after, f"killed at {point}: the next load did not finish the job"
    killed = [s for s in seen if s[2] == -signal.SIGKILL]
    assert killed, f"no kill landed during a load: {seen}"
    print("kill points (unit, point, return code, state index):", seen)


# --- 2. two loads at once ------------------------------------------------------------------


@pytest.mark.slow
def test_two_loads_at_once_both_end_up_stored(tmp_path):
    """Two processes load different files into one store at the same moment: the second
    waits for the first (DuckDB lets one process write), both deliveries are stored."""
    db = tmp_path / "store.duckdb"
    one = personnel_csv(tmp_path / "personeel_2023.csv", 4_000)
    two = woo_csv(tmp_path / "woo_verzoeken_bzk_2023.csv", "BZK", 2023, 2_000)
    procs = [
        subprocess.Popen(
            [*JBR, "load", str(f), "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "JBR_LOCK_TIMEOUT": "120"},
        )
        for f in (one, two)
    ]
    results = [(p.wait(timeout=300), p.stderr.read() if p.stderr else "") for p in procs]
    assert [rc for rc, _ in results] == [0, 0], results
    assert all("Traceback" not in text for _, text in results)
    con = duckdb.connect(str(db), read_only=True)
    stored = con.execute("SELECT file_name, rows FROM deliveries ORDER BY 1").fetchall()
    con.close()
    assert stored == [("personeel_2023.csv", 48_000), ("woo_verzoeken_bzk_2023.csv", 2_000)]
    doctor_ok(db)


def test_second_load_gives_up_after_the_lock_timeout(tmp_path):
    """Another process keeps the store open: after JBR_LOCK_TIMEOUT a clear Dutch message,
    exit 1, and nothing of the file stored; the store is as before."""
    db = tmp_path / "store.duckdb"
    first = woo_csv(tmp_path / "woo_verzoeken_fin_2022.csv", "FIN", 2022, 10)
    jbr_here("load", str(first), "--db", str(db))
    before = dump(db)
    ready = tmp_path / "ready"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, pathlib, time; c = duckdb.connect({str(db)!r}); "
            f"pathlib.Path({str(ready)!r}).touch(); time.sleep(60)",
        ]
    )
    try:
        while not ready.exists():
            time.sleep(0.05)
        second = woo_csv(tmp_path / "woo_verzoeken_bzk_2023.csv", "BZK", 2023, 10)
        started = time.monotonic()
        res = jbr("load", str(second), "--db", str(db), env={"JBR_LOCK_TIMEOUT": "1"})
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert res.returncode == 1
    assert "in gebruik door een ander proces" in res.stderr
    assert "niets opgeslagen" in res.stderr and "Traceback" not in res.stderr
    assert waited >= 1
    assert dump(db) == before


def test_load_waits_while_the_store_is_held(tmp_path):
    """Another process holds the store: the load says it waits, and stores once released."""
    db = tmp_path / "store.duckdb"
    first = woo_csv(tmp_path / "woo_verzoeken_fin_2022.csv", "FIN", 2022, 10)
    jbr_here("load", str(first), "--db", str(db))
    ready, release = tmp_path / "ready", tmp_path / "release"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, pathlib, time; c = duckdb.connect({str(db)!r}); "
            f"pathlib.Path({str(ready)!r}).touch()\n"
            f"while not pathlib.Path({str(release)!r}).exists(): time.sleep(0.05)\n"
            "c.close()",
        ]
    )
    try:
        while not ready.exists():
            time.sleep(0.05)
        second = woo_csv(tmp_path / "woo_verzoeken_bzk_2023.csv", "BZK", 2023, 10)
        load = subprocess.Popen(
            [*JBR, "load", str(second), "--db", str(db)],
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "JBR_LOCK_TIMEOUT": "120"},
        )
        assert load.stderr is not None
        first_line = load.stderr.readline()  # blocks until jbr reports that it waits
        release.touch()
        rest = load.stderr.read()
        assert load.wait(timeout=120) == 0, first_line + rest
    finally:
        release.touch()
        holder.wait(timeout=30)
    assert "in gebruik door een ander proces" in first_line and "wachten" in first_line
    assert "opgeslagen — levering 2" in rest


# --- 3. disk full, read-only ---------------------------------------------------------------


def _file_size_limit(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # write() then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_disk_full_is_a_clear_error_and_loses_nothing(tmp_path):
    """RLIMIT_FSIZE (``ulimit -f``) makes every write past 1 MB fail as on a full disk,
    without privileges. The big file cannot be stored: one Dutch sentence, exit 1, the
    store exactly as before and whole; with room again the same load works."""
    db = tmp_path / "store.duckdb"
    first = woo_csv(tmp_path / "woo_verzoeken_fin_2022.csv", "FIN", 2022, 10)
    jbr_here("load", str(first), "--db", str(db))
    before = dump(db)
    big = personnel_csv(tmp_path / "personeel_2023.csv", 5_000)
    res = jbr("load", str(big), "--db", str(db), preexec_fn=_file_size_limit(1 << 20))
    assert res.returncode == 1, res.stderr
    assert "kan niet worden bijgewerkt" in res.stderr and "niets opgeslagen" in res.stderr
    assert "Traceback" not in res.stderr and "Onverwachte fout" not in res.stderr
    assert dump(db) == before
    doctor_ok(db)
    jbr_here("load", str(big), "--db", str(db))
    assert len(dump(db)["personeel"]) == 60_000


def _without_root_override() -> None:
    """Root ignores file modes; drop the capabilities that let it (CAP_DAC_OVERRIDE,
    CAP_DAC_READ_SEARCH, CAP_FOWNER) from the child's bounding set so chmod counts."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2, 3):
        if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.mark.parametrize(
    "read_only",
    [
        "file",  # the store file itself: it cannot be opened for writing
        "directory",  # the file is writable, but its WAL cannot be created
    ],
)
def test_read_only_store_is_a_clear_error_and_loses_nothing(tmp_path, read_only):
    folder = tmp_path / "store"
    folder.mkdir()
    db = folder / "store.duckdb"
    first = woo_csv(tmp_path / "woo_verzoeken_fin_2022.csv", "FIN", 2022, 10)
    jbr_here("load", str(first), "--db", str(db))
    before = dump(db)
    second = woo_csv(tmp_path / "woo_verzoeken_bzk_2023.csv", "BZK", 2023, 10)
    if read_only == "file":
        db.chmod(0o444)
    folder.chmod(0o555)
    try:
        res = jbr("load", str(second), "--db", str(db), preexec_fn=_without_root_override)
    finally:
        folder.chmod(0o755)
        db.chmod(0o644)
    assert res.returncode == 1, res.stderr
    assert "alleen-lezen" in res.stderr and "niets opgeslagen" in res.stderr
    assert "Traceback" not in res.stderr and "Onverwachte fout" not in res.stderr
    assert dump(db) == before
    doctor_ok(db)
    jbr_here("load", str(second), "--db", str(db))
