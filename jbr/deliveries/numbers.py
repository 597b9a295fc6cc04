"""Numbers as people write them (SPEC §7 "Bad input"): Dutch and English notation.

A number cell is read as written, or rejected with the cell named; never misread.
Accepted: digits with a decimal comma or point (``0,8``, ``1.5``), thousands
grouped by a point, comma or space (``1.234.567,89``, ``1,234.56``, ``1 000``, also
with a non-breaking or thin space), a euro sign or ``EUR`` before or after, a sign
(``-12``, ``−12``, ``€ -12``, ``12-``, ``(12)``), a percent sign (``80%`` is 0.8)
and an exponent (``1,5E+06``).

The one doubtful shape is one separator followed by exactly three digits after a
first group of one to three digits (``12.000``, ``1,234``): a thousands separator
or a decimal sign. The column's **notation** decides (the decimal sign its
writer used): the other cells of the same column in the same sheet when they
show it (``0,8`` or ``1.234.567`` say decimal comma; ``1.5`` or ``1,234,567``
say decimal point; both kinds in one column decide nothing), else the file's
dialect (a semicolon CSV comes from Dutch Excel: decimal comma; a comma CSV from
English-language software: decimal point; tab- or pipe-separated CSV, xlsx text
cells and Parquet text decide nothing). Then:

- the separator is the notation's thousands separator: thousands (``12.000`` in
  a Dutch column is 12000);
- it is the notation's decimal sign: a decimal, unless the column holds at
  most two decimals (whole numbers, euro amounts): a third decimal there means
  the reading is wrong, and the cell is rejected;
- no notation: thousands in a column of at most two decimals (``€ 250.000`` is
  250000 euros), else the cell is rejected.

Machine-written numbers (a numeric xlsx cell, a numeric Parquet column) are
taken as their value: they are never text to interpret.

Everything here is SQL over the text, run set-based in DuckDB by ``validate``.
"""

from __future__ import annotations

import re
from decimal import Decimal

from babel.numbers import format_decimal

from ..locale import text
from .declaration import Column

NUMBER_TYPES = ("number", "integer", "year")
DUTCH = ","  # the notation is its decimal sign
ENGLISH = "."

# Non-breaking, figure, thin and narrow no-break spaces are spaces; U+2212 is a minus.
_SPACES = "\u00a0\u2007\u2009\u202f"
_PATTERN = (
    r"^(\()?\s*([-+])?\s*(€|eur)?\s*([-+])?\s*"
    r"([0-9][0-9., ]*[0-9]|[0-9]|[.,][0-9]+)(?:e([-+]?[0-9]{1,3}))?"
    r"\s*(%)?\s*(€|eur)?\s*(-)?\s*(\))?$"
)
_GROUPS = ("open", "s1", "c1", "s2", "num", "exp", "pct", "c2", "s3", "close")

# Shapes of the digits part (``num``), as full matches.
PLAIN = r"[0-9]+"
AMBIGUOUS = r"[1-9][0-9]{0,2}[.,][0-9]{3}"
DUTCH_SHAPE = r"[1-9][0-9]{0,2}(( [0-9]{3})+|(\.[0-9]{3})+)(,[0-9]+)?|[0-9]*,[0-9]+"
ENGLISH_SHAPE = r"[1-9][0-9]{0,2}(( [0-9]{3})+|(,[0-9]{3})+)(\.[0-9]+)?|[0-9]*\.[0-9]+"
MANTISSA = r"[0-9]+([.,][0-9]+)?|[.,][0-9]+"

# The shape code stored per cell (``<column>__vorm``): what the cell says about notation.
NOT_A_NUMBER, WHOLE, DOUBTFUL, SAYS_DUTCH, SAYS_ENGLISH, NEUTRAL = 0, 1, 2, 3, 4, 5


def most_decimals(column: Column) -> int | None:
    """How many decimals the column holds at most (None: no limit declared)."""
    return 0 if column.type in ("integer", "year") else column.decimals


def few_decimals(column: Column) -> bool:
    """A third decimal cannot be meant: whole numbers, euro amounts."""
    most = most_decimals(column)
    return most is not None and most < 3


