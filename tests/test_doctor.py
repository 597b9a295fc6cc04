"""``jbr doctor``: a healthy store passes; each kind of damage is named by its check."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import openpyxl
import pytest
from typer.testing import CliRunner

from jbr import api
from jbr.cli import app

from .conftest import write_csv

WOO = "verzoek_id;ministerie;ontvangen;besluit"
PERSONEEL = "peildatum;medewerker_id;ministerie;fte;provincie"


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "woo_verzoeken"
    for row in [["verzoek_id", "ministerie", "ontvangen", "besluit"], *rows]:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """Three deliveries: a CSV, an xlsx and a correction that supersedes part of the first."""
    db = tmp_path / "store.duckdb"
    first = write_csv(
        tmp_path / "woo_verzoeken_a.csv",
        WOO,
        ["W1;BZK;2023-01-02;2023-01-20", "W2;FIN;2023-02-01;", "W3;BZK;2022-03-01;2022-03-09"],
    )
    book = _xlsx(tmp_path / "hr_bzk.xlsx", [["X1", "BZK", "2024-01-05", "2024-01-30"]])
    people = write_csv(
        tmp_path / "personeel_2024.csv",
        PERSONEEL,
        ["2024-01-31;P1;BZK;1;PV28", "2024-01-31;P2;FIN;0,5;PV20"],
    )
    correction = write_csv(tmp_path / "woo_verzoeken_b.csv", WOO, ["W1;BZK;2023-01-02;2023-01-25"])
    for files in ([first, book, people], [correction]):
        assert all(o.status == "stored" for o in api.load(files, db=db, supplier="test"))
    return db


def _tamper(db: Path, *statements: str) -> None:
    con = duckdb.connect(str(db))
    try:
        for sql in statements:
            con.execute(sql)
    finally:
        con.close()


def _failing(db: Path) -> set[str]:
    return {c.name for c in api.doctor(db) if not c.ok}


def test_healthy_store_passes_every_check(store):
    checks = api.doctor(store)
    assert [c.name for c in checks] == [
        "schema",
        "lineage",
        "zonder_levering",
        "dekking",
        "geschiedenis",
        "inhoud",
        "wederhoor",
    ]
    assert all(c.ok for c in checks), [c for c in checks if not c.ok]
    res = CliRunner().invoke(app, ["doctor", "--db", str(store), "--format", "json"])
    assert res.exit_code == 0
    report = json.loads(res.stdout)
    assert report["ok"] is True
    assert {c["status"] for c in report["checks"]} == {"OK"}
    table = CliRunner().invoke(app, ["doctor", "--db", str(store)])
    assert table.exit_code == 0 and "geschiedenis" in table.output and "FOUT" not in table.output


@pytest.mark.parametrize(
    ("damage", "statements", "failing"),
    [
        (
            # The rows of delivery 1 stay, its log row goes: rows without a delivery,
            # and the chain misses a link.
            "deleted delivery row",
            ["DELETE FROM deliveries WHERE delivery_id = 1"],
            {"zonder_levering", "geschiedenis"},
        ),
        (
            # A row slipped in under a delivery number that was never stored: it has no
            # delivery, is not in any coverage, and no seal vouches for it.
            "orphan theme row",
            [
                "INSERT INTO woo_verzoeken (verzoek_id, ministerie, ontvangen, _delivery_id, _sheet, "
                "_row, _jaar) VALUES ('W9', 'BZK', DATE '2023-05-01', 99, NULL, 2, 2023)"
            ],
            {"zonder_levering", "dekking", "inhoud"},
        ),
        (
            # History rewritten: who delivered the first file. Only the seal notices.
            "tampered delivery",
            ["UPDATE deliveries SET supplier = 'iemand anders' WHERE delivery_id = 1"],
            {"geschiedenis"},
        ),
        (
            # A stored decision date changed after the fact (in the first version of W1,
            # not the correction, delivery 4): rows and counts still agree, only the
            # sealed digest of that delivery's rows differs.
            "tampered row",
            [
                "UPDATE woo_verzoeken SET besluit = DATE '2023-01-21' WHERE verzoek_id = 'W1' "
                "AND _delivery_id < 4"
            ],
            {"inhoud"},
        ),
        (
            # Coverage inflated: disagrees with the rows, and coverage is sealed.
            "tampered coverage",
            ["UPDATE coverage SET rows = rows + 1 WHERE delivery_id = 1 AND ministerie = 'FIN'"],
            {"dekking", "geschiedenis"},
        ),
        (
            # The newest delivery removed entirely (rows, coverage, seal): nothing dangles,
            # but the chain head in jbr_meta still names it.
            "last delivery removed without trace",
            [
                "DELETE FROM woo_verzoeken WHERE _delivery_id = 4",
                "DELETE FROM coverage WHERE delivery_id = 4",
                "DELETE FROM delivery_seals WHERE delivery_id = 4",
                "DELETE FROM deliveries WHERE delivery_id = 4",
            ],
            {"geschiedenis"},
        ),
        (
            # NULL lineage needs the NOT NULL constraint gone first (a hand-made store). The
            # row's _ministerie is computed from its ministerie (schema 4), so that is emptied.
            "null ministry lineage",
            [
                "ALTER TABLE personeel ALTER ministerie DROP NOT NULL",
                "UPDATE personeel SET ministerie = NULL WHERE medewerker_id = 'P2'",
            ],
            {"lineage", "dekking", "inhoud"},
        ),
        (
            # A row from the xlsx delivery that no longer says which sheet it came from.
            "null sheet of an xlsx row",
            ["UPDATE woo_verzoeken SET _sheet = NULL WHERE verzoek_id = 'X1'"],
            {"lineage", "inhoud"},
        ),
    ],
)
def test_each_damage_is_named(store, damage, statements, failing):
    assert _failing(store) == set()
    _tamper(store, *statements)
    assert _failing(store) == failing, damage
    res = CliRunner().invoke(app, ["doctor", "--db", str(store), "--format", "json"])
    assert res.exit_code == 1
    report = json.loads(res.stdout)
    assert report["ok"] is False
    for check in report["checks"]:
        assert (check["status"] == "FOUT") == (check["name"] in failing)
        if check["status"] == "FOUT":
            assert check["hint"], check


def test_deleted_delivery_is_named_in_the_finding(store):
    _tamper(store, "DELETE FROM deliveries WHERE delivery_id = 2")
    by_name = {c.name: c for c in api.doctor(store)}
    assert "levering 2" in by_name["geschiedenis"].detail
    assert "levering 2" in by_name["zonder_levering"].detail


def test_schema_2_store_is_sealed_by_the_next_load(store, tmp_path):
    """An old store (no seals yet) is readable, reported, and sealed as found by the next load."""
    _tamper(
        store,
        "DROP TABLE delivery_seals",
        "DELETE FROM jbr_meta WHERE key IN ('chain_head', 'digest_engine')",
        "UPDATE jbr_meta SET value = '2' WHERE key = 'schema_version'",
    )
    failing = _failing(store)
    assert "schema" in failing and "geschiedenis" in failing
    later = write_csv(tmp_path / "woo_verzoeken_c.csv", WOO, ["W7;AZ;2024-02-01;"])
    [outcome] = api.load([later], db=store)
    assert outcome.status == "stored" and outcome.delivery_id == 5
    assert _failing(store) == set()
    # From here on the old deliveries are covered too.
    _tamper(store, "UPDATE deliveries SET file_name = 'x.csv' WHERE delivery_id = 1")
    assert _failing(store) == {"geschiedenis"}


def test_missing_store_is_a_clear_error(tmp_path):
    res = CliRunner().invoke(app, ["doctor", "--db", str(tmp_path / "geen.duckdb")])
    assert res.exit_code == 1
    assert "bestaat niet" in res.output and "Traceback" not in res.output


def test_english_findings(store):
    _tamper(store, "UPDATE deliveries SET supplier = 'x' WHERE delivery_id = 3")
    [history] = [c for c in api.doctor(store, lang="en") if c.name == "geschiedenis"]
    assert "delivery 3 changed" in history.detail and "restore" in history.hint
