"""The datetime column type through the declaration chain (issue 6): energy readings of
any length, from a month to a quarter of an hour, in CSV, xlsx and Parquet, with one
period rule: the store holds every reading as [van, tot)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import jbr
from jbr.deliveries.validate import run as v
from jbr.deliveries.validate import validate_files
from jbr.store.schema import SCHEMA_VERSION

from .conftest import write_csv

GEBOUWEN = "gebouw_id;naam;ministerie;provincie;bvo_m2;kantoor"
ENERGIE = "gebouw_id;drager;van;tot;verbruik;hernieuwbaar_kwh"
BUILDING = ["G1;Rijnstraat 8;BZK;PV28;1000;true"]
T = dt.datetime


def _stored(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT van, tot FROM energie ORDER BY _row").fetchall()


def _load(tmp_path: Path, db: Path, rows: list[str]) -> list:
    files = [
        write_csv(tmp_path / "gebouwen.csv", GEBOUWEN, BUILDING),
        write_csv(tmp_path / "energie.csv", ENERGIE, rows),
    ]
    return jbr.load(files, db=db)


# (van as written, tot as written, stored van, stored tot, why) — by hand.
PERIODS = [
    (
        "2024-01-01",
        "2024-01-31",
        T(2024, 1, 1),
        T(2024, 2, 1),
        "dates only: tot is the last day, included, so the period ends at the next midnight",
    ),
    (
        "2024-05-07",
        "2024-05-07",
        T(2024, 5, 7),
        T(2024, 5, 8),
        "a one-day reading as dates (van = tot) is one day long",
    ),
    (
        "2024-01-01 00:00",
        "2024-02-01 00:00",
        T(2024, 1, 1),
        T(2024, 2, 1),
        "with times, tot is the end moment itself: January exactly, nothing of February",
    ),
    (
        "2024-03-31 23:45",
        "2024-04-01 00:00",
        T(2024, 3, 31, 23, 45),
        T(2024, 4, 1),
        "the last quarter hour of March ends at midnight, in March",
    ),
    (
        "2024-03-31 23:45",
        "2024-04-01",
        T(2024, 3, 31, 23, 45),
        T(2024, 4, 1),
        "van has a time, so a plain-date tot is that day's 00:00 (how Excel shows midnight)",
    ),
    (
        "2024-01-05T09:00:00",
        "2024-01-05T09:15:00",
        T(2024, 1, 5, 9),
        T(2024, 1, 5, 9, 15),
        "ISO with T and seconds",
    ),
    (
        "05-01-2024 09:00",
        "05-01-2024 09:15",
        T(2024, 1, 5, 9),
        T(2024, 1, 5, 9, 15),
        "Dutch day-month-year with a time",
    ),
    (
        "1-2-2024",
        "29-2-2024",
        T(2024, 2, 1),
        T(2024, 3, 1),
        "Dutch dates only, leap February: included up to 29 February",
    ),
    (
        "45293.375",
        "45293.385416666664",
        T(2024, 1, 2, 9),
        T(2024, 1, 2, 9, 15),
        "Excel serial numbers with a fraction of a day, rounded to the second",
    ),
    (
        "45292",
        "45322",
        T(2024, 1, 1),
        T(2024, 2, 1),
        "whole Excel serials are dates: 45322 = 31 January, included",
    ),
]


@pytest.mark.parametrize(("van", "tot", "stored_van", "stored_tot", "why"), PERIODS)
def test_a_period_is_stored_half_open(tmp_path, db, van, tot, stored_van, stored_tot, why):
    [_, o] = _load(tmp_path, db, [f"G1;gas_m3;{van};{tot};100;"])
    assert o.status == "stored", o.problems
    assert _stored(db) == [(stored_van, stored_tot)], why


# (rows, row, column, value, rule) — every bad value gets its own Dutch error.
BAD = [
    (
        ["G1;gas_m3;2024-02-30 10:00;2024-03-01 10:00;1;"],
        2,
        "van",
        "2024-02-30 10:00",
        "datumtijd_bestaat_niet",
    ),
    (
        ["G1;gas_m3;2024-01-05 25:00;2024-01-05 23:00;1;"],
        2,
        "van",
        "2024-01-05 25:00",
        "datumtijd_bestaat_niet",
    ),
    (["G1;gas_m3;gisteren;2024-01-05;1;"], 2, "van", "gisteren", "type_datumtijd"),
    (
        ["G1;gas_m3;2024-01-05 10:00+01:00;2024-01-05 11:00;1;"],
        2,
        "van",
        "2024-01-05 10:00+01:00",
        "type_datumtijd",
    ),
    # An empty reading: with times, tot is not included, so van = tot has no time at all.
    (
        ["G1;gas_m3;2024-01-05 10:00;2024-01-05 10:00;1;"],
        2,
        "tot",
        "2024-01-05 10:00",
        "tot_voor_van",
    ),
    (["G1;gas_m3;2024-01-05;2024-01-04;1;"], 2, "tot", "2024-01-04", "tot_voor_van"),
    # Two quarter hours starting at the same moment: a duplicate key.
    (
        ["G1;gas_m3;2024-01-05 10:00;2024-01-05 10:15;1;"] * 2,
        3,
        "gebouw_id",
        "G1",
        "sleutel_dubbel",
    ),
]


@pytest.mark.parametrize(("rows", "row", "column", "value", "rule"), BAD)
def test_bad_moments_are_reported_in_dutch_and_nothing_is_stored(
    tmp_path, db, rows, row, column, value, rule
):
    outcomes = _load(tmp_path, db, rows)
    assert outcomes[1].status == "rejected"
    problems = [p for p in outcomes[1].problems if p.is_error]
    assert (problems[-1].rule, problems[-1].row, problems[-1].column, problems[-1].value) == (
        rule,
        row,
        column,
        value,
    )
    assert problems[-1].message and "Traceback" not in problems[-1].message
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM energie").fetchone() == (0,)


def test_the_type_message_is_dutch_and_english(tmp_path):
    files = [
        write_csv(tmp_path / "gebouwen.csv", GEBOUWEN, BUILDING),
        write_csv(tmp_path / "energie.csv", ENERGIE, ["G1;gas_m3;morgen;2024-01-05;1;"]),
    ]
    [nl] = validate_files(files)
    [en] = validate_files(files, lang="en")
    assert nl.message == "Geen datum of tijdstip."
    assert nl.hint.startswith("Gebruik JJJJ-MM-DD UU:MM")
    assert en.message == "Not a date or moment."
    assert en.hint.startswith("Use YYYY-MM-DD HH:MM")


def test_quarter_hours_pass_the_key_and_both_paths_store_the_same(tmp_path, monkeypatch):
    """A day of quarter hours (96 readings of one building and carrier) is one valid
    delivery; DuckDB's typed reader (fast path) and the text path store the same rows."""
    start = T(2024, 3, 31)
    rows = [
        f"G1;elektriciteit_kwh;{start + dt.timedelta(minutes=15 * q):%Y-%m-%d %H:%M};"
        f"{start + dt.timedelta(minutes=15 * (q + 1)):%Y-%m-%d %H:%M};1,5;0,5"
        for q in range(96)
    ]
    stored = {}
    for fast in (True, False):
        monkeypatch.setattr(v, "FAST_PATH", fast)
        db = tmp_path / f"{fast}.duckdb"
        outcomes = _load(tmp_path, db, rows)
        assert [o.status for o in outcomes] == ["stored", "stored"]
        with duckdb.connect(str(db), read_only=True) as con:
            stored[fast] = con.execute(
                "SELECT * EXCLUDE (_delivery_id) FROM energie ORDER BY _row"
            ).fetchall()
    assert stored[True] == stored[False]
    assert len(stored[True]) == 96
    assert stored[True][-1][2:4] == (T(2024, 3, 31, 23, 45), T(2024, 4, 1))
    assert {r[-1] for r in stored[True]} == {2024}  # _jaar from van


