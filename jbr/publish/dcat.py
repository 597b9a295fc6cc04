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

The record also conforms to DCAT-AP 3.0.1, the European profile DCAT-AP-DONL
extends (tests/test_opendata_dcat_ap.py runs the official SEMIC SHACL shapes on
it): every referenced vocabulary term is declared with the class DCAT-AP gives
its property's range (``vocabulary_nodes``), the publisher is a ``foaf:Agent``
with a name, sizes and checksums carry their XSD datatypes, and each published
version is a ``dcat:Dataset`` of its own (``dcat:hasVersion``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..checksum import file_sha256
from .releases import Published
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
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcatap": "http://data.europa.eu/r5r/",
}
EU = "http://publications.europa.eu/resource/authority"
BZK = "http://standaarden.overheid.nl/owms/terms/Ministerie_van_Binnenlandse_Zaken_en_Koninkrijksrelaties"
THEME = "http://standaarden.overheid.nl/owms/terms/Bestuur"  # taxonomie beleidsagenda
LICENSE = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"  # overheid:license value
DUTCH, ENGLISH = f"{EU}/language/NLD", f"{EU}/language/ENG"
NETHERLANDS = f"{EU}/country/NLD"  # dct:spatial: the Rijk (posts abroad are the Rijk's too)
STABLE = f"{EU}/planned-availability/STABLE"  # a published version is never changed or removed
PUBLISHER_TYPE = "http://purl.org/adms/publishertype/NationalAuthority"
SHA256 = "http://spdx.org/rdf/terms#checksumAlgorithm_sha256"
FRICTIONLESS = "https://specs.frictionlessdata.io/tabular-data-package/"
BZK_NAME = "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties"

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
    """A file of ``opendata/`` (``name`` relative to it, e.g. ``versions/2/figures.csv``),
    from the record (which is in ``opendata/`` itself)."""
    return f"{base_url}/opendata/{name}" if base_url else name


def version_iri(base_url: str | None, number: int) -> str:
    """Version ``number`` of the set: its row on the site's data page, which lists its
    files (a page the static site writes, so the IRI resolves with or without a base)."""
    return site_url(base_url, f"/data/#versie-{number}")


def _distribution(
    folder: Path, name: str, base_url: str | None, modified: str, under: str = ""
) -> dict[str, Any]:
    file_type, media, title, description = DISTRIBUTIONS[name]
    path = folder / name
    url = _opendata_url(base_url, under + name)
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
        "dcat:byteSize": {"@value": str(path.stat().st_size), "@type": "xsd:nonNegativeInteger"},
        "dct:modified": _date(modified),
        "dcatap:availability": _uri(STABLE),
        "spdx:checksum": {
            "@type": "spdx:Checksum",
            "spdx:algorithm": _uri(SHA256),
            "spdx:checksumValue": {
                "@value": file_sha256(path),
                "@type": "xsd:hexBinary",
            },
        },
    }
    if name.endswith(".csv"):  # its table schema is in the Data Package descriptor beside it
        schema = _opendata_url(base_url, under + "datapackage.json")
        node["dct:conformsTo"] = {"@id": schema, "@type": "dct:Standard"}
    return node


def _version(
    published: Published, number: int, folder: Path, base_url: str | None
) -> dict[str, Any]:
    """Version ``number`` of the set as a ``dcat:Dataset`` of its own, its files under
    ``versions/<number>/`` (DCAT-AP 3: ``dcat:hasVersion`` ranges over datasets)."""
    release = next(r for r in published.releases if r.number == number)
    kind = (
        f"correctie van {release.year}" if release.correction else f"publicatie van {release.year}"
    )
    note = f": {release.note}" if release.note else ""
    identifier = version_iri(base_url, number)
    under = f"versions/{number}/"
    return {
        "@id": identifier,
        "@type": "dcat:Dataset",
        "dct:identifier": {"@value": identifier, "@type": "xsd:anyURI"},
        "dct:title": _text(
            f"Jaarrapportage Bedrijfsvoering Rijk: gepubliceerde cijfers, versie {number}"
        ),
        "dct:description": _text(f"Versie {number} ({release.day}): {kind}{note}."),
        "dcat:version": str(number),
        "dct:issued": _date(release.day),
        "dct:publisher": _uri(BZK),
        "dcat:distribution": [
            _distribution(folder, name, base_url, release.day, under) for name in DISTRIBUTIONS
        ],
    }


