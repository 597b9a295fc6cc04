"""The small demo goes through the whole pipeline: every file loads, every year has
figures, and the personnel figures land near the published ones (scaled)."""

from __future__ import annotations

import pytest

from jbr import build
from jbr.api import demo_files
from jbr.indicators import catalogue

SCALE = 1 / 75  # jbr demo --scale small is 1/75 of the Rijk's personnel


@pytest.fixture(scope="session")
def demo_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("demo")
    files = demo_files(root / "small", "small")
    result = build(files, out=root / "out", db=root / "s.duckdb")
    return root, result


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
    values = {(v.indicator, v.ministry): v.value for v in indicators(2024, db=root / "s.duckdb")}
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
    rijk = {
        (v.indicator, v.year): v
        for y in (2023, 2024)
        for v in indicators(y, db=db)
        if v.ministry == "RIJK"
    }
    # (1642 − 1018) ÷ 1642 = 38.0 %: the 2030 target of −30 % met early
    assert rijk["energy.gas_reduction_vs_2019_pct", 2023].value == pytest.approx(38.0, abs=0.1)
    assert rijk["energy.gas_reduction_vs_2019_pct", 2023].status == "met"
    # EU saving periods, reported under the year they end: −22 % and −26 %
    assert rijk["energy.gas_saving_pct", 2023].value == pytest.approx(22, abs=0.1)
    assert rijk["energy.gas_saving_pct", 2024].value == pytest.approx(26, abs=0.1)
