"""Fuzzing the delivery readers (issue 9): random bytes, cut and damaged xlsx/Parquet,
odd encodings, NUL bytes, huge cells, formula text, 10,000 columns and random cell
values. Every case must end in a clear error (a Problem with a known rule and a
Dutch message) or a valid load; never an exception, never a hang.

Each case runs in a worker process (``fuzz_worker.py``) and is bounded in time: a
case that takes longer than ``CASE_SECONDS`` kills the worker and fails the test.
Hypothesis runs derandomised (the same examples on every machine);
``JBR_FUZZ_EXAMPLES`` raises the number of examples for a longer hunt.
"""

from __future__ import annotations

import io
import itertools
import json
import os
import select
import subprocess
import sys
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jbr.deliveries.problems import rules
from jbr.deliveries.themes import THEMES

CASE_SECONDS = 60
EXAMPLES = int(os.environ.get("JBR_FUZZ_EXAMPLES", "1"))
KNOWN_RULES = set(rules()) | {c.rule for t in THEMES.values() for c in t.checks}
FUZZ = settings(
    max_examples=15 * EXAMPLES,
    deadline=None,
    derandomize=EXAMPLES == 1,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
WOO_HEADER = ["verzoek_id", "ministerie", "ontvangen", "besluit"]
WOO_ROWS = [
    ["W-é1", "BZK", "2023-01-02", "2023-01-20"],
    ["W2", "FIN", "2023-02-01", ""],
    ["W3", "AZ", "03-03-2023", "2023-03-20"],
]
PERSONEEL_HEADER = ["peildatum", "medewerker_id", "ministerie", "fte", "provincie"]
PERSONEEL_ROWS = [
    ["2024-01-31", "P1", "BZK", "1", "PV28"],
    ["2024-01-31", "P2", "FIN", "0,8", "Zuid-Holland"],
    ["2024-02-29", "P1", "BZK", "1,0", "pv28"],
]
_names = itertools.count(1)


class Worker:
    """One long-lived child that validates (and loads) files on request, timed per case."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("fuzz_worker.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).parent.parent,
        )
        assert json.loads(self._read(120)) == {"ready": True}

    def _read(self, timeout: float) -> str:
        assert self.proc is not None and self.proc.stdout is not None
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        if not ready:
            self.stop()
            raise AssertionError(f"hang: no answer within {timeout} s")
        line = self.proc.stdout.readline()
        if not line:
            code = self.proc.wait()
            self.proc = None
            raise AssertionError(f"the worker died (exit {code})")
        return line

    def run(self, path: Path, db: Path | None, theme: str | None = None) -> dict:
        if self.proc is None:
            self.start()
        assert self.proc is not None and self.proc.stdin is not None
        request = {"path": str(path), "db": str(db) if db else None, "theme": theme}
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return json.loads(self._read(CASE_SECONDS))

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None


@pytest.fixture(scope="module")
def worker():
    w = Worker()
    w.start()
    yield w
    w.stop()


def clear_outcome(reply: dict, label: str) -> list[list]:
    """Assert the case ended in clear errors or a valid load; return the problems."""
    assert reply["ok"], f"{label}: exception\n{reply.get('traceback')}"
    problems = reply["problems"]
    errors = [p for p in problems if p[1] == "error"]
    for rule, _severity, message, _row, _column in problems:
        assert rule in KNOWN_RULES, f"{label}: unknown rule {rule!r}"
        assert message.strip() and "Traceback" not in message, f"{label}: {message!r}"
    if errors:
        assert reply["status"] is None
    else:
        assert reply["status"] in ("stored", "unchanged"), f"{label}: {reply}"
    return problems


def rules(problems: list[list]) -> set[str]:
    return {p[0] for p in problems if p[1] == "error"}


def fresh(folder: Path, name: str) -> Path:
    """A new file name in ``folder`` that keeps ``name``'s theme prefix and suffix."""
    stem, _, suffix = name.rpartition(".")
    return folder / f"{stem}_{next(_names)}.{suffix}"


def csv_bytes(header: list[str], rows: list[list[str]], sep: str = ";") -> str:
    return "\n".join(sep.join(r) for r in [header, *rows]) + "\n"


def xlsx_bytes(theme: str, header: list[object], rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = theme
    for row in [header, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def parquet_bytes(header: list[str], rows: list[list[str]]) -> bytes:
    table = pa.table({h: [r[i] or None for r in rows] for i, h in enumerate(header)})
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


VALID = {
    "woo_verzoeken.csv": csv_bytes(WOO_HEADER, WOO_ROWS).encode(),
    "woo_verzoeken.xlsx": xlsx_bytes("woo_verzoeken", WOO_HEADER, WOO_ROWS),
    "woo_verzoeken.parquet": parquet_bytes(WOO_HEADER, WOO_ROWS),
    "personeel.csv": csv_bytes(PERSONEEL_HEADER, PERSONEEL_ROWS).encode(),
}


def test_the_valid_files_load(worker, tmp_path):
    """The seeds of the fuzzing are themselves valid: any error below is the damage's."""
    for name, content in VALID.items():
        path = fresh(tmp_path, name)
        path.write_bytes(content)
        reply = worker.run(path, tmp_path / "store.duckdb")
        assert reply["ok"] and reply["status"] == "stored", (name, reply)


# --- random and damaged bytes --------------------------------------------------------------


@FUZZ
@given(
    content=st.binary(max_size=4096),
    name=st.sampled_from(["woo_verzoeken.csv", "woo_verzoeken.xlsx", "woo_verzoeken.parquet"]),
)
def test_random_bytes(worker, tmp_path, content, name):
    path = fresh(tmp_path, name)
    path.write_bytes(content)
    clear_outcome(worker.run(path, tmp_path / "store.duckdb"), f"{name} {content[:40]!r}")


@FUZZ
@given(name=st.sampled_from(sorted(VALID)), cut=st.floats(0, 1, exclude_max=True))
def test_truncated_files(worker, tmp_path, name, cut):
    """A file cut short (an interrupted download or copy)."""
    content = VALID[name][: int(len(VALID[name]) * cut)]
    path = fresh(tmp_path, name)
    path.write_bytes(content)
    problems = clear_outcome(worker.run(path, tmp_path / "store.duckdb"), f"{name} cut {cut}")
    if not name.endswith(".csv"):  # a binary format cut anywhere is unreadable
        assert rules(problems) & {"bestand_onleesbaar", "bestand_leeg", "geen_themablad"}


@FUZZ
@given(
    name=st.sampled_from(sorted(VALID)),
    flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), max_size=8),
)
def test_damaged_bytes(worker, tmp_path, name, flips):
    """A few bytes changed anywhere in a valid file (bit rot, a bad transfer)."""
    content = bytearray(VALID[name])
    for where, xor in flips:
        content[int(len(content) * where)] ^= xor
    path = fresh(tmp_path, name)
    path.write_bytes(bytes(content))
    clear_outcome(worker.run(path, tmp_path / "store.duckdb"), f"{name} flips {flips}")


# --- encodings -----------------------------------------------------------------------------


ENCODED = [
    # (encoding, with BOM?, expected: stored | a rule)
    ("utf-8", False, "stored"),
    ("utf-8-sig", True, "stored"),  # Excel's "CSV UTF-8"
    ("cp1252", False, "stored"),  # Excel's plain "CSV" on Dutch Windows
    ("latin-1", False, "stored"),  # é is the same byte in latin-1 and cp1252
    ("utf-16", True, "stored"),  # Excel's "Unicode text" (with BOM)
    ("utf-16-be", False, "bestand_binair"),  # no BOM: unrecognisable, NUL bytes everywhere
]


@pytest.mark.parametrize(("encoding", "bom", "expected"), ENCODED)
@pytest.mark.parametrize("sep", [";", ",", "\t"])
def test_encodings(worker, tmp_path, encoding, bom, expected, sep):
    text = csv_bytes(WOO_HEADER, WOO_ROWS, sep)
    path = fresh(tmp_path, "woo_verzoeken.csv")
    path.write_bytes(text.encode(encoding))
    problems = clear_outcome(worker.run(path, tmp_path / "store.duckdb"), f"{encoding} {sep!r}")
    if expected == "stored":
        assert not rules(problems)
    else:
        assert expected in rules(problems)


@FUZZ
@given(
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "utf-16-le"]),
    nuls=st.lists(st.floats(0, 1), max_size=4),
    text=st.text(max_size=30),
)
def test_encodings_with_nul_bytes_and_odd_text(worker, tmp_path, encoding, nuls, text):
    """Any text in a cell, any of the encodings, NUL bytes anywhere."""
    rows = [list(r) for r in WOO_ROWS]
    rows[1][0] = text.replace("\n", " ").replace(";", ",")
    try:
        content = bytearray(csv_bytes(WOO_HEADER, rows).encode(encoding))
    except UnicodeEncodeError:
        content = bytearray(csv_bytes(WOO_HEADER, rows).encode(encoding, errors="replace"))
    for where in nuls:
        content.insert(int(len(content) * where), 0)
    path = fresh(tmp_path, "woo_verzoeken.csv")
    path.write_bytes(bytes(content))
    clear_outcome(worker.run(path, tmp_path / "store.duckdb"), f"{encoding} {nuls} {text!r}")


