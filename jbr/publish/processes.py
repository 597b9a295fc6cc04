"""Worker processes that never run the caller's script again.

``multiprocessing``'s ``spawn`` start method prepares each child by importing the
parent's ``__main__`` again (as ``__mp_main__``): a script that calls ``jbr.build(...)``
at its top level, without an ``if __name__ == "__main__":`` guard, would run the whole
build once more in every worker (and wait for the store the parent holds). The README
shows exactly such a script, so jbr's workers must not depend on the guard.

``CLEAN_SPAWN`` is a spawn context whose processes are started as if the parent's main
module were ``__main__`` itself (``__spec__.name == "__main__"``), which multiprocessing
treats as "nothing to re-import". The workers only run functions of importable jbr
modules, so they never need the caller's main.

``kept_pool``: a pool kept for this process's next builds (the PDF worker, the site's
chart workers), replaced when it died.
"""

from __future__ import annotations

import importlib.machinery
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from multiprocessing.context import SpawnContext, SpawnProcess
from typing import Any

_lock = threading.Lock()


@contextmanager
def main_not_reimported() -> Iterator[None]:
    """While a child process starts: make multiprocessing see nothing to re-import.

    ``multiprocessing.spawn.get_preparation_data`` sends the main module's file (or
    its ``__spec__.name``) to the child, which runs it; a spec named ``__main__`` is
    skipped there (``_fixup_main_from_name``). The original spec is put back at once.
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    with _lock:
        missing = object()
        before: Any = getattr(main, "__spec__", missing)
        main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
        try:
            yield
        finally:
            if before is missing:
                del main.__spec__
            else:
                main.__spec__ = before


class CleanSpawnProcess(SpawnProcess):
    def start(self) -> None:
        with main_not_reimported():
            super().start()


class CleanSpawnContext(SpawnContext):
    """``spawn``, without re-running the caller's main module in the child."""

    Process = CleanSpawnProcess  # type: ignore[assignment]


CLEAN_SPAWN = CleanSpawnContext()


def kept_pool(
    pool: ProcessPoolExecutor | None, workers: int, first: Callable[[], object]
) -> ProcessPoolExecutor | None:
    """``pool`` again if its processes still live, else a new pool of ``workers``
    ``CLEAN_SPAWN`` processes; None where no process can be started (limits: the caller
    works in its own process). ``first`` is submitted either way: a job a new pool starts
    with (its imports), and a kept pool that cannot take it has died (a process killed,
    out of memory). The caller keeps the pool for its next builds; its processes end with
    this process (a broken pool has ended its own)."""
    try:
        if pool is not None:
            try:
                pool.submit(first)
                return pool
            except (BrokenProcessPool, RuntimeError):
                pass
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=CLEAN_SPAWN)
        pool.submit(first)
        return pool
    except OSError:
        return None


def settle(jobs: list[Future[Any]]) -> None:
    """A caller's jobs in a kept pool, done or given up: those not started are cancelled,
    the running ones waited for; the pool stays for the next build."""
    for job in jobs:
        job.cancel()
    wait(jobs)
