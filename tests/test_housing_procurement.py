"""SPEC §5.4 housing and procurement, computed by hand: office m² per fte, occupancy
over working days with a Saturday in the data, the peak day, offices without
occupancy data, and procurement shares whose Rijk value comes from summed euros."""

from __future__ import annotations

from pathlib import Path

import duckdb
import ibis
import pytest

import jbr
from jbr.indicators import catalogue
from jbr.indicators.engine import Context
from jbr.indicators.housing import buildings_without_occupancy

from .conftest import findings, write_csv

IDS = [i.id for i in catalogue() if i.domain in ("housing", "procurement")]
GEBOUWEN = "gebouw_id;naam;ministerie;provincie;bvo_m2;werkplekken;kantoor;leegstand_m2;jaar"
PERSONEEL = "peildatum;medewerker_id;ministerie;fte;provincie"
BEZETTING = "gebouw_id;datum;bezette_werkplekken;werkplekken"
INKOOP = "ministerie;jaar;categorie;uitgaven_eur;mvi_eur;mkb_eur;aanbestedingen;aanbestedingen_mvi"


def values(db: Path, year: int) -> dict[tuple[str, str, str | None], object]:
    return {(v.indicator, v.ministry, v.breakdown): v for v in jbr.indicators(year, db=db, ids=IDS)}


@pytest.fixture
def store(tmp_path, db) -> Path:
    buildings = [
        "B1;Rijnstraat 8;BZK;PV28;120;500;true;20;2023",
        "B2;Korte Voorhout 7;FIN;PV28;60;300;true;;2023",
        "B3;Penitentiaire inrichting;FIN;PV30;2000;;false;500;2023",  # not an office
        "B4;Turfmarkt 147;BZK;PV28;30;100;true;0;2023",  # an office without occupancy data
        "B1;Rijnstraat 8;BZK;PV28;999;999;true;0;2022",  # another year's register
    ]
    staff = [f"2023-12-31;P{i};BZK;1.0;PV28" for i in range(10)]  # 10 fte
    staff += [f"2023-12-31;F{i};FIN;0.8;PV28" for i in range(5)]  # 4 fte
    staff += ["2023-11-30;P99;BZK;1.0;PV28"]  # left before 31 December
    occupancy = [
        "B1;2023-03-06;200;500",  # Monday
        "B1;2023-03-07;300;",  # Tuesday: workplaces from the register (500)
        "B1;2023-03-11;50;500",  # Saturday: not a working day, left out
        "B2;2023-03-06;60;300",
        "B2;2023-03-07;150;300",
    ]
    files = [
        write_csv(tmp_path / "gebouwen.csv", GEBOUWEN, buildings),
        write_csv(tmp_path / "personeel.csv", PERSONEEL, staff),
        write_csv(tmp_path / "bezetting.csv", BEZETTING, occupancy),
        write_csv(
            tmp_path / "inkoop.csv",
            INKOOP,
            [
                "BZK;2023;ICT;100;80;10;10;4",
                "FIN;2023;ICT;900;90;;20;15",  # SME part not delivered: unknown, not zero
                "FIN;2023;facilitair;100;50;40;5;",  # MVI tenders not delivered: unknown
            ],
        ),
    ]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    return db


def test_office_stock_and_m2_per_fte(store):
    v = values(store, 2023)
    assert v[("housing.office_m2", "RIJK", None)].value == 210  # B1 + B2 + B4, not B3
    assert v[("housing.office_m2", "BZK", None)].value == 150
    assert v[("housing.office_buildings", "RIJK", None)].value == 3
    assert v[("housing.workplaces", "RIJK", None)].value == 900
    assert v[("housing.vacant_m2", "RIJK", None)].value == 20  # B3's vacancy is no office
    assert v[("housing.m2_per_fte", "BZK", None)].value == pytest.approx(150 / 10)
    assert v[("housing.m2_per_fte", "FIN", None)].value == pytest.approx(60 / 4)
    # Rijk: summed m² over summed fte, not the mean of 15 and 15.
    assert v[("housing.m2_per_fte", "RIJK", None)].value == pytest.approx(210 / 14)


def test_occupancy_over_working_days_leaves_out_the_saturday(store):
    v = values(store, 2023)
    occ = lambda m, b=None: v[("housing.occupancy_pct", m, b)].value  # noqa: E731
    peak = lambda m, b=None: v[("housing.occupancy_peak_pct", m, b)].value  # noqa: E731
    assert occ("BZK", "B1") == pytest.approx(500 / 1000 * 100)  # (200 + 300) ÷ (500 + 500)
    assert peak("BZK", "B1") == pytest.approx(60)  # Tuesday 300 ÷ 500
    assert occ("FIN", "B2") == pytest.approx(210 / 600 * 100)
    assert peak("FIN", "B2") == pytest.approx(50)
    assert occ("BZK") == pytest.approx(50)
    # Rijk: Σ occupied ÷ Σ available = 710 ÷ 1,600; peak day Tuesday 450 ÷ 800.
    assert occ("RIJK") == pytest.approx(710 / 1600 * 100)
    assert peak("RIJK") == pytest.approx(450 / 800 * 100)
    found = {f.kind: dict(f.params) for f in findings(store, 2023)}
    assert found["occupancy_weekend"] == {"n": 1}  # the Saturday row, left out
    assert v[("housing.occupancy_pct", "BZK", "B1")].figure_id == "housing.occupancy_pct.B1"


