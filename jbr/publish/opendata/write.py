"""Writing ``opendata/``: each version's tables as CSV and Parquet with its
``datapackage.json``, a version already written kept as it is, and the DCAT record."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from ..dcat import write_dcat
from ..releases import Published
from ..tables import Table, write_csv
from ..urls import IN_VERSION, TOP, Place, site_url
from .package import datapackage, package_id
from .schema import TABLE_FIELDS
from .tables import figures_table, indicators_table, ministries_table


def _parquet(table: Table, fields: list[dict[str, Any]], path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
             "boolean": pa.bool_(), "date": pa.date32()}  # fmt: skip
    schema = pa.schema([pa.field(f["name"], types[f["type"]]) for f in fields])
    columns: list[Any] = list(zip(*table.rows, strict=True)) if table.rows else [() for _ in fields]
    columns = [
        [date.fromisoformat(v) if isinstance(v, str) else v for v in c]
        if f["type"] == "date"
        else c
        for c, f in zip(columns, fields, strict=True)
    ]  # the schema's dates as dates, not as their ISO text
    arrays = [pa.array(list(c), type=t.type) for c, t in zip(columns, schema, strict=True)]
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path, compression="zstd")
    return path


def _write_version(
    published: Published, number: int, folder: Path, base_url: str | None, place: Place
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    values = published.as_of(number)
    versions: dict[int, int] = {}
    for r in published.releases:
        if r.number <= number:
            versions[r.year] = max(versions.get(r.year, 0), r.year_version)
    tables = {
        "figures": figures_table(values, versions, base_url, place),
        "indicators": indicators_table(base_url, values, place),
        "ministries": ministries_table(),
    }
    files = []
    for name, table in tables.items():
        files.append(write_csv(table, folder / f"{name}.csv"))
        files.append(_parquet(table, TABLE_FIELDS[name], folder / f"{name}.parquet"))
    package = folder / "datapackage.json"
    descriptor = datapackage(published, number, base_url, folder, place)
    package.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return [*files, package]


def _kept(
    folder: Path, published: Published, number: int, base_url: str | None, place: Place
) -> list[Path] | None:
    """The files of an earlier build in ``folder`` if they are this very release with the
    same URLs: a published version never changes, so it is written once."""
    package = folder / "datapackage.json"
    if not package.exists():
        return None
    try:
        old = json.loads(package.read_text(encoding="utf-8"))
    except ValueError:
        return None
    release = next(r for r in published.releases if r.number == number)
    same = (
        old.get("version") == str(number)
        and old.get("created") == release.published_at.isoformat()
        and old.get("id") == package_id(base_url)
        and old.get("homepage") == site_url(base_url, "/", place)
    )
    files = [folder / f"{t}.{x}" for t in TABLE_FIELDS for x in ("csv", "parquet")]
    return [*files, package] if same and all(f.exists() for f in files) else None


def write_opendata(published: Published, out: Path, base_url: str | None) -> list[Path]:
    """``out/opendata/``: every version under ``versions/<n>/`` and the current one at the
    top, plus the DCAT-AP-DONL record. Nothing is written when nothing is published.

    Without a base URL each file's URLs are relative to where it is, so the top-level
    files are written for the top, not copied from the latest version."""
    folder = out / "opendata"
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    if not published.releases:
        return files
    for r in published.releases:
        version = folder / "versions" / str(r.number)
        files += _kept(version, published, r.number, base_url, IN_VERSION) or _write_version(
            published, r.number, version, base_url, IN_VERSION
        )
    latest = published.releases[-1].number
    files += _kept(folder, published, latest, base_url, TOP) or _write_version(
        published, latest, folder, base_url, TOP
    )
    files.append(write_dcat(published, folder, base_url))
    return files
