"""What a review request may name: a year, a chapter (one of the report's domains), a
ministry (a reviewer only its own, else 404 as if it did not exist) and a comment's
length."""

from __future__ import annotations

from typing import Annotated

from fastapi import HTTPException, Request
from fastapi import Path as PathParam

from ...indicators import DOMAINS
from ...locale import text
from ...store.access.tokens import REVIEWER, Token
from ..api_routes.ministries import ministry_code
from ..portal import request_lang

Year = Annotated[int, PathParam(ge=1900, le=2100)]
MAX_COMMENT = 4000


def chapter_domain(value: str) -> str:
    if value not in DOMAINS:
        raise HTTPException(404, text("wederhoor.niet_gevonden", "nl"))
    return value


def visible_ministry(request: Request, token: Token, ministry: str) -> str:
    lang = request_lang(request)
    try:
        code = ministry_code(ministry)
    except Exception:
        raise HTTPException(404, text("wederhoor.niet_gevonden", lang)) from None
    if token.role == REVIEWER and code != token.ministerie:
        raise HTTPException(404, text("wederhoor.niet_gevonden", lang))
    return code
