"""What the text checks report: a ``TextProblem`` per finding, its words in a catalogue.

Like the delivery validator's ``Problem``: a value with a home (file, line, column, the
reference or the number as written), a rule slug, a message and a hint, in Dutch or
English. Only the CLI and the build turn them into exit codes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ...locale import catalogue, raw, text

ERROR, WARNING = "error", "warning"

# rule → severity. Its words: redactie.probleem.<rule>.bericht (the message) and .hint,
# ``str.format`` templates over the problem's fields; a rule without a hint has no .hint.
SEVERITY: dict[str, str] = {
    "syntax": ERROR,
    "unclosed": ERROR,
    "unknown_indicator": ERROR,
    "unknown_category": ERROR,
    "unknown_ministry": ERROR,
    "unknown_year": ERROR,
    "unknown_format": ERROR,
    "no_figure": ERROR,
    "suppressed": ERROR,
    "unknown_value": ERROR,
    "format_not_applicable": ERROR,
    "stale_number": WARNING,
    "unit_twice": WARNING,
    "pronoun": WARNING,
    "page_unknown": ERROR,
}


def both(key: str, /, **fields: Any) -> tuple[str, str]:
    """A catalogue text in Dutch and in English: a problem's detail (``detail_nl``,
    ``detail_en``) is made where the problem is found, before anyone reads it. Always
    formatted (``{{`` is a literal brace), with or without fields."""
    return raw(key, "nl").format(**fields), raw(key, "en").format(**fields)


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
        detail = getattr(self, f"detail_{lang}") or self.detail_nl
        return {"reference": self.reference, "hint": detail, "year": self.year}

    @property
    def severity(self) -> str:
        return SEVERITY[self.rule]

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def message(self, lang: str = "nl") -> str:
        return text(f"redactie.probleem.{self.rule}.bericht", lang, **self._fields(lang))

    def help(self, lang: str = "nl") -> str:
        key = f"redactie.probleem.{self.rule}.hint"
        return text(key, lang, **self._fields(lang)) if key in catalogue(lang) else ""

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
        return f"{self.file}: {getattr(self, f'what_{lang}')}"


class TextIncomplete(Exception):
    """A final build or a publication needs every required section; ``missing`` says
    which are not there."""

    def __init__(self, year: int, missing: list[Missing]) -> None:
        self.year, self.missing = year, missing
        super().__init__(f"text for {year} incomplete: " + "; ".join(m.text("en") for m in missing))
