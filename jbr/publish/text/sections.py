"""The sections the JBR team writes (SPEC §8), declared once.

A year's text is a folder ``<tekstmap>/<jaar>/`` of Markdown files, one per section;
the English text of the same year sits in ``<tekstmap>/<jaar>/en/`` with the same file
names. Which sections a final build needs is this table: the report's summary, a
chapter per area (DOMAINS), the public version and the letter.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...indicators import DOMAINS
from ...locale import text
from ..words import domain_name

SUMMARY = "samenvatting"
PUBLIC = "publieksversie"
LETTER = "kamerbrief"
LANG_FOLDERS = {
    "nl": "",
    "en": "en",
}  # the folder of a language below the year's folder (not a text)


@dataclass(frozen=True)
class Section:
    key: str  # the file name without .md
    kind: str  # summary | chapter | public | letter
    domain: str | None = None  # a DOMAINS key, for chapters and public pages

    @property
    def file(self) -> str:
        return f"{self.key}.md"

    def title(self, lang: str) -> str:
        """A chapter's area name, else redactie.sectie.<key> ("Samenvatting")."""
        if self.kind == "chapter" and self.domain is not None:
            return domain_name(self.domain, lang)
        return text(f"redactie.sectie.{self.key}", lang)


# The chapters' file names: the Dutch chapter title, lower case, up to its first space.
CHAPTER_KEYS = {
    "personnel": "personeel",
    "organisation": "organisatie",
    "sustainability": "duurzaamheid",
    "information": "informatiehuishouding",
    "procurement": "inkoop",
    "housing": "huisvesting",
}
assert set(CHAPTER_KEYS) == set(DOMAINS), "a chapter file name for every area"

SECTIONS: tuple[Section, ...] = (
    Section(SUMMARY, "summary"),
    *(Section(CHAPTER_KEYS[d], "chapter", domain=d) for d in DOMAINS),
    Section(PUBLIC, "public"),
    Section(LETTER, "letter"),
)
BY_KEY = {s.key: s for s in SECTIONS}
DOMAIN_OF_PAGE = {key: domain for domain, key in CHAPTER_KEYS.items()}  # {#personeel} → area


def chapter_key(domain: str) -> str:
    return CHAPTER_KEYS[domain]
