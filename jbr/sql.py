"""SQL spelling shared by every stage: literals, identifiers and the column types of the
theme declarations (``deliveries.declaration.ColumnType``) as DuckDB stores them.

A foundation module: it imports nothing of jbr, so the validator, the store and the web
upload path can all use it without depending on each other.
"""

from __future__ import annotations

# The DuckDB type of each declared column type: the validator casts to it, the store's
# tables are created with it.
SQL_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "boolean": "BOOLEAN",
    "year": "INTEGER",
    "code": "VARCHAR",
}


def sql_text(text: str) -> str:
    """``text`` as a SQL string literal (single quotes doubled)."""
    return "'" + text.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """``name`` as a quoted SQL identifier (double quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'
