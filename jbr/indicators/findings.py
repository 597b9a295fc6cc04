"""Findings of a computation that are not a figure's footnote (SPEC §6 "Readers' words").

A computation meets two kinds of things a reader should not see beside a figure:

- **data-quality findings**: the data were incomplete (a building-month without a
  meter reading, occupancy rows on a Sunday, a flight leg between unknown airports);
- **operator warnings**: jbr's own setup is incomplete (the Atw calendar lacks the
  days equated to a holiday by Royal Decree for some years).

Both go to the build log, in the operator's words (which file to extend), and to the
report's data-quality annex, in readers' words (what it means for the figures). Each
kind is declared once in ``KINDS``, its texts in the catalogue; a computation records a
``Finding`` with the kind and its parameters, never a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..locale import text

# The kinds of finding. Their texts are the catalogue's ``bevindingen.<kind>``
# (jbr/locale/<lang>/bevindingen.toml): "lezer" for the data-quality annex (readers' words),
# "log" for the build log (names files and settings, for the operator). Placeholders are the
# parameters.
KINDS = (
    "atw_decree_days",
    "energy_gaps",
    "degree_days_missing",
    "flights_unpriced",
    "occupancy_weekend",
    "occupancy_holiday",
    "occupancy_no_workplaces",
    "offices_without_occupancy",
)
OPERATOR_KINDS = {"atw_decree_days"}  # jbr's own setup, not the deliveries
# Finding.text's ``lang`` → (the catalogue's language, the text: readers' or the log's)
TEXTS = {
    "nl": ("nl", "lezer"),
    "en": ("en", "lezer"),
    "log": ("nl", "log"),
    "log_en": ("en", "log"),
}


@dataclass(frozen=True)
class Finding:
    """One finding of a computation: its kind (one of ``KINDS``) and parameters."""

    kind: str
    year: int
    indicator: str  # the figure it concerns
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def operator(self) -> bool:
        return self.kind in OPERATOR_KINDS

    def text(self, lang: str = "nl") -> str:
        """The finding in readers' words (``lang``), or for the build log (``"log"``,
        ``"log_en"``). A parameter that is a tuple of years reads as ``2017–2022``."""
        words, variant = TEXTS[lang]
        params = {
            k: years_text(list(v), words) if isinstance(v, tuple) else v for k, v in self.params
        }
        return text(f"bevindingen.{self.kind}.{variant}", words, year=self.year, **params)


def merged(findings: list[Finding]) -> list[Finding]:
    """One finding per operator warning kind (the union of its years), the data-quality
    findings as they are, newest year first: what the annex and the log list."""
    out: list[Finding] = []
    years: dict[str, set[int]] = {}
    first: dict[str, Finding] = {}
    for f in findings:
        if f.operator:
            years.setdefault(f.kind, set()).update(dict(f.params).get("years", ()))
            first.setdefault(f.kind, f)
        elif f not in out:
            out.append(f)
    for kind, f in first.items():
        params = dict(f.params) | {"years": tuple(sorted(years[kind]))}
        out.insert(0, Finding(kind, f.year, f.indicator, tuple(params.items())))
    return sorted(out, key=lambda f: (not f.operator, -f.year, f.kind))


def years_text(years: list[int], lang: str = "nl") -> str:
    """``2017–2022`` for a run of years, else ``2017, 2019 en 2021``."""
    years = sorted(set(years))
    if not years:
        return ""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    if len(years) == 1:
        return str(years[0])
    return ", ".join(map(str, years[:-1])) + f" {text('bevindingen.en', lang)} " + str(years[-1])


__all__ = ["KINDS", "Finding", "merged", "years_text"]
