"""The small demo goes through the whole pipeline: every file loads, every year has
figures, and the personnel figures land near the published ones (scaled)."""

from __future__ import annotations

import pytest

from jbr.indicators import catalogue

SCALE = 1 / 75  # jbr demo --scale small is 1/75 of the Rijk's personnel
# demo_build (the small demo built once per session) lives in tests/conftest.py


def test_every_demo_file_loads(demo_build):
    _, result = demo_build
    rejected = {
        o.file.name: [p.message for p in o.problems if p.is_error][:2] for o in result.rejected
    }
    assert rejected == {}
    assert {o.status for o in result.outcomes} == {"stored"}


def test_report_has_every_indicator_for_every_year(demo_build):
    root, result = demo_build
    assert result.year == 2024
    html = (root / "out" / "rapport.html").read_text(encoding="utf-8")
    for ind in catalogue():
        # data-quality counters are in the data-quality annex, not a chapter of their own
        assert (f'id="{ind.id}"' in html) != ind.quality, ind.id
    for year in range(2017, 2025):
        assert f'<th scope="col">{year}</th>' in html


def test_demo_personnel_near_published_figures(demo_build):
    from jbr import indicators

    root, _ = demo_build
    ids = [
        "personnel.fte",
        "personnel.external_hiring_pct",
        "personnel.women_top_pct",
        "personnel.mobility_pct",
    ]
    values = {
        (v.indicator, v.ministry): v.value for v in indicators(2024, db=root / "s.duckdb", ids=ids)
    }
    # Rijk fte 2024: 157,019 (JBR 2024) × 1/75 = 2,094; the demo lands within 3 %.
    assert values["personnel.fte", "RIJK"] == pytest.approx(157_019 * SCALE, rel=0.03)
    # External hiring is a ratio of euros, not scaled: 15.4 % in 2024.
    assert values["personnel.external_hiring_pct", "RIJK"] == pytest.approx(15.4, abs=0.3)
    # Women in scale ≥ 15: 40.9 % in 2024 (small numbers in the demo: ±4 points).
    assert values["personnel.women_top_pct", "RIJK"] == pytest.approx(40.9, abs=4)
    # The reorganisation shows up as new codes, never as 2024 mobility of thousands.
    assert values["personnel.mobility_pct", "RIJK"] < 5


@pytest.mark.parametrize(
    ("indicator", "year", "published", "tolerance", "why"),
    [
        (
            "energy.gas_tj",
            2019,
            1642,
            0.005,
            "Rijksvastgoed gas 2019 (not scaled in the small demo)",
        ),
        ("energy.gas_tj", 2023, 1018, 0.005, "gas 2023"),
        ("travel.flight_co2_t", 2019, 92_755 / 10, 0.01, "flights 2019; the small demo is 1/10"),
        ("travel.flight_co2_t", 2023, 98_525 / 10, 0.01, "flights 2023"),
        # MVI as the JBR publishes it, a share of tenders (procurement is not scaled):
        # 343 of 601 tenders = 57,1 % in 2022 (published "57 %"), 300 of 457 = 65,6 % in 2023
        ("procurement.sustainable_pct", 2022, 57, 0.005, "MVI 2022: 57 % of 601 tenders"),
        ("procurement.sustainable_pct", 2023, 65.6, 0.001, "MVI 2023: 65,6 % of 457 tenders"),
        ("procurement.tenders", 2022, 601, 0, "601 tenders in 2022"),
        ("procurement.tenders", 2023, 457, 0, "457 tenders in 2023"),
    ],
)
def test_demo_reproduces_published_series(demo_build, indicator, year, published, tolerance, why):
    from jbr import indicators

    root, _ = demo_build
    [v] = [
        x for x in indicators(year, db=root / "s.duckdb", ids=[indicator]) if x.ministry == "RIJK"
    ]
    assert v.value == pytest.approx(published, rel=tolerance), why


