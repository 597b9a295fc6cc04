"""A child process for the reader fuzz tests: one JSON request per line in, one out.

Each request names a file (and a theme); the worker validates it with
``jbr.api.validate`` and, when it has no errors, loads it into a fresh store with
``jbr.api.load``. Any exception is sent back as a traceback, never swallowed. The
parent bounds each request in time and kills the worker when one hangs.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path


def handle(request: dict) -> dict:
    from jbr import api

    path = Path(request["path"])
    problems = api.validate([path], theme=request.get("theme"))
    reply: dict = {
        "problems": [[p.rule, p.severity, p.message, p.row, p.column] for p in problems],
        "status": None,
    }
    if not any(p.is_error for p in problems) and request.get("db"):
        [outcome] = api.load([path], db=request["db"], theme=request.get("theme"))
        reply["status"] = outcome.status
        reply["load_problems"] = [[p.rule, p.severity, p.message] for p in outcome.problems]
    return reply


def main() -> None:
    import jbr.api  # noqa: F401  (import once, before the first timed request)

    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            reply = {"ok": True, **handle(request)}
        except BaseException:
            reply = {"ok": False, "traceback": traceback.format_exc()}
        print(json.dumps(reply), flush=True)


if __name__ == "__main__":
    main()
