"""Docs are tested: every command has help and is in the README; every indicator is in
the methodology annex; every theme is documented by its published schema."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jbr.cli import app
from jbr.deliveries.themes import THEMES
from jbr.indicators import catalogue

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = [c.name or c.callback.__name__ for c in app.registered_commands]


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_and_is_documented(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert len(result.output) > 100
    assert f"`jbr {command}" in README, f"jbr {command} is missing from README"


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_theme_has_help_for_every_column(theme):
    for col in THEMES[theme].columns:
        assert col.help_nl and col.help_en, f"{theme}.{col.name} has no help text"


def test_catalogue_entries_are_complete():
    for ind in catalogue():
        assert ind.label_nl and ind.label_en and ind.definition_nl and ind.definition_en
        assert set(ind.sources) <= set(THEMES), ind.id
