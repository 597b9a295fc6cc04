"""The indicator catalogue (SPEC §5): declarations loaded from ``definitions/*.toml``.

One taxonomy (issue 15): a domain is a chapter of the report (``DOMAINS``), declared in
``definitions/<domain>.toml`` and computed in ``jbr/indicators/<domain>.py`` or the package
``jbr/indicators/<domain>/``; an indicator's domain is its file's name, and its id starts
with a prefix of that domain (``PREFIXES``). Entries keep their order within a file (a
chapter's order); the files are read in the runs of ``ORDER``.

Every entry has a ``kind`` (SPEC §6 "Targets and prognoses are different things"):

- ``indicator`` (the default): a figure measured from the deliveries; it may have a
  ``target`` and then a status (met / on track / off track);
- ``prognosis``: a projection of another indicator (its ``basis``), declared with its
  method, bounds and horizon in ``[indicator.prognosis]``. A prognosis never has a
  target, so it never has a status and never enters a tally of targets.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from ..codelists import in_language
from ..codelists.domains import DOMAINS
from ..locale import text
from .laws import LAWS


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
        return in_language(lang, self.method_nl, self.method_en)

    def bounds(self, lang: str = "nl") -> str:
        return in_language(lang, self.bounds_nl, self.bounds_en)


@dataclass(frozen=True)
class Records:
    """A breakdown per record (building, project): its detail goes to the downloads and the
    report shows a summary; ``noun`` names the records ("kantoren", "projecten")."""

    noun_nl: str
    noun_en: str

    def noun(self, lang: str = "nl") -> str:
        return in_language(lang, self.noun_nl, self.noun_en)


@dataclass(frozen=True)
class Listing:
    """The records an indicator's figure is about, listed with it (SPEC §5.3–§5.5: "each
    ... is listed"): made by ``function`` (registered with ``engine.listing``)."""

    function: str
    caption_nl: str
    caption_en: str
    # a data-quality finding: shown in the data-quality annex, not in the chapter
    quality: bool = False
    # per-record detail that goes to the report's downloads in full, as
    # tabellen/<download>.csv|.xlsx|.ods; the report says how many and links to it
    download: str = ""

    def caption(self, lang: str = "nl") -> str:
        return in_language(lang, self.caption_nl, self.caption_en)


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
    law: str = ""  # a key of LAWS when the label names a law that replaced another
    # The code list a broken-down indicator's categories come from (``provincie``,
    # ``woo_categorie``): readers see the names, the open data keeps the codes.
    breakdown: str = ""
    # A data-quality counter (e.g. building-months without a meter reading): computed and
    # shown in the data-quality annex, never published as an indicator (SPEC §6).
    quality: bool = False
    kind: str = "indicator"  # one of KINDS
    prognosis: Prognosis | None = None
    # true: a reader compares ministries on this figure; the report draws them as bars
    compare: bool = False
    records: Records | None = None  # a per-record breakdown (see Records)
    # Per-ministry values add up (a count, an amount): restated across a reorganisation
    # by splitting, and a column of ministries sums to the Rijk when aggregation is "sum".
    # Declared as ``additive`` in the TOML; default: aggregation == "sum".
    additive: bool = False
    decimals: int | None = None  # precision of the figure; None: from the unit (opendata/values.py)
    no_figure_nl: str = ""  # why a figure can be empty, where the computation gives no note
    no_figure_en: str = ""
    listing: Listing | None = None  # the records listed with the figure (see Listing)
    # A key figure of the report's summary: its place among its chapter's key figures
    # (1, 2, …; the summary lists them chapter by chapter). 0: not a key figure.
    key_figure: int = 0

    @property
    def is_prognosis(self) -> bool:
        return self.kind == "prognosis"

    def category(self, code: str, lang: str = "nl") -> str:
        """The name of a breakdown category (a province, a Woo category), else the code."""
        if not self.breakdown:
            return code
        from ..codelists import code_name

        return code_name(self.breakdown, code, lang)

    def category_key(self, code: str) -> tuple[int, str]:
        """Categories in their code list's order (provinces north to south), else by code."""
        if not self.breakdown:
            return (0, code)
        from ..codelists import code_position

        return code_position(self.breakdown, code)

    def label(self, lang: str = "nl", year: int | None = None) -> str:
        """The label; with ``year``, naming the law in force in that year (Wob before the
        Woo of 1 May 2022, both in 2022)."""
        label = in_language(lang, self.label_nl, self.label_en)
        if year is None or not self.law:
            return label
        change = LAWS[self.law]
        return label.replace(change.name, change.in_year(year))

    def law_note(self, year: int) -> str | None:
        """For a figure of a year before the law's change (or of the year it changed), which
        law its requests fell under, in Dutch like the other figure notes; else None."""
        if not self.law:
            return None
        change = LAWS[self.law]
        name = change.in_year(year)
        if name == change.name:
            return None
        fields = {
            "before": change.before,
            "before_full": change.before_nl,
            "since": change.since_nl,
            "name": change.name,
            "name_full": change.name_nl,
        }
        if name == change.before:
            return text("indicatoren.wet.noot_voor", "nl", **fields)
        return text("indicatoren.wet.noot_overgang", "nl", **fields)

    def name(self, lang: str = "nl", year: int | None = None) -> str:
        """The label without the unit it may end in ("Aardgasverbruik (TJ)" → "Aardgasverbruik"):
        for where the figure or the caption states the unit, so it reads once. With ``year``,
        naming the law of that year, as ``label``."""
        label, unit = self.label(lang, year), in_language(lang, self.unit, self.unit_en)
        suffix = f" ({unit})"
        return label[: -len(suffix)] if unit and label.endswith(suffix) else label

    def name_between(self, lang: str, first: int, last: int) -> str:
        """``name`` for a series from ``first`` to ``last``: where the law changed in
        between, both laws ("Ontvangen Wob/Woo-verzoeken" for 2017–2024), so a sentence
        or chart about the whole series does not call Wob requests Woo requests."""
        if not self.law or self.name(lang, first) == self.name(lang, last):
            return self.name(lang, last)
        change = LAWS[self.law]
        return self.name(lang).replace(change.name, f"{change.before}/{change.name}")

    def definition(self, lang: str = "nl") -> str:
        return in_language(lang, self.definition_nl, self.definition_en)


