"""``--engine spark``: every indicator of the small demo on Spark equals DuckDB's (issue 9).

Every year of the store, computed as ``jbr build`` computes them (all years batched), on
both engines. One Spark session for the whole run (Spark starts slowly). No indicator has
a Spark-only or DuckDB-only definition: an indicator that fails on Spark fails here.
"""

from __future__ import annotations

import math
import re
import shutil

import pytest
from typer.testing import CliRunner

import jbr
from jbr.cli import app
from jbr.indicators import ENGINES, catalogue, open_context
from jbr.indicators.cache import compute_years_reusing
from jbr.indicators.spark import parquet_export, session_settings
from jbr.store import StoreError

from .conftest import write_csv
from .worlds import copy_world

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def both(demo_build, tmp_path_factory, spark_env):
    """Every indicator of every year of the small demo, computed by DuckDB and by Spark as
    ``jbr build`` computes them (all years batched, with the record listings, the results
    kept beside the store): (duckdb values, spark values, the world Spark computed in).

    In a copy of the ``demo_build`` world (its store and its output folder): DuckDB's are
    the results that build computed of this store (kept beside it); Spark computes after
    they are removed, so that nothing is taken from them."""
    world = copy_world(demo_build[0], tmp_path_factory.mktemp("spark") / "world")
    db = world / "s.duckdb"
    # DuckDB's: the results ``demo_build`` computed of this very store, kept beside it.
    ctx = open_context(db, "duckdb")
    duck, _ = compute_years_reusing(ctx, None, db, {"engine": "duckdb"})
    ctx.close()
    shutil.rmtree(f"{db}.cache")  # Spark's computed from nothing
    ctx = open_context(db, "spark")
    spark, _ = compute_years_reusing(ctx, None, db, {"engine": "spark"})
    ctx.close()
    assert sorted(duck) == sorted(spark)
    assert len(duck) >= 8  # the small demo's years, 2017-2024: not one year only
    flat = [[v for y in sorted(vs) for v in vs[y]] for vs in (duck, spark)]
    return flat[0], flat[1], world


@pytest.fixture(scope="module")
def spark_env(tmp_path_factory):
    # The session this module's tests share starts in ``both``, with Spark's own
    # configuration file (as a site would set it): the JVM compiles with its quick compiler
    # only and collects garbage on one thread. That changes no result, and for a run of
    # many small queries such as this one it takes some 40 % less processor time (89 → 53 s
    # measured) on a machine whose other core runs the rest of the suite.
    conf = tmp_path_factory.mktemp("spark-conf")
    (conf / "spark-defaults.conf").write_text(
        "spark.driver.extraJavaOptions -XX:TieredStopAtLevel=1 -XX:+UseSerialGC\n"
    )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SPARK_CONF_DIR", str(conf))
        env.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


def _key(v) -> tuple:
    return (v.year, v.indicator, v.ministry, v.breakdown or "")


def test_every_indicator_is_computed_on_spark(both):
    _, spark, _ = both
    last = max(v.year for v in spark)
    computed = {v.indicator for v in spark if v.value is not None and v.year == last}
    missing = sorted(i.id for i in catalogue() if i.id not in computed)
    assert missing == []


def test_spark_agrees_with_duckdb_on_every_value(both):
    duck, spark, _ = both
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


def test_jbr_build_on_spark_publishes_what_duckdb_publishes(demo_build, both, spark_env):
    # `jbr build --engine spark` of the small demo's store, in the world where ``both``
    # computed every year on Spark: the build takes those results (kept beside the store,
    # as a second build of the same store on the same engine does; a DuckDB build's results
    # are never taken for Spark's, the engine is part of their key) and publishes them. The
    # report, the public version and the letter read exactly as the DuckDB build's; the
    # coordinates of a chart may differ in their last digits (a sum's order, as above).
    *_, world = both
    out = world / "out"
    result = CliRunner().invoke(
        app, ["build", "--out", str(out), "--db", str(world / "s.duckdb"), "--engine", "spark"]
    )
    assert result.exit_code == 0, result.output
    assert '"engine": "spark"' in (out / "build.json").read_text(encoding="utf-8")
    duck = demo_build[0] / "out"
    for name in ("rapport.html", "publieksversie.html", "kamerbrief.html"):
        a = (duck / name).read_text(encoding="utf-8")
        b = (out / name).read_text(encoding="utf-8")
        assert _same_up_to_sum_order(a, b), name


NUMBER = re.compile(r"(-?\d+\.\d+(?:e-?\d+)?)")


def _same_up_to_sum_order(a: str, b: str) -> bool:
    """The same text, except that a decimal number may differ from its counterpart from
    the tenth significant digit on."""
    x, y = NUMBER.split(a), NUMBER.split(b)
    if len(x) != len(y):
        return False
    # split() puts the numbers at the odd places, the text between them at the even ones
    return all(
        p == q if i % 2 == 0 else math.isclose(float(p), float(q), rel_tol=1e-9)
        for i, (p, q) in enumerate(zip(x, y, strict=True))
    )


def test_same_up_to_sum_order():
    chart = '<path transform="translate(61.42857142856791,51.18471800000022)"/> 43,3 fte'
    assert _same_up_to_sum_order(chart, chart.replace("51.18471800000022", "51.18471800000019"))
    assert not _same_up_to_sum_order(chart, chart.replace("51.184718", "51.184719"))
    assert not _same_up_to_sum_order(chart, chart.replace("43,3", "43,4"))  # text is exact
    assert not _same_up_to_sum_order(chart, chart.replace("/>", "/><g/>"))


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
