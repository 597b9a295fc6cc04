"""SPEC §5.3 flights and CO2: great-circle distances from airportsdata, dated emission
factors by distance band and class, short flights, unknown IATA codes rejected with
their row and column, and the CO2 of operations with its trend to 2030."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest

import jbr
from jbr.codelists.airports import distance_km, iata_unknown_sql
from jbr.codelists.emission import energy_factor, flight_factor, flight_factors
from jbr.indicators import catalogue

from .conftest import write_csv

VLIEGREIZEN = "ministerie;datum;van;naar;klasse;reizigers"
GEBOUWEN = "gebouw_id;naam;ministerie;provincie;bvo_m2;kantoor"
ENERGIE = "gebouw_id;drager;van;tot;verbruik;hernieuwbaar_kwh"
IDS = [i.id for i in catalogue() if i.id.startswith(("travel.", "climate.", "energy."))]


def values(db: Path, year: int, ministry: str = "RIJK") -> dict[str, object]:
    return {
        v.indicator: v
        for v in jbr.indicators(year, db=db, ids=IDS)
        if v.ministry == ministry and v.breakdown is None
    }


def test_ams_jfk_great_circle_distance():
    # Published great-circle distance Amsterdam Schiphol – New York JFK: about 5,850 km.
    assert distance_km("AMS", "JFK") == pytest.approx(5850, rel=0.01)
    assert distance_km("AMS", "JFK") == pytest.approx(distance_km("JFK", "AMS"))
    assert distance_km("AMS", "AMS") == 0


@pytest.mark.parametrize(
    ("km", "klasse", "expected", "reason"),
    [
        (300, "economy", 0.234, "CO2emissiefactoren.nl: < 700 km"),
        (300, None, 0.234, "no class delivered counts as economy"),
        (300, "business", 0.234 * 1.5, "short-haul business uplift 1.5 (DESNZ)"),
        (699.9, "economy", 0.234, "just below 700 km is still short"),
        (700, "economy", 0.172, "700 km starts the 700–2,500 km band"),
        (1460, "economy", 0.172, "700–2,500 km"),
        (2500, "economy", 0.157, "2,500 km starts the long band"),
        (5857, "business", 0.157 * 2.9, "long-haul business uplift 2.9 (DESNZ)"),
        (5857, "premium_economy", 0.157 * 1.6, "long-haul premium economy 1.6"),
        (5857, "first", 0.157 * 4.0, "long-haul first 4.0"),
    ],
)
def test_emission_factor_by_band_and_class(km, klasse, expected, reason):
    assert flight_factor(km, klasse, dt.date(2023, 6, 1)) == pytest.approx(expected), reason


def test_factors_are_dated_and_cite_their_source():
    for f in flight_factors():
        assert f.valid_from <= dt.date(2017, 1, 1)
        assert "CO2emissiefactoren.nl" in f.source
    with pytest.raises(ValueError):
        flight_factor(300, "economy", dt.date(2000, 1, 1))


@pytest.fixture
def flights(tmp_path, db) -> Path:
    rows = [
        "BZ;2023-03-01;AMS;JFK;economy;2",  # long, 2 travellers
        "BZ;2023-03-09;JFK;AMS;business;1",  # long, business
        "BZK;2023-05-01;AMS;BRU;business;1",  # short
        "BZK;2023-05-02;AMS;MAD;;1",  # medium, class empty = economy
        "BZK;2023-05-03;AMS;LHR;economy;",  # short, travellers empty = 1
    ]
    files = [write_csv(tmp_path / "vliegreizen_2023.csv", VLIEGREIZEN, rows)]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    return db


def test_flight_co2_by_hand(flights):
    jfk, bru = distance_km("AMS", "JFK"), distance_km("AMS", "BRU")
    mad, lhr = distance_km("AMS", "MAD"), distance_km("AMS", "LHR")
    assert bru < 700 and lhr < 700 and 700 <= mad < 2500 and jfk > 2500
    bz = (jfk * 0.157 * 2 + jfk * 0.157 * 2.9) / 1000
    bzk = (bru * 0.234 * 1.5 + mad * 0.172 + lhr * 0.234) / 1000
    assert values(flights, 2023, "BZ")["travel.flight_co2_t"].value == pytest.approx(bz)
    assert values(flights, 2023, "BZK")["travel.flight_co2_t"].value == pytest.approx(bzk)
    rijk = values(flights, 2023)
    assert rijk["travel.flight_co2_t"].value == pytest.approx(bz + bzk)
    assert rijk["travel.flight_co2_t"].unit == "ton CO₂"
    # AMS–JFK economy, one traveller: 5,857 km × 0.157 kg = about 0.92 t.
    assert jfk * 0.157 / 1000 == pytest.approx(0.92, abs=0.01)


def test_short_flights_share_counts_passenger_legs(flights):
    # Passenger legs: JFK 2 + 1, BRU 1, MAD 1, LHR 1 = 6; short (< 700 km): BRU, LHR = 2.
    assert values(flights, 2023)["travel.short_flights_pct"].value == pytest.approx(200 / 6)
    assert values(flights, 2023, "BZ")["travel.short_flights_pct"].value == 0
    assert values(flights, 2023, "BZK")["travel.short_flights_pct"].value == pytest.approx(200 / 3)


def test_unknown_iata_code_is_rejected_with_row_and_column(tmp_path, db):
    bad = write_csv(
        tmp_path / "vliegreizen_fout.csv",
        VLIEGREIZEN,
        [
            "BZ;2023-03-01;AMS;JFK;economy;1",
            "BZ;2023-03-02;AMS;XXQ;economy;1",  # well-formed, but no such airport
            "BZ;2023-03-03;QQX;AMS;economy;1",
            "BZ;2023-03-04;ams;AMS;economy;1",  # malformed: the shape rule, not this one
        ],
    )
    problems = jbr.validate([bad])
    found = [(p.row, p.column, p.value, p.rule) for p in problems]
    assert (3, "naar", "XXQ", "iata_onbekend") in found
    assert (4, "van", "QQX", "iata_onbekend") in found
    assert (5, "van", "ams", "iata_ongeldig") in found
    assert not [f for f in found if f[0] == 5 and f[3] == "iata_onbekend"]
    assert len(found) == 3
    message = next(p.message for p in problems if p.rule == "iata_onbekend")
    assert "IATA" in message and "airportsdata" in message
    [outcome] = jbr.load([bad], db=db)
    assert outcome.status == "rejected"


def test_iata_lookup_sql_knows_every_airport():
    import duckdb

    from jbr.codelists.airports import airports

    con = duckdb.connect()
    codes = sorted(airports())
    con.execute("CREATE TABLE t AS SELECT unnest($1::VARCHAR[]) AS van", [codes + ["XXQ"]])
    unknown = con.execute(f"SELECT van FROM t WHERE {iata_unknown_sql('van')}").fetchall()
    assert unknown == [("XXQ",)]


# --- CO2 of operations ---------------------------------------------------------------


def test_climate_co2_is_energy_plus_flights_and_its_trend(tmp_path, db):
    """Gas so that the energy CO2 is 300, 280 and 260 t in 2021–2023; 2023 also has one
    kWh-metered month (1,000 kWh, 400 renewable) and one flight leg."""
    gas_factor = energy_factor("gas_m3", dt.date(2023, 1, 1))
    assert gas_factor == pytest.approx(1.884)  # CO2emissiefactoren.nl, aardgas (WTW)
    assert energy_factor("elektriciteit_kwh", dt.date(2023, 1, 1)) == pytest.approx(0.556)
    energy = [
        f"G1;gas_m3;{y}-01-01;{y}-12-31;{t * 1000 / gas_factor:.6f};"
        for y, t in ((2021, 300), (2022, 280), (2023, 260))
    ] + ["G1;elektriciteit_kwh;2023-02-01;2023-02-28;1000;400"]
    files = [
        write_csv(tmp_path / "gebouwen.csv", GEBOUWEN, ["G1;Rijnstraat 8;BZK;PV28;1000;true"]),
        write_csv(tmp_path / "energie.csv", ENERGIE, energy),
        write_csv(tmp_path / "vliegreizen.csv", VLIEGREIZEN, ["BZK;2023-04-01;AMS;JFK;;1"]),
    ]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    flight = distance_km("AMS", "JFK") * 0.157 / 1000
    electricity = 600 * 0.556 / 1000  # the renewable 400 kWh count as 0
    v = values(db, 2023)
    assert v["climate.co2_t"].value == pytest.approx(260 + electricity + flight)
    assert v["climate.co2_t"].target == 0
    # Least squares through three equally spaced points (2021, 2022, 2023): the line
    # passes through their mean at 2022 with the slope (y₃ − y₁) ÷ 2.
    y = [300, 280, 260 + electricity + flight]
    slope, mean = (y[2] - y[0]) / 2, sum(y) / 3
    projection = v["climate.co2_projection_2030_t"]
    assert projection.value == pytest.approx(mean + slope * (2030 - 2022))
    # A prognosis (SPEC §6): no target, so no status — the target is climate.co2_t's.
    assert (projection.target, projection.status) == (None, None)
    assert any("lineaire trend over 2021–2023" in n for n in projection.notes)
    neutral = v["climate.co2_neutral_year"]
    assert neutral.value == math.ceil(2022 + mean / -slope) == 2037
    assert (neutral.target, neutral.status, neutral.reason) == (None, None, None)
    # Two years are too few for a trend.
    assert "climate.co2_projection_2030_t" not in values(db, 2022)


@pytest.mark.parametrize(
    "slope, intercept, horizon, expected, why",
    [
        # 1000 − 10 × (y − 2000) = 0 at y = 2100: beyond a 2050 horizon, so not named
        (-10.0, 1000.0 + 10.0 * 2000, 2050, (None, "beyond_horizon"), "a century ahead"),
        # 300 − 20 × (y − 2020) = 0 at y = 2035: within the horizon
        (-20.0, 300.0 + 20.0 * 2020, 2050, (2035, None), "reaches zero in 2035"),
        # zero at 2035.5: the first whole year at or below zero is 2036
        (-20.0, 310.0 + 20.0 * 2020, 2050, (2036, None), "rounded up to a whole year"),
        # exactly at the horizon is still named
        (-10.0, 300.0 + 10.0 * 2020, 2050, (2050, None), "the horizon year itself"),
        (0.0, 500.0, 2050, (None, "not_falling"), "a flat trend never reaches zero"),
        (5.0, -9000.0, 2050, (None, "not_falling"), "a rising trend never reaches zero"),
    ],
)
def test_zero_year_of_a_trend(slope, intercept, horizon, expected, why):
    from jbr.indicators.sustainability.climate import zero_year

    assert zero_year(slope, intercept, horizon) == expected, why


def test_a_rising_trend_is_published_as_not_falling(tmp_path, db):
    """CO2 of 100, 110, 120 t in 2021–2023: the trend rises, so it never reaches zero. The
    climate-neutral year is empty with that reason, and the report's figure says so."""
    from jbr.publish.figures import published_figures

    gas_factor = energy_factor("gas_m3", dt.date(2023, 1, 1))
    energy = [
        f"G1;gas_m3;{y}-01-01;{y}-12-31;{t * 1000 / gas_factor:.6f};"
        for y, t in ((2021, 100), (2022, 110), (2023, 120))
    ]
    files = [
        write_csv(tmp_path / "gebouwen.csv", GEBOUWEN, ["G1;Rijnstraat 8;BZK;PV28;1000;true"]),
        write_csv(tmp_path / "energie.csv", ENERGIE, energy),
    ]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    v = values(db, 2023)
    neutral = v["climate.co2_neutral_year"]
    assert (neutral.value, neutral.reason, neutral.status) == (None, "not_falling", None)
    # 100, 110, 120: the line is 110 + 10 × (y − 2022), so 190 t in 2030
    assert v["climate.co2_projection_2030_t"].value == pytest.approx(190.0)
    assert any("de trend daalt niet" in n for n in neutral.notes)
    figure = published_figures({2023: list(v.values())}, 2023).get("climate.co2_neutral_year")
    assert (figure.text, figure.with_unit, figure.status_text) == ("daalt niet", "daalt niet", "")
