"""References to published figures in the team's text (SPEC §8, issue 16).

Syntax (docs/redactie.md)::

    {{ INDICATOR[@MINISTERIE][:JAAR] [| VORM] }}

- ``INDICATOR``: a catalogue id (``personnel.fte``); a breakdown figure has its category
  as suffix (``organisation.fte_by_province.PV28``), as everywhere in jbr.
- ``@MINISTERIE``: a ministry code (``@FIN``, case-insensitive); default the Rijk.
- ``:JAAR``: a year; default the year of the text's folder.
- ``VORM``: how the figure is written; default ``waarde``. See ``FORMATS``.

A reference resolves to the figure's text as the report prints it (``figures.py``): the
editor never types a figure, so the text and the tables cannot differ. Pure: the
published figures come in, text or a problem goes out.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache

from ...codelists import RIJK, ministry_by_code, reorganisations
from ...indicators import by_id
from ...locale import text
from ..figures import POINT_UNITS, Change, Figure, PublishedFigures, anchor
from ..format import number
from .problems import TextProblem, both

REFERENCE = re.compile(r"\{\{(.*?)\}\}")
OPEN = "{{"
_BODY = re.compile(
    r"^\s*(?P<id>[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)+)"
    r"(?P<qualifiers>(?:\s*[@:]\s*[A-Za-z0-9]+)*)"
    r"\s*(?:\|\s*(?P<format>[A-Za-z_-]+)(?:\s+(?P<words>procent|percent))?\s*)?$"
)
_QUALIFIER = re.compile(r"([@:])\s*([A-Za-z0-9]+)")

# format → (what it writes, Dutch and English), in the order the guide lists them.
FORMATS: dict[str, tuple[str, str]] = {
    "waarde": ("het cijfer met eenheid: 157.019 fte, 38,2 %", "the figure with unit"),
    "getal": ("het cijfer zonder eenheid: 157.019, 38,2", "the figure without unit"),
    "procent": ("een percentage in woorden: 38,2 procent", "a percentage in words"),
    "verandering": (
        "de verandering t.o.v. het jaar ervoor, met teken: +6,2 %, −1,2 %-punt",
        "the change against the year before, signed",
    ),
    "verschil": (
        "de verandering zonder teken, in woorden: 6,2 procent, 1,2 procentpunt",
        "the change without sign, in words",
    ),
    "richting": ("gestegen, gedaald of gelijk gebleven", "risen, fallen or unchanged"),
    "vorig": (
        "het cijfer van het jaar ervoor (herberekend bij een reorganisatie)",
        "the figure of the year before (restated across a reorganisation)",
    ),
    "doel": ("het doel of de norm: 30,0 %", "the target or norm"),
    "status": ("gehaald, op koers of niet op koers", "met, on track or off track"),
    "eenheid": ("de eenheid: fte, %, TJ", "the unit"),
}
ALIASES = {
    "value": "waarde",
    "number": "getal",
    "percent": "procent",
    "change": "verandering",
    "difference": "verschil",
    "direction": "richting",
    "previous": "vorig",
    "vorige": "vorig",
    "target": "doel",
    "unit": "eenheid",
}
CHANGE_FORMATS = {"verandering", "verschil", "richting", "vorig"}
# A percentage in words instead of "%": ``{{ x | doel procent }}`` → "10,0 procent".
IN_WORDS = {"waarde", "doel", "vorig"}
WORD_FORMATS = {"richting", "status", "eenheid"}  # words, not figures: not linked
# Their words: redactie.verwijzing.<direction> ("gestegen") and .procent / .procentpunt.


@dataclass(frozen=True)
class Reference:
    """One ``{{ ... }}`` as written, parsed."""

    raw: str  # as written, braces included
    figure_id: str
    ministry: str  # a code or RIJK
    year: int | None  # None: the text's year
    format: str  # a FORMATS key
    in_words: bool = False  # "procent" after the format: a percentage in words

    @property
    def indicator(self) -> str:
        """The catalogue id (the figure id without a breakdown category)."""
        return indicator_of(self.figure_id) or self.figure_id


@dataclass(frozen=True)
class Resolved:
    """What a reference becomes: its text and the report section it links to."""

    text: str
    anchor: str
    figure: Figure
    linked: bool = True  # a figure (linked to its section); False for words like "gedaald"


@cache
def _ministry_codes() -> dict[str, str]:
    codes = {m.code.lower(): m.code for m in ministry_by_code().values()}
    codes[RIJK.lower()] = RIJK
    return codes


def indicator_of(figure_id: str) -> str | None:
    """The catalogue id a figure id belongs to (itself, or without its category)."""
    catalogue = by_id()
    if figure_id in catalogue:
        return figure_id
    head = figure_id.rsplit(".", 1)[0]
    return head if head in catalogue else None


def parse(raw: str) -> Reference | tuple[str, str, str]:
    """A reference, or ``(rule, detail_nl, detail_en)`` when it cannot be read."""
    body = raw[2:-2] if raw.startswith(OPEN) and raw.endswith("}}") else raw
    found = _BODY.match(body)
    if not found:
        return ("syntax", "", "")
    ministry, year = RIJK, None
    for kind, value in _QUALIFIER.findall(found.group("qualifiers") or ""):
        if kind == "@":
            code = _ministry_codes().get(value.lower())
            if code is None:
                codes = ", ".join(sorted(_ministry_codes().values(), key=str.lower))
                return ("unknown_ministry", *both("redactie.detail.geldige_codes", codes=codes))
            ministry = code
        else:
            if not value.isdigit() or len(value) != 4:
                return ("syntax", "", "")
            year = int(value)
    fmt = (found.group("format") or "waarde").lower()
    fmt = ALIASES.get(fmt, fmt)
    if fmt not in FORMATS:
        english = [a for a, f in ALIASES.items() if a != "vorige"]
        return (
            "unknown_format",
            ", ".join(FORMATS),
            ", ".join([*english[:8], "status", english[8]]),
        )
    in_words = bool(found.group("words"))
    if in_words and fmt not in IN_WORDS:
        shown = ", ".join(sorted(IN_WORDS))
        return ("unknown_format", *both("redactie.detail.procent_na", formats=shown))
    return Reference(raw, found.group("id"), ministry, year, fmt, in_words)


class Figures:
    """The published figures a text may quote, with changes of any computed year.

    A text may also quote the change of an earlier year
    (``{{ personnel.fte:2023 | verandering }}``): ``PublishedFigures`` holds them all.
    """

    def __init__(self, figs: PublishedFigures, years: set[int] | None = None) -> None:
        self.figs = figs
        self.lang = figs.lang
        self.years = set(figs.years) if years is None else set(years)

    def get(self, figure_id: str, year: int, ministry: str) -> Figure | None:
        return self.figs.get(figure_id, year, ministry)

    def change(self, figure_id: str, year: int, ministry: str) -> Change | None:
        # ``PublishedFigures.changes`` holds the change of every computed year (restated
        # over reorganisations), so an earlier year's change is the report's own.
        return self.figs.changes.get((figure_id, year, ministry))


def _suggest(name: str, options: list[str]) -> tuple[str, str]:
    close = difflib.get_close_matches(name, options, n=3, cutoff=0.85)
    if not close:
        return both("redactie.detail.zie_bijlage")
    return both("redactie.detail.bedoelt_u", names=", ".join(close))


def _missing_figure(ref: Reference, year: int, figures: Figures) -> tuple[str, str, str]:
    """Why there is no figure for a well-formed reference: (rule, detail_nl, detail_en)."""
    catalogue = by_id()
    indicator = indicator_of(ref.figure_id)
    if indicator is None:
        return ("unknown_indicator", *_suggest(ref.figure_id, list(catalogue)))
    if indicator != ref.figure_id:
        known = sorted(
            f.figure_id
            for f in figures.figs
            if f.indicator == indicator and f.ministry == ref.ministry and f.year == year
        )
        if not known:
            return ("no_figure", *both("redactie.detail.geen_categorieen"))
        return ("unknown_category", *_suggest(ref.figure_id, known))
    if year not in figures.years:
        years = ", ".join(str(y) for y in sorted(figures.years))
        return ("unknown_year", years, years)
    if ref.ministry != RIJK:
        m = ministry_by_code()[ref.ministry]
        from datetime import date

        if not m.valid_on(date(year, 12, 31)):
            later = sorted({r.new for r in reorganisations() if r.old == ref.ministry})
            nl, en = both("redactie.detail.bestond_niet", ministry=ref.ministry, year=year)
            if later:
                more = both("redactie.detail.opvolgers", names=", ".join(later))
                nl, en = nl + more[0], en + more[1]
            return ("no_figure", nl, en)
        return (
            "no_figure",
            *both("redactie.detail.niet_aangeleverd", ministry=ref.ministry, year=year),
        )
    return ("no_figure", *both("redactie.detail.geen_cijfer", year=year))


def resolve(ref: Reference, text_year: int, figures: Figures) -> Resolved | tuple[str, str, str]:
    """The reference's text, or ``(rule, detail_nl, detail_en)`` saying why there is none."""
    found = _resolve(ref, text_year, figures)
    if isinstance(found, tuple):
        return found
    if ref.in_words:
        if by_id()[found.figure.indicator].unit not in POINT_UNITS:
            return ("format_not_applicable", *both("redactie.detail.procent_voor"))
        word = text("redactie.verwijzing.procent", figures.lang)
        found = Resolved(found.text.replace("\u00a0%", f" {word}"), found.anchor, found.figure)
    if ref.format in WORD_FORMATS:
        found = Resolved(found.text, found.anchor, found.figure, linked=False)
    return found