# Nearly every cell is a plain number: an optional minus, digits, at most one separator.
# Those are classified and valued without splitting (the split costs ten times more).
SIMPLE = r"-?[0-9]*[.,]?[0-9]+"
_SIMPLE_DOUBTFUL = r"-?[1-9][0-9]{0,2}[.,][0-9]{3}"


def simple_sql(raw: str) -> str:
    """SQL: the cell is a plain number (see ``SIMPLE``)."""
    return _full(raw, SIMPLE)


def simple_shape_sql(raw: str) -> str:
    """SQL: the shape code of a plain number, the same the split would give."""
    # Only a separator fourth from the end can be doubtful: test that before the pattern.
    return (
        f"CASE WHEN contains({raw}, ',') THEN CASE WHEN substr({raw}, -4, 1) = ',' "
        f"AND {_full(raw, _SIMPLE_DOUBTFUL)} THEN {DOUBTFUL} ELSE {SAYS_DUTCH} END "
        f"WHEN contains({raw}, '.') THEN CASE WHEN substr({raw}, -4, 1) = '.' "
        f"AND {_full(raw, _SIMPLE_DOUBTFUL)} THEN {DOUBTFUL} ELSE {SAYS_ENGLISH} END "
        f"ELSE {WHOLE} END"
    )


def _decisions(text: str, notation: str, few: bool) -> tuple[str, str]:
    """SQL conditions: a doubtful ``text``'s separator is a thousands separator; a decimal sign."""
    sep = f"CASE WHEN contains({text}, ',') THEN ',' ELSE '.' END"
    few_sql = "true" if few else "false"
    thousands = (
        f"({notation} IS NOT NULL AND {sep} <> {notation}) OR ({notation} IS NULL AND {few_sql})"
    )
    decimal = f"{notation} IS NOT NULL AND {sep} = {notation} AND NOT {few_sql}"
    return thousands, decimal


def simple_value_sql(raw: str, shape: str, notation: str, few: bool) -> str:
    """SQL: the DOUBLE a plain number means (NULL while doubtful), as ``value_sql``."""
    thousands, decimal = _decisions(raw, notation, few)
    digits = (
        f"CASE WHEN {shape} <> {DOUBTFUL} THEN replace({raw}, ',', '.') "
        f"WHEN {thousands} THEN replace(replace({raw}, '.', ''), ',', '') "
        f"WHEN {decimal} THEN replace({raw}, ',', '.') END"
    )
    return f"TRY_CAST({digits} AS DOUBLE)"


def parts_sql(raw: str) -> str:
    """SQL: the text ``raw`` split into sign, currency, digits, exponent, percent (a struct)."""
    normal = f"regexp_replace(replace({raw}, '\u2212', '-'), '[{_SPACES}]', ' ', 'g')"
    names = ", ".join(f"'{g}'" for g in _GROUPS)
    return f"regexp_extract({normal}, '{_PATTERN}', [{names}], 'i')"


def _full(text: str, pattern: str) -> str:
    return f"regexp_full_match({text}, '{pattern}')"


def shape_sql(parts: str) -> str:
    """SQL: the shape code of a split cell (see the constants above)."""
    num, exp = f"{parts}.num", f"{parts}.exp"
    signs = " + ".join(f"CAST({parts}.{g} <> '' AS INTEGER)" for g in ("s1", "s2", "s3", "open"))
    well_formed = (
        f"{num} <> '' AND ({parts}.open = '') = ({parts}.close = '') AND {signs} <= 1 "
        f"AND ({parts}.c1 = '' OR {parts}.c2 = '')"
    )
    dutch, english = _full(num, DUTCH_SHAPE), _full(num, ENGLISH_SHAPE)
    return (
        f"CASE WHEN NOT ({well_formed}) THEN {NOT_A_NUMBER} "
        f"WHEN {exp} <> '' THEN CASE WHEN NOT {_full(num, MANTISSA)} THEN {NOT_A_NUMBER} "
        f"WHEN contains({num}, ',') THEN {SAYS_DUTCH} WHEN contains({num}, '.') THEN {SAYS_ENGLISH} "
        f"ELSE {WHOLE} END "
        f"WHEN {_full(num, PLAIN)} THEN {WHOLE} "
        f"WHEN {_full(num, AMBIGUOUS)} THEN {DOUBTFUL} "
        f"WHEN {dutch} AND {english} THEN {NEUTRAL} "
        f"WHEN {dutch} THEN {SAYS_DUTCH} WHEN {english} THEN {SAYS_ENGLISH} "
        f"ELSE {NOT_A_NUMBER} END"
    )


