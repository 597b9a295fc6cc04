"""Checking: every rule of a theme as one set-based SQL query over the typed table.

Column rules (required, type, range, length, code, value list), the ministry's
validity on the row's date, the theme's declared row and cross-row rules, and the
duplicate key. ``run_checks`` counts all row rules in one scan and fetches rows
only of the rules that fired. Also the header rules (unknown and missing columns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import duckdb

from ...codelists import ministries
from ...sql import sql_text
from ..declaration import Column, Theme
from ..numbers import DOUBTFUL, NUMBER_TYPES
from ..problems import WARNING, Problem, problem
from ..read.sheet import RawSheet
from .casting import DUTCH_DATETIME, ISO_DATETIME, TYPE_RULES, Notations


@dataclass
class Found:
    part: int
    row: int
    column: str
    value: str | None
    rule: str
    detail: str | None


@dataclass(frozen=True)
class Check:
    """One rule on one column: a row predicate, or (cross-row rules) a full query."""

    tag: str  # "rule|column"
    predicate: str | None = None  # SQL boolean over one typed row
    value: str = "NULL"  # SQL for the reported value
    detail: str = "NULL"  # SQL for extra message fields
    query: str | None = None  # SELECT _part, _row, value, detail (for cross-row rules)
    count: str | None = None  # aggregate that is 0 when ``query`` cannot find anything
    # The typed columns ``predicate`` reads (``_jaar``, ``_ministerie`` included); None
    # when not known. The dictionary path judges such a rule on the distinct combinations
    # of these columns' values instead of on every row.
    reads: frozenset[str] | None = None

    def sql(self, typed: str) -> str:
        if self.query is not None:
            return self.query
        return (
            f"SELECT _part, _row, {self.value}, {self.detail} FROM {typed} WHERE {self.predicate}"
        )


def _ministry_valid(code: str, day: str) -> str:
    """SQL: ministry ``code`` exists on ``day`` (inlined from the dated code list)."""
    limited = [m for m in ministries() if m.valid_from.year > 1900 or m.valid_to is not None]
    if not limited:
        return "true"
    cases = " ".join(
        f"WHEN {sql_text(m.code)} THEN {day} BETWEEN DATE '{m.valid_from}' AND DATE '{m.valid_to or '9999-12-31'}'"
        for m in limited
    )
    return f"CASE {code} {cases} ELSE true END"


def rule_checks(
    theme: Theme,
    present: set[str],
    typed: str,
    native: set[str] | None = None,
    notations: Notations | None = None,
    scope: str = "all",
) -> list[Check]:
    """Every column rule and declared rule of ``theme`` for the columns present.

    Cross-row rules group by ``_part`` too: each sheet is checked on its own rows.
    ``native``: columns typed by the CSV reader itself (fast path): they have no
    text to check, parse errors cannot occur, and empty means NULL. ``notations``:
    the decimal sign each part's number columns were read with (for the message).
    The order of the rules is the order in which a cell's problems are reported.
    ``scope``: ``columns`` the rules on one cell, ``rows`` the rules over several cells
    or rows (the dictionary path checks cells by their distinct values), ``all`` both.
    """
    native = native or set()
    notations = notations or {}
    out: list[Check] = []
    for col in theme.columns:
        if col.name not in present or scope == "rows":
            continue
        raw, val = f'"{col.name}__raw"', f'"{col.name}"'
        if col.name in native:
            out += _native_checks(col, val)
        elif col.type in NUMBER_TYPES:
            out += _number_checks(col, val, raw, notations)
        else:
            out += _text_checks(col, val, raw)
    if scope == "columns":
        return out
    out += _ministry_checks(theme, present)
    out += _declared_checks(theme, present, typed)
    if theme.key and all(k in present for k in theme.key):
        out = _key_checks(theme, typed, out)
    return out


def _native_checks(col: Column, val: str) -> list[Check]:
    """A column the reader typed (fast path): no text, so no parse rules; empty is NULL."""
    out = []
    if col.required:
        out.append(Check(f"verplicht|{col.name}", f"{val} IS NULL"))
    if col.type == "number":  # the reader accepts inf/nan, the text path does not
        out.append(Check(f"type_getal|{col.name}", f"NOT isfinite({val})"))
    if col.minimum is not None:
        out.append(Check(f"te_klein|{col.name}", f"{val} < {col.minimum}"))
    if col.maximum is not None:
        out.append(Check(f"te_groot|{col.name}", f"{val} > {col.maximum}"))
    return out


def _text_checks(col: Column, val: str, raw: str) -> list[Check]:
    """A column typed from its text (not a number): required, parses, range, length."""
    unparsed = f"{raw} IS NOT NULL AND {val} IS NULL"
    out = []
    if col.required:
        out.append(Check(f"verplicht|{col.name}", f"{raw} IS NULL"))
    if col.is_code:
        out.append(Check(f"code_onbekend|{col.name}", unparsed, raw))
    elif col.values:
        out.append(Check(f"waarde_onbekend|{col.name}", unparsed, raw))
    elif col.type == "date":
        shaped = f"regexp_full_match({raw}, '\\d{{4}}-\\d{{1,2}}-\\d{{1,2}}|\\d{{1,2}}-\\d{{1,2}}-\\d{{4}}')"
        out.append(Check(f"datum_bestaat_niet|{col.name}", f"{unparsed} AND {shaped}", raw))
        out.append(Check(f"type_datum|{col.name}", f"{unparsed} AND NOT {shaped}", raw))
    elif col.type == "datetime":
        shaped = f"regexp_full_match({raw}, '{ISO_DATETIME}|{DUTCH_DATETIME}')"
        out.append(Check(f"datumtijd_bestaat_niet|{col.name}", f"{unparsed} AND {shaped}", raw))
        out.append(Check(f"type_datumtijd|{col.name}", f"{unparsed} AND NOT {shaped}", raw))
    elif col.type in TYPE_RULES:
        out.append(Check(f"{TYPE_RULES[col.type]}|{col.name}", unparsed, raw))
    if col.minimum is not None:
        out.append(Check(f"te_klein|{col.name}", f"{val} < {col.minimum}", raw))
    if col.maximum is not None:
        out.append(Check(f"te_groot|{col.name}", f"{val} > {col.maximum}", raw))
    if col.max_length is not None:
        out.append(Check(f"te_lang|{col.name}", f"length({val}) > {col.max_length}", raw))
    return out


def _ministry_checks(theme: Theme, present: set[str]) -> list[Check]:
    """The ministry code exists on the row's date (``code_date``, else 31 December)."""
    if not (isinstance(theme.ministry, str) and theme.ministry in present):
        return []
    day = f'"{theme.code_date}"' if theme.code_date else "make_date(_jaar, 12, 31)"
    code = f'"{theme.ministry}"'
    return [
        Check(
            f"ministerie_niet_geldig|{theme.ministry}",
            f"{day} IS NOT NULL AND NOT ({_ministry_valid(code, day)})",
            f'"{theme.ministry}__raw"',
            f"CAST({day} AS VARCHAR)",
            reads=frozenset({theme.ministry, theme.code_date or "_jaar"}),
        )
    ]


