"""No token in the server's log (issue 14): a logging filter on uvicorn's and jbr's
handlers that removes what looks like a secret from every message.

uvicorn's access log writes the request path with its query string. jbr never takes a
token from a URL, but a client may still put one there (``?token=jbr_…``); the line
keeps the path and the parameter's name, not its value. Very long paths are cut.
"""

from __future__ import annotations

import logging
import re

TOKEN = re.compile(r"jbr_[A-Za-z0-9]+_[A-Za-z0-9_\-]{8,}")
# A query parameter whose name says it holds a secret: its value goes.
SECRET_PARAMETER = re.compile(
    r"(?i)([?&;][^=&;#\s]*(?:token|secret|passw|auth|key|session|sessie|csrf)[^=&;#\s]*=)"
    r"[^&;#\s\"]*"
)
REMOVED = "[verwijderd]"
MAX_TEXT = 500  # characters of one logged value (a path of 10,000 characters is noise)


def redact(text: str) -> str:
    text = TOKEN.sub(REMOVED, text)
    text = SECRET_PARAMETER.sub(lambda m: m.group(1) + REMOVED, text)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


class Redact(logging.Filter):
    """Applied to every record of the handlers it is on (the message and its arguments)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {
                k: redact(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True
