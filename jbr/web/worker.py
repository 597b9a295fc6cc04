"""Reading and checking an upload in a separate process, with memory and time caps.

Reading a file is where a small upload can cost a lot: one cell at XFD1048576 makes the
xlsx reader allocate 512 GiB, one at J1000000 costs 40 s and 2.4 GB. So ``jbr serve``
never reads an upload itself. A *host* process (``host()`` in a fresh interpreter, started
by the server; jbr's readers imported once) forks a fresh child for each upload. The
child caps its own address space, CPU time and file size (``setrlimit``), reads and
checks the file with jbr's own readers and validator in an in-memory DuckDB, and writes
the checked rows as Parquet next to the upload. The host watches each child's resident
memory and wall time and kills it past the caps; the server turns a killed child into a
clear problem for the supplier. None of this holds the store lock: the server takes it
only to store rows a child checked (``jbr.store.load.store_checked``).

Why a host that forks, not ``multiprocessing``: a child must start in milliseconds (a
fresh interpreter importing DuckDB and jbr takes ~2 s), fork must happen in a
single-threaded process (the server runs threads), and a child must never re-import the
program that started the server (``multiprocessing`` re-runs ``__main__``).
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import queue
import resource
import select
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..deliveries.problems import Problem

log = logging.getLogger("jbr.web")

MEMORY = "memory"  # the child passed its memory cap
TIME = "time"  # the child passed its time cap
CRASH = "crash"  # the child (or the host) died otherwise


@dataclass(frozen=True)
class Limits:
    """Caps for reading one upload (``jbr serve --upload-memory-mb/--upload-seconds/
    --upload-workers``)."""

    memory_bytes: int = 2 << 30  # resident memory of one child
    seconds: float = 120.0  # wall time of one child
    workers: int = 2  # children reading at once; more uploads wait their turn
    file_bytes: int = 8 << 30  # largest file a child may write (Parquet, spill, transcoding)

    @property
    def address_space(self) -> int:
        """The hard backstop (RLIMIT_AS): a single absurd allocation fails at once. Set
        well above ``memory_bytes`` because DuckDB and Arrow reserve address space they
        never touch; the resident memory is what the host watches."""
        return max(8 << 30, 4 * self.memory_bytes)


@dataclass
class Checked:
    """What a child found: the problems, the checked sheets as Parquet, or why it died."""

    problems: list[Problem] = field(default_factory=list)
    sheets: list[dict[str, Any]] = field(default_factory=list)  # theme, sheet, rows, file
    failure: str | None = None  # MEMORY, TIME, CRASH
    peak_rss: int = 0  # bytes, as the kernel counted it for the child
    seconds: float = 0.0


# --- the child: read and check one file -------------------------------------------------


def check_file(
    path: Path, theme: str | None, lang: str, parents: dict[str, str], out: Path, memory: int
) -> Checked:
    """Read and check ``path`` as ``jbr load`` would (in this process), parents of child
    rows from the Parquet snapshots in ``parents``; write each valid sheet's typed rows to
    ``out/part-N.parquet``."""
    import duckdb

    from ..deliveries.problems import file_problem
    from ..deliveries.read.sheet import RawSheet
    from ..deliveries.validate import check_files, errors
    from ..sql import sql_text

    out.mkdir(parents=True, exist_ok=True)
    spill = out / "spill"
    con = duckdb.connect(
        ":memory:",
        config={
            "threads": 1,  # two cores are shared with the server and the other uploads
            "memory_limit": f"{max(64 << 20, memory // 2) >> 20}MB",
            "temp_directory": str(spill),
        },
    )
    con.execute("SET enable_progress_bar = false")
    read: list[RawSheet] = []
    try:
        store_parents = {}
        for name, snapshot in parents.items():
            view = f"parent_{name}"
            con.execute(
                f"CREATE TEMP VIEW {view} AS SELECT * FROM read_parquet({sql_text(snapshot)})"
            )
            store_parents[name] = view
        [(_, sheets, problems)] = check_files(con, [path], theme, lang, store_parents, True, read)
        if any(_out_of_memory(p) for p in problems):
            return Checked(failure=MEMORY)
        if errors(problems) or not sheets:
            return Checked(problems or [file_problem(path.name, "geen_gegevens", lang)])
        written = []
        for i, s in enumerate(sheets):
            file = out / f"part-{i}.parquet"
            cols = ", ".join(f'"{c}"' for c in s.theme.column_names)
            con.execute(
                f"COPY (SELECT {cols}, _row, _ministerie, _jaar FROM {s.typed}) "
                f"TO {sql_text(str(file))} (FORMAT parquet)"
            )
            written.append(
                {"theme": s.theme.name, "sheet": s.raw.sheet, "rows": s.rows, "file": str(file)}
            )
        return Checked(problems, written)
    except duckdb.OutOfMemoryException:
        return Checked(failure=MEMORY)
    finally:
        for sheet in read:
            sheet.drop(con)
        con.close()


def _out_of_memory(p: Problem) -> bool:
    return p.rule == "bestand_onleesbaar" and "out of memory" in p.message.lower()


def _child(job: dict[str, Any]) -> None:
    """Run one job in a forked child and leave with ``os._exit`` (never returns)."""
    code = 0
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # fd 1 is the host's line to the server: keep it clean
        limits = job["limits"]
        for kind, value in (
            (resource.RLIMIT_AS, limits["address_space"]),
            (resource.RLIMIT_CPU, int(limits["seconds"]) + 1),
            (resource.RLIMIT_FSIZE, limits["file_bytes"]),
        ):
            resource.setrlimit(kind, (value, value))
        result = check_file(
            Path(job["path"]),
            job["theme"],
            job["lang"],
            job["parents"],
            Path(job["out"]),
            limits["memory_bytes"],
        )
        body = {
            "problems": [p.as_dict() for p in result.problems],
            "sheets": result.sheets,
            "failure": result.failure,
        }
        result_file = Path(job["out"]) / "result.json"
        partial = result_file.with_suffix(".part")
        partial.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        partial.replace(result_file)
    except MemoryError:
        code = 3
    except BaseException as e:  # a bug: say so in one line on stderr, the server log
        code = 4
        try:
            sys.stderr.write(f"jbr upload worker: unexpected {type(e).__name__}: {e}\n")
            sys.stderr.flush()
        except BaseException:
            pass
    os._exit(code)


# --- the host: fork a child per job, watch it, report its end --------------------------


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

    from ..deliveries import validate  # noqa: F401

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
                _child(job)
            started = time.monotonic()
            limits = job["limits"]
            running[pid] = _Running(
                job["id"], started, started + limits["seconds"], limits["memory_bytes"]
            )


# --- the server's side ------------------------------------------------------------------


class Workers:
    """The server's handle on the host: starts it when needed (again after it died), sends
    jobs, waits for their end; at most ``limits.workers`` jobs at once."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._slots = threading.BoundedSemaphore(limits.workers)
        self._lock = threading.Lock()
        self._host: subprocess.Popen[bytes] | None = None
        self._waiting: dict[int, queue.Queue[dict[str, Any]]] = {}
        self._ids = itertools.count(1)

    def start(self) -> None:
        with self._lock:
            self._ensure_host()

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
            host, self._host = self._host, None
        if host is not None and host.poll() is None:
            assert host.stdin is not None
            host.stdin.close()  # the host kills its children and leaves
            try:
                host.wait(timeout=10)
            except subprocess.TimeoutExpired:
                host.kill()
                host.wait()

    def check(
        self, path: Path, theme: str | None, lang: str, parents: dict[str, Path], out: Path
    ) -> Checked:
        """Read and check ``path`` in a child; the result, or why the child died."""
        with self._slots:
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
                end = {"exit": None, "killed": None, "host_died": True}
            finally:
                with self._lock:
                    self._waiting.pop(job_id, None)
        return _outcome(end, out)


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