def value_sql(parts: str, shape: str, notation: str, few: bool) -> str:
    """SQL: the DOUBLE a split cell means, NULL when it is no number or stays doubtful.

    ``notation`` is SQL for the column's decimal sign (',' or '.', NULL for none);
    ``few``: the column holds at most two decimals.
    """
    num, exp = f"{parts}.num", f"{parts}.exp"
    thousands, decimal = _decisions(num, notation, few)
    no_group = f"replace({num}, ' ', '')"
    digits = (
        f"CASE {shape} "
        f"WHEN {WHOLE} THEN replace({num}, ',', '.') "  # also a mantissa of an exponent
        f"WHEN {DOUBTFUL} THEN CASE WHEN {thousands} THEN replace(replace({num}, '.', ''), ',', '') "
        f"WHEN {decimal} THEN replace({num}, ',', '.') END "
        f"WHEN {SAYS_DUTCH} THEN CASE WHEN {exp} <> '' THEN replace({num}, ',', '.') "
        f"ELSE replace(replace({no_group}, '.', ''), ',', '.') END "
        f"WHEN {SAYS_ENGLISH} THEN replace({no_group}, ',', '') "
        f"WHEN {NEUTRAL} THEN {no_group} END"
    )
    # A percent moves the exponent by two, so 12,5% is parsed as 12.5e-2 (no rounding step).
    power = (
        f"coalesce(TRY_CAST(NULLIF({exp}, '') AS INTEGER), 0) "
        f"- CASE WHEN {parts}.pct <> '' THEN 2 ELSE 0 END"
    )
    negative = " OR ".join(
        [f"{parts}.s1 = '-'", f"{parts}.s2 = '-'", f"{parts}.s3 = '-'", f"{parts}.open <> ''"]
    )
    value = f"TRY_CAST(({digits}) || 'e' || CAST({power} AS VARCHAR) AS DOUBLE)"
    signed = f"CASE WHEN {negative} THEN -{value} ELSE {value} END"
    return f"CASE WHEN isfinite({signed}) THEN {signed} END"


def whole_sql(value: str) -> str:
    """SQL: the DOUBLE ``value`` as BIGINT when it is a whole number (else NULL)."""
    return f"CASE WHEN {value} = floor({value}) AND abs({value}) < 1e15 THEN CAST({value} AS BIGINT) END"


def column_notation(doubtful: bool, dutch: bool, english: bool, dialect: str | None) -> str | None:
    """The decimal sign of a column: its own cells' evidence first, then the file's dialect."""
    if not doubtful:
        return dialect  # nothing to decide
    if dutch and english:
        return None
    if dutch:
        return DUTCH
    if english:
        return ENGLISH
    return dialect


def dialect_of_delimiter(delimiter: str) -> str | None:
    """Dutch Excel separates with ';' (the comma is its decimal sign); English with ','."""
    return {";": DUTCH, ",": ENGLISH}.get(delimiter)


_DOUBTFUL_TEXT = re.compile(r"([1-9][0-9]{0,2})([.,])([0-9]{3})")


def babel_locale(lang: str) -> str:
    """The Babel locale numbers are written in for ``lang`` (a locale, not a text)."""
    return "nl_NL" if lang == "nl" else "en_GB"


def readings(value: str, lang: str) -> dict[str, str]:
    """The two readings of a doubtful cell, written so that neither is doubtful."""
    found = _DOUBTFUL_TEXT.search(value)
    if found is None:  # not expected; the message still names the value
        return {"thousands": value, "decimal": value}
    head, _, tail = found.groups()
    decimal = format_decimal(
        Decimal(f"{head}.{tail}"), locale=babel_locale(lang), group_separator=False
    )
    return {"thousands": head + tail, "decimal": decimal}


def why_doubtful(notation: str | None, few: bool, lang: str) -> str:
    """Why the cell could not be decided, as the end of the message."""
    if notation is not None and few:
        sign = text(
            "deliveries.numbers.comma" if notation == DUTCH else "deliveries.numbers.point", lang
        )
        return text("deliveries.numbers.few_decimals", lang, sign=sign)
    return text("deliveries.numbers.undecided", lang)
