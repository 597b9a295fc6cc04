"""``jbr token``: the portal's tokens for suppliers, reviewers and the JBR team."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .config import default_db

if TYPE_CHECKING:
    from ..store.access.tokens import Token


def token_create(
    supplier: str, ministry: str, db: Path | str | None = None, role: str = "supplier"
) -> tuple[str, Token]:
    """SPEC §2 ``jbr token create``: a portal token for ``supplier`` delivering for ``ministry``;
    with ``role`` a reviewer of ``ministry``'s figures or the JBR team (``coordinator``,
    ministry RIJK) instead (issue 17).

    Returns the token (shown once; only its salted scrypt hash is stored) and its record.
    """
    from ..store.access.tokens import create_token

    return create_token(db or default_db(), supplier, ministry, role=role)


def token_revoke(token_id: str, db: Path | str | None = None) -> bool:
    from ..store.access.tokens import revoke_token

    return revoke_token(db or default_db(), token_id)


def tokens(db: Path | str | None = None) -> list[Token]:
    from ..store.access.tokens import list_tokens

    return list_tokens(db or default_db())
