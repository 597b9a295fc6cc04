"""Every SPEC §5.1 indicator on a hand-made fixture, with the arithmetic written out.

The fixture (year 2023; month-ends December 2022 .. December 2023):
  A  BZK all 13 month-ends, fte 1.0, V, born 1980, scale 15, ICT beheer, Zuid-Holland;
     sick 10 days in January and 5 in February (one spell across the month boundary)
  B  BZK Dec 2022..May 2023, then FIN Jun..Dec 2023 (a move), fte 0.5, M, 1990, scale 11,
     ICT data only at FIN, Groningen
  C  joins FIN in July 2023, fte 0.8, V, 1995, scale 9, ICT ontwikkeling, posted abroad,
     counted for the banenafspraak
  D  leaves BZK after March 2023, fte 1.0, M, 1960, scale 16, ICT architectuur
Everyone reports verzuim_dagen (0 unless stated).
"""

from __future__ import annotations

import calendar
import datetime as dt

import duckdb
import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jbr import indicators, load
from jbr.indicators.engine import Context

from .conftest import write_csv

PERSONEEL = (
    "peildatum;medewerker_id;ministerie;fte;schaal;geboortejaar;geslacht;provincie;"
    "ict_functiefamilie;verzuim_dagen;arbeidsbeperking"
)


def month_ends(start: tuple[int, int], end: tuple[int, int]) -> list[dt.date]:
    (y, m), out = start, []
    while (y, m) <= end:
        out.append(dt.date(y, m, calendar.monthrange(y, m)[1]))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _records() -> list[str]:
    rows = []

    def add(pid, ministry, days, fte, scale, born, sex, prov, fam, sick=None, bep="nee"):
        for d in days:
            rows.append(
                f"{d};{pid};{ministry};{fte};{scale};{born};{sex};{prov};{fam};"
                f"{(sick or {}).get(d.month if d.year == 2023 else 0, 0)};{bep}"
            )

    add(
        "A",
        "BZK",
        month_ends((2022, 12), (2023, 12)),
        "1",
        15,
        1980,
        "V",
        "Zuid-Holland",
        "beheer",
        sick={1: 10, 2: 5},
    )
    add("B", "BZK", month_ends((2022, 12), (2023, 5)), "0,5", 11, 1990, "M", "PV20", "")
    add("B", "FIN", month_ends((2023, 6), (2023, 12)), "0,5", 11, 1990, "M", "Groningen", "data")
    add(
        "C",
        "FIN",
        month_ends((2023, 7), (2023, 12)),
        "0,8",
        9,
        1995,
        "V",
        "BUITENLAND",
        "ontwikkeling",
        bep="ja",
    )
    add("D", "BZK", month_ends((2022, 12), (2023, 3)), "1", 16, 1960, "M", "PV27", "architectuur")
    return rows


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("p51")
    db = tmp / "s.duckdb"
    files = [write_csv(tmp / "personeel_2023.csv", PERSONEEL, _records())]
    files.append(
        write_csv(
            tmp / "vacatures_2023.csv",
            "ministerie;peildatum;vacature_id;ict_functiefamilie;moeilijk_vervulbaar",
            [
                "BZK;2023-12-31;V1;beheer;ja",
                "BZK;2023-12-31;V2;;nee",
                "BZK;2023-12-31;V3;;",
                "FIN;2023-12-31;V4;;ja",
            ],
        )
    )
    files.append(
        write_csv(
            tmp / "uitgaven_personeel_2023.csv",
            "ministerie;jaar;personeel_eur;inhuur_eur",
            ["BZK;2023;900;100", "FIN;2023;1600;400"],
        )
    )
    files.append(
        write_csv(
            tmp / "formatie_2023.csv",
            "ministerie;jaar;ict_functiefamilie;formatie_fte",
            ["BZK;2023;beheer;2", "FIN;2023;data;1", "FIN;2023;ontwikkeling;1"],
        )
    )
    files.append(
        write_csv(
            tmp / "tarieven_2023.csv",
            "jaar;schaal;kosten_per_fte_eur",
            ["2023;9;70000", "2023;11;90000", "2023;15;120000", "2023;16;130000"],
        )
    )
    files.append(
        write_csv(
            tmp / "banenafspraak_doel_2023.csv",
            "ministerie;jaar;doel_banen",
            ["BZK;2023;0,5", "FIN;2023;2"],
        )
    )
    outcomes = load(files, db=db)
    assert [o.status for o in outcomes] == ["stored"] * len(files), [o.problems for o in outcomes]
    values = indicators(2023, db=db)
    return {(v.indicator, v.ministry, v.breakdown): v for v in values}


