"""The sections the JBR team writes (SPEC §8), declared once.

A year's text is a folder ``<tekstmap>/<jaar>/`` of Markdown files, one per section;
the English text of the same year sits in ``<tekstmap>/<jaar>/en/`` with the same file
names. Which sections a final build needs is this table: the report's summary, a
chapter per area (DOMAINS), the public version and the letter.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...indicators import DOMAINS

SUMMARY = "samenvatting"
PUBLIC = "publieksversie"
LETTER = "kamerbrief"
LANG_FOLDERS = {"nl": "", "en": "en"}  # the folder of a language below the year's folder


@dataclass(frozen=True)
class Section:
    key: str  # the file name without .md
    kind: str  # summary | chapter | public | letter
    title_nl: str
    title_en: str
    domain: str | None = None  # a DOMAINS key, for chapters and public pages

    @property
    def file(self) -> str:
        return f"{self.key}.md"

    def title(self, lang: str) -> str:
        return self.title_nl if lang == "nl" else self.title_en


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
    Section(SUMMARY, "summary", "Samenvatting", "Summary"),
    *(Section(CHAPTER_KEYS[d], "chapter", nl, en, domain=d) for d, (nl, en) in DOMAINS.items()),
    Section(PUBLIC, "public", "Publieksversie", "Public version"),
    Section(LETTER, "letter", "Kamerbrief", "Letter to parliament"),
)
BY_KEY = {s.key: s for s in SECTIONS}
DOMAIN_OF_PAGE = {key: domain for domain, key in CHAPTER_KEYS.items()}  # {#personeel} → area


def chapter_key(domain: str) -> str:
    return CHAPTER_KEYS[domain]
