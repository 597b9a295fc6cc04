"""The Algemene termijnenwet calendar (SPEC §4, §5.2) from ``data/atw_feestdagen.csv``.

A term that ends on a Saturday, Sunday or generally recognised holiday ends on
the next day that is none of those (Algemene termijnenwet art. 1). The holidays
are listed in Atw art. 3 lid 1; Good Friday is equated to them by the law itself
(art. 3 lid 2); days equated to a holiday by Royal Decree (art. 3 lid 3, published
in the Staatscourant) are dated rows of the same file, each citing its decree,
which users extend when a new decree appears (the file holds 2017–2028). Years
outside the span of the known decrees get a warning, not silence.

Kinds of rows (column ``soort``):

- ``vast``: a fixed day, ``regel`` = ``DD-MM``, every year;
- ``pasen``: ``regel`` days after Easter Sunday (Good Friday −2, Ascension +39, ...);
- ``koningsdag``: ``regel`` = ``DD-MM`` (27 April), the day before when it is a Sunday;
- ``gelijkgesteld``: one dated day (``datum``) equated to a holiday by Royal Decree.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa

from ..locale import text
from . import in_language

DATA_FILE = "atw_feestdagen.csv"
KINDS = ("vast", "pasen", "koningsdag", "gelijkgesteld")


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous Gregorian computus of Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


@dataclass(frozen=True)
class AtwRule:
    """One row of the calendar file."""

    kind: str
    day: date | None  # for ``gelijkgesteld``
    rule: str  # DD-MM or an offset from Easter Sunday
    name_nl: str
    name_en: str
    source: str

    def in_year(self, year: int) -> date | None:
        """The day this rule gives in ``year`` (None: an equated day of another year)."""
        if self.kind == "gelijkgesteld":
            return self.day if self.day is not None and self.day.year == year else None
        if self.kind == "pasen":
            return easter_sunday(year) + timedelta(days=int(self.rule))
        day, month = (int(x) for x in self.rule.split("-"))
        found = date(year, month, day)
        if self.kind == "koningsdag" and found.weekday() == 6:
            found -= timedelta(days=1)  # Atw art. 3 lid 1: 26 April when the 27th is a Sunday
        return found


class AtwCalendar:
    """Holidays and open days under the Algemene termijnenwet (art. 1 and 3)."""

    def __init__(self, rules: Iterable[AtwRule]) -> None:
        self.rules = tuple(rules)
        self._years: dict[int, dict[date, tuple[str, str]]] = {}  # day → (nl, en)
        decreed = [r.day.year for r in self.rules if r.kind == "gelijkgesteld" and r.day]
        # The span of years whose Royal Decrees the file holds (2017–2028 as shipped).
        self.decree_years: tuple[int, int] | None = (
            (min(decreed), max(decreed)) if decreed else None
        )

    @classmethod
    def from_csv(cls, text: str) -> AtwCalendar:
        rules = []
        for r in csv.DictReader(text.splitlines()):
            kind = r["soort"].strip()
            if kind not in KINDS:
                raise ValueError(f"atw_feestdagen: onbekende soort {kind!r}")
            rules.append(
                AtwRule(
                    kind=kind,
                    day=date.fromisoformat(r["datum"]) if r["datum"].strip() else None,
                    rule=r["regel"].strip(),
                    name_nl=r["naam_nl"],
                    name_en=r["naam_en"],
                    source=r["bron"],
                )
            )
        return cls(rules)

    def holidays(self, year: int, lang: str = "nl") -> dict[date, str]:
        """Atw art. 3 holidays of ``year`` with their names, equated days included."""
        return {d: in_language(lang, *names) for d, names in self._year(year).items()}

    def _year(self, year: int) -> dict[date, tuple[str, str]]:
        if year not in self._years:
            found: dict[date, tuple[str, str]] = {}
            for rule in self.rules:
                day = rule.in_year(year)
                if day is not None:
                    found.setdefault(day, (rule.name_nl, rule.name_en))
            self._years[year] = dict(sorted(found.items()))
        return self._years[year]

    def is_holiday(self, day: date) -> bool:
        return day in self._year(day.year)

    def is_open(self, day: date) -> bool:
        """Neither a Saturday, a Sunday nor an Atw holiday."""
        return day.weekday() < 5 and not self.is_holiday(day)

    def next_open_day(self, day: date) -> date:
        """Atw art. 1: ``day`` itself when open, else the next open day."""
        while not self.is_open(day):
            day += timedelta(days=1)
        return day

    def holiday_days(self, first: date, last: date) -> list[date]:
        """Every holiday from ``first`` to ``last`` inclusive."""
        return [
            d
            for year in range(first.year, last.year + 1)
            for d in self._year(year)
            if first <= d <= last
        ]

    def open_day_table(self, first: date, last: date) -> pa.Table:
        """Lookup ``dag → open_dag`` (the next open day) for every day of ``first..last``.

        The vectorised deadline joins on this table instead of looping per request.
        """
        start = np.datetime64(first, "D")
        days = start + np.arange((last - first).days + 1)
        # Runs of closed days are short (at most a long Christmas weekend), so looking a
        # few weeks beyond ``last`` always finds the next open day.
        holidays = np.array(
            self.holiday_days(first, last + timedelta(days=31)), dtype="datetime64[D]"
        )
        nxt = np.busday_offset(days, 0, roll="forward", holidays=holidays)
        return pa.table(
            {
                "dag": pa.array(days, type=pa.date32()),
                "open_dag": pa.array(nxt, type=pa.date32()),
            }
        )

    def warnings_for(self, years: Iterable[int], lang: str = "nl") -> list[str]:
        """A message per year outside the known Royal Decrees: equated days may be missing."""
        out = []
        span = self.decree_years
        for year in sorted(set(years)):
            if span is not None and span[0] <= year <= span[1]:
                continue
            known = f"{span[0]}–{span[1]}" if span else text("codelijsten.atw.geen", lang)
            out.append(
                text(
                    "codelijsten.atw.ontbrekende_dagen",
                    lang,
                    year=year,
                    known=known,
                    file=DATA_FILE,
                )
            )
        return out


@cache
def atw_calendar() -> AtwCalendar:
    """The shipped calendar (``jbr/codelists/data/atw_feestdagen.csv``), read once."""
    text = resources.files("jbr.codelists").joinpath("data", DATA_FILE).read_text("utf-8")
    return AtwCalendar.from_csv(text)


def calendar_from_file(path: Path | str) -> AtwCalendar:
    """A calendar from another file of the same shape (e.g. a test or a local extension)."""
    return AtwCalendar.from_csv(Path(path).read_text("utf-8"))
