"""``--engine spark``: every indicator of the small demo on Spark equals DuckDB's (issue 9).

Every year of the store, computed as ``jbr build`` computes them (all years batched), on
both engines. One Spark session for the whole run (Spark starts slowly). No indicator has
a Spark-only or DuckDB-only definition: an indicator that fails on Spark fails here.
"""

from __future__ import annotations

import math

import pytest
from typer.testing import CliRunner

import jbr
from jbr.cli import app
from jbr.indicators import ENGINES, catalogue, compute_years, open_context
from jbr.indicators.spark import parquet_export, session_settings
from jbr.store import StoreError

from .conftest import write_csv
from .publications import deliveries

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def both(small_demo_store, tmp_path_factory):
    # The session this module's tests share starts here, with Spark's own configuration
    # file (as a site would set it): the JVM compiles with its quick compiler only and
    # collects garbage on one thread. That changes no result, and for a run of many small
    # queries such as this one it takes some 40 % less processor time (89 → 53 s measured)
    # on a machine whose other core runs the rest of the suite.
    conf = tmp_path_factory.mktemp("spark-conf")
    (conf / "spark-defaults.conf").write_text(
        "spark.driver.extraJavaOptions -XX:TieredStopAtLevel=1 -XX:+UseSerialGC\n"
    )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SPARK_CONF_DIR", str(conf))
        env.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        duck = compute_years(open_context(small_demo_store, "duckdb"))
        spark = compute_years(open_context(small_demo_store, "spark"))
    assert sorted(duck) == sorted(spark)
    assert len(duck) >= 8  # the small demo's years, 2017-2024: not one year only
    return [v for y in sorted(duck) for v in duck[y]], [v for y in sorted(spark) for v in spark[y]]


def _key(v) -> tuple:
    return (v.year, v.indicator, v.ministry, v.breakdown or "")


def test_every_indicator_is_computed_on_spark(both):
    _, spark = both
    last = max(v.year for v in spark)
    computed = {v.indicator for v in spark if v.value is not None and v.year == last}
    missing = sorted(i.id for i in catalogue() if i.id not in computed)
    assert missing == []


def test_spark_agrees_with_duckdb_on_every_value(both):
    duck, spark = both
    a, b = {_key(v): v for v in duck}, {_key(v): v for v in spark}
    assert len(a) == len(duck) and len(b) == len(spark)  # keys are unique
    assert sorted(a) == sorted(b)
    differences = []
    for key, x in a.items():
        y = b[key]
        for field in ("value", "persons", "target"):  # numbers: up to the order of a sum
            p, q = getattr(x, field), getattr(y, field)
            if (p is None) != (q is None) or (
                p is not None and not math.isclose(p, q, rel_tol=1e-9)
            ):
                differences.append((key, field, p, q))
        for field in ("status", "suppressed", "unit", "notes"):
            if getattr(x, field) != getattr(y, field):
                differences.append((key, field, getattr(x, field), getattr(y, field)))
    assert differences == []
    # Not vacuous: suppression, statuses and nulls all occur in the demo.
    assert any(v.suppressed for v in spark)
    assert {"met", "off_track"} <= {v.status for v in spark}


def test_jbr_build_on_spark_publishes_what_duckdb_publishes(
    publications_nl, both, tmp_path_factory, monkeypatch
):
    # `jbr build --engine spark` end to end (the session of ``both`` is reused): the report,
    # the public version and the letter read exactly as the DuckDB build of the same deliveries.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache-build")))
    tmp = tmp_path_factory.mktemp("spark-build")
    out = tmp / "out"
    files = [str(f) for f in deliveries(tmp / "in")]
    result = CliRunner().invoke(
        app,
        ["build", *files, "--year", "2024", "--out", str(out), "--db", str(tmp / "s.duckdb")]
        + ["--engine", "spark"],
    )
    assert result.exit_code == 0, result.output
    duck = publications_nl
    assert '"engine": "spark"' in (out / "build.json").read_text(encoding="utf-8")
    # The fixture's Rijk fte growth (30 → 43 fte), computed on Spark.
    assert "43,3" in (out / "rapport.html").read_text(encoding="utf-8")
    for name in ("rapport.html", "publieksversie.html", "kamerbrief.html"):
        a = (duck / name).read_text(encoding="utf-8")
        b = (out / name).read_text(encoding="utf-8")
        assert a == b, name


