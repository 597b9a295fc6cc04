"""``jbr store export`` / ``import``: a store to Parquet and back, losslessly (issue 9)."""

from __future__ import annotations

import json
import math
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from jbr import load
from jbr.checksum import file_sha256
from jbr.cli import app
from jbr.indicators import compute, open_context
from jbr.store.parquet import (
    MANIFEST,
    ExportError,
    export_store,
    import_store,
    store_tables,
)
from jbr.store.schema import SCHEMA_VERSION

from .conftest import snapshot, write_csv


def _types(db: Path) -> dict[str, list[tuple[str, str, bool]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
            "WHERE NOT internal ORDER BY table_name, column_index"
        ).fetchall()
    finally:
        con.close()
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for table, column, kind, nullable in rows:
        out.setdefault(table, []).append((column, kind, nullable))
    return out


@pytest.fixture(scope="module")
def round_trip(small_demo_store, tmp_path_factory):
    root = tmp_path_factory.mktemp("round_trip")
    manifest = export_store(small_demo_store, root / "export")
    import_store(root / "export", root / "copy.duckdb")
    return manifest, root / "export", root / "copy.duckdb"


def test_every_table_comes_back_row_for_row_with_its_types(small_demo_store, round_trip):
    manifest, _, copy = round_trip
    before, after = snapshot(small_demo_store), snapshot(copy)
    assert set(before) == set(after) == set(store_tables())
    for table in before:
        assert after[table] == before[table], table
    assert _types(copy) == _types(small_demo_store)
    # The demo fills every theme, so no table passes the check by being empty.
    assert all(manifest.tables[t].rows > 0 for t in store_tables())


def test_manifest_has_schema_version_counts_and_checksums(small_demo_store, round_trip):
    manifest, directory, _ = round_trip
    raw = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    assert raw["schema_version"] == SCHEMA_VERSION  # the store's own version, not a constant here
    con = duckdb.connect(str(small_demo_store), read_only=True)
    try:
        for table in store_tables():
            entry = raw["tables"][table]
            assert entry["rows"] == con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            assert entry["sha256"] == file_sha256(directory / entry["file"])
    finally:
        con.close()
    lineage = [c["name"] for c in raw["tables"]["personeel"]["columns"]][-5:]
    assert lineage == ["_delivery_id", "_sheet", "_row", "_ministerie", "_jaar"]


def _same(a: float | None, b: float | None) -> bool:
    """Equal, up to the order in which a parallel sum adds its doubles."""
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9) or (math.isnan(a) and math.isnan(b))


def _computed(db: Path, years: tuple[int, ...]) -> dict[int, list]:
    """Every indicator of ``years``, computed together as a build does (one batch)."""
    ctx = open_context(db)
    ctx.years = years
    return {year: compute(ctx, year) for year in years}


def test_indicators_of_the_imported_store_are_identical(small_demo_store, round_trip):
    _, _, copy = round_trip
    years = (2019, 2024)
    original, imported = _computed(small_demo_store, years), _computed(copy, years)
    for year in years:
        a, b = original[year], imported[year]
        assert len(a) == len(b) > 100
        for x, y in zip(a, b, strict=True):
            assert (x.indicator, x.ministry, x.breakdown, x.status, x.suppressed, x.notes) == (
                y.indicator,
                y.ministry,
                y.breakdown,
                y.status,
                y.suppressed,
                y.notes,
            )
            assert _same(x.value, y.value), (x, y)


WOO = "verzoek_id;ministerie;ontvangen;besluit"
ENERGIE = "gebouw_id;drager;van;tot;verbruik;hernieuwbaar_kwh"


def test_history_lineage_and_moments_survive(tmp_path):
    # A superseded delivery (history), quarter-hour moments, text with quotes and accents.
    db = tmp_path / "s.duckdb"
    load(
        [write_csv(tmp_path / "woo_verzoeken_a.csv", WOO, ["W1;BZK;2023-03-01;2023-03-20"])], db=db
    )
    load(
        [
            write_csv(
                tmp_path / "woo_verzoeken_b.csv",
                WOO,
                ['W\'2 "é";BZK;2023-03-01;', "W3;BZK;2023-04-01;2023-05-02"],
            )
        ],
        db=db,
        supplier="Zoë",
    )
    _, outcome = load(
        [
            write_csv(
                tmp_path / "gebouwen.csv",
                "gebouw_id;naam;ministerie;provincie;bvo_m2;kantoor",
                ["GEB-1;Rijnstraat 8;BZK;PV28;1000;true"],
            ),
            write_csv(
                tmp_path / "energie.csv",
                ENERGIE,
                ["GEB-1;elektriciteit_kwh;2024-01-01 00:00;2024-01-01 00:15;1.25;0.5"],
            ),
        ],
        db=db,
    )
    assert outcome.status == "stored", [p.message for p in outcome.problems]
    assert _types(db)["energie"][2] == ("van", "TIMESTAMP", True)
    export_store(db, tmp_path / "x")
    import_store(tmp_path / "x", tmp_path / "copy.duckdb")
    assert snapshot(tmp_path / "copy.duckdb") == snapshot(db)
    con = duckdb.connect(str(tmp_path / "copy.duckdb"), read_only=True)
    try:
        current = con.execute(
            "SELECT verzoek_id, _delivery_id FROM current_woo_verzoeken ORDER BY 1"
        ).fetchall()
        moments = con.execute("SELECT van::VARCHAR, tot::VARCHAR FROM energie").fetchall()
    finally:
        con.close()
    assert current == [('W\'2 "é"', 2), ("W3", 2)]  # the first delivery is history only
    assert moments == [("2024-01-01 00:00:00", "2024-01-01 00:15:00")]


