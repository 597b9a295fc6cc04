"""The figure passport (issue 17): every figure page of the site says how it came about,
and lists exactly the deliveries that contributed, as they stood when the year was
published. A hand-built store with a superseded delivery, an earlier year that does and
one that does not reach into the reporting year, another ministry, a child theme and a
correction loaded after publication."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jbr import api
from jbr.indicators import by_id
from jbr.indicators.reads import reads

from .conftest import publish_without_review, write_csv
from .site_data import personnel_rows

WOO = "verzoek_id;ministerie;ontvangen;besluit;verdaagd;uitkomst"
SUSPENSIONS = "verzoek_id;van;tot"
PERSONNEL = "peildatum;medewerker_id;ministerie;fte;provincie;geboortejaar;geslacht;schaal"


def one(folder: Path, name: str, header: str, rows: list[str], db: Path) -> int:
    """Load one file as its own delivery; its delivery number."""
    [outcome] = api.load([write_csv(folder / name, header, rows)], db=db)
    assert outcome.status == "stored", outcome.problems
    return int(outcome.delivery_id or 0)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    folder = tmp_path_factory.mktemp("passport")
    db = folder / "store.duckdb"
    d: dict[str, int] = {}
    (folder / "a").mkdir()
    (folder / "b").mkdir()
    # FIN 2021: decided in 2021: reaches no 2023 figure.
    d["fin21"] = one(
        folder,
        "woo_verzoeken_FIN_2021.csv",
        WOO,
        ["F21-1;FIN;2021-03-01;2021-03-10;false;openbaar"],
        db,
    )
    # FIN 2022: one request still open on 1 January 2023 (decided 1 February 2023).
    d["fin22"] = one(
        folder,
        "woo_verzoeken_FIN_2022.csv",
        WOO,
        ["F22-1;FIN;2022-12-01;2023-02-01;false;openbaar"],
        db,
    )
    # FIN 2023, first version; superseded below before publication.
    d["fin23_v1"] = one(
        folder / "a",
        "woo_verzoeken_FIN_2023.csv",
        WOO,
        ["F23-1;FIN;2023-03-01;2023-03-10;false;openbaar"],
        db,
    )
    d["fin23_v2"] = one(
        folder / "b",
        "woo_verzoeken_FIN_2023.csv",
        WOO,
        [
            "F23-1;FIN;2023-03-01;2023-03-10;false;openbaar",
            "F23-2;FIN;2023-04-03;2023-05-30;false;deels",
        ],
        db,
    )
    # A suspension of F23-2 (child theme: FIN 2023 through its request).
    d["fin23_susp"] = one(
        folder, "woo_opschortingen_FIN_2023.csv", SUSPENSIONS, ["F23-2;2023-04-10;2023-04-20"], db
    )
    d["bzk23"] = one(
        folder,
        "woo_verzoeken_BZK_2023.csv",
        WOO,
        ["B23-1;BZK;2023-04-03;2023-06-30;false;openbaar"],
        db,
    )
    d["pers22"] = one(
        folder, "personeel_2022.csv", PERSONNEL, personnel_rows(2022, {"FIN": 12, "BZK": 12}), db
    )
    d["pers23"] = one(folder, "personeel_2023.csv", PERSONNEL,
                      personnel_rows(2023, {"FIN": 15, "BZK": 12}), db)  # fmt: skip
    publish_without_review(2023, db, without_text=True)
    # After publication: BZK corrects 2023. The published figures, and so their passport,
    # still come from the delivery current then.
    (folder / "c").mkdir()
    d["bzk23_late"] = one(
        folder / "c",
        "woo_verzoeken_BZK_2023.csv",
        WOO,
        ["B23-1;BZK;2023-04-03;2023-04-20;false;openbaar"],
        db,
    )
    out = folder / "out"
    api.write_site(db=db, out=out)
    return db, out / "site", d


def listed(site: Path, path: str) -> list[int]:
    """The delivery numbers of a page's passport table, in order."""
    html = (site / path / "index.html").read_text(encoding="utf-8")
    table = html.split('id="c-passport"', 1)[1].split("</table>", 1)[0]
    return [
        int(n) for n in re.findall(r'<td class="num">(\d+)</td><td class="num">\d+</td>', table)
    ]