# --- cell values ---------------------------------------------------------------------------

ODD_VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            '=HYPERLINK("http://example.org","klik")',
            "@SUM(A1:A9)",
            "+cmd|' /C calc'!A0",
            "-1",
            "99999999999999999999",
            "1e308",
            "-1e309",
            "NaN",
            "inf",
            "1.234,5",
            "0,0000001",
            "2147483648",
            "9999-12-31",
            "0000-01-01",
            "2024-02-30",
            "31-12-9999",
            "99999",
            "2958466",
            "2024-01-31 25:61",
            "2024-01-31T00:00",
            "  ",
            '"',
            "'",
            '""',
            "\\",
            "NULL",
        ]
    ),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@FUZZ
@given(row=st.integers(0, 2), column=st.integers(0, 4), value=ODD_VALUES)
def test_odd_cell_values_personeel(worker, tmp_path, row, column, value):
    rows = [list(r) for r in PERSONEEL_ROWS]
    rows[row][column] = value.replace("\n", " ").replace("\r", " ").replace(";", ",")
    path = fresh(tmp_path, "personeel.csv")
    path.write_text(csv_bytes(PERSONEEL_HEADER, rows), encoding="utf-8")
    clear_outcome(
        worker.run(path, tmp_path / "store.duckdb"), f"personeel {row},{column}={value!r}"
    )


