"""The portal's audit log: every upload attempt, accepted or not, appended to ``uploads``
and read back per supplier."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import duckdb

from .tables import ensure_access_schema, has_table


@dataclass(frozen=True)
class Upload:
    upload_id: int
    token_id: str
    supplier: str
    ministerie: str
    received_at: datetime
    file_name: str
    stored_as: str | None
    bytes: int
    sha256: str
    status: str
    delivery_id: int | None
    errors: int
    warnings: int
    problems: list[dict[str, Any]]


def record_upload(con: duckdb.DuckDBPyConnection, **fields: Any) -> int:
    """Append one upload attempt (inside the caller's write lock); returns its id."""
    ensure_access_schema(con)
    upload_id = con.execute("SELECT coalesce(max(upload_id), 0) + 1 FROM uploads").fetchone()[0]  # type: ignore[index]
    fields = {
        **fields,
        "upload_id": upload_id,
        "problems": json.dumps(fields.get("problems") or [], ensure_ascii=False),
    }
    cols = list(fields)
    con.execute(
        f"INSERT INTO uploads ({', '.join(cols)}) VALUES ({', '.join('?' for _ in cols)})",
        [fields[c] for c in cols],
    )
    return int(upload_id)


def upload_rows(
    con: duckdb.DuckDBPyConnection, supplier: str, ministerie: str, upload_id: int | None = None
) -> list[Upload]:
    """A supplier's own upload attempts for its ministry, newest first."""
    if not has_table(con, "uploads"):
        return []
    sql = (
        "SELECT upload_id, token_id, supplier, ministerie, received_at, file_name, stored_as, "
        "bytes, sha256, status, delivery_id, errors, warnings, problems FROM uploads "
        "WHERE supplier = ? AND ministerie = ?"
    )
    params: list[Any] = [supplier, ministerie]
    if upload_id is not None:
        sql += " AND upload_id = ?"
        params.append(upload_id)
    rows = con.execute(sql + " ORDER BY upload_id DESC", params).fetchall()
    return [Upload(*r[:13], problems=json.loads(r[13]) if r[13] else []) for r in rows]  # type: ignore[misc]
