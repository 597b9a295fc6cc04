"""No base, no figure (SPEC §6): flows and changes need the staff of 31 December before.

The fixture (hand-built ``personeel`` deliveries; all 1 fte, Zuid-Holland):
  B01..B12  BZK at every month-end of 2023; B12 moves to FIN from June (a move);
            B01..B03 work in an ICT family (beheer)
  C         joins FIN in July 2023
  D         leaves BZK after March 2023
Loaded alone, 2023 is the first year with data: nobody was counted on 31 December
2022, so every January record would count as inflow (12 + 1 = 13 of 13 persons, the
"108 %" of issue 13). Inflow, outflow, mobility, their rates, the ICT flows and the fte
growth must be empty, with the reason. With December 2022 delivered (B01..B12 and D at
BZK) they are the hand-computed values below.
"""

from __future__ import annotations

import calendar
import datetime as dt

import pytest

from jbr import indicators, load

from .conftest import write_csv

PERSONEEL = "peildatum;medewerker_id;ministerie;fte;provincie;ict_functiefamilie"
FLOWS = (
    "personnel.inflow",
    "personnel.outflow",
    "personnel.mobility",
    "personnel.inflow_pct",
    "personnel.outflow_pct",
    "personnel.mobility_pct",
    "ict.inflow_pct",
    "ict.throughflow_pct",
    "ict.outflow_pct",
)


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def rows_2023() -> list[str]:
    rows = []
    for m in range(1, 13):
        day = month_end(2023, m)
        for i in range(1, 13):
            ministry = "FIN" if i == 12 and m >= 6 else "BZK"
            family = "beheer" if i <= 3 else ""
            rows.append(f"{day};B{i:02d};{ministry};1;PV28;{family}")
        if m >= 7:
            rows.append(f"{day};C;FIN;1;PV28;")
        if m <= 3:
            rows.append(f"{day};D;BZK;1;PV28;")
    return rows


def december_2022() -> list[str]:
    family = {1: "beheer", 2: "beheer", 3: "beheer"}
    rows = [f"2022-12-31;B{i:02d};BZK;1;PV28;{family.get(i, '')}" for i in range(1, 13)]
    return rows + ["2022-12-31;D;BZK;1;PV28;"]


def stored(tmp_path, *parts: tuple[str, list[str]]):
    files = [write_csv(tmp_path / name, PERSONEEL, rows) for name, rows in parts]
    outcomes = load(files, db=tmp_path / "s.duckdb")
    assert {o.status for o in outcomes} == {"stored"}, [o.problems for o in outcomes]
    return {(v.indicator, v.ministry): v for v in indicators(2023, db=tmp_path / "s.duckdb")}


@pytest.fixture(scope="module")
def first_year(tmp_path_factory):
    return stored(tmp_path_factory.mktemp("first"), ("personeel_2023.csv", rows_2023()))


# Every flow for the Rijk and both ministries; the ICT rates only where there is ICT
# staff to take a rate over (FIN has none, so it has no ICT rate, empty or not).
FIRST_YEAR_CASES = [
    (indicator, ministry)
    for indicator in FLOWS
    for ministry in ("RIJK", "BZK", "FIN")
    if not (indicator.startswith("ict.") and ministry == "FIN")
]


def test_fin_has_no_ict_rate(first_year):
    assert ("ict.inflow_pct", "FIN") not in first_year


@pytest.mark.parametrize(("indicator", "ministry"), FIRST_YEAR_CASES)
def test_flows_of_the_first_year_are_empty_with_the_reason(first_year, indicator, ministry):
    v = first_year[indicator, ministry]
    assert v.value is None  # not 13 inflows of 13 persons
    assert any(
        n.startswith("geen beginstand: 2023 is het eerste jaar met personeelsgegevens")
        for n in v.notes
    ), v.notes


def test_fte_growth_of_the_first_year_is_empty_with_the_reason(first_year):
    v = first_year["personnel.fte_growth_pct", "RIJK"]
    assert v.value is None
    assert any(n.startswith("geen vorig jaar") for n in v.notes), v.notes


def test_stocks_of_the_first_year_are_still_published(first_year):
    # The stock on 31 December needs no base: B01..B12 and C.
    assert first_year["personnel.headcount", "RIJK"].value == 13


# With December 2022 delivered: (indicator, ministry, expected, arithmetic)
WITH_BASE = [
    ("personnel.inflow", "RIJK", 1, "C in July; B12's move is mobility, not Rijk inflow"),
    ("personnel.inflow", "FIN", 2, "C joins, B12 moves in"),
    ("personnel.inflow", "BZK", 0, "nobody enters BZK"),
    ("personnel.outflow", "RIJK", 1, "D after March"),
    ("personnel.outflow", "BZK", 2, "D leaves, B12 moves out"),
    ("personnel.mobility", "RIJK", 1, "B12"),
    # average headcount of the Rijk: Jan–Mar 13, Apr–Jun 12, Jul–Dec 13 → 153 / 12 = 12.75
    ("personnel.inflow_pct", "RIJK", 100 / 12.75, "1 ÷ 12.75 × 100 = 7.84 %"),
    ("personnel.mobility_pct", "RIJK", 100 / 12.75, "1 ÷ 12.75 × 100"),
    # ICT: B01..B03 stay in beheer at BZK all year: no ICT flow at all
    ("ict.inflow_pct", "RIJK", 0.0, "no one enters an ICT family"),
]


@pytest.fixture(scope="module")
def with_base(tmp_path_factory):
    return stored(
        tmp_path_factory.mktemp("based"),
        ("personeel_2022.csv", december_2022()),
        ("personeel_2023.csv", rows_2023()),
    )


@pytest.mark.parametrize(("indicator", "ministry", "expected", "why"), WITH_BASE)
def test_flows_with_a_starting_stock(with_base, indicator, ministry, expected, why):
    v = with_base[indicator, ministry]
    assert v.value == pytest.approx(expected), why
    assert not any(n.startswith("geen beginstand") for n in v.notes)


def test_fte_growth_with_the_previous_year(with_base):
    # 13 fte on 31 December 2022 (B01..B12, D), 13 on 31 December 2023 (B01..B12, C): 0 %.
    assert with_base["personnel.fte_growth_pct", "RIJK"].value == pytest.approx(0.0)


def test_a_missing_december_in_a_later_year_gives_its_own_reason(tmp_path):
    # November 2022 delivered, December 2022 not: not the first year, but still no base.
    november = [r.replace("2022-12-31", "2022-11-30") for r in december_2022()]
    v = stored(tmp_path, ("personeel_2022.csv", november), ("personeel_2023.csv", rows_2023()))
    inflow = v["personnel.inflow", "RIJK"]
    assert inflow.value is None
    assert any(
        n.startswith("geen beginstand: geen personeelsgegevens op 31 december 2022")
        for n in inflow.notes
    ), inflow.notes