_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _reads(theme: Theme, predicate: str) -> frozenset[str] | None:
    """The theme's columns a declared row predicate names; None when it may read more.

    Every word of the SQL that is a column name counts (a function of that name too:
    more columns than read is safe). A word naming a typed table's other columns (``x__raw``,
    ``_row``, ``_part``...) makes the answer unknown.
    """
    names = set(theme.column_names) | {"_jaar", "_ministerie"}
    words = {w.lower() for w in _WORD.findall(predicate)}
    if any("__" in w or (w.startswith("_") and w not in names) for w in words):
        return None
    return frozenset(words & names)


def _declared_checks(theme: Theme, present: set[str], typed: str) -> list[Check]:
    """The theme's own rules (``RowCheck``); ``group_by`` makes one a cross-row query."""
    out = []
    for i, check in enumerate(theme.checks):
        if check.column not in present or not set(check.group_by) <= present:
            continue
        raw = f'"{check.column}__raw"'
        if check.group_by:
            keys = ", ".join(["_part"] + [f'"{k}"' for k in check.group_by])
            out.append(
                Check(
                    f"check{i}|{check.column}",
                    query=f"""
                WITH bad AS (SELECT {keys} FROM {typed} GROUP BY {keys} HAVING {check.condition})
                SELECT _part, _row, {raw}, NULL FROM {typed} SEMI JOIN bad USING ({keys})""",
                )
            )
        else:
            out.append(
                Check(
                    f"check{i}|{check.column}",
                    f"({check.condition})",
                    raw,
                    reads=_reads(theme, check.condition),
                )
            )
    return out


def _key_checks(theme: Theme, typed: str, out: list[Check]) -> list[Check]:
    """``out`` with the duplicate-key rule added (the key's columns are all present).

    A cross-row rule grouped by (a superset of) the key can only fire on a
    duplicated key: it then counts duplicates in the first scan and looks further
    only when there are any.
    """
    key = ", ".join(["_part"] + [f'"{k}"' for k in theme.key])
    duplicates = f"count(*) - count(DISTINCT ({key}))"
    out = [
        Check(c.tag, query=c.query, count=duplicates)
        if c.query is not None and _groups_by_key(theme, c.tag)
        else c
        for c in out
    ]
    first = f'"{theme.key[0]}__raw"'
    # Rows whose key did not parse already have their own problem.
    not_null = " AND ".join(f'"{k}" IS NOT NULL' for k in theme.key if theme.column(k).required)
    where = f"WHERE {not_null}" if not_null else ""
    # Duplicated keys by aggregation first; the window then runs on those rows only.
    out.append(
        Check(
            f"sleutel_dubbel|{theme.key[0]}",
            count=duplicates,
            query=f"""
            WITH dup AS (SELECT {key} FROM {typed} {where} GROUP BY {key} HAVING count(*) > 1),
                 rows AS (SELECT t.* FROM {typed} t SEMI JOIN dup USING ({key}))
            SELECT _part, _row, _value,
                   CAST(CASE WHEN _row = first_row THEN second_row ELSE first_row END AS VARCHAR)
            FROM (SELECT _part, _row, coalesce({first}, CAST("{theme.key[0]}" AS VARCHAR)) AS _value,
                         min(_row) OVER w AS first_row,
                         nth_value(_row, 2) OVER (w ORDER BY _row ROWS BETWEEN UNBOUNDED PRECEDING
                                                  AND UNBOUNDED FOLLOWING) AS second_row
                  FROM rows WINDOW w AS (PARTITION BY {key}))""",
        )
    )
    return out


