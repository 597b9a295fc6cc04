"""Every delivery theme of SPEC §3, declared once.

One module per area, named as its indicator definitions (``definitions/<area>.toml``):
``personnel``, ``woo``, ``sustainability``, ``housing``, ``procurement``, ``transparency``;
columns and rules they share are in ``shared``. ``THEMES`` keeps the order of SPEC §3,
which is also the order of templates, schemas and load (``load_order``)."""

from __future__ import annotations

from ..declaration import Theme
from .housing import BEZETTING, GEBOUWEN
from .personnel import (
    BANENAFSPRAAK_DOEL,
    FORMATIE,
    PERSONEEL,
    TARIEVEN,
    UITGAVEN_PERSONEEL,
    VACATURES,
)
from .procurement import INKOOP
from .sustainability import ENERGIE, GRAADDAGEN, VLIEGREIZEN
from .transparency import AI_TOEPASSINGEN, ICT_PROJECTEN
from .woo import OPENBAARMAKING, WOO_OPSCHORTINGEN, WOO_VERZOEKEN

THEMES: dict[str, Theme] = {
    t.name: t
    for t in (
        PERSONEEL,
        VACATURES,
        UITGAVEN_PERSONEEL,
        FORMATIE,
        TARIEVEN,
        BANENAFSPRAAK_DOEL,
        WOO_VERZOEKEN,
        WOO_OPSCHORTINGEN,
        OPENBAARMAKING,
        GEBOUWEN,
        ENERGIE,
        GRAADDAGEN,
        BEZETTING,
        VLIEGREIZEN,
        INKOOP,
        AI_TOEPASSINGEN,
        ICT_PROJECTEN,
    )
}


def theme_for_filename(stem: str) -> str | None:
    """SPEC §3: ``THEME.csv`` or ``THEME_anything.csv``; the longest matching theme wins."""
    stem = stem.lower()
    matches = [n for n in THEMES if stem == n or stem.startswith(n + "_")]
    return max(matches, key=len) if matches else None


def theme_for_header(header: list[str], exclude: tuple[str, ...] = ()) -> str | None:
    """The theme whose required columns a header holds (most of its columns wins), else None.

    For the hint on a sheet or file named otherwise ("hernoem Blad1 naar personeel").
    """
    names = {str(h).strip().lower() for h in header if h is not None}
    fits = [
        (len(names & set(t.column_names)), -len(t.columns), t.name)
        for t in THEMES.values()
        if t.name not in exclude and {c.name for c in t.columns if c.required} <= names
    ]
    return max(fits)[2] if fits else None


def load_order(names: list[str]) -> list[str]:
    """Parents before children, so a building exists before its energy rows."""
    order = list(THEMES)
    return sorted(names, key=lambda n: (bool(THEMES[n].parents), order.index(n)))
