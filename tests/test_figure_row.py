"""The published figure row has one declaration (``jbr.store.figure_row``): every place that
stores, serves or publishes the row agrees with it. Each test names one consumer; a field
added, renamed, retyped or made nullable in one place only fails here."""

from __future__ import annotations

import csv
import io
import json
from concurrent.futures import ThreadPoolExecutor

import duckdb
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from jbr import indicators, load
from jbr.cli import app
from jbr.indicators import IndicatorValue
from jbr.publish.opendata.schema import FIGURE_FIELDS
from jbr.publish.opendata.tables import figures_table
from jbr.store import review
from jbr.store.access import published
from jbr.store.figure_row import BY_NAME, FIGURE_KEYS, FIGURE_ROW, SNAPSHOT, VERSION
from jbr.web.api_routes.models import Figure

from .conftest import write_csv

HEADER = "peildatum;medewerker_id;ministerie;fte;provincie"


def test_the_row_is_spec_2s_row():
    """SPEC §2: the keys every machine-readable row has, in this order."""
    assert FIGURE_KEYS == (
        "indicator", "year", "ministry", "value", "unit", "target", "status", "suppressed"
    )  # fmt: skip
    assert BY_NAME["status"].enum == ("met", "on_track", "off_track")
    assert [f.name for f in SNAPSHOT] == [*FIGURE_KEYS, "version", "notes", "reason"]


@pytest.fixture
def small_store(tmp_path, db):
    """Twelve persons of BZK and three of AZ (a suppressed figure) on 31 December 2024."""
    rows = [f"2024-12-31;B{i};BZK;1;PV28" for i in range(12)]
    rows += [f"2024-12-31;A{i};AZ;0,5;PV28" for i in range(3)]
    load([write_csv(tmp_path / "personeel_test.csv", HEADER, rows)], db=db)
    return db


def _columns(db, table: str) -> dict[str, tuple[str, bool]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT column_name, data_type, is_nullable FROM duckdb_columns() WHERE table_name = ?",
            [table],
        ).fetchall()
    finally:
        con.close()
    return {name: (kind, nullable) for name, kind, nullable in rows}


def _publish(db) -> list[dict]:
    figures = [
        v.public().as_row() | {"notes": list(v.notes), "reason": v.reason}
        for v in indicators(2024, db=db)
    ]
    published.record_publication(db, 2024, figures, "test")
    return figures


def test_the_store_snapshot_follows_the_declaration(small_store):
    figures = _publish(small_store)
    columns = _columns(small_store, "published_figures")
    assert set(columns) == {f.name for f in SNAPSHOT}
    for f in SNAPSHOT:
        kind, nullable = columns[f.name]
        assert kind == f.sql, f.name
        # The table never refuses what the declaration allows (it may allow more: stores
        # made before keep their table, docs/decisions.md).
        assert nullable or not f.nullable, f.name
    arrays = published.snapshot_columns(2024, 1, figures)
    assert list(arrays) == [f.name for f in SNAPSHOT]
    assert all(a.type == f.arrow for a, f in zip(arrays.values(), SNAPSHOT, strict=True))
    assert arrays["year"].type == pa.int32()
    read = published.figure_rows(duckdb.connect(str(small_store), read_only=True), 2024)
    assert list(read[0]) == [*FIGURE_KEYS, "notes", "version", "reason"]
    assert [{k: r[k] for k in FIGURE_KEYS} for r in read] == sorted(
        ({k: f[k] for k in FIGURE_KEYS} for f in figures),
        key=lambda r: (r["indicator"], r["ministry"] != "RIJK", r["ministry"]),
    )


def test_the_review_sends_the_row_without_year_and_ministry(small_store):
    """A sending's figures (review_figures, the fingerprint) are the row less the year and
    ministry its event carries."""
    sent = review.FIGURE_KEYS
    assert sent == tuple(k for k in FIGURE_KEYS if k not in ("year", "ministry"))
    con = duckdb.connect(str(small_store))
    try:
        review.ensure_review_schema(con)
    finally:
        con.close()
    columns = _columns(small_store, "review_figures")
    assert list(columns) == ["event_id", *review.FIGURE_KEYS]
    for name in review.FIGURE_KEYS:
        kind, nullable = columns[name]
        assert kind == BY_NAME[name].sql and (nullable or not BY_NAME[name].nullable), name


