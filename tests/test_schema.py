"""Each theme published as a Frictionless Table Schema, derived from its declaration."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import frictionless
import pytest

from jbr.codelists import alias_table
from jbr.deliveries.schema import (
    FALSE_SPELLINGS,
    PUBLISHED_DIR,
    TRUE_SPELLINGS,
    main,
    schema_json,
    table_schema,
    write_schemas,
)
from jbr.deliveries.themes import THEMES
from jbr.deliveries.validate import validate_files

ALL_THEMES = sorted(THEMES)


@pytest.mark.parametrize("name", ALL_THEMES)
def test_published_schema_is_current(name):
    """Regenerate with `python -m jbr.deliveries.schema` when this fails."""
    published = PUBLISHED_DIR / f"{name}.json"
    assert published.read_text(encoding="utf-8") == schema_json(THEMES[name])
    assert json.loads(published.read_text(encoding="utf-8")) == table_schema(THEMES[name])


def test_no_stale_published_schemas():
    assert sorted(p.stem for p in PUBLISHED_DIR.glob("*.json")) == ALL_THEMES


def test_write_schemas_and_entry_point(tmp_path):
    written = write_schemas(tmp_path / "a")
    assert sorted(p.name for p in written) == sorted(f"{n}.json" for n in THEMES)
    assert main([str(tmp_path / "b")]) == 0
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert text.endswith("}\n") and "\r" not in text
        assert (tmp_path / "b" / path.name).read_text(encoding="utf-8") == text


@pytest.mark.parametrize("name", ALL_THEMES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_frictionless_accepts_the_schema(name, lang):
    descriptor = table_schema(THEMES[name], lang)
    report = frictionless.Schema.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])
    schema = frictionless.Schema.from_descriptor(descriptor)
    assert schema.field_names == list(THEMES[name].column_names)
    assert schema.primary_key == list(THEMES[name].key)
    assert schema.fields_match == "partial"


@pytest.mark.parametrize(
    ("column_type", "frictionless_type"),
    [
        ("string", "string"),
        ("code", "string"),
        ("integer", "integer"),
        ("year", "integer"),
        ("number", "number"),
        ("date", "date"),
        ("boolean", "boolean"),
    ],
)
def test_type_mapping(column_type, frictionless_type):
    fields = [
        (c, f)
        for theme in THEMES.values()
        for c, f in zip(theme.columns, table_schema(theme)["fields"], strict=True)
        if c.type == column_type
    ]
    assert fields, f"no column of type {column_type}"
    for column, field in fields:
        assert field["name"] == column.name
        assert field["type"] == frictionless_type
        assert field["description"].startswith(column.help_nl)
        assert field.get("constraints", {}).get("required", False) == column.required


def test_constraints_of_personeel():
    fields = {f["name"]: f for f in table_schema(THEMES["personeel"])["fields"]}
    assert fields["fte"]["constraints"] == {"required": True, "minimum": 0, "maximum": 1.5}
    assert fields["schaal"]["constraints"] == {"minimum": 1, "maximum": 18}
    assert fields["medewerker_id"]["constraints"] == {"required": True, "maxLength": 64}
    assert fields["geslacht"]["constraints"] == {"enum": ["M", "V", "X", "O"]}
    assert "DD-MM-JJJJ" in fields["peildatum"]["description"]
    assert "JJJJ-MM-DD" in fields["peildatum"]["description"]
    assert fields["fte"]["example"] == "0.8889"  # decimal point, as the schema reads numbers
    provinces = fields["provincie"]["constraints"]["enum"]
    assert {"PV28", "Zuid-Holland", "Fryslân", "Friesland", "BUITENLAND"} <= set(provinces)


@pytest.mark.parametrize("codelist", ["ministerie", "provincie", "woo_categorie"])
def test_code_enum_holds_every_spelling_jbr_accepts(codelist):
    theme = next(t for t in THEMES.values() for c in t.columns if c.codelist == codelist)
    field = next(
        f
        for f, c in zip(table_schema(theme)["fields"], theme.columns, strict=True)
        if c.codelist == codelist
    )
    assert {s.lower() for s in field["constraints"]["enum"]} == {
        s for s, _ in alias_table(codelist)
    }


def test_boolean_spellings_match_the_validator():
    field = next(f for f in table_schema(THEMES["gebouwen"])["fields"] if f["name"] == "kantoor")
    assert {v.lower() for v in field["trueValues"]} == set(TRUE_SPELLINGS)
    assert {v.lower() for v in field["falseValues"]} == set(FALSE_SPELLINGS)
    assert {"ja", "Ja", "JA", "true", "TRUE"} <= set(field["trueValues"])
    assert field["trueValues"][0] == "true" and field["falseValues"][0] == "false"


# --- a delivery checked with standard Frictionless tools ------------------------------------


def _write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def _example_row(name: str) -> dict[str, str]:
    return {f["name"]: f.get("example", "") for f in table_schema(THEMES[name])["fields"]}


def _frictionless_errors(path: Path, name: str) -> list[tuple[str, str | None]]:
    """(error type, field) of every problem `frictionless validate` reports for the file."""
    schema = frictionless.Schema.from_descriptor(table_schema(THEMES[name]))
    # A relative path with a basepath: Frictionless refuses absolute paths as unsafe.
    resource = frictionless.Resource(path=path.name, basepath=str(path.parent), schema=schema)
    return [(t, f) for t, f in resource.validate().flatten(["type", "fieldName"])]


@pytest.mark.parametrize("name", ALL_THEMES)
def test_example_row_is_valid_for_frictionless_and_for_jbr(tmp_path, name):
    """The schema's examples form a valid row under both validators (one source of truth)."""
    theme = THEMES[name]
    path = _write_csv(tmp_path / f"{name}.csv", list(theme.column_names), [_example_row(name)])
    assert _frictionless_errors(path, name) == []
    paths = [
        _write_csv(tmp_path / f"{p}.csv", list(THEMES[p].column_names), [_example_row(p)])
        for p in theme.parents
    ]
    assert validate_files([*paths, path]) == []


