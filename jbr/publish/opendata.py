"""``opendata/``: every published figure as a Frictionless Data Package and as Parquet (SPEC §6).

What is public comes from the store's publication snapshots (``jbr publish --year Y``,
``jbr.store.access``): a year that was never published is in no file here. Each
publication event is a version of the set; a second publication of a year is a
correction, and every earlier version stays downloadable under ``versions/<n>/``.

Files (the current version at the top, each version complete in its own folder):

- ``figures.csv`` / ``.parquet``: one row per published figure (SPEC §2's keys plus the
  figure's permanent URL). A figure describing fewer than ten persons has an empty
  ``value``, ``suppressed=true`` and the mark ``*`` — never the number.
- ``indicators.csv`` / ``.parquet``: the catalogue (SPEC §5) the figures refer to.
- ``ministries.csv`` / ``.parquet``: the ministry code list (and ``RIJK``).
- ``datapackage.json``: table schemas, keys, licence CC0-1.0, sources, versions.
- ``dcat.jsonld``: the DCAT-AP-DONL record for data.overheid.nl (``dcat.py``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..codelists import RIJK, ministries
from ..indicators import DOMAINS, IndicatorValue, by_id, catalogue
from .tables import Cell, Table, write_csv
from .urls import IN_VERSION, TOP, Place, site_url

SUPPRESSED_MARK = "*"  # the mark the report and site print for a suppressed figure
LICENSE = {
    "name": "CC0-1.0",
    "title": "Creative Commons Zero v1.0 Universal",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
}
STATUSES = ["met", "on_track", "off_track"]


@dataclass(frozen=True)
class Release:
    """One publication event: version ``number`` of the open-data set."""

    number: int
    year: int  # the year published (or corrected)
    year_version: int  # 1 = first publication of the year, > 1 = a correction
    published_at: datetime
    note: str = ""

    @property
    def correction(self) -> bool:
        return self.year_version > 1

    @property
    def day(self) -> str:
        return self.published_at.date().isoformat()


@dataclass
class Published:
    """Everything public: the releases in order, and each year's figures per year version."""

    releases: list[Release]
    figures: dict[int, dict[int, list[IndicatorValue]]] = field(default_factory=dict)

    @property
    def version(self) -> int:
        return self.releases[-1].number if self.releases else 0

    def as_of(self, number: int | None = None) -> dict[int, list[IndicatorValue]]:
        """Each published year's figures as they stood after release ``number`` (default: now)."""
        latest: dict[int, int] = {}
        for r in self.releases:
            if number is None or r.number <= number:
                latest[r.year] = max(latest.get(r.year, 0), r.year_version)
        return {y: self.figures[y][v] for y, v in sorted(latest.items())}

    @property
    def years(self) -> list[int]:
        return sorted({r.year for r in self.releases})

    def corrections(self, year: int) -> list[Release]:
        return [r for r in self.releases if r.year == year and r.correction]


@lru_cache(maxsize=1 << 14)
def split_figure_id(figure_id: str) -> tuple[str, str | None]:
    """``organisation.fte_by_province.PV28`` → (catalogue id, category); ids contain dots,
    so the longest catalogue id that the figure id starts with wins."""
    known = by_id()
    if figure_id in known:
        return figure_id, None
    prefixes = [i for i in known if figure_id.startswith(i + ".")]
    if not prefixes:
        raise ValueError(f"figure {figure_id!r} belongs to no indicator in the catalogue")
    indicator = max(prefixes, key=len)
    return indicator, figure_id[len(indicator) + 1 :]


def value_from_row(row: dict[str, Any]) -> IndicatorValue:
    """A published snapshot row (SPEC §2's keys, public view) as an ``IndicatorValue``."""
    indicator, breakdown = split_figure_id(row["indicator"])
    suppressed = bool(row["suppressed"])
    return IndicatorValue(
        indicator=indicator,
        year=int(row["year"]),
        ministry=row["ministry"],
        value=None if suppressed or row["value"] is None else float(row["value"]),
        unit=row["unit"],
        target=None if row.get("target") is None else float(row["target"]),
        status=None if suppressed else row.get("status"),
        suppressed=suppressed,
        notes=tuple(row.get("notes") or ()),
        breakdown=breakdown,
    )


def from_store(db: Path | str) -> Published:
    """The publication snapshots of the store (jbr.store.access); none → nothing public."""
    from ..store.access import publication_snapshots

    found, snapshots = publication_snapshots(db)
    events = sorted(found, key=lambda p: (p.published_at, p.year, p.version))
    releases = [
        Release(n, p.year, p.version, p.published_at, p.note or "")
        for n, p in enumerate(events, start=1)
    ]
    figures: dict[int, dict[int, list[IndicatorValue]]] = {}
    for r in releases:
        rows = snapshots.get((r.year, r.year_version), [])
        values = [value_from_row(x) for x in rows]
        figures.setdefault(r.year, {})[r.year_version] = [v for v in values if _published(v)]
    return Published(releases, figures)


