"""The JSON API's answers as the OpenAPI document shows them (``/openapi.json``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, Field, create_model

from ...store.figure_row import FIGURE_ROW

# One published figure, SPEC §2's row: its fields, types, descriptions and examples come
# from the row's one declaration (store.figure_row); the OpenAPI document shows it as a
# class would (tests/test_figure_row.py).
_FIGURE_FIELDS: dict[str, Any] = {
    f.name: (
        f.python,
        Field(description=f.en, examples=None if f.example is None else [f.example]),
    )
    for f in FIGURE_ROW
}
Figure = create_model(
    "Figure", __doc__="One published figure: SPEC §2's machine-readable row.", **_FIGURE_FIELDS
)


def utc(stamp: datetime) -> datetime:
    """The store keeps UTC without a zone (DuckDB TIMESTAMP); the API says it is UTC."""
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp


class PublicationOut(BaseModel):
    year: int
    version: int
    published_at: AwareDatetime = Field(description="UTC")
    note: str | None = Field(description="what a correction changed; null for the first version")
    figures: int


class ProblemOut(BaseModel):
    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message: str
    severity: str
    hint: str | None = Field(default=None, description="what to do about it")


class ReplacementOut(BaseModel):
    """What a stored delivery replaced in one (theme, ministry, year): the delivery before
    it there, with both row counts (SPEC §7: corrections are explicit)."""

    theme: str
    ministry: str
    year: int | None
    replaces_delivery: int
    replaces_loaded_at: AwareDatetime = Field(description="UTC")
    replaces_file: str
    rows_before: int
    rows_after: int
    message: str = Field(
        examples=["vervangt levering 1 van 4 december 2026 (personeel BZK 2024): 30 → 1 rij"]
    )


class UploadOut(BaseModel):
    upload_id: int
    received_at: AwareDatetime = Field(description="UTC")
    file_name: str
    status: Literal["stored", "unchanged", "rejected"]
    delivery_id: int | None
    errors: int
    warnings: int
    problems: list[ProblemOut] = []
    replaces: list[ReplacementOut] = Field(
        default=[],
        description="of a stored upload, in the answers about one upload: what its delivery "
        "replaced (a refused much smaller replacement says it in `problems`, rule "
        "vervanging_veel_kleiner)",
    )


class Detail(BaseModel):
    detail: str


class ValidationIssue(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ValidationErrorOut(BaseModel):
    """A request that does not fit the declared parameters (never echoes what was sent)."""

    detail: list[ValidationIssue]