def test_offices_without_occupancy_are_named(store):
    ctx = Context(ibis.duckdb.from_connection(duckdb.connect(str(store), read_only=True)))
    missing = buildings_without_occupancy(ctx, 2023)
    assert list(missing["gebouw_id"]) == ["B4"]
    v = values(store, 2023)
    counted = v[("housing.offices_without_occupancy", "RIJK", None)]
    assert counted.value == 1
    assert v[("housing.offices_without_occupancy", "FIN", None)].value == 0
    # named in the data-quality annex's list (the frame above), counted in its finding
    found = {f.kind: dict(f.params) for f in findings(store, 2023)}
    assert found["offices_without_occupancy"] == {"n": 1}


def test_procurement_shares_from_summed_euros(store):
    v = values(store, 2023)
    assert v[("procurement.spend_eur", "RIJK", None)].value == 1100
    # The spend share of MVI: BZK 80 / 100; FIN (90 + 50) / 1.000 = 14 %.
    assert v[("procurement.sustainable_spend_pct", "BZK", None)].value == pytest.approx(80)
    assert v[("procurement.sustainable_spend_pct", "FIN", None)].value == pytest.approx(14)
    rijk = v[("procurement.sustainable_spend_pct", "RIJK", None)].value
    assert rijk == pytest.approx(220 / 1100 * 100)  # 20 %
    assert rijk != pytest.approx((80 + 14) / 2)  # not the mean of ministry shares (47 %)
    # SME: FIN's ICT row has no SME amount, so only its facilitair row counts.
    assert v[("procurement.sme_pct", "FIN", None)].value == pytest.approx(40)
    assert v[("procurement.sme_pct", "RIJK", None)].value == pytest.approx(50 / 200 * 100)


def test_mvi_as_the_jbr_publishes_it_a_share_of_tenders(store):
    """The JBR counts tenders (57 % of 601 in 2022), not euros: the share of tenders with
    MVI criteria over the rows that deliver that number."""
    v = values(store, 2023)
    # Tenders: BZK 10; FIN 20 + 5 = 25; Rijk 35.
    assert v[("procurement.tenders", "BZK", None)].value == 10
    assert v[("procurement.tenders", "FIN", None)].value == 25
    assert v[("procurement.tenders", "RIJK", None)].value == 35
    # MVI tenders: BZK 4 of 10 = 40 %; FIN 15 of 20 = 75 % (facilitair's 5 tenders left
    # out: its MVI number is unknown, not zero).
    assert v[("procurement.sustainable_pct", "BZK", None)].value == pytest.approx(40)
    assert v[("procurement.sustainable_pct", "FIN", None)].value == pytest.approx(75)
    rijk = v[("procurement.sustainable_pct", "RIJK", None)].value
    assert rijk == pytest.approx(19 / 30 * 100)  # 63,3 %, from the summed numbers
    assert rijk != pytest.approx((40 + 75) / 2)  # not the mean of ministry shares (57,5 %)


def test_mvi_tenders_cannot_exceed_the_tenders(tmp_path):
    from jbr.api import validate

    bad = write_csv(tmp_path / "inkoop_2023.csv", INKOOP, ["BZK;2023;ICT;100;80;10;3;4"])
    problems = [
        p for p in validate([bad]) if p.rule == "mvi_aanbestedingen_groter_dan_aanbestedingen"
    ]
    assert len(problems) == 1 and problems[0].column == "aanbestedingen_mvi"


def test_a_register_without_years_stands_in(tmp_path, db):
    files = [
        write_csv(
            tmp_path / "gebouwen.csv",
            "gebouw_id;naam;ministerie;provincie;bvo_m2;kantoor",
            ["B1;Rijnstraat 8;BZK;PV28;120;true"],
        )
    ]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    assert values(db, 2024)[("housing.office_m2", "RIJK", None)].value == 120


