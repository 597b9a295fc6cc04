"""The token a request of the API signs in with (``Authorization: Bearer <token>``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ...locale import text
from ...store.access.tokens import SUPPLIER, Token
from ..auth import bearer, client_address, too_many
from .models import Detail

# Documents the scheme in /openapi.json (and /docs); the check itself is api_supplier's.
supplier_token = HTTPBearer(
    auto_error=False,
    scheme_name="leverancierstoken",
    description="A supplier token from `jbr token create` (jbr_<id>_<secret>).",
)


def api_supplier(
    request: Request,
    _: Annotated[HTTPAuthorizationCredentials | None, Depends(supplier_token)] = None,
) -> Token:
    """The token of ``Authorization: Bearer``; a wrong one counts as a failed sign-in. A
    dependency: it answers 401 before the request's parameters are judged. Only a
    supplier's token delivers (a reviewer's or the JBR team's is 403)."""
    token = api_token(request)
    if token.role != SUPPLIER:
        raise HTTPException(403, text("opslag.api.geen_leverancier"))
    return token


def api_token(request: Request) -> Token:
    """The active token of ``Authorization: Bearer``, whatever its role (401 without)."""
    state, given = request.app.state, bearer(request)
    client = client_address(request)
    if given is not None:
        wait = state.sign_in_limit.retry_after(client)
        if wait is not None:
            raise too_many(wait)
    token = state.auth.check(given)
    if token is None:
        if given is not None:
            state.sign_in_limit.failed(client)
        raise HTTPException(
            401,
            text("opslag.api.aanmelden"),
            headers={"WWW-Authenticate": "Bearer"},
        )
    return token  # type: ignore[no-any-return]


AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": Detail, "description": "no token, or an unknown, wrong or revoked one"},
    429: {"model": Detail, "description": "too many failed sign-ins; see Retry-After"},
}
Supplier = Annotated[Token, Depends(api_supplier)]
