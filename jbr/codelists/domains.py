"""The six areas of the JBR (SPEC §1), in report order: the report's chapters, the
indicator catalogue's domains and the review's chapters. Here, with the code lists, so
that what only needs their names (the command line's help, the review) need not load
the indicators' computations."""

from __future__ import annotations

from ..locale import text

# id → (Dutch, English) name, from the text catalogue (indicatoren.domein)
DOMAINS: dict[str, tuple[str, str]] = {
    domain: (text(f"indicatoren.domein.{domain}", "nl"), text(f"indicatoren.domein.{domain}", "en"))
    for domain in (
        "personnel", "organisation", "sustainability", "information", "procurement", "housing"
    )
}  # fmt: skip