# (rows of B1 with 500 workplaces: day and occupied, expected average %, expected peak %,
#  holiday rows left out, why) — computed by hand from the Atw calendar.
HOLIDAY_WEEKS = [
    (
        [
            ("2023-04-24", 200),
            ("2023-04-25", 300),
            ("2023-04-26", 250),
            ("2023-04-27", 20),
            ("2023-04-28", 50),
            ("2023-04-29", 10),
        ],
        (200 + 300 + 250 + 50) / (4 * 500) * 100,  # 40 %
        300 / 500 * 100,
        1,
        "Koningsdag (Thursday 27 April 2023) is a holiday and Saturday a weekend day; Friday "
        "28 April, equated to a holiday by Royal Decree for deadlines only, is a working day",
    ),
    (
        [("2023-05-17", 300), ("2023-05-18", 400), ("2023-05-19", 100)],
        (300 + 100) / (2 * 500) * 100,  # 40 %
        300 / 500 * 100,  # not Ascension Day's 80 %
        1,
        "Ascension Day (Thursday 18 May 2023) is no working day even when the office is busy",
    ),
    (
        [("2023-12-25", 100), ("2023-12-26", 100), ("2023-12-27", 200)],
        200 / 500 * 100,
        200 / 500 * 100,
        2,
        "Christmas Day and Boxing Day (Monday and Tuesday) are holidays",
    ),
    (
        [("2025-05-05", 50), ("2025-05-06", 250)],
        250 / 500 * 100,
        250 / 500 * 100,
        1,
        "5 May is a holiday every year under the Atw, also outside lustrum years (2025)",
    ),
]


@pytest.mark.parametrize(("days", "average", "peak", "left_out", "why"), HOLIDAY_WEEKS)
def test_occupancy_leaves_out_atw_holidays(tmp_path, db, days, average, peak, left_out, why):
    year = int(days[0][0][:4])
    files = [
        write_csv(
            tmp_path / "gebouwen.csv", GEBOUWEN, [f"B1;Rijnstraat 8;BZK;PV28;120;500;true;;{year}"]
        ),
        write_csv(tmp_path / "bezetting.csv", BEZETTING, [f"B1;{d};{n};500" for d, n in days]),
    ]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    v = values(db, year)
    assert v[("housing.occupancy_pct", "RIJK", None)].value == pytest.approx(average), why
    assert v[("housing.occupancy_peak_pct", "RIJK", None)].value == pytest.approx(peak), why
    found = {f.kind: dict(f.params) for f in findings(db, year)}
    assert found["occupancy_holiday"] == {"n": left_out}, why


def test_an_office_with_only_holiday_rows_has_no_occupancy_data(tmp_path, db):
    files = [
        write_csv(
            tmp_path / "gebouwen.csv",
            GEBOUWEN,
            [
                "B1;Rijnstraat 8;BZK;PV28;120;500;true;;2023",
                "B2;Turfmarkt 147;BZK;PV28;60;300;true;;2023",
            ],
        ),
        write_csv(
            tmp_path / "bezetting.csv",
            BEZETTING,
            ["B1;2023-04-26;250;500", "B2;2023-04-27;30;300"],  # B2 only on Koningsdag
        ),
    ]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    ctx = Context(ibis.duckdb.from_connection(duckdb.connect(str(db), read_only=True)))
    assert list(buildings_without_occupancy(ctx, 2023)["gebouw_id"]) == ["B2"]


def test_registers_of_a_batch_of_years(tmp_path, db):
    """A build computes 2022–2024 at once: 2023 has its own register, the register
    without years stands in for 2022 and 2024 (also for the workplaces of a day)."""
    files = [
        write_csv(
            tmp_path / "gebouwen_2023.csv",
            GEBOUWEN,
            ["B1;Rijnstraat 8;BZK;PV28;120;500;true;;2023"],
        ),
        write_csv(
            tmp_path / "gebouwen.csv",
            "gebouw_id;naam;ministerie;provincie;bvo_m2;werkplekken;kantoor",
            ["B9;Turfmarkt 147;FIN;PV28;70;200;true"],
        ),
        write_csv(
            tmp_path / "bezetting.csv",
            BEZETTING,
            ["B1;2023-03-06;200;500", "B9;2024-03-04;50;"],  # both Mondays
        ),
    ]
    assert {o.status for o in jbr.load(files, db=db)} == {"stored"}
    ctx = jbr.indicators.open_context(db)
    ctx.years = (2022, 2023, 2024)
    v = {
        y: {(i.indicator, i.ministry, i.breakdown): i.value for i in jbr.indicators.compute(ctx, y)}
        for y in ctx.years
    }
    assert v[2023][("housing.office_m2", "RIJK", None)] == 120
    assert v[2022][("housing.office_m2", "RIJK", None)] == 70
    assert v[2024][("housing.office_m2", "RIJK", None)] == 70
    assert v[2023][("housing.occupancy_pct", "BZK", "B1")] == pytest.approx(200 / 500 * 100)
    # 2024: B9's workplaces come from the register without years (200).
    assert v[2024][("housing.occupancy_pct", "FIN", "B9")] == pytest.approx(50 / 200 * 100)
    # B9 has no occupancy in 2023 but is no office of 2023's register either.
    assert v[2023][("housing.offices_without_occupancy", "RIJK", None)] == 0
    assert v[2022][("housing.offices_without_occupancy", "RIJK", None)] == 1
