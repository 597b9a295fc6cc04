"""Validation problems as values (STYLE: errors are values with a home).

Validation never raises for bad input; it returns ``Problem``s. Only the CLI
turns them into exit codes and text. Every generic rule has a stable slug and
a Dutch and English message with a hint in the catalogue; theme-specific rules
carry their own text in the theme declaration.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from ..locale import DEFAULT, catalogue, text

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    file: str
    sheet: str | None
    row: int | None  # 1-based as the user sees it (header = row 1 in csv/xlsx)
    column: str | None
    value: str | None
    rule: str
    message: str  # what is wrong
    severity: str = ERROR  # ERROR rejects the file; WARNING is reported and the file is kept
    hint: str | None = None  # what to do about it

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def text(self) -> str:
        """Message and hint as one line, for tables and logs."""
        return f"{self.message} {self.hint}" if self.hint else self.message

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


# A generic rule's texts are in the catalogue (jbr/locale/<lang>/levering.toml): what is
# wrong as ``levering.melding.<rule>`` and what to do about it as ``levering.hint.<rule>``;
# {placeholders} are filled per problem.
MESSAGE = "levering.melding."
HINT = "levering.hint."


def rules() -> list[str]:
    """The slugs of the generic rules (those with a message in the catalogue)."""
    return [key.removeprefix(MESSAGE) for key in catalogue(DEFAULT) if key.startswith(MESSAGE)]


def message(rule: str, lang: str = "nl", **fields: Any) -> str:
    """What is wrong, in ``lang``."""
    return text(MESSAGE + rule, lang, **fields)


def hint(rule: str, lang: str = "nl", **fields: Any) -> str | None:
    """What to do about it, in ``lang``; None for a rule without a hint."""
    if HINT + rule not in catalogue(lang):
        return None
    return text(HINT + rule, lang, **fields)


def problem(
    file: str,
    sheet: str | None,
    row: int | None,
    column: str | None,
    value: str | None,
    rule: str,
    lang: str = "nl",
    severity: str = ERROR,
    /,
    **fields: Any,
) -> Problem:
    """A problem of a generic rule, its message and hint filled from the registry."""
    return Problem(
        file,
        sheet,
        row,
        column,
        value,
        rule,
        message(rule, lang, **fields),
        severity,
        hint(rule, lang, **fields),
    )


def file_problem(
    file: str, rule: str, lang: str = "nl", sheet: str | None = None, **fields: Any
) -> Problem:
    """A problem about the file as a whole (no row or column)."""
    return problem(file, sheet, None, None, None, rule, lang, **fields)
