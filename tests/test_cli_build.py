"""`jbr build` never loads the demo into a store with deliveries unless asked (issue 14
item 6): without files it builds from the store, the demo goes only into an empty store
or with --demo, and the output says which."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from jbr import api
from jbr.cli import app

from .conftest import write_csv
from .test_cli_terminal import ANSI, TERMINAL_80

HEADER = "peildatum;medewerker_id;ministerie;fte;provincie"


@pytest.mark.parametrize(
    "given, demo, in_store, expected, why",
    [
        (False, None, 0, "demo", "an empty store and no files: the demo, as `make run` needs"),
        (False, None, 3, "store", "a store with deliveries: build from it, load nothing"),
        (True, None, 0, "files", "files given: only those"),
        (True, None, 3, "files", "files given: only those"),
        (False, True, 3, "demo", "--demo: also into a store with deliveries"),
        (True, True, 3, "files+demo", "--demo with files: both"),
        (False, False, 0, "store", "--no-demo on an empty store: nothing to build (an error)"),
    ],
)
def test_what_build_loads(given, demo, in_store, expected, why):
    assert api.build_source(given, demo, in_store) == expected, why


def deliveries(db) -> list[tuple]:
    """(supplier, deliveries); the demo's suppliers (shared services marked "(demo)") as one."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT CASE WHEN supplier LIKE '%(demo)' THEN 'demo' "
            "ELSE supplier END AS who, count(*) FROM deliveries GROUP BY ALL ORDER BY 1"
        ).fetchall()
    finally:
        con.close()


def test_build_without_files_builds_from_the_store(tmp_path, monkeypatch):
    # The store by a path relative to the working folder: a long absolute one (a long user
    # name, an xdist worker's folder) is wrapped inside at 80 columns.
    monkeypatch.chdir(tmp_path)
    db = Path("mijn.duckdb")
    rows = [f"2024-12-31;P{i};BZK;1;PV28" for i in range(12)]
    src = write_csv(tmp_path / "personeel_2024.csv", HEADER, rows)
    loaded = CliRunner().invoke(app, ["load", str(src), "--db", str(db), "--supplier", "P-Direkt"])
    assert loaded.exit_code == 0
    demo_dir = tmp_path / "demo"
    res = CliRunner().invoke(
        app,
        ["build", "--db", str(db), "--out", str(tmp_path / "out"), "--demo-dir", str(demo_dir)],
        env=TERMINAL_80,
    )
    assert res.exit_code == 0, res.output
    lines = ANSI.sub("", res.output).splitlines()
    assert all(len(line) <= 80 for line in lines), lines  # readable in an 80-column terminal
    said = " ".join(ANSI.sub("", res.output).split())
    assert f"Gebouwd uit de store {db}: 1 levering; niets nieuw geladen." in said
    assert deliveries(db) == [("P-Direkt", 1)]  # no synthetic delivery joined the real one
    assert not demo_dir.exists()  # the demo was not even generated
    assert (tmp_path / "out" / "rapport.html").exists()
    # one summary line instead of a line per written file
    assert "geschreven in" in said and "geschreven: " not in said


def test_no_demo_on_an_empty_store_is_a_clear_error(tmp_path):
    db = tmp_path / "leeg.duckdb"
    res = CliRunner().invoke(app, ["build", "--no-demo", "--db", str(db), "--lang", "en"])
    assert res.exit_code == 1
    assert "holds no deliveries and no files were given" in res.output
    assert "--demo" in res.output


@pytest.fixture(scope="module")
def small_demo(small_demo_dir):
    """The small demo's files (generated once per session: tests/worlds.py)."""
    return small_demo_dir


def test_the_demo_goes_into_an_empty_store_only(tmp_path, small_demo):
    # --year 1999 stops the build after loading (no data for 1999): the load is what
    # this test is about, the publications are tested elsewhere.
    empty = tmp_path / "leeg.duckdb"
    args = ["--demo-dir", str(small_demo), "--demo-scale", "small", "--year", "1999"]
    res = CliRunner().invoke(app, ["build", "--db", str(empty), *args])
    assert res.exit_code == 1
    assert f"De store {empty} was leeg: de demo geladen" in res.output
    assert "geen gegevens voor 1999. Jaren met gegevens: 2017–2024." in res.output
    [(supplier, n)] = deliveries(empty)
    assert supplier == "demo" and n > 300  # every demo file, under a "(demo)" supplier

    real = tmp_path / "echt.duckdb"
    src = write_csv(tmp_path / "personeel_2024.csv", HEADER, ["2024-12-31;P1;BZK;1;PV28"])
    api.load([src], db=real, supplier="P-Direkt")
    res = CliRunner().invoke(app, ["build", "--db", str(real), *args])
    assert res.exit_code == 1 and "Gebouwd uit de store" in res.output
    assert deliveries(real) == [("P-Direkt", 1)]  # the real store got no demo

    res = CliRunner().invoke(app, ["build", "--demo", "--db", str(real), *args])
    assert "De demo geladen in" in res.output and "(--demo;" in res.output
    assert dict(deliveries(real)) == {"P-Direkt": 1, "demo": n}
