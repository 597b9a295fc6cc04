"""Docs are tested: every command and every command group (token, woo, store, text,
letter, and any added later) has help and is in the README, whose command table is generated
from ``--help`` (``make docs``) and must be current; every indicator is in the methodology
annex; every theme is documented.

The commands are found by walking the Typer app's own declarations (``registered_commands``,
``registered_groups``), not through ``jbr.cli.docs``, the code under test: a command it
missed would otherwise be missed here too. A new command or group is covered without
touching this file."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from jbr.cli import app
from jbr.cli import docs as cli_docs
from jbr.deliveries.themes import THEMES
from jbr.indicators import catalogue

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def declared(group: typer.Typer, prefix: str = "jbr") -> tuple[list[str], dict[str, typer.Typer]]:
    """Every command path and every group (path → its Typer) declared under ``group``.

    A command without an explicit name is called after its function, as Typer names it
    (``token_create`` → ``token-create``)."""
    commands: list[str] = []
    groups: dict[str, typer.Typer] = {}
    for info in group.registered_commands:
        if not info.hidden:
            name = info.name or info.callback.__name__.lower().replace("_", "-")
            commands.append(f"{prefix} {name}")
    for info in group.registered_groups:
        sub = info.typer_instance
        if info.hidden or sub is None:
            continue
        path = f"{prefix} {info.name or sub.info.name}"
        groups[path] = sub
        more, deeper = declared(sub, path)
        commands += more
        groups.update(deeper)
    return commands, groups


COMMANDS, GROUPS = declared(app)


def test_readme_starts_with_the_two_commands():
    first_block = README.split("```")[1]
    assert "make run" in first_block and "make test" in first_block


def test_the_walk_finds_the_groups():
    # Issue 14 and 15: the docs test missed every command of a group. The walk above
    # must find the groups known today, or it walks nothing.
    assert {"jbr token", "jbr woo", "jbr store", "jbr text", "jbr letter"} <= set(GROUPS)
    assert {
        "jbr token create",
        "jbr token list",
        "jbr token revoke",
        "jbr woo deadlines",
        "jbr store export",
        "jbr store import",
        "jbr deliveries",
        "jbr text check",
        "jbr letter draft",
    } <= set(COMMANDS)


def test_cli_docs_lists_every_declared_command():
    """The README's command table is generated from ``cli_docs.commands()``: it must hold
    every command the app declares, each once."""
    listed = [path for path, _ in cli_docs.commands()]
    assert sorted(listed) == sorted(COMMANDS)
    assert len(set(listed)) == len(listed)


def test_the_top_level_help_lists_every_command_and_group():
    result = CliRunner().invoke(app, ["--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    for path in [*COMMANDS, *GROUPS]:
        if path.count(" ") == 1:  # directly under jbr
            assert f" {path.split()[1]} " in result.output, path


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_group_has_help_listing_its_commands_and_is_documented(group):
    """``jbr token --help`` says what the group is for and lists its commands; the README
    has a row for each of them (under the group's name)."""
    sub = GROUPS[group]
    result = CliRunner().invoke(app, [*group.split()[1:], "--help"], terminal_width=200)
    assert result.exit_code == 0, result.output
    purpose = " ".join((sub.info.help or "").split())
    assert len(purpose) > 15, f"{group} has no help text"
    assert purpose.split(":")[0].split(" (")[0] in " ".join(result.output.split())
    children = [
        c for c in COMMANDS if c.startswith(group + " ") and c.count(" ") == group.count(" ") + 1
    ]
    assert children, f"{group} has no commands"
    for child in children:
        assert f" {child.split()[-1]} " in result.output, (group, child)
    assert f"| `{group} " in README, f"{group} not in README"
    # without a command the group shows its help, not a traceback
    bare = CliRunner().invoke(app, group.split()[1:], terminal_width=200)
    assert "Usage" in bare.output, bare.output
    assert bare.exception is None or isinstance(bare.exception, SystemExit), bare.exception


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


def test_a_stale_table_is_noticed(tmp_path):
    """The check above can fail: a README whose table lacks a row is rewritten."""
    row = next(line for line in README.splitlines() if line.startswith("| `jbr load "))
    stale = README.replace(row + "\n", "")
    assert cli_docs.render(stale) == README
    assert cli_docs.main(["--check", str(_write(stale, tmp_path))]) == 1


def _write(text: str, folder: Path) -> Path:
    path = folder / "README.md"
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
