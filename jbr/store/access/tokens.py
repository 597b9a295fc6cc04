"""Portal tokens: who may deliver (a supplier), review (a reviewer) or read everything (the
JBR team), for which ministry.

Tokens look like ``jbr_<token_id>_<secret>``: the id is public (it finds the row), only a
salted scrypt hash of the secret is stored and the secret is shown once, when created. A
token is revoked by stamping ``revoked`` once (never cleared)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from ..connection import connect
from .tables import ensure_access_schema, has_table, read_only

TOKEN_PREFIX = "jbr_"
# scrypt work factors (RFC 7914): ~16 MB and some tens of ms a check; the server caches
# a verified token for the store state, so the cost is paid once per sign-in.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


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
    if not has_table(con, "tokens"):
        return {}
    if has_table(con, "token_roles"):
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
    con = read_only(db)
    if con is None:
        return []
    try:
        return sorted((t for t, _ in token_rows(con).values()), key=lambda t: t.created)
    finally:
        con.close()


def portal_suppliers(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {t.supplier for t, _ in token_rows(con).values()}
