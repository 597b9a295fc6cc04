"""Corrections are explicit (issue 14 item 7, SPEC §7): a load says what it replaces with
both row counts, a replacement that drops most rows needs --allow-shrink, and
``jbr deliveries`` lists every delivery with what replaced what."""

from __future__ import annotations

import json
from datetime import datetime

import duckdb
import pytest
from typer.testing import CliRunner

import jbr
from jbr.cli import app
from jbr.store.history import SHRINK_LIMIT, Replacement

from .conftest import snapshot, write_csv

HEADER = "peildatum;medewerker_id;ministerie;fte;provincie"
MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
          "september", "oktober", "november", "december"]  # fmt: skip


def people(n: int, year: int = 2024, ministry: str = "BZK", prefix: str = "P") -> list[str]:
    return [f"{year}-12-31;{prefix}{i};{ministry};1;PV28" for i in range(n)]


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def loaded_on(db, delivery_id: int) -> str:
    """The Dutch date the CLI must name, written out by hand from the stored timestamp."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        [(at,)] = con.execute(
            "SELECT loaded_at FROM deliveries WHERE delivery_id = ?", [delivery_id]
        ).fetchall()
    finally:
        con.close()
    return f"{at.day} {MONTHS[at.month - 1]} {at.year}"


@pytest.mark.parametrize(
    "before, after, shrinks, why",
    [
        (30, 1, True, "the case of issue 14: one row for a ministry-year of 30"),
        (30, 14, True, "14 < 15: fewer than half"),
        (30, 15, False, "exactly half: a correction may halve"),
        (30, 28, False, "a usual correction"),
        (2, 1, False, "half"),
        (3, 1, True, "a third"),
        (1, 1, False, "same size"),
        (10, 40, False, "growing never needs a confirmation"),
    ],
)
def test_shrink_threshold(before, after, shrinks, why):
    r = Replacement("personeel", "BZK", 2024, 1, datetime(2024, 3, 12), "p.csv", before, after)
    assert SHRINK_LIMIT == 0.5
    assert r.shrinks is shrinks, why


def test_a_partial_correction_is_refused_then_confirmed(tmp_path, db):
    full = write_csv(tmp_path / "personeel_bzk.csv", HEADER, people(30) + people(20, 2023))
    one = write_csv(tmp_path / "personeel_bzk_fix.csv", HEADER, people(1))
    assert run("load", str(full), "--db", str(db)).exit_code == 0
    before = snapshot(db)

    refused = run("load", str(one), "--db", str(db))
    assert refused.exit_code == 1
    assert snapshot(db) == before  # nothing stored
    assert "afgewezen, niets opgeslagen" in refused.output
    assert "30 → 1 rij" in refused.output and "vervanging_veel_kleiner" in refused.output
    assert "--allow-shrink" in refused.output

    confirmed = run("load", str(one), "--db", str(db), "--allow-shrink")
    assert confirmed.exit_code == 0, confirmed.output
    day = loaded_on(db, 1)
    assert "personeel_bzk_fix.csv: opgeslagen — levering 2, 1 rij" in confirmed.output
    assert f"vervangt levering 1 van {day} (personeel BZK 2024): 30 → 1 rij" in confirmed.output
    # 2023 was not in the correction: still delivery 1's 20 rows
    con = duckdb.connect(str(db), read_only=True)
    try:
        current = con.execute(
            "SELECT _jaar, _delivery_id, count(*) FROM current_personeel GROUP BY ALL ORDER BY 1"
        ).fetchall()
    finally:
        con.close()
    assert current == [(2023, 1, 20), (2024, 2, 1)]


def test_a_correction_says_what_it_replaces_in_english(tmp_path, db):
    first = write_csv(tmp_path / "personeel_a.csv", HEADER, people(30))
    second = write_csv(tmp_path / "personeel_b.csv", HEADER, people(28))
    run("load", str(first), "--db", str(db))
    res = run("load", str(second), "--db", str(db), "--lang", "en")
    assert res.exit_code == 0
    assert "personeel_b.csv: stored — delivery 2, 28 rows" in res.output
    assert (
        "replaces delivery 1 of " in res.output
        and "(personeel BZK 2024): 30 → 28 rows" in res.output
    )


def test_the_python_api_takes_allow_shrink(tmp_path, db):
    jbr.load([write_csv(tmp_path / "personeel_a.csv", HEADER, people(9))], db=db)
    small = write_csv(tmp_path / "personeel_b.csv", HEADER, people(4))
    [refused] = jbr.load([small], db=db)
    assert refused.status == "rejected"
    assert [(r.delivery_id, r.rows_before, r.rows_after) for r in refused.replaces] == [(1, 9, 4)]
    [stored] = jbr.load([small], db=db, allow_shrink=True)
    assert (stored.status, stored.delivery_id) == ("stored", 2)
    assert [r.as_dict()["replaces_delivery"] for r in stored.replaces] == [1]


def test_replacements_within_one_load_are_told_as_if_loaded_one_by_one(tmp_path, db):
    run("load", str(write_csv(tmp_path / "personeel_0.csv", HEADER, people(20))), "--db", str(db))
    # one command, three files: a (18 rows) replaces delivery 1; b (1 row) would replace a
    # with far fewer rows and is refused; c (17 rows) then replaces a, not b.
    a = write_csv(tmp_path / "personeel_1a.csv", HEADER, people(18))
    b = write_csv(tmp_path / "personeel_1b.csv", HEADER, people(1, prefix="X"))
    c = write_csv(tmp_path / "personeel_1c.csv", HEADER, people(17, prefix="Y"))
    outcomes = jbr.load([a, b, c], db=db)
    assert [o.status for o in outcomes] == ["stored", "rejected", "stored"]
    assert [(r.delivery_id, r.rows_before, r.rows_after) for r in outcomes[0].replaces] == [
        (1, 20, 18)
    ]
    assert [(r.delivery_id, r.rows_before) for r in outcomes[1].replaces] == [(2, 18)]
    assert outcomes[2].delivery_id == 3
    assert [(r.delivery_id, r.rows_before, r.rows_after) for r in outcomes[2].replaces] == [
        (2, 18, 17)
    ]


@pytest.fixture
def history(tmp_path, db):
    """Delivery 1: BZK 2023 (20) + 2024 (30) and FIN 2024 (12); 2: BZK 2024 (28);
    3: FIN 2024 (3, confirmed); 4: Woo BZK 2024."""
    both = people(20, 2023) + people(30) + people(12, ministry="FIN", prefix="F")
    jbr.load([write_csv(tmp_path / "personeel_alles.csv", HEADER, both)], db=db, supplier="P")
    jbr.load([write_csv(tmp_path / "personeel_bzk.csv", HEADER, people(28))], db=db, supplier="B")
    fin = write_csv(tmp_path / "personeel_fin.csv", HEADER, people(3, ministry="FIN"))
    jbr.load([fin], db=db, supplier="F", allow_shrink=True)
    woo = write_csv(
        tmp_path / "woo_verzoeken.csv", "verzoek_id;ministerie;ontvangen", ["W1;BZK;2024-02-01"]
    )
    jbr.load([woo], db=db, supplier="B")
    return db


def test_deliveries_json_has_the_history(history):
    res = run("deliveries", "--db", str(history), "--format", "json")
    assert res.exit_code == 0, res.output
    listed = {d["delivery"]: d for d in json.loads(res.stdout)}
    assert list(listed) == [4, 3, 2, 1]  # newest first
    first = listed[1]
    assert (first["file"], first["supplier"], first["rows"]) == ("personeel_alles.csv", "P", 62)
    assert first["state"] == "partly_replaced" and first["replaced_by"] == [2, 3]
    by_part = {(c["ministry"], c["year"]): c for c in first["coverage"]}
    assert by_part[("BZK", 2023)]["current"] is True
    assert (by_part[("BZK", 2024)]["replaced_by"], by_part[("BZK", 2024)]["replaced_by_rows"]) == (
        2,
        28,
    )
    assert (by_part[("FIN", 2024)]["replaced_by"], by_part[("FIN", 2024)]["replaced_by_rows"]) == (
        3,
        3,
    )
    assert listed[2]["replaces"] == [1] and listed[2]["coverage"][0]["replaces_rows"] == 30
    assert listed[2]["state"] == "current"


@pytest.mark.parametrize(
    "args, expected",
    [
        (["--ministry", "fin"], [3, 1]),  # case-insensitive code
        (["--ministry", "BZK", "--year", "2023"], [1]),
        (["--theme", "WOO_VERZOEKEN"], [4]),
        (["--theme", "personeel", "--year", "2024"], [3, 2, 1]),
    ],
)
def test_deliveries_filters(history, args, expected):
    res = run("deliveries", "--db", str(history), "--format", "json", *args)
    assert res.exit_code == 0, res.output
    listed = json.loads(res.stdout)
    assert [d["delivery"] for d in listed] == expected
    if "--ministry" in args:
        code = args[args.index("--ministry") + 1].upper()
        # only that ministry's part of a shared file
        assert {c["ministry"] for d in listed for c in d["coverage"]} == {code}


def test_deliveries_table_at_80_columns(history):
    res = CliRunner().invoke(
        app, ["deliveries", "--db", str(history), "--ministry", "BZK"], env={"COLUMNS": "80"}
    )
    assert res.exit_code == 0
    lines = res.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines), [x for x in lines if len(x) > 80]
    text = res.stdout
    assert "Levering 2" in text and "personeel_bzk.csv" in text
    assert "personeel 2024 BZK: 28 rijen — vervangt levering 1 (30 → 28); actueel" in text
    assert "personeel 2024 BZK: 30 rijen — vervangen door levering 2 (30 → 28)" in text
    assert "3 leveringen: 2 actueel, 1 deels vervangen, 0 vervangen." in res.stderr


def test_deliveries_without_a_match_or_year_exit_1(history, tmp_path):
    res = run("deliveries", "--db", str(history), "--year", "1999")
    assert res.exit_code == 1
    assert "geen gegevens voor 1999" in res.output and "2023–2024" in res.output
    res = run("deliveries", "--db", str(history), "--ministry", "AZ")
    assert res.exit_code == 1 and "Geen leveringen" in res.output
    res = run("deliveries", "--db", str(history), "--ministry", "XYZ")
    assert res.exit_code == 2 and "BZK" in res.output  # the valid codes are listed
    res = run("deliveries", "--db", str(tmp_path / "nieuw.duckdb"))
    assert res.exit_code == 1 and "bestaat niet" in res.output
