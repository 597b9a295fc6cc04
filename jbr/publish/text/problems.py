"""What the text checks report: a ``TextProblem`` per finding, its words in a catalogue.

Like the delivery validator's ``Problem``: a value with a home (file, line, column, the
reference or the number as written), a rule slug, a message and a hint, in Dutch or
English. Only the CLI and the build turn them into exit codes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

ERROR, WARNING = "error", "warning"

# rule → (severity, Dutch message, English message, Dutch hint, English hint).
# Messages are ``str.format`` templates over the problem's fields.
MESSAGES: dict[str, tuple[str, str, str, str, str]] = {
    "syntax": (
        ERROR,
        "verwijzing {reference} is niet te lezen",
        "reference {reference} cannot be read",
        "schrijf {{{{ indicator[@MINISTERIE][:JAAR] [| vorm] }}}}, bijv. {{{{ personnel.fte | verandering }}}}",
        "write {{{{ indicator[@MINISTRY][:YEAR] [| format] }}}}, e.g. {{{{ personnel.fte | change }}}}",
    ),
    "unclosed": (
        ERROR,
        "verwijzing zonder }}}} op dezelfde regel: {reference}",
        "reference without }}}} on the same line: {reference}",
        "een verwijzing staat op één regel tussen {{{{ en }}}}",
        "a reference stands on one line between {{{{ and }}}}",
    ),
    "unknown_indicator": (
        ERROR,
        "onbekende indicator in {reference}",
        "unknown indicator in {reference}",
        "{hint}",
        "{hint}",
    ),
    "unknown_category": (
        ERROR,
        "onbekende categorie in {reference}",
        "unknown category in {reference}",
        "{hint}",
        "{hint}",
    ),
    "unknown_ministry": (
        ERROR,
        "onbekend ministerie in {reference}",
        "unknown ministry in {reference}",
        "{hint}",
        "{hint}",
    ),
    "unknown_year": (
        ERROR,
        "geen cijfers over het jaar in {reference}",
        "no figures for the year in {reference}",
        "jaren met cijfers: {hint}",
        "years with figures: {hint}",
    ),
    "unknown_format": (
        ERROR,
        "onbekende vorm in {reference}",
        "unknown format in {reference}",
        "vormen: {hint}",
        "formats: {hint}",
    ),
    "no_figure": (
        ERROR,
        "{reference}: dit cijfer is er niet",
        "{reference}: there is no such figure",
        "{hint}",
        "{hint}",
    ),
    "suppressed": (
        ERROR,
        "{reference}: dit cijfer wordt niet gepubliceerd (minder dan 10 personen)",
        "{reference}: this figure is not published (fewer than 10 persons)",
        "noem het cijfer niet, of verwijs naar het Rijk of een groter geheel",
        "leave the figure out, or refer to the Rijk or a larger whole",
    ),
    "unknown_value": (
        ERROR,
        "{reference}: dit cijfer is onbekend (niet aangeleverd of niet te berekenen)",
        "{reference}: this figure is unknown (not delivered or not computable)",
        "{hint}",
        "{hint}",
    ),
    "format_not_applicable": (
        ERROR,
        "{reference}: deze vorm past niet bij dit cijfer",
        "{reference}: this format does not fit this figure",
        "{hint}",
        "{hint}",
    ),
    "stale_number": (
        WARNING,
        "{reference} is geen gepubliceerd cijfer van {year}: mogelijk verouderd",
        "{reference} is no published figure of {year}: possibly stale",
        "{hint}",
        "{hint}",
    ),
    "unit_twice": (
        WARNING,
        "{reference} schrijft de eenheid al; de tekst erna herhaalt haar",
        "{reference} writes the unit already; the text after it repeats it",
        "schrijf {hint}, of laat het woord erna weg",
        "write {hint}, or leave out the word after it",
    ),
    "pronoun": (
        WARNING,
        "{reference}: de brief heeft {hint}",
        "{reference}: the letter has {hint}",
        "",
        "",
    ),
    "page_unknown": (
        ERROR,
        "onbekende pagina {reference}",
        "unknown page {reference}",
        "pagina's: {hint}",
        "pages: {hint}",
    ),
}


@dataclass(frozen=True)
class TextProblem:
    """One finding in a text file (``line`` and ``column`` 1-based, as an editor sees them)."""

    file: str  # path as given, e.g. redactie/2024/samenvatting.md
    line: int
    column: int
    reference: str  # the reference or number as written
    rule: str
    detail_nl: str = ""  # detail the templates use as {hint}, per language
    detail_en: str = ""
    year: int | None = None

    def _fields(self, lang: str) -> dict[str, Any]:
        detail = self.detail_nl if lang == "nl" else (self.detail_en or self.detail_nl)
        return {"reference": self.reference, "hint": detail, "year": self.year}

    @property
    def severity(self) -> str:
        return MESSAGES[self.rule][0]

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def message(self, lang: str = "nl") -> str:
        return MESSAGES[self.rule][1 if lang == "nl" else 2].format(**self._fields(lang))

    def help(self, lang: str = "nl") -> str:
        return MESSAGES[self.rule][3 if lang == "nl" else 4].format(**self._fields(lang))

    def where(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def as_dict(self, lang: str = "nl") -> dict[str, Any]:
        row = {k: v for k, v in asdict(self).items() if not k.startswith("detail_")}
        row.update(severity=self.severity, message=self.message(lang), hint=self.help(lang))
        return row

    def text(self, lang: str = "nl") -> str:
        """One line: ``file:line:column: message (hint)``."""
        hint = self.help(lang)
        return f"{self.where()}: {self.message(lang)}" + (f" — {hint}" if hint else "")


class TextErrors(Exception):
    """The text has errors (unknown or suppressed references): the build stops."""

    def __init__(self, problems: list[TextProblem]) -> None:
        self.problems = problems
        super().__init__(f"{sum(p.is_error for p in problems)} error(s) in the text")


@dataclass(frozen=True)
class Missing:
    """A required part of a year's text that is not there (file and what is missing)."""

    file: str
    what_nl: str
    what_en: str

    def text(self, lang: str = "nl") -> str:
        return f"{self.file}: {self.what_nl if lang == 'nl' else self.what_en}"


class TextIncomplete(Exception):
    """A final build or a publication needs every required section; ``missing`` says
    which are not there."""

    def __init__(self, year: int, missing: list[Missing]) -> None:
        self.year, self.missing = year, missing
        super().__init__(f"text for {year} incomplete: " + "; ".join(m.text("en") for m in missing))
