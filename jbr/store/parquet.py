"""A store as Parquet files and back (issue 9): the way to carry it to Spark or another machine.

``export_store`` writes every table of the store — ``jbr_meta``, ``deliveries``,
``coverage`` and every theme with its lineage columns and its whole history — to
one Parquet file each, and a ``manifest.json`` last: the schema version, the
store's state key, and per table its columns (name, DuckDB type, nullable), row
count and SHA-256. ``import_store`` checks all of that before it writes and fills
an empty store in one transaction, so an import is complete or absent.

The export holds the same record-level data as the store (SPEC §6): directories
are created for the owner only, like a store someone keeps to themselves.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ..checksum import file_sha256
from ..deliveries.themes import THEMES
from ..locale import text
from ..sql import sql_text
from .access.tables import ensure_access_schema
from .connection import connect
from .guard import StoreError
from .review import ensure_review_schema
from .schema import SCHEMA_VERSION

MANIFEST = "manifest.json"
FORMAT = "jbr-store-parquet"
META_TABLES = ("jbr_meta", "deliveries", "coverage", "delivery_seals")
# The portal's and the embargo's tables (store/access/), created when first used:
# exported when the store has them, created on import when the export has them.
ACCESS_TABLES = ("tokens", "token_roles", "publications", "published_figures", "uploads")
# The review's append-only history and the publications' software (store/review.py):
# likewise exported when present and created on import.
REVIEW_TABLES = ("review_events", "review_figures", "publication_software")
OPTIONAL_TABLES = (*ACCESS_TABLES, *REVIEW_TABLES)
# A stable order per table, so the same store always exports to the same files.
ORDER = {
    "jbr_meta": "key",
    "deliveries": "delivery_id",
    "coverage": "delivery_id, theme, ministerie, jaar",
    "delivery_seals": "delivery_id",
    **{name: "ALL" for name in OPTIONAL_TABLES},
}
THEME_ORDER = "_delivery_id, _sheet, _row"


class ExportError(StoreError):
    """An export or import that cannot be done; nothing was written."""


@dataclass(frozen=True)
class TableFile:
    name: str
    file: str
    rows: int
    sha256: str
    columns: list[tuple[str, str, bool]]  # name, DuckDB type, nullable


@dataclass(frozen=True)
class Manifest:
    directory: Path
    schema_version: int
    state: str
    tables: dict[str, TableFile]

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables.values())

    def path(self, table: str) -> Path:
        return self.directory / self.tables[table].file


def store_tables() -> list[str]:
    """Every base table of a store, parents first."""
    return [*META_TABLES, *THEMES]


def _present(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The base tables plus those access tables this store has."""
    have = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    }
    return [*store_tables(), *(t for t in OPTIONAL_TABLES if t in have)]


def columns(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[str, str, bool]]:
    rows = con.execute(
        "SELECT column_name, data_type, is_nullable FROM duckdb_columns() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? "
        "ORDER BY column_index",
        [table],
    ).fetchall()
    return [(str(n), str(t), bool(null)) for n, t, null in rows]


def written_columns(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """The table's columns an INSERT writes: all but its virtual (generated) ones."""
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_catalog = "
        "current_database() AND table_schema = 'main' AND table_name = ? "
        "AND is_generated = 'NEVER' ORDER BY ordinal_position",
        [table],
    ).fetchall()
    return [str(r[0]) for r in rows]


def state_key(con: duckdb.DuckDBPyConnection) -> str:
    """What the store holds, in a word: its schema version and every delivery.

    History is append-only and a delivery's rows never change, so the list of
    deliveries (id, file hash, time, rows) fixes the content of every table.
    """
    h = hashlib.sha256(f"schema {SCHEMA_VERSION}\n".encode())
    for row in con.execute(
        "SELECT delivery_id, file_hash, CAST(loaded_at AS VARCHAR), rows FROM deliveries "
        "ORDER BY delivery_id"
    ).fetchall():
        h.update(("\t".join(map(str, row)) + "\n").encode())
    return h.hexdigest()[:24]


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)


