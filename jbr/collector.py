"""The garbage collector's pace during a build, and in jbr's worker processes.

Python's cyclic collector runs a young-generation pass every 700 new container objects
and, now and then, a pass over every object the process holds. A build holds a large
heap (the imported libraries, the figures, the pages) and makes many short-lived
objects (odfpy's elements, WeasyPrint's boxes, template output), so those passes
measured 1.3 s (2,149 passes) of a full demo build's publishing stage in the build
process alone, nearly all of it finding nothing to free; in the PDF worker they cost
1.8 s of the report's 9.3 s layout. With the young generation collected every 100,000
new objects, the middle one every 20 of those passes and the old one every 10 of the
middle's, the build process's publishing spent 0.3 s in the collector (about 20
passes).

Nothing is left uncollected: the same generations are collected, only less often (the
old one at most after 20 million new container objects, and, as always, only once the
objects waiting for it are a quarter of those it holds), and reference counting still
frees at once everything that is not in a cycle. The price is some megabytes of cyclic
garbage that waits longer, also in a worker that serves many builds.

The pace is the process's (``gc.set_threshold``): builds that run at the same time in
threads of one process share it, and the caller's own pace comes back when the last of
them ends.

A foundation module: it imports nothing of jbr.
"""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

BUILD_PACE = (100_000, 20, 10)  # gc.set_threshold: young, middle, old generation

P = ParamSpec("P")
R = TypeVar("R")


_lock = threading.Lock()
_running = 0  # blocks at the build's pace now, in any thread
_callers_pace: tuple[int, ...] = ()  # the pace before the first of them began


@contextmanager
def build_pace() -> Iterator[None]:
    """The build's pace while the block runs; the caller's pace again when the last block
    running at the same time ends (a script or a server that calls ``jbr.build`` keeps its
    own settings)."""
    global _running, _callers_pace
    with _lock:
        if _running == 0:
            _callers_pace = gc.get_threshold()
            gc.set_threshold(*BUILD_PACE)
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            if _running == 0:
                gc.set_threshold(*_callers_pace)


def paced(function: Callable[P, R]) -> Callable[P, R]:
    """``function`` run at the build's pace (``build_pace``)."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with build_pace():
            return function(*args, **kwargs)

    return run


def worker_pace() -> None:
    """A jbr worker process (it only builds): the build's pace for its lifetime."""
    gc.set_threshold(*BUILD_PACE)
