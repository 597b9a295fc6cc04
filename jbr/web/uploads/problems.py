"""The portal's own problems: one rule of the portal broken, and a reading worker that
passed a cap (or died), in the supplier's words and with what to do about it."""

from __future__ import annotations

from babel.numbers import format_decimal

from ...deliveries.problems import ERROR, Problem
from ..worker import CRASH, MEMORY, TIME, Workers


def portal_problem(
    file: str,
    rule: str,
    nl: str,
    en: str,
    lang: str,
    hint: tuple[str, str] | None = None,
    **where: object,
) -> Problem:
    """A problem of the portal's own rules: what is wrong (``nl``/``en``) and, apart, what
    to do about it (``hint``: Dutch, English)."""
    text = en if lang == "en" else nl
    advice = None if hint is None else hint[1] if lang == "en" else hint[0]
    return Problem(
        file,
        where.get("sheet"),  # type: ignore[arg-type]
        where.get("row"),  # type: ignore[arg-type]
        where.get("column"),  # type: ignore[arg-type]
        where.get("value"),  # type: ignore[arg-type]
        rule,
        text,
        ERROR,
        hint=advice,
    )


def _what_to_do(file: str) -> tuple[str, str]:
    """The hint (Dutch, English) for a file too heavy to read, by its kind."""
    if file.lower().endswith(".xlsx"):
        return (
            "Vaak staat er opmaak of een losse cel ver buiten de gegevens (bijvoorbeeld in rij "
            "1.048.576 of kolom XFD): verwijder die lege rijen en kolommen en sla het bestand "
            "opnieuw op, of lever de gegevens aan als CSV of Parquet.",
            "Often formatting or a single cell lies far outside the data (e.g. in row "
            "1,048,576 or column XFD): delete those empty rows and columns and save the "
            "file again, or deliver the data as CSV or Parquet.",
        )
    return (
        "Splits het bestand in delen (bijvoorbeeld per jaar) of lever het aan als Parquet.",
        "Split the file into parts (for instance by year) or deliver it as Parquet.",
    )


def failure_problem(failure: str, file: str, workers: Workers, lang: str) -> Problem:
    """A worker that passed a cap (or died), in the supplier's words, with what to do."""
    limits = workers.limits
    hint = _what_to_do(file)
    if failure == MEMORY:
        mb = limits.memory_bytes >> 20
        return portal_problem(
            file,
            "verwerking_geheugen",
            f"Het lezen van dit bestand vraagt meer dan {format_decimal(mb, locale='nl')} MB "
            "geheugen en is afgebroken; er is niets opgeslagen.",
            f"Reading this file needs more than {mb:,} MB of memory and was stopped; nothing "
            "was stored.",
            lang,
            hint=hint,
        )
    if failure == TIME:
        # A cap under a second (``--upload-seconds 0.1``) reads "0,1 seconde", not "0 seconden".
        seconds = limits.seconds
        nl_seconds = format_decimal(seconds, format="#,##0.##", locale="nl")
        en_seconds = format_decimal(seconds, format="#,##0.##", locale="en")
        nl_unit = "seconde" if seconds <= 1 else "seconden"
        en_unit = "second" if seconds == 1 else "seconds"
        return portal_problem(
            file,
            "verwerking_tijd",
            f"Het lezen van dit bestand duurde langer dan {nl_seconds} {nl_unit} en is "
            "afgebroken; er is niets opgeslagen.",
            f"Reading this file took longer than {en_seconds} {en_unit} and was stopped; nothing "
            "was stored.",
            lang,
            hint=hint,
        )
    assert failure == CRASH
    return portal_problem(
        file,
        "verwerking_afgebroken",
        "Het verwerken van dit bestand stopte onverwacht; er is niets opgeslagen.",
        "Processing this file stopped unexpectedly; nothing was stored.",
        lang,
        hint=(
            "Probeer het opnieuw; gebeurt dit weer, meld het dan aan het jbr-team.",
            "Try again; if it happens again, tell the jbr team.",
        ),
    )
