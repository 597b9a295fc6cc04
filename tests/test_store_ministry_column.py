"""Schema 4: ``_ministerie`` is computed from a theme's own ministry column, not stored twice.

A store of schema 3 stored the copy; the next write migrates it, with every row reading
as before (so the seal chain still holds), and refuses when the two ever differ.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from jbr import api
from jbr.cli import app
from jbr.deliveries.themes import THEMES
from jbr.sql import SQL_TYPES
from jbr.store.columns import LINEAGE_COLUMNS
from jbr.store.schema import SCHEMA_VERSION, current_view_ddl

from .conftest import write_csv

WOO = "verzoek_id;ministerie;ontvangen;besluit"
PERSONEEL = "peildatum;medewerker_id;ministerie;fte;provincie"
# The themes whose rows name their ministry themselves; the others keep a stored
# _ministerie: Rijk-wide ones ('RIJK') and those whose ministry is their parent row's.
OWN = {n for n, t in THEMES.items() if isinstance(t.ministry, str)}
assert len(OWN) == 12 and all(isinstance(THEMES[n].year, str) for n in OWN)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "store.duckdb"
    files = [
        write_csv(
            tmp_path / "woo_verzoeken_a.csv",
            WOO,
            ["W1;BZK;2023-01-02;2023-01-20", "W2;FIN;2023-02-01;", "W3;Financiën;2023-03-01;"],
        ),
        write_csv(
            tmp_path / "personeel_2024.csv",
            PERSONEEL,
            ["2024-01-31;P1;BZK;1;PV28", "2024-01-31;P2;fin;0,5;PV20"],
        ),
    ]
    assert all(o.status == "stored" for o in api.load(files, db=db, supplier="test"))
    return db


def _generated(db: Path) -> dict[str, str]:
    """Per theme table: is_generated of its _ministerie ('ALWAYS' virtual, 'NEVER' stored)."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT table_name, is_generated FROM information_schema.columns "
            "WHERE column_name = '_ministerie'"
        ).fetchall()
    return {t: g for t, g in rows if t in THEMES}


