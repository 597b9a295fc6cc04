"""Laws that replaced another on a date, for the labels of indicators that name their law.

An indicator declares ``law = "woo"`` (definitions/*.toml) when its label names the law
of its figure's year: Woo requests before 1 May 2022 were Wob requests.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..locale import text


@dataclass(frozen=True)
class LawChange:
    """A law that replaced another on a date: a label names the law of its figure's year."""

    name: str  # as the labels write it: "Woo"
    before: str  # the law it replaced: "Wob"
    since: date  # its first day
    since_nl: str  # that day as readers read it: "1 mei 2022"
    name_nl: str
    before_nl: str
    name_en: str
    before_en: str

    def in_year(self, year: int) -> str:
        """The law's short name for figures of ``year``: both when it changed mid-year."""
        if year < self.since.year:
            return self.before
        if year == self.since.year and self.since != date(year, 1, 1):
            return f"{self.before}/{self.name}"
        return self.name


# Woo requests before 1 May 2022 were Wob requests: the Wet open overheid (Stb. 2021, 499)
# replaced the Wet openbaarheid van bestuur on that day, without transitional law for
# requests. An indicator declares ``law = "woo"`` when its label names the law.
LAWS = {
    "woo": LawChange(
        name="Woo",
        before="Wob",
        since=date(2022, 5, 1),
        since_nl=text("indicatoren.wet.woo.sinds", "nl"),
        name_nl=text("indicatoren.wet.woo.voluit", "nl"),
        before_nl=text("indicatoren.wet.woo.voorganger_voluit", "nl"),
        name_en=text("indicatoren.wet.woo.voluit", "en"),
        before_en=text("indicatoren.wet.woo.voorganger_voluit", "en"),
    )
}
