"""``--engine spark``: the same indicator definitions on Ibis's PySpark backend.

The store is exported to Parquet (:mod:`jbr.store.parquet`) — into a cache directory
keyed by the store's state, or into ``JBR_SPARK_DATA`` when given (a directory every
executor of a cluster can read) — and each table becomes a Spark temporary view.
The ``current_<theme>`` views are the store's own rule (the newest delivery per
theme, ministry and year) written as an Ibis expression.

The Spark session is local (``local[2]``) unless ``JBR_SPARK_MASTER`` or Spark's own
configuration (``spark-defaults.conf`` in ``SPARK_CONF_DIR``) names a master; a
setting there always wins over the defaults below.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

import ibis

from ..deliveries.themes import THEMES
from ..store.connection import connect
from ..store.guard import StoreError
from ..store.parquet import (
    ExportError,
    Manifest,
    export_store,
    read_manifest,
    state_key,
)
from .selection import only_current

# Quiet and small for one machine; each is only a default (spark-defaults.conf wins).
DEFAULTS = {
    "spark.master": "local[2]",
    "spark.app.name": "jbr",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.sql.session.timeZone": "UTC",  # stored moments are wall-clock, as in DuckDB
    "spark.driver.memory": "2g",
    "spark.sql.execution.arrow.pyspark.enabled": "true",
}


# The store's DuckDB types as Spark SQL types; TIMESTAMP is wall-clock time (no zone).
SPARK_TYPES = {
    "VARCHAR": "STRING",
    "BIGINT": "BIGINT",
    "INTEGER": "INT",
    "DOUBLE": "DOUBLE",
    "DATE": "DATE",
    "TIMESTAMP": "TIMESTAMP_NTZ",
    "BOOLEAN": "BOOLEAN",
}


def spark_conf_dir() -> Path | None:
    if os.environ.get("SPARK_CONF_DIR"):
        return Path(os.environ["SPARK_CONF_DIR"])
    if os.environ.get("SPARK_HOME"):
        return Path(os.environ["SPARK_HOME"]) / "conf"
    return None


def configured_keys() -> set[str]:
    """Keys set in ``spark-defaults.conf`` (Spark reads the file itself at start-up)."""
    conf = spark_conf_dir()
    path = conf / "spark-defaults.conf" if conf else None
    if path is None or not path.is_file():
        return set()
    keys = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keys.add(line.split(None, 1)[0])
    return keys


def session_settings() -> dict[str, str]:
    """Our defaults for the keys Spark's configuration leaves open; ``JBR_SPARK_MASTER`` last."""
    taken = configured_keys()
    settings = {k: v for k, v in DEFAULTS.items() if k not in taken}
    if os.environ.get("JBR_SPARK_MASTER"):
        settings["spark.master"] = os.environ["JBR_SPARK_MASTER"]
    return settings


class EngineError(StoreError):
    """The Spark engine cannot start (no pyspark, no Java, no cluster)."""


def spark_session() -> Any:
    """The process's Spark session, started once (getOrCreate reuses it)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineError.keyed("indicatoren.fout.spark_pyspark") from None
    builder = SparkSession.builder
    for key, value in session_settings().items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as e:  # the JVM did not start: no Java, or no cluster at the master
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise EngineError.keyed("indicatoren.fout.spark_start", error=first) from None
    session.sparkContext.setLogLevel("ERROR")
    return session


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "jbr" / "parquet"


def parquet_export(db: Path | str, directory: Path | str | None = None) -> Manifest:
    """The store as Parquet: ``directory`` (or ``JBR_SPARK_DATA``) if given, else the cache.

    An export in the cache is keyed by the store's path and state and made once per
    state (the previous state's export of the same store is removed). A given
    directory is exported into when empty; one that holds an export of another state
    of the store is an error rather than silently stale figures.
    """
    with_state = connect(db, read_only=True)
    try:
        state = state_key(with_state)
    finally:
        with_state.close()
    given = directory or os.environ.get("JBR_SPARK_DATA")
    if given:
        target = Path(given)
        if not target.exists() or not any(target.iterdir()):
            return export_store(db, target)
        manifest = read_manifest(target, any_version=True)
        if manifest.state != state:
            raise ExportError.keyed("indicatoren.fout.spark_andere_export", target=target, db=db)
        return manifest
    store = hashlib.sha256(str(Path(db).resolve()).encode()).hexdigest()[:12]
    target = cache_root() / f"{store}-{state}"
    if (target / "manifest.json").is_file():
        return read_manifest(target, any_version=True)
    for old in cache_root().glob(f"{store}-*"):
        shutil.rmtree(old, ignore_errors=True)
    return export_store(db, target)


def current_view(tables: dict[str, ibis.Table], theme: str) -> ibis.Table:
    """``current_<theme>`` (jbr.store.schema.current_view_ddl) as an Ibis expression:
    each (ministry, year) from the newest delivery that covers it."""
    return only_current(tables[theme], tables["coverage"], theme)


def spark_backend(db: Path | str, directory: Path | str | None = None) -> Any:
    """An Ibis PySpark backend with the store's tables and current views registered."""
    manifest = parquet_export(db, directory)
    session = spark_session()
    # Every indicator reads the same few tables and current views again: Spark keeps each
    # one in memory (spilling to disk) from its first read, instead of reading the Parquet
    # files and selecting the current deliveries again for every query. A store opened
    # before in this process gives its cached tables back first.
    session.catalog.clearCache()
    backend = ibis.pyspark.connect(session)
    tables = {}
    for name, table in manifest.tables.items():
        # The schema from the manifest: Spark need not open every file to infer it.
        schema = ", ".join(f"`{c}` {SPARK_TYPES[t]}" for c, t, _ in table.columns)
        reader = session.read.schema(schema)
        reader.parquet(manifest.path(name).resolve().as_uri()).createOrReplaceTempView(name)
        session.catalog.cacheTable(name)
        tables[name] = backend.table(name)
    for theme in THEMES:
        backend.create_view(f"current_{theme}", current_view(tables, theme), overwrite=True)
        session.catalog.cacheTable(f"current_{theme}")
    return backend
