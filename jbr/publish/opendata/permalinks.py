"""A figure's permanent URL (SPEC §6): the path of its page on the site, and the anchor
of a category in a broken-down indicator's category table (the site's pages use it too)."""

from __future__ import annotations

from functools import cache

from ...codelists import RIJK


def figure_path(
    indicator: str, year: int, ministry: str = RIJK, breakdown: str | None = None
) -> str:
    """SPEC §6's permanent URL path: ``/indicator/ID/YEAR[/MINISTRY]/``; a category of a
    broken-down indicator is an anchor in that page's category table."""
    path = f"/indicator/{indicator}/{year}/" + ("" if ministry == RIJK else f"{ministry}/")
    return path + (f"#{category_anchor(breakdown)}" if breakdown else "")


@cache
def category_anchor(category: str) -> str:
    return "cat-" + "".join(c if c.isalnum() or c in "-_." else "-" for c in category)
