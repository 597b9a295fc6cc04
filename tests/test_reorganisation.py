"""One classification per year, restated (SPEC §6, issue 13): a ministry split mid-year.

The fixture splits EZK into EZ and KGG on 2 July 2024 (the code list's own
reorganisation; EZ is EZK's continuation), with BZK as a bystander. Hand-made
deliveries, expected figures in the comments:

- personeel (month-ends December 2023 – December 2024, fte 1, all in PV28):
  E01–E12 EZK → EZ on 2 July; E13–E18 EZK → KGG, 3 sick days in each month January–June
  2024; E19–E20 EZK, 3 sick days a month, leave at the end of June; K01–K06 join KGG in
  September; B01–B12 BZK all year.
  Year ends: 2023 EZK 20, BZK 12 (Rijk 32); 2024 EZ 12, KGG 12, BZK 12 (Rijk 36).
- woo_verzoeken: EZK W5, W6 (received and decided within term in 2023), W1 (received
  1-11-2023, decided 15-1-2024, late), W2 (received 1-3-2024 by EZK, decided in time);
  KGG W3, W7 (in time); EZ W4 (late), W8 and W9 (open and overdue at the end of 2024).
- gebouwen per year (2019, 2023: G1 and G2 EZK; 2024: G1 EZ, G2 KGG; G3 BZK throughout)
  and monthly gas: 2019 G1 150, G2 150, G3 100 a month; 2023 G1 120, G2 110 (January–
  November), G3 50; 2024 G1 100, G2 100 (February–December), G3 50; and one G2 reading
  16-12-2023 – 15-01-2024 of 310 m³ (16 days in December: 160; 15 in January: 150).
- inkoop: 2023 EZK 300, BZK 100; 2024 EZ 200, KGG 100, BZK 100.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jbr import api
from jbr.codelists import year_end_ministry
from jbr.indicators import by_id, compute_years, open_context
from jbr.indicators.compare import restate
from jbr.publish.figures import published_figures, restatement_note
from jbr.publish.report import ReportData, chapters, render_report
from jbr.publish.site.write import write_site

from .conftest import publish_without_review, write_csv

NBSP = "\u00a0"

# --- the rule for one record ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "year", "key", "expected", "why"),
    [
        ("EZK", 2023, None, "EZK", "EZK exists on 31-12-2023"),
        ("EZK", 2024, None, "EZ", "ceased on 1-7-2024: the continuation EZ"),
        ("EZK", 2024, "KGG", "KGG", "the record names its successor (an employee who went to KGG)"),
        ("EZK", 2024, "BZK", "EZ", "a key that is no successor of EZK is ignored"),
        ("LNV", 2024, None, "LVVN", "a rename"),
        ("LNV", 2024, "LVVN", "LVVN", "a rename, keyed alike"),
        ("JenV", 2024, "AenM", "JenV", "JenV goes on: its records stay its own"),
        ("EZK", 2030, None, "EZ", "any later year"),
        ("EZK", None, None, "EZK", "an undated record is left as delivered"),
        ("BZK", 2024, None, "BZK", "untouched"),
    ],
)
def test_year_end_ministry(code, year, key, expected, why):
    assert year_end_ministry(code, year, key) == expected, why


# --- restating an earlier year (the verdeelsleutel) -----------------------------------------

RESTATE = [
    (
        {"EZK": 200.0, "BZK": 500.0},
        {"EZ": 600.0, "KGG": 200.0, "BZK": 1.0},
        2018,
        2024,
        True,
        {"EZ": 150.0, "KGG": 50.0, "BZK": 500.0},
        "EZK split 3 : 1 by the 2024 figures; BZK keeps its own",
    ),
    ({"LNV": 80.0}, {"LVVN": 5.0}, 2023, 2024, True, {"LVVN": 80.0}, "a rename keeps it all"),
    (
        {"EZK": 200.0},
        {},
        2023,
        2024,
        True,
        {"EZ": 100.0, "KGG": 100.0},
        "no 2024 figures: an even split",
    ),
    (
        {"JenV": 1000.0},
        {"JenV": 720.0, "AenM": 180.0},
        2023,
        2024,
        True,
        {"JenV": 800.0, "AenM": 200.0},
        "a ministry that goes on shares with the new one: 4 : 1",
    ),
    ({"EZK": 200.0}, {"EZ": 1.0, "KGG": 3.0}, 2018, 2025, True, {"EZ": 50.0, "KGG": 150.0}, ""),
    ({"EZK": 200.0}, {"EZK": 1.0}, 2018, 2023, True, {"EZK": 200.0}, "no reorganisation"),
    (
        {"EZK": 21.9, "BZK": 50.0},
        {"EZ": 31.9, "KGG": 31.9},
        2023,
        2024,
        False,
        {"EZ": 21.9, "KGG": 21.9, "BZK": 50.0},
        "a ratio: every successor takes the predecessor's value",
    ),
    (
        {"JenV": 40.0},
        {"JenV": 50.0, "AenM": 10.0},
        2023,
        2024,
        False,
        {"JenV": 40.0, "AenM": 40.0},
        "a ratio of a ministry that goes on: its own, and AenM's",
    ),
]


@pytest.mark.parametrize(
    ("base", "current", "base_year", "year", "additive", "expected", "why"), RESTATE
)
def test_restate(base, current, base_year, year, additive, expected, why):
    assert restate(base, current, base_year, year, additive) == pytest.approx(expected), why


@settings(max_examples=50, deadline=None)
@given(
    st.dictionaries(st.sampled_from(["EZK", "JenV", "LNV", "BZK"]), st.floats(0, 1e6), min_size=1),
    st.dictionaries(
        st.sampled_from(["EZ", "KGG", "JenV", "AenM", "LVVN", "BZK"]), st.floats(0, 1e6)
    ),
)
def test_restating_keeps_the_total(base, current):
    restated = restate(base, current, 2018, 2024)
    assert sum(restated.values()) == pytest.approx(sum(base.values()), rel=1e-9, abs=1e-6)
    assert not {"EZK", "LNV"} & set(restated)  # predecessors are gone by 31-12-2024


@pytest.mark.parametrize(
    ("codes", "additive", "lang", "expected"),
    [
        (
            ["EZ", "KGG", "BZK"],
            True,
            "nl",
            "† 2023 herberekend naar de indeling van 2024 (2 juli 2024: EZK → EZ en KGG): een "
            "optelbaar cijfer van de voorganger is verdeeld naar het aandeel van de opvolgers "
            "in 2024. Zie bijlage A.",
        ),
        (
            ["AenM", "JenV", "LVVN"],
            False,
            "nl",
            "† 2023 herberekend naar de indeling van 2024 (2 juli 2024: JenV deels naar AenM, "
            "LNV → LVVN): een verhouding van de voorganger geldt voor elke opvolger. "
            "Zie bijlage A.",
        ),
        (
            ["KGG"],
            None,
            "en",
            "† 2023 restated to the ministries of 2024 (2 July 2024: EZK → KGG): an additive "
            "figure of the predecessor is split by the successors' share in 2024; a ratio of "
            "the predecessor applies to each successor. See annex A.",
        ),
        (["BZK", "FIN"], True, "nl", ""),  # nothing restated: no note
    ],
)
def test_restatement_note(codes, additive, lang, expected):
    assert restatement_note(2024, codes, additive, lang) == expected


# --- the fixture -------------------------------------------------------------------------------


def month_ends(first: tuple[int, int], last: tuple[int, int]) -> list[dt.date]:
    out, (y, m) = [], first
    while (y, m) <= last:
        nxt = dt.date(y + m // 12, m % 12 + 1, 1)
        out.append(nxt - dt.timedelta(days=1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def personnel_rows() -> list[str]:
    rows = []

    def add(pid: str, ministry: str, days: list[dt.date], sick: int = 0) -> None:
        rows.extend(f"{d};{pid};{ministry};1;PV28;{sick if d.year == 2024 else 0}" for d in days)

    before, after = month_ends((2023, 12), (2024, 6)), month_ends((2024, 7), (2024, 12))
    for i in range(1, 13):
        add(f"E{i:02}", "EZK", before)
        add(f"E{i:02}", "EZ", after)
    for i in range(13, 19):
        add(f"E{i:02}", "EZK", before, sick=3)
        add(f"E{i:02}", "KGG", after)
    for i in (19, 20):
        add(f"E{i:02}", "EZK", before, sick=3)
    for i in range(1, 7):
        add(f"K{i:02}", "KGG", month_ends((2024, 9), (2024, 12)))
    for i in range(1, 13):
        add(f"B{i:02}", "BZK", month_ends((2023, 12), (2024, 12)))
    return rows


def energy_rows() -> list[str]:
    rows = []

    def monthly(building: str, year: int, months: range, m3: int) -> None:
        for m in months:
            last = month_ends((year, m), (year, m))[0]
            rows.append(f"{building};gas_m3;{year}-{m:02}-01;{last};{m3}")

    for b, m3 in (("G1", 150), ("G2", 150), ("G3", 100)):
        monthly(b, 2019, range(1, 13), m3)
    monthly("G1", 2023, range(1, 13), 120)
    monthly("G2", 2023, range(1, 12), 110)
    monthly("G3", 2023, range(1, 13), 50)
    rows.append("G2;gas_m3;2023-12-16;2024-01-15;310")
    monthly("G1", 2024, range(1, 13), 100)
    monthly("G2", 2024, range(2, 13), 100)
    monthly("G3", 2024, range(1, 13), 50)
    return rows


def register_rows() -> list[str]:
    rows = []
    for year, g1, g2 in ((2019, "EZK", "EZK"), (2023, "EZK", "EZK"), (2024, "EZ", "KGG")):
        rows += [
            f"G1;Gebouw een;{g1};PV28;1000;100;ja;{year}",
            f"G2;Gebouw twee;{g2};PV28;500;50;ja;{year}",
            f"G3;Gebouw drie;BZK;PV28;800;80;ja;{year}",
        ]
    return rows


WOO = [
    "W5;EZK;2023-02-01;2023-02-15",
    "W6;EZK;2023-03-01;2023-03-10",
    "W1;EZK;2023-11-01;2024-01-15",
    "W2;EZK;2024-03-01;2024-03-20",
    "W3;KGG;2024-08-01;2024-08-20",
    "W4;EZ;2024-09-02;2024-12-20",
    "W7;KGG;2024-10-01;2024-10-15",
    "W8;EZ;2024-10-01;",
    "W9;EZ;2024-11-04;",
]


def deliveries(folder: Path) -> list[Path]:
    return [
        write_csv(
            folder / "personeel_reorg.csv",
            "peildatum;medewerker_id;ministerie;fte;provincie;verzuim_dagen",
            personnel_rows(),
        ),
        write_csv(
            folder / "gebouwen_reorg.csv",
            "gebouw_id;naam;ministerie;provincie;bvo_m2;werkplekken;kantoor;jaar",
            register_rows(),
        ),
        write_csv(folder / "energie_reorg.csv", "gebouw_id;drager;van;tot;verbruik", energy_rows()),
        write_csv(
            folder / "woo_verzoeken_reorg.csv", "verzoek_id;ministerie;ontvangen;besluit", WOO
        ),
        write_csv(
            folder / "inkoop_reorg.csv",
            "ministerie;jaar;categorie;uitgaven_eur",
            [
                "EZK;2023;ict;300",
                "BZK;2023;ict;100",
                "EZ;2024;ict;200",
                "KGG;2024;ict;100",
                "BZK;2024;ict;100",
            ],
        ),
    ]


@pytest.fixture(scope="module")
def split(tmp_path_factory) -> dict:
    """The store (2023 and 2024 published), its values and the build's output."""
    folder = tmp_path_factory.mktemp("reorganisation")
    db, out = folder / "store.duckdb", folder / "out"
    files = deliveries(folder)
    outcomes = api.load(files, db=db)
    assert [o.status for o in outcomes] == ["stored"] * len(files), [o.problems for o in outcomes]
    publish_without_review(2023, db, without_text=True)  # the figures only: no report text here
    publish_without_review(2024, db, without_text=True)
    values = compute_years(open_context(db))
    # the report as `jbr build` writes it (without its PDF), the site and open data as
    # `jbr publish` does
    out.mkdir()
    data = ReportData(year=2024, years=sorted(values), values=values)
    (out / "rapport.html").write_text(render_report(data, "nl"), encoding="utf-8")
    write_site(db, out)
    return {"db": db, "out": out, "values": values}