def val(store, indicator, ministry="RIJK", breakdown=None):
    return store[indicator, ministry, breakdown].value


# (indicator, ministry, expected, arithmetic)
CASES = [
    ("personnel.headcount", "RIJK", 3, "A, B, C on 31-12-2023"),
    ("personnel.fte", "RIJK", 2.3, "1 + 0.5 + 0.8"),
    ("personnel.fte_growth_pct", "RIJK", -8.0, "Dec 2022 A+B+D = 2.5 → 2.3: −0.2 ÷ 2.5"),
    ("personnel.fte_growth_pct", "BZK", -60.0, "2.5 → A 1.0"),
    ("personnel.inflow", "RIJK", 1, "C in July; B's move is not Rijk inflow"),
    ("personnel.outflow", "RIJK", 1, "D after March"),
    ("personnel.mobility", "RIJK", 1, "B BZK → FIN between May and June"),
    ("personnel.inflow", "BZK", 0, "nobody enters BZK"),
    ("personnel.outflow", "BZK", 2, "D leaves, B moves out"),
    ("personnel.inflow", "FIN", 2, "C joins, B moves in"),
    ("personnel.outflow", "FIN", 0, ""),
    ("personnel.mobility", "FIN", 1, "B's move, counted at the receiving ministry"),
    # average headcount 2023: BZK (A 12 + B 5 + D 3) ÷ 12 = 1.6667; FIN (B 7 + C 6) ÷ 12 = 1.0833;
    # Rijk 33 ÷ 12 = 2.75
    ("personnel.inflow_pct", "RIJK", 100 / 2.75, "1 ÷ 2.75 × 100 = 36.36"),
    ("personnel.outflow_pct", "RIJK", 100 / 2.75, "1 ÷ 2.75"),
    ("personnel.mobility_pct", "RIJK", 100 / 2.75, "1 ÷ 2.75"),
    ("personnel.outflow_pct", "BZK", 200 / (20 / 12), "2 ÷ 1.6667 = 120 %"),
    ("personnel.inflow_pct", "FIN", 200 / (13 / 12), "2 ÷ 1.0833 = 184.6 %"),
    ("personnel.avg_age", "RIJK", (43 + 33 + 28) / 3, "2023 − 1980/1990/1995"),
    ("personnel.avg_age", "FIN", 30.5, "(33 + 28) ÷ 2"),
    ("personnel.women_pct", "RIJK", 200 / 3, "A and C of three"),
    ("personnel.women_pct", "FIN", 50.0, "C of B and C"),
    ("personnel.women_top_pct", "RIJK", 100.0, "scale ≥ 15 on 31-12: only A (V); D has left"),
    # sick: A 10 + 5 days × 1.0 = 15; employed days × fte: A 365; B Jan–May 151 × 0.5 = 75.5
    # and Jun–Dec 214 × 0.5 = 107; C Jul–Dec 184 × 0.8 = 147.2; D Jan–Mar 90 → 784.7
    ("personnel.sickness_absence_pct", "RIJK", 1500 / 784.7, "15 ÷ 784.7 = 1.91 %"),
    ("personnel.sickness_absence_pct", "BZK", 1500 / 530.5, "15 ÷ (365 + 75.5 + 90) = 2.83 %"),
    ("personnel.sickness_absence_pct", "FIN", 0.0, "nobody at FIN was sick"),
    ("personnel.vacancies", "RIJK", 4, "V1..V4"),
    ("personnel.hard_to_fill_pct", "BZK", 50.0, "V1 of V1, V2 (V3 unreported)"),
    ("personnel.hard_to_fill_pct", "RIJK", 200 / 3, "V1, V4 of three reported; not mean(50, 100)"),
    ("ict.vacancies", "RIJK", 1, "V1"),
    ("personnel.external_hiring_pct", "BZK", 10.0, "100 ÷ 1000"),
    ("personnel.external_hiring_pct", "FIN", 20.0, "400 ÷ 2000"),
    (
        "personnel.external_hiring_pct",
        "RIJK",
        500 / 30,
        "500 ÷ (1000 + 2000) = 16.67 %, not mean 15 %",
    ),
    (
        "personnel.disability_jobs",
        "FIN",
        0.8 * 36 / 25.5,
        "C: 0.8 fte × 36 h = 28.8 h ÷ 25.5 = 1.13 jobs",
    ),
    ("personnel.disability_jobs", "BZK", 0.0, "nobody counted at BZK"),
    ("ict.formation_fte", "RIJK", 4.0, "2 + 1 + 1"),
    ("ict.occupied_fte", "RIJK", 2.3, "A 1 + B 0.5 + C 0.8 (all ICT on 31-12)"),
    ("ict.occupancy_pct", "FIN", 65.0, "1.3 ÷ 2"),
    ("ict.occupancy_pct", "RIJK", 57.5, "2.3 ÷ 4"),
    # average ICT headcount: Rijk (A 12 + B 7 + C 6 + D 3) ÷ 12 = 2.3333; BZK 15 ÷ 12; FIN 13 ÷ 12
    ("ict.inflow_pct", "RIJK", 100 / (28 / 12), "C enters the Rijk into ICT: 1 ÷ 2.333 = 42.9 %"),
    ("ict.throughflow_pct", "RIJK", 100 / (28 / 12), "B: no family at BZK → data at FIN"),
    ("ict.outflow_pct", "RIJK", 100 / (28 / 12), "D leaves from an ICT family"),
    ("ict.inflow_pct", "FIN", 200 / (13 / 12), "C and B (moved in, into ICT)"),
    ("ict.outflow_pct", "BZK", 100 / (15 / 12), "D; B's move was from a non-ICT job"),
    # cost: A 12 × 1 × 120k + B 7 × 0.5 × 90k + C 6 × 0.8 × 70k + D 3 × 1 × 130k = 2,481,000 ÷ 12
    ("ict.personnel_cost_eur", "RIJK", 206_750.0, "2,481,000 ÷ 12"),
    ("ict.personnel_cost_eur", "BZK", 152_500.0, "(1,440,000 + 390,000) ÷ 12"),
    (
        "organisation.share_outside_randstad_pct",
        "RIJK",
        100 / 3,
        "home fte A 1 (PV28) + B 0.5 (PV20) = 1.5, outside 0.5; C abroad is left out",
    ),
    ("organisation.share_outside_randstad_pct", "BZK", 0.0, "A in Zuid-Holland"),
]


