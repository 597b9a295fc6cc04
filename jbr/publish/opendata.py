"""``opendata/``: every published figure as a Frictionless Data Package and as Parquet (SPEC §6).

What is public comes from the store's publication snapshots (``jbr publish --year Y``,
``jbr.store.access``): a year that was never published is in no file here. Each
publication event is a version of the set; a second publication of a year is a
correction, and every earlier version stays downloadable under ``versions/<n>/``.

Files (the current version at the top, each version complete in its own folder):

- ``figures.csv`` / ``.parquet``: one row per published figure (SPEC §2's keys plus the
  figure's permanent URL). Every row has a value or a marker with its reason in
  ``notes``: a figure describing fewer than ten persons has an empty ``value``,
  ``suppressed=true`` and the mark ``*`` — never the number; a figure that could not
  be computed (no base, nothing delivered) the mark ``.``. Values are rounded to the
  precision of their indicator (``indicators.csv`` column ``decimals``), the precision
  the report prints, so that no float noise (2095.216899999989) is published.
- ``indicators.csv`` / ``.parquet``: the catalogue (SPEC §5) the figures refer to.
- ``ministries.csv`` / ``.parquet``: the ministry code list (and ``RIJK``).
- ``datapackage.json``: table schemas, keys, licence CC0-1.0, sources, versions.
- ``dcat.jsonld``: the DCAT-AP-DONL record for data.overheid.nl (``dcat.py``).
"""

from __future__ import annotations

import json
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from functools import cache
from pathlib import Path
from typing import Any

from ..checksum import file_sha256
from ..codelists import RIJK, ministries
from ..indicators import DOMAINS, Indicator, IndicatorValue, catalogue
from ..indicators.catalogue import KINDS
from ..store.figure_row import BY_NAME, VERSION
from .dcat import write_dcat
from .format import ONE_DECIMAL
from .releases import Published
from .tables import Cell, Table, write_csv
from .urls import IN_VERSION, TOP, Place, site_url

SUPPRESSED_MARK = "*"  # the mark the report and site print for a suppressed figure
NO_FIGURE_MARK = "."  # no figure: not delivered or not computable (CBS: "gegevens ontbreken")
SUPPRESSED_REASON = "niet gepubliceerd: het cijfer beschrijft minder dan 10 personen"
NO_FIGURE_REASON = "geen cijfer: niet aangeleverd of niet te berekenen"
LICENSE = {
    "name": "CC0-1.0",
    "title": "Creative Commons Zero v1.0 Universal",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
}


# ---------------------------------------------------------------- precision and markers


def decimals(ind: Indicator) -> int:
    """The precision of an indicator's figures: declared in the catalogue (``decimals``), else
    the one the publications print (format.py: one decimal for percentages, ratios, ages
    and durations, whole numbers for counts, amounts, energy and the like)."""
    if ind.decimals is not None:
        return ind.decimals
    return 1 if ind.unit in ONE_DECIMAL else 0


def rounded(value: float | None, places: int) -> float | int | None:
    """``value`` at ``places`` decimals, rounded as the publications print it (Babel:
    half to even on the decimal notation); whole numbers as int."""
    if value is None:
        return None
    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    return int(exact) if places == 0 else float(exact) + 0.0  # + 0.0: no "-0.0"


def marker_and_reason(v: IndicatorValue, ind: Indicator | None) -> tuple[str, str | None]:
    """The marker of a figure without value and why it has none (SPEC §6: "no base, no
    figure": empty with its reason); a figure with a value has neither."""
    if v.suppressed:
        return SUPPRESSED_MARK, SUPPRESSED_REASON
    if v.value is not None:
        return "", None
    if v.reason is not None and ind is not None:  # a prognosis: "daalt niet", "na 2050"
        from .figures import reason_text

        return NO_FIGURE_MARK, f"leeg: {reason_text(v.reason, ind)}"
    if v.notes:
        return NO_FIGURE_MARK, None  # the computation's own note says why
    return NO_FIGURE_MARK, (ind.no_figure_nl if ind and ind.no_figure_nl else NO_FIGURE_REASON)


# ---------------------------------------------------------------- permanent URLs


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


# ---------------------------------------------------------------- tables


def _row_field(name: str, description: str | None = None) -> dict[str, Any]:
    return BY_NAME[name].table_schema(description=description)


# The published row's fields come from its declaration (store.figure_row); the open data
# splits the row's ``indicator`` (the figure's id) into catalogue id and category, and adds
# the marker, the footnotes as text, the version and the permanent URL.
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


