"""Code lists shipped as dated data (SPEC §4): ministries, provinces, Woo categories, ...

Every list lives in ``data/*.csv`` so analysts can read and extend it without code.
Loaders here turn the files into small typed objects; nothing else in jbr
hard-codes a ministry or province.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

RIJK = "RIJK"  # the whole central government, used as the ministry of Rijk-wide rows


def in_language(lang: str, nl: str, en: str) -> str:
    """A name of a code list in ``lang``. The lists hold both languages as data (their
    CSV files), not as catalogue texts (jbr/locale); an unknown language is an error."""
    return {"nl": nl, "en": en}[lang]


@dataclass(frozen=True)
class Ministry:
    code: str
    name_nl: str
    name_en: str
    valid_from: date
    valid_to: date | None  # inclusive; None = still exists

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def name(self, lang: str = "nl") -> str:
        return in_language(lang, self.name_nl, self.name_en)


@dataclass(frozen=True)
class Reorganisation:
    """One predecessor → successor edge; a split has several edges from one code."""

    day: date
    old: str
    new: str
    note_nl: str
    note_en: str
    # The successor that carries on the predecessor's business (its "voortzetting": EZK
    # → EZ, LNV → LVVN, JenV → JenV); the others take over part of its tasks (KGG, AenM).
    continues: bool = False


@dataclass(frozen=True)
class Succession:
    """A ministry that ceased at a reorganisation, and where its records go (SPEC §6).

    From ``first_year`` on (the first year at whose end ``old`` no longer exists) a
    record of ``old`` counts under one of ``successors``: the one its own key names
    (e.g. the ministry an employee went to), else ``continuation``.
    """

    old: str
    day: date  # the reorganisation: the first day without ``old``
    first_year: int
    continuation: str
    successors: tuple[str, ...]


@dataclass(frozen=True)
class Code:
    """A generic code-list entry with the names a delivery may use for it."""

    code: str
    name_nl: str
    name_en: str
    aliases: tuple[str, ...] = ()

    def name(self, lang: str = "nl") -> str:
        return in_language(lang, self.name_nl, self.name_en)


@dataclass(frozen=True)
class Province(Code):
    randstad: bool = False


def data_rows(filename: str) -> list[dict[str, str]]:
    """The rows of a code-list file in ``codelists/data/``, as dictionaries by header."""
    text = resources.files("jbr.codelists").joinpath("data", filename).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


@cache
def ministries() -> tuple[Ministry, ...]:
    return tuple(
        Ministry(
            code=r["code"],
            name_nl=r["naam_nl"],
            name_en=r["naam_en"],
            valid_from=date.fromisoformat(r["geldig_van"]),
            valid_to=_date(r["geldig_tot"]),
        )
        for r in data_rows("ministeries.csv")
    )


@cache
def ministry_by_code() -> dict[str, Ministry]:
    return {m.code: m for m in ministries()}


@cache
def reorganisations() -> tuple[Reorganisation, ...]:
    return tuple(
        Reorganisation(
            day=date.fromisoformat(r["datum"]),
            old=r["van"],
            new=r["naar"],
            note_nl=r["toelichting_nl"],
            note_en=r["toelichting_en"],
            continues=r.get("voortzetting", "") == "true",
        )
        for r in data_rows("reorganisaties.csv")
    )


@cache
def successions() -> tuple[Succession, ...]:
    """Every ministry that ceased at a reorganisation, in date order.

    A ministry ceases when it is not valid after the reorganisation day (EZK and LNV on
    2 July 2024; JenV goes on). Each needs exactly one continuing successor in the code
    list: the records of its last part-year that no record key assigns go there.
    """
    by_code = ministry_by_code()
    out = []
    for day, old in sorted({(r.day, r.old) for r in reorganisations()}):
        edges = [r for r in reorganisations() if r.day == day and r.old == old]
        ministry = by_code.get(old)
        if ministry is None or ministry.valid_on(day):
            continue  # it goes on (JenV): its records stay its own
        continuing = [r.new for r in edges if r.continues]
        if len(continuing) != 1:
            raise ValueError(
                f"reorganisaties.csv: {old} ({day}) needs exactly one successor with "
                f"voortzetting = true, found {len(continuing)}"
            )
        end = ministry.valid_to or day
        first_year = end.year if end < date(end.year, 12, 31) else end.year + 1
        out.append(Succession(old, day, first_year, continuing[0], tuple(r.new for r in edges)))
    return tuple(out)


def year_end_ministry(code: str, year: int | None, key: str | None = None) -> str:
    """The ministry a record of ``code`` counts under in ``year`` (SPEC §6: a year shows
    the ministries as they were on 31 December; a ministry that ceased during the year
    has its part of the year under its successors).

    ``key`` is the record's own successor where the data has one (the ministry an
    employee went to, a building's main user in the register of the year); without
    one, or when it names no successor, the continuing successor. Chains of
    reorganisations are followed in date order. ``year`` None (an undated record):
    unchanged.
    """
    if year is None:
        return code
    for s in successions():
        if code == s.old and year >= s.first_year:
            code = key if key in s.successors else s.continuation
    return code


def successors(code: str, after: date | None = None) -> tuple[str, ...]:
    """Codes that continue ``code`` after a reorganisation (itself if it simply goes on)."""
    found = tuple(
        r.new for r in reorganisations() if r.old == code and (after is None or r.day > after)
    )
    return found or (code,)


def ministries_valid_in(year: int) -> tuple[Ministry, ...]:
    """Ministries that exist on 31 December of ``year`` (the report's structure)."""
    return tuple(m for m in ministries() if m.valid_on(date(year, 12, 31)))


def ministries_active_in(year: int) -> tuple[Ministry, ...]:
    """Ministries that exist on any day of ``year``."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    return tuple(
        m
        for m in ministries()
        if m.valid_from <= end and (m.valid_to is None or m.valid_to >= start)
    )


@cache
def provinces() -> tuple[Province, ...]:
    return tuple(
        Province(
            code=r["code"],
            name_nl=r["naam"],
            name_en=r.get("naam_en") or r["naam"],
            aliases=tuple(a for a in r["aliassen"].split("|") if a),
            randstad=r["randstad"] == "true",
        )
        for r in data_rows("provincies.csv")
    )


def default_randstad() -> frozenset[str]:
    """SPEC §4 default: Noord-Holland, Zuid-Holland, Utrecht, Flevoland."""
    return frozenset(p.code for p in provinces() if p.randstad)


@cache
def woo_categories() -> tuple[Code, ...]:
    return tuple(
        Code(r["code"], r["naam_nl"], r["naam_en"], (r["artikel"],))
        for r in data_rows("woo_categorieen.csv")
    )


@cache
def ict_families() -> tuple[Code, ...]:
    return tuple(
        Code(r["code"], r["naam_nl"], r["naam_en"]) for r in data_rows("ict_functiefamilies.csv")
    )


def _codes(entries: Iterable[Code | Ministry]) -> tuple[Code, ...]:
    return tuple(e if isinstance(e, Code) else Code(e.code, e.name_nl, e.name_en) for e in entries)


@cache
def codelist(name: str) -> tuple[Code, ...]:
    """A code list by the name theme declarations use (``ministerie``, ``provincie``, ...)."""
    lists: dict[str, Callable[[], Iterable[Code]]] = {
        "ministerie": lambda: _codes(ministries()),
        "provincie": provinces,
        "woo_categorie": woo_categories,
        "ict_functiefamilie": ict_families,
    }
    if name not in lists:
        raise KeyError(f"unknown code list {name!r}")
    return tuple(lists[name]())


def code_name(name: str, code: str, lang: str = "nl") -> str:
    """The name readers see for ``code`` of code list ``name`` (the code itself if unknown)."""
    for entry in codelist(name):
        if entry.code == code:
            return entry.name(lang)
    return code


def code_position(name: str, code: str) -> tuple[int, str]:
    """A sort key for codes of list ``name`` in the list's own order (provinces from
    Groningen to Limburg, then the Caribbean Netherlands and posts abroad); unknown last."""
    for position, entry in enumerate(codelist(name)):
        if entry.code == code:
            return (position, code)
    return (len(codelist(name)), code)


def randstad_names(codes: Iterable[str], lang: str = "nl") -> list[str]:
    """The names of a Randstad set, in code-list order."""
    wanted = set(codes)
    return [p.name(lang) for p in provinces() if p.code in wanted]


def alias_table(name: str) -> list[tuple[str, str]]:
    """(lower-case spelling, canonical code) pairs: code, name and every alias."""
    pairs: dict[str, str] = {}
    for entry in codelist(name):
        for spelling in (entry.code, entry.name_nl, entry.name_en, *entry.aliases):
            pairs.setdefault(spelling.strip().lower(), entry.code)
    return sorted(pairs.items())