def export_store(db: Path | str, directory: Path | str, lang: str = "nl") -> Manifest:
    """Every table of ``db`` to Parquet in ``directory`` (new or empty), manifest last.

    The files are written to a sibling temporary directory that is renamed into
    place when complete, so ``directory`` never holds a partial export.
    """
    db, directory = Path(db), Path(directory)
    if not db.exists():
        raise ExportError(text("store.export.no_store", lang, db=db))
    if directory.exists() and any(directory.iterdir()):
        raise ExportError(text("store.export.target_not_empty", lang, directory=directory))
    _private_dir(directory.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    con = connect(db, read_only=True)
    try:
        tables: dict[str, TableFile] = {}
        for name in _present(con):
            file = f"{name}.parquet"
            order = ORDER.get(name, THEME_ORDER)
            con.execute(
                f'COPY (SELECT * FROM "{name}" ORDER BY {order}) TO {sql_text(str(staging / file))} '
                "(FORMAT parquet, COMPRESSION zstd)"
            )
            rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # type: ignore[index]
            tables[name] = TableFile(
                name, file, int(rows), file_sha256(staging / file), columns(con, name)
            )
        manifest = Manifest(directory, _schema_version(con), state_key(con), tables)
        (staging / MANIFEST).write_text(_manifest_json(manifest), encoding="utf-8")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        con.close()
    if directory.exists():
        directory.rmdir()  # empty, checked above
    os.replace(staging, directory)
    return manifest


def _schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The store's own version: a store of an older schema opened read-only is not migrated."""
    found = con.execute("SELECT value FROM jbr_meta WHERE key = 'schema_version'").fetchone()
    return int(found[0]) if found else SCHEMA_VERSION


def _manifest_json(m: Manifest) -> str:
    return json.dumps(
        {
            "format": FORMAT,
            "schema_version": m.schema_version,
            "state": m.state,
            "note": "record-level data of a jbr store: keep it as safe as the store itself",
            "tables": {
                t.name: {
                    "file": t.file,
                    "rows": t.rows,
                    "sha256": t.sha256,
                    "columns": [
                        {"name": n, "type": ty, "nullable": null} for n, ty, null in t.columns
                    ],
                }
                for t in m.tables.values()
            },
        },
        ensure_ascii=False,
        indent=1,
    )


def read_manifest(directory: Path | str, lang: str = "nl", any_version: bool = False) -> Manifest:
    """The manifest of an export; of the current schema version unless ``any_version``
    (the Spark engine reads an older store's export as DuckDB reads the store)."""
    directory = Path(directory)
    path = directory / MANIFEST
    if not path.is_file():
        raise ExportError(
            text("store.export.no_manifest", lang, directory=directory, manifest=MANIFEST)
        )
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT:
            raise ValueError(f"format {raw.get('format')!r}")
        tables = {
            name: TableFile(
                name,
                str(t["file"]),
                int(t["rows"]),
                str(t["sha256"]),
                [(str(c["name"]), str(c["type"]), bool(c["nullable"])) for c in t["columns"]],
            )
            for name, t in raw["tables"].items()
        }
        manifest = Manifest(directory, int(raw["schema_version"]), str(raw["state"]), tables)
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise ExportError(
            text(
                "store.export.bad_manifest", lang, directory=directory, manifest=MANIFEST, detail=e
            )
        ) from None
    if manifest.schema_version != SCHEMA_VERSION and not any_version:
        raise ExportError(
            text(
                "store.export.schema", lang, found=manifest.schema_version, expected=SCHEMA_VERSION
            )
        )
    for t in tables.values():
        if Path(t.file).name != t.file:  # a manifest names files inside its own directory only
            raise ExportError(
                text(
                    "store.export.bad_manifest",
                    lang,
                    directory=directory,
                    manifest=MANIFEST,
                    detail=t.file,
                )
            )
    return manifest


def verify_files(manifest: Manifest, lang: str = "nl") -> None:
    """Every file of the manifest present and unchanged (SHA-256)."""
    for t in manifest.tables.values():
        path = manifest.path(t.name)
        if not path.is_file():
            raise ExportError(text("store.export.missing_file", lang, file=t.file, table=t.name))
        if file_sha256(path) != t.sha256:
            raise ExportError(text("store.export.checksum", lang, file=t.file))


def _rows_in_store(con: duckdb.DuckDBPyConnection) -> int:
    return sum(
        con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # type: ignore[index]
        for name in _present(con)
        if name != "jbr_meta"
    )


def import_store(directory: Path | str, db: Path | str, lang: str = "nl") -> Manifest:
    """An export into an empty (or not yet existing) store ``db``, all or nothing."""
    manifest = read_manifest(directory, lang)
    verify_files(manifest, lang)
    db = Path(db)
    created = not db.exists()
    con = connect(db)
    try:
        held = _rows_in_store(con)
        if held:
            raise ExportError(text("store.export.not_empty", lang, db=db, rows=held))
        con.execute("BEGIN TRANSACTION")
        try:
            access = [t for t in OPTIONAL_TABLES if t in manifest.tables]
            if set(access) & set(ACCESS_TABLES):
                ensure_access_schema(con)
            if set(access) & set(REVIEW_TABLES):
                ensure_review_schema(con)
            for name in [*store_tables(), *access]:
                _import_table(con, manifest, name, lang)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    except BaseException:
        con.close()
        if created:
            db.unlink(missing_ok=True)
            Path(f"{db}.wal").unlink(missing_ok=True)
        raise
    con.close()
    return manifest


def _import_table(con: duckdb.DuckDBPyConnection, manifest: Manifest, name: str, lang: str) -> None:
    if name not in manifest.tables:
        raise ExportError(
            text("store.export.missing_file", lang, file=f"{name}.parquet", table=name)
        )
    t = manifest.tables[name]
    store = columns(con, name)
    if [c[:2] for c in t.columns] != [c[:2] for c in store]:
        detail = f"export {[c[:2] for c in t.columns]}, store {[c[:2] for c in store]}"
        raise ExportError(text("store.export.columns", lang, table=name, detail=detail))
    source = f"read_parquet({sql_text(str(manifest.path(name)))})"
    found = [
        (str(r[0]), str(r[1])) for r in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()
    ]
    if found != [c[:2] for c in store]:
        raise ExportError(
            text("store.export.columns", lang, table=name, detail=f"Parquet {found}, store {store}")
        )
    # A virtual column (``_ministerie``, store/columns.py) is computed by the table, not written
    names = ", ".join(f'"{c}"' for c in written_columns(con, name))
    if name == "jbr_meta":
        con.execute("DELETE FROM jbr_meta")  # the schema version the store was just created with
    con.execute(f'INSERT INTO "{name}" ({names}) SELECT {names} FROM {source}')
    rows = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]  # type: ignore[index]
    if rows != t.rows:
        raise ExportError(text("store.export.rows", lang, table=name, found=rows, expected=t.rows))
