"""Records in the classification at the end of their year (SPEC §6, "One classification
per year, restated").

A year's figures show the ministries as they were on 31 December. A record of a
ministry that ceased during the year (EZK and LNV on 2 July 2024) therefore counts
under a successor, as a whole record (so counts stay whole, a median stays a median
and the Rijk total is unchanged):

- the successor the record's own key names, where the data has one: an employee's
  ministry at the first month-end after the reorganisation (``person_successors``);
  a building's main user in the building register of the year (energy, occupancy);
- otherwise the continuing successor of the code list (``voortzetting``: EZK → EZ,
  LNV → LVVN), as the records of a ministry that goes on (JenV, whose migration
  tasks moved to AenM) stay with it.

``jbr.codelists.year_end_ministry`` states the rule for one record; ``classify`` is
the same rule as an Ibis expression and ``classify_series`` for pandas.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ibis
import pandas as pd

from ..codelists import successions, year_end_ministry


def classify(ministry: Any, year: Any, key: Any = None) -> Any:
    """``ministry`` (an Ibis string column) as it counts in ``year`` (an integer column or
    a number); ``key`` an optional column naming the record's own successor."""
    expr = ministry
    year_expr = ibis.literal(int(year)) if isinstance(year, int) else year
    for s in successions():
        target = ibis.literal(s.continuation)
        if key is not None and len(s.successors) > 1:
            named = key.isin(list(s.successors)).fill_null(False)
            target = named.ifelse(key, target)
        gone = (expr == s.old) & (year_expr >= s.first_year)
        expr = gone.fill_null(False).ifelse(target, expr)
    return expr


def classify_series(
    ministry: pd.Series, year: pd.Series, key: pd.Series | None = None
) -> pd.Series:
    """:func:`classify` for pandas: only rows of a ceased ministry are looked at."""
    ceased = {s.old for s in successions()}
    out = ministry.copy()
    touched = ministry.isin(ceased)
    if not touched.any():
        return out
    keys = key[touched] if key is not None else pd.Series(None, index=ministry[touched].index)
    out[touched] = [
        year_end_ministry(m, int(y), k if isinstance(k, str) else None)
        for m, y, k in zip(ministry[touched], year[touched], keys, strict=True)
    ]
    return out


def person_successors(personeel: ibis.Table) -> ibis.Table | None:
    """Per employee of a ceased ministry that was split (EZK): the successor other than
    the continuation they were at on the first month-end after the reorganisation (KGG;
    ``_k_id``, ``_k_old``, ``_k_new``). None when no ministry was split."""
    parts = []
    for s in successions():
        if len(s.successors) < 2:
            continue  # a rename: the continuing successor is the only one
        before = s.day - dt.timedelta(days=s.day.day)  # last month-end before the day
        after = _month_end(s.day)  # the first month-end on or after it
        b = personeel.filter(
            (personeel.peildatum == ibis.date(before)) & (personeel.ministerie == s.old)
        ).select(_k_id=personeel.medewerker_id)
        # the continuation is every unkeyed record's default: only the others need a key
        others = [n for n in s.successors if n != s.continuation]
        a = personeel.filter(
            (personeel.peildatum == ibis.date(after)) & personeel.ministerie.isin(others)
        ).select(_a_id=personeel.medewerker_id, _k_new=personeel.ministerie)
        joined = b.inner_join(a, b._k_id == a._a_id)
        parts.append(
            joined.select(_k_id=joined._k_id, _k_old=ibis.literal(s.old), _k_new=joined._k_new)
        )
    if not parts:
        return None
    return ibis.union(*parts, distinct=True) if len(parts) > 1 else parts[0].distinct()


def _month_end(day: dt.date) -> dt.date:
    first_next = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first_next - dt.timedelta(days=1)


def classified(
    theme: str, table: ibis.Table, person_keys: pd.DataFrame | None = None, by_row_year: bool = True
) -> ibis.Table:
    """A current theme table with ``ministerie`` in the classification of the end of each
    row's year (``_jaar``); rows without a year are left as delivered (the caller knows
    which year they stand for). ``personeel`` gains ``_opvolger``, the employee's own
    successor (``person_keys``: :func:`person_successors` computed once), for callers
    that classify a row in another year than its own (the flows of January read December
    of the year before): they ask ``by_row_year=False`` and classify themselves."""
    if "ministerie" not in table.columns or not successions():
        return table
    key = None
    if theme == "personeel":
        if person_keys is not None and len(person_keys):
            # by the row's own year a record needs its key from the year of the split; a
            # caller classifying by another year may read the December before it too
            table = _with_person_keys(table, person_keys, 0 if by_row_year else 1)
        else:
            table = table.mutate(_opvolger=ibis.null("string"))
        key = table._opvolger
    if "_jaar" not in table.columns or not by_row_year:  # a test's hand-made table
        return table
    return table.mutate(ministerie=classify(table.ministerie, table._jaar, key))


def _with_person_keys(table: ibis.Table, person_keys: pd.DataFrame, before: int) -> ibis.Table:
    """``table`` with ``_opvolger``. Only the records of a split ministry from the year of
    its split on (``before``: years earlier) are looked up (a join over every month-end record of every year
    would cost more than the rest of the classification); the others get null."""
    keys = ibis.memtable(
        person_keys, schema={"_k_id": "string", "_k_old": "string", "_k_new": "string"}
    )
    wanted = ibis.literal(False)
    for s in successions():
        if len(s.successors) > 1:
            since = s.first_year - before
            wanted = wanted | ((table.ministerie == s.old) & (table._jaar >= since))
    rest = table.filter(~wanted).mutate(_opvolger=ibis.null("string"))
    some = table.filter(wanted)
    joined = some.left_join(
        keys, [some.medewerker_id == keys._k_id, some.ministerie == keys._k_old]
    )
    some = joined.select(*table.columns, _opvolger=joined._k_new)
    return ibis.union(rest, some.cast(rest.schema()))