def _resolve(ref: Reference, text_year: int, figures: Figures) -> Resolved | tuple[str, str, str]:
    lang = figures.lang
    year = text_year if ref.year is None else ref.year
    f = figures.get(ref.figure_id, year, ref.ministry)
    if f is None:
        return _missing_figure(ref, year, figures)
    if f.suppressed:
        return ("suppressed", "", "")
    if f.value is None:
        reason = "; ".join(f.notes)
        return ("unknown_value", reason, reason)
    link = anchor(f.indicator)
    fmt = ref.format
    if fmt == "waarde":
        return Resolved(f.with_unit, link, f)
    if fmt == "getal":
        return Resolved(f.text, link, f)
    if fmt == "eenheid":
        return Resolved(f.unit, link, f)
    if fmt == "procent":
        if by_id()[f.indicator].unit not in POINT_UNITS:
            return ("format_not_applicable", *both("redactie.detail.procent_voor"))
        return Resolved(f"{f.text} {text('redactie.verwijzing.procent', lang)}", link, f)
    if fmt in ("doel", "status"):
        if not f.target_text:
            return ("format_not_applicable", *both("redactie.detail.geen_doel"))
        return Resolved(f.target_text if fmt == "doel" else f.status_text, link, f)
    change = figures.change(ref.figure_id, year, ref.ministry)
    if change is not None and change.suppressed:
        return ("suppressed", "", "")
    if change is None or change.delta is None or change.direction is None:
        return ("format_not_applicable", *both("redactie.detail.geen_vergelijking", year=year - 1))
    if fmt == "verandering":
        return Resolved(change.text, link, f)
    if fmt == "vorig":
        return Resolved(change.previous_text, link, f)
    if fmt == "richting":
        return Resolved(text(f"redactie.verwijzing.{change.direction}", lang), link, f)
    points = by_id()[f.indicator].unit in POINT_UNITS
    size = number(abs(change.delta), "%", lang)
    one = size in ("1.0", "1")  # "1 percentage point" (in Dutch: the same word)
    key = "procent" if not points else "procentpunt_een" if one else "procentpunt"
    word = text(f"redactie.verwijzing.{key}", lang)
    return Resolved(f"{size} {word}", link, f)


def problem(
    file: str, line: int, column: int, raw: str, found: tuple[str, str, str], year: int
) -> TextProblem:
    rule, nl, en = found
    return TextProblem(file, line, column, raw, rule, nl, en, year)
