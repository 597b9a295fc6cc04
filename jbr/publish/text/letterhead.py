"""The Kamerbrief's letterhead: Kamerstuk, vergaderjaar, date, sender and signatures.

Configuration, not code (SPEC §8): ``jbr.toml``'s ``[kamerbrief]`` table (``config.py``)
gives the dossier, and per reporting year the sending date, the Kamerstuk number once the
Tweede Kamer has given it, and who signs. Everything else is derived here:

- the vergaderjaar from the sending date: a parliamentary year starts on Prinsjesdag, the
  third Tuesday of September (Grondwet art. 65), so a letter of 15 May 2024 is in
  2023–2024 and one of 17 September 2024 in 2024–2025;
- the sender line from the signatories ("Brief van de Minister en Staatssecretaris van
  Binnenlandse Zaken en Koninkrijksrelaties");
- "wij" with two or more signatories, "ik" with one.
Pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ...codelists import ministry_by_code
from ...locale import text
from ..format import day
from .problems import both

OFFICES = ("minister", "staatssecretaris")  # as a signature writes them: redactie.ambt.*
# English ministry names that take "the" after "of" ("Minister of the Interior ...").
ENGLISH_THE = ("Interior",)


def prinsjesdag(year: int) -> date:
    """The third Tuesday of September: the opening of the parliamentary year."""
    first = date(year, 9, 1)
    first_tuesday = first + timedelta(days=(1 - first.weekday()) % 7)
    return first_tuesday + timedelta(days=14)


def vergaderjaar(sent: date) -> str:
    """The parliamentary year a document sent on ``sent`` belongs to: "2023–2024"."""
    start = sent.year if sent >= prinsjesdag(sent.year) else sent.year - 1
    return f"{start}–{start + 1}"


@dataclass(frozen=True)
class Signatory:
    """One who signs: an office at a ministry (or an own title) and a name."""

    office: str  # a key of OFFICES
    ministry: str  # a ministry code
    name: str
    title_nl: str = ""  # own title, e.g. "Minister voor Volkshuisvesting en Ruimtelijke Ordening"
    title_en: str = ""

    def title(self, lang: str = "nl") -> str:
        """ "Minister van Binnenlandse Zaken en Koninkrijksrelaties" (without article)."""
        own = getattr(self, f"title_{lang}")  # jbr.toml's own title in ``lang``
        if own:
            return own
        return f"{text(f'redactie.ambt.{self.office}', lang)} {self.of(lang)}"

    def of(self, lang: str) -> str:
        """ "van Binnenlandse Zaken en Koninkrijksrelaties" / "of the Interior and ..."."""
        name = ministry_by_code()[self.ministry].name(lang)
        the = name.startswith(ENGLISH_THE)  # no Dutch name starts with an English word
        return text("redactie.brief.van_de" if the else "redactie.brief.van", lang, ministerie=name)

    def signature(self, lang: str = "nl") -> str:
        """The line above the name: "De Minister van ...,"."""
        return text("redactie.brief.ondertekening", lang, title=self.title(lang))


@dataclass(frozen=True)
class Letterhead:
    """The letterhead of the letter on one reporting year."""

    year: int  # the reporting year
    dossier: str = ""  # "31 490"
    dossier_title_nl: str = ""  # "Vernieuwing van de rijksdienst"
    dossier_title_en: str = ""
    number: int | None = None  # "Nr. 338": given by the Tweede Kamer, known after sending
    sent: date | None = None
    place_nl: str = field(default_factory=lambda: text("redactie.brief.plaats", "nl"))
    place_en: str = field(default_factory=lambda: text("redactie.brief.plaats", "en"))
    signatories: tuple[Signatory, ...] = field(default_factory=tuple)

    @property
    def vergaderjaar(self) -> str | None:
        return vergaderjaar(self.sent) if self.sent else None

    def dossier_title(self, lang: str = "nl") -> str:
        return getattr(self, f"dossier_title_{lang}") or self.dossier_title_nl

    def place(self, lang: str = "nl") -> str:
        return getattr(self, f"place_{lang}")  # jbr.toml's place in ``lang``

    def dated(self, lang: str = "nl") -> str:
        """ "Den Haag, 15 mei 2024"; empty without a sending date."""
        return f"{self.place(lang)}, {day(self.sent, lang)}" if self.sent else ""

    def pronoun(self) -> str:
        """ "wij" for two or more signatories, "ik" for one (and for none yet: a letter
        of the minister of BZK is the default)."""
        return "wij" if len(self.signatories) > 1 else "ik"

    def sender(self, lang: str = "nl") -> str:
        """ "Brief van de Minister en Staatssecretaris van Binnenlandse Zaken en
        Koninkrijksrelaties": offices of one ministry share its name."""
        groups: dict[str, list[Signatory]] = {}
        for s in self.signatories:
            key = s.ministry if not (s.title_nl or s.title_en) else f"own:{s.name}"
            groups.setdefault(key, []).append(s)
        parts = []
        for members in groups.values():
            if len(members) == 1:
                parts.append(members[0].title(lang))
                continue
            offices: list[str] = []
            for s in members:
                word = text(f"redactie.ambt.{s.office}", lang)
                if word not in offices:
                    offices.append(word)
            joined = text("redactie.brief.en", lang).join(offices)
            parts.append(f"{joined} {members[0].of(lang)}")
        if not parts:
            return text("redactie.brief.zonder_afzender", lang)
        return text(
            "redactie.brief.afzender",
            lang,
            wie=text("redactie.brief.afzender_en", lang).join(parts),
        )

    def missing(self) -> list[tuple[str, str]]:
        """What a final letter needs and this letterhead lacks: (Dutch, English)."""
        out = []
        if not self.dossier:
            out.append(both("redactie.ontbreekt.kamerstuk"))
        if self.sent is None:
            out.append(both("redactie.ontbreekt.verzonden"))
        if not self.signatories:
            out.append(both("redactie.ontbreekt.ondertekenaars"))
        return out
