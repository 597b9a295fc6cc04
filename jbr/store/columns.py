"""The lineage columns every stored row carries (SPEC §3): the delivery, sheet and row it
came from, and the ministry and year it is about.

Its own module because both the tables (``schema``) and the append-only proof (``chain``,
which hashes every row with its lineage) need it, and the schema's migration to version 3
seals the history with ``chain``.

A theme whose rows name their ministry in a column of their own (``personeel``'s
``ministerie``) has ``_ministerie`` as a virtual column since schema 4: DuckDB computes
it from that column when it is read, so each row stores its ministry once. Typing gives
``_ministerie`` exactly that column's value (``casting._scope_exprs``), so every query,
view and row digest sees the values it saw when both were stored; storing the copy cost
a load of the 2 M-row personnel file 0.06 s of its 1.8 s. Rijk-wide themes (``RIJK``)
and themes whose ministry comes from a parent row keep a stored ``_ministerie``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..deliveries.declaration import Theme

LINEAGE_COLUMNS = (
    ("_delivery_id", "INTEGER NOT NULL"),
    ("_sheet", "VARCHAR"),
    ("_row", "BIGINT NOT NULL"),
    ("_ministerie", "VARCHAR NOT NULL"),
    ("_jaar", "INTEGER"),
)


def ministry_column(theme: Theme) -> str | None:
    """The theme's own column that ``_ministerie`` repeats (and is computed from), or None.

    Only where the year is the row's own too: a theme whose year came from a parent row
    would have its ``_ministerie`` taken from that parent as well
    (``validate.parents.attach_parent_scope``), not always its own column's value.
    """
    if isinstance(theme.ministry, str) and isinstance(theme.year, str):
        return theme.ministry
    return None


def lineage_ddl(theme: Theme) -> list[str]:
    """The lineage columns of the theme's table, as its CREATE TABLE declares them."""
    own = ministry_column(theme)
    return [
        f'{name} VARCHAR GENERATED ALWAYS AS ("{own}") VIRTUAL'
        if own is not None and name == "_ministerie"
        else f"{name} {kind}"
        for name, kind in LINEAGE_COLUMNS
    ]


def written_lineage(theme: Theme) -> list[str]:
    """The lineage columns an INSERT into the theme's table writes (not the virtual one)."""
    own = ministry_column(theme)
    return [n for n, _ in LINEAGE_COLUMNS if own is None or n != "_ministerie"]
