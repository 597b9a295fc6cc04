"""SPEC §5.3 energy: the published gas figures reproduced from monthly readings,
apportioning of readings across month and year boundaries, unit conversions,
missing months, and the degree-day weather correction (all by hand)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import ibis
import numpy as np
import pandas as pd
import pytest

import jbr
from jbr.indicators import catalogue
from jbr.indicators.engine import Context
from jbr.indicators.sustainability.energy import energy_gaps
from jbr.indicators.sustainability.energy_months import monthly

from .conftest import findings, write_csv

GEBOUWEN = "gebouw_id;naam;ministerie;provincie;bvo_m2;kantoor"
ENERGIE = "gebouw_id;drager;van;tot;verbruik;hernieuwbaar_kwh"
# Published Rijk gas use in TJ (shared reference figures; 2017, 2018 and 2024 assumed).
GAS_TJ = {2017: 1700, 2018: 1680, 2019: 1642, 2020: 1571, 2021: 1524, 2022: 1421, 2023: 1018}
GAS_TJ[2024] = 980
YEARS = sorted(GAS_TJ)
# EU saving periods: (first year, first month, months, published saving).
SAVINGS = ((2022, 8, 8, 0.22), (2023, 4, 12, 0.26))
HEATING = np.array([16, 14, 12, 8, 5, 3, 3, 3, 5, 9, 12, 15], dtype=float)  # month profile


def _window(year: int, month: int, length: int) -> np.ndarray:
    row = np.zeros(len(YEARS) * 12)
    start = (year - YEARS[0]) * 12 + month - 1
    row[start : start + length] = 1
    return row


def published_monthly_tj() -> np.ndarray:
    """Monthly Rijk gas (TJ) whose years sum to GAS_TJ and whose EU periods save exactly
    22 % and 26 %: the seasonal profile, changed as little as possible (least squares)."""
    prior = np.concatenate([GAS_TJ[y] * HEATING / HEATING.sum() for y in YEARS])
    rows, targets = [], []
    for year in YEARS:
        rows.append(_window(year, 1, 12))
        targets.append(GAS_TJ[year])
    for year, month, length, saving in SAVINGS:
        reference = sum(_window(y, month, length) for y in range(2017, 2022)) / 5
        rows.append(_window(year, month, length) - (1 - saving) * reference)
        targets.append(0.0)
    a, b = np.array(rows), np.array(targets)
    weight = prior**2
    multipliers = np.linalg.solve(a @ (weight[:, None] * a.T), b - a @ prior)
    return prior + weight * (a.T @ multipliers)


@pytest.fixture(scope="module")
def published_store(tmp_path_factory) -> Path:
    """Two buildings (BZK 60 %, FIN 40 %) with monthly gas 2017–2024."""
    tmp = tmp_path_factory.mktemp("gas")
    tj = published_monthly_tj()
    lines = []
    for i, (year, month) in enumerate((y, m) for y in YEARS for m in range(1, 13)):
        first = dt.date(year, month, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        m3 = tj[i] * 1e6 / 31.65
        for building, share in (("G1", 0.6), ("G2", 0.4)):
            lines.append(f"{building};gas_m3;{first};{last};{m3 * share:.3f};")
    files = [
        write_csv(
            tmp / "gebouwen.csv",
            GEBOUWEN,
            ["G1;Rijnstraat 8;BZK;PV28;1000;true", "G2;Korte Voorhout 7;FIN;PV28;800;true"],
        ),
        write_csv(tmp / "energie.csv", ENERGIE, lines),
    ]
    db = tmp / "store.duckdb"
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    return db


ENERGY = [i.id for i in catalogue() if i.id.startswith("energy.")]


def values(db: Path, year: int, ministry: str = "RIJK") -> dict[str, object]:
    return {
        v.indicator: v
        for v in jbr.indicators(year, db=db, ids=ENERGY)
        if v.ministry == ministry and v.breakdown is None
    }


def test_fixture_matches_the_published_series():
    tj = published_monthly_tj().reshape(len(YEARS), 12)
    assert tj.sum(axis=1) == pytest.approx([GAS_TJ[y] for y in YEARS])
    assert (tj > 0).all()


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2022, 2023])
def test_gas_tj_per_year_is_the_published_figure(published_store, year):
    v = values(published_store, year)
    assert v["energy.gas_tj"].value == pytest.approx(GAS_TJ[year], abs=0.01)
    assert v["energy.gas_m3"].value == pytest.approx(GAS_TJ[year] * 1e6 / 31.65, rel=1e-9)
    assert v["energy.gas_tj"].unit == "TJ"


def test_reduction_vs_2019_is_38_pct_and_the_2030_target_met_early(published_store):
    v = values(published_store, 2023)["energy.gas_reduction_vs_2019_pct"]
    assert v.value == pytest.approx(38.0, abs=0.1)  # (1 − 1,018 ÷ 1,642) × 100 = 38.00
    assert (v.target, v.status) == (30, "met")
    # 2021: 7.2 % against a straight line to 30 % in 2030 of 2/11 × 30 = 5.5 %: on track.
    v2021 = values(published_store, 2021)["energy.gas_reduction_vs_2019_pct"]
    assert v2021.value == pytest.approx((1 - 1524 / 1642) * 100, abs=0.01)
    assert v2021.status == "on_track"
    assert "energy.gas_reduction_vs_2019_pct" not in values(published_store, 2018)


@pytest.mark.parametrize(("year", "saving"), [(2023, 22.0), (2024, 26.0)])
def test_eu_saving_periods_reported_under_the_year_they_end(published_store, year, saving):
    for ministry in ("RIJK", "BZK", "FIN"):
        v = values(published_store, year, ministry)["energy.gas_saving_pct"]
        assert v.value == pytest.approx(saving, abs=0.1)
        assert (v.target, v.status) == (15, "met")
    assert "energy.gas_saving_pct" not in values(published_store, 2022)


def test_the_rijk_is_the_sum_of_the_ministries(published_store):
    rijk = values(published_store, 2023)["energy.gas_m3"].value
    parts = [values(published_store, 2023, m)["energy.gas_m3"].value for m in ("BZK", "FIN")]
    assert sum(parts) == pytest.approx(rijk)


# --- apportioning, units, gaps ---------------------------------------------------------


@pytest.fixture
def store(tmp_path, db) -> Path:
    """One BZK building with readings of every shape, and one with a missing month."""
    readings = [
        # 15 Dec 2023 – 14 Jan 2024: 31 days, 17 in December and 14 in January.
        "G1;gas_m3;2023-12-15;2024-01-14;3100;",
        # 1 Feb – 30 Apr 2024: 90 days, 29 + 31 + 30.
        "G1;gas_m3;2024-02-01;2024-04-30;900;",
        # Daily electricity in May 2024, 1,000 kWh a day of which 400 renewable.
        *(f"G1;elektriciteit_kwh;2024-05-{d:02d};2024-05-{d:02d};1000;400" for d in range(1, 32)),
        # A year of heat in one reading: 366 days of 2024.
        "G1;warmte_gj;2024-01-01;2024-12-31;1000;",
        # G2: gas every month of 2024 except March.
        *(f"G2;gas_m3;2024-{m:02d}-01;2024-{m:02d}-28;100;" for m in range(1, 13) if m != 3),
    ]
    files = [
        write_csv(
            tmp_path / "gebouwen.csv",
            GEBOUWEN,
            ["G1;Rijnstraat 8;BZK;PV28;1000;true", "G2;Turfmarkt 147;BZK;PV28;500;true"],
        ),
        write_csv(tmp_path / "energie.csv", ENERGIE, readings),
    ]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    return db


def _monthly_of(db: Path) -> pd.DataFrame:
    ctx = Context(ibis.duckdb.from_connection(duckdb.connect(str(db), read_only=True)))
    return monthly(ctx)


def test_a_reading_across_the_year_boundary_is_split_by_days(store):
    m = _monthly_of(store)
    gas = m[(m["gebouw_id"] == "G1") & (m["drager"] == "gas_m3")].set_index("month")["verbruik"]
    assert gas[2023 * 12 + 11] == pytest.approx(1700)  # 3,100 × 17/31
    assert gas[2024 * 12 + 0] == pytest.approx(1400)  # 3,100 × 14/31
    assert [gas[2024 * 12 + k] for k in (1, 2, 3)] == pytest.approx([290, 310, 300])
    assert gas.sum() == pytest.approx(3100 + 900)  # nothing dropped, nothing counted twice
    assert values(store, 2023)["energy.gas_m3"].value == pytest.approx(1700)
    # 2024: G1 1,400 + 900, G2 11 × 100.
    assert values(store, 2024)["energy.gas_m3"].value == pytest.approx(1400 + 900 + 1100)


def test_unit_conversions(store):
    v = values(store, 2024)
    assert v["energy.gas_tj"].value == pytest.approx(3400 * 31.65 / 1e6)
    assert v["energy.electricity_kwh"].value == pytest.approx(31_000)
    assert v["energy.electricity_tj"].value == pytest.approx(31_000 * 3.6 / 1e6)
    assert v["energy.heat_gj"].value == pytest.approx(1000)
    assert v["energy.total_tj"].value == pytest.approx(3400 * 31.65e-6 + 31_000 * 3.6e-6 + 1.0)
    assert v["energy.renewable_pct"].value == pytest.approx(40.0)


def test_a_missing_month_is_a_finding_not_a_silent_zero(store):
    ctx = Context(ibis.duckdb.from_connection(duckdb.connect(str(store), read_only=True)))
    gaps = energy_gaps(ctx, 2024)
    # G2 misses March; G1's gas covers only January–April 2024 (its later months are
    # missing too), its heat and electricity are a whole-year and a one-month series.
    g2 = gaps[gaps["gebouw_id"] == "G2"]
    assert list(g2["maand"]) == [dt.date(2024, 3, 1)]
    g1 = gaps[gaps["gebouw_id"] == "G1"]
    assert len(g1[g1["drager"] == "gas_m3"]) == 8  # May–December
    assert len(g1[g1["drager"] == "warmte_gj"]) == 0
    assert len(g1[g1["drager"] == "elektriciteit_kwh"]) == 11
    v = values(store, 2024)
    assert v["energy.missing_months"].value == len(gaps) == 20
    # a finding for the build log and the data-quality annex, not a footnote of gas use
    [found] = [f for f in findings(store, 2024) if f.kind == "energy_gaps"]
    assert dict(found.params) == {"n": 20}
    assert "maanden zonder meterstand van een gebouw en energiedrager: 20" in found.text("nl")
    assert not any("meterstand" in n for n in v["energy.gas_m3"].notes)


def _quarter_hours(first: dt.datetime, last: dt.datetime, building: str, carrier: str) -> list[str]:
    """Quarter-hour readings [van, tot) from ``first`` to ``last``; the four quarters of
    every hour carry 0.5, 1.0, 1.5 and 2.0, so an hour holds 5 and a day 120."""
    out, moment = [], first
    while moment < last:
        nxt = moment + dt.timedelta(minutes=15)
        value = 0.5 * (moment.minute // 15 + 1)
        out.append(f"{building};{carrier};{moment:%Y-%m-%d %H:%M};{nxt:%Y-%m-%d %H:%M};{value};")
        moment = nxt
    return out


def test_quarter_hours_give_the_monthly_sums(tmp_path, db):
    """January and February 2024 as quarter hours for G1 (5,952 readings) and as two
    monthly readings for G2, the same energy: 31 × 120 = 3,720 and 29 × 120 = 3,480 m³.
    The last quarter of each month ends at midnight on the 1st and stays in its month."""
    quarters = _quarter_hours(dt.datetime(2024, 1, 1), dt.datetime(2024, 3, 1), "G1", "gas_m3")
    assert len(quarters) == (31 + 29) * 96
    monthly_rows = [
        "G2;gas_m3;2024-01-01;2024-01-31;3720;",
        "G2;gas_m3;2024-02-01;2024-02-29;3480;",
    ]
    files = [
        write_csv(
            tmp_path / "gebouwen.csv",
            GEBOUWEN,
            ["G1;Rijnstraat 8;BZK;PV28;1000;true", "G2;Turfmarkt 147;FIN;PV28;1000;true"],
        ),
        write_csv(tmp_path / "energie_kwartier.csv", ENERGIE, quarters),
        write_csv(tmp_path / "energie_maand.csv", ENERGIE, monthly_rows),
    ]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    m = _monthly_of(db)
    by = m.set_index(["gebouw_id", "month"])["verbruik"]
    for building in ("G1", "G2"):
        assert by[(building, 2024 * 12 + 0)] == pytest.approx(3720)
        assert by[(building, 2024 * 12 + 1)] == pytest.approx(3480)
    assert set(m["month"]) == {2024 * 12, 2024 * 12 + 1}  # nothing leaks into March
    bzk, fin = values(db, 2024, "BZK"), values(db, 2024, "FIN")
    assert bzk["energy.gas_m3"].value == pytest.approx(fin["energy.gas_m3"].value)
    assert bzk["energy.gas_tj"].value == pytest.approx(7200 * 31.65 / 1e6)


def test_a_reading_across_new_year_is_split_by_time(tmp_path, db):
    """31 December 2022 22:00 to 1 January 2023 02:00: four hours, two in each year, so
    half the gas and half the (renewable) electricity to each year."""
    readings = [
        "G1;gas_m3;2022-12-31 22:00;2023-01-01 02:00;1000;",
        "G1;elektriciteit_kwh;2022-12-31 22:00;2023-01-01 02:00;400;100",
        # 20:00–22:00 on 31 December and 02:00–08:00 on 1 January: wholly in their years.
        "G1;gas_m3;2022-12-31 20:00;2022-12-31 22:00;30;",
        "G1;gas_m3;2023-01-01 02:00;2023-01-01 08:00;70;",
    ]
    files = [
        write_csv(tmp_path / "gebouwen.csv", GEBOUWEN, ["G1;Rijnstraat 8;BZK;PV28;1000;true"]),
        write_csv(tmp_path / "energie.csv", ENERGIE, readings),
    ]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    v2022, v2023 = values(db, 2022), values(db, 2023)
    assert v2022["energy.gas_m3"].value == pytest.approx(500 + 30)
    assert v2023["energy.gas_m3"].value == pytest.approx(500 + 70)
    assert v2022["energy.electricity_kwh"].value == pytest.approx(200)
    assert v2023["energy.electricity_kwh"].value == pytest.approx(200)
    assert v2023["energy.renewable_pct"].value == pytest.approx(25)
    m = _monthly_of(db)
    assert m["verbruik"].sum() == pytest.approx(1000 + 400 + 30 + 70)  # nothing lost or doubled
    # The store's year of a reading is the year of ``van`` (themes/sustainability.py: year="van"); the
    # energy scan groups by it instead of extracting the year of 140 M timestamps.
    con = duckdb.connect(str(db), read_only=True)
    years = con.execute("SELECT van, _jaar FROM energie ORDER BY van").fetchall()
    con.close()
    assert [(v.year, j) for v, j in years] == [
        (2022, 2022),
        (2022, 2022),
        (2022, 2022),
        (2023, 2023),
    ]


@pytest.mark.parametrize(
    ("van", "tot", "december", "january", "why"),
    [
        ("2023-12-15", "2024-01-14", 17 / 31, 14 / 31, "dates, tot included: 17 + 14 days"),
        ("2023-12-15 00:00", "2024-01-14 00:00", 17 / 30, 13 / 30, "moments: 14 January not in"),
        ("2023-12-31 18:00", "2024-01-01 06:00", 0.5, 0.5, "12 hours, 6 on each side"),
        ("2023-12-31 23:45", "2024-01-01 00:00", 1.0, 0.0, "ends at midnight: December only"),
        ("2024-01-01 00:00", "2024-01-01 00:15", 0.0, 1.0, "starts at midnight: January only"),
    ],
)
def test_the_one_period_rule(tmp_path, db, van, tot, december, january, why):
    """Each reading is [van, tot) as stored; a month takes its share of the time."""
    files = [
        write_csv(tmp_path / "gebouwen.csv", GEBOUWEN, ["G1;Rijnstraat 8;BZK;PV28;1000;true"]),
        write_csv(tmp_path / "energie.csv", ENERGIE, [f"G1;warmte_gj;{van};{tot};120;"]),
    ]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    m = _monthly_of(db).set_index("month")["verbruik"]
    assert m.get(2023 * 12 + 11, 0.0) == pytest.approx(120 * december), why
    assert m.get(2024 * 12 + 0, 0.0) == pytest.approx(120 * january), why
    assert m.sum() == pytest.approx(120)


# --- weather correction ------------------------------------------------------------------


def test_weather_correction_scales_only_the_heating_part(tmp_path, db):
    """2019 (reference) has 10 degree days a day, 2023 has 8. G1 burns 10 m³ a day all
    year (the base) plus 5,000 m³ of heating in January 2023. Corrected: the base
    3,650 + 5,000 × 3,650 ÷ 2,920 = 9,900 m³."""
    degree_days = [
        f"{dt.date(y, 1, 1) + dt.timedelta(days=d)};{10 if y == 2019 else 8}"
        for y in (2019, 2023)
        for d in range(365)
    ]
    gas = []
    for m in range(1, 13):
        first = dt.date(2023, m, 1)
        last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        gas.append(f"G1;gas_m3;{first};{last};{10 * last.day + (5000 if m == 1 else 0)};")
    files = [
        write_csv(tmp_path / "gebouwen.csv", GEBOUWEN, ["G1;Rijnstraat 8;BZK;PV28;1000;true"]),
        write_csv(tmp_path / "energie.csv", ENERGIE, gas),
        write_csv(tmp_path / "graaddagen.csv", "datum;graaddagen", degree_days),
    ]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    v = values(db, 2023)
    assert v["energy.gas_m3"].value == pytest.approx(8650)
    assert v["energy.gas_tj_weather_corrected"].value == pytest.approx(9900 * 31.65 / 1e6)
    assert v["energy.degree_days"].value == pytest.approx(2920)
