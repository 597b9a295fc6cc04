"""The portal's own problems: one rule of the portal broken, and a reading worker that
passed a cap (or died), in the supplier's words and with what to do about it."""

from __future__ import annotations

from babel.numbers import format_decimal

from ...deliveries.problems import ERROR, Problem
from ...locale import text
from ..worker import CRASH, MEMORY, TIME, Workers


def portal_problem(
    file: str, rule: str, message: str, hint: str | None = None, **where: object
) -> Problem:
    """A problem of the portal's own rules: what is wrong (``message``, in the supplier's
    language) and, apart, what to do about it (``hint``)."""
    return Problem(
        file,
        where.get("sheet"),  # type: ignore[arg-type]
        where.get("row"),  # type: ignore[arg-type]
        where.get("column"),  # type: ignore[arg-type]
        where.get("value"),  # type: ignore[arg-type]
        rule,
        message,
        ERROR,
        hint=hint,
    )


def _what_to_do(file: str, lang: str) -> str:
    """The hint for a file too heavy to read, by its kind."""
    if file.lower().endswith(".xlsx"):
        return text("portaal.advies.xlsx_te_zwaar", lang)
    return text("portaal.advies.te_zwaar", lang)


def failure_problem(failure: str, file: str, workers: Workers, lang: str) -> Problem:
    """A worker that passed a cap (or died), in the supplier's words, with what to do."""
    limits = workers.limits
    hint = _what_to_do(file, lang)
    if failure == MEMORY:
        mb = format_decimal(limits.memory_bytes >> 20, locale=lang)  # 1.024 / 1,024
        return portal_problem(
            file, "verwerking_geheugen", text("portaal.probleem.geheugen", lang, mb=mb), hint
        )
    if failure == TIME:
        # A cap under a second (``--upload-seconds 0.1``) reads "0,1 seconde", not "0 seconden"
        # (a plural rule, not a text, so a branch: English says "0.1 seconds").
        seconds = limits.seconds
        one = seconds <= 1 if lang == "nl" else seconds == 1
        unit = (
            text("portaal.probleem.seconde", lang)
            if one
            else text("portaal.probleem.seconden", lang)
        )
        return portal_problem(
            file,
            "verwerking_tijd",
            text(
                "portaal.probleem.tijd",
                lang,
                seconds=format_decimal(seconds, format="#,##0.##", locale=lang),
                unit=unit,
            ),
            hint,
        )
    assert failure == CRASH
    return portal_problem(
        file,
        "verwerking_afgebroken",
        text("portaal.probleem.afgebroken", lang),
        text("portaal.advies.opnieuw", lang),
    )
