"""The indicator catalogue (SPEC §5): declarations loaded from ``definitions/*.toml``.

One TOML file per area; files are read in name order and the entries keep their
order within a file (the order of the report's chapters comes from DOMAINS).
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
    # Per-ministry values add up (a count, an amount): restated across a reorganisation
    # by splitting, and a column of ministries sums to the Rijk when aggregation is "sum".
    # Declared as ``additive`` in the TOML; default: aggregation == "sum".
    additive: bool = False

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
        e["sources"] = tuple(e["sources"])
        e.setdefault("additive", e["aggregation"] == "sum")
        out.append(Indicator(**e, target=Target(**target) if target else None))
    ids = [i.id for i in out]
    if len(ids) != len(set(ids)):
        raise ValueError("duplicate indicator id in the catalogue")
    unknown = {i.domain for i in out} - set(DOMAINS)
    if unknown:
        raise ValueError(f"unknown domain(s) in the catalogue: {sorted(unknown)}")
    return tuple(out)


@cache
def by_id() -> dict[str, Indicator]:
    return {i.id: i for i in catalogue()}