def figures_table(
    values: dict[int, list[IndicatorValue]],
    versions: dict[int, int],
    base_url: str | None,
    place: Place = TOP,
) -> Table:
    rows: list[list[Cell]] = []
    position = {ind.id: n for n, ind in enumerate(catalogue())}
    everything = [v for y in sorted(values) for v in values[y]]
    everything.sort(
        key=lambda v: (
            v.year,
            position.get(v.indicator, 0),
            v.ministry != RIJK,
            v.ministry,
            v.breakdown or "",
        )
    )
    catalogue_by_id = {ind.id: ind for ind in catalogue()}
    for v in everything:
        shown = v.public()
        ind = catalogue_by_id.get(v.indicator)
        places = decimals(ind) if ind else 1
        law = ind.law_note(v.year) if ind else None
        marker, reason = marker_and_reason(v, ind)
        notes = [n for n in (reason, *v.notes, law) if n]
        rows.append(
            [
                v.figure_id,
                v.indicator,
                v.breakdown,
                v.year,
                v.ministry,
                rounded(shown.value, places),
                v.unit,
                rounded(v.target, places),
                None if v.suppressed else v.status,
                v.suppressed,
                marker,
                "; ".join(notes) or None,
                versions[v.year],
                site_url(
                    base_url, figure_path(v.indicator, v.year, v.ministry, v.breakdown), place
                ),
            ]
        )
    return Table("figures", [f["name"] for f in FIGURE_FIELDS], rows)  # fmt: skip


def indicators_table(
    base_url: str | None, values: dict[int, list[IndicatorValue]], place: Place = TOP
) -> Table:
    """The catalogue; ``url`` is the indicator's Rijk page of the latest year it has a figure."""
    latest: dict[str, int] = {}
    for year, figures in values.items():
        for v in figures:
            latest[v.indicator] = max(latest.get(v.indicator, year), year)
    rows: list[list[Cell]] = []
    for ind in catalogue():
        if ind.quality:
            continue
        t, p = ind.target, ind.prognosis
        last = latest.get(ind.id)
        rows.append(
            [
                ind.id, ind.domain, ind.label_nl, ind.label_en, ind.definition_nl,
                ind.definition_en, ind.formula, ind.unit, ind.unit_en, ind.aggregation,
                "; ".join(ind.sources),
                t.value if t and not t.from_data else None,
                t.direction if t else None,
                t.year if t else None,
                t.baseline_year if t else None,
                t.source if t else None,
                ind.kind,
                p.basis if p else None,
                f"{p.method_nl}; {p.bounds_nl}" if p else None,
                p.horizon if p else None,
                site_url(base_url, f"/indicator/{ind.id}/{last}/", place) if last else None,
                decimals(ind),
            ]
        )  # fmt: skip
    return Table("indicators", [f["name"] for f in INDICATOR_FIELDS], rows)


def ministries_table() -> Table:
    rows: list[list[Cell]] = [[RIJK, "Rijk (totaal)", "Central government (total)", None, None]]
    for m in ministries():
        rows.append(
            [
                m.code,
                m.name_nl,
                m.name_en,
                m.valid_from.isoformat(),  # CSV text; a date in Parquet (_parquet)
                m.valid_to.isoformat() if m.valid_to else None,
            ]
        )
    return Table("ministries", [f["name"] for f in MINISTRY_FIELDS], rows)


# ---------------------------------------------------------------- writing


def _parquet(table: Table, fields: list[dict[str, Any]], path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
             "boolean": pa.bool_(), "date": pa.date32()}  # fmt: skip
    schema = pa.schema([pa.field(f["name"], types[f["type"]]) for f in fields])
    columns: list[Any] = list(zip(*table.rows, strict=True)) if table.rows else [() for _ in fields]
    columns = [
        [date.fromisoformat(v) if isinstance(v, str) else v for v in c]
        if f["type"] == "date"
        else c
        for c, f in zip(columns, fields, strict=True)
    ]  # the schema's dates as dates, not as their ISO text
    arrays = [pa.array(list(c), type=t.type) for c, t in zip(columns, schema, strict=True)]
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path, compression="zstd")
    return path


def _schema(fields: list[dict[str, Any]], key: list[str]) -> dict[str, Any]:
    return {"fields": fields, "primaryKey": key, "missingValues": [""]}


def _sources() -> list[dict[str, str]]:
    """The delivery themes (SPEC §3) the published indicators are computed from."""
    themes = sorted({s for ind in catalogue() for s in ind.sources})
    return [{"title": f"Leveringen van ministeries en shared services, thema {t}"} for t in themes]


def package_id(base_url: str | None) -> str | None:
    """The Data Package's global id: its public URL; none without a public base URL."""
    return f"{base_url}/opendata/datapackage.json" if base_url else None


def version_url(base_url: str | None, number: int, place: Place = TOP) -> str:
    name = f"{number}/datapackage.json"
    return f"{base_url}/opendata/versions/{name}" if base_url else place.to_versions + name


