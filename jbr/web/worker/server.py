"""The server's side: starts the host (again after it died), sends it jobs and waits for
their end; a killed or crashed child becomes a ``Checked`` with its failure."""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from ...deliveries.problems import Problem
from .job import CRASH, MEMORY, TIME, Checked, Limits

log = logging.getLogger("jbr.web")


class Workers:
    """The server's handle on the host: starts it for the first job (again after it died),
    sends jobs, waits for their end; at most ``limits.workers`` jobs at once. A fresh host
    is ready in about a second; a server that is never sent an upload never starts one."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._slots = threading.BoundedSemaphore(limits.workers)
        self._lock = threading.Lock()
        self._host: subprocess.Popen[bytes] | None = None
        self._waiting: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._ids = itertools.count(1)
        self._closed = False  # the server stops: no new host

    def _ensure_host(self) -> subprocess.Popen[bytes]:
        if self._host is None or self._host.poll() is not None:
            self._host = subprocess.Popen(
                [sys.executable, "-c", "from jbr.web.worker import host; host()"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                close_fds=True,
                env={
                    **os.environ,
                    # A native reader that cannot allocate says so in one line.
                    "RUST_BACKTRACE": "0",
                    # No helper threads in the host (Arrow's jemalloc, OpenBLAS): it forks.
                    "JE_ARROW_MALLOC_CONF": "background_thread:false",
                    "OPENBLAS_NUM_THREADS": "1",
                },
            )
            threading.Thread(
                target=self._read, args=(self._host,), name="jbr-upload-host", daemon=True
            ).start()
        return self._host

    def _read(self, host: subprocess.Popen[bytes]) -> None:
        assert host.stdout is not None
        for line in host.stdout:
            message = json.loads(line)
            waiting = self._waiting.get(message["id"])
            if waiting is not None:
                waiting.put(message)
        with self._lock:  # the host ended: whoever still waits on it gets a crash
            for waiting in self._waiting.values():
                waiting.put({"exit": None, "killed": None, "host_died": True})

    def close(self) -> None:
        with self._lock:
            self._closed = True
            host, self._host = self._host, None
            idle = not self._waiting  # no job unanswered: the host has no child running
        if host is not None and host.poll() is None:
            assert host.stdin is not None
            if idle:
                # Nothing to clean up: stopped at once, not after the imports it may still be
                # busy with (a server stopped soon after its start waited seconds for them).
                host.kill()
            host.stdin.close()  # the host kills its children and leaves
            try:
                host.wait(timeout=10)
            except subprocess.TimeoutExpired:
                host.kill()
                host.wait()

    def check(
        self, path: Path, theme: str | None, lang: str, parents: dict[str, Path], out: Path
    ) -> Checked:
        """Read and check ``path`` in a child; the result, or why the child died.

        A host that died under the job (killed from outside, or dying as the job was sent
        to it) is no answer about the file: the job goes once more to a new host. A host
        that hangs is not given a second job."""
        with self._slots:
            end = self._send(path, theme, lang, parents, out)
            if end.get("host_died") and not end.get("host_hung") and not self._closed:
                log.warning("upload worker host died during a job; sending it to a new host")
                end = self._send(path, theme, lang, parents, out)
        return _outcome(end, out)

    def _send(
        self, path: Path, theme: str | None, lang: str, parents: dict[str, Path], out: Path
    ) -> dict[str, Any]:
        """One job to the host (started if there is none); its end as the host reports it."""
        job_id = next(self._ids)
        waiting: queue.Queue[dict[str, Any]] = queue.Queue()
        limits = self.limits
        job = {
            "id": job_id,
            "path": str(path),
            "theme": theme,
            "lang": lang,
            "parents": {k: str(v) for k, v in parents.items()},
            "out": str(out),
            "limits": {
                "memory_bytes": limits.memory_bytes,
                "seconds": limits.seconds,
                "address_space": limits.address_space,
                "file_bytes": limits.file_bytes,
            },
        }
        with self._lock:
            self._waiting[job_id] = waiting
            host = self._ensure_host()
            try:
                assert host.stdin is not None
                host.stdin.write(json.dumps(job).encode() + b"\n")
                host.stdin.flush()
            except OSError:
                waiting.put({"exit": None, "killed": None, "host_died": True})
        try:
            # The host kills the child at the deadline; this wait only guards the host.
            end = waiting.get(timeout=limits.seconds + 30)
        except queue.Empty:
            log.error("upload worker host does not answer; restarting it")
            host.kill()
            end = {"exit": None, "killed": None, "host_died": True, "host_hung": True}
        finally:
            with self._lock:
                self._waiting.pop(job_id, None)
        if end.get("host_died"):
            with contextlib.suppress(subprocess.TimeoutExpired):
                host.wait(timeout=10)  # reaped: the next job sees it gone and starts another
        return end


def _outcome(end: dict[str, Any], out: Path) -> Checked:
    peak, seconds = int(end.get("peak_rss") or 0), float(end.get("seconds") or 0.0)
    if end.get("killed") in (MEMORY, TIME):
        return Checked(failure=end["killed"], peak_rss=peak, seconds=seconds)
    if end.get("exit") == 3 or end.get("exit") == -signal.SIGXFSZ:
        return Checked(failure=MEMORY, peak_rss=peak, seconds=seconds)
    if end.get("exit") == -signal.SIGXCPU:
        return Checked(failure=TIME, peak_rss=peak, seconds=seconds)
    result = out / "result.json"
    if end.get("exit") != 0 or not result.is_file():
        # SIGABRT: a native reader could not allocate (RLIMIT_AS); anything else is a crash.
        failure = MEMORY if end.get("exit") == -signal.SIGABRT else CRASH
        return Checked(failure=failure, peak_rss=peak, seconds=seconds)
    body = json.loads(result.read_text(encoding="utf-8"))
    return Checked(
        [Problem(**p) for p in body["problems"]],
        body["sheets"],
        body["failure"],
        peak,
        seconds,
    )
