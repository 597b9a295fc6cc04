"""The server's single door to the store: one DuckDB user at a time, caches by store state.

DuckDB allows one writing process per file, and two database instances in one process
must not open the same file at once. So every store access of the server goes through
``StoreGate.lock`` (uploads queue on it instead of failing), connections are opened per
use and closed again (``jbr publish`` or ``jbr token create`` in another process get
their turn), and whatever the server reads often (published figures, tokens) is cached
under the store's *state*: the size, mtime and inode of the store file and its WAL. Any
change to the store, by this server or another process, changes the state and empties
the cache.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..store.load import StoreError
from .worker import Limits

T = TypeVar("T")
CACHE_ENTRIES = 1024
BUSY_WAIT_S = 30.0  # how long a write waits for another process that holds the store


@dataclass
class Settings:
    db: Path
    out: Path = Path("out")  # jbr build --out: site/ and opendata/ are served from here
    max_upload_bytes: int = 200 * 1024 * 1024
    uploads: Path | None = None  # default: <store dir>/uploads (outside the web root)
    lang: str = "nl"
    upload_limits: Limits = field(default_factory=Limits)  # the worker reading an upload
    behind_proxy: bool = False  # TLS ends at a reverse proxy: cookies Secure, HSTS
    sign_in_attempts: int = 10  # failed sign-ins per client address in 5 minutes

    @property
    def upload_dir(self) -> Path:
        return self.uploads or self.db.resolve().parent / "uploads"


def _stat(path: Path) -> tuple[int, int, int]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return (0, 0, 0)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


@dataclass
class StoreGate:
    db: Path
    lock: threading.RLock = field(default_factory=threading.RLock)
    _cache: OrderedDict[Any, Any] = field(default_factory=OrderedDict)
    _cache_state: tuple | None = None
    _cache_lock: threading.Lock = field(default_factory=threading.Lock)

    def state(self) -> tuple:
        return _stat(self.db) + _stat(self.db.with_name(self.db.name + ".wal"))

    MISSING = object()

    def peek(self, key: Any) -> Any:
        """The cached value for ``key`` in the current store state, or ``StoreGate.MISSING``;
        never touches the store (safe on the event loop)."""
        state = self.state()
        with self._cache_lock:
            if state == self._cache_state and key in self._cache:
                return self._cache[key]
        return self.MISSING

    def remember(self, key: Any, value: Any, state: tuple) -> None:
        """Store ``value``, computed from what the cache held in ``state`` (taken before
        computing), unless the cache has moved on to a newer state since."""
        with self._cache_lock:
            if state == self._cache_state:
                self._cache[key] = value

    def cached(self, key: Any, make: Callable[[], T]) -> T:
        """``make()`` once per store state (run under the store lock)."""
        state = self.state()
        with self._cache_lock:
            if state != self._cache_state:
                self._cache.clear()
                self._cache_state = state
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[no-any-return]
        with self.lock:
            value = make()
        with self._cache_lock:
            if self._cache_state == state:
                self._cache[key] = value
                while len(self._cache) > CACHE_ENTRIES:
                    self._cache.popitem(last=False)
        return value

    def retry_busy(self, action: Callable[[], T]) -> T:
        """Run ``action`` (under the lock), retrying while another process holds the store."""
        deadline = time.monotonic() + BUSY_WAIT_S
        delay = 0.05
        while True:
            try:
                with self.lock:
                    return action()
            except StoreError as e:
                if "in gebruik" not in str(e) or time.monotonic() > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)
