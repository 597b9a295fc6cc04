"""The run: read deliveries, then type, scope and check their sheets theme by theme.

Sheets of the same theme from many files are checked together: their rows are
stacked (``_part`` = the sheet, ``_file`` = its file) into one typed table, so a
hundred small deliveries cost one typing statement and one check scan instead of
a hundred of each. Every cross-row rule groups by ``_part``, so a sheet's result
is exactly what checking it alone would give. Clean files first try the fast path
(the reader's own types); any finding sends them down the exact path over the text.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ...sql import sql_text
from ..declaration import Theme
from ..problems import ERROR, Problem, file_problem
from ..read import read_delivery
from ..read.sheet import RawSheet, fresh_name, short_reason
from ..read.sniff import Bytes
from ..themes import THEMES, load_order
from .casting import Part, type_table
from .checks import Found, any_fires, header_problems, rule_checks, run_checks
from .messages import problem_for
from .parents import Parents, attach_parent_scope

FAST_PATH = True  # clean CSVs are typed by DuckDB's reader; see _native_typed
SOLO_FILE_BYTES = 1 << 20  # checked on its own: fast path (CSV), no staged copy


@dataclass
class CheckedSheet:
    """A sheet that passed reading; ``typed`` holds typed columns, lineage and scope.

    ``typed`` is this sheet's rows of ``group``, the table typed for all sheets of
    the theme checked together, in which the sheet is ``_part = part``.
    """

    raw: RawSheet
    typed: str
    rows: int
    group: str = ""
    part: int = 0
    # rows per (ministry, year), ordered as SQL orders them (NULL last); None: not counted
    coverage: list[tuple[str, int | None, int]] | None = None
    alone: bool = False  # ``group`` holds this sheet's rows only (read without a filter)

    @property
    def theme(self) -> Theme:
        return self.raw.theme


PartResult = tuple[CheckedSheet | None, list[Problem]]


def _check_group(
    con: duckdb.DuckDBPyConnection,
    theme: Theme,
    parts: list[Part],
    present: set[str],
    fast: bool,
    parents: Parents,
    lang: str,
) -> dict[int, PartResult]:
    """Type, scope and check sheets of one theme with the same columns, together.

    ``fast``: no header problems; sheets read by a typed reader try that first.
    """
    results: dict[int, PartResult] = {}
    typed: str | None = None
    found: list[Found] = []
    fired = False  # a faster path found a problem: only the exact path reports it
    coverage: dict[int, list[tuple[str, int | None, int]]] | None = None
    if fast and FAST_PATH and len(parts) == 1:
        from . import dictionary

        if dictionary.applies(parts[0].sheet):
            typed, fired, counted = dictionary.dictionary_typed(con, theme, parts[0], present)
            if counted is not None:
                coverage = {parts[0].index: counted}
    if typed is None and not fired and fast and FAST_PATH and _native_together(parts):
        typed = _native_typed(con, theme, parts, present)
    if typed is None:
        for part in parts:
            if not part.source:
                part.source, part.numbered = part.sheet.source, part.sheet.numbered
        if len(parts) > 1:
            parts = [p for p in parts if _stage(con, p, lang, results)]
        if not parts:
            return results
        table = fresh_name("typed")
        try:
            notations = type_table(con, theme, parts, table)
        except duckdb.Error as e:  # a malformed CSV shows itself while it is read
            if len(parts) > 1:  # find the culprit: each sheet on its own
                for part in parts:
                    results.update(_check_group(con, theme, [part], present, False, parents, lang))
                return results
            sheet = parts[0].sheet
            problem = file_problem(
                sheet.label, "bestand_onleesbaar", lang, sheet.sheet, reason=short_reason(e)
            )
            return {parts[0].index: (None, [problem])}
        typed = table if parts[0].numbered else _row_view(con, parts[0].sheet, table)
        if parts[0].numbered:
            parts[0].sheet.tables.append(table)
        found = [
            Found(part, row, tag.split("|")[1], value, tag.split("|")[0], detail)
            for tag, part, row, value, detail in run_checks(
                con, rule_checks(theme, present, typed, notations=notations), typed
            )
        ]
    parent_found, scoped = attach_parent_scope(con, theme, typed, parents, present)
    if scoped != typed:
        parts[0].sheet.tables.append(scoped)
        typed = scoped
        coverage = None  # the rows' ministry and year came from their parents
    found += parent_found
    if coverage is None:  # what each sheet covers, counted once (the store needs it too)
        coverage = {}
        for part_index, ministry, year, n in con.execute(
            f"SELECT _part, _ministerie, _jaar, count(*) FROM {typed} GROUP BY ALL "
            "ORDER BY _part, _ministerie, _jaar"
        ).fetchall():
            coverage.setdefault(part_index, []).append((ministry, year, n))
    counts = {p: sum(n for _, _, n in covered) for p, covered in coverage.items()}
    order = theme.column_names.index
    found.sort(key=lambda f: (f.part, f.row, order(f.column)))
    by_part: dict[int, list[Found]] = {}
    for f in found:
        by_part.setdefault(f.part, []).append(f)
    for part in parts:
        sheet, rows = part.sheet, int(counts.get(part.index, 0))
        problems = []
        if rows == 0:
            problems.append(file_problem(sheet.label, "geen_gegevens", lang, sheet.sheet))
        problems += [problem_for(sheet, f, lang) for f in by_part.get(part.index, [])]
        relation = f"(SELECT * FROM {typed} WHERE _part = {part.index})"
        checked = CheckedSheet(
            sheet, relation, rows, typed, part.index, coverage.get(part.index, []), len(parts) == 1
        )
        results[part.index] = (checked, problems)
    return results


def _stage(
    con: duckdb.DuckDBPyConnection, part: Part, lang: str, results: dict[int, PartResult]
) -> bool:
    """Give ``part`` a ``_row`` (its rows copied into a temp table); False when unreadable."""
    sheet = part.sheet
    if part.numbered:
        return True
    table = fresh_name("raw")
    try:
        con.execute(f"CREATE TEMP TABLE {table} AS SELECT * FROM {sheet.source}")
    except duckdb.Error as e:
        problem = file_problem(
            sheet.label, "bestand_onleesbaar", lang, sheet.sheet, reason=short_reason(e)
        )
        results[part.index] = (None, [problem])
        return False
    sheet.tables.append(table)
    part.source = f"(SELECT rowid + {sheet.first_row} AS _row, * FROM {table})"
    part.numbered = True
    return True


def _row_view(con: duckdb.DuckDBPyConnection, sheet: RawSheet, table: str) -> str:
    """A view adding ``_row`` and leaving out blank rows.

    rowid follows insertion (= file) order, so it gives the user's row number; blank
    rows are left out after numbering, so the other rows keep theirs.
    """
    sheet.tables.append(table)
    view = table + "_v"
    con.execute(
        f"CREATE TEMP VIEW {view} AS SELECT * EXCLUDE (_leeg) FROM "
        f"(SELECT rowid + {sheet.first_row} AS _row, * FROM {table}) WHERE NOT _leeg"
    )
    sheet.views.append(view)
    return view


def _native_together(parts: list[Part]) -> bool:
    """The fast path applies: typed sources, the same typed columns, rows numbered when many."""
    sheets = [p.sheet for p in parts]
    if not all(s.native_source for s in sheets):
        return False
    if len({s.native_columns for s in sheets}) != 1:
        return False
    return len(sheets) == 1 or all(s.native_numbered for s in sheets)


def _native_typed(
    con: duckdb.DuckDBPyConnection, theme: Theme, parts: list[Part], present: set[str]
) -> str | None:
    """Fast path for clean files: the reader's own types (DuckDB's CSV reader, Parquet).

    Dates are parsed by the reader itself (CSV: ISO dates), and typed Parquet columns
    are taken as typed; numbers written as text are read exactly as on the exact path.
    If that read fails, or any rule fires, the caller takes the exact path over the
    text, which reports each problem with the value as written. So the fast path never
    changes what is reported, only how fast a clean file is stored.
    """
    sheet = parts[0].sheet
    table = fresh_name("typed")
    try:
        type_table(con, theme, parts, table, native=True)
    except duckdb.Error:
        return None
    if sheet.native_numbered:
        sheet.tables.append(table)
        typed, view = table, None
    else:
        typed = view = _row_view(con, sheet, table)
    if any_fires(con, rule_checks(theme, present, typed, native=set(sheet.native_columns)), typed):
        if view is not None:
            con.execute(f"DROP VIEW {view}")
            sheet.views.remove(view)
        con.execute(f"DROP TABLE {table}")
        sheet.tables.remove(table)
        return None
    return typed


def check_files(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    theme: str | None = None,
    lang: str = "nl",
    store_parents: dict[str, str] | None = None,
    same_file_parents: bool = False,
    read: list[RawSheet] | None = None,
    scans: Mapping[Path, Bytes | None] | None = None,
) -> list[tuple[Path, list[CheckedSheet], list[Problem]]]:
    """Read and check files; returns per file its sheets and problems.

    Sheets of one theme are checked together, parents' themes first. A child row
    finds its parent in the parent sheets checked here (``same_file_parents``: only
    in its own file, as when files are loaded one by one) and then in
    ``store_parents``. ``read`` collects every sheet read, for the caller to drop;
    ``scans`` holds CSV files' ``sniff.scan`` the caller made already (None: scan
    it here).
    """
    raws: list[tuple[Path, list[RawSheet], list[Problem]]] = []
    for path in paths:
        scanned = (scans or {}).get(Path(path))
        sheets, problems = read_delivery(con, Path(path), theme, lang, scanned)
        raws.append((Path(path), sheets, problems))
        if read is not None:
            read += sheets
    flat = [(f, s) for f, (_, sheets, _) in enumerate(raws) for s in sheets]
    ranked = load_order(list(THEMES))
    flat.sort(key=lambda fs: ranked.index(fs[1].theme.name))  # parents before children
    parents = Parents({}, store_parents or {}, same_file_parents)
    checked: list[list[CheckedSheet]] = [[] for _ in raws]
    found: list[list[Problem]] = [list(probs) for _, _, probs in raws]
    numbers = itertools.count()
    for _, items in itertools.groupby(flat, key=lambda fs: fs[1].theme.name):
        parts = [Part(next(numbers), f, s) for f, s in items]
        theme_ = parts[0].sheet.theme
        headers = {p.index: header_problems(p.sheet, lang) for p in parts}
        groups: dict[tuple, list[Part]] = {}
        for p in parts:
            present, problems = headers[p.index]
            big = p.sheet.path.stat().st_size >= SOLO_FILE_BYTES
            groups.setdefault((frozenset(present), p.index if big else -1), []).append(p)
        results: dict[int, PartResult] = {}
        for (present, _), members in groups.items():
            fast = not any(headers[m.index][1] for m in members)
            results.update(_check_group(con, theme_, members, set(present), fast, parents, lang))
        for p in parts:
            result, problems = results[p.index]
            problems = headers[p.index][1] + problems
            found[p.file] += problems
            if result is not None:
                checked[p.file].append(result)
                if not any(x.is_error for x in problems):
                    parents.checked.setdefault(theme_.name, []).append((result.group, p.index))
    return [(path, checked[f], found[f]) for f, (path, _, _) in enumerate(raws)]


def validate_files(
    paths: list[Path], lang: str = "nl", theme: str | None = None, db: Path | None = None
) -> list[Problem]:
    """Check deliveries without storing them; parents may come from ``db`` if it exists."""
    con = duckdb.connect()
    read: list[RawSheet] = []  # dropped at the end: their temp files (a transcoded CSV)
    try:
        store_parents: dict[str, str] = {}
        if db is not None and Path(db).exists():
            con.execute(f"ATTACH {sql_text(str(db))} AS store (READ_ONLY)")
            store_parents = {
                name: f"store.current_{name}"
                for name in THEMES
                if any(THEMES[child].parents == (name,) for child in THEMES)
            }
        results = check_files(con, [Path(p) for p in paths], theme, lang, store_parents, read=read)
        return [p for _, _, problems in results for p in problems]
    finally:
        for sheet in read:
            sheet.drop(con)
        con.close()


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]
