"""Headcount, fte and fte growth end to end, with hand-computed expectations."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from jbr import indicators, load
from jbr.cli import app
from jbr.indicators import Target, target_status

from .conftest import write_csv

HEADER = "peildatum;medewerker_id;ministerie;fte;provincie"


@pytest.fixture
def reorg_store(tmp_path, db):
    """EZK 2023: 20 persons × 1 fte; 2024: EZ 15 × 1, KGG 10 × 0,5; BZK 12 → 12 (0,5 → 1 for one)."""
    rows = [f"2023-12-31;E{i};EZK;1;PV28" for i in range(20)]
    rows += [f"2023-12-31;B{i};BZK;1;PV28" for i in range(11)] + ["2023-12-31;B11;BZK;0,5;PV28"]
    rows += [f"2024-12-31;E{i};EZ;1;PV28" for i in range(15)]
    rows += [f"2024-12-31;K{i};KGG;0,5;PV28" for i in range(10)]
    rows += [f"2024-12-31;B{i};BZK;1;PV28" for i in range(12)]
    rows += [f"2024-12-31;A{i};AZ;1;PV28" for i in range(3)]
    load([write_csv(tmp_path / "personeel_test.csv", HEADER, rows)], db=db)
    return db


def _by(values):
    return {(v.indicator, v.ministry): v for v in values}


def test_stock_and_growth_across_the_split(reorg_store):
    v = _by(indicators(2024, db=reorg_store))
    assert v["personnel.headcount", "RIJK"].value == 40  # 15 + 10 + 12 + 3
    assert v["personnel.fte", "RIJK"].value == 35  # 15 + 5 + 12 + 3
    assert v["personnel.fte", "KGG"].value == 5
    # Rijk 2023 = 20 + 11.5 = 31.5 fte → (35 − 31.5) ÷ 31.5 = 11.11 %
    assert v["personnel.fte_growth_pct", "RIJK"].value == pytest.approx(100 * 3.5 / 31.5)
    # BZK: 11.5 → 12: +4.35 %
    assert v["personnel.fte_growth_pct", "BZK"].value == pytest.approx(100 * 0.5 / 11.5)
    # EZK's 20 fte split over EZ and KGG by their 2024 share 15 : 5 → 15 and 5: growth 0 %
    assert v["personnel.fte_growth_pct", "EZ"].value == pytest.approx(0)
    assert v["personnel.fte_growth_pct", "KGG"].value == pytest.approx(0)
    # the publications carry the one restatement note per table, not each value
    assert v["personnel.fte_growth_pct", "EZ"].notes == ()
    # AZ has no 2023 and only 3 persons: no growth, and its stock is suppressed.
    assert ("personnel.fte_growth_pct", "AZ") not in v
    assert v["personnel.headcount", "AZ"].suppressed and v["personnel.headcount", "AZ"].value == 3


def test_years_computed_in_one_batch(reorg_store):
    """A build asks for every year at once (``Context.years``): each figure per year as by hand."""
    from jbr.indicators import compute, open_context

    ctx = open_context(reorg_store)
    ctx.years = (2023, 2024)
    v = {y: _by(compute(ctx, y)) for y in ctx.years}
    # 2023: EZK 20 × 1 fte; BZK 11 × 1 + 0,5.
    assert v[2023]["personnel.headcount", "RIJK"].value == 32
    assert v[2023]["personnel.fte", "RIJK"].value == 31.5
    assert v[2023]["personnel.fte", "EZK"].value == 20
    assert ("personnel.fte", "EZ") not in v[2023]
    # 2024 as in test_stock_and_growth_across_the_split, the year before from the same batch.
    assert v[2024]["personnel.headcount", "RIJK"].value == 40
    assert v[2024]["personnel.fte", "KGG"].value == 5
    assert v[2024]["personnel.fte_growth_pct", "RIJK"].value == pytest.approx(100 * 3.5 / 31.5)
    assert v[2024]["personnel.fte_growth_pct", "BZK"].value == pytest.approx(100 * 0.5 / 11.5)
    # No 2022 in the store: 2023's growth is empty, with the reason (SPEC §6).
    growth_2023 = [x for (i, _), x in v[2023].items() if i == "personnel.fte_growth_pct"]
    assert growth_2023 and all(x.value is None for x in growth_2023)
    assert all(any(n.startswith("geen vorig jaar") for n in x.notes) for x in growth_2023)
    # A year outside the batch is computed on its own, and holds nothing.
    assert compute(ctx, 2022) == []


def test_cli_json_and_public_view(reorg_store):
    runner = CliRunner()
    res = runner.invoke(
        app, ["indicators", "--year", "2024", "--format", "json", "--db", str(reorg_store)]
    )
    assert res.exit_code == 0, res.output
    rows = json.loads(res.stdout)
    assert set(rows[0]) == {
        "indicator",
        "year",
        "ministry",
        "value",
        "unit",
        "target",
        "status",
        "suppressed",
    }
    az = next(r for r in rows if r["indicator"] == "personnel.headcount" and r["ministry"] == "AZ")
    assert az == {
        "indicator": "personnel.headcount",
        "year": 2024,
        "ministry": "AZ",
        "value": 3.0,
        "unit": "personen",
        "target": None,
        "status": None,
        "suppressed": True,
    }
    res = runner.invoke(
        app,
        ["indicators", "--year", "2024", "--format", "json", "--public", "--db", str(reorg_store)],
    )
    az = next(
        r
        for r in json.loads(res.stdout)
        if r["indicator"] == "personnel.headcount" and r["ministry"] == "AZ"
    )
    assert az["value"] is None and az["suppressed"] is True


def test_cli_csv_and_ministry_filter(reorg_store):
    res = CliRunner().invoke(
        app,
        [
            "indicators",
            "--year",
            "2024",
            "--format",
            "csv",
            "--ministry",
            "BZK",
            "--db",
            str(reorg_store),
        ],
    )
    assert res.exit_code == 0
    lines = res.stdout.strip().splitlines()
    assert lines[0] == "indicator,year,ministry,value,unit,target,status,suppressed"
    assert {line.split(",")[2] for line in lines[1:]} == {"RIJK", "BZK"}
    assert "personnel.fte,2024,BZK,12.0,fte,,,false" in lines


def test_cli_usage_errors_exit_2(reorg_store):
    runner = CliRunner()
    assert (
        runner.invoke(
            app, ["indicators", "--year", "2024", "--ministry", "XX", "--db", str(reorg_store)]
        ).exit_code
        == 2
    )
    assert runner.invoke(app, ["indicators"]).exit_code == 2
    assert runner.invoke(app, ["validate", "x.csv", "--theme", "nope"]).exit_code == 2


@pytest.mark.parametrize(
    ("value", "target", "year", "baseline", "expected", "why"),
    [
        (9.5, Target(10, "at_most"), 2023, None, "met", "Roemer norm ≤ 10 %: 9,5 meets it"),
        (15.4, Target(10, "at_most"), 2023, None, "off_track", "15,4 % exceeds the norm"),
        (
            1018,
            Target(1149.4, "at_most", 2030, 2019),
            2023,
            1642,
            "met",
            "gas 30 % below 2019 (1.149,4 TJ) already reached in 2023: met early",
        ),
        (
            1400,
            Target(1149.4, "at_most", 2030, 2019),
            2023,
            1642,
            "on_track",
            "straight line 1642 → 1149,4 over 2019–2030 is 1463 in 2023; 1400 is below it",
        ),
        (
            1500,
            Target(1149.4, "at_most", 2030, 2019),
            2023,
            1642,
            "off_track",
            "1500 is above the 1463 path value for 2023",
        ),
        (
            1200,
            Target(1149.4, "at_most", 2030, 2019),
            2030,
            1642,
            "off_track",
            "in the target year only meeting it counts",
        ),
        (None, Target(10, "at_most"), 2023, None, None, "no value, no status"),
    ],
)
def test_target_status(value, target, year, baseline, expected, why):
    assert target_status(value, target, year, baseline) == expected, why
