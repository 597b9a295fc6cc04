"""Which publications ``site/`` and ``opendata/`` show: a small file beside them.

``jbr build`` and ``jbr publish`` write the static site from the store's publication
snapshots, and end by recording which (year, version) pairs they wrote. A running
``jbr serve`` compares that with the store: when the store holds a newer publication
(a correction published with ``jbr publish --note --no-site``, or while ``jbr publish``
is still rewriting the site), it renders the pages from the store instead of serving
the files, so the correction is public at once (issue 19).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..releases import Published

STATE = "site-publications.json"  # beside site/, not in it: never served


def write_state(out: Path, published: Published) -> None:
    """Record the publications ``out/site`` now shows (after every file is written)."""
    shown = sorted({(r.year, r.year_version) for r in published.releases})
    target = out / STATE
    temporary = target.with_name(target.name + ".tmp")
    temporary.write_text(json.dumps({"publications": shown}), encoding="utf-8")
    temporary.replace(target)  # a reader never sees half a file


def read_state(out: Path) -> frozenset[tuple[int, int]] | None:
    """The (year, version) pairs ``out/site`` shows; None when no build recorded them."""
    try:
        found = json.loads((out / STATE).read_text(encoding="utf-8"))
        return frozenset((int(y), int(v)) for y, v in found["publications"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