def _value(split: dict, indicator: str, year: int, ministry: str) -> float | None:
    found = [
        v for v in split["values"][year] if v.figure_id == indicator and v.ministry == ministry
    ]
    return found[0].value if found else None


# --- the year's own column: records in the classification of 31 December ----------------------


def test_the_ceased_ministry_has_no_figures_after_its_end(split):
    assert not [v for v in split["values"][2024] if v.ministry == "EZK"]
    assert _value(split, "personnel.headcount", 2023, "EZK") == 20  # its own last year stays


@pytest.mark.parametrize(
    ("indicator", "year", "ministry", "expected", "why"),
    [
        ("personnel.headcount", 2024, "EZ", 12, "E01–E12"),
        ("personnel.headcount", 2024, "KGG", 12, "E13–E18 and K01–K06"),
        ("personnel.headcount", 2024, "RIJK", 36, ""),
        # KGG: E13–E18's EZK months go with them (their own key): 6 × 6 × 3 sick days over
        # 6 × 366 days employed + K01–K06 × 122 (September–December) = 108 ÷ 2928
        ("personnel.sickness_absence_pct", 2024, "KGG", 100 * 108 / 2928, "person key"),
        # EZ: E01–E12 12 × 366, and E19–E20 (no successor of their own: the continuation)
        # 2 × 182 days (January–June) with 2 × 6 × 3 = 36 sick days
        ("personnel.sickness_absence_pct", 2024, "EZ", 100 * 36 / (12 * 366 + 2 * 182), ""),
        ("personnel.sickness_absence_pct", 2024, "RIJK", 100 * 144 / 12076, "all records"),
        ("personnel.outflow", 2024, "EZ", 2, "E19–E20 left EZK in June: under the continuation"),
        ("personnel.inflow", 2024, "KGG", 6, "K01–K06; the transfer of E13–E18 is no flow"),
        ("personnel.inflow", 2024, "EZ", 0, "the transfer of E01–E12 is no flow"),
        ("personnel.mobility", 2024, "RIJK", 0, "a reorganisation is no move"),
        ("woo.received", 2024, "EZ", 4, "W2 (received by EZK in March), W4, W8, W9"),
        ("woo.received", 2024, "KGG", 2, "W3, W7"),
        ("woo.received", 2024, "RIJK", 6, ""),
        ("woo.decided", 2024, "EZ", 3, "W1 (received by EZK in 2023), W2, W4"),
        ("woo.within_term_pct", 2024, "EZ", 100 / 3, "W2 in time; W1 and W4 late"),
        ("woo.median_days", 2024, "EZ", 75, "W2 19, W1 75, W4 109 days"),
        ("woo.open_overdue", 2024, "EZ", 2, "W8, W9"),
        ("woo.received", 2023, "EZK", 3, "W5, W6, W1"),
        ("woo.open_overdue", 2023, "EZK", 1, "W1 at the end of 2023"),
        # the January part of G2's December–January reading (150 m³) was EZK's by the 2023
        # register; by the 2024 register G2 is KGG's
        ("energy.gas_m3", 2024, "KGG", 150 + 11 * 100, "building key"),
        ("energy.gas_m3", 2024, "EZ", 12 * 100, ""),
        ("energy.gas_m3", 2024, "RIJK", 1200 + 1250 + 600, ""),
        ("energy.gas_m3", 2023, "EZK", 12 * 120 + 11 * 110 + 160, ""),
        # 2019 restated: EZK 3600 split 1200 : 1250 → both 1 − 2450 ÷ 3600
        ("energy.gas_reduction_vs_2019_pct", 2024, "EZ", 100 * (1 - 2450 / 3600), ""),
        ("energy.gas_reduction_vs_2019_pct", 2024, "KGG", 100 * (1 - 2450 / 3600), ""),
        ("energy.gas_reduction_vs_2019_pct", 2024, "BZK", 50, "600 ÷ 1200"),
        ("energy.gas_reduction_vs_2019_pct", 2024, "RIJK", 100 * (1 - 3050 / 4800), ""),
        ("housing.office_m2", 2024, "KGG", 500, "G2 in the 2024 register"),
        ("procurement.spend_eur", 2024, "RIJK", 400, ""),
    ],
)
def test_part_year_records_count_under_the_successors(
    split, indicator, year, ministry, expected, why
):
    assert _value(split, indicator, year, ministry) == pytest.approx(expected), why


