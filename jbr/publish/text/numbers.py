"""Numbers typed by hand in the team's text, and whether a published figure equals them.

A figure belongs in a reference; a number typed in the prose is found here and compared
with every published figure of the text's year (and the year before, which the changes
compare with): their values, targets, changes and previous-year values, at the precision
the number is written in ("22 procent" equals 22,3 %; "38,0 procent" does not equal 38,2 %).
A number no figure equals is possibly stale: a warning with file, line and a suggestion.

Only numbers that look like figures are checked — with a thousands or decimal separator,
a unit or a euro sign — so years, dates, article and Kamerstuk numbers ("artikel 5",
"31 490, nr. 338") are left alone. Pure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ...codelists import RIJK
from ...indicators import by_id, catalogue
from ..figures import POINT_UNITS
from .document import Document
from .problems import TextProblem, both
from .references import REFERENCE, Figures

MAGNITUDES = {
    "miljoen": 1e6,
    "miljard": 1e9,
    "million": 1e6,
    "billion": 1e9,
    "mln": 1e6,
    "mld": 1e9,
}
PERCENT = ("%-punt", "%", "procentpunten", "procentpunt", "procent", "per cent", "percent",
           "percentage points", "percentage point", "pp")  # fmt: skip
# Time spans are counted in these units too ("de afgelopen 5 jaar", "binnen 6 weken"): a
# whole number in them is not taken for a figure, one with a decimal separator is.
WEAK = {"jaar", "years", "maanden", "months", "dagen", "days", "weken", "weeks"}
NUMBER_NL = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+|\d+"  # 1.234,5
NUMBER_EN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+"  # 1,234.5
_SKIP = [
    re.compile(r"`[^`\n]*`"),  # code
    re.compile(r"\]\([^)\n]*\)"),  # a link's address
    re.compile(r"\[\^[^\]\n]*\]"),  # a footnote mark
    re.compile(r"https?://\S+"),
]


@cache
def _units() -> tuple[str, ...]:
    names = {u for i in catalogue() for u in (i.unit, i.unit_en) if u and u != "×"}
    names |= set(PERCENT) | set(MAGNITUDES) | {"euro", "EUR"}
    return tuple(sorted(names, key=len, reverse=True))  # longest first: "m² per fte" before "m²"


def _pattern(lang: str) -> re.Pattern[str]:
    num = NUMBER_NL if lang == "nl" else NUMBER_EN  # a notation (pattern), not a text
    units = "|".join(re.escape(u) for u in _units())
    return re.compile(
        rf"(?P<euro>€\s?)?(?<![\w.,/−+-])(?P<sign>[−+-])?(?P<num>{num})(?![\w]|[.,]\d)"
        rf"(?:[\s\u00a0]?(?P<unit>{units})(?![\w²³]))?"
    )


@dataclass(frozen=True)
class Typed:
    """A number as written: its value, how many decimals, scale and unit."""

    text: str
    value: float
    decimals: int
    scale: float
    unit: str  # "" | "%" | "euro" | a catalogue unit
    line: int
    column: int


def _value(num: str, lang: str) -> tuple[float, int]:
    thousands, decimal = (".", ",") if lang == "nl" else (",", ".")  # separators, not a text
    whole, _, frac = num.replace(thousands, "").partition(decimal)
    return float(f"{whole}.{frac}" if frac else whole), len(frac)


def typed_numbers(doc: Document, lang: str) -> list[Typed]:
    """The figure-like numbers typed in ``doc`` (references and comments not included)."""
    text = REFERENCE.sub(lambda m: " " * len(m.group(0)), doc.text)
    for skip in _SKIP:
        text = skip.sub(lambda m: " " * len(m.group(0)), text)
    out = []
    for found in _pattern(lang).finditer(text):
        num, unit = found.group("num"), found.group("unit") or ""
        separated = not num.isdigit()
        if found.group("euro"):
            unit = unit if unit in MAGNITUDES else "euro"
        if not (separated or unit) or (unit in WEAK and not separated):
            continue
        value, decimals = _value(num, lang)
        scale = 1.0
        if unit in MAGNITUDES:
            scale, unit = MAGNITUDES[unit], "euro" if found.group("euro") else ""
        elif unit in PERCENT:
            unit = "%"
        elif unit in ("EUR",):
            unit = "euro"
        line, column = doc.line_of(found.start("num") - (1 if found.group("sign") else 0))
        shown = found.group(0).strip()
        out.append(Typed(shown, value, decimals, scale, unit, line, column))
    return out


@dataclass(frozen=True)
class Candidate:
    value: float
    percent: bool  # a percentage or a change in percent / points
    units: frozenset[str]  # the figure's units (both languages), for a number with a unit
    figure_id: str
    year: int
    ministry: str
    text: str


def candidates(figures: Figures, year: int) -> list[Candidate]:
    """Every number a figure of ``year`` (or ``year − 1``) publishes."""
    out: list[Candidate] = []
    catalogue_ = by_id()
    for f in figures.figs:
        if f.year not in (year, year - 1) or f.value is None:
            continue
        ind = catalogue_[f.indicator]
        percent = ind.unit in POINT_UNITS
        units = frozenset({ind.unit, ind.unit_en})
        out.append(Candidate(f.value, percent, units, f.figure_id, f.year, f.ministry, f.with_unit))
        if f.target is not None:
            out.append(
                Candidate(f.target, percent, units, f.figure_id, f.year, f.ministry, f.target_text)
            )
        if f.year == year:
            change = figures.change(f.figure_id, year, f.ministry)
            if change is not None and change.delta is not None:
                out.append(
                    Candidate(
                        abs(change.delta),
                        True,
                        frozenset({"%"}),
                        f.figure_id,
                        year,
                        f.ministry,
                        change.text,
                    )
                )
                if change.previous is not None:
                    out.append(
                        Candidate(
                            change.previous,
                            percent,
                            units,
                            f.figure_id,
                            year - 1,
                            f.ministry,
                            change.previous_text,
                        )
                    )
    return out


def _equal(typed: Typed, c: Candidate) -> bool:
    if typed.unit == "%" and not c.percent:
        return False
    if typed.unit and typed.unit != "%" and typed.unit not in c.units:
        return False
    return round(c.value / typed.scale, typed.decimals) == typed.value


def _suggestion(typed: Typed, pool: list[Candidate], year: int) -> tuple[str, str]:
    near = [
        c
        for c in pool
        if c.year == year
        and c.ministry == RIJK
        and (c.percent if typed.unit == "%" else not typed.unit or typed.unit in c.units)
        and c.value
        and abs(c.value / typed.scale - typed.value) <= 0.1 * abs(c.value / typed.scale)
    ]
    if near:
        best = min(near, key=lambda c: abs(c.value / typed.scale - typed.value))
        ref = "{{ " + best.figure_id + " }}"
        return both("redactie.detail.ander_jaar", year=year, figure=best.text, reference=ref)
    return both("redactie.detail.schrijf_verwijzing")


def stale_numbers(doc: Document, figures: Figures, year: int) -> list[TextProblem]:
    """A warning for every typed number that equals no published figure of ``year``."""
    pool = candidates(figures, year)
    out = []
    for typed in typed_numbers(doc, figures.lang):
        if any(_equal(typed, c) for c in pool):
            continue
        nl, en = _suggestion(typed, pool, year)
        out.append(
            TextProblem(
                doc.path, typed.line, typed.column, typed.text, "stale_number", nl, en, year
            )
        )
    return out
