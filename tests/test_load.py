"""Loading: supersede exactly what a delivery covers, keep history, lineage on every row."""

from __future__ import annotations

from pathlib import Path

import duckdb

from jbr import load, validate

from .conftest import snapshot, write_csv

WOO = "verzoek_id;ministerie;ontvangen;besluit"


def _query(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_correction_replaces_only_its_ministry_year(tmp_path, db):
    # BZK 2022 and 2023 and FIN 2023 arrive together; BZK then corrects its 2023 only.
    first = write_csv(
        tmp_path / "woo_verzoeken_alles.csv",
        WOO,
        [
            "W1;BZK;2022-05-01;2022-05-20",
            "W2;BZK;2023-03-01;2023-03-20",
            "W3;BZK;2023-04-01;",
            "W4;FIN;2023-03-01;2023-04-01",
        ],
    )
    correction = write_csv(
        tmp_path / "woo_verzoeken_bzk_2023.csv",
        WOO,
        [
            "W2;BZK;2023-03-01;2023-03-18",
        ],
    )
    [o1] = load([first], db=db, supplier="BZK")
    [o2] = load([correction], db=db, supplier="BZK")
    assert (o1.status, o2.status) == ("stored", "stored")
    assert o2.coverage == [("woo_verzoeken", "BZK", 2023, 1)]
    current = _query(
        db,
        "SELECT verzoek_id, besluit::VARCHAR, _delivery_id FROM current_woo_verzoeken ORDER BY 1",
    )
    # W3 disappears: BZK's 2023 is now exactly the correction. BZK 2022 and FIN stay.
    assert current == [("W1", "2022-05-20", 1), ("W2", "2023-03-18", 2), ("W4", "2023-04-01", 1)]
    history = _query(
        db, "SELECT verzoek_id, besluit::VARCHAR, _delivery_id FROM woo_verzoeken ORDER BY 3, 1"
    )
    assert history == [
        ("W1", "2022-05-20", 1),
        ("W2", "2023-03-20", 1),
        ("W3", None, 1),
        ("W4", "2023-04-01", 1),
        ("W2", "2023-03-18", 2),
    ]


def test_identical_reload_is_a_no_op(tmp_path, db):
    path = write_csv(tmp_path / "woo_verzoeken_x.csv", WOO, ["W1;BZK;2023-01-02;2023-01-20"])
    load([path], db=db)
    before = snapshot(db)
    [again] = load([path], db=db)
    assert again.status == "unchanged" and again.delivery_id == 1
    assert snapshot(db) == before


def test_reloading_an_older_version_makes_it_current_again(tmp_path, db):
    v1 = write_csv(tmp_path / "woo_verzoeken_v1.csv", WOO, ["W1;BZK;2023-01-02;2023-01-20"])
    v1_bytes = v1.read_bytes()
    load([v1], db=db)
    write_csv(v1, WOO, ["W1;BZK;2023-01-02;2023-01-25"])
    load([v1], db=db)
    v1.write_bytes(v1_bytes)
    [o] = load([v1], db=db)
    assert o.status == "stored" and o.delivery_id == 3
    assert _query(db, "SELECT besluit::VARCHAR FROM current_woo_verzoeken") == [("2023-01-20",)]


def test_every_row_keeps_its_lineage(tmp_path, db):
    path = write_csv(
        tmp_path / "woo_verzoeken_l.csv", WOO, ["W1;BZK;2023-01-02;", "W2;BZK;2023-01-03;"]
    )
    load([path], db=db, supplier="Woo-team BZK")
    rows = _query(
        db,
        """SELECT w.verzoek_id, w._row, w._sheet, d.file_name, d.supplier,
                                length(d.file_hash), d.loaded_at IS NOT NULL
                         FROM woo_verzoeken w JOIN deliveries d ON d.delivery_id = w._delivery_id
                         ORDER BY 1""",
    )
    assert rows == [
        ("W1", 2, None, "woo_verzoeken_l.csv", "Woo-team BZK", 64, True),
        ("W2", 3, None, "woo_verzoeken_l.csv", "Woo-team BZK", 64, True),
    ]


def test_child_rows_take_scope_from_parent_and_need_it(tmp_path, db):
    susp = write_csv(
        tmp_path / "woo_opschortingen_x.csv",
        "verzoek_id;van;tot",
        ["W1;2023-01-10;2023-01-20", "W9;2023-02-01;2023-02-03"],
    )
    problems = validate([susp])
    assert [(p.row, p.column, p.rule) for p in problems] == [
        (2, "verzoek_id", "ouder_onbekend"),
        (3, "verzoek_id", "ouder_onbekend"),
    ]
    parent = write_csv(tmp_path / "woo_verzoeken_p.csv", WOO, ["W1;JenV;2022-12-20;"])
    [_, o] = load([parent, susp], db=db)  # one call, parent found in the store after loading
    assert o.status == "rejected"
    assert [p.row for p in o.problems if p.rule == "ouder_onbekend"] == [3]
    ok = write_csv(
        tmp_path / "woo_opschortingen_y.csv", "verzoek_id;van;tot", ["W1;2023-01-10;2023-01-20"]
    )
    [o] = load([ok], db=db)
    # The suspension belongs to the request's ministry and the year it was received.
    assert o.coverage == [("woo_opschortingen", "JenV", 2022, 1)]


def test_failed_file_does_not_block_good_file_in_same_call(tmp_path, db):
    good = write_csv(tmp_path / "woo_verzoeken_goed.csv", WOO, ["W1;BZK;2023-01-02;"])
    bad = write_csv(tmp_path / "woo_verzoeken_fout.csv", WOO, ["W2;BZK;2023-13-02;"])
    outcomes = load([good, bad], db=db)
    assert [o.status for o in outcomes] == ["stored", "rejected"]
    assert _query(db, "SELECT verzoek_id FROM woo_verzoeken") == [("W1",)]


def _history(db: Path) -> dict[str, list[tuple]]:
    """The store without load times: what a load decided, comparable across stores."""
    return {
        "deliveries": _query(
            db, "SELECT delivery_id, file_name, file_hash, themes, rows FROM deliveries ORDER BY 1"
        ),
        "coverage": _query(db, "SELECT * FROM coverage ORDER BY ALL"),
        "woo_verzoeken": _query(db, "SELECT * FROM woo_verzoeken ORDER BY ALL"),
        "woo_opschortingen": _query(db, "SELECT * FROM woo_opschortingen ORDER BY ALL"),
        "current": _query(
            db, "SELECT verzoek_id, _delivery_id FROM current_woo_verzoeken ORDER BY 1"
        ),
    }


def test_one_call_decides_as_loading_one_file_at_a_time(tmp_path):
    """Files of one call are checked and stored in batches; every decision must be the one
    loading them one by one (in load order, as listed here) gives: supersession by delivery order, a rejected
    file among good ones, a child finding its parent stored by an earlier file, and a file
    identical to an older delivery that an earlier file of the same call superseded."""
    old = write_csv(tmp_path / "woo_verzoeken_oud.csv", WOO, ["W1;BZK;2023-01-02;"])
    files = [
        write_csv(tmp_path / "woo_verzoeken_a.csv", WOO, ["W1;BZK;2023-01-02;2023-01-09"]),
        write_csv(tmp_path / "woo_verzoeken_fout.csv", WOO, ["W2;FIN;2023-02-30;"]),
        # b supersedes a's BZK 2023 (later in the same call), adds FIN
        write_csv(
            tmp_path / "woo_verzoeken_b.csv", WOO, ["W1;BZK;2023-01-02;", "W3;FIN;2023-03-01;"]
        ),
        # identical to "oud", which "a" superseded: stored again, current again
        tmp_path / "woo_verzoeken_oud_opnieuw.csv",
        # the same key in another file is not a duplicate: each file is checked alone
        write_csv(tmp_path / "woo_verzoeken_c.csv", WOO, ["W3;FIN;2023-03-01;"]),
        # a child after its parents (load order): W3 was stored by this call
        write_csv(
            tmp_path / "woo_opschortingen_s.csv",
            "verzoek_id;van;tot",
            ["W3;2023-03-05;2023-03-06", "W4;2023-03-05;2023-03-06"],
        ),
    ]
    files[3].write_bytes(old.read_bytes())
    one_by_one, together = tmp_path / "one.duckdb", tmp_path / "together.duckdb"
    load([old], db=one_by_one)
    load([old], db=together)
    singles = [load([f], db=one_by_one)[0] for f in files]
    batch = load(files, db=together)
    assert [o.status for o in batch] == [o.status for o in singles]
    assert [o.status for o in batch] == [
        "stored",
        "rejected",
        "stored",
        "stored",
        "stored",
        "rejected",  # W4 has no request
    ]
    assert [o.coverage for o in batch] == [o.coverage for o in singles]
    assert [[(p.row, p.rule) for p in o.problems] for o in batch] == [
        [(p.row, p.rule) for p in o.problems] for o in singles
    ]
    assert _history(together) == _history(one_by_one)


def test_problems_of_files_checked_together_stay_with_their_file(tmp_path):
    a = write_csv(
        tmp_path / "woo_verzoeken_a.csv", WOO, ["W1;BZK;2023-01-02;", "W1;BZK;2023-01-03;"]
    )
    b = write_csv(
        tmp_path / "woo_verzoeken_b.csv", WOO, ["W1;XYZ;2023-01-02;", "W2;BZK;2023-01-05;"]
    )
    found = [(p.file, p.row, p.column, p.value, p.rule) for p in validate([a, b])]
    assert found == [
        ("woo_verzoeken_a.csv", 2, "verzoek_id", "W1", "sleutel_dubbel"),
        ("woo_verzoeken_a.csv", 3, "verzoek_id", "W1", "sleutel_dubbel"),
        ("woo_verzoeken_b.csv", 2, "ministerie", "XYZ", "code_onbekend"),
    ]
