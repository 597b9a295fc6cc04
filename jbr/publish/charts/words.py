"""The charts' words in one language: the ``grafieken`` area of the catalogue
(``jbr/locale/<lang>/grafieken.toml``), by name without the area ("series", "rose", ...).

Read as one mapping because some are chosen by a value (a verb "rose"/"fell", a
target's direction "at_least"/"at_most")."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from ...locale import catalogue

AREA = "grafieken."


@cache
def words(lang: str) -> Mapping[str, str]:
    """Every text of the ``grafieken`` area in ``lang``, by its name in the area."""
    return {k.removeprefix(AREA): v for k, v in catalogue(lang).items() if k.startswith(AREA)}
