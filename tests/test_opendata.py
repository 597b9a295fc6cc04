"""``opendata/``: a valid Frictionless Data Package (and Parquet) of every published figure,
a DCAT-AP-DONL record, and a new version per publication: a correction keeps every
earlier version downloadable and is shown with its note and date."""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from jbr.publish.site.write import write_site

from .worlds import CORRECTION_NOTE as NOTE
from .worlds import copy_world


@pytest.fixture(scope="module")
def versions(site_corrected) -> dict:
    """v1 publishes 2023, v2 publishes 2024, v3 corrects 2023 (BZK delivered 32, not 30):
    the ``site_corrected`` world of tests/worlds.py."""
    return {"db": site_corrected.db, "out": site_corrected.out, "before": site_corrected.before}


def rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def headcount(path: Path, year: str, ministry: str) -> str:
    [row] = [
        r
        for r in rows(path)
        if r["indicator"] == "personnel.headcount"
        and r["year"] == year
        and r["ministry"] == ministry
    ]
    return row["value"]


def frictionless(descriptor: Path) -> subprocess.CompletedProcess[str]:
    cli = Path(sys.executable).with_name("frictionless")
    return subprocess.run(
        [str(cli), "validate", str(descriptor)], capture_output=True, text=True, timeout=300
    )


def test_frictionless_validates_the_package_and_every_version(versions):
    opendata = versions["out"] / "opendata"
    for descriptor in [
        opendata / "datapackage.json",
        *opendata.glob("versions/*/datapackage.json"),
    ]:
        result = frictionless(descriptor)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "VALID" in result.stdout and "INVALID" not in result.stdout


def test_package_has_licence_sources_schemas_and_keys(versions):
    package = json.loads((versions["out"] / "opendata" / "datapackage.json").read_text("utf-8"))
    assert package["licenses"][0]["name"] == "CC0-1.0"
    assert package["sources"] and all(s["title"] for s in package["sources"])
    figures = next(r for r in package["resources"] if r["name"] == "figures")
    fields = {f["name"]: f["type"] for f in figures["schema"]["fields"]}
    assert fields["value"] == "number" and fields["suppressed"] == "boolean"
    assert fields["year"] == "integer" and "persons" not in fields  # counts never leave the store
    assert figures["schema"]["primaryKey"] == ["figure_id", "year", "ministry"]
    assert {fk["reference"]["resource"] for fk in figures["schema"]["foreignKeys"]} == {
        "indicators",
        "ministries",
    }


def test_a_correction_is_a_new_version_and_the_old_one_stays(versions):
    opendata = versions["out"] / "opendata"
    assert sorted(p.name for p in (opendata / "versions").iterdir()) == ["1", "2", "3"]
    # v1: 2023 only; v2: + 2024; v3: 2023 corrected. BZK 2023: 30 → 32 (+ FIN 20 + AZ 7 for the Rijk)
    assert {r["year"] for r in rows(opendata / "versions/1/figures.csv")} == {"2023"}
    assert headcount(opendata / "versions/2/figures.csv", "2023", "BZK") == "30"
    assert headcount(opendata / "versions/2/figures.csv", "2023", "RIJK") == "57"
    assert headcount(opendata / "versions/3/figures.csv", "2023", "BZK") == "32"
    assert headcount(opendata / "figures.csv", "2023", "RIJK") == "59"
    assert headcount(opendata / "figures.csv", "2024", "BZK") == "31"  # 2024 untouched
    # the earlier top-level files held exactly version 2's figures; only the URLs differ,
    # each relative to its own file: ../site/X at the top, ../../../site/X in versions/2/
    before = list(csv.DictReader(versions["before"]["figures.csv"].decode("utf-8").splitlines()))
    kept = rows(opendata / "versions/2/figures.csv")
    assert [{**r, "url": r["url"].replace("../../../site/", "../site/")} for r in kept] == before
    package = json.loads((opendata / "datapackage.json").read_text("utf-8"))
    assert package["version"] == "3"
    listed = package["x-jbr-versions"]
    assert [(v["version"], v["year"], v["correction"]) for v in listed] == [
        (1, 2023, False),
        (2, 2024, False),
        (3, 2023, True),
    ]
    assert listed[2]["note"] == NOTE
    # each row says which version of its year it comes from
    assert {r["version"] for r in rows(opendata / "figures.csv") if r["year"] == "2023"} == {"2"}