def datapackage(
    published: Published, number: int, base_url: str | None, folder: Path, place: Place = TOP
) -> dict[str, Any]:
    """The Data Package descriptor of version ``number`` for the files in ``folder``."""
    release = next(r for r in published.releases if r.number == number)

    def resource(
        name: str, title: str, fields: list[dict[str, Any]], key: list[str], fk: list | None = None
    ) -> dict[str, Any]:
        path = folder / f"{name}.csv"
        schema = _schema(fields, key)
        if fk:
            schema["foreignKeys"] = fk
        return {
            "name": name,
            "title": title,
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": path.stat().st_size,
            "hash": f"sha256:{file_sha256(path)}",
            "dialect": {"delimiter": ",", "header": True},
            "schema": schema,
        }  # fmt: skip

    years = sorted({r.year for r in published.releases if r.number <= number})
    ident = package_id(base_url)
    return {
        "profile": "tabular-data-package",
        "name": "jbr-bedrijfsvoering-rijk",
        **({"id": ident} if ident else {}),
        "title": "Jaarrapportage Bedrijfsvoering Rijk: gepubliceerde cijfers",
        "description": (
            "Alle gepubliceerde cijfers van de Jaarrapportage Bedrijfsvoering Rijk (JBR), per "
            "indicator, jaar en ministerie, met doel en doelstatus. Cijfers over minder dan 10 "
            "personen zijn weggelaten (suppressed=true, marker '*'). Jaren: "
            + ", ".join(map(str, years)) + "."
        ),
        "version": str(number),
        "created": release.published_at.isoformat(),
        "homepage": site_url(base_url, "/", place),
        "keywords": ["bedrijfsvoering", "rijksoverheid", "JBR", "personeel", "Woo", "duurzaamheid"],
        "licenses": [LICENSE],
        "sources": _sources(),
        "contributors": [
            {"title": "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "role": "publisher"}
        ],
        "resources": [
            resource(
                "figures", "Gepubliceerde cijfers", with_url_format(FIGURE_FIELDS, base_url),
                ["figure_id", "year", "ministry"],
                [
                    {"fields": "indicator", "reference": {"resource": "indicators", "fields": "id"}},
                    {"fields": "ministry", "reference": {"resource": "ministries", "fields": "code"}},
                ],
            ),
            resource(
                "indicators", "Indicatoren (catalogus)",
                with_url_format(INDICATOR_FIELDS, base_url), ["id"],
            ),
            resource("ministries", "Ministeries", MINISTRY_FIELDS, ["code"]),
        ],
        "x-jbr-versions": [
            {
                "version": r.number,
                "date": r.day,
                "year": r.year,
                "correction": r.correction,
                "note": r.note,
                "path": version_url(base_url, r.number, place),
            }
            for r in published.releases
            if r.number <= number
        ],
    }  # fmt: skip


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


TABLE_FIELDS = {
    "figures": FIGURE_FIELDS,
    "indicators": INDICATOR_FIELDS,
    "ministries": MINISTRY_FIELDS,
}


def _write_version(
    published: Published, number: int, folder: Path, base_url: str | None, place: Place
) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    values = published.as_of(number)
    versions: dict[int, int] = {}
    for r in published.releases:
        if r.number <= number:
            versions[r.year] = max(versions.get(r.year, 0), r.year_version)
    tables = {
        "figures": figures_table(values, versions, base_url, place),
        "indicators": indicators_table(base_url, values, place),
        "ministries": ministries_table(),
    }
    files = []
    for name, table in tables.items():
        files.append(write_csv(table, folder / f"{name}.csv"))
        files.append(_parquet(table, TABLE_FIELDS[name], folder / f"{name}.parquet"))
    package = folder / "datapackage.json"
    descriptor = datapackage(published, number, base_url, folder, place)
    package.write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return [*files, package]


def _kept(
    folder: Path, published: Published, number: int, base_url: str | None, place: Place
) -> list[Path] | None:
    """The files of an earlier build in ``folder`` if they are this very release with the
    same URLs: a published version never changes, so it is written once."""
    package = folder / "datapackage.json"
    if not package.exists():
        return None
    try:
        old = json.loads(package.read_text(encoding="utf-8"))
    except ValueError:
        return None
    release = next(r for r in published.releases if r.number == number)
    same = (
        old.get("version") == str(number)
        and old.get("created") == release.published_at.isoformat()
        and old.get("id") == package_id(base_url)
        and old.get("homepage") == site_url(base_url, "/", place)
    )
    files = [folder / f"{t}.{x}" for t in TABLE_FIELDS for x in ("csv", "parquet")]
    return [*files, package] if same and all(f.exists() for f in files) else None


def write_opendata(published: Published, out: Path, base_url: str | None) -> list[Path]:
    """``out/opendata/``: every version under ``versions/<n>/`` and the current one at the
    top, plus the DCAT-AP-DONL record. Nothing is written when nothing is published.

    Without a base URL each file's URLs are relative to where it is, so the top-level
    files are written for the top, not copied from the latest version."""
    folder = out / "opendata"
    folder.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    if not published.releases:
        return files
    for r in published.releases:
        version = folder / "versions" / str(r.number)
        files += _kept(version, published, r.number, base_url, IN_VERSION) or _write_version(
            published, r.number, version, base_url, IN_VERSION
        )
    latest = published.releases[-1].number
    files += _kept(folder, published, latest, base_url, TOP) or _write_version(
        published, latest, folder, base_url, TOP
    )
    files.append(write_dcat(published, folder, base_url))
    return files