def test_the_computed_row_and_the_command_line_follow_the_declaration(small_store):
    v = IndicatorValue(
        "organisation.fte_by_province", 2024, "BZK", 12.0, "fte", None, None, False,
        breakdown="PV28",
    )  # fmt: skip
    row = v.as_row()
    assert tuple(row) == FIGURE_KEYS
    assert row["indicator"] == "organisation.fte_by_province.PV28"
    runner = CliRunner()
    base = ["indicators", "--year", "2024", "--db", str(small_store)]
    shown = runner.invoke(app, [*base, "--format", "csv"])
    assert shown.exit_code == 0, shown.output
    table = list(csv.reader(io.StringIO(shown.stdout)))
    assert tuple(table[0]) == FIGURE_KEYS and len(table) > 1
    shown = runner.invoke(app, [*base, "--format", "json", "--public"])
    assert shown.exit_code == 0, shown.output
    rows = json.loads(shown.stdout)
    assert rows and all(tuple(r) == FIGURE_KEYS for r in rows)
    az = next(r for r in rows if r["indicator"] == "personnel.headcount" and r["ministry"] == "AZ")
    assert az["suppressed"] is True and az["value"] is None


def test_the_api_model_follows_the_declaration():
    assert tuple(Figure.model_fields) == FIGURE_KEYS
    for f in FIGURE_ROW:
        info = Figure.model_fields[f.name]
        assert info.annotation == f.python, f.name
        assert info.is_required(), f.name
        assert info.description == f.en, f.name
        assert info.examples == (None if f.example is None else [f.example]), f.name
    schema = Figure.model_json_schema()
    assert list(schema["properties"]) == list(FIGURE_KEYS)
    assert schema["required"] == list(FIGURE_KEYS)
    status = schema["properties"]["status"]["anyOf"]
    assert {"type": "null"} in status
    assert {"enum": ["met", "on_track", "off_track"], "type": "string"} in status
    assert schema["properties"]["unit"] == {"title": "Unit", "type": "string"}


def test_the_api_serves_the_declared_row(small_store, tmp_path):
    import anyio
    import httpx

    from jbr.web.app import create_app
    from jbr.web.gate import Settings

    _publish(small_store)
    served = create_app(Settings(db=small_store, out=tmp_path / "out"))

    async def ask() -> httpx.Response:
        transport = httpx.ASGITransport(app=served)
        async with httpx.AsyncClient(transport=transport, base_url="http://jbr.test") as client:
            return await client.get("/api/indicators", params={"year": 2024})

    # In a thread of its own: a browser test on the same xdist worker may have left an
    # event loop running in this one ("Already running asyncio in this thread").
    with ThreadPoolExecutor(1) as pool:
        answer = pool.submit(anyio.run, ask).result()
    assert answer.status_code == 200, answer.text
    rows = answer.json()
    assert rows and all(tuple(r) == FIGURE_KEYS for r in rows)
    for r in rows:
        Figure.model_validate(r)


def test_the_open_data_figures_follow_the_declaration():
    fields = {f["name"]: f for f in FIGURE_FIELDS}
    # The row's ``indicator`` is the figure's id; the open data calls it figure_id and
    # adds the catalogue id and the category beside it.
    declared = {"figure_id": BY_NAME["indicator"]} | {
        f.name: f for f in FIGURE_ROW if f.name != "indicator"
    }
    for name, f in declared.items():
        field = fields[name]
        assert field == f.table_schema(name=name, description=field["description"]), name
        # Its own wording only where the open data says more about the value (rounding,
        # markers).
        assert field["description"] == f.nl or name == "value", name
    assert fields["version"] == VERSION.table_schema()
    # The rows of figures.csv put each cell under its field.
    v = IndicatorValue("personnel.fte", 2024, "BZK", 12.0, "fte", 10.0, "met", False)
    table = figures_table({2024: [v]}, {2024: 1}, "https://example.org")
    cells = dict(zip(table.columns, table.rows[0], strict=True))
    row = v.as_row()
    assert cells["figure_id"] == row["indicator"]
    assert {k: cells[k] for k in FIGURE_KEYS if k != "indicator"} == {
        k: row[k] for k in FIGURE_KEYS if k != "indicator"
    }
    assert cells["version"] == 1
