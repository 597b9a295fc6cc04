"""The open-data record ``opendata/dcat.jsonld`` against the official DCAT-AP 3.0.1 SHACL
shapes of SEMIC (vendored in tests/shapes/dcat-ap-3.0.1/, source and licence beside it),
validated by pyshacl (issue 18), while keeping the DCAT-AP-DONL values of
data.overheid.nl (owms authority and theme, EU language, file type, CC0 licence)."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SH

from jbr.publish.opendata.write import write_opendata
from jbr.publish.releases import from_store

from .worlds import CORRECTION_NOTE

SHAPES = Path(__file__).parent / "shapes" / "dcat-ap-3.0.1"
BASE = "https://jbr.example.nl"
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3 (rdflib's closed DCAT 2 lacks hasVersion)
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
OWMS = Namespace("http://standaarden.overheid.nl/owms/terms/")
EU = "http://publications.europa.eu/resource/authority"


@pytest.fixture(scope="module")
def published(site_corrected) -> Path:
    """A store with versions 1 (2023), 2 (2024) and 3 (2023 corrected) published: the
    ``site_corrected`` world of tests/worlds.py (read here, never written)."""
    return site_corrected.db


@pytest.fixture(scope="module")
def record(published, tmp_path_factory) -> Path:
    """The record under the public base URL (JBR_BASE_URL set)."""
    out = tmp_path_factory.mktemp("dcat-record") / "out"
    write_opendata(from_store(published), out, BASE)
    return out / "opendata" / "dcat.jsonld"


@pytest.fixture(scope="module")
def relative_record(published, tmp_path_factory) -> Path:
    """The record without a base URL: its IRIs relative to the record (the static site)."""
    out = tmp_path_factory.mktemp("dcat-record-relative") / "out"
    write_opendata(from_store(published), out, None)
    return out / "opendata" / "dcat.jsonld"


def shapes() -> Graph:
    return Graph().parse(SHAPES / "dcat-ap-SHACL.ttl", format="turtle")


def validate(data: Graph) -> tuple[bool, list[tuple[str, str, str]]]:
    """pyshacl's verdict and its results as (focus node, path, message)."""
    from pyshacl import validate as shacl

    conforms, report, _ = shacl(data, shacl_graph=shapes(), inference="none")
    results = [
        (str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)),
         str(report.value(r, SH.resultMessage)))
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]  # fmt: skip
    return bool(conforms), results


def test_the_shapes_are_the_official_file():
    source = (SHAPES / "SOURCE.md").read_text(encoding="utf-8")
    digest = hashlib.sha256((SHAPES / "dcat-ap-SHACL.ttl").read_bytes()).hexdigest()
    assert f"SHA-256 of the copy: {digest}" in source
    assert "releases/3.0.1/shacl/dcat-ap-SHACL.ttl" in source
    assert "CC BY 4.0" in (SHAPES / "LICENCE.md").read_text(encoding="utf-8")
    graph = shapes()
    assert len(set(graph.subjects(RDF.type, SH.NodeShape))) == 33  # the release's 33 shapes


def test_the_record_conforms_to_dcat_ap_3(record):
    data = Graph().parse(record, format="json-ld")
    conforms, results = validate(data)
    assert results == [] and conforms


def test_the_relative_record_conforms_too(relative_record):
    """Without JBR_BASE_URL the IRIs are relative (SPEC §6: the static output stands
    alone); JSON-LD resolves them against the record's own place, and the result
    conforms as well: the data set is the site's data page, a version its row there."""
    raw = json.loads(relative_record.read_text(encoding="utf-8"))
    dataset = raw["@graph"][0]
    assert dataset["@id"] == "../site/data/index.html"
    assert dataset["dcat:hasVersion"][0] == {"@id": "../site/data/index.html#versie-1"}
    assert dataset["dcat:distribution"][0]["@id"] == "figures.csv"
    data = Graph().parse(relative_record, format="json-ld")
    conforms, results = validate(data)
    assert results == [] and conforms
    site = (relative_record.parent.parent / "site" / "data").as_uri()
    assert (URIRef(f"{site}/index.html"), RDF.type, DCAT.Dataset) in data


def test_the_shapes_find_the_faults_the_record_had(record):
    """The check can fail: the record as jbr wrote it before issue 18 (sizes as decimals,
    checksums as plain strings, the publisher a bare IRI, no class for any vocabulary
    term) is rejected for each of those."""
    old = json.loads(record.read_text(encoding="utf-8"))
    old = copy.deepcopy(old)
    old["@graph"] = [n for n in old["@graph"] if "dcat:Dataset" in str(n.get("@type"))]
    for node in old["@graph"]:
        for dist in node.get("dcat:distribution", []):
            dist["dcat:byteSize"]["@type"] = "xsd:decimal"
            dist["spdx:checksum"]["spdx:checksumValue"] = dist["spdx:checksum"][
                "spdx:checksumValue"
            ]["@value"]
    conforms, results = validate(Graph().parse(data=json.dumps(old), format="json-ld"))
    assert not conforms
    paths = {path.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for _, path, _ in results}
    assert {"byteSize", "checksumValue", "publisher", "language", "license", "format"} <= paths


def test_dcat_ap_donl_values_kept_and_dcat_ap_3_added(record):
    graph = Graph().parse(record, format="json-ld")
    dataset = URIRef(f"{BASE}/data/")  # the site's data page: its files and versions
    assert graph.value(dataset, DCAT.theme) == OWMS.Bestuur
    assert graph.value(dataset, OWMS.authority) == URIRef(
        OWMS + "Ministerie_van_Binnenlandse_Zaken_en_Koninkrijksrelaties"
    )
    publisher = graph.value(dataset, DCTERMS.publisher)
    assert (publisher, RDF.type, FOAF.Agent) in graph
    assert "Binnenlandse Zaken" in str(graph.value(publisher, FOAF.name))
    assert graph.value(dataset, DCTERMS.spatial) == URIRef(f"{EU}/country/NLD")
    assert (URIRef(f"{EU}/language/NLD"), RDF.type, DCTERMS.LinguisticSystem) in graph
    # each published version is a dataset of its own, with its own files
    versions = sorted(graph.objects(dataset, DCAT.hasVersion))
    assert [str(v) for v in versions] == [f"{BASE}/data/#versie-{n}" for n in (1, 2, 3)]
    assert f"correctie van 2023: {CORRECTION_NOTE}" in str(
        graph.value(versions[2], DCTERMS.description)
    )
    folder = record.parent
    for version in [dataset, *versions]:
        assert (version, RDF.type, DCAT.Dataset) in graph
        distributions = list(graph.objects(version, DCAT.distribution))
        assert len(distributions) == 7
        for dist in distributions:
            name = str(dist).removeprefix(f"{BASE}/opendata/")
            data = (folder / name).read_bytes()
            size = graph.value(dist, DCAT.byteSize)
            assert size == Literal(str(len(data)), datatype=XSD.nonNegativeInteger)
            digest = graph.value(graph.value(dist, SPDX.checksum), SPDX.checksumValue)
            assert digest == Literal(hashlib.sha256(data).hexdigest(), datatype=XSD.hexBinary)
            assert graph.value(dist, DCATAP.availability) == URIRef(
                f"{EU}/planned-availability/STABLE"
            )
