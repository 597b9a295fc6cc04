"""Run the benchmarks and write ``out/bench.json`` (SPEC §7).

Each figure: a stable name, ``value``, ``unit``, ``goal`` and, for comparisons,
``baseline`` and ``ratio``. ``--only PREFIX`` runs the figures whose name
starts with PREFIX. Timings are measured here, never asserted in tests.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from pathlib import Path

from rich.console import Console
from rich.table import Table

from . import complete


def suites() -> dict[str, object]:
    """Every ``bench/*_bench.py`` module with a ``PREFIX`` and a ``run(demo_dir)``."""
    found = {}
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name):
        if info.name.endswith("_bench"):
            module = importlib.import_module(f"bench.{info.name}")
            found[module.PREFIX] = module.run
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make bench")
    parser.add_argument("--only", default="", help="run figures whose name starts with this")
    parser.add_argument("--out", default="out/bench.json")
    parser.add_argument("--demo-dir", default="demo/full")
    args = parser.parse_args(argv)
    figures: dict[str, dict] = {}
    for prefix, run in suites().items():
        if args.only and not (prefix.startswith(args.only) or args.only.startswith(prefix)):
            continue
        for name, fig in run(Path(args.demo_dir)).items():
            if name.startswith(args.only):
                figures[name] = complete(fig)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(out.read_text()) if out.exists() else {}
    previous = {name: complete(fig) for name, fig in previous.items()}
    previous.update(figures)
    out.write_text(json.dumps(previous, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    table = Table(title=f"jbr benchmarks → {out}")
    table.add_column("figure", no_wrap=True)
    for col in ("value", "unit", "goal", "baseline", "ratio"):
        table.add_column(col)
    for name, f in sorted(figures.items()):
        table.add_row(
            name,
            f"{f['value']:,.3f}",
            f["unit"],
            str(f.get("goal", "")),
            "" if f.get("baseline") is None else f"{f['baseline']:,.3f}",
            "" if f.get("ratio") is None else f"{f['ratio']:.2f}",
        )
    Console(width=160).print(table)
    print(f"README table: make bench-readme (python -m bench.readme {out})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
