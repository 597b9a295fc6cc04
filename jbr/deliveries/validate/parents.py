"""Parents: child rows (``Via``) take their ministry and year from their parent theme's rows.

A child row finds its parent among the parent sheets checked in the same call,
then in the store; a key found nowhere is the rule ``ouder_onbekend``.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ..declaration import Theme, Via
from ..read.sheet import fresh_name
from .checks import Found

STORE_PRIO = 1 << 30  # a parent found in the store ranks after any sheet checked here


@dataclass
class Parents:
    """Where child rows look for their parent: sheets checked in this call, then the store."""

    checked: dict[str, list[tuple[str, int]]]  # theme → (group relation, part) of valid sheets
    store: dict[str, str]  # theme → the store's current view
    same_file: bool  # load: a sheet's parents in this call come from its own file only


def attach_parent_scope(
    con: duckdb.DuckDBPyConnection,
    theme: Theme,
    typed: str,
    parents: Parents,
    present: set[str],
) -> tuple[list[Found], str]:
    """Take the ministry (and year) of child rows from their parent theme's rows.

    Candidates for a key: the parent sheets checked in this call (with
    ``same_file``, only those of the child's own file), earliest first, then the
    store. Candidates are gathered per ``_file`` for the keys that file uses, so
    each file gets exactly what checking it alone would give.
    """
    vias = {s.theme: s for s in (theme.ministry, theme.year) if isinstance(s, Via)}
    if not vias:
        return [], typed
    ((parent_name, via),) = vias.items()
    if via.key not in present:
        return [], typed
    key = f'"{via.key}"'
    keys = f"(SELECT DISTINCT _file, {key} AS k FROM {typed} WHERE {key} IS NOT NULL)"
    sources: dict[str, list[int]] = {}
    for relation, part in parents.checked.get(parent_name, []):
        sources.setdefault(relation, []).append(part)
    same = " AND p._file = f._file" if parents.same_file else ""
    union = [
        f"SELECT f._file, f.k, p._ministerie, p._jaar, p._part AS prio FROM {relation} p "
        f"JOIN {keys} f ON f.k = p.{key}{same} WHERE p._part IN ({', '.join(map(str, found))})"
        for relation, found in sources.items()
    ]
    if parent_name in parents.store:
        union.append(
            f"SELECT f._file, f.k, p._ministerie, p._jaar, {STORE_PRIO} AS prio "
            f"FROM {parents.store[parent_name]} p JOIN {keys} f ON f.k = p.{key}"
        )
    union.append(
        "SELECT 0 AS _file, CAST(NULL AS VARCHAR) AS k, CAST(NULL AS VARCHAR) AS _ministerie, "
        "CAST(NULL AS INTEGER) AS _jaar, 0 AS prio WHERE false"
    )
    # One candidate per (file, key, year): the earliest source (this call before the store).
    per_year = (
        f"(SELECT _file, k, _jaar, arg_min(_ministerie, prio) AS _ministerie "
        f"FROM ({' UNION ALL '.join(union)}) GROUP BY _file, k, _jaar)"
    )
    latest = (
        "(SELECT _file, k, arg_max(_ministerie, coalesce(_jaar, 0)) AS _ministerie, "
        "max(_jaar) AS _jaar FROM per_year GROUP BY _file, k)"
    )
    scoped = fresh_name("typed")
    if not isinstance(theme.year, Via):
        con.execute(f"""CREATE TEMP TABLE {scoped} AS
            WITH per_year AS {per_year}, latest AS {latest}
            SELECT t.* EXCLUDE (_ministerie), coalesce(e._ministerie, l._ministerie) AS _ministerie
            FROM {typed} t
            LEFT JOIN per_year e ON e._file = t._file AND e.k = t.{key} AND e._jaar = t._jaar
            LEFT JOIN latest l ON l._file = t._file AND l.k = t.{key}""")
    else:
        con.execute(f"""CREATE TEMP TABLE {scoped} AS
            WITH per_year AS {per_year}, latest AS {latest}
            SELECT t.* EXCLUDE (_ministerie, _jaar), l._ministerie, l._jaar
            FROM {typed} t LEFT JOIN latest l ON l._file = t._file AND l.k = t.{key}""")
    missing = con.execute(
        f'SELECT _part, _row, "{via.key}__raw" FROM {scoped} '
        f"WHERE {key} IS NOT NULL AND _ministerie IS NULL"
    ).fetchall()
    return [Found(p, r, via.key, v, "ouder_onbekend", parent_name) for p, r, v in missing], scoped
