"""How the command line shows things in a terminal of any width (80 columns and up).

Layouts that stay readable when narrow: identifiers and numbers are never cut or
folded (they are copied into other commands and cited); prose wraps at words with a
hanging indent. Problems are a list, not a seven-column table; indicator values are
grouped per indicator; Woo requests drop the receipt date below 100 columns.
Errors and warnings carry their word ("fout", "waarschuwing") as well as a colour.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import Any

from rich import box
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from ..deliveries.problems import Problem
from .words import count, say, whole

PIPE_WIDTH = 160  # piped without $COLUMNS: wide enough for one Woo request a line


def consoles() -> tuple[Console, Console]:
    """stdout and stderr consoles for one command; ``$COLUMNS`` sets the width (Rich)."""
    return Console(highlight=False), Console(stderr=True, highlight=False)


def table(*, title: str | None = None) -> Table:
    """A table without vertical rules: two spaces between columns, nothing at the edges."""
    return Table(
        title=title,
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        padding=(0, 1, 0, 0),
        title_justify="left",
    )


# --- problems (validate, load, build, woo deadlines) --------------------------------------


def severity_label(p: Problem, lang: str) -> Text:
    if p.is_error:
        return Text(say(lang, "error"), style="bold red")
    return Text(say(lang, "warning"), style="yellow")


def problem_text(p: Problem, lang: str) -> Text:
    """``rij 3 · kolom ministerie · waarde 'XX'`` / the message (rule) / ``hint: …``."""
    where = []
    if p.sheet:
        where.append(f"{say(lang, 'sheet')} {p.sheet}")
    if p.row is not None:
        where.append(f"{say(lang, 'row')} {p.row}")
    if p.column:
        where.append(f"{say(lang, 'column')} {p.column}")
    if p.value is not None and p.value != "":
        where.append(f"{say(lang, 'value')} {p.value!r}")
    text = Text()
    if where:
        text.append(" · ".join(where) + "\n", style="bold")
    text.append(p.message)
    text.append(f" ({p.rule})", style="dim")
    hint = getattr(p, "hint", None)  # added to Problem by the readers where they have one
    if hint:
        text.append(f"\n{say(lang, 'hint')}: {hint}", style="italic")
    return text


def print_problems(console: Console, problems: Sequence[Problem], lang: str) -> None:
    """Every problem, grouped by file: the severity word, where, the message, the hint."""
    for file, items in groupby(problems, key=lambda p: p.file):
        found = list(items)
        errors = sum(p.is_error for p in found)
        counts = _counts(errors, len(found) - errors, lang)
        console.print(Text.assemble((file, "bold"), f"  ({counts})"), soft_wrap=False)
        grid = Table.grid(padding=(0, 1), pad_edge=False)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1, overflow="fold")
        for p in found:
            grid.add_row(Text("  ") + severity_label(p, lang), problem_text(p, lang))
        console.print(grid)


def _counts(errors: int, warnings: int, lang: str) -> str:
    parts = []
    if errors or not warnings:
        parts.append(count(lang, errors, "error"))
    if warnings:
        parts.append(count(lang, warnings, "warning"))
    return f" {say(lang, 'and')} ".join(parts)


def problems_summary(problems: Sequence[Problem], files: int, lang: str) -> Text:
    """One line: ``2 fouten en 3 waarschuwingen in 1 bestand.`` (errors red, warnings not)."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    where = count(lang, files, "file")
    if not problems:
        return Text(say(lang, "no_problems", files=where), style="green")
    if not errors:
        return Text(
            say(lang, "only_warnings", warnings=count(lang, warnings, "warning"), files=where),
            style="yellow",
        )
    return Text(
        say(lang, "problems_found", counts=_counts(errors, warnings, lang), files=where),
        style="red",
    )


# --- progress -----------------------------------------------------------------------------


@contextmanager
def progress_bar(console: Console, description: str) -> Iterator[Any]:
    """A bar (files done of total, elapsed time) on stderr; gone when done (``transient``).

    Yields ``advance(done, total, label)`` and ``stage(text)``: a stage without a count
    shows a spinner. Not an interactive terminal (a pipe, a log file): nothing is drawn."""
    if not console.is_interactive:

        class Silent:
            def advance(self, done: int, total: int, label: str | None = None) -> None:
                pass

            def stage(self, text: str) -> None:
                pass

        yield Silent()
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(bar_width=20),
        _Count(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True, expand=False) as bar:
        task = bar.add_task(description, total=None)

        class Handle:
            def advance(self, done: int, total: int, label: str | None = None) -> None:
                bar.update(task, completed=done, total=total or None)
                if label:
                    bar.update(task, description=f"{description}: {label}")

            def stage(self, text: str) -> None:
                bar.update(task, description=text, total=None, completed=0)

        yield Handle()


class _Count(MofNCompleteColumn):
    """``12/549`` while counting files; nothing for a stage without a count."""

    def render(self, task: Any) -> Text:
        return Text("") if task.total is None else super().render(task)


# --- indicators ---------------------------------------------------------------------------


def figure_text(value: float | None, unit: str, lang: str) -> str:
    """A value as the terminal shows it: Dutch notation, a year as a year (2032, not 2.032,0)."""
    from ..publish.format import number

    if value is None:
        return say(lang, "unknown_value")
    if unit == "jaar":
        return str(round(value))
    return number(value, unit, lang)


