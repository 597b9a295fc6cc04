"""A job of the upload worker: the caps it runs under and what it yields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ...deliveries.problems import Problem

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
