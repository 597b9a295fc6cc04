"""The host loop: a job per line on stdin, a forked child per job, watched for memory
and wall time and killed past the caps; each child's end as a line on stdout."""

from __future__ import annotations

import json
import os
import select
import signal
import time
from dataclasses import dataclass
from typing import Any

from .child import run_child
from .job import MEMORY, TIME


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


@dataclass
class _Running:
    job_id: int
    started: float
    deadline: float
    memory: int
    killed: str | None = None


def host() -> None:
    """The host loop: a job per line on stdin, its end as a line on stdout."""
    # Imported once here, so each forked child starts with them in memory (DuckDB imports
    # pandas and numpy on first use: ~1 s a child otherwise). None of them starts a thread
    # with the environment ``Workers`` gives this process, so forking is safe.
    import _strptime  # noqa: F401
    import zoneinfo  # noqa: F401

    import dateutil  # noqa: F401
    import duckdb  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401
    import pyarrow  # noqa: F401
    import pyarrow.pandas_compat  # noqa: F401
    import python_calamine  # noqa: F401

    from ...deliveries import validate  # noqa: F401

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    running: dict[int, _Running] = {}
    pending = b""

    def send(message: dict[str, Any]) -> None:
        os.write(1, json.dumps(message).encode() + b"\n")

    while True:
        ready, _, _ = select.select([0], [], [], 0.05 if running else None)
        now = time.monotonic()
        for pid, r in running.items():
            if r.killed:
                continue
            if _rss(pid) > r.memory:
                r.killed = MEMORY
            elif now > r.deadline:
                r.killed = TIME
            if r.killed:
                os.kill(pid, signal.SIGKILL)
        while running:
            pid, status, usage = os.wait4(-1, os.WNOHANG)
            if pid == 0:
                break
            r = running.pop(pid)
            send(
                {
                    "id": r.job_id,
                    "exit": os.waitstatus_to_exitcode(status),
                    "killed": r.killed,
                    "peak_rss": usage.ru_maxrss * 1024,
                    "seconds": round(time.monotonic() - r.started, 3),
                }
            )
        if not ready:
            continue
        data = os.read(0, 1 << 16)
        if not data:  # the server is gone: so are its children
            for pid in running:
                os.kill(pid, signal.SIGKILL)
            for pid in running:
                os.waitpid(pid, 0)
            return
        pending += data
        while b"\n" in pending:
            line, pending = pending.split(b"\n", 1)
            job = json.loads(line)
            pid = os.fork()
            if pid == 0:
                run_child(job)
            started = time.monotonic()
            limits = job["limits"]
            running[pid] = _Running(
                job["id"], started, started + limits["seconds"], limits["memory_bytes"]
            )