def test_additive_figures_of_ministries_sum_to_the_rijk(split):
    """Engine level, every year: the attribution changes no Rijk total."""
    for year, values in split["values"].items():
        for ind in (i for i in by_id().values() if i.aggregation == "sum"):
            cells = {
                (v.figure_id, v.ministry): v.value
                for v in values
                if v.indicator == ind.id and v.value is not None
            }
            for fid in {f for f, m in cells if m == "RIJK"}:
                parts = [v for (f, m), v in cells.items() if f == fid and m != "RIJK"]
                assert sum(parts) == pytest.approx(cells[fid, "RIJK"]), (year, fid)


# --- the publications ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def views(split) -> dict:
    values = {y: v for y, v in split["values"].items() if y <= 2024}
    figures = published_figures(values, 2024, "nl")
    data = ReportData(year=2024, years=sorted(values), values=values)
    out = {"figures": figures, "data": data}
    out["chapters"] = chapters(data, figures, {}, "nl")
    return out


def test_every_table_column_sums_to_the_rijk(views):
    """Both columns of every table of an additive figure: 2024, and 2023 restated (†)."""
    checked = 0
    for chapter in views["chapters"]:
        for ind in chapter["indicators"]:
            if by_id()[ind["id"]].aggregation != "sum" or not ind["rows"]:
                continue
            rijk = next(r for r in ind["rows"] if r["code"] == "RIJK")
            ministries = [r for r in ind["rows"] if r["code"] != "RIJK"]
            assert not any(r["now"]["suppressed"] or r["before"]["suppressed"] for r in ministries)
            for column in ("value", "before_value"):
                if rijk[column] is None:
                    continue
                total = sum(r[column] for r in ministries if r[column] is not None)
                assert total == pytest.approx(rijk[column]), (ind["id"], column)
                checked += 1
    assert checked >= 10  # headcount, fte, gas, office area, spend, Woo counts, ...