@pytest.mark.parametrize(
    ("indicator", "ministry", "expected", "why"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_hand_computed(store, indicator, ministry, expected, why):
    assert val(store, indicator, ministry) == pytest.approx(expected, rel=1e-9, abs=1e-9), why


def test_fte_by_province_at_year_end(store):
    assert val(store, "organisation.fte_by_province", "RIJK", "PV28") == 1.0
    assert val(store, "organisation.fte_by_province", "RIJK", "PV20") == 0.5
    assert val(store, "organisation.fte_by_province", "FIN", "BUITENLAND") == 0.8


def test_targets_and_status(store):
    hiring = store["personnel.external_hiring_pct", "BZK", None]
    assert (hiring.target, hiring.status) == (10, "met")  # 10 % is within the norm ≤ 10 %
    assert store["personnel.external_hiring_pct", "FIN", None].status == "off_track"
    jobs = store["personnel.disability_jobs", "FIN", None]
    assert (jobs.target, jobs.status) == (2, "off_track")  # 1.13 jobs of 2
    assert store["personnel.disability_jobs", "RIJK", None].target == 2.5  # 0.5 + 2


def test_small_cells_are_suppressed_but_rijk_is_computed_from_all_records(store):
    # Everything here describes fewer than 10 persons: the analysts' view keeps the value.
    head = store["personnel.headcount", "RIJK", None]
    assert head.suppressed and head.value == 3 and head.public().value is None
    assert not store["personnel.vacancies", "BZK", None].suppressed  # vacancies are not persons


def test_reorganisation_transfer_is_no_flow_and_growth_is_restated(tmp_path, db):
    """EZK → EZ (E1, E2) and KGG (E3) on 2 July 2024; E4 leaves at the end of June."""
    rows = []
    for pid, new in (("E1", "EZ"), ("E2", "EZ"), ("E3", "KGG"), ("E4", None)):
        rows += [f"{d};{pid};EZK;1;PV28" for d in month_ends((2023, 12), (2024, 6))]
        if new:
            rows += [f"{d};{pid};{new};1;PV28" for d in month_ends((2024, 7), (2024, 12))]
    load(
        [
            write_csv(
                tmp_path / "personeel_reorg.csv",
                "peildatum;medewerker_id;ministerie;fte;provincie",
                rows,
            )
        ],
        db=db,
    )
    v = {(x.indicator, x.ministry): x for x in indicators(2024, db=db)}
    assert v["personnel.mobility", "RIJK"].value == 0  # a reorganisation is not a move
    assert v["personnel.outflow", "RIJK"].value == 1  # E4
    # EZK ceased on 2 July 2024: it has no 2024 figures. E4 left before the split and has
    # no successor of their own, so their outflow counts under the continuation EZ.
    assert not any(m == "EZK" for _, m in v)
    assert v["personnel.outflow", "EZ"].value == 1
    assert ("personnel.outflow", "KGG") not in v or v["personnel.outflow", "KGG"].value == 0
    assert ("personnel.inflow", "EZ") not in v or v["personnel.inflow", "EZ"].value == 0
    # EZK 2023 = 4 fte, split over EZ : KGG = 2 : 1 → 8/3 and 4/3; both end 25 % lower.
    assert v["personnel.fte_growth_pct", "EZ"].value == pytest.approx(-25.0)
    assert v["personnel.fte_growth_pct", "KGG"].value == pytest.approx(-25.0)
    assert v["personnel.fte_growth_pct", "RIJK"].value == pytest.approx(-25.0)  # 4 → 3


def test_randstad_is_configurable(store, monkeypatch, tmp_path):
    # With only Zuid-Holland as "Randstad", B in Groningen stays outside: unchanged 33.3 %;
    # with Groningen added, nothing at home is outside: 0 %.
    monkeypatch.setenv("JBR_RANDSTAD", "Zuid-Holland,PV20")
    db = next(iter(tmp_path.parent.glob("p51*/s.duckdb")))
    [v] = [
        x
        for x in indicators(2023, db=db, ids=["organisation.share_outside_randstad_pct"])
        if x.ministry == "RIJK"
    ]
    assert v.value == 0.0
    # a Randstad other than the default is stated beside the figure, by name
    assert "Randstad in deze berekening: Groningen en Zuid-Holland." in v.notes


# --- property test: flows balance over random monthly histories ------------------------

MINISTRIES = ("AZ", "BZK", "FIN")
MONTHS = month_ends((2022, 12), (2023, 12))
history = st.lists(  # per person: at each of the 13 month-ends absent (None) or at a ministry
    st.lists(st.sampled_from((None, *MINISTRIES)), min_size=13, max_size=13),
    min_size=1,
    max_size=8,
)


def _context(people: list[list[str | None]]) -> Context:
    con = duckdb.connect()
    con.execute("""CREATE TABLE current_personeel (peildatum DATE, medewerker_id VARCHAR,
                   ministerie VARCHAR, fte DOUBLE, ict_functiefamilie VARCHAR)""")
    rows = [
        (d, f"P{i}", m, 1.0, None)
        for i, months in enumerate(people)
        for d, m in zip(MONTHS, months, strict=True)
        if m
    ]
    if rows:
        con.executemany("INSERT INTO current_personeel VALUES (?, ?, ?, ?, ?)", rows)
    return Context(ibis.duckdb.from_connection(con))


@settings(max_examples=60, deadline=None)
@given(history)
def test_flows_balance(people):
    from jbr.indicators.personnel.flows import personnel_flows

    f = personnel_flows(_context(people), 2023)
    if f.empty:
        return
    dec22 = sum(1 for p in people if p[0])
    if dec22 == 0:  # no staff on 31 December 2022: no base, so every flow is empty
        assert f["value"].isna().all()
        return
    get = {(r.indicator, r.ministerie): r.value for r in f.itertuples()}
    rijk = lambda name: get.get((name, "RIJK"), 0)  # noqa: E731
    total = lambda name: sum(v for (i, m), v in get.items() if i == name and m != "RIJK")  # noqa: E731
    dec23 = sum(1 for p in people if p[-1])
    assert rijk("personnel.inflow") - rijk("personnel.outflow") == dec23 - dec22
    assert total("personnel.inflow") == rijk("personnel.inflow") + rijk("personnel.mobility")
    assert total("personnel.outflow") == rijk("personnel.outflow") + rijk("personnel.mobility")
