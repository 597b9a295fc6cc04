"""The site's own words, in both languages: menus, headings, column headers, the
titles of the open-data files, and a ministry's name as readers see it."""

from __future__ import annotations

from ...codelists import RIJK, ministry_by_code
from .templates import View

LANGS = ("nl", "en")  # Dutch at /, English under /en/

WORDS = {
    "nl": {
        "site": "Bedrijfsvoering Rijk",
        "tagline": "Cijfers uit de Jaarrapportage Bedrijfsvoering Rijk",
        "skip": "Naar de inhoud",
        "overview": "Overzicht",
        "ministries": "Ministeries",
        "data": "Open data",
        "year": "Jaar",
        "ministry": "Ministerie",
        "rijk": "Rijk",
        "indicator": "Indicator",
        "value": "Waarde",
        "target": "Doel",
        "status": "Status",
        "previous": "Vorig jaar",
        "category": "Categorie",
        "download": "Download de tabel",
        "chart": "Grafiek",
        "text_alt": "Tekstalternatief",
        "definition": "Definitie",
        "categories_of": "Categorie",
        "unit": "Eenheid",
        "sources": "Bronnen",
        "notes": "Voetnoten",
        "correction": "Gecorrigeerd",
        "version": "versie",
        "permalink": "Permanente link",
        "other_lang": "English",
        "filters": "Filters",
        "all_ministries": "Alle ministeries (Rijk)",
        "nothing": "Er zijn nog geen cijfers gepubliceerd.",
        "domain": "Onderdeel",
        "go": "Toon",
        "full_table": "De volledige tabel (alle ministeries)",
        "per_ministry": "per ministerie",
        "by_category": "naar categorie",
        "no_chart": "Te weinig gepubliceerde jaren voor een grafiek.",
        "prognosis": "Prognose",
        "prognosis_no_status": "geen doel, dus geen status",
        "prognosis_chart": "De prognose staat in de grafiek van",
        "comparison": "Ministeries vergeleken",
        "versions": "Versies",
        "date": "Datum",
        "published_year": "gepubliceerd jaar",
        "corrected_year": "correctie van",
        "files": "Bestanden",
        "licence": "Licentie: CC0 1.0 (publiek domein). Metadata: DCAT-AP-DONL.",
        "trend": "Per jaar",
        "ministry_figures": "Alle cijfers van",
    },
    "en": {
        "site": "Central government operations",
        "tagline": "Figures from the annual operations report of Dutch central government",
        "skip": "Skip to content",
        "overview": "Overview",
        "ministries": "Ministries",
        "data": "Open data",
        "year": "Year",
        "ministry": "Ministry",
        "rijk": "Central government",
        "indicator": "Indicator",
        "value": "Value",
        "target": "Target",
        "status": "Status",
        "previous": "Previous year",
        "category": "Category",
        "download": "Download the table",
        "chart": "Chart",
        "text_alt": "Text alternative",
        "definition": "Definition",
        "categories_of": "Category",
        "unit": "Unit",
        "sources": "Sources",
        "notes": "Notes",
        "correction": "Corrected",
        "version": "version",
        "permalink": "Permanent link",
        "other_lang": "Nederlands",
        "filters": "Filters",
        "all_ministries": "All ministries (central government)",
        "nothing": "No figures have been published yet.",
        "domain": "Area",
        "go": "Show",
        "full_table": "The full table (all ministries)",
        "per_ministry": "by ministry",
        "by_category": "by category",
        "no_chart": "Too few published years for a chart.",
        "prognosis": "Prognosis",
        "prognosis_no_status": "not a target, so no status",
        "prognosis_chart": "The prognosis is drawn in the chart of",
        "comparison": "Ministries compared",
        "versions": "Versions",
        "date": "Date",
        "published_year": "published year",
        "corrected_year": "correction of",
        "files": "Files",
        "licence": "Licence: CC0 1.0 (public domain). Metadata: DCAT-AP-DONL.",
        "trend": "Year by year",
        "ministry_figures": "All figures of",
    },
}
WORDS = {lang: View(words) for lang, words in WORDS.items()}


# What the open-data page calls each file (its name stays in the link).
FILE_TITLES = {
    "nl": {
        "figures.csv": "Alle gepubliceerde cijfers (CSV)",
        "figures.parquet": "Alle gepubliceerde cijfers (Parquet)",
        "indicators.csv": "De indicatoren met hun definities (CSV)",
        "indicators.parquet": "De indicatoren met hun definities (Parquet)",
        "ministries.csv": "De ministeries (CSV)",
        "ministries.parquet": "De ministeries (Parquet)",
        "datapackage.json": "Beschrijving van de dataset (Data Package, JSON)",
        "dcat.jsonld": "Metadata voor data.overheid.nl (DCAT-AP-DONL, JSON-LD)",
    },
    "en": {
        "figures.csv": "All published figures (CSV)",
        "figures.parquet": "All published figures (Parquet)",
        "indicators.csv": "The indicators with their definitions (CSV)",
        "indicators.parquet": "The indicators with their definitions (Parquet)",
        "ministries.csv": "The ministries (CSV)",
        "ministries.parquet": "The ministries (Parquet)",
        "datapackage.json": "Description of the dataset (Data Package, JSON)",
        "dcat.jsonld": "Metadata for data.overheid.nl (DCAT-AP-DONL, JSON-LD)",
    },
}


def ministry_name(code: str, lang: str) -> str:
    """A ministry's name as readers see it, in ``lang`` (the Rijk as a word, too)."""
    if code == RIJK:
        return WORDS[lang]["rijk"]
    m = ministry_by_code().get(code)
    return m.name(lang) if m else code