def test_the_correction_is_visible_on_the_site_with_note_and_date(versions):
    site = versions["out"] / "site"
    package = json.loads((versions["out"] / "opendata/datapackage.json").read_text("utf-8"))
    day = package["x-jbr-versions"][2]["date"]
    page_2023 = (site / "indicator/personnel.headcount/2023/index.html").read_text("utf-8")
    assert "Gecorrigeerd " + day in page_2023 and NOTE in page_2023
    page_2024 = (site / "indicator/personnel.headcount/2024/index.html").read_text("utf-8")
    assert "Gecorrigeerd" not in page_2024
    english = (site / "en/indicator/personnel.headcount/2023/index.html").read_text("utf-8")
    assert "Corrected " + day in english
    data = (site / "data/index.html").read_text("utf-8")
    assert 'href="../../opendata/versions/1/datapackage.json"' in data and NOTE in data


def test_rebuilding_without_a_new_publication_adds_no_version(versions, tmp_path):
    world = copy_world(versions["out"].parent, tmp_path / "world")  # the world stays as it is
    out = world / "out"
    figures_before = (out / "opendata/figures.csv").read_bytes()
    write_site(world / "store.duckdb", out)
    assert sorted(p.name for p in (out / "opendata/versions").iterdir()) == ["1", "2", "3"]
    assert (out / "opendata/figures.csv").read_bytes() == figures_before


def test_parquet_holds_the_same_figures(versions):
    opendata = versions["out"] / "opendata"
    table = pq.read_table(opendata / "figures.parquet").to_pylist()
    from_csv = rows(opendata / "figures.csv")
    assert len(table) == len(from_csv)
    for p, c in zip(table, from_csv, strict=True):
        assert p["figure_id"] == c["figure_id"] and p["ministry"] == c["ministry"]
        assert (p["value"] is None) == (c["value"] == "")
        assert p["suppressed"] == (c["suppressed"] == "true")
    assert pq.read_schema(opendata / "figures.parquet").field("value").type == "double"


def test_suppressed_figures_are_empty_marked_and_flagged(versions):
    az = [r for r in rows(versions["out"] / "opendata/figures.csv") if r["ministry"] == "AZ"]
    personnel = [r for r in az if r["indicator"].startswith("personnel.")]
    assert personnel  # AZ has 7 persons: all of its personnel figures are withheld
    for r in personnel:
        assert (r["value"], r["suppressed"], r["marker"], r["status"]) == ("", "true", "*", "")


def test_dcat_ap_donl_record(versions):
    from rdflib import Graph, Namespace, URIRef
    from rdflib.namespace import DCAT, DCTERMS, RDF

    opendata = versions["out"] / "opendata"
    graph = Graph().parse(opendata / "dcat.jsonld", format="json-ld")
    overheid = Namespace("http://standaarden.overheid.nl/owms/terms/")
    spdx = Namespace("http://spdx.org/rdf/terms#")
    dcat3 = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3: rdflib's DCAT lacks hasVersion
    # the set (the site's data page), not one of its versions (rows of that page)
    dataset = next(
        d for d in graph.subjects(RDF.type, DCAT.Dataset) if (d, dcat3.hasVersion, None) in graph
    )
    # DCAT-AP-DONL 1.1 mandatory dataset properties
    for prop in (
        DCTERMS.identifier,
        DCTERMS.title,
        DCTERMS.description,
        DCTERMS.language,
        DCAT.theme,
        DCTERMS.modified,
        overheid.authority,
        DCTERMS.publisher,
        DCAT.contactPoint,
    ):
        assert graph.value(dataset, prop) is not None, prop
    assert len(list(graph.objects(dataset, dcat3.hasVersion))) == 3
    assert NOTE in str(graph.value(dataset, URIRef("http://www.w3.org/ns/adms#versionNotes")))
    distributions = list(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) == 7
    cc0 = URIRef("http://creativecommons.org/publicdomain/zero/1.0/deed.nl")
    for dist in distributions:
        # mandatory distribution properties
        for prop in (DCAT.accessURL, DCTERMS.license, DCTERMS.title, DCTERMS.description):
            assert graph.value(dist, prop) is not None, (dist, prop)
        assert graph.value(dist, DCTERMS.license) == cc0
        assert graph.value(dist, DCTERMS.format) is not None
        name = str(dist).rsplit("/", 1)[1]
        digest = graph.value(graph.value(dist, spdx.checksum), spdx.checksumValue)
        assert str(digest) == hashlib.sha256((opendata / name).read_bytes()).hexdigest(), name


