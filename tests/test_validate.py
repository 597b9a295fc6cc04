"""One test per class of bad input (issue 3): the reported row and column, and a store
left exactly as it was."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from jbr import load, validate
from jbr.store.load import REJECTED

from .conftest import snapshot, write_csv

HEADER = "peildatum;medewerker_id;ministerie;fte;provincie;geslacht;schaal;verzuim_dagen"
GOOD = "2024-01-31;P1;BZK;0,8;Zuid-Holland;V;11;0"


def _seeded(tmp_path: Path, db: Path) -> dict:
    """A store holding one valid delivery, and its snapshot."""
    good = write_csv(
        tmp_path / "personeel_basis.csv", HEADER, [GOOD, "2024-01-31;P2;FIN;1;PV27;M;9;0"]
    )
    [outcome] = load([good], db=db, supplier="test")
    assert outcome.status == "stored"
    return snapshot(db)


# (case, data row, expected rule, expected column, expected value, why)
ROW_CASES = [
    (
        "type",
        "2024-01-31;P3;BZK;veel;PV28;V;11;0",
        "type_getal",
        "fte",
        "veel",
        "fte must be a number",
    ),
    (
        "range",
        "2024-01-31;P3;BZK;1,6;PV28;V;11;0",
        "te_groot",
        "fte",
        "1,6",
        "fte above 1.5 is out of range",
    ),
    (
        "integer",
        "2024-01-31;P3;BZK;1;PV28;V;11,5;0",
        "type_geheel_getal",
        "schaal",
        "11,5",
        "a salary scale is a whole number",
    ),
    (
        "required",
        "2024-01-31;;BZK;1;PV28;V;11;0",
        "verplicht",
        "medewerker_id",
        None,
        "medewerker_id is a required column",
    ),
    (
        "unknown code",
        "2024-01-31;P3;XYZ;1;PV28;V;11;0",
        "code_onbekend",
        "ministerie",
        "XYZ",
        "XYZ is not in the ministry code list",
    ),
    (
        "dated code",
        "2024-08-31;P3;EZK;1;PV28;V;11;0",
        "ministerie_niet_geldig",
        "ministerie",
        "EZK",
        "EZK ceased to exist on 1 July 2024; in August its successors EZ/KGG apply",
    ),
    (
        "impossible date",
        "2023-02-29;P3;BZK;1;PV28;V;11;0",
        "datum_bestaat_niet",
        "peildatum",
        "2023-02-29",
        "2023 is not a leap year",
    ),
    (
        "not a date",
        "gisteren;P3;BZK;1;PV28;V;11;0",
        "type_datum",
        "peildatum",
        "gisteren",
        "free text is not a date",
    ),
    (
        "month end",
        "2024-01-15;P3;BZK;1;PV28;V;11;0",
        "peildatum_geen_maandeinde",
        "peildatum",
        "2024-01-15",
        "personnel records are month-end snapshots",
    ),
    (
        "enum",
        "2024-01-31;P3;BZK;1;PV28;Q;11;0",
        "waarde_onbekend",
        "geslacht",
        "Q",
        "geslacht is one of M/V/X/O",
    ),
    (
        "province",
        "2024-01-31;P3;BZK;1;Atlantis;V;11;0",
        "code_onbekend",
        "provincie",
        "Atlantis",
        "not a province",
    ),
    (
        "sick days",
        "2024-02-29;P3;BZK;1;PV28;V;11;30",
        "verzuim_meer_dan_maand",
        "verzuim_dagen",
        "30",
        "February 2024 has 29 days",
    ),
]


@pytest.mark.parametrize(
    ("case", "row", "rule", "column", "value", "why"), ROW_CASES, ids=[c[0] for c in ROW_CASES]
)
def test_bad_row_is_reported_and_stores_nothing(tmp_path, db, case, row, rule, column, value, why):
    before = _seeded(tmp_path, db)
    bad = write_csv(tmp_path / "personeel_fout.csv", HEADER, [GOOD.replace("P1", "P9"), row])
    problems = validate([bad])
    hits = [p for p in problems if p.rule == rule]
    assert hits, f"{why}: expected rule {rule}, got {[p.rule for p in problems]}"
    assert hits[0].row == 3  # header is row 1, the good row is row 2
    assert hits[0].column == column
    assert hits[0].value == value
    assert hits[0].file == "personeel_fout.csv"
    assert hits[0].message  # a Dutch sentence with a hint
    [outcome] = load([bad], db=db)
    assert outcome.status == REJECTED
    assert snapshot(db) == before


def test_duplicate_key_reports_both_rows(tmp_path, db):
    before = _seeded(tmp_path, db)
    bad = write_csv(
        tmp_path / "personeel_dubbel.csv", HEADER, [GOOD, "2024-02-29;P1;BZK;1;PV28;V;11;0", GOOD]
    )
    problems = [p for p in validate([bad]) if p.rule == "sleutel_dubbel"]
    assert sorted(p.row for p in problems) == [2, 4]
    assert "rij 4" in problems[0].message and "rij 2" in problems[1].message
    load([bad], db=db)
    assert snapshot(db) == before


def test_person_in_two_ministries_same_month_end(tmp_path, db):
    before = _seeded(tmp_path, db)
    bad = write_csv(
        tmp_path / "personeel_twee.csv", HEADER, [GOOD, "2024-01-31;P1;FIN;0,2;PV27;V;11;0"]
    )
    rows = sorted(p.row for p in validate([bad]) if p.rule == "persoon_in_twee_ministeries")
    assert rows == [2, 3]
    load([bad], db=db)
    assert snapshot(db) == before


def test_missing_required_column_names_it(tmp_path, db):
    before = _seeded(tmp_path, db)
    bad = write_csv(
        tmp_path / "personeel_kolom.csv",
        "peildatum;medewerker_id;ministerie;provincie",
        ["2024-01-31;P3;BZK;PV28"],
    )
    problems = validate([bad])
    missing = [p for p in problems if p.rule == "kolom_ontbreekt"]
    assert [(p.row, p.column) for p in missing] == [(1, "fte")]
    load([bad], db=db)
    assert snapshot(db) == before


def test_all_errors_are_reported_at_once(tmp_path):
    rows = [f"2024-01-31;P{i};BZK;9;PV28;V;11;0" for i in range(250)]
    bad = write_csv(tmp_path / "personeel_veel.csv", HEADER, rows)
    problems = [p for p in validate([bad]) if p.rule == "te_groot"]
    assert [p.row for p in problems] == list(range(2, 252))


@pytest.mark.parametrize(
    ("name", "content", "rule"),
    [
        ("personeel_leeg.csv", b"", "bestand_leeg"),
        ("personeel_binair.csv", bytes(range(256)) * 4, "bestand_binair"),
        ("personeel_kapot.xlsx", b"PK\x03\x04 this is not a zip archive", "bestand_onleesbaar"),
        ("personeel_kapot.parquet", b"PAR1 not really parquet", "bestand_onleesbaar"),
        ("rapport.pdf", b"%PDF-1.4", "bestandstype_onbekend"),
        ("onbekend_thema.csv", b"a;b\n1;2\n", "thema_onbekend"),
    ],
)
def test_malformed_files_give_one_line_reason(tmp_path, db, name, content, rule):
    before = _seeded(tmp_path, db)
    path = tmp_path / name
    path.write_bytes(content)
    problems = validate([path])
    assert [p.rule for p in problems] == [rule]
    assert "\n" not in problems[0].message and "Traceback" not in problems[0].message
    [outcome] = load([path], db=db)
    assert outcome.status == REJECTED
    assert snapshot(db) == before


def test_truncated_xlsx(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "personeel"
    wb.active.append(HEADER.split(";"))
    full = tmp_path / "heel.xlsx"
    wb.save(full)
    data = full.read_bytes()
    cut = tmp_path / "half.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    assert [p.rule for p in validate([cut])] == ["bestand_onleesbaar"]


def test_xlsx_without_theme_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Blad1"
    path = tmp_path / "levering.xlsx"
    wb.save(path)
    assert zipfile.is_zipfile(path)
    [p] = validate([path])
    assert p.rule == "geen_themablad" and "Blad1" in p.message


@pytest.mark.parametrize(
    ("sep", "encoding", "fte", "date"),
    [
        (";", "utf-8-sig", "0,8", "31-01-2024"),  # Dutch Excel export: BOM, decimal comma
        (",", "utf-8", "0.8", "2024-01-31"),
        (";", "cp1252", "0,8", "2024-01-31"),  # Windows-1252 with a non-ASCII name below
    ],
)
def test_csv_dialects_load_the_same_values(tmp_path, db, sep, encoding, fte, date):
    path = write_csv(
        tmp_path / "personeel_dialect.csv",
        "Peildatum;MEDEWERKER_ID;ministerie;fte;provincie;gemeente",
        [f"{date};P1;BZK;{fte};Fryslân;Súdwest-Fryslân"],
        sep=sep,
        encoding=encoding,
    )
    assert validate([path]) == []
    [o] = load([path], db=db)
    assert o.status == "stored"
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    row = con.execute(
        "SELECT peildatum::VARCHAR, fte, provincie, gemeente FROM personeel"
    ).fetchone()
    assert row == ("2024-01-31", 0.8, "PV21", "Súdwest-Fryslân")


def test_excel_serial_dates_and_booleans_in_xlsx(tmp_path, db):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "vacatures"
    ws.append(["ministerie", "peildatum", "vacature_id", "moeilijk_vervulbaar"])
    ws.append(["bzk", 45657, "V1", "ja"])  # 45657 = 2024-12-31 as an Excel serial
    ws.append(["FIN", "2024-12-31", "V2", False])
    path = tmp_path / "hr.xlsx"
    wb.save(path)
    assert validate([path]) == []
    load([path], db=db)
    import duckdb

    rows = (
        duckdb.connect(str(db), read_only=True)
        .execute(
            "SELECT ministerie, peildatum::VARCHAR, moeilijk_vervulbaar, _sheet, _row FROM vacatures ORDER BY _row"
        )
        .fetchall()
    )
    assert rows == [
        ("BZK", "2024-12-31", True, "vacatures", 2),
        ("FIN", "2024-12-31", False, "vacatures", 3),
    ]


def test_english_messages(tmp_path):
    bad = write_csv(tmp_path / "personeel_en.csv", HEADER, ["2024-01-31;P3;BZK;2;PV28;V;11;0"])
    [p] = validate([bad], lang="en")
    assert p.rule == "te_groot" and "maximum" in p.message and "1.5" in p.message


def test_fast_and_exact_paths_store_the_same_rows(tmp_path, monkeypatch):
    """A clean CSV is typed by DuckDB's reader (fast path); the exact path over the text
    must store exactly the same values, lineage included."""
    import duckdb

    from jbr.deliveries.validate import run as v

    rows = [
        f"2024-0{m}-{d};P{i};{mi};{f};{pv};{g};{s};{z}"
        for i, (m, d, mi, f, pv, g, s, z) in enumerate(
            [
                (1, 31, "BZK", "0,8", "Zuid-Holland", "V", 11, 0),
                (2, 29, "ienw", "1", "pv28", "m", "", 3),
                (3, 31, "FIN", "1,25", "FRYSLÂN", "", 18, ""),
            ]
        )
    ]
    path = write_csv(tmp_path / "personeel_paden.csv", HEADER, rows)
    tables = {}
    for fast in (True, False):
        monkeypatch.setattr(v, "FAST_PATH", fast)
        db = tmp_path / f"{fast}.duckdb"
        [o] = load([path], db=db)
        assert o.status == "stored"
        con = duckdb.connect(str(db), read_only=True)
        tables[fast] = con.execute(
            "SELECT * EXCLUDE (_delivery_id) FROM personeel ORDER BY _row"
        ).fetchall()
        con.close()
    assert tables[True] == tables[False]
    ministerie, fte = tables[True][1][2], tables[True][1][4]  # columns in declaration order
    assert (ministerie, fte) == ("IenW", 1.0)


def test_fast_path_rejects_infinity_like_the_exact_path(tmp_path):
    path = write_csv(tmp_path / "personeel_inf.csv", HEADER, ["2024-01-31;P1;BZK;inf;PV28;V;11;0"])
    [p] = validate([path])
    assert (p.rule, p.row, p.column, p.value) == ("type_getal", 2, "fte", "inf")


def _energy_parquet(path, rows):
    """A typed Parquet delivery (DATE and DOUBLE columns), as a data warehouse would write it."""
    import datetime as dt

    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(zip(*rows, strict=True))
    pq.write_table(
        pa.table(
            {
                "gebouw_id": pa.array(columns[0], pa.string()),
                "drager": pa.array(columns[1], pa.string()),
                "van": pa.array([dt.date.fromisoformat(d) for d in columns[2]], pa.date32()),
                "tot": pa.array([dt.date.fromisoformat(d) for d in columns[3]], pa.date32()),
                "verbruik": pa.array(columns[4], pa.float64()),
            }
        ),
        path,
    )
    return path


def test_typed_parquet_fast_and_exact_paths_agree(tmp_path, monkeypatch):
    """Typed Parquet columns are taken as typed (fast path); the exact path over their text
    must store the same rows, and both must report the same problem at the same row."""
    import duckdb

    from jbr.deliveries.validate import run as v

    buildings = write_csv(
        tmp_path / "gebouwen.csv",
        "gebouw_id;naam;ministerie;provincie;bvo_m2;jaar",
        ["G1;Toren;BZK;PV28;1000;2023", "G2;Hal;FIN;PV27;500;2023"],
    )
    rows = [
        ("G1", "gas_m3", "2023-01-01", "2023-01-31", 1234.5),
        ("G2", "elektriciteit_kwh", "2023-02-01", "2023-02-28", 99.0),
    ]
    bad_rows = [*rows, ("G2", "gas_m3", "2023-03-01", "2023-03-31", -5.0)]
    stored = {}
    for fast in (True, False):
        monkeypatch.setattr(v, "FAST_PATH", fast)
        db = tmp_path / f"{fast}.duckdb"
        good = _energy_parquet(tmp_path / f"energie_{fast}.parquet", rows)
        bad = _energy_parquet(tmp_path / f"energie_fout_{fast}.parquet", bad_rows)
        outcomes = load([buildings, good], db=db) + load([bad], db=db)
        assert [o.status for o in outcomes] == ["stored", "stored", "rejected"]
        assert [(p.row, p.column, p.value, p.rule) for p in outcomes[2].problems] == [
            (3, "verbruik", "-5.0", "te_klein")  # record 3 of the file is row 3
        ]
        con = duckdb.connect(str(db), read_only=True)
        stored[fast] = con.execute(
            "SELECT * EXCLUDE (_delivery_id) FROM energie ORDER BY _row"
        ).fetchall()
        con.close()
    assert stored[True] == stored[False]
    assert [r[-3] for r in stored[True]] == [1, 2]  # _row


@pytest.mark.parametrize(
    ("predicate", "reads"),
    [
        ("peildatum <> last_day(peildatum)", {"peildatum"}),
        ('"Verzuim_dagen" > day(last_day(peildatum))', {"verzuim_dagen", "peildatum"}),
        ("make_date(_jaar, 12, 31) < peildatum", {"_jaar", "peildatum"}),
        ("length(fte__raw) > 3", None),  # the text of a cell: not a typed column
        ("_row > 2", None),
    ],
)
def test_the_columns_a_rule_reads(predicate, reads):
    """What a declared rule on one row reads decides whether the dictionary path may
    judge it on the distinct combinations of those columns; unknown means every row."""
    from jbr.deliveries.themes import THEMES
    from jbr.deliveries.validate.checks import _reads

    found = _reads(THEMES["personeel"], predicate)
    assert (None if found is None else set(found)) == reads


def test_a_csv_that_cannot_be_read_does_not_sink_the_others_of_its_theme(tmp_path, db):
    """Sheets of one theme are typed together (stacked first); a file whose rows DuckDB
    cannot read (a line over its 2 MB line limit) is found by trying each file alone, and
    only that file is refused."""
    good = write_csv(tmp_path / "personeel_goed.csv", HEADER, [GOOD])
    other = write_csv(tmp_path / "personeel_ander.csv", HEADER, [GOOD.replace("P1", "P2")])
    long_cell = "x" * (3 << 20)
    bad = write_csv(tmp_path / "personeel_lang.csv", HEADER, [GOOD.replace("P1", long_cell)])
    outcomes = load([good, bad, other], db=db)
    assert [o.status for o in outcomes] == ["stored", REJECTED, "stored"]
    assert [p.rule for p in outcomes[1].problems] == ["bestand_onleesbaar"]


def test_sheets_typed_together_leave_no_stack_behind(tmp_path):
    """Many sheets of a theme are stacked into a temp table before typing
    (``casting.type_table``); it is gone once they are typed."""
    import duckdb

    from jbr.deliveries.validate import check_files

    paths = [
        write_csv(tmp_path / f"personeel_{i}.csv", HEADER, [GOOD.replace("P1", f"P{i}")])
        for i in range(3)
    ]
    con = duckdb.connect()
    try:
        checked = check_files(con, paths)
        assert [len(sheets) for _, sheets, _ in checked] == [1, 1, 1]
        groups = {s.group for _, sheets, _ in checked for s in sheets}
        assert len(groups) == 1  # typed together, from one stack
        temp = [r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()]
        assert [t for t in temp if t.endswith("_stack")] == [], temp
        assert any(t.startswith("typed") for t in temp)  # the typed table itself is kept
    finally:
        con.close()