def _published(v: IndicatorValue) -> bool:
    """Data-quality counters stay in the report's annex (a snapshot may still hold them)."""
    return not by_id()[v.indicator].quality


def from_values(values: dict[int, list[IndicatorValue]], published_at: datetime) -> Published:
    """Computed values as if each year had been published once (tests, previews)."""
    releases = [Release(n, y, 1, published_at) for n, y in enumerate(sorted(values), start=1)]
    return Published(
        releases,
        {y: {1: [v.public() for v in vs if _published(v)]} for y, vs in values.items()},
    )


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


FIGURE_FIELDS: list[dict[str, Any]] = [
    {"name": "figure_id", "type": "string", "constraints": {"required": True},
     "description": "Stabiele id van het cijfer: indicator-id, bij een uitsplitsing + '.' + categorie."},
    {"name": "indicator", "type": "string", "constraints": {"required": True},
     "description": "Indicator-id uit de catalogus (indicators.csv)."},
    {"name": "breakdown", "type": "string",
     "description": "Categorie binnen de indicator (bijv. provincie), leeg voor het totaal."},
    {"name": "year", "type": "integer", "constraints": {"required": True, "minimum": 2000},
     "description": "Verslagjaar (periode-indicatoren: het jaar waarin de periode eindigt)."},
    {"name": "ministry", "type": "string", "constraints": {"required": True},
     "description": "Ministeriecode (ministries.csv) of RIJK voor de hele rijksoverheid."},
    {"name": "value", "type": "number",
     "description": "Waarde; leeg als onbekend of onderdrukt (suppressed)."},
    {"name": "unit", "type": "string", "constraints": {"required": True},
     "description": "Eenheid (Nederlands)."},
    {"name": "target", "type": "number", "description": "Doel of norm, leeg zonder doel."},
    {"name": "status", "type": "string", "constraints": {"enum": STATUSES},
     "description": "Stand ten opzichte van het doel: met, on_track, off_track; leeg zonder doel."},
    {"name": "suppressed", "type": "boolean", "constraints": {"required": True},
     "description": "true: het cijfer beschrijft minder dan 10 personen en is weggelaten."},
    {"name": "marker", "type": "string", "constraints": {"enum": ["", SUPPRESSED_MARK]},
     "description": "'*' bij een onderdrukt cijfer, anders leeg."},
    {"name": "notes", "type": "string", "description": "Voetnoten bij het cijfer, gescheiden door '; '."},
    {"name": "version", "type": "integer", "constraints": {"required": True, "minimum": 1},
     "description": "Publicatieversie van het jaar: 1 = eerste publicatie, hoger = correctie."},
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
    {"name": "url", "type": "string", "format": "uri",
     "description": "Pagina van de indicator voor het Rijk, in het laatste jaar met cijfers."},
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
        law = (
            catalogue_by_id[v.indicator].law_note(v.year)
            if v.indicator in catalogue_by_id
            else None
        )
        rows.append(
            [
                v.figure_id,
                v.indicator,
                v.breakdown,
                v.year,
                v.ministry,
                shown.value,
                v.unit,
                v.target,
                None if v.suppressed else v.status,
                v.suppressed,
                SUPPRESSED_MARK if v.suppressed else "",
                "; ".join((*v.notes, law) if law else v.notes) or None,
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
        t = ind.target
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
                site_url(base_url, f"/indicator/{ind.id}/{last}/", place) if last else None,
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
                m.valid_from.isoformat(),
                m.valid_to.isoformat() if m.valid_to else None,
            ]
        )
    return Table("ministries", [f["name"] for f in MINISTRY_FIELDS], rows)


# ---------------------------------------------------------------- writing


def _parquet(table: Table, fields: list[dict[str, Any]], path: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "integer": pa.int64(), "number": pa.float64(),
             "boolean": pa.bool_(), "date": pa.string()}  # fmt: skip
    schema = pa.schema([pa.field(f["name"], types[f["type"]]) for f in fields])
    columns = list(zip(*table.rows, strict=True)) if table.rows else [() for _ in fields]
    arrays = [pa.array(list(c), type=t.type) for c, t in zip(columns, schema, strict=True)]
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), path, compression="zstd")
    return path


def _schema(fields: list[dict[str, Any]], key: list[str]) -> dict[str, Any]:
    return {"fields": fields, "primaryKey": key, "missingValues": [""]}


def _sources() -> list[dict[str, str]]:
    """The delivery themes (SPEC §3) the published indicators are computed from."""
    themes = sorted({s for ind in catalogue() for s in ind.sources})
    return [{"title": f"Leveringen van ministeries en shared services, thema {t}"} for t in themes]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


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
            "hash": f"sha256:{_digest(path)}",
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
    from .dcat import write_dcat

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
