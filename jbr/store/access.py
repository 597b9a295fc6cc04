"""Who may deliver and what is public: portal tokens, uploads and publications (SPEC §2, §7).

All three are append-only, like the rest of the store: a token is revoked by
stamping ``revoked`` once (never cleared), a year is published by adding a
publication row with a snapshot of its public figures, and every upload attempt
of the portal is logged, accepted or not. A store without these tables has no
tokens, no uploads and **nothing published** (the safe default).

Tokens look like ``jbr_<token_id>_<secret>``: the id is public (it finds the
row), only a salted scrypt hash of the secret is stored and the secret is shown
once, when created.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from .figure_row import FIGURE_KEYS, SNAPSHOT
from .load import connect, insert_columns

ACCESS_DDL = """
CREATE TABLE IF NOT EXISTS tokens (
    token_id VARCHAR PRIMARY KEY,
    supplier VARCHAR NOT NULL,
    ministerie VARCHAR NOT NULL,
    hash VARCHAR NOT NULL,
    created TIMESTAMP NOT NULL,
    revoked TIMESTAMP
);
CREATE TABLE IF NOT EXISTS token_roles (
    token_id VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS publications (
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    published_at TIMESTAMP NOT NULL,
    published_by VARCHAR NOT NULL,
    note VARCHAR,
    last_delivery_id INTEGER,
    figures BIGINT NOT NULL,
    PRIMARY KEY (year, version)
);
CREATE TABLE IF NOT EXISTS published_figures (
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    indicator VARCHAR NOT NULL,
    ministry VARCHAR NOT NULL,
    value DOUBLE,
    unit VARCHAR,
    target DOUBLE,
    status VARCHAR,
    suppressed BOOLEAN NOT NULL,
    notes VARCHAR,
    reason VARCHAR
);
CREATE TABLE IF NOT EXISTS uploads (
    upload_id INTEGER PRIMARY KEY,
    token_id VARCHAR NOT NULL,
    supplier VARCHAR NOT NULL,
    ministerie VARCHAR NOT NULL,
    received_at TIMESTAMP NOT NULL,
    file_name VARCHAR NOT NULL,
    stored_as VARCHAR,
    bytes BIGINT NOT NULL,
    sha256 VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    delivery_id INTEGER,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    problems VARCHAR
);
"""

TOKEN_PREFIX = "jbr_"
# scrypt work factors (RFC 7914): ~16 MB and some tens of ms a check; the server caches
# a verified token for the store state, so the cost is paid once per sign-in.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def ensure_access_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(ACCESS_DDL)
    # Stores made before empty figures carried their reason (e.g. a trend that does not fall).
    con.execute("ALTER TABLE published_figures ADD COLUMN IF NOT EXISTS reason VARCHAR")


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND NOT temporary", [name]
        ).fetchone()[0]  # type: ignore[index]
    )


def _read(db: Path | str) -> duckdb.DuckDBPyConnection | None:
    """A read-only connection, or None when there is no store yet."""
    if not Path(db).exists():
        return None
    return connect(db, read_only=True)


# --- tokens -------------------------------------------------------------------------------


# What a token may do (issue 17). A token without a row in ``token_roles`` is a supplier's.
SUPPLIER, REVIEWER, COORDINATOR = "supplier", "reviewer", "coordinator"
ROLES = (SUPPLIER, REVIEWER, COORDINATOR)


@dataclass(frozen=True)
class Token:
    token_id: str
    supplier: str  # the holder's name: a supplier, or a reviewer's or the JBR team's name
    ministerie: str  # a coordinator's is RIJK
    created: datetime
    revoked: datetime | None = None
    role: str = SUPPLIER


def hash_secret(secret: str, salt: bytes | None = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(
        secret.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def secret_matches(secret: str, stored: str) -> bool:
    try:
        kind, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if kind != "scrypt":
        return False
    got = hashlib.scrypt(
        secret.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(got.hex(), digest)


def split_token(token: str) -> tuple[str, str] | None:
    """``jbr_<id>_<secret>`` → (id, secret); None for anything else."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    token_id, sep, secret = token[len(TOKEN_PREFIX) :].partition("_")
    if not sep or not token_id.isalnum() or len(secret) < 20:
        return None
    return token_id, secret


def create_token(
    db: Path | str,
    supplier: str,
    ministerie: str,
    now: datetime | None = None,
    role: str = SUPPLIER,
) -> tuple[str, Token]:
    """A new token for ``supplier`` delivering for ``ministerie`` (or, by ``role``, a
    reviewer of that ministry's figures, or the JBR team); the plain token is returned
    once and never stored."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    token_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    created = now or datetime.now(UTC)
    con = connect(db)
    try:
        ensure_access_schema(con)
        con.execute(
            "INSERT INTO tokens VALUES (?, ?, ?, ?, ?, NULL)",
            [token_id, supplier, ministerie, hash_secret(secret), created.replace(tzinfo=None)],
        )
        if role != SUPPLIER:
            con.execute("INSERT INTO token_roles VALUES (?, ?)", [token_id, role])
    finally:
        con.close()
    token = Token(token_id, supplier, ministerie, created, role=role)
    return f"{TOKEN_PREFIX}{token_id}_{secret}", token


def revoke_token(db: Path | str, token_id: str, now: datetime | None = None) -> bool:
    """Stamp ``revoked`` once; False when no such active token exists."""
    con = connect(db)
    try:
        ensure_access_schema(con)
        found = con.execute(
            "UPDATE tokens SET revoked = ? WHERE token_id = ? AND revoked IS NULL RETURNING 1",
            [(now or datetime.now(UTC)).replace(tzinfo=None), token_id],
        ).fetchall()
        return bool(found)
    finally:
        con.close()


def token_rows(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[Token, str]]:
    """Every token by id with its stored hash (for the server's in-memory check)."""
    if not _has_table(con, "tokens"):
        return {}
    if _has_table(con, "token_roles"):
        rows = con.execute(
            "SELECT token_id, supplier, ministerie, created, revoked, hash, "
            "coalesce(r.role, 'supplier') FROM tokens LEFT JOIN token_roles r USING (token_id)"
        ).fetchall()
    else:
        rows = [
            (*r, SUPPLIER)
            for r in con.execute(
                "SELECT token_id, supplier, ministerie, created, revoked, hash FROM tokens"
            ).fetchall()
        ]
    return {r[0]: (Token(r[0], r[1], r[2], r[3], r[4], role=r[6]), r[5]) for r in rows}


def list_tokens(db: Path | str) -> list[Token]:
    con = _read(db)
    if con is None:
        return []
    try:
        return sorted((t for t, _ in token_rows(con).values()), key=lambda t: t.created)
    finally:
        con.close()


# --- publications (embargo) ---------------------------------------------------------------


@dataclass(frozen=True)
class Publication:
    year: int
    version: int
    published_at: datetime
    published_by: str
    note: str | None
    figures: int


def publication_rows(con: duckdb.DuckDBPyConnection) -> list[Publication]:
    if not _has_table(con, "publications"):
        return []
    rows = con.execute(
        "SELECT year, version, published_at, published_by, note, figures FROM publications "
        "ORDER BY year, version"
    ).fetchall()
    return [Publication(*r) for r in rows]


def publications(db: Path | str) -> list[Publication]:
    """Every publication (each version of each year), oldest first."""
    con = _read(db)
    if con is None:
        return []
    try:
        return publication_rows(con)
    finally:
        con.close()


def published_years(db: Path | str) -> dict[int, datetime]:
    """Year → when it was first published. Empty for a store without publications."""
    out: dict[int, datetime] = {}
    for p in publications(db):
        out.setdefault(p.year, p.published_at)
    return out


def figure_rows(
    con: duckdb.DuckDBPyConnection,
    year: int | None = None,
    version: int | None = None,
    all_versions: bool = False,
) -> list[dict[str, Any]]:
    """Published figures: of the latest version of each year, or of ``version`` of ``year``
    (``all_versions``: of every version)."""
    if not _has_table(con, "published_figures"):
        return []
    where, params = ["true"], []
    if year is not None:
        where.append("f.year = ?")
        params.append(year)
    if version is not None:
        where.append("f.version = ?")
        params.append(version)
    elif not all_versions:
        where.append("f.version = (SELECT max(version) FROM publications p WHERE p.year = f.year)")
    rows = con.execute(
        f"""SELECT {", ".join(FIGURE_KEYS)}, notes, version,
                   {"reason" if _has_reason(con) else "NULL"}
            FROM published_figures f WHERE {" AND ".join(where)}
            ORDER BY year, version, indicator, ministry = 'RIJK' DESC, ministry""",
        params,
    ).fetchall()
    out = []
    n = len(FIGURE_KEYS)
    for r in rows:
        row = dict(zip(FIGURE_KEYS, r[:n], strict=True))
        row["notes"] = json.loads(r[n]) if r[n] else []
        row["version"] = r[n + 1]
        row["reason"] = r[n + 2]
        out.append(row)
    return out


def _has_reason(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the snapshot table has the ``reason`` column (a store opened read-only that
    was made before it has none: its empty figures have no reason)."""
    return bool(
        con.execute(
            "SELECT count(*) FROM duckdb_columns() "
            "WHERE table_name = 'published_figures' AND column_name = 'reason'"
        ).fetchone()[0]  # type: ignore[index]
    )


def published_figures(
    db: Path | str, year: int, version: int | None = None
) -> list[dict[str, Any]] | None:
    """The public figures of ``year`` (SPEC §2 keys + ``notes``, ``version``); None when the
    year (or that version) is not published."""
    con = _read(db)
    if con is None:
        return None
    try:
        versions = {p.version for p in publication_rows(con) if p.year == year}
        if not versions or (version is not None and version not in versions):
            return None
        return figure_rows(con, year, version)
    finally:
        con.close()


def publication_snapshots(
    db: Path | str,
) -> tuple[list[Publication], dict[tuple[int, int], list[dict[str, Any]]]]:
    """Every publication and the figures of each (year, version), read in one connection
    (the site model and a server rendering a correction read them all at once)."""
    con = _read(db)
    if con is None:
        return [], {}
    try:
        found = publication_rows(con)
        figures: dict[tuple[int, int], list[dict[str, Any]]] = {}
        if found:
            for row in figure_rows(con, all_versions=True):
                figures.setdefault((row["year"], row["version"]), []).append(row)
        return found, figures
    finally:
        con.close()


class AlreadyPublished(Exception):
    """A year is published again without a correction note, or with identical figures."""

    def __init__(self, publication: Publication, identical: bool) -> None:
        self.publication = publication
        self.identical = identical
        super().__init__(f"{publication.year} version {publication.version}")


def _comparable(rows: list[dict[str, Any]]) -> set[tuple]:
    """Figures as a set, numbers to 10 significant digits: parallel sums in DuckDB differ in
    the last bits from run to run, which is no correction."""

    def rounded(v: Any) -> Any:
        return float(f"{v:.10g}") if isinstance(v, float) else v

    return {tuple(rounded(r.get(k)) for k in (*FIGURE_KEYS, "reason")) for r in rows}


def snapshot_columns(year: int, version: int, figures: list[dict[str, Any]]) -> dict[str, pa.Array]:
    """The snapshot of ``year`` version ``version`` as columns of ``figure_row.SNAPSHOT``:
    each figure's row, its footnotes as a JSON list and the reason it is empty."""
    own: dict[str, list[Any]] = {
        "year": [year] * len(figures),
        "suppressed": [bool(f["suppressed"]) for f in figures],
        "version": [version] * len(figures),
        "notes": [json.dumps(list(f.get("notes") or []), ensure_ascii=False) for f in figures],
        "reason": [f.get("reason") for f in figures],
    }
    return {
        c.name: pa.array(own[c.name] if c.name in own else [f[c.name] for f in figures], c.arrow)
        for c in SNAPSHOT
    }


def record_publication(
    db: Path | str,
    year: int,
    figures: list[dict[str, Any]],
    published_by: str,
    note: str | None = None,
    now: datetime | None = None,
) -> Publication:
    """Publish ``year``: a new version with this snapshot of its public figures.

    The first publication lifts the embargo. Publishing the same figures again changes
    nothing. Publishing changed figures is a correction: it needs a note saying what changed,
    becomes the next version, and the earlier version stays readable. Nothing is ever
    re-embargoed.
    """
    con = connect(db)
    try:
        ensure_access_schema(con)
        con.execute("BEGIN TRANSACTION")
        try:
            earlier = [p for p in publication_rows(con) if p.year == year]
            if earlier:
                last = earlier[-1]
                if _comparable(figure_rows(con, year, last.version)) == _comparable(figures):
                    raise AlreadyPublished(last, identical=True)
                if not note:
                    raise AlreadyPublished(last, identical=False)
            version = len(earlier) + 1
            at = (now or datetime.now(UTC)).replace(tzinfo=None)
            last_delivery = con.execute("SELECT max(delivery_id) FROM deliveries").fetchone()[0]  # type: ignore[index]
            con.execute(
                "INSERT INTO publications VALUES (?, ?, ?, ?, ?, ?, ?)",
                [year, version, at, published_by, note, last_delivery, len(figures)],
            )
            # One statement for every figure (executemany is one per row: seconds for a
            # year's ~1,500 figures, while a running server waits for the store).
            insert_columns(con, "published_figures", snapshot_columns(year, version, figures))
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return Publication(year, version, at, published_by, note, len(figures))
    finally:
        con.close()


# --- uploads (portal audit log) -----------------------------------------------------------


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
    if not _has_table(con, "uploads"):
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


def portal_suppliers(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {t.supplier for t, _ in token_rows(con).values()}
