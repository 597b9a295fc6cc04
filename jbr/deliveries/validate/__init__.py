"""Set-based validation of deliveries in DuckDB (SPEC §3, §7).

A ``RawSheet`` (text columns) becomes a typed table by one SQL statement
generated from the theme declaration; every rule is then one SQL query over
that table that returns *all* offending rows at once. No Python loop over rows.

The stages, one module each: ``casting`` (text → typed columns and scope),
``checks`` (the rules as SQL), ``parents`` (child rows take ministry and year
from their parent theme), ``messages`` (a finding becomes a ``Problem``) and
``run`` (reading, grouping sheets of a theme, the fast and the exact path).
"""

from __future__ import annotations

from .casting import (
    FALSE_WORDS,
    TRUE_WORDS,
    code_expr,
    datetime_expr,
    parse_expr,
    period_end_expr,
)
from .run import CheckedSheet, check_files, errors, validate_files

__all__ = [
    "FALSE_WORDS",
    "TRUE_WORDS",
    "CheckedSheet",
    "check_files",
    "code_expr",
    "datetime_expr",
    "errors",
    "parse_expr",
    "period_end_expr",
    "validate_files",
]
