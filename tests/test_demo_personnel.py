"""The personnel demo deliveries: deterministic, well-formed, and near the published figures.

Figures are computed here from the files themselves with hand-written DuckDB
SQL, so the test checks what a user of the files would find, not the
generator's own bookkeeping. Everything runs on the ``small`` scale (1/75).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest
from python_calamine import CalamineWorkbook

from jbr.codelists import alias_table, ministries, ministries_valid_in
from jbr.deliveries.demo._people_calibration import SCALE_FACTOR
from jbr.deliveries.demo.personnel import write

SEED = 7
SMALL = SCALE_FACTOR["small"]

# Published Rijk figures (shared reference published_figures.csv, issue text).
RIJK_FTE_DECEMBER = {
    2017: 110_600,
    2018: 113_500,
    2019: 119_200,
    2020: 125_400,
    2021: 131_100,
    2022: 138_400,
    2023: 147_900,
    2024: 157_000,
}
DISABILITY_JOBS = {2019: 2_068, 2022: 3_749}
DISABILITY_TARGET = {2019: 3_531, 2022: 5_144}
EXTERNAL_HIRING_PCT = {
    2018: 10.7,
    2019: 10.3,
    2020: 12.2,
    2021: 13.4,
    2022: 14.2,
    2023: 15.4,
    2024: 15.4,
}
INHUUR_2022_EUR = 2.68e9

PERSONEEL_TYPES = {
    "peildatum": "DATE",
    "fte": "DOUBLE",
    "schaal": "INTEGER",
    "geboortejaar": "INTEGER",
    "verzuim_dagen": "INTEGER",
}


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> list[Path]:
    return write(tmp_path_factory.mktemp("small"), "small", SEED)


@pytest.fixture(scope="module")
def con(files) -> duckdb.DuckDBPyConnection:
    """The files as DuckDB views: ``personeel`` from the CSVs, one view per workbook sheet."""
    con = duckdb.connect()
    csvs = [str(p) for p in files if p.suffix == ".csv"]
    con.execute(
        f"CREATE TABLE personeel AS SELECT * FROM read_csv({csvs!r}, delim=';', "
        f"decimal_separator=',', header=true, types={PERSONEEL_TYPES!r})"
    )
    sheets: dict[str, list[dict]] = {}
    for path in files:
        if path.suffix != ".xlsx":
            continue
        workbook = CalamineWorkbook.from_path(str(path))
        for name in workbook.sheet_names:
            header, *rows = workbook.get_sheet_by_name(name).to_python()
            sheets.setdefault(name, []).extend(dict(zip(header, row, strict=True)) for row in rows)
    for name, rows in sheets.items():
        con.register(name, pa.Table.from_pylist(rows))
    con.register(
        "ministries",
        pa.table(
            {
                "code": [m.code for m in ministries()],
                "valid_from": [m.valid_from for m in ministries()],
                "valid_to": [m.valid_to or date(9999, 12, 31) for m in ministries()],
            }
        ),
    )
    return con


def _value(con: duckdb.DuckDBPyConnection, sql: str, *params) -> float:
    return con.execute(sql, list(params)).fetchone()[0]


def test_layout(files):
    names = {p.relative_to(p.parents[1]).as_posix() for p in files}
    for year in range(2017, 2025):
        assert f"{year}/personeel_{year}.csv" in names
        assert f"{year}/tarieven_{year}.xlsx" in names
        for m in ministries_valid_in(year):
            assert f"{year}/hr_{m.code}_{year}.xlsx" in names
    assert "2024/hr_EZ_2024.xlsx" in names and "2024/hr_EZK_2024.xlsx" not in names
    assert "2023/hr_EZK_2023.xlsx" in names and "2023/hr_EZ_2023.xlsx" not in names
    head = files[0].read_bytes()[:40]
    assert head.startswith(b"\xef\xbb\xbfpeildatum;medewerker_id;ministerie;")


def test_same_seed_gives_identical_bytes(files, tmp_path):
    again = write(tmp_path, "small", SEED)
    assert [p.relative_to(tmp_path) for p in again] == [p.relative_to(p.parents[1]) for p in files]
    for first, second in zip(files, again, strict=True):
        assert first.read_bytes() == second.read_bytes(), first.name


def test_another_seed_gives_other_files(files, tmp_path):
    other = write(tmp_path, "small", SEED + 1)
    for first, second in zip(files, other, strict=True):
        if not first.name.startswith("tarieven"):  # the price list is not random
            assert first.read_bytes() != second.read_bytes(), first.name


@pytest.mark.parametrize("year", sorted(RIJK_FTE_DECEMBER))
def test_december_fte_follows_the_published_series(con, year):
    fte = _value(
        con,
        "SELECT sum(fte) FROM personeel WHERE peildatum = make_date(?, 12, 31)",
        year,
    )
    assert fte == pytest.approx(RIJK_FTE_DECEMBER[year] * SMALL, rel=0.03)


def test_peildatum_is_always_a_month_end(con):
    assert _value(con, "SELECT count(*) FROM personeel WHERE peildatum <> last_day(peildatum)") == 0
    assert _value(con, "SELECT count(DISTINCT peildatum) FROM personeel") == 96


def test_one_row_per_person_and_month_end(con):
    duplicates = _value(
        con,
        "SELECT count(*) FROM (SELECT peildatum, medewerker_id FROM personeel "
        "GROUP BY ALL HAVING count(*) > 1)",
    )
    assert duplicates == 0


def test_ministry_codes_are_valid_on_their_date(con):
    dated = """
        SELECT DISTINCT ministerie, peildatum AS day FROM personeel
        UNION ALL SELECT DISTINCT ministerie, peildatum FROM vacatures
        UNION ALL SELECT ministerie, make_date(jaar::INTEGER, 12, 31) FROM uitgaven_personeel
        UNION ALL SELECT ministerie, make_date(jaar::INTEGER, 12, 31) FROM formatie
        UNION ALL SELECT ministerie, make_date(jaar::INTEGER, 12, 31) FROM banenafspraak_doel
    """
    invalid = con.execute(
        f"SELECT d.ministerie, d.day FROM ({dated}) d LEFT JOIN ministries m "
        "ON m.code = d.ministerie AND d.day BETWEEN m.valid_from AND m.valid_to "
        "WHERE m.code IS NULL"
    ).fetchall()
    assert invalid == []


def test_the_2024_reorganisation(con):
    months = dict(
        con.execute(
            "SELECT ministerie, list(DISTINCT month(peildatum) ORDER BY month(peildatum)) "
            "FROM personeel WHERE year(peildatum) = 2024 GROUP BY ALL"
        ).fetchall()
    )
    assert months["EZK"] == months["LNV"] == list(range(1, 7))
    assert months["EZ"] == months["KGG"] == months["LVVN"] == months["AenM"] == list(range(7, 13))
    assert months["JenV"] == list(range(1, 13))


def test_provinces_are_codes_or_names_of_the_code_list(con):
    spellings = {s for s, _ in alias_table("provincie")}
    found = {r[0] for r in con.execute("SELECT DISTINCT provincie FROM personeel").fetchall()}
    assert {s.lower() for s in found} <= spellings
    assert "PV28" in found and "Zuid-Holland" in found  # mixed, as real exports are


def test_sick_days_fit_their_month_and_absence_is_realistic(con):
    assert _value(con, "SELECT count(*) FROM personeel WHERE verzuim_dagen > day(peildatum)") == 0
    absence = _value(
        con,
        "SELECT 100 * sum(verzuim_dagen * fte) / sum(day(peildatum) * fte) FROM personeel",
    )
    assert 4.5 < absence < 6.5


def test_general_affairs_is_small_enough_to_need_suppression(con):
    smallest = _value(
        con,
        "SELECT min(n) FROM (SELECT peildatum, count(*) n FROM personeel "
        "WHERE ministerie = 'AZ' AND month(peildatum) = 12 GROUP BY ALL)",
    )
    assert smallest < 10


@pytest.mark.parametrize("year", sorted(DISABILITY_JOBS))
def test_banenafspraak_near_the_published_figures(con, year):
    jobs = _value(
        con,
        "SELECT sum(fte * 36) / 25.5 FROM personeel "
        "WHERE peildatum = make_date(?, 12, 31) AND arbeidsbeperking = 'ja'",
        year,
    )
    target = _value(con, "SELECT sum(doel_banen) FROM banenafspraak_doel WHERE jaar = ?", year)
    assert jobs == pytest.approx(DISABILITY_JOBS[year] * SMALL, rel=0.10)
    assert target == pytest.approx(DISABILITY_TARGET[year] * SMALL, abs=0.1)


@pytest.mark.parametrize("year", sorted(EXTERNAL_HIRING_PCT))
def test_external_hiring_near_the_published_figures(con, year):
    pct, lowest, highest = con.execute(
        "SELECT 100 * sum(inhuur_eur) / sum(personeel_eur + inhuur_eur), "
        "min(100 * inhuur_eur / (personeel_eur + inhuur_eur)), "
        "max(100 * inhuur_eur / (personeel_eur + inhuur_eur)) "
        "FROM uitgaven_personeel WHERE jaar = ?",
        [year],
    ).fetchone()
    assert pct == pytest.approx(EXTERNAL_HIRING_PCT[year], abs=0.05)
    assert lowest < pct < highest  # ministries spread around the Rijk figure


def test_external_hiring_2022_in_euros(con):
    inhuur = _value(con, "SELECT sum(inhuur_eur) FROM uitgaven_personeel WHERE jaar = 2022")
    assert inhuur == pytest.approx(INHUUR_2022_EUR * SMALL, rel=0.10)


def test_ict_formation_just_above_occupation(con):
    occupancy = _value(
        con,
        """SELECT 100 * (SELECT sum(fte) FROM personeel
                         WHERE peildatum = DATE '2023-12-31' AND ict_functiefamilie IS NOT NULL)
                  / (SELECT sum(formatie_fte) FROM formatie WHERE jaar = 2023)""",
    )
    assert 80 < occupancy < 95


def test_vacancies_at_year_end(con):
    rows = con.execute(
        """SELECT count(*), avg(CASE moeilijk_vervulbaar WHEN 'ja' THEN 1 ELSE 0 END)
           FROM vacatures WHERE peildatum = DATE '2022-12-31'"""
    ).fetchone()
    headcount = _value(con, "SELECT count(*) FROM personeel WHERE peildatum = DATE '2022-12-31'")
    assert 0.03 < rows[0] / headcount < 0.07
    assert 0.25 < rows[1] < 0.45


def test_tariffs_rise_with_scale_and_year(con):
    rows = con.execute(
        "SELECT jaar, schaal, kosten_per_fte_eur FROM tarieven ORDER BY jaar, schaal"
    ).fetchall()
    assert len(rows) == 8 * 18
    by_year: dict[float, list[float]] = {}
    for year, _scale, cost in rows:
        by_year.setdefault(year, []).append(cost)
    for year, costs in by_year.items():
        assert costs == sorted(costs), year
        if year > 2017:
            rise = [c / p - 1 for c, p in zip(costs, by_year[year - 1], strict=True)]
            assert all(0.03 <= r <= 0.06 for r in rise), year


def _validate(paths: list[Path]) -> list:
    validate = pytest.importorskip("jbr.deliveries.validate")
    return validate.validate_files(paths)


def test_a_sample_of_files_validates(files):
    sample = [p for p in files if p.suffix == ".csv" or p.name.startswith("tarieven")]
    sample += [
        p for p in files if p.name in ("hr_AZ_2023.xlsx", "hr_JenV_2024.xlsx", "hr_AenM_2024.xlsx")
    ]
    assert _validate(sample) == []


@pytest.mark.slow
def test_every_file_validates(files):
    assert _validate(files) == []
