"""Indicators (SPEC §5): the catalogue as data, computations in Ibis, and the engine.

The catalogue and the published figure (``IndicatorValue``) are imported here; what
computes (``open_context``, ``compute``, ``compute_years`` …, :mod:`.computing`) is
imported at its first use, so that a process that only reads figures (``jbr serve``)
does not load Ibis and pandas.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .catalogue import DOMAINS, Indicator, Target, by_id, catalogue, key_figures, listed
from .targets import target_status
from .values import MIN_PERSONS, IndicatorValue

if TYPE_CHECKING:
    from .computing import (
        ENGINES,
        Context,
        compute,
        compute_years,
        listings,
        open_context,
        store_years,
    )

COMPUTING = frozenset(
    {
        "ENGINES",
        "Context",
        "compute",
        "compute_years",
        "listings",
        "open_context",
        "store_years",
    }
)


def __getattr__(name: str) -> Any:
    """The names of :mod:`.computing`, imported when first asked for (PEP 562)."""
    if name in COMPUTING:
        from . import computing

        return getattr(computing, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DOMAINS",
    "ENGINES",
    "MIN_PERSONS",
    "Context",
    "Indicator",
    "IndicatorValue",
    "Target",
    "by_id",
    "catalogue",
    "compute",
    "compute_years",
    "key_figures",
    "listed",
    "listings",
    "open_context",
    "store_years",
    "target_status",
]