def test_xlsx_moments_and_dates(tmp_path, db):
    """Excel shows a moment at midnight as a plain date; with a time in van the end is
    still that midnight, and a month typed as dates stays a whole month."""
    gebouwen = openpyxl.Workbook()
    sheet = gebouwen.active
    sheet.title = "gebouwen"
    sheet.append(GEBOUWEN.split(";"))
    sheet.append(["G1", "Rijnstraat 8", "BZK", "PV28", 1000, True])
    sheet = gebouwen.create_sheet("energie")
    sheet.append(ENERGIE.split(";"))
    sheet.append(["G1", "gas_m3", T(2024, 1, 31, 23, 45), T(2024, 2, 1, 0, 0), 2.5, None])
    sheet.append(["G1", "gas_m3", dt.date(2024, 2, 1), dt.date(2024, 2, 29), 900, None])
    sheet.append(["G1", "gas_m3", T(2024, 3, 1, 0, 0), T(2024, 3, 1, 0, 15), 0.25, None])
    for row in sheet.iter_rows(min_row=2, min_col=3, max_col=4):
        for cell in row:
            cell.number_format = "yyyy-mm-dd hh:mm"
    path = tmp_path / "levering.xlsx"
    gebouwen.save(path)
    [o] = jbr.load([path], db=db)
    assert o.status == "stored", o.problems
    assert _stored(db) == [
        (T(2024, 1, 31, 23, 45), T(2024, 2, 1)),
        (T(2024, 2, 1), T(2024, 3, 1)),
        (T(2024, 3, 1), T(2024, 3, 1, 0, 15)),
    ]


