"""Findings of a computation that are not a figure's footnote (SPEC §6 "Readers' words").

A computation meets two kinds of things a reader should not see beside a figure:

- **data-quality findings**: the data were incomplete (a building-month without a
  meter reading, occupancy rows on a Sunday, a flight leg between unknown airports);
- **operator warnings**: jbr's own setup is incomplete (the Atw calendar lacks the
  days equated to a holiday by Royal Decree for some years).

Both go to the build log, in the operator's words (which file to extend), and to the
report's data-quality annex, in readers' words (what it means for the figures). Each
kind is declared once in ``MESSAGES`` with its texts; a computation records a
``Finding`` with the kind and its parameters, never a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# kind → texts. "log"/"log_en": the build log (names files and settings, for the operator);
# "nl"/"en": the data-quality annex (readers' words). Placeholders are the parameters.
MESSAGES: dict[str, dict[str, str]] = {
    "atw_decree_days": {
        "log": "Atw-kalender: geen gelijkgestelde dagen (Koninklijke Besluiten) voor {years}; "
        "de kalender kent ze voor {known}. Vul jbr/codelists/data/atw_feestdagen.csv aan "
        "(zie docs/woo.md).",
        "log_en": "Atw calendar: no days equated to a holiday (Royal Decrees) for {years}; "
        "the calendar has them for {known}. Extend jbr/codelists/data/atw_feestdagen.csv "
        "(see docs/woo.md).",
        "nl": "De termijnen van Woo-verzoeken die in {years} eindigen, zijn berekend zonder de "
        "dagen die bij Koninklijk Besluit met een feestdag zijn gelijkgesteld: die dagen zijn "
        "voor deze jaren nog niet vastgelegd. Zo'n termijn kan daardoor een dag te vroeg "
        "eindigen.",
        "en": "The terms of Woo requests ending in {years} were computed without the days "
        "equated to a public holiday by Royal Decree: those days have not yet been recorded "
        "for these years. Such a term may therefore end a day early.",
    },
    "energy_gaps": {
        "log": "{year}: {n} gebouwmaand(en) zonder meterstand (energie), niet aangevuld.",
        "log_en": "{year}: {n} building-month(s) without a meter reading (energy), not filled in.",
        "nl": "{year}: maanden zonder meterstand van een gebouw en energiedrager: {n}. Het "
        "verbruik van die maanden is niet geschat, dus het energieverbruik is daar te laag.",
        "en": "{year}: months without a meter reading for a building and carrier: {n}. The use "
        "of those months was not estimated, so energy use is too low there.",
    },
    "degree_days_missing": {
        "log": "{year}: graaddagen van {year} of {reference} niet volledig aangeleverd; "
        "geen weercorrectie.",
        "log_en": "{year}: degree days of {year} or {reference} not delivered in full; "
        "no weather correction.",
        "nl": "{year}: geen weercorrectie van het aardgasverbruik, want de graaddagen van "
        "{year} of van het referentiejaar {reference} zijn niet volledig aangeleverd.",
        "en": "{year}: no weather correction of gas use, because the degree days of {year} "
        "or of the reference year {reference} were not delivered in full.",
    },
    "flights_unpriced": {
        "log": "{year}: {n} vluchtdeel/delen zonder afstand of emissiefactor niet meegeteld "
        "(luchthavens: {airports}).",
        "log_en": "{year}: {n} flight leg(s) without distance or emission factor not counted "
        "(airports: {airports}).",
        "nl": "{year}: vluchtdelen die niet zijn meegeteld in de CO₂-uitstoot van "
        "dienstvluchten, omdat de luchthaven onbekend is: {n} (luchthavens {airports}).",
        "en": "{year}: flight legs not counted in the CO₂ emissions of business flights "
        "because the airport is unknown: {n} (airports {airports}).",
    },
    "occupancy_weekend": {
        "log": "{year}: {n} bezettingsregel(s) op zaterdag of zondag niet meegeteld.",
        "log_en": "{year}: {n} occupancy row(s) on a Saturday or Sunday not counted.",
        "nl": "{year}: bezettingsregels op een zaterdag of zondag, niet meegeteld in de "
        "bezettingsgraad: {n}.",
        "en": "{year}: occupancy rows on a Saturday or Sunday, not counted in the occupancy "
        "rate: {n}.",
    },
    "occupancy_holiday": {
        "log": "{year}: {n} bezettingsregel(s) op een feestdag niet meegeteld.",
        "log_en": "{year}: {n} occupancy row(s) on a public holiday not counted.",
        "nl": "{year}: bezettingsregels op een feestdag, niet meegeteld in de bezettingsgraad: "
        "{n}.",
        "en": "{year}: occupancy rows on a public holiday, not counted in the occupancy rate: {n}.",
    },
    "occupancy_no_workplaces": {
        "log": "{year}: {n} bezettingsregel(s) zonder aantal werkplekken niet meegeteld.",
        "log_en": "{year}: {n} occupancy row(s) without a number of workplaces not counted.",
        "nl": "{year}: bezettingsregels zonder aantal werkplekken (ook niet in het "
        "gebouwenregister), niet meegeteld in de bezettingsgraad: {n}.",
        "en": "{year}: occupancy rows without a number of workplaces (nor in the building "
        "register), not counted in the occupancy rate: {n}.",
    },
    "offices_without_occupancy": {
        "log": "{year}: {n} kantoor/kantoren zonder bezettingsgegevens.",
        "log_en": "{year}: {n} office(s) without occupancy data.",
        "nl": "{year}: kantoren zonder aangeleverde bezetting: {n}. Ze tellen niet mee in de "
        "bezettingsgraad.",
        "en": "{year}: offices without delivered occupancy: {n}. They are not counted in the "
        "occupancy rate.",
    },
}
OPERATOR_KINDS = {"atw_decree_days"}  # jbr's own setup, not the deliveries


@dataclass(frozen=True)
class Finding:
    """One finding of a computation: its kind (a key of ``MESSAGES``) and parameters."""

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
        words = "en" if lang.endswith("en") else "nl"
        params = {
            k: years_text(list(v), words) if isinstance(v, tuple) else v for k, v in self.params
        }
        return MESSAGES[self.kind][lang].format(year=self.year, **params)


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
    return ", ".join(map(str, years[:-1])) + (" en " if lang == "nl" else " and ") + str(years[-1])


__all__ = ["MESSAGES", "Finding", "merged", "years_text"]