STANDALONE = sorted(n for n, t in THEMES.items() if not t.parents)


@FUZZ
@given(theme=st.sampled_from(STANDALONE), column=st.integers(0, 40), value=ODD_VALUES)
def test_odd_cell_values_every_theme(worker, tmp_path, theme, column, value):
    """The theme's own example row (valid, see test_schema) with one cell replaced."""
    names = list(THEMES[theme].column_names)
    row = [c.example for c in THEMES[theme].columns]
    row[column % len(row)] = value.replace("\n", " ").replace("\r", " ").replace(";", ",")
    path = fresh(tmp_path, f"{theme}.csv")
    path.write_text(csv_bytes(names, [row]), encoding="utf-8")
    label = f"{theme}.{names[column % len(names)]}={value!r}"
    clear_outcome(worker.run(path, tmp_path / "store.duckdb"), label)


@pytest.mark.parametrize(
    ("value", "rule"),
    [
        # A year of 11 digits parses as a number but fits no year: a type error at its
        # row and column, not "the file cannot be read" (found by fuzzing).
        ("99999999999", "type_jaar"),
        ("2147483648", "type_jaar"),
        ("99999", "te_groot"),
    ],
)
def test_year_out_of_range_is_a_cell_error(worker, tmp_path, value, rule):
    theme = THEMES["formatie"]
    row = [value if c.name == "jaar" else c.example for c in theme.columns]
    path = fresh(tmp_path, "formatie.csv")
    path.write_text(csv_bytes(list(theme.column_names), [row]), encoding="utf-8")
    problems = clear_outcome(worker.run(path, None), value)
    assert [(p[0], p[3], p[4]) for p in problems if p[1] == "error"] == [(rule, 2, "jaar")]


@FUZZ
@given(row=st.integers(0, 2), column=st.integers(0, 3), value=ODD_VALUES)
def test_odd_cell_values_xlsx(worker, tmp_path, row, column, value):
    rows: list[list[object]] = [list(r) for r in WOO_ROWS]
    rows[row][column] = "".join(ch for ch in value if ch.isprintable())
    path = fresh(tmp_path, "woo_verzoeken.xlsx")
    path.write_bytes(xlsx_bytes("woo_verzoeken", WOO_HEADER, rows))
    clear_outcome(worker.run(path, tmp_path / "store.duckdb"), f"xlsx {row},{column}={value!r}")


# --- formulas, huge cells, wide files ------------------------------------------------------


