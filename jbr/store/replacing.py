"""What a file would replace, decided before it is stored (SPEC §3, §7).

A new delivery supersedes, for computation, exactly the (theme, ministry, year)
combinations it covers. Before a batch is stored this module says, per file, which
earlier delivery it replaces there and with how many rows (``history.Replacement``),
and whether it may: a replacement keeping fewer than half the rows needs
``allow_shrink``. It also knows which stored files are still current, so that an
identical current file is recognised by its hash alone.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb

from ..deliveries.problems import Problem
from ..deliveries.validate import CheckedSheet
from .history import Combination, Replacement, current_coverage, shrink_problem
from .insert import Pending, sheet_coverage


def current_by_hash(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """File hash → its latest delivery, for hashes whose latest delivery is still current.

    Current: no later delivery covers any (theme, ministry, year) of it.
    """
    rows = con.execute(
        """WITH latest AS (SELECT file_hash, max(delivery_id) AS delivery_id
                           FROM deliveries GROUP BY file_hash)
           SELECT l.file_hash, l.delivery_id FROM latest l
           WHERE NOT EXISTS (
               SELECT 1 FROM coverage c JOIN coverage later
                 ON later.theme = c.theme AND later.ministerie = c.ministerie
                AND later.jaar IS NOT DISTINCT FROM c.jaar AND later.delivery_id > c.delivery_id
               WHERE c.delivery_id = l.delivery_id)"""
    ).fetchall()
    return {h: int(d) for h, d in rows}


def replacements(
    con: duckdb.DuckDBPyConnection,
    files: list[tuple[Pending, list[CheckedSheet]]],
    now: datetime,
    allow_shrink: bool,
) -> list[tuple[list[Replacement], bool]]:
    """Per file (in order): what it replaces, and whether it may (shrinks only if allowed).

    As if loaded one by one: a file may replace one accepted before it in the same
    batch, under the id that file will get (``insert.insert_deliveries`` numbers the
    accepted files consecutively from the next free id; this connection is the only
    writer).
    """
    themes = {s.theme.name for _, sheets in files for s in sheets}
    state = current_coverage(con, themes)
    [(next_id,)] = con.execute(
        "SELECT coalesce(max(delivery_id), 0) + 1 FROM deliveries"
    ).fetchall()
    # what each sheet covers (counted when it was checked)
    by_part = {(s.group, s.part): sheet_coverage(con, s) for _, sheets in files for s in sheets}
    plans: list[tuple[list[Replacement], bool]] = []
    for f, sheets in files:
        covers: dict[Combination, int] = {}
        for s in sheets:
            for m, y, n in by_part.get((s.group, s.part), []):
                key = (s.theme.name, m, y)
                covers[key] = covers.get(key, 0) + n
        plan = []
        for (t, m, y), n in sorted(covers.items(), key=lambda kv: repr(kv[0])):
            if (t, m, y) in state:
                d, before, at, name = state[(t, m, y)]
                plan.append(Replacement(t, m, y, d, at, name, before, n))
        ok = allow_shrink or not any(r.shrinks for r in plan)
        if ok:
            for key, n in covers.items():
                state[key] = (next_id, n, now, f.path.name)
            next_id += 1
        plans.append((plan, ok))
    return plans


def shrink_refusals(
    path: Path, sheets: list[CheckedSheet], plan: list[Replacement], lang: str
) -> list[Problem]:
    """Why a file is refused for replacing most rows of an earlier delivery away: one
    problem per shrinking (theme, ministry, year) of its ``plan``."""
    sheet_of = {s.theme.name: s.raw.sheet for s in sheets}
    return [shrink_problem(path.name, sheet_of.get(r.theme), r, lang) for r in plan if r.shrinks]