def test_every_row_a_value_or_a_marker_with_its_reason(versions):
    """SPEC §6 "no base, no figure": an empty value is marked, '*' (fewer than 10 persons)
    or '.' (no figure), and the notes say why."""
    table = rows(versions["out"] / "opendata" / "figures.csv")
    empty = [r for r in table if r["value"] == ""]
    assert empty  # AZ's personnel figures are withheld; flows of 2023 have no base
    for r in empty:
        assert r["marker"] in ("*", "."), r
        assert r["notes"], r
        assert (r["marker"] == "*") == (r["suppressed"] == "true"), r
    assert all(r["marker"] == "" for r in table if r["value"] != "")
    # 2023 is the first year with personnel: its growth has no previous year
    [growth] = [
        r
        for r in table
        if (r["indicator"], r["year"], r["ministry"])
        == ("personnel.fte_growth_pct", "2023", "RIJK")
    ]
    assert (growth["value"], growth["marker"]) == ("", ".")
    assert growth["notes"].startswith("geen vorig jaar")


def test_values_at_the_precision_of_their_indicator(versions):
    """No float noise: each value has at most the decimals its indicator declares
    (indicators.csv), which are the decimals the report prints."""
    opendata = versions["out"] / "opendata"
    places = {r["id"]: int(r["decimals"]) for r in rows(opendata / "indicators.csv")}
    assert places["personnel.fte"] == 0 and places["personnel.women_pct"] == 1
    assert places["climate.co2_neutral_year"] == 0  # declared: a calendar year
    for r in rows(opendata / "figures.csv"):
        if r["value"]:
            decimals = r["value"].split(".")[1] if "." in r["value"] else ""
            assert len(decimals) <= places[r["indicator"]], r
    # Rijk 2023 as corrected: 59 persons (BZK 32, FIN 20, AZ 7), every second one V (site_data):
    # 29 women, 29 ÷ 59 = 49.15… % → 49.2; before the correction (version 2) 28 ÷ 57 = 49.12… → 49.1
    women = [
        r["value"]
        for r in rows(opendata / "figures.csv")
        if (r["indicator"], r["year"], r["ministry"]) == ("personnel.women_pct", "2023", "RIJK")
    ]
    assert women == ["49.2"]
    assert [
        r["value"]
        for r in rows(opendata / "versions/2/figures.csv")
        if (r["indicator"], r["year"], r["ministry"]) == ("personnel.women_pct", "2023", "RIJK")
    ] == ["49.1"]


def test_ministry_dates_are_dates_in_parquet(versions):
    from datetime import date

    import pyarrow as pa

    table = pq.read_table(versions["out"] / "opendata" / "ministries.parquet")
    assert table.schema.field("valid_from").type == pa.date32()
    assert table.schema.field("valid_to").type == pa.date32()
    by_code = {r["code"]: r for r in table.to_pylist()}
    # SPEC §4: EZK split into EZ and KGG from 2 July 2024
    assert by_code["KGG"]["valid_from"] == date(2024, 7, 2)
    assert by_code["EZK"]["valid_to"] == date(2024, 7, 1)