WOO = "verzoek_id;ministerie;ontvangen;besluit"


def test_export_for_spark_is_cached_per_store_state(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    db = tmp_path / "s.duckdb"
    jbr.load([write_csv(tmp_path / "woo_verzoeken_a.csv", WOO, ["W1;BZK;2023-03-01;"])], db=db)
    first = parquet_export(db)
    stamp = first.path("coverage").stat().st_mtime_ns
    assert parquet_export(db).directory == first.directory  # the same state: reused as is
    assert first.path("coverage").stat().st_mtime_ns == stamp
    jbr.load([write_csv(tmp_path / "woo_verzoeken_b.csv", WOO, ["W2;FIN;2023-03-01;"])], db=db)
    second = parquet_export(db)
    assert second.directory != first.directory and second.state != first.state
    assert not first.directory.exists()  # the old state's export is gone
    assert second.tables["woo_verzoeken"].rows == 2
    # A directory the user gave that holds another state is refused, not read stale.
    given = tmp_path / "given"
    monkeypatch.setenv("JBR_SPARK_DATA", str(given))
    jbr.load([write_csv(tmp_path / "woo_verzoeken_c.csv", WOO, ["W3;AZ;2023-03-01;"])], db=db)
    assert parquet_export(db).tables["woo_verzoeken"].rows == 3
    jbr.load([write_csv(tmp_path / "woo_verzoeken_d.csv", WOO, ["W4;AZ;2022-03-01;"])], db=db)
    with pytest.raises(StoreError, match="andere toestand"):
        parquet_export(db)


def test_engines_and_settings():
    assert ENGINES == ("duckdb", "spark")
    settings = session_settings()
    assert settings["spark.master"] == "local[2]"
    assert settings["spark.sql.session.timeZone"] == "UTC"
    assert settings["spark.ui.enabled"] == "false"


def test_jbr_spark_master_and_spark_defaults_win(tmp_path, monkeypatch):
    # Spark's own configuration file decides what it sets; JBR_SPARK_MASTER decides the master.
    (tmp_path / "spark-defaults.conf").write_text(
        "# cluster\nspark.driver.memory   8g\nspark.sql.shuffle.partitions 200\n"
    )
    monkeypatch.setenv("SPARK_CONF_DIR", str(tmp_path))
    monkeypatch.setenv("JBR_SPARK_MASTER", "spark://head:7077")
    settings = session_settings()
    assert settings["spark.master"] == "spark://head:7077"
    assert "spark.driver.memory" not in settings
    assert "spark.sql.shuffle.partitions" not in settings
    assert settings["spark.ui.enabled"] == "false"


def test_unknown_engine_is_a_usage_error(small_demo_store):
    result = CliRunner().invoke(
        app, ["indicators", "--year", "2024", "--db", str(small_demo_store), "--engine", "polars"]
    )
    assert result.exit_code == 2
    assert "'duckdb', 'spark'" in result.output


def test_without_java_the_command_says_so(small_demo_store, tmp_path):
    # A separate process: in this one the session already runs.
    import os
    import subprocess
    import sys

    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-java"), "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("JBR_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "jbr.cli", "indicators", "--year", "2024"]
        + ["--db", str(small_demo_store), "--engine", "spark"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    text = " ".join(done.stderr.split())
    assert done.returncode == 1, done.stderr[-500:]
    assert "Spark start niet" in text and "Java" in text
    assert "Traceback" not in done.stderr