# The prefix of an indicator id (before the first dot) names its domain. Ids are published
# (URLs, open data), so a prefix keeps its domain; a new prefix is declared here.
PREFIXES: dict[str, str] = {
    "personnel": "personnel",
    "organisation": "organisation",
    "energy": "sustainability",
    "travel": "sustainability",
    "climate": "sustainability",
    "ict": "information",
    "ai": "information",
    "woo": "information",
    "procurement": "procurement",
    "housing": "housing",
}

# The catalogue's order, in which the open data, the API, ``jbr indicators`` and the
# highlights list the indicators: runs of the domain files, each from the start of its file
# (or from the id named) up to the next run of that file. It is the order the catalogue had
# when its files were per subject rather than per chapter, kept so that no published list
# moved; a new indicator goes at the end of its domain's file, so into that file's last run.
ORDER: tuple[tuple[str, str], ...] = (
    ("housing", ""),
    ("personnel", ""),
    ("information", ""),  # the KWIV ICT workforce (once in the personnel file)
    ("organisation", ""),
    ("procurement", ""),
    ("sustainability", ""),
    ("information", "woo.published_documents"),  # the Woo, AI and ICT projects
)


def domain_of(indicator_id: str) -> str:
    """The domain of an id by its prefix (``ict.vacancies`` → information)."""
    prefix = indicator_id.split(".", 1)[0]
    if prefix not in PREFIXES:
        raise ValueError(f"indicator {indicator_id}: unknown prefix {prefix!r} (see PREFIXES)")
    return PREFIXES[prefix]