def _rows(db: Path) -> dict[str, list[tuple]]:
    """Every theme's rows as stored, in the table's own order, with every column."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in THEMES}


def _version(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        [(v,)] = con.execute("SELECT value FROM jbr_meta WHERE key = 'schema_version'").fetchall()
    return v


def _as_schema_3(db: Path, *then: str) -> None:
    """Rebuild the store as schema 3 wrote it: _ministerie a stored copy, NOT NULL."""
    with duckdb.connect(str(db)) as con:
        for name in OWN:
            theme = THEMES[name]
            cols = [f'"{c.name}" {SQL_TYPES[c.type]}' for c in theme.columns]
            cols += [f"{n} {t}" for n, t in LINEAGE_COLUMNS]
            con.execute(f"DROP VIEW current_{name}")
            con.execute(f'ALTER TABLE "{name}" RENAME TO "{name}_new"')
            con.execute(f'CREATE TABLE "{name}" ({", ".join(cols)})')
            con.execute(f'INSERT INTO "{name}" SELECT * FROM "{name}_new"')  # the computed value
            con.execute(f'DROP TABLE "{name}_new"')
            con.execute(current_view_ddl(name))
        con.execute("UPDATE jbr_meta SET value = '3' WHERE key = 'schema_version'")
        for sql in then:
            con.execute(sql)


def test_a_new_store_computes_ministerie_where_the_row_names_its_ministry(store):
    generated = _generated(store)
    assert {t for t, g in generated.items() if g == "ALWAYS"} == OWN
    # tarieven and graaddagen (Rijk-wide) and the three with a parent row keep a stored one
    assert {t for t, g in generated.items() if g == "NEVER"} == {
        "tarieven",
        "graaddagen",
        "woo_opschortingen",
        "energie",
        "bezetting",
    }
    with duckdb.connect(str(store), read_only=True) as con:
        # "Financiën" and "fin" are stored as their code, and _ministerie reads the same
        assert con.execute(
            "SELECT verzoek_id, ministerie, _ministerie FROM woo_verzoeken ORDER BY _row"
        ).fetchall() == [("W1", "BZK", "BZK"), ("W2", "FIN", "FIN"), ("W3", "FIN", "FIN")]
        assert con.execute("SELECT _ministerie FROM personeel ORDER BY _row").fetchall() == [
            ("BZK",),
            ("FIN",),
        ]


def test_the_ministry_column_holds_the_not_null_that_ministerie_held(store):
    with duckdb.connect(str(store)) as con, pytest.raises(duckdb.ConstraintException):
        con.execute(
            "INSERT INTO woo_verzoeken (verzoek_id, ministerie, ontvangen, _delivery_id, _row) "
            "VALUES ('W9', NULL, DATE '2023-05-01', 1, 9)"
        )


def test_a_schema_3_store_is_migrated_by_the_next_load_and_reads_as_before(store, tmp_path):
    _as_schema_3(store)
    assert set(_generated(store).values()) == {"NEVER"} and _version(store) == "3"
    before = _rows(store)
    later = write_csv(tmp_path / "woo_verzoeken_b.csv", WOO, ["W7;AZ;2024-02-01;"])
    [o] = api.load([later], db=store, supplier="test")
    assert o.status == "stored", o.problems
    assert _version(store) == str(SCHEMA_VERSION) == "4"
    assert {t for t, g in _generated(store).items() if g == "ALWAYS"} == OWN
    after = _rows(store)
    # Every earlier row reads as it did, in the same order; the new delivery comes after.
    assert after["personeel"] == before["personeel"]
    assert after["woo_verzoeken"][:3] == before["woo_verzoeken"]
    assert [r[0] for r in after["woo_verzoeken"][3:]] == ["W7"]
    # The seal chain (a digest of every column of every row) and everything else still hold.
    assert [c.name for c in api.doctor(store) if not c.ok] == []


def test_a_schema_3_store_whose_copy_differs_is_refused_and_left_as_it_was(store, tmp_path):
    # jbr always wrote _ministerie equal to ministerie: a difference means a hand-made change
    _as_schema_3(store, "UPDATE personeel SET _ministerie = 'AZ' WHERE medewerker_id = 'P2'")
    before = _rows(store)
    later = write_csv(tmp_path / "woo_verzoeken_b.csv", WOO, ["W7;AZ;2024-02-01;"])
    res = CliRunner().invoke(app, ["load", str(later), "--db", str(store)])
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    assert "schemaversie 4" in res.output and "personeel" in res.output, res.output
    assert "1 rij(en)" in res.output and "ministerie" in res.output
    # Nothing changed: still schema 3, the copy stored, the difference kept for jbr doctor
    assert _version(store) == "3"
    assert set(_generated(store).values()) == {"NEVER"}
    assert _rows(store) == before


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (  # a later table than personeel: nothing is rebuilt before every table is checked
            "UPDATE woo_verzoeken SET _ministerie = 'AZ' WHERE verzoek_id = 'W2'",
            "tabel woo_verzoeken noemen 1 rij(en)",
        ),
        (  # both empty: "the same" to IS DISTINCT FROM, but no ministry at all
            "ALTER TABLE personeel ALTER _ministerie DROP NOT NULL; "
            "UPDATE personeel SET ministerie = NULL, _ministerie = NULL "
            "WHERE medewerker_id = 'P1'",
            "tabel personeel noemen 1 rij(en)",
        ),
        (  # a column jbr did not make would be lost by the rebuild
            "ALTER TABLE personeel ADD COLUMN opmerking VARCHAR",
            "tabel personeel heeft andere kolommen dan jbr maakte",
        ),
    ],
    ids=["later-table", "both-empty", "extra-column"],
)
def test_every_table_is_checked_before_any_is_rebuilt(store, tmp_path, damage, said):
    _as_schema_3(store, *damage.split("; "))
    before = _rows(store)
    later = write_csv(tmp_path / "woo_verzoeken_b.csv", WOO, ["W7;AZ;2024-02-01;"])
    res = CliRunner().invoke(app, ["load", str(later), "--db", str(store)])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert said in res.output, res.output
    assert _version(store) == "3" and set(_generated(store).values()) == {"NEVER"}
    assert _rows(store) == before


def test_a_store_of_a_newer_jbr_is_not_written(store, tmp_path):
    with duckdb.connect(str(store)) as con:
        con.execute("UPDATE jbr_meta SET value = '5' WHERE key = 'schema_version'")
    later = write_csv(tmp_path / "woo_verzoeken_b.csv", WOO, ["W7;AZ;2024-02-01;"])
    res = CliRunner().invoke(app, ["load", str(later), "--db", str(store)])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "schemaversie 5, van een nieuwere jbr" in res.output, res.output
    assert _version(store) == "5"
    with duckdb.connect(str(store), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM woo_verzoeken").fetchone() == (3,)
