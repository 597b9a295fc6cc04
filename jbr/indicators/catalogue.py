"""The indicator catalogue (SPEC §5): declarations loaded from ``definitions/*.toml``.

One TOML file per area; files are read in name order and the entries keep their
order within a file (the order of the report's chapters comes from DOMAINS).

Every entry has a ``kind`` (SPEC §6 "Targets and prognoses are different things"):

- ``indicator`` (the default): a figure measured from the deliveries; it may have a
  ``target`` and then a status (met / on track / off track);
- ``prognosis``: a projection of another indicator (its ``basis``), declared with its
  method, bounds and horizon in ``[indicator.prognosis]``. A prognosis never has a
  target, so it never has a status and never enters a tally of targets.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Target:
    value: float
    direction: str  # "at_most" | "at_least"
    year: int | None = None  # year by which it must be met; None = every year
    baseline_year: int | None = None
    source: str = ""
    from_data: bool = False  # the value comes per ministry-year from a delivery


KINDS = ("indicator", "prognosis")


@dataclass(frozen=True)
class Prognosis:
    """How a prognosis is made and where it stops (shown wherever it is published)."""

    basis: str  # the indicator it projects
    method_nl: str
    method_en: str
    bounds_nl: str
    bounds_en: str
    # The last year a prognosis names: a projected year beyond it is not published as a
    # number but as "after <horizon>" (a straight line says nothing about a century ahead).
    horizon: int
    year: int | None = None  # the year the projection is for; None when the value is a year
    min_years: int = 3  # the fewest years of data a trend is drawn through

    def method(self, lang: str = "nl") -> str:
        return self.method_nl if lang == "nl" else self.method_en

    def bounds(self, lang: str = "nl") -> str:
        return self.bounds_nl if lang == "nl" else self.bounds_en


@dataclass(frozen=True)
class Records:
    """A breakdown per record (building, project): its detail goes to the downloads and the
    report shows a summary; ``noun`` names the records ("kantoren", "projecten")."""

    noun_nl: str
    noun_en: str

    def noun(self, lang: str = "nl") -> str:
        return self.noun_nl if lang == "nl" else self.noun_en


@dataclass(frozen=True)
class Indicator:
    id: str
    domain: str
    label_nl: str
    label_en: str
    definition_nl: str
    definition_en: str
    formula: str
    unit: str
    unit_en: str
    aggregation: str  # sum | ratio | rijk
    persons: bool
    sources: tuple[str, ...]
    computation: str
    target: Target | None = None
    kind: str = "indicator"  # one of KINDS
    prognosis: Prognosis | None = None
    # true: a reader compares ministries on this figure; the report draws them as bars
    compare: bool = False
    records: Records | None = None  # a per-record breakdown (see Records)

    @property
    def is_prognosis(self) -> bool:
        return self.kind == "prognosis"

    def label(self, lang: str = "nl") -> str:
        return self.label_nl if lang == "nl" else self.label_en

    def definition(self, lang: str = "nl") -> str:
        return self.definition_nl if lang == "nl" else self.definition_en


DOMAINS: dict[str, tuple[str, str]] = {
    # SPEC §1: the six areas of the JBR, in report order.
    "personnel": ("Personeel", "Personnel"),
    "organisation": ("Organisatie", "Organisation"),
    "sustainability": ("Duurzaamheid", "Sustainability"),
    "information": ("Informatiehuishouding en ICT", "Information management and ICT"),
    "procurement": ("Inkoop", "Procurement"),
    "housing": ("Huisvesting", "Housing"),
}


@cache
def catalogue() -> tuple[Indicator, ...]:
    folder = resources.files("jbr.indicators").joinpath("definitions")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    entries = [e for f in files for e in tomllib.loads(f.read_text("utf-8")).get("indicator", [])]
    out = []
    for e in entries:
        target = e.pop("target", None)
        prognosis = e.pop("prognosis", None)
        records = e.pop("records", None)
        e["sources"] = tuple(e["sources"])
        out.append(
            Indicator(
                **e,
                target=Target(**target) if target else None,
                prognosis=Prognosis(**prognosis) if prognosis else None,
                records=Records(**records) if records else None,
            )
        )
    ids = [i.id for i in out]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate indicator id in the catalogue")
    for i in out:
        check_kind(i, set(ids))
    unknown = {i.domain for i in out} - set(DOMAINS)
    if unknown:
        raise ValueError(f"unknown domain(s) in the catalogue: {sorted(unknown)}")
    return tuple(out)


def check_kind(ind: Indicator, ids: set[str]) -> None:
    """A prognosis has its method and no target; an indicator has no prognosis block."""
    if ind.kind not in KINDS:
        raise ValueError(f"{ind.id}: unknown kind {ind.kind!r} (one of {', '.join(KINDS)})")
    if ind.is_prognosis:
        if ind.prognosis is None:
            raise ValueError(f"{ind.id}: a prognosis needs [indicator.prognosis]")
        if ind.target is not None:
            raise ValueError(f"{ind.id}: a prognosis has no target, so it never has a status")
        if ind.prognosis.basis not in ids:
            raise ValueError(f"{ind.id}: prognosis of unknown indicator {ind.prognosis.basis!r}")
    elif ind.prognosis is not None:
        raise ValueError(f'{ind.id}: [indicator.prognosis] needs kind = "prognosis"')


@cache
def by_id() -> dict[str, Indicator]:
    return {i.id: i for i in catalogue()}


def prognoses_of(indicator: str) -> list[Indicator]:
    """The prognoses that project ``indicator``, in catalogue order."""
    return [i for i in catalogue() if i.prognosis is not None and i.prognosis.basis == indicator]
