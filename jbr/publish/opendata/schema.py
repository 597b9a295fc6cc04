"""The table schemas of the open data (Frictionless Table Schema): the fields of
``figures``, ``indicators`` and ``ministries``, their keys, and the fields as published
with or without a public base URL.

The published row's fields come from its declaration (``store.figure_row``); the open
data splits the row's ``indicator`` (the figure's id) into catalogue id and category, and
adds the marker, the footnotes as text, the version and the permanent URL."""

from __future__ import annotations

from typing import Any

from ...indicators import DOMAINS
from ...indicators.catalogue import KINDS
from ...store.figure_row import BY_NAME, VERSION
from .values import NO_FIGURE_MARK, SUPPRESSED_MARK


def _row_field(name: str, description: str | None = None) -> dict[str, Any]:
    return BY_NAME[name].table_schema(description=description)


FIGURE_FIELDS: list[dict[str, Any]] = [
    BY_NAME["indicator"].table_schema(name="figure_id"),
    {"name": "indicator", "type": "string", "constraints": {"required": True},
     "description": "Indicator-id uit de catalogus (indicators.csv)."},
    {"name": "breakdown", "type": "string",
     "description": "Categorie binnen de indicator (bijv. provincie), leeg voor het totaal."},
    _row_field("year"),
    _row_field("ministry"),
    _row_field(
        "value",
        "Waarde, afgerond op de precisie van de indicator (indicators.csv: decimals); "
        "leeg als er geen cijfer is (marker '.') of het onderdrukt is (marker '*').",
    ),
    _row_field("unit"),
    _row_field("target"),
    _row_field("status"),
    _row_field("suppressed"),
    {"name": "marker", "type": "string",
     "constraints": {"enum": ["", SUPPRESSED_MARK, NO_FIGURE_MARK]},
     "description": "Leeg bij een waarde; '*' bij een onderdrukt cijfer (minder dan 10 personen); "
                    "'.' als er geen cijfer is (niet aangeleverd of niet te berekenen). "
                    "De reden staat in notes."},
    {"name": "notes", "type": "string",
     "description": "Voetnoten bij het cijfer, gescheiden door '; '; bij een marker de reden."},
    VERSION.table_schema(),
    {"name": "url", "type": "string", "format": "uri", "constraints": {"required": True},
     "description": "Permanente URL van het cijfer (zijn pagina op de site)."},
]  # fmt: skip
INDICATOR_FIELDS: list[dict[str, Any]] = [
    {"name": "id", "type": "string", "constraints": {"required": True, "unique": True}},
    {"name": "domain", "type": "string", "constraints": {"required": True, "enum": list(DOMAINS)}},
    {"name": "label_nl", "type": "string", "constraints": {"required": True}},
    {"name": "label_en", "type": "string", "constraints": {"required": True}},
    {"name": "definition_nl", "type": "string"},
    {"name": "definition_en", "type": "string"},
    {"name": "formula", "type": "string"},
    {"name": "unit", "type": "string"},
    {"name": "unit_en", "type": "string"},
    {"name": "aggregation", "type": "string", "constraints": {"enum": ["sum", "ratio", "rijk"]}},
    {"name": "sources", "type": "string", "description": "Leveringsthema's (SPEC §3), gescheiden door '; '."},
    {"name": "target_value", "type": "number"},
    {"name": "target_direction", "type": "string", "constraints": {"enum": ["at_most", "at_least"]}},
    {"name": "target_year", "type": "integer"},
    {"name": "target_baseline_year", "type": "integer"},
    {"name": "target_source", "type": "string"},
    {"name": "kind", "type": "string", "constraints": {"required": True, "enum": list(KINDS)},
     "description": "indicator: gemeten cijfer (met doel: een status); prognosis: een "
                    "doorgetrokken trend, nooit een doel of status."},
    {"name": "prognosis_of", "type": "string",
     "description": "Bij een prognose: de indicator die zij doortrekt."},
    {"name": "prognosis_method", "type": "string",
     "description": "Bij een prognose: methode en grenzen."},
    {"name": "prognosis_horizon", "type": "integer",
     "description": "Bij een prognose: het laatste jaar dat zij noemt."},
    {"name": "url", "type": "string", "format": "uri",
     "description": "Pagina van de indicator voor het Rijk, in het laatste jaar met cijfers."},
    {"name": "decimals", "type": "integer", "constraints": {"required": True, "minimum": 0},
     "description": "Precisie: het aantal decimalen waarop de waarden in figures.csv zijn afgerond."},
]  # fmt: skip
MINISTRY_FIELDS: list[dict[str, Any]] = [
    {"name": "code", "type": "string", "constraints": {"required": True, "unique": True}},
    {"name": "name_nl", "type": "string", "constraints": {"required": True}},
    {"name": "name_en", "type": "string", "constraints": {"required": True}},
    {"name": "valid_from", "type": "date"},
    {"name": "valid_to", "type": "date"},
]


TABLE_FIELDS = {
    "figures": FIGURE_FIELDS,
    "indicators": INDICATOR_FIELDS,
    "ministries": MINISTRY_FIELDS,
}


def table_schema(fields: list[dict[str, Any]], key: list[str]) -> dict[str, Any]:
    """The Table Schema of a resource: its fields, primary key and missing values."""
    return {"fields": fields, "primaryKey": key, "missingValues": [""]}


RELATIVE_URL = (
    " Zonder publiek adres is de URL relatief: ten opzichte van dit bestand, naar het "
    "bestand van de pagina in site/."
)


def with_url_format(fields: list[dict[str, Any]], base_url: str | None) -> list[dict[str, Any]]:
    """The fields as published: a ``url`` is an absolute ``uri`` under the public base URL,
    and a plain string (a relative reference, which the ``uri`` format refuses) without."""
    if base_url:
        return fields
    out = []
    for f in fields:
        if f["name"] == "url":
            f = {k: v for k, v in f.items() if k != "format"}
            f["description"] = f.get("description", "URL.") + RELATIVE_URL
        out.append(f)
    return out