def test_formulas_in_xlsx(worker, tmp_path):
    """Real formulas (no cached value, as openpyxl writes them) and formula-looking text."""
    rows: list[list[object]] = [
        ['=HYPERLINK("http://example.org","W1")', "BZK", "2023-01-02", None],
        ["W2", '=IF(1,"FIN","AZ")', "2023-01-02", None],
        ["W3", "BZK", "=DATE(2023,1,2)", "@SUM(A1:A2)"],
    ]
    path = fresh(tmp_path, "woo_verzoeken.xlsx")
    path.write_bytes(xlsx_bytes("woo_verzoeken", WOO_HEADER, rows))
    problems = clear_outcome(worker.run(path, tmp_path / "store.duckdb"), "formulas")
    assert rules(problems)  # a formula without a value is not a ministry code or a date


def test_formula_text_in_csv_is_stored_as_text(worker, tmp_path):
    """In a CSV, '=HYPERLINK(...)' is just text: a valid request id, stored as written."""
    rows = [
        ['=HYPERLINK("http://x")', "BZK", "2023-01-02", ""],
        ["@SUM(A1)", "FIN", "2023-01-03", ""],
    ]
    path = fresh(tmp_path, "woo_verzoeken.csv")
    path.write_text(csv_bytes(WOO_HEADER, rows), encoding="utf-8")
    problems = clear_outcome(worker.run(path, tmp_path / "store.duckdb"), "formula text")
    assert not rules(problems)


HUGE = "x" * 10_000_000  # 10 MB in one cell


@pytest.mark.parametrize(
    "where",
    ["csv value", "csv header", "csv last value", "xlsx value", "parquet value"],
)
def test_huge_cell(worker, tmp_path, where):
    """A 10 MB cell: a clear problem (too long for the column), or an unknown column."""
    if where.startswith("csv"):
        rows = [list(r) for r in WOO_ROWS]
        header = list(WOO_HEADER)
        if where == "csv value":
            rows[0][0] = HUGE
        elif where == "csv header":
            header.append(HUGE)
        else:
            rows[2][3] = HUGE
        path = fresh(tmp_path, "woo_verzoeken.csv")
        path.write_text(csv_bytes(header, rows), encoding="utf-8")
    elif where == "xlsx value":
        rows_x: list[list[object]] = [list(r) for r in WOO_ROWS]
        rows_x[0][0] = HUGE
        path = fresh(tmp_path, "woo_verzoeken.xlsx")
        path.write_bytes(xlsx_bytes("woo_verzoeken", WOO_HEADER, rows_x))
    else:
        rows = [list(r) for r in WOO_ROWS]
        rows[0][0] = HUGE
        path = fresh(tmp_path, "woo_verzoeken.parquet")
        path.write_bytes(parquet_bytes(WOO_HEADER, rows))
    problems = clear_outcome(worker.run(path, tmp_path / "store.duckdb"), where)
    assert rules(problems), where  # 10 MB is longer than any column allows


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_ten_thousand_columns(worker, tmp_path, fmt):
    """The four real columns and 9,996 unknown ones: warnings, and the rows load."""
    header = WOO_HEADER + [f"extra_{i}" for i in range(9_996)]
    rows = [r + ["x"] * 9_996 for r in WOO_ROWS]
    path = fresh(tmp_path, f"woo_verzoeken.{fmt}")
    if fmt == "csv":
        path.write_text(csv_bytes(header, rows), encoding="utf-8")
    elif fmt == "xlsx":
        path.write_bytes(xlsx_bytes("woo_verzoeken", header, rows))  # type: ignore[arg-type]
    else:
        path.write_bytes(parquet_bytes(header, rows))
    problems = clear_outcome(worker.run(path, tmp_path / "store.duckdb"), f"10,000 columns {fmt}")
    assert not rules(problems)
    warnings = [p for p in problems if p[0] == "kolom_onbekend"]
    assert len(warnings) == 9_996


def test_odd_column_names(worker, tmp_path):
    """Quotes, semicolons and SQL in column names are names, not code."""
    header = WOO_HEADER + ['a"b', "c'd", 'x") FROM t; --', ""]
    rows = [r + ["1", "2", "3", "4"] for r in WOO_ROWS]
    for fmt in ("csv", "parquet"):
        path = fresh(tmp_path, f"woo_verzoeken.{fmt}")
        if fmt == "csv":
            path.write_text(csv_bytes(header, rows, ","), encoding="utf-8")
        else:
            path.write_bytes(parquet_bytes([h or "leeg" for h in header], rows))
        problems = clear_outcome(worker.run(path, tmp_path / "store.duckdb"), f"names {fmt}")
        assert not rules(problems), (fmt, problems)