def test_frictionless_flags_an_invalid_delivery(tmp_path):
    good = _example_row("personeel")
    rows = [
        {**good, "medewerker_id": "P1", "fte": "3"},  # above the maximum 1.5
        {**good, "medewerker_id": "P2", "ministerie": "XYZ"},  # not in the code list
        {**good, "medewerker_id": "P3", "peildatum": "31-12-2024"},  # jbr only: not ISO
        {**good, "medewerker_id": "P4", "arbeidsbeperking": "misschien"},
        {**good, "medewerker_id": "P5", "provincie": ""},  # required
    ]
    path = _write_csv(tmp_path / "personeel.csv", list(THEMES["personeel"].column_names), rows)
    found = _frictionless_errors(path, "personeel")
    assert sorted(found) == sorted(
        [
            ("constraint-error", "fte"),
            ("constraint-error", "ministerie"),
            ("type-error", "peildatum"),
            ("type-error", "arbeidsbeperking"),
            ("constraint-error", "provincie"),
        ]
    )
    # jbr itself also accepts DD-MM-YYYY, and agrees on the rest.
    jbr = sorted((p.rule, p.column) for p in validate_files([path]))
    assert jbr == sorted(
        [
            ("te_groot", "fte"),
            ("code_onbekend", "ministerie"),
            ("type_ja_nee", "arbeidsbeperking"),
            ("verplicht", "provincie"),
        ]
    )


def test_columns_may_come_in_any_order_and_optional_ones_may_be_missing(tmp_path):
    good = _example_row("uitgaven_personeel")
    header = ["inhuur_eur", "jaar", "ministerie", "personeel_eur"]
    path = _write_csv(tmp_path / "uitgaven_personeel.csv", header, [good])
    assert _frictionless_errors(path, "uitgaven_personeel") == []
    required = [c.name for c in THEMES["personeel"].columns if c.required]
    path = _write_csv(tmp_path / "personeel.csv", required, [_example_row("personeel")])
    assert _frictionless_errors(path, "personeel") == []
    path = _write_csv(tmp_path / "personeel_2.csv", required[:-1], [_example_row("personeel")])
    assert _frictionless_errors(path, "personeel") == [("missing-label", required[-1])]


def test_frictionless_wants_every_key_column_as_a_label(tmp_path):
    """A known difference: gebouwen's key holds the optional jaar. jbr accepts a file
    without that column; Frictionless asks for the label (an empty column will do)."""
    required = [c.name for c in THEMES["gebouwen"].columns if c.required]
    path = _write_csv(tmp_path / "gebouwen.csv", required, [_example_row("gebouwen")])
    assert _frictionless_errors(path, "gebouwen") == [("missing-label", "jaar")]
    assert validate_files([path]) == []
    row = {**_example_row("gebouwen"), "jaar": ""}
    path = _write_csv(tmp_path / "gebouwen_2.csv", [*required, "jaar"], [row])
    assert _frictionless_errors(path, "gebouwen") == []