def declarations(folder: Traversable | None = None) -> dict[str, list[dict[str, Any]]]:
    """Per domain, its file's entries in file order, each with its ``domain`` (from
    ``folder``, by default the package's ``definitions/``)."""
    folder = folder or resources.files("jbr.indicators").joinpath("definitions")
    files = {f.name[: -len(".toml")]: f for f in folder.iterdir() if f.name.endswith(".toml")}
    if set(files) != set(DOMAINS):
        raise ValueError(
            f"definitions/: one file per domain ({', '.join(DOMAINS)}), found {sorted(files)}"
        )
    out = {}
    for domain, f in files.items():
        entries = tomllib.loads(f.read_text("utf-8")).get("indicator", [])
        for e in entries:
            if "domain" in e:
                raise ValueError(f"indicator {e['id']}: its domain is its file's ({domain}.toml)")
            if domain_of(e["id"]) != domain:
                raise ValueError(
                    f"indicator {e['id']}: declared in {domain}.toml, "
                    f"but its prefix belongs to {domain_of(e['id'])}"
                )
            e["domain"] = domain
        out[domain] = entries
    return out


def in_order(per_domain: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The entries in the runs of ``ORDER``."""
    runs = []
    for domain, entries in per_domain.items():
        starts = [first for d, first in ORDER if d == domain]
        ids = [e["id"] for e in entries]
        cuts = [0 if not first else ids.index(first) if first in ids else -1 for first in starts]
        if not starts or cuts[0] != 0 or -1 in cuts or cuts != sorted(cuts):
            raise ValueError(f"catalogue.ORDER: runs of {domain}.toml do not match the file")
        runs.append(
            {
                (domain, first): entries[a:b]
                for first, a, b in zip(starts, cuts, [*cuts[1:], len(entries)], strict=True)
            }
        )
    merged = {key: part for run in runs for key, part in run.items()}
    return [e for key in ORDER for e in merged[key]]


@cache
def catalogue() -> tuple[Indicator, ...]:
    out = []
    for e in in_order(declarations()):
        if e.get("law", "") not in ("", *LAWS):
            raise ValueError(f"indicator {e['id']}: unknown law {e['law']!r}")
        target = e.pop("target", None)
        prognosis = e.pop("prognosis", None)
        records = e.pop("records", None)
        listing = e.pop("listing", None)
        e["sources"] = tuple(e["sources"])
        e.setdefault("additive", e["aggregation"] == "sum")
        out.append(
            Indicator(
                **e,
                target=Target(**target) if target else None,
                prognosis=Prognosis(**prognosis) if prognosis else None,
                records=Records(**records) if records else None,
                listing=Listing(**listing) if listing else None,
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


def by_chapter(indicators: Iterable[Indicator]) -> list[Indicator]:
    """``indicators`` chapter by chapter (the order of DOMAINS), each in catalogue order."""
    chapters = list(DOMAINS)
    return sorted(indicators, key=lambda i: chapters.index(i.domain))


def key_figures() -> list[Indicator]:
    """The key figures of the report's summary: chapter by chapter, each chapter's in the
    order of their ``key_figure``."""
    chosen = [i for i in catalogue() if i.key_figure]
    chapters = list(DOMAINS)
    return sorted(chosen, key=lambda i: (chapters.index(i.domain), i.key_figure))


def listed() -> list[Indicator]:
    """The indicators with a record listing, chapter by chapter."""
    return by_chapter(i for i in catalogue() if i.listing is not None)


@cache
def by_id() -> dict[str, Indicator]:
    return {i.id: i for i in catalogue()}


def prognoses_of(indicator: str) -> list[Indicator]:
    """The prognoses that project ``indicator``, in catalogue order."""
    return [i for i in catalogue() if i.prognosis is not None and i.prognosis.basis == indicator]
