"""The CLI contract of SPEC §2: exit codes and the machine-readable shapes."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from jbr.cli import app

from .conftest import snapshot, write_csv

HEADER = "peildatum;medewerker_id;ministerie;fte;provincie"


def test_validate_json_shape_and_exit_codes(tmp_path):
    good = write_csv(tmp_path / "personeel_goed.csv", HEADER, ["2024-01-31;P1;BZK;1;PV28"])
    bad = write_csv(
        tmp_path / "personeel_fout.csv",
        HEADER,
        ["2024-01-31;P1;BZK;1;PV28", "2024-01-31;P2;XX;2;PV28"],
    )
    runner = CliRunner()
    ok = runner.invoke(app, ["validate", str(good), "--format", "json"])
    assert ok.exit_code == 0 and json.loads(ok.stdout) == []
    res = runner.invoke(app, ["validate", str(bad), "--format", "json"])
    assert res.exit_code == 1
    problems = json.loads(res.stdout)
    assert {"file", "sheet", "row", "column", "value", "rule", "message"} <= set(problems[0])
    assert [(p["row"], p["column"], p["value"], p["rule"]) for p in problems] == [
        (3, "ministerie", "XX", "code_onbekend"),
        (3, "fte", "2", "te_groot"),
    ]


def test_load_exit_codes_and_nothing_stored_on_error(tmp_path):
    db = tmp_path / "s.duckdb"
    good = write_csv(tmp_path / "personeel_goed.csv", HEADER, ["2024-01-31;P1;BZK;1;PV28"])
    bad = write_csv(tmp_path / "personeel_fout.csv", HEADER, ["2024-02-30;P1;BZK;1;PV28"])
    runner = CliRunner()
    assert runner.invoke(app, ["load", str(good), "--db", str(db)]).exit_code == 0
    before = snapshot(db)
    res = runner.invoke(app, ["load", str(bad), "--db", str(db), "--format", "json"])
    assert res.exit_code == 1
    assert [p["rule"] for p in json.loads(res.stdout)] == ["datum_bestaat_niet"]
    assert snapshot(db) == before
    again = runner.invoke(app, ["load", str(good), "--db", str(db)])
    assert again.exit_code == 0 and "ongewijzigd" in again.output


def test_missing_file_and_missing_store_are_clear(tmp_path):
    runner = CliRunner()
    res = runner.invoke(app, ["validate", str(tmp_path / "bestaat_niet.csv"), "--format", "json"])
    assert res.exit_code == 1 and json.loads(res.stdout)[0]["rule"] == "bestand_niet_gevonden"
    res = runner.invoke(
        app, ["indicators", "--year", "2024", "--db", str(tmp_path / "leeg.duckdb")]
    )
    assert res.exit_code == 1 and "bestaat niet" in res.output
    assert "Traceback" not in res.output


def test_template_command_writes_xlsx(tmp_path):
    out = tmp_path / "sjabloon.xlsx"
    res = CliRunner().invoke(
        app, ["template", "--theme", "personeel", "--year", "2024", "--out", str(out)]
    )
    assert res.exit_code == 0 and out.stat().st_size > 1000


def test_store_in_use_is_a_clear_error(tmp_path, monkeypatch):
    """A second writer while another process holds the store: one line, exit 1 (after waiting)."""
    import subprocess
    import sys

    db = tmp_path / "s.duckdb"
    good = write_csv(tmp_path / "personeel_goed.csv", HEADER, ["2024-01-31;P1;BZK;1;PV28"])
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); print('held', flush=True);"
            " time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    monkeypatch.setenv("JBR_LOCK_TIMEOUT", "1")
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        res = CliRunner().invoke(app, ["load", str(good), "--db", str(db)])
        assert res.exit_code == 1
        assert "in gebruik" in res.output or "kan niet worden geopend" in res.output
        assert "Traceback" not in res.output
    finally:
        holder.kill()