def test_import_refuses_a_store_that_holds_data(small_demo_store, round_trip, tmp_path):
    _, directory, _ = round_trip
    db = tmp_path / "busy.duckdb"
    load([write_csv(tmp_path / "woo_verzoeken.csv", WOO, ["W1;BZK;2023-03-01;"])], db=db)
    before = snapshot(db)
    with pytest.raises(ExportError, match="alleen in een lege store"):
        import_store(directory, db)
    assert snapshot(db) == before


def test_import_refuses_a_changed_file_and_leaves_no_store(round_trip, tmp_path):
    import shutil

    _, directory, _ = round_trip
    damaged = tmp_path / "damaged"
    shutil.copytree(directory, damaged)
    with (damaged / "coverage.parquet").open("r+b") as f:
        f.seek(100)
        f.write(b"\x00\x01\x02")
    with pytest.raises(ExportError, match="beschadigd of gewijzigd"):
        import_store(damaged, tmp_path / "new.duckdb")
    assert not (tmp_path / "new.duckdb").exists()


def test_import_refuses_another_schema_version(round_trip, tmp_path):
    import shutil

    _, directory, _ = round_trip
    other = tmp_path / "other"
    shutil.copytree(directory, other)
    raw = json.loads((other / MANIFEST).read_text(encoding="utf-8"))
    raw["schema_version"] = 1
    (other / MANIFEST).write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ExportError, match="schemaversie 1"):
        import_store(other, tmp_path / "new.duckdb")


def test_export_refuses_a_directory_with_files(small_demo_store, tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mine")
    with pytest.raises(ExportError, match="niet leeg"):
        export_store(small_demo_store, tmp_path / "x")
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["notes.txt"]


def test_cli_export_and_import(small_demo_store, tmp_path):
    runner = CliRunner()
    done = runner.invoke(
        app, ["store", "export", str(tmp_path / "x"), "--db", str(small_demo_store)]
    )
    assert done.exit_code == 0, done.output
    assert "geëxporteerd" in done.output
    again = runner.invoke(
        app, ["store", "import", str(tmp_path / "x"), "--db", str(tmp_path / "c.duckdb")]
    )
    assert again.exit_code == 0, again.output
    refused = runner.invoke(
        app,
        ["store", "import", str(tmp_path / "x"), "--db", str(tmp_path / "c.duckdb")]
        + ["--lang", "en"],
    )
    assert refused.exit_code == 1
    assert "Import only into an empty store" in " ".join(refused.output.split())
    assert "Traceback" not in refused.output
    missing = runner.invoke(
        app, ["store", "import", str(tmp_path / "nothing"), "--db", str(tmp_path / "d.duckdb")]
    )
    assert missing.exit_code == 1
    assert "is geen export van een jbr-store" in " ".join(missing.output.split())


def test_the_seal_chain_and_publications_survive(tmp_path):
    # The append-only proof (delivery_seals) and the embargo state (publications and their
    # snapshots) are part of the store: an imported store must pass `jbr doctor` and keep
    # the published year public, or moving a store would silently re-embargo it.
    from jbr import api

    from .conftest import publish_without_review

    db = tmp_path / "s.duckdb"
    load(
        [write_csv(tmp_path / "woo_verzoeken_a.csv", WOO, ["W1;BZK;2023-03-01;2023-03-20"])], db=db
    )
    load([write_csv(tmp_path / "woo_verzoeken_b.csv", WOO, ["W2;BZK;2023-04-01;"])], db=db)
    publish_without_review(2023, db, without_text=True)
    export_store(db, tmp_path / "x")
    import_store(tmp_path / "x", tmp_path / "copy.duckdb")
    con = duckdb.connect(str(tmp_path / "copy.duckdb"), read_only=True)
    try:
        seals = con.execute("SELECT count(*) FROM delivery_seals").fetchone()[0]
        years = con.execute("SELECT DISTINCT year FROM publications").fetchall()
    finally:
        con.close()
    assert seals == 2
    assert years == [(2023,)]
    checks = api.doctor(tmp_path / "copy.duckdb")
    assert all(c.ok for c in checks), [(c.name, c.detail) for c in checks if not c.ok]