# (page, deliveries expected by name, why)
CASES = [
    ("indicator/woo.within_term_pct/2023/FIN", ["fin23_v2", "fin22", "fin23_susp"],
     "FIN's current 2023 requests (not the superseded first version), the 2022 request still "
     "open on 1 January, the suspension (a source of the term); not 2021, not BZK, not the "
     "correction loaded after publication"),
    ("indicator/woo.received/2023/FIN", ["fin23_v2", "fin22"],
     "woo.received reads only the requests, not the suspensions"),
    ("indicator/woo.within_term_pct/2023", ["fin23_v2", "bzk23", "fin22", "fin23_susp"],
     "the Rijk: every ministry"),
    ("indicator/personnel.fte/2023/FIN", ["pers23"], "the staff at 31 December 2023 only"),
    ("indicator/personnel.fte_growth_pct/2023/FIN", ["pers23", "pers22"],
     "growth compares with 31 December 2022"),
]  # fmt: skip


@pytest.mark.parametrize(("path", "expected", "why"), CASES)
def test_a_passport_lists_exactly_the_deliveries_that_contributed(world, path, expected, why):
    _, site, d = world
    assert sorted(listed(site, path)) == sorted(d[name] for name in expected), why
    assert d["fin23_v1"] not in listed(site, path)  # superseded before publication


def test_the_passport_names_supplier_checksum_software_and_formula(world):
    db, site, d = world
    html = (site / "indicator/woo.within_term_pct/2023/FIN/index.html").read_text("utf-8")
    assert "Herkomst van dit cijfer" in html
    assert by_id()["woo.within_term_pct"].formula in html
    [record] = [r for r in api.deliveries(db) if r.delivery_id == d["fin23_v2"]]
    assert record.file_hash in html and len(record.file_hash) == 64
    assert f"<td>{record.supplier}</td>" in html
    assert "Gepubliceerd met jbr " in html
    assert "F23-1" not in html and "F23-2" not in html  # no record-level data
    # FIN's 2022 request still open in 2023 is listed: the page says why another year is.
    assert "leveringen over andere jaren dan 2023" in html
    own_year = (site / "indicator/personnel.fte/2023/FIN/index.html").read_text("utf-8")
    assert "andere jaren" not in own_year  # the staff of 31 December 2023 only
    english = (site / "en/indicator/woo.within_term_pct/2023/FIN/index.html").read_text("utf-8")
    assert "How this figure came about" in english and "Published with jbr " in english


def test_a_correction_is_named_in_the_passport(world):
    db, site, _ = world
    publish_without_review(2023, db, note="BZK: besluitdatum B23-1 gecorrigeerd", without_text=True)
    out = site.parent / "after"
    api.write_site(db=db, out=out)
    page = (out / "site/indicator/woo.within_term_pct/2023/BZK/index.html").read_text("utf-8")
    # B23-1: deadline 1 May 2023 (received 3 April + 28 days = 1 May); decided 30 June: late
    # (0 %), corrected to 20 April: on time (100 %).
    assert "Gecorrigeerd in publicatieversie 2" in page
    assert "0,0 werd 100,0" in page and "BZK: besluitdatum B23-1 gecorrigeerd" in page
    fin = (out / "site/indicator/woo.within_term_pct/2023/FIN/index.html").read_text("utf-8")
    assert "Dit cijfer is sinds de eerste publicatie niet gecorrigeerd." in fin


# (indicator, year, theme, years read, why)
READS = [
    ("personnel.fte", 2024, "personeel", {2024}, "a stock at 31 December"),
    ("personnel.fte_growth_pct", 2024, "personeel", {2023, 2024}, "against the year before"),
    ("personnel.inflow_pct", 2024, "personeel", {2023, 2024}, "flows start at 31 Dec 2023"),
    ("energy.gas_reduction_vs_2019_pct", 2024, "energie", {2019, 2024}, "against 2019"),
    ("woo.published_growth_vs_2018", 2024, "openbaarmaking", {2018, 2024}, "against 2018"),
    ("energy.gas_tj_weather_corrected", 2024, "graaddagen", {2019, 2024},
     "degree days of the reference year 2019"),
    ("energy.gas_saving_pct", 2024, "energie", set(range(2017, 2025)),
     "Apr 2023–Mar 2024 against Apr 2017–Mar 2022"),
    ("climate.co2_projection_2030_t", 2024, "vliegreizen", set(range(2000, 2025)),
     "the trend of every year up to 2024"),
]  # fmt: skip


@pytest.mark.parametrize(("indicator", "year", "theme", "years", "why"), READS)
def test_the_years_a_figure_reads(indicator, year, theme, years, why):
    assert set(reads(by_id()[indicator], year).years[theme]) == years, why
