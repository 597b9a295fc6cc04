"""Docs are tested: every command (the token, woo and store groups too) has help and is in
the README, whose command table is generated from ``--help`` (``make docs``) and must be
current; every indicator is in the methodology annex; every theme is documented."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from jbr import cli_docs
from jbr.cli import app
from jbr.deliveries.themes import THEMES
from jbr.indicators import catalogue

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = [path for path, _ in cli_docs.commands()]


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_the_groups_are_covered():
    # Issue 14: the docs test missed every command of a group.
    assert {
        "jbr token create",
        "jbr token list",
        "jbr token revoke",
        "jbr woo deadlines",
        "jbr store export",
        "jbr store import",
        "jbr deliveries",
    } <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_has_help_and_is_documented(command):
    result = CliRunner().invoke(app, [*command.split()[1:], "--help"])
    assert result.exit_code == 0, result.output
    assert len(result.output) > 100
    assert f"| `{command} " in README or f"| `{command}`" in README, f"{command} not in README"


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_is_in_the_readme_row(command):
    row = next(line for line in README.splitlines() if line.startswith(f"| `{command}"))
    params = dict(cli_docs.commands())[command].params
    for param in params:
        if getattr(param, "param_type_name", "") == "option" and "--help" not in param.opts:
            assert max(param.opts, key=len) in row, (command, param.opts)


def test_readme_generated_parts_are_current():
    assert cli_docs.render(README) == README, "the README is stale: run `make docs`"


def test_a_stale_table_is_noticed():
    """The check above can fail: a README whose table lacks a row is rewritten."""
    row = next(line for line in README.splitlines() if line.startswith("| `jbr load "))
    stale = README.replace(row + "\n", "")
    assert cli_docs.render(stale) == README
    assert cli_docs.main(["--check", str(_write(stale))]) == 1


def _write(text: str) -> Path:
    import tempfile

    path = Path(tempfile.mkdtemp()) / "README.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_readme_is_self_contained():
    # Users of the project do not have the specification: no citation of it.
    assert "SPEC" not in README and "§" not in README
    for theme in THEMES:
        assert f"| `{theme}` |" in README  # the delivery format, theme by theme
    assert "`hint`" in README and "--allow-shrink" in README


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_every_theme_has_help_for_every_column(theme):
    for col in THEMES[theme].columns:
        assert col.help_nl and col.help_en, f"{theme}.{col.name} has no help text"


def test_catalogue_entries_are_complete():
    for ind in catalogue():
        assert ind.label_nl and ind.label_en and ind.definition_nl and ind.definition_en
        assert set(ind.sources) <= set(THEMES), ind.id
