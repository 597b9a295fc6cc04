"""``datapackage.json``: the Frictionless Data Package descriptor of one version of the
open data — its resources with their schemas, keys, sizes and hashes, licence CC0-1.0,
sources, and every version up to it — and the URLs of the package and its versions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ...checksum import file_sha256
from ...indicators import catalogue
from ..releases import Published
from ..urls import TOP, Place, site_url
from .schema import FIGURE_FIELDS, INDICATOR_FIELDS, MINISTRY_FIELDS, table_schema, with_url_format

LICENSE = {
    "name": "CC0-1.0",
    "title": "Creative Commons Zero v1.0 Universal",
    "path": "https://creativecommons.org/publicdomain/zero/1.0/",
}


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
        schema = table_schema(fields, key)
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