def vocabulary_nodes(base_url: str | None) -> list[dict[str, Any]]:
    """The terms the record refers to, each with the class DCAT-AP 3 gives its
    property's range, so a SHACL validator without the vocabularies can check them."""
    labelled = {
        DUTCH: ("dct:LinguisticSystem", "Nederlands", "Dutch"),
        ENGLISH: ("dct:LinguisticSystem", "Engels", "English"),
        THEME: ("skos:Concept", "Bestuur", "Governance"),
        NETHERLANDS: ("dct:Location", "Nederland", "Netherlands"),
        STABLE: ("skos:Concept", "Stabiel", "Stable"),
        PUBLISHER_TYPE: ("skos:Concept", "Nationale overheid", "National authority"),
        f"{EU}/frequency/ANNUAL": ("dct:Frequency", "jaarlijks", "annual"),
        f"{EU}/access-right/PUBLIC": ("dct:RightsStatement", "openbaar", "public"),
        LICENSE: ("dct:LicenseDocument", "CC0 1.0 Universeel", "CC0 1.0 Universal"),
        FRICTIONLESS: ("dct:Standard", "Frictionless Tabular Data Package", None),
    }
    nodes: list[dict[str, Any]] = [
        {"@id": iri, "@type": kind, "skos:prefLabel": _text(nl, en)}
        for iri, (kind, nl, en) in labelled.items()
    ]
    for file_type, media, *_ in DISTRIBUTIONS.values():
        nodes.append({"@id": f"{EU}/file-type/{file_type}", "@type": "dct:MediaTypeOrExtent"})
        iana = f"https://www.iana.org/assignments/media-types/{media}"
        nodes.append({"@id": iana, "@type": "dct:MediaType"})
    nodes.append({"@id": SHA256, "@type": "spdx:ChecksumAlgorithm"})
    nodes.append(
        {
            "@id": BZK,
            "@type": ["foaf:Agent", "foaf:Organization"],
            "foaf:name": _text(BZK_NAME, "Ministry of the Interior and Kingdom Relations"),
            "dct:type": _uri(PUBLISHER_TYPE),
        }
    )
    for page in (site_url(base_url, "/"), site_url(base_url, "/data/")):
        nodes.append({"@id": page, "@type": "foaf:Document"})
    return list({n["@id"]: n for n in nodes}.values())  # a media type shared by files: once


def dcat_record(published: Published, folder: Path, base_url: str | None) -> dict[str, Any]:
    """The JSON-LD record of the data set whose current files are in ``folder``.

    Its IRIs are absolute under the public base URL; without one they are relative to the
    record (JSON-LD resolves them against its location), and registering the set on
    data.overheid.nl needs ``JBR_BASE_URL``. The data set is identified by its page on the
    site (``/data/``), which lists its files and versions; a version by its row there."""
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
            "@type": ["vcard:Organization", "vcard:Kind"],
            "vcard:fn": BZK_NAME,
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
        "dct:spatial": _uri(NETHERLANDS),
        "dct:conformsTo": _uri(FRICTIONLESS),
        "owl:versionInfo": str(published.version),
        "dcat:version": str(published.version),
        "adms:versionNotes": _text(
            "; ".join(notes) if notes else f"Versie {published.version}: geen correcties."
        ),
        "dcat:hasVersion": [_uri(version_iri(base_url, r.number)) for r in published.releases],
        "dcat:distribution": [
            _distribution(folder, name, base_url, latest.day) for name in DISTRIBUTIONS
        ],
    }
    versions = [
        _version(published, r.number, folder / "versions" / str(r.number), base_url)
        for r in published.releases
    ]
    return {"@context": CONTEXT, "@graph": [dataset, *versions, *vocabulary_nodes(base_url)]}


def write_dcat(published: Published, folder: Path, base_url: str | None) -> Path:
    path = folder / "dcat.jsonld"
    record = dcat_record(published, folder, base_url)
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    return path