def test_demo_gas_targets_as_published(demo_build):
    from jbr import indicators

    root, _ = demo_build
    db = root / "s.duckdb"
    ids = ["energy.gas_reduction_vs_2019_pct", "energy.gas_saving_pct"]
    rijk = {
        (v.indicator, v.year): v
        for y in (2023, 2024)
        for v in indicators(y, db=db, ids=ids)
        if v.ministry == "RIJK"
    }
    # (1642 − 1018) ÷ 1642 = 38.0 %: the 2030 target of −30 % met early
    assert rijk["energy.gas_reduction_vs_2019_pct", 2023].value == pytest.approx(38.0, abs=0.1)
    assert rijk["energy.gas_reduction_vs_2019_pct", 2023].status == "met"
    # EU saving periods, reported under the year they end: −22 % and −26 %
    assert rijk["energy.gas_saving_pct", 2023].value == pytest.approx(22, abs=0.1)
    assert rijk["energy.gas_saving_pct", 2024].value == pytest.approx(26, abs=0.1)


def test_a_first_year_flow_is_empty_and_the_reader_sees_why(demo_build):
    """The demo starts in 2017: nobody was counted on 31 December 2016, so 2017's inflow
    is empty (it was 108 % of the headcount) and the report says why under the figure."""
    from jbr import indicators

    root, _ = demo_build
    [inflow] = [
        v
        for v in indicators(2017, db=root / "s.duckdb", ids=["personnel.inflow"])
        if v.ministry == "RIJK"
    ]
    assert inflow.value is None
    html = (root / "out" / "rapport.html").read_text(encoding="utf-8")
    section = html.split('id="personnel.inflow"')[1].split("</article>")[0]
    assert "2017: geen beginstand: 2017 is het eerste jaar met personeelsgegevens" in section


def test_ministries_differ_as_a_reader_expects(demo_build):
    """Below the Rijk the demo must be believable (issue 13): AZ works in The Hague while
    the agency-heavy ministries spread over the country; offices follow staff."""
    from jbr import indicators

    root, _ = demo_build
    ids = ["organisation.share_outside_randstad_pct", "housing.m2_per_fte"]
    v = {
        (x.indicator, x.ministry): x.value for x in indicators(2024, db=root / "s.duckdb", ids=ids)
    }
    outside = {m: x for (i, m), x in v.items() if i == ids[0] and x is not None}
    assert outside["AZ"] < 5  # almost everyone in The Hague
    assert outside["BZ"] < 10  # at home: The Hague (posts abroad are not "outside")
    for m in ("FIN", "DEF", "JenV"):
        assert outside[m] > 35, m  # Belastingdienst, bases, prisons across the country
    assert max(outside.values()) - min(outside.values()) > 40
    # Office m² per fte: within a factor two of the Rijk for every ministry with offices
    # (the KGG had 151.880 m² for 3.220 fte, almost four times the Rijk's).
    rijk = v["housing.m2_per_fte", "RIJK"]
    for (i, m), x in v.items():
        if i == ids[1] and m != "RIJK" and x:
            assert 0.4 * rijk < x < 2 * rijk, (m, x, rijk)


def test_sickness_varies_by_year(demo_build):
    from jbr import indicators

    root, _ = demo_build
    by_year = {
        y: x.value
        for y in range(2017, 2025)
        for x in indicators(y, db=root / "s.duckdb", ids=["personnel.sickness_absence_pct"])
        if x.ministry == "RIJK"
    }
    # Calibrated (full scale): 5,2 % in 2017, 4,9 % in 2021 (working from home), 6,0 % in
    # 2024; the small demo is noisier but keeps the shape.
    assert max(by_year.values()) - min(by_year.values()) > 0.6
    assert by_year[2024] > by_year[2021] + 0.4


def test_headcount_2023_is_the_ministers_ruim_155000(demo_build):
    """Cover letter of 15 May 2024: "ruim 155.000 ambtenaren" for 147.900 fte, so about
    0,95 fte a person; the small demo is 1/75."""
    from jbr import indicators

    root, _ = demo_build
    ids = ["personnel.headcount", "personnel.fte"]
    v = {
        x.indicator: x.value
        for x in indicators(2023, db=root / "s.duckdb", ids=ids)
        if x.ministry == "RIJK"
    }
    assert 0.94 < v["personnel.fte"] / v["personnel.headcount"] < 0.96
    assert v["personnel.headcount"] == pytest.approx(155_700 * SCALE, rel=0.03)