def test_parquet_timestamps_and_dates(tmp_path, db):
    """Parquet says what a value is: a DATE column is dates (tot included), a TIMESTAMP
    column moments (tot not included), midnight or not."""
    buildings = write_csv(tmp_path / "gebouwen.csv", GEBOUWEN, BUILDING)
    moments = tmp_path / "energie_kwartier.parquet"
    pq.write_table(
        pa.table(
            {
                "gebouw_id": ["G1", "G1"],
                "drager": ["gas_m3", "gas_m3"],
                "van": pa.array([T(2024, 1, 1), T(2024, 1, 2)], pa.timestamp("us")),
                "tot": pa.array([T(2024, 1, 2), T(2024, 1, 3)], pa.timestamp("us")),
                "verbruik": [24.0, 24.0],
            }
        ),
        moments,
    )
    outcomes = jbr.load([buildings, moments], db=db)
    assert [o.status for o in outcomes] == ["stored", "stored"], outcomes[1].problems
    # Two daily readings as moments: each exactly one day, no overlap.
    assert _stored(db) == [(T(2024, 1, 1), T(2024, 1, 2)), (T(2024, 1, 2), T(2024, 1, 3))]
    dates = tmp_path / "energie_maand.parquet"
    pq.write_table(
        pa.table(
            {
                "gebouw_id": ["G1"],
                "drager": ["elektriciteit_kwh"],
                "van": pa.array([dt.date(2024, 2, 1)], pa.date32()),
                "tot": pa.array([dt.date(2024, 2, 29)], pa.date32()),
                "verbruik": [1000.0],
            }
        ),
        dates,
    )
    [o] = jbr.load([dates], db=db)
    assert o.status == "stored", o.problems
    with duckdb.connect(str(db), read_only=True) as con:
        got = con.execute("SELECT van, tot FROM energie WHERE drager = 'elektriciteit_kwh'")
        assert got.fetchall() == [(T(2024, 2, 1), T(2024, 3, 1))]


def test_a_schema_1_store_is_migrated_to_half_open_periods(tmp_path, db):
    """A store written when van/tot were dates (tot included) gets TIMESTAMP columns
    with tot moved to the next midnight: the same days, and the same indicator value."""
    [_, o] = _load(tmp_path, db, ["G1;gas_m3;2024-01-15;2024-02-14;3100;"])
    assert o.status == "stored"
    with duckdb.connect(str(db)) as con:  # turn it back into what schema 1 stored
        con.execute("DROP VIEW current_energie")
        con.execute("ALTER TABLE energie ALTER van TYPE DATE")
        con.execute("ALTER TABLE energie ALTER tot TYPE DATE USING CAST(tot AS DATE) - 1")
        con.execute("UPDATE jbr_meta SET value = '1' WHERE key = 'schema_version'")
        con.execute(
            "CREATE VIEW current_energie AS SELECT t.* FROM energie t"
        )  # a view as schema 1 had one
    # Read-only (no migration): read as [van, tot + 1 day).
    gas = {x.ministry: x.value for x in jbr.indicators(2024, db=db, ids=["energy.gas_m3"])}
    assert gas["RIJK"] == pytest.approx(3100)
    # A load migrates the store.
    [o] = jbr.load([tmp_path / "gebouwen.csv"], db=db)
    assert _stored(db) == [(T(2024, 1, 15), T(2024, 2, 15))]
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(
            "SELECT value FROM jbr_meta WHERE key = 'schema_version'"
        ).fetchone() == (str(SCHEMA_VERSION),)
    gas = {x.ministry: x.value for x in jbr.indicators(2024, db=db, ids=["energy.gas_m3"])}
    assert gas["RIJK"] == pytest.approx(3100)
