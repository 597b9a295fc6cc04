"""A ministry code as a request may write it: in any case, checked against the code list."""

from __future__ import annotations

from fastapi.exceptions import RequestValidationError

from ...codelists import RIJK, ministries
from ...locale import text

# The code list's ministries (also former ones: earlier years use them) and RIJK, as the
# published figures write them. The API takes them in any case (``bzk``, ``IENW``), like the
# CLI and the delivery files; the schema says so with a pattern, not an enum, so that a
# client (and schemathesis) knows ``bzk`` is valid and ``XYZ`` is not.
MINISTRY_CODES = sorted({m.code for m in ministries()} | {RIJK})
_MINISTRY_SPELLING = {c.lower(): c for c in MINISTRY_CODES}
MINISTRY_PATTERN = (
    "^(?:"
    + "|".join("".join(f"[{ch.upper()}{ch.lower()}]" for ch in c) for c in MINISTRY_CODES)
    + ")$"
)


def ministry_code(value: str) -> str:
    """The code as the code list spells it (``ienw`` → ``IenW``); an unknown one is 422
    with the valid codes (the body of any request that does not fit its parameters)."""
    found = _MINISTRY_SPELLING.get(value.lower()) if value.isascii() else None
    if found is None:
        codes = ", ".join(f"'{c}'" for c in MINISTRY_CODES)
        raise RequestValidationError(
            [
                {
                    "loc": ("query", "ministry"),
                    "msg": text("opslag.api.onbekende_ministerie", codes=codes),  # in Dutch
                    "type": "enum",
                }
            ]
        )
    return found