def _table(html: str, indicator: str) -> dict[str, tuple[str, str, str]]:
    """The per-ministry table under ``indicator``: code → (2024, 2023, change)."""
    article = html.split(f'id="{indicator}"')[1].split("</article>")[0]
    table = article.split('class="ministries"')[1].split("</table>")[0]
    # a ministry by its abbreviation (with its name as title), the Rijk by name
    cells = re.findall(
        r'<th scope="row">(?:<abbr title="[^"]*">)?(\w+)(?:</abbr>)?</th><td[^>]*>([^<]*)</td>'
        r"<td[^>]*>([^<]*)</td><td[^>]*>([^<]*)</td>",
        table,
    )
    return {
        ("RIJK" if code == "Rijk" else code): (now, before, change.replace(NBSP, " "))
        for code, now, before, change in cells
    }


@pytest.mark.parametrize(
    ("indicator", "ministry", "expected", "why"),
    [
        ("personnel.headcount", "EZ", ("12", "10 †", "+20,0 %"), "EZK 20 split 12 : 12 → 10"),
        ("personnel.headcount", "KGG", ("12", "10 †", "+20,0 %"), "12 ÷ 10 − 1"),
        ("personnel.headcount", "BZK", ("12", "12", "0,0 %"), "not reorganised: its own"),
        ("personnel.headcount", "RIJK", ("36", "32", "+12,5 %"), "the Rijk is never restated"),
        # EZK 2810 split by 2024's 1200 : 1250 → 1376,3 and 1433,7; both 2450 ÷ 2810 − 1
        ("energy.gas_m3", "EZ", ("1.200", "1.376 †", "−12,8 %"), ""),
        ("energy.gas_m3", "KGG", ("1.250", "1.434 †", "−12,8 %"), ""),
        ("energy.gas_m3", "RIJK", ("3.050", "3.410", "−10,6 %"), "3050 ÷ 3410 − 1"),
        ("woo.received", "EZ", ("4", "2 †", "+100,0 %"), "EZK 3 split 4 : 2"),
        ("woo.received", "KGG", ("2", "1 †", "+100,0 %"), ""),
        # a ratio is carried: EZK's 2023 (W5, W6 in time: 100 %) for both successors
        ("woo.within_term_pct", "EZ", ("33,3", "100,0 †", "−66,7 %-punt"), "33,3 − 100"),
        ("woo.within_term_pct", "KGG", ("100,0", "100,0 †", "0,0 %-punt"), ""),
        # EZK 2023: 1 − 2810 ÷ 3600 = 21,9 %; 2024: 31,9 %
        ("energy.gas_reduction_vs_2019_pct", "EZ", ("31,9", "21,9 †", "+10,0 %-punt"), ""),
        ("procurement.spend_eur", "KGG", ("100", "100 †", "0,0 %"), "EZK 300 split 200 : 100"),
    ],
)
def test_restated_year_and_change_by_hand(split, indicator, ministry, expected, why):
    html = (split["out"] / "rapport.html").read_text(encoding="utf-8")
    assert _table(html, indicator)[ministry] == expected, why


