"""The lineage columns every stored row carries (SPEC §3): the delivery, sheet and row it
came from, and the ministry and year it is about.

Its own module because both the tables (``schema``) and the append-only proof (``chain``,
which hashes every row with its lineage) need it, and the schema's migration to version 3
seals the history with ``chain``.
"""

from __future__ import annotations

LINEAGE_COLUMNS = (
    ("_delivery_id", "INTEGER NOT NULL"),
    ("_sheet", "VARCHAR"),
    ("_row", "BIGINT NOT NULL"),
    ("_ministerie", "VARCHAR NOT NULL"),
    ("_jaar", "INTEGER"),
)
