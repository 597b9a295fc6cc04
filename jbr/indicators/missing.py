"""What is no value in a computation's result row, and why a value may be empty.

Read where result rows become published figures (:mod:`.values`, :mod:`.targets`),
which a process that only reads figures imports too: pandas is imported only when a
row is read.
"""

from __future__ import annotations

from typing import Any

# Why a value is empty, the keys a result row's ``reason`` may hold (e.g. a trend that
# does not fall).
REASONS = ("not_falling", "beyond_horizon")


def present(value: Any) -> bool:
    """A value in a result row: not None, not NaN (nor pandas' NA or NaT)."""
    import pandas as pd  # loaded already wherever result rows exist

    return value is not None and not pd.isna(value)
