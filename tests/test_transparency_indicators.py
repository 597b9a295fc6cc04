"""Active publication (SPEC §5.2) and ICT/AI transparency (§5.5) on hand-made deliveries.

The fixture:
  openbaarmaking  2018: EZK 200 (adviezen 100, convenanten 100), JenV 300, BZK 500 → Rijk 1,000
                  2023: EZK 800 (adviezen 300, convenanten 500), JenV 900, BZK 1,000 → 2,700
                  2024: EZ 600, KGG 200, JenV 720, AenM 180, BZK 1,000, FIN 50 → 2,750
                  (EZK split into EZ and KGG, JenV into JenV and AenM on 2 July 2024)
  ai_toepassingen 2023: BZK A1 in use (analysed 1-3-2023), A2 in use (none), A3 pilot;
                        FIN A4 in use (analysed 1-2-2024, after the year), A5 stopped,
                        A6 in use (31-12-2023), A7 in use, A8 in use; AZ A9 in use (2022)
                  2024: BZK A1, A2 in use (A2 analysed 1-5-2024)
                  no year (current register): BZK A99 in use without analysis,
                  IenW I1 in use without analysis, I2 pilot
  ict_projecten   2023: FIN P1 budget 1.0 M → 1.5 M, end 31-12-2024 → 30-6-2025;
                        FIN P2 3.0 M → 2.7 M, on time; BZK P3 1.0 M → 1.1 M,
                        28-2-2024 → 31-3-2024 (leap year); BZK P4 0.5 M → 0.5 M, no planned end
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from jbr import indicators, load
from jbr.api import ai_without_risk_analysis
from jbr.indicators import by_id

from .conftest import write_csv

PUBLICATION = "ministerie;jaar;categorie;documenten"
AI = "toepassing_id;ministerie;naam;status;risicoanalyse;dpia;jaar"
ICT = "project_id;ministerie;naam;jaar;begroting_eur;realisatie_eur;geplande_einddatum;verwachte_einddatum"


def _files(tmp: Path) -> list[Path]:
    return [
        write_csv(
            tmp / "openbaarmaking_2018.csv",
            PUBLICATION,
            [
                "EZK;2018;adviezen;100",
                "EZK;2018;convenanten;100",
                "JenV;2018;woo_verzoeken;300",
                "BZK;2018;adviezen;500",
            ],
        ),
        write_csv(
            tmp / "openbaarmaking_2023.csv",
            PUBLICATION,
            [
                "EZK;2023;adviezen;300",
                "EZK;2023;convenanten;500",
                "JenV;2023;woo_verzoeken;900",
                "BZK;2023;adviezen;1000",
            ],
        ),
        write_csv(
            tmp / "openbaarmaking_2024.csv",
            PUBLICATION,
            [
                "EZ;2024;adviezen;600",
                "KGG;2024;adviezen;200",
                "JenV;2024;woo_verzoeken;720",
                "AenM;2024;woo_verzoeken;180",
                "BZK;2024;adviezen;1000",
                "FIN;2024;adviezen;50",
            ],
        ),
        write_csv(
            tmp / "ai_toepassingen_2023.csv",
            AI,
            [
                "A1;BZK;Samenvatten van Kamervragen;in_gebruik;2023-03-01;ja;2023",
                "A2;BZK;Chatbot voor HR-vragen;in_gebruik;;nee;2023",
                "A3;BZK;Notuleren van overleggen;pilot;;nee;2023",
                "A4;FIN;Lakken van Woo-documenten;in_gebruik;2024-02-01;ja;2023",
                "A5;FIN;Vertalen van beleidsdocumenten;gestopt;;nee;2023",
                "A6;FIN;Code-assistent;in_gebruik;2023-12-31;ja;2023",
                "A7;FIN;Zoeken in beleidsdossiers;in_gebruik;2023-06-01;ja;2023",
                "A8;FIN;Transcriptie van interviews;in_gebruik;2023-05-01;nee;2023",
                "A9;AZ;Schrijfhulp B1;in_gebruik;2022-11-01;ja;2023",
            ],
        ),
        write_csv(
            tmp / "ai_toepassingen_2024.csv",
            AI,
            [
                "A1;BZK;Samenvatten van Kamervragen;in_gebruik;2023-03-01;ja;2024",
                "A2;BZK;Chatbot voor HR-vragen;in_gebruik;2024-05-01;nee;2024",
            ],
        ),
        write_csv(
            tmp / "ai_toepassingen_register.csv",
            AI,
            [
                "A99;BZK;Opstellen van persberichten;in_gebruik;;nee;",
                "I1;IenW;Classificeren van inkomende post;in_gebruik;;nee;",
                "I2;IenW;Analyse van internetconsultaties;pilot;;nee;",
            ],
        ),
        write_csv(
            tmp / "ict_projecten_2023.csv",
            ICT,
            [
                "P1;FIN;Vernieuwing belastingsystemen;2023;1000000;1500000;2024-12-31;2025-06-30",
                "P2;FIN;Migratie datacentrum;2023;3000000;2700000;2025-01-31;2025-01-31",
                "P3;BZK;Vervanging HR-systeem;2023;1000000;1100000;2024-02-28;2024-03-31",
                "P4;BZK;Implementatie zaaksysteem;2023;500000;500000;;2026-01-01",
            ],
        ),
    ]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("transparency")
    db = tmp / "s.duckdb"
    files = _files(tmp)
    outcomes = load(files, db=db)
    assert [o.status for o in outcomes] == ["stored"] * len(files), [o.problems for o in outcomes]
    return db


@pytest.fixture(scope="module")
def values(store):
    return {
        year: {(v.indicator, v.ministry, v.breakdown): v for v in indicators(year, db=store)}
        for year in (2018, 2023, 2024)
    }


# (year, indicator, ministry, breakdown, expected, arithmetic)
CASES = [
    (2023, "woo.published_documents", "RIJK", None, 2700, "800 + 900 + 1,000"),
    (2023, "woo.published_documents", "EZK", None, 800, "300 + 500"),
    (2023, "woo.published_documents", "RIJK", "adviezen", 1300, "EZK 300 + BZK 1,000"),
    (2023, "woo.published_documents", "EZK", "convenanten", 500, ""),
    (2018, "woo.published_documents", "RIJK", None, 1000, "200 + 300 + 500"),
    (2023, "woo.published_growth_vs_2018", "EZK", None, 4.0, "800 ÷ 200"),
    (2023, "woo.published_growth_vs_2018", "JenV", None, 3.0, "900 ÷ 300"),
    (2023, "woo.published_growth_vs_2018", "BZK", None, 2.0, "1,000 ÷ 500"),
    (2023, "woo.published_growth_vs_2018", "RIJK", None, 2.7, "2,700 ÷ 1,000; not mean(4, 3, 2)"),
    # 2024: EZK 2018 = 200 split over EZ : KGG = 600 : 200 → 150 and 50;
    # JenV 2018 = 300 split over JenV : AenM = 720 : 180 → 240 and 60.
    (2024, "woo.published_growth_vs_2018", "EZ", None, 4.0, "600 ÷ 150"),
    (2024, "woo.published_growth_vs_2018", "KGG", None, 4.0, "200 ÷ 50"),
    (2024, "woo.published_growth_vs_2018", "JenV", None, 3.0, "720 ÷ 240"),
    (2024, "woo.published_growth_vs_2018", "AenM", None, 3.0, "180 ÷ 60"),
    (2024, "woo.published_growth_vs_2018", "BZK", None, 2.0, "1,000 ÷ 500"),
    (2024, "woo.published_growth_vs_2018", "RIJK", None, 2.75, "2,750 ÷ 1,000; mean would be 3.2"),
    (2018, "woo.published_growth_vs_2018", "RIJK", None, 1.0, "2018 against itself"),
    (2023, "ai.use_cases", "RIJK", None, 8, "BZK A1–A3, FIN A4 A6 A7 A8 (A5 stopped), AZ A9"),
    (2023, "ai.use_cases", "FIN", None, 4, "A4, A6, A7, A8; A5 is stopped"),
    (2023, "ai.risk_assessed_pct", "BZK", None, 50.0, "A1 of A1, A2; the pilot A3 is left out"),
    (2023, "ai.risk_assessed_pct", "FIN", None, 75.0, "A6 (31-12 counts), A7, A8 of four; A4 late"),
    (2023, "ai.risk_assessed_pct", "AZ", None, 100.0, "A9"),
    (2023, "ai.risk_assessed_pct", "RIJK", None, 500 / 7, "5 of 7 = 71.4 %, not mean 75 %"),
    # 2024 is the store's latest year: the undated register counts for IenW (no 2024 rows),
    # not for BZK (its 2024 rows win over its register, so A99 is not counted).
    (2024, "ai.use_cases", "BZK", None, 2, "A1, A2 (2024 rows)"),
    (2024, "ai.use_cases", "IenW", None, 2, "I1, I2 from the register without a year"),
    (2024, "ai.use_cases", "RIJK", None, 4, "2 + 2"),
    (2024, "ai.risk_assessed_pct", "BZK", None, 100.0, "A2 analysed in May 2024"),
    (2024, "ai.risk_assessed_pct", "IenW", None, 0.0, "I1 without analysis"),
    (2024, "ai.risk_assessed_pct", "RIJK", None, 200 / 3, "2 of 3"),
    (2023, "ict.projects", "RIJK", None, 4, "P1–P4"),
    (2023, "ict.projects", "FIN", None, 2, ""),
    (2023, "ict.budget_overrun_pct", "FIN", None, 5.0, "4.2 M ÷ 4.0 M − 1"),
    (2023, "ict.budget_overrun_pct", "BZK", None, 100 / 15, "1.6 M ÷ 1.5 M − 1 = 6.67 %"),
    (
        2023,
        "ict.budget_overrun_pct",
        "RIJK",
        None,
        (5.8 / 5.5 - 1) * 100,
        "5.8 M ÷ 5.5 M − 1 = 5.45 %; mean of ministries 5.83 %, of projects 12.5 %",
    ),
    # slips: P1 31-12-2024 → 30-6-2025 = 181 days; P2 0; P3 28-2 → 31-3-2024 = 1 + 31 = 32;
    # P4 has no planned end and is left out.
    (2023, "ict.schedule_slip_days", "FIN", None, 90.5, "(181 + 0) ÷ 2"),
    (2023, "ict.schedule_slip_days", "BZK", None, 32.0, "P3 only"),
    (2023, "ict.schedule_slip_days", "RIJK", None, 71.0, "213 ÷ 3; mean of ministries 61.25"),
    (2023, "ict.project_overrun_pct", "FIN", "P1", 50.0, "1.5 M ÷ 1.0 M − 1"),
    (2023, "ict.project_overrun_pct", "FIN", "P2", -10.0, "2.7 M ÷ 3.0 M − 1: under budget"),
    (2023, "ict.project_overrun_pct", "BZK", "P4", 0.0, ""),
    (2023, "ict.project_slip_days", "FIN", "P1", 181, "Jan–Jun 2025: 31+28+31+30+31+30"),
    (2023, "ict.project_slip_days", "BZK", "P3", 32, "29 February 2024 + 31 days of March"),
]


@pytest.mark.parametrize(
    ("year", "indicator", "ministry", "breakdown", "expected", "why"),
    CASES,
    ids=[f"{c[0]}-{c[1]}-{c[2]}-{c[3]}" for c in CASES],
)
def test_hand_computed(values, year, indicator, ministry, breakdown, expected, why):
    found = values[year][indicator, ministry, breakdown]
    assert found.value == pytest.approx(expected, rel=1e-9), why


def test_figure_ids_and_units(values):
    rows = [v.as_row() for v in values[2023].values()]
    ids = {(r["indicator"], r["ministry"]) for r in rows}
    assert ("woo.published_documents.adviezen", "RIJK") in ids
    assert ("ict.project_overrun_pct.P1", "FIN") in ids
    # Per-project figures sit under the project's ministry only; the Rijk has its own figure.
    assert not any(
        r["indicator"].startswith("ict.project_") and r["ministry"] == "RIJK" for r in rows
    )
    assert values[2023]["woo.published_growth_vs_2018", "RIJK", None].unit == "×"


def test_growth_is_null_without_a_2018_figure(values, tmp_path):
    assert values[2024]["woo.published_growth_vs_2018", "FIN", None].value is None  # no FIN 2018
    db = tmp_path / "no2018.duckdb"
    load([write_csv(tmp_path / "openbaarmaking.csv", PUBLICATION, ["BZK;2023;adviezen;10"])], db=db)
    [rijk] = [
        v
        for v in indicators(2023, db=db, ids=["woo.published_growth_vs_2018"])
        if v.ministry == "RIJK"
    ]
    assert rijk.value is None


def test_risk_analysis_target_status(values):
    target = by_id()["ai.risk_assessed_pct"].target
    assert (target.value, target.direction, target.year) == (100, "at_least", None)
    az = values[2023]["ai.risk_assessed_pct", "AZ", None]
    assert (az.target, az.status) == (100, "met")
    assert values[2023]["ai.risk_assessed_pct", "FIN", None].status == "off_track"  # 75 %
    assert values[2023]["ai.risk_assessed_pct", "RIJK", None].status == "off_track"
    assert values[2024]["ai.risk_assessed_pct", "BZK", None].status == "met"
    assert values[2023]["ai.use_cases", "RIJK", None].status is None  # a count has no target


def test_undated_register_only_counts_for_the_latest_year(values):
    assert ("ai.use_cases", "IenW", None) not in values[2023]


@pytest.mark.parametrize(
    ("year", "expected", "why"),
    [
        (2023, [("A2", "BZK"), ("A4", "FIN")], "A2 never analysed; A4 only in February 2024"),
        (
            2024,
            [("I1", "IenW")],
            "A2 analysed in 2024; BZK's undated A99 is replaced by its 2024 rows",
        ),
        (2022, [], "nothing registered"),
    ],
)
def test_ai_without_risk_analysis(store, year, expected, why):
    listed = ai_without_risk_analysis(year, db=store)
    assert list(listed.columns) == ["toepassing_id", "ministerie", "naam", "status", "dpia"]
    assert list(zip(listed["toepassing_id"], listed["ministerie"], strict=True)) == expected, why
    assert set(listed["status"]) <= {"in_gebruik"}


# --- the small demo against the published figures -------------------------------------


@pytest.fixture(scope="module")
def demo_store(small_demo_store) -> Path:
    """The small demo loaded (tests/worlds.py; read, never changed): its information
    workbooks (info_*) hold the publication, AI and ICT registers."""
    return small_demo_store


def _rijk(db: Path, year: int, indicator: str) -> float:
    [v] = [
        v
        for v in indicators(year, db=db, ids=[indicator])
        if v.ministry == "RIJK" and v.breakdown is None
    ]
    return v.value


def test_demo_publication_follows_the_published_series(demo_store):
    # open-overheid.nl: 17,055 documents in 2018, 71,484 in 2023 (×4.2); not scaled in the demo.
    assert _rijk(demo_store, 2018, "woo.published_documents") == pytest.approx(17_055, rel=0.05)
    assert _rijk(demo_store, 2023, "woo.published_documents") == pytest.approx(71_484, rel=0.05)
    growth = _rijk(demo_store, 2023, "woo.published_growth_vs_2018")
    assert growth == pytest.approx(71_484 / 17_055, abs=0.15)
    assert round(growth, 1) in (4.1, 4.2, 4.3)


def test_demo_registers(demo_store):
    # The demo scales ICT estimates so the Rijk overrun is ~19 % (Rijks ICT-dashboard).
    assert _rijk(demo_store, 2023, "ict.budget_overrun_pct") == pytest.approx(19, abs=1)
    assert _rijk(demo_store, 2023, "ict.projects") > 50
    values = {
        (v.indicator, v.ministry): v.value
        for v in indicators(2024, db=demo_store, ids=["ai.use_cases", "ai.risk_assessed_pct"])
    }
    listed = ai_without_risk_analysis(2024, db=demo_store).groupby("ministerie").size()
    con = duckdb.connect(str(demo_store), read_only=True)
    try:
        in_use = dict(
            con.execute(
                "SELECT ministerie, count(*) FROM current_ai_toepassingen"
                " WHERE jaar = 2024 AND status = 'in_gebruik' GROUP BY ALL"
            ).fetchall()
        )
    finally:
        con.close()
    assert values["ai.use_cases", "RIJK"] > 0 and listed.sum() > 0
    # The list and the percentage describe the same use cases: listed = in use × (1 − pct).
    for ministry, count in in_use.items():
        expected = count * (1 - values["ai.risk_assessed_pct", ministry] / 100)
        assert listed.get(ministry, 0) == pytest.approx(expected), ministry
