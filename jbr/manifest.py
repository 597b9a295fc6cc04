"""The build manifest ``out/build.json``: what a build was made from and what it wrote.

A build whose inputs are unchanged — the same store contents, the same jbr code
and code lists, the same dependencies and options — would write the same
publications. ``jbr build`` therefore compares the inputs' fingerprint with the
manifest of the last build into the same directory and, when they match and
every recorded output is still there byte for byte, skips computing and
rendering. ``--force`` always rebuilds.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from .checksum import file_sha256
from .software import code_fingerprint, dependency_versions

MANIFEST = "build.json"
PACKAGE = Path(__file__).parent
# Settings read from the environment during a build that change figures.
SETTINGS = ("JBR_RANDSTAD",)


def store_fingerprint(db: Path) -> str:
    """The store's contents: history is append-only, so its deliveries identify it."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT delivery_id, file_hash, CAST(loaded_at AS VARCHAR), rows "
            "FROM deliveries ORDER BY delivery_id"
        ).fetchall()
        schema = con.execute("SELECT value FROM jbr_meta WHERE key = 'schema_version'").fetchall()
    finally:
        con.close()
    return hashlib.sha256(repr((schema, rows)).encode()).hexdigest()


def inputs(
    db: Path,
    rejected: Iterable[Any],
    options: dict[str, Any],
) -> dict[str, Any]:
    """Everything a build's publications depend on, as plain data."""
    return {
        "jbr": importlib.metadata.version("jbr"),
        "code": code_fingerprint(),
        "dependencies": dependency_versions(),
        "store": store_fingerprint(db),
        # rejected files appear in the data-quality annex with their problems
        "rejected": [
            [o.file.name, [[p.row, p.column, p.rule, p.message] for p in o.problems]]
            for o in rejected
        ],
        "settings": {k: os.environ.get(k) for k in SETTINGS},
        "options": options,
    }


def fingerprint(data: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _outputs(out: Path, files: Iterable[Path]) -> dict[str, str]:
    found: dict[str, str] = {}
    for f in files:
        for path in sorted(p for p in f.rglob("*") if p.is_file()) if f.is_dir() else [f]:
            try:
                name = str(path.resolve().relative_to(out.resolve()))
            except ValueError:
                name = str(path.resolve())
            found[name] = file_sha256(path)
    return found


def write(
    out: Path, data: dict[str, Any], year: int | None, files: list[Path], timings: dict
) -> Path:
    path = out / MANIFEST
    out.mkdir(parents=True, exist_ok=True)
    manifest = {
        "inputs_sha256": fingerprint(data),
        "inputs": data,
        "year": year,
        "outputs": _outputs(out, files),
        "files": [str(f) for f in files],
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def up_to_date(out: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    """The last build's manifest when its inputs equal ``data`` and its outputs are intact."""
    path = out / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("inputs_sha256") != fingerprint(data):
        return None
    for name, digest in manifest.get("outputs", {}).items():
        output = Path(name) if Path(name).is_absolute() else out / name
        if not output.is_file() or file_sha256(output) != digest:
            return None
    return manifest