def print_indicators(console: Console, values: Sequence[Any], title: str, lang: str) -> None:
    """Per indicator a heading (id, label, unit, target) and a line per ministry.

    At 80 columns: the longest id (39 characters) starts its own line and the label
    wraps after it; a ministry's line needs about 30 columns plus its status."""
    from ..indicators import by_id

    console.print(Text(title, style="bold"))
    shown = [figure_text(v.value, v.unit, lang) for v in values]
    width = max((len(s) for s in shown), default=0)
    notes: dict[str, set[str]] = {}
    groups = groupby(zip(values, shown, strict=True), key=lambda vs: vs[0].figure_id)
    for figure_id, items in groups:
        group = list(items)
        v0 = group[0][0]
        ind = by_id()[v0.indicator]
        heading = Text(figure_id, style="bold cyan")
        unit = _unit(ind, v0.unit, lang)
        label = ind.label(lang)
        heading.append(f"  {label}" + (f" ({unit})" if unit and f"({unit})" not in label else ""))
        if v0.target is not None and ind.target is not None:
            sign = "≤" if ind.target.direction == "at_most" else "≥"
            target = figure_text(v0.target, v0.unit, lang)
            heading.append(f"; {say(lang, 'target')} {sign} {target}")
        console.print()
        console.print(heading)
        for v, text in group:
            status = say(lang, v.status) if v.status else ""
            if v.suppressed:
                status = ", ".join(s for s in (status, say(lang, "suppressed")) if s)
            line = Text(f"  {v.ministry:<5} {text:>{width}}  ")
            line.append(status, style=STATUS_STYLE.get(v.status or "", ""))
            console.print(line)
            for n in v.notes:
                notes.setdefault(n, set()).add(v.indicator)
    if notes:
        console.print()
    for note, ids in sorted(notes.items()):
        console.print(Text(f"{', '.join(sorted(ids))}: {note}", style="dim"))


STATUS_STYLE = {"met": "green", "on_track": "green", "off_track": "red"}


def _unit(ind: Any, unit: str, lang: str) -> str:
    """The value's unit (as the catalogue writes it in Dutch), in English the catalogue's
    English unit where it has one."""
    return str({"en": ind.unit_en}.get(lang) or unit)


# --- deliveries ---------------------------------------------------------------------------


def _day_time(at: Any) -> str:
    return at.strftime("%Y-%m-%d %H:%M")


def coverage_lines(record: Any, lang: str) -> list[str]:
    """What a delivery covers, grouped: one line per theme, year and history."""
    from ..store.history import Covered

    def key(c: Covered) -> tuple:
        return (c.theme, c.jaar is None, c.jaar or 0, c.replaces or 0, c.replaced_by or 0)

    lines = []
    for _, items in groupby(sorted(record.coverage, key=key), key=key):
        group: list[Covered] = list(items)
        c = group[0]
        rows = sum(x.rows for x in group)
        ministries = [x.ministerie for x in group]
        who = (
            ministries[0]
            if len(ministries) == 1
            else f"{len(ministries)} {say(lang, 'ministries')} ({', '.join(ministries)})"
        )
        year = "" if c.jaar is None else f" {c.jaar}"
        parts = [f"{c.theme}{year} {who}: {count(lang, rows, 'row')}"]
        if c.replaces is not None:
            before = sum(x.replaces_rows or 0 for x in group)
            parts.append(
                say(
                    lang,
                    "replaces",
                    id=c.replaces,
                    before=whole(before, lang),
                    after=whole(rows, lang),
                )
            )
        if c.replaced_by is not None:
            after = sum(x.replaced_by_rows or 0 for x in group)
            parts.append(
                say(
                    lang,
                    "replaced_by",
                    id=c.replaced_by,
                    before=whole(rows, lang),
                    after=whole(after, lang),
                )
            )
        else:
            parts.append(say(lang, "current"))
        lines.append(" — ".join(parts[:1]) + " — " + "; ".join(parts[1:]))
    return lines


STATE_STYLE = {"current": "green", "partly_replaced": "yellow", "replaced": "dim"}


def print_deliveries(console: Console, records: Sequence[Any], lang: str) -> None:
    """A block per delivery: number, time, supplier, file, state; then what it covers."""
    for r in records:
        head = Text(f"{say(lang, 'delivery')} {r.delivery_id}", style="bold")
        head.append(f"  {_day_time(r.loaded_at)} UTC  {r.supplier}  ")
        head.append(r.file_name)
        head.append(f"  [{say(lang, r.state)}]", style=STATE_STYLE[r.state])
        console.print(head)
        grid = Table.grid(pad_edge=False)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for line in coverage_lines(r, lang):
            grid.add_row("  ", line)
        console.print(grid)


# --- the written files of a build ---------------------------------------------------------


def written_names(out: Path, files: Sequence[Path], shown: int = 6) -> str:
    """``rapport.html, rapport.pdf, …, site/, opendata/``: what a build wrote, by top entry."""
    tops: list[str] = []
    for f in files:
        try:
            rel = Path(f).resolve().relative_to(Path(out).resolve())
        except ValueError:
            rel = Path(f)
        name = rel.parts[0] + ("/" if len(rel.parts) > 1 else "")
        if name not in tops:
            tops.append(name)
    files_first = [n for n in tops if not n.endswith("/")] + [n for n in tops if n.endswith("/")]
    if len(files_first) > shown:
        return ", ".join(files_first[:shown]) + ", …"
    return ", ".join(files_first)


def width_of(console: Console) -> int:
    return console.width


def woo_console(console: Console) -> Console:
    """Piped without ``$COLUMNS`` there is no width to respect: one request a line."""
    if console.is_terminal or os.environ.get("COLUMNS"):
        return console
    return Console(width=PIPE_WIDTH, highlight=False)


Advance = Callable[[int, int, str | None], None]
