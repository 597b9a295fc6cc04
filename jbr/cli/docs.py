"""The README's generated parts: the command table from ``--help``, the delivery themes
from their declarations and the ministry codes from the code list.

    python -m jbr.cli.docs README.md           # rewrite the generated parts (make docs)
    python -m jbr.cli.docs --check README.md   # exit 1 when they are stale

Each part sits between ``<!-- generated: NAME -->`` and ``<!-- end: NAME -->``;
``tests/test_docs.py`` fails when the README differs from what this module writes.
"""

from __future__ import annotations

import inspect
import re
import sys
from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import typer

# Typer (0.2x) builds on its own copy of Click: its command objects are read by their
# attributes (``commands``, ``params``, ``opts``, ...), not by Click's classes.
Command = Any


def _commands(group: Command, prefix: str) -> Iterator[tuple[str, Command]]:
    for name, command in group.commands.items():
        path = f"{prefix} {name}"
        if hasattr(command, "commands"):
            yield from _commands(command, path)
        else:
            yield path, command


def commands() -> list[tuple[str, Command]]:
    """Every command of ``jbr`` (groups expanded: ``jbr token create``, ...), in help order."""
    from . import app

    return list(_commands(typer.main.get_command(app), "jbr"))


def _choices(param: Any) -> list[str]:
    """The values of an option typed by an Enum (``--format table|json``)."""
    kind = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return [str(m.value) for m in kind]
    return list(getattr(getattr(param, "type", None), "choices", None) or [])


def _option(param: Any) -> str:
    name = max(param.opts, key=len)
    choices = _choices(param)
    if param.is_flag:
        text = "/".join([name, *param.secondary_opts]) if param.secondary_opts else name
    elif choices:
        text = f"{name} {'|'.join(str(c) for c in choices)}"
    else:
        text = f"{name} {param.metavar or param.name.upper()}"
    if param.multiple:
        text += f" [{name} ...]"
    return text if param.required else f"[{text}]"


def synopsis(path: str, command: Command) -> str:
    """``jbr load FILE... [--db STORE] [--allow-shrink] ...`` from the command's parameters."""
    parts = [path]
    for param in command.params:
        if param.param_type_name == "argument":
            parts.append(param.metavar or param.name.upper())
        elif param.param_type_name == "option" and "--help" not in param.opts:
            parts.append(_option(param))
    return " ".join(parts)


def summary(command: Command) -> str:
    """The first paragraph of the command's help, on one line."""
    text = inspect.cleandoc(command.help or "")
    return " ".join(text.split("\n\n")[0].split())


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def command_table() -> str:
    rows = ["| command | what it does (from `--help`) |", "|---|---|"]
    for path, command in commands():
        rows.append(f"| `{_cell(synopsis(path, command))}` | {_cell(summary(command))} |")
    return "\n".join(rows)


def theme_table() -> str:
    from ..deliveries.themes import THEMES

    rows = ["| theme | one row per | required columns | optional columns |", "|---|---|---|---|"]
    for theme in THEMES.values():
        required = ", ".join(f"`{c.name}`" for c in theme.columns if c.required)
        optional = ", ".join(f"`{c.name}`" for c in theme.columns if not c.required)
        rows.append(f"| `{theme.name}` | {_cell(theme.row_en)} | {required} | {optional or '—'} |")
    return "\n".join(rows)


def ministry_list() -> str:
    from ..codelists import ministries

    lines = []
    for m in sorted(ministries(), key=lambda m: m.code.lower()):
        if m.valid_to is not None:
            when = f" (until {m.valid_to.isoformat()})"
        elif m.valid_from.year > 1900:
            when = f" (from {m.valid_from.isoformat()})"
        else:
            when = ""
        lines.append(f"- `{m.code}` {m.name_nl} / {m.name_en}{when}")
    return "\n".join(lines)


PARTS = {"commands": command_table, "themes": theme_table, "ministries": ministry_list}


def render(readme: str) -> str:
    """``readme`` with every generated part rewritten."""
    for name, make in PARTS.items():
        pattern = re.compile(rf"(<!-- generated: {name} -->\n).*?(<!-- end: {name} -->)", re.DOTALL)
        found = pattern.search(readme)
        if not found:
            raise ValueError(f"README has no <!-- generated: {name} --> ... <!-- end: {name} -->")
        readme = (
            readme[: found.start()]
            + found.group(1)
            + make()
            + "\n"
            + found.group(2)
            + readme[found.end() :]
        )
    return readme


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    check = "--check" in args
    paths = [Path(a) for a in args if a != "--check"] or [Path("README.md")]
    stale = False
    for path in paths:
        text = path.read_text(encoding="utf-8")
        new = render(text)
        if new != text:
            stale = True
            if not check:
                path.write_text(new, encoding="utf-8")
                print(f"{path}: generated parts rewritten")
    if check and stale:
        print("README is stale: run `make docs`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
