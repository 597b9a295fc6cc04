"""The README's benchmark table is what ``bench.readme`` writes from ``out/bench.json``
(its form, not the live numbers: those change with every run), and every figure the
bench writes carries a baseline and a ratio, or says it has none."""

from __future__ import annotations

import re
from pathlib import Path

from bench import complete, figure
from bench.readme import END, HEADER, START, replace_section, table

README = Path(__file__).resolve().parent.parent / "README.md"

# A bench.json as the suites write it: a comparison with a measured limit, a figure whose
# only yardstick is its goal, and a context figure.
FIGURES = {
    "load.personnel_full.rows_per_s": figure(
        659_475.54, "rows/s", ">= 0.8 x duckdb read_csv", 1_351_113.08, "DuckDB read_csv"
    ),
    "build.full.indicators_s": complete({"value": 10.21, "unit": "s", "goal": "<= 15"}),
    "serve.load_average": complete({"value": 2.5, "unit": "tasks", "goal": "context: 2 cores"}),
}

# Hand-written: the rows sorted by name; 659,476 and 1,351,113 grouped, 10.21 s with one
# decimal from 10 up, ratios 659,475.54 / 1,351,113.08 = 0.49 and 10.21 / 15 = 0.68.
EXPECTED = """\
| figure | value | goal | baseline | ratio |
|---|---|---|---|---|
| `build.full.indicators_s` | 10.2 s | <= 15 | 15.0 s (goal) | 0.68 × |
| `load.personnel_full.rows_per_s` | 659,476 rows/s | >= 0.8 x duckdb read_csv | 1,351,113 rows/s (DuckDB read_csv) | 0.49 × |
| `serve.load_average` | 2.50 tasks | context: 2 cores |  |  |"""  # noqa: E501 (a table row as the README shows it)


def test_table_from_a_given_bench_json():
    assert table(FIGURES) == EXPECTED


def test_every_figure_has_a_baseline_and_ratio_or_says_it_has_none():
    for name, fig in FIGURES.items():
        assert {"value", "unit", "goal", "baseline", "ratio", "baseline_of"} <= set(fig), name
    assert FIGURES["build.full.indicators_s"]["baseline"] == 15.0  # the goal's number
    assert FIGURES["serve.load_average"]["ratio"] is None


def test_readme_table_has_the_generated_form():
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text, "README has no generated benchmark table"
    body = text.split(START, 1)[1].split(END, 1)[0].strip().splitlines()
    assert body[0] == "| " + " | ".join(HEADER) + " |"
    assert body[1] == "|" + "---|" * len(HEADER)
    row = re.compile(
        r"^\| `[a-z0-9_]+(\.[a-z0-9_]+)+` \| -?[\d,.]+( \S.*?)? \| [^|]* \| [^|]* \| "
        r"(\d+\.\d\d ×)? \|$"
    )
    names = []
    for line in body[2:]:
        assert row.match(line), f"not a row the generator writes: {line}"
        names.append(line.split("`")[1])
    assert names == sorted(names) and names, "rows in name order, at least one"


def test_regenerating_keeps_the_rest_of_the_readme():
    readme = "# jbr\n\nintro\n\n" + START + "\nold\n" + END + "\n\n## After\n"
    once = replace_section(readme, FIGURES)
    assert once.startswith("# jbr\n\nintro\n\n") and once.endswith(END + "\n\n## After\n")
    assert EXPECTED in once and "old" not in once
    assert replace_section(once, FIGURES) == once
