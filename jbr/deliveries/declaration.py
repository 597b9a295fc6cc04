"""The vocabulary in which every delivery theme is declared (SPEC §3).

A theme is data: its columns, types, code lists, keys, scope and cross-row
checks. The validator, the Excel template, the Frictionless Table Schema and
the docs are all derived from these declarations, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["string", "integer", "number", "date", "datetime", "boolean", "year", "code"]


def declared(lang: str, nl: str, en: str) -> str:
    """A text a theme declares itself, in ``lang``.

    A theme's own texts (its columns' help, its checks' messages, what a row is) are
    declared beside what they describe (``themes/``), both languages together, so that
    a new column cannot come without its help; texts shared by all themes are in the
    catalogue (``jbr/locale``). Dutch unless ``lang`` is "en".
    """
    return en if lang == "en" else nl


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    help_nl: str
    help_en: str
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    codelist: str | None = None  # for type "code": name in jbr.codelists.codelist()
    values: tuple[str, ...] = ()  # for a closed set of plain strings (enum)
    max_length: int | None = None
    example: str = ""
    # For type "number": the most decimals a value has (euro amounts: 2, cents). A
    # column of at most two decimals reads a lone separator before three digits as a
    # thousands separator (see ``numbers``); None: no limit declared.
    decimals: int | None = None
    # For type "datetime": this column ends a period that starts at column ``ends``.
    # When neither is written with a time of day, the period includes the whole day
    # of this column, and the column is stored as the next midnight, so every stored
    # period is the half-open interval [start, end) (see ``validate.period_end_expr``).
    ends: str | None = None

    @property
    def is_code(self) -> bool:
        return self.type == "code"

    def help(self, lang: str = "nl") -> str:
        """The column's help text in ``lang``."""
        return declared(lang, self.help_nl, self.help_en)


@dataclass(frozen=True)
class RowCheck:
    """A rule over one row or a group of rows, run set-based in DuckDB.

    ``bad_when`` is a SQL boolean over the typed columns of one row; with
    ``group_by`` it is an aggregate condition over each group (a cross-row rule)
    and every row of an offending group is reported. The problem is reported on
    ``column`` with that column's raw value. A rule whose SQL needs a code list's data
    (every known airport) gives a function that makes it, called when the rule first runs:
    then a process that runs no check does not load the list.
    """

    rule: str
    column: str
    bad_when: str | Callable[[], str]
    message_nl: str
    message_en: str
    hint_nl: str = ""
    hint_en: str = ""
    group_by: tuple[str, ...] = ()

    @property
    def condition(self) -> str:
        """``bad_when`` as SQL."""
        return self.bad_when() if callable(self.bad_when) else self.bad_when

    def message(self, lang: str = "nl") -> str:
        return declared(lang, self.message_nl, self.message_en)

    def hint(self, lang: str = "nl") -> str:
        return declared(lang, self.hint_nl, self.hint_en)


@dataclass(frozen=True)
class Via:
    """Scope taken from a parent theme's row, found by a shared key column."""

    theme: str
    key: str


@dataclass(frozen=True)
class Theme:
    """One delivery theme (= one xlsx sheet, or one csv/parquet file)."""

    name: str
    row_nl: str  # "one row per ..."
    row_en: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    # What a row covers (SPEC §3): a ministry and a year, from its own columns
    # or from a parent row. ministry=None means a Rijk-wide theme.
    ministry: str | Via | None
    year: str | Via
    # Date on which a ministry code must be valid; None = 31 December of the year.
    code_date: str | None = None
    record_level: bool = False  # too big for Excel at Rijk scale: CSV/Parquet
    checks: tuple[RowCheck, ...] = field(default_factory=tuple)
    # What readers call the theme (publications, data-quality annex); ``name`` is its code.
    label_nl: str = ""
    label_en: str = ""

    def label(self, lang: str = "nl") -> str:
        return declared(lang, self.label_nl, self.label_en) or self.name

    def row(self, lang: str = "nl") -> str:
        """What one row is ("one row per ...")."""
        return declared(lang, self.row_nl, self.row_en)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def parents(self) -> tuple[str, ...]:
        return tuple({s.theme for s in (self.ministry, self.year) if isinstance(s, Via)})