def _number_checks(col: Column, val: str, raw: str, notations: Notations) -> list[Check]:
    """A number column's rules, judged by each cell's shape (``__vorm``), not its text.

    The shape is NULL for an empty cell and for a machine-written number; so the fast
    path, which keeps no text for numbers, checks exactly what the exact path does.
    """
    shape = f'"{col.name}__vorm"'
    doubtful = f"{shape} = {DOUBTFUL} AND {val} IS NULL"
    used = {p: sign for (p, name), sign in notations.items() if name == col.name and sign}
    sign = (
        "CASE _part " + " ".join(f"WHEN {p} THEN {sql_text(v)}" for p, v in used.items()) + " END"
        if used
        else "NULL"
    )
    out = []
    if col.required:
        out.append(Check(f"verplicht|{col.name}", f"{val} IS NULL AND {shape} IS NULL"))
    out.append(Check(f"getal_dubbelzinnig|{col.name}", doubtful, raw, sign))
    not_a_number = f"{val} IS NULL AND {shape} IS NOT NULL AND {shape} <> {DOUBTFUL}"
    out.append(Check(f"{TYPE_RULES[col.type]}|{col.name}", not_a_number, raw))
    if col.minimum is not None:
        out.append(Check(f"te_klein|{col.name}", f"{val} < {col.minimum}", raw))
    if col.maximum is not None:
        out.append(Check(f"te_groot|{col.name}", f"{val} > {col.maximum}", raw))
    return out


def _groups_by_key(theme: Theme, tag: str) -> bool:
    rule = tag.split("|")[0]
    if not rule.startswith("check"):
        return False
    return set(theme.key) <= set(theme.checks[int(rule[5:])].group_by)


def run_checks(con: duckdb.DuckDBPyConnection, checks: list[Check], typed: str) -> list[tuple]:
    """(tag, part, row, value, detail) for every violation.

    Phase 1 counts every row rule in one aggregate scan; phase 2 fetches the rows
    only of rules that fired, plus the cross-row rules. A valid file costs one scan.
    """
    simple = [c for c in checks if c.query is None]
    counted = [c for c in checks if c.query is not None and c.count is not None]
    fired: list[Check] = [c for c in checks if c.query is not None and c.count is None]
    aggregates = [f"count(*) FILTER (WHERE {c.predicate})" for c in simple]
    aggregates += [c.count for c in counted if c.count]
    if aggregates:
        [counts] = con.execute(f"SELECT {', '.join(aggregates)} FROM {typed}").fetchall()
        fired += [c for c, n in zip(simple + counted, counts, strict=True) if n]
    if not fired:
        return []
    union = " UNION ALL ".join(
        f"SELECT {sql_text(c.tag)} AS tag, * FROM ({c.sql(typed)})" for c in fired
    )
    return con.execute(union).fetchall()


def any_fires(con: duckdb.DuckDBPyConnection, checks: list[Check], typed: str) -> bool:
    """Whether any of ``checks`` finds a row: ``run_checks`` without fetching the rows."""
    simple = [c for c in checks if c.query is None]
    counted = [c for c in checks if c.query is not None and c.count is not None]
    aggregates = [f"count(*) FILTER (WHERE {c.predicate})" for c in simple]
    aggregates += [c.count for c in counted if c.count]
    if aggregates:
        [counts] = con.execute(f"SELECT {', '.join(aggregates)} FROM {typed}").fetchall()
        if any(counts):
            return True
    # a counted rule with a count of 0 cannot find anything; the others are asked
    return any(
        con.execute(f"SELECT 1 FROM ({c.sql(typed)}) LIMIT 1").fetchall()
        for c in checks
        if c.query is not None and c.count is None
    )


def header_problems(sheet: RawSheet, lang: str) -> tuple[set[str], list[Problem]]:
    """The columns of the theme present in ``sheet``; unknown and missing columns."""
    theme = sheet.theme
    problems: list[Problem] = []
    present = set(sheet.columns) & set(theme.column_names)
    for name in sheet.columns:
        if name not in theme.column_names:
            problems.append(
                problem(
                    sheet.label,
                    sheet.sheet,
                    1,
                    name,
                    None,
                    "kolom_onbekend",
                    lang,
                    WARNING,
                    column=name,
                    theme=theme.name,
                )
            )
    for col in theme.columns:
        if col.required and col.name not in present:
            problems.append(
                problem(
                    sheet.label,
                    sheet.sheet,
                    1,
                    col.name,
                    None,
                    "kolom_ontbreekt",
                    lang,
                    column=col.name,
                    theme=theme.name,
                )
            )
    return present, problems
