"""The DCAT-AP-DONL record of ``opendata/`` (SPEC §6), as JSON-LD.

DCAT-AP-DONL is the application profile of data.overheid.nl, the national
open-data portal (dataoverheid/dcat-ap-donl). The record carries the profile's
mandatory dataset properties (identifier, title, description, language, theme,
modification date, authority, publisher, contact point) and, per distribution,
access URL, licence, title, description, language and format, plus the
recommended ones jbr knows (temporal coverage, frequency, access rights,
version and version notes, byte size, media type, checksum, linked schema).
Values come from the profile's value lists: owms terms for authorities and
themes, the EU Publications Office authority tables for language, file type,
frequency and access rights, and the Creative Commons CC0 licence URI.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from .opendata import Published, version_url
from .urls import site_url

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "adms": "http://www.w3.org/ns/adms#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "overheid": "http://standaarden.overheid.nl/owms/terms/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
EU = "http://publications.europa.eu/resource/authority"
BZK = "http://standaarden.overheid.nl/owms/terms/Ministerie_van_Binnenlandse_Zaken_en_Koninkrijksrelaties"
THEME = "http://standaarden.overheid.nl/owms/terms/Bestuur"  # taxonomie beleidsagenda
LICENSE = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"  # overheid:license value
DUTCH, ENGLISH = f"{EU}/language/NLD", f"{EU}/language/ENG"

# file → (EU file type, IANA media type, Dutch title, Dutch description)
DISTRIBUTIONS = {
    "figures.csv": ("CSV", "text/csv", "Cijfers (CSV)",
                    "Alle gepubliceerde cijfers: indicator, jaar, ministerie, waarde, doel, status."),
    "figures.parquet": ("PARQUET", "application/vnd.apache.parquet", "Cijfers (Parquet)",
                        "Dezelfde cijfers als figures.csv, in Apache Parquet."),
    "indicators.csv": ("CSV", "text/csv", "Indicatoren (CSV)",
                       "De indicatorcatalogus: definitie, formule, eenheid, doel en bronnen."),
    "indicators.parquet": ("PARQUET", "application/vnd.apache.parquet", "Indicatoren (Parquet)",
                           "Dezelfde catalogus als indicators.csv, in Apache Parquet."),
    "ministries.csv": ("CSV", "text/csv", "Ministeries (CSV)",
                       "De ministeriecodes met namen en geldigheid."),
    "ministries.parquet": ("PARQUET", "application/vnd.apache.parquet", "Ministeries (Parquet)",
                           "Dezelfde codelijst als ministries.csv, in Apache Parquet."),
    "datapackage.json": ("JSON", "application/json", "Data Package (Frictionless)",
                         "Beschrijving van de tabellen: schema's, sleutels, licentie, bronnen, versies."),
}  # fmt: skip


def _uri(value: str) -> dict[str, str]:
    return {"@id": value}


def _date(value: str) -> dict[str, str]:
    return {"@value": value, "@type": "xsd:date"}


def _text(nl: str, en: str | None = None) -> list[dict[str, str]]:
    out = [{"@value": nl, "@language": "nl"}]
    if en:
        out.append({"@value": en, "@language": "en"})
    return out


def _opendata_url(base_url: str | None, name: str) -> str:
    """A file of ``opendata/``, from the record (which is in ``opendata/`` itself)."""
    return f"{base_url}/opendata/{name}" if base_url else name


def _distribution(folder: Path, name: str, base_url: str | None, modified: str) -> dict[str, Any]:
    file_type, media, title, description = DISTRIBUTIONS[name]
    path = folder / name
    url = _opendata_url(base_url, name)
    node: dict[str, Any] = {
        "@id": url,
        "@type": "dcat:Distribution",
        "dcat:accessURL": _uri(url),
        "dcat:downloadURL": _uri(url),
        "dct:title": _text(title),
        "dct:description": _text(description),
        "dct:license": _uri(LICENSE),
        "dct:language": _uri(DUTCH),
        "dct:format": _uri(f"{EU}/file-type/{file_type}"),
        "dcat:mediaType": _uri(f"https://www.iana.org/assignments/media-types/{media}"),
        "dcat:byteSize": {"@value": str(path.stat().st_size), "@type": "xsd:decimal"},
        "dct:modified": _date(modified),
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": _uri("http://spdx.org/rdf/terms#checksumAlgorithm_sha256"),
            "spdx:checksumValue": hashlib.sha256(path.read_bytes()).hexdigest(),
        },
    }
    if name.endswith(".csv"):
        node["dct:conformsTo"] = _uri(_opendata_url(base_url, "datapackage.json"))
    return node


def dcat_record(published: Published, folder: Path, base_url: str | None) -> dict[str, Any]:
    """The JSON-LD record of the data set whose current files are in ``folder``.

    Its IRIs are absolute under the public base URL; without one they are relative to the
    record (JSON-LD resolves them against its location), and registering the set on
    data.overheid.nl needs ``JBR_BASE_URL``. The data set is identified by its page on the
    site (``/data/``), which lists its files and versions."""
    years = published.years
    latest = published.releases[-1]
    corrections = [r for r in published.releases if r.correction]
    notes = [
        f"Versie {r.number} ({r.day}): correctie {r.year}" + (f": {r.note}" if r.note else "")
        for r in corrections
    ]
    identifier = site_url(base_url, "/data/")
    dataset: dict[str, Any] = {
        "@id": identifier,
        "@type": "dcat:Dataset",
        "dct:identifier": {"@value": identifier, "@type": "xsd:anyURI"},
        "dct:title": _text(
            "Jaarrapportage Bedrijfsvoering Rijk: gepubliceerde cijfers",
            "Annual operations report of the Dutch central government: published figures",
        ),
        "dct:description": _text(
            "De cijfers van de Jaarrapportage Bedrijfsvoering Rijk (JBR) over personeel, "
            "organisatie, duurzaamheid, informatiehuishouding en ICT, inkoop en huisvesting, "
            "per indicator, jaar en ministerie, met doelen en doelstatus. Cijfers over minder "
            "dan 10 personen zijn weggelaten en gemarkeerd.",
            "The figures of the annual operations report of the Dutch central government "
            "(personnel, organisation, sustainability, information management and ICT, "
            "procurement, housing) per indicator, year and ministry, with targets and status. "
            "Figures describing fewer than 10 persons are withheld and marked.",
        ),
        "dcat:keyword": _text("bedrijfsvoering")
        + _text("rijksoverheid")
        + _text("personeel")
        + _text("Woo")
        + _text("duurzaamheid")
        + _text("huisvesting"),
        "dct:language": [_uri(DUTCH), _uri(ENGLISH)],
        "dcat:theme": _uri(THEME),
        "dct:issued": _date(published.releases[0].day),
        "dct:modified": _date(latest.day),
        "overheid:authority": _uri(BZK),
        "dct:publisher": _uri(BZK),
        "dct:creator": _uri(BZK),
        "dcat:contactPoint": {
            "@type": "vcard:Organization",
            "vcard:fn": "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties",
            "vcard:hasURL": _uri(site_url(base_url, "/")),
        },
        "dct:accessRights": _uri(f"{EU}/access-right/PUBLIC"),
        "dct:license": _uri(LICENSE),
        "dcat:landingPage": _uri(site_url(base_url, "/")),
        "foaf:page": _uri(site_url(base_url, "/data/")),
        "dct:accrualPeriodicity": _uri(f"{EU}/frequency/ANNUAL"),
        "dct:temporal": {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": _date(f"{min(years)}-01-01"),
            "dcat:endDate": _date(f"{max(years)}-12-31"),
        },
        "dct:conformsTo": _uri("https://specs.frictionlessdata.io/tabular-data-package/"),
        "owl:versionInfo": str(published.version),
        "adms:versionNotes": _text(
            "; ".join(notes) if notes else f"Versie {published.version}: geen correcties."
        ),
        "dct:hasVersion": [_uri(version_url(base_url, r.number)) for r in published.releases],
        "dcat:distribution": [
            _distribution(folder, name, base_url, latest.day) for name in DISTRIBUTIONS
        ],
    }
    return {"@context": CONTEXT, "@graph": [dataset]}


def write_dcat(published: Published, folder: Path, base_url: str | None) -> Path:
    path = folder / "dcat.jsonld"
    record = dcat_record(published, folder, base_url)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
