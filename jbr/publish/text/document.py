"""A text file as the checks and the renderer see it: lines, comments, references.

- ``<!-- ... -->`` is a note for the editors (also the draft letter's notes on which rule
  chose a development): it is blanked before anything else, keeping line numbers, so it
  never reaches a publication and is never checked.
- ``{{ ... }}`` is a reference (``references.py``); one that is not closed on its line
  is an error.
- ``## Titel {#sleutel}`` starts a page of the public version (``pages``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .references import OPEN, REFERENCE

COMMENT = re.compile(r"<!--.*?(-->|\Z)", re.DOTALL)
PAGE_HEADING = re.compile(r"^##\s+(?P<title>.*?)\s*\{#(?P<key>[\w-]+)\}\s*$")
DRAFT_MARK = "jbr letter draft"  # the draft letter's first line names its maker


@dataclass(frozen=True)
class Occurrence:
    """A reference as it stands in a file (``line``/``column`` 1-based)."""

    raw: str
    line: int
    column: int
    start: int  # offset in the document's text


@dataclass
class Document:
    """One Markdown file of the team's text."""

    path: str  # as shown in messages, e.g. redactie/2024/samenvatting.md
    source: str  # as written
    text: str = ""  # comments blanked (same length, same lines)
    references: list[Occurrence] = field(default_factory=list)
    unclosed: list[Occurrence] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.text = blank_comments(self.source)
        offset = 0
        for number, line in enumerate(self.text.split("\n"), start=1):
            end = 0
            for found in REFERENCE.finditer(line):
                self.references.append(
                    Occurrence(found.group(0), number, found.start() + 1, offset + found.start())
                )
                end = found.end()
            rest = line.find(OPEN, end)
            if rest >= 0:
                self.unclosed.append(Occurrence(line[rest:].strip(), number, rest + 1, offset))
            offset += len(line) + 1

    @property
    def empty(self) -> bool:
        """Nothing but comments and white space (a file that is not written yet)."""
        return not self.text.strip()

    @property
    def is_draft(self) -> bool:
        """Still the draft ``jbr letter draft`` wrote (its first comment names it)."""
        first = COMMENT.search(self.source)
        return bool(
            first and DRAFT_MARK in first.group(0) and not self.source[: first.start()].strip()
        )

    def line_of(self, offset: int) -> tuple[int, int]:
        before = self.text[:offset]
        return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def blank_comments(text: str) -> str:
    """Comments replaced by spaces, newlines kept: line and column numbers stay true."""
    return COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def read(path: Path, shown: str | None = None) -> Document:
    return Document(shown or str(path), path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Page:
    """A page of the public version: its title, its key (an area's file name) and text."""

    key: str
    title: str
    text: str  # Markdown of the page body
    line: int


def pages(doc: Document) -> tuple[str, list[Page]]:
    """The public version's opening text (before the first page) and its pages."""
    lines = doc.text.split("\n")
    lead: list[str] = []
    out: list[Page] = []
    current: tuple[str, str, int] | None = None
    body: list[str] = []
    for number, line in enumerate(lines, start=1):
        found = PAGE_HEADING.match(line)
        if found:
            if current:
                out.append(Page(current[0], current[1], "\n".join(body), current[2]))
            current, body = (found.group("key"), found.group("title"), number), []
            continue
        (body if current else lead).append(line)
    if current:
        out.append(Page(current[0], current[1], "\n".join(body), current[2]))
    return "\n".join(lead), out