def test_no_row_of_the_ceased_ministry_and_one_note_per_table(split):
    html = (split["out"] / "rapport.html").read_text(encoding="utf-8")
    note = (
        "† 2023 herberekend naar de indeling van 2024 (2 juli 2024: EZK → EZ en KGG): "
        "een optelbaar cijfer van de voorganger is verdeeld naar het aandeel van de "
        "opvolgers in 2024. Zie bijlage A."
    )
    articles = [a.split("</article>")[0] for a in html.split('<article class="indicator"')[1:]]
    restated = 0
    for article in articles:
        assert ">EZK</abbr>" not in article  # no row, no column of its own
        assert "EZK → " not in article.replace(note, "").replace(
            "(2 juli 2024: EZK → EZ en KGG)", ""
        )
        notes = article.count("herberekend naar de indeling van 2024")
        assert notes == (1 if " †<" in article else 0)
        restated += notes
    assert restated >= 10
    headcount = html.split('id="personnel.headcount"')[1].split("</article>")[0]
    assert note in headcount


def test_print_edition_one_note_per_matrix(views):
    html = render_report(views["data"], "nl", views["figures"], medium="print")
    for matrix in html.split('class="matrix-figures"')[1:]:
        table = matrix.partition("</table>")[0]
        body, _, foot = table.partition("<tfoot>")
        assert foot.count("herberekend naar de indeling van 2024") == (1 if " †<" in body else 0)
        assert ">EZK</abbr>" not in table


def test_site_and_open_data_follow_the_classification(split):
    site = split["out"] / "site"
    assert (site / "ministry" / "EZK" / "2023" / "index.html").exists()
    assert not (site / "ministry" / "EZK" / "2024").exists()
    assert (site / "ministry" / "KGG" / "2024" / "index.html").exists()
    assert not (site / "ministry" / "KGG" / "2023").exists()
    figures = (split["out"] / "opendata" / "figures.csv").read_text(encoding="utf-8")
    # figure_id, indicator, breakdown, year, ministry, value, ...
    assert re.search(r"^[^,]*,[^,]*,[^,]*,2023,EZK,", figures, re.M)
    assert not re.search(r"^[^,]*,[^,]*,[^,]*,2024,EZK,", figures, re.M)
    assert re.search(r"^energy\.gas_m3,energy\.gas_m3,,2024,KGG,1250,", figures, re.M)


def test_rijk_totals_do_not_depend_on_the_classification(split):
    """What the Rijk counted before this rule: every record once."""
    assert math.isclose(_value(split, "woo.decided", 2024, "RIJK"), 5)  # W1 W2 W3 W4 W7
    assert math.isclose(_value(split, "personnel.outflow", 2024, "RIJK"), 2)
