"""The published figure row (SPEC §2), declared once.

Every place that writes or serves a published figure derives its columns from
``FIGURE_ROW``: the publication snapshot in the store
(``access.published.record_publication``, its pyarrow columns;
``access.published.figure_rows``), the review's sendings (``review.FIGURE_KEYS``),
``IndicatorValue.as_row`` and ``jbr indicators --format csv|json``, the JSON API's
``Figure`` model (``web/api_routes/models.py``) and the open data's Table Schema of
``figures.csv`` (``publish/opendata/schema.py``). ``tests/test_figure_row.py`` fails when one of
them disagrees.

``SNAPSHOT`` adds what the snapshot keeps besides the row: the year's publication version,
the figure's footnotes and the reason an empty figure is empty.

Its home is the store, the leftmost stage that needs it (the snapshot); every stage to its
right may import it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pyarrow as pa

FieldType = Literal["string", "integer", "number", "boolean"]  # Frictionless Table Schema
STATUSES = ("met", "on_track", "off_track")

# How the store keeps each type (published_figures' columns and their pyarrow arrays), and
# its Python type (the API's model).
_SQL: dict[str, str] = {
    "string": "VARCHAR",
    "integer": "INTEGER",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
}
_ARROW: dict[str, pa.DataType] = {
    "string": pa.string(),
    "integer": pa.int32(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
}
_PYTHON: dict[str, type] = {"string": str, "integer": int, "number": float, "boolean": bool}


@dataclass(frozen=True)
class FigureField:
    """One field of a published figure."""

    name: str
    type: FieldType
    nullable: bool
    nl: str  # Dutch description: the open data's Table Schema
    # English description: the API's schema; None where the name says it (the OpenAPI
    # document shows no description there)
    en: str | None = None
    enum: tuple[str, ...] = ()  # the only values (besides null)
    minimum: int | None = None  # Table Schema constraint
    example: str | int | None = None  # the API's example

    @property
    def sql(self) -> str:
        return _SQL[self.type]

    @property
    def arrow(self) -> pa.DataType:
        return _ARROW[self.type]

    @property
    def python(self) -> Any:
        """The Python type of a value: ``Literal`` of ``enum``, ``| None`` when nullable."""
        base: Any = Literal.__getitem__(self.enum) if self.enum else _PYTHON[self.type]
        return base | None if self.nullable else base

    def table_schema(
        self, name: str | None = None, description: str | None = None
    ) -> dict[str, Any]:
        """The Frictionless Table Schema field (``name`` and ``description`` for a table that
        names or explains it in its own way)."""
        constraints: dict[str, Any] = {}
        if not self.nullable:
            constraints["required"] = True
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.enum:
            constraints["enum"] = list(self.enum)
        field: dict[str, Any] = {"name": name or self.name, "type": self.type}
        if constraints:
            field["constraints"] = constraints
        field["description"] = description or self.nl
        return field


FIGURE_ROW: tuple[FigureField, ...] = (
    FigureField(
        "indicator", "string", False,
        "Stabiele id van het cijfer: indicator-id, bij een uitsplitsing + '.' + categorie.",
        example="woo.within_term_pct",
    ),
    FigureField(
        "year", "integer", False,
        "Verslagjaar (periode-indicatoren: het jaar waarin de periode eindigt).",
        minimum=2000, example=2023,
    ),
    FigureField(
        "ministry", "string", False,
        "Ministeriecode (ministries.csv) of RIJK voor de hele rijksoverheid; de ministeries "
        "zoals ze op 31 december van het jaar bestonden (een ministerie dat in de loop van "
        "het jaar ophield, telt bij zijn opvolgers).",
        "Ministry code (SPEC §4) or RIJK", example="RIJK",
    ),
    FigureField(
        "value", "number", True,
        "Waarde; leeg als er geen cijfer is of het onderdrukt is.",
        "null when unknown or suppressed",
    ),
    FigureField("unit", "string", False, "Eenheid (Nederlands)."),
    FigureField("target", "number", True, "Doel of norm, leeg zonder doel."),
    FigureField(
        "status", "string", True,
        "Stand ten opzichte van het doel: met, on_track, off_track; leeg zonder doel.",
        enum=STATUSES,
    ),
    FigureField(
        "suppressed", "boolean", False,
        "true: het cijfer beschrijft minder dan 10 personen en is weggelaten.",
        "true: describes fewer than 10 persons, value withheld",
    ),
)  # fmt: skip
FIGURE_KEYS = tuple(f.name for f in FIGURE_ROW)
BY_NAME = {f.name: f for f in FIGURE_ROW}

VERSION = FigureField(
    "version", "integer", False,
    "Publicatieversie van het jaar: 1 = eerste publicatie, hoger = correctie.",
    minimum=1,
)  # fmt: skip
NOTES = FigureField("notes", "string", True, "Voetnoten bij het cijfer (een JSON-lijst).")
REASON = FigureField(
    "reason",
    "string",
    True,
    "Waarom het cijfer leeg is (not_falling: de trend daalt niet; beyond_horizon: na de horizon), "
    "leeg bij een waarde.",
)
SNAPSHOT: tuple[FigureField, ...] = (*FIGURE_ROW, VERSION, NOTES, REASON)
