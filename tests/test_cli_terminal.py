"""The terminal (issue 14 item 9): every command readable at 80 columns, a year without
data exits 1 with the years there are, codes case-insensitive with the valid list,
--lang everywhere, warnings distinct from errors, a summary after many files, hints shown.

"80 columns" is a terminal of that width: $COLUMNS=80 and Rich told the output is a
terminal (TTY_COMPATIBLE=1) but not an interactive one (no animation), without colour.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jbr import api
from jbr.cli import app
from jbr.cli import docs as cli_docs
from jbr.cli.output import print_problems
from jbr.cli.words import say
from jbr.deliveries.problems import WARNING, Problem
from jbr.locale import catalogue

from .conftest import write_csv

TERMINAL_80 = {"COLUMNS": "80", "TTY_COMPATIBLE": "1", "TTY_INTERACTIVE": "0", "NO_COLOR": "1"}
ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")
PERSONNEL = "peildatum;medewerker_id;ministerie;fte;provincie"
WOO = "verzoek_id;ministerie;ontvangen;besluit;verdaagd;afgesproken_termijn;uitkomst;ingebrekestelling"


@dataclass
class Shown:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return (self.out + "\n" + self.err).splitlines()


def at_80(*args: str) -> Shown:
    result = CliRunner().invoke(app, [str(a) for a in args], env=TERMINAL_80)
    return Shown(result.exit_code, ANSI.sub("", result.stdout), ANSI.sub("", result.stderr))


def fits(shown: Shown) -> None:
    long = [line for line in shown.lines if len(line) > 80]
    assert not long, long
    assert "…" not in shown.out, "Rich cut a cell"


# --- every command --------------------------------------------------------------------------

COMMANDS = [path for path, _ in cli_docs.commands()]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_lang_and_its_help_fits_80_columns(command):
    params = dict(cli_docs.commands())[command].params
    assert any("--lang" in getattr(p, "opts", ()) for p in params), f"{command} has no --lang"
    shown = at_80(*command.split()[1:], "--help")
    assert shown.code == 0
    fits(shown)


# A key the command line says: a string literal after ``say(<lang>, `` (or one of the two
# branches of a conditional there). Its text is ``cli.<key>`` in jbr/locale/<lang>/cli.toml,
# whose parity between the languages tests/test_locale.py checks.
SAY = re.compile(
    r"""\bsay\(\s*[\w.()"']+,\s*(?:["']([\w.]+)["']|(\w+))(?:\s+if\s+.+?\s+else\s+["']([\w.]+)["'])?"""
)


def said_keys() -> set[str]:
    keys = set()
    for path in (Path(cli_docs.__file__).parent).glob("*.py"):
        for first, _, other in SAY.findall(path.read_text(encoding="utf-8")):
            keys |= {k for k in (first, other) if k}
    return keys


def test_every_word_the_command_line_says_exists_in_both_languages():
    keys = said_keys()
    assert {"lang_invalid", "tekst.final", "wederhoor.started", "woo_day_left"} <= keys
    for lang in ("nl", "en"):
        missing = sorted(k for k in keys if f"cli.{k}" not in catalogue(lang))
        assert missing == [], lang
    assert say("en", "and") == "and" and say("nl", "and") == "en"


# --- indicators -----------------------------------------------------------------------------


def test_indicators_at_80_columns_keep_ids_and_numbers_whole(small_demo_store):
    shown = at_80("indicators", "--year", "2024", "--ministry", "bzk", "--db", small_demo_store)
    assert shown.code == 0, shown.err
    fits(shown)
    rows = json.loads(
        CliRunner()
        .invoke(
            app,
            [
                "indicators",
                "--year",
                "2024",
                "--ministry",
                "BZK",
                "--db",
                str(small_demo_store),
                "--format",
                "json",
            ],
        )  # fmt: skip
        .stdout
    )
    starts = {line.split()[0] for line in shown.lines if line and not line.startswith(" ")}
    for row in rows:
        assert row["indicator"] in starts, f"{row['indicator']} is not shown whole"
    # every ministry line: the code, then the value in Dutch notation, whole
    lines = [line.split() for line in shown.lines if line.startswith("  ")]
    assert {parts[0] for parts in lines} == {"RIJK", "BZK"}
    from jbr.cli.output import figure_text

    values = {figure_text(r["value"], r["unit"], "nl") for r in rows}
    shown_values = {parts[1] for parts in lines if len(parts) > 1}
    assert shown_values <= values | {"onbekend"}
    assert "2032" in shown_values  # a year is a year (climate.co2_neutral_year), not 2.032,0


@pytest.mark.parametrize("year", ["1999", "2030"])
def test_a_year_without_data_says_so_and_exits_1(small_demo_store, year):
    shown = at_80("indicators", "--year", year, "--db", small_demo_store)
    assert shown.code == 1
    said = " ".join(shown.err.split())  # wrapped at words in the terminal
    assert f"geen gegevens voor {year}. Jaren met gegevens: 2017–2024." in said
    assert shown.out == ""  # no empty table, no zeros


def test_codes_are_case_insensitive_with_the_list_on_error(small_demo_store):
    lower = CliRunner().invoke(
        app, ["indicators", "--year", "2024", "--ministry", "ienw", "--format", "JSON",
              "--db", str(small_demo_store)],
    )  # fmt: skip
    assert lower.exit_code == 0, lower.output
    assert {r["ministry"] for r in json.loads(lower.stdout)} == {"IenW", "RIJK"}
    wrong = CliRunner().invoke(
        app, ["indicators", "--year", "2024", "--ministry", "xyz", "--db", str(small_demo_store)]
    )
    assert wrong.exit_code == 2
    text = " ".join(wrong.output.split())
    assert "onbekende ministeriecode 'xyz'" in text
    for code in ("AZ", "BZK", "IenW", "LVVN", "RIJK"):
        assert code in text


def test_a_text_file_as_store_is_a_clear_error_everywhere(tmp_path, monkeypatch):
    # A path relative to the working folder: a long absolute one (a long user name, an
    # xdist worker's folder) is wrapped inside at 80 columns and would not be found whole.
    monkeypatch.chdir(tmp_path)
    text = Path("notities.txt")
    text.write_text("geen database\n", encoding="utf-8")
    for args in (
        ["indicators", "--year", "2024"],
        ["deliveries"],
        ["doctor"],
        ["token", "list"],
        ["publish", "--year", "2024", "--no-site"],
        ["build", "--out", str(tmp_path / "out")],
    ):
        shown = at_80(*args, "--db", text)
        assert shown.code == 1, (args, shown.err)
        message = " ".join(shown.err.split())
        assert f"{text} is geen store" in message, (args, message)
        assert "Onverwachte fout" not in message


def test_store_errors_in_english(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("no database\n", encoding="utf-8")
    shown = at_80("indicators", "--year", "2024", "--db", text, "--lang", "en")
    assert shown.code == 1 and "is not a store" in " ".join(shown.err.split())


# --- validate: errors and warnings ----------------------------------------------------------


def test_validate_at_80_columns_wraps_messages_at_words_not_at_11(tmp_path):
    bad = write_csv(
        tmp_path / "personeel_fout.csv",
        PERSONNEL + ";kleur",
        ["2024-01-31;P1;XX;2;PV28;rood", "2024-02-30;P2;BZK;1;PV99;blauw"],
    )
    shown = at_80("validate", bad)
    assert shown.code == 1
    fits(shown)
    out = shown.out
    # the message column is wide: the longest message line uses most of the 80 columns
    assert max(len(line) for line in out.splitlines()) >= 70
    flat = " ".join(out.split())
    # the message, then the reader's hint on a line of its own (Problem.hint)
    assert "Deze datum bestaat niet (bijvoorbeeld 30 februari). (datum_bestaat_niet)" in flat
    assert "hint: Controleer dag en maand." in flat
    # errors and warnings carry their own word, and are counted apart
    assert "fout rij 2 · kolom ministerie · waarde 'XX'" in flat
    assert "waarschuwing rij 1 · kolom kleur" in flat
    assert "4 fouten en 1 waarschuwing in 1 bestand." in shown.err


def test_only_warnings_is_not_an_error(tmp_path):
    ok = write_csv(
        tmp_path / "personeel.csv", PERSONNEL + ";kleur", ["2024-01-31;P1;BZK;1;PV28;rood"]
    )
    shown = at_80("validate", ok)
    assert shown.code == 0
    assert "Geen fouten; 1 waarschuwing in 1 bestand." in shown.err
    assert "fout" not in shown.out.replace("waarschuwing", "")


@dataclass(frozen=True)
class ProblemWithHint(Problem):
    """A problem as the readers give it where they have a hint (the ``hint`` field)."""

    hint: str = ""


def test_a_hint_is_shown_and_in_json(tmp_path):
    from rich.console import Console

    p = ProblemWithHint(
        "inkoop.csv", None, 4, "uitgaven_eur", "12.000", "getal_dubbelzinnig", "Dubbelzinnig getal.",
        WARNING, hint="Schrijf 12000 of 12.000,00.",
    )  # fmt: skip
    console = Console(width=80, record=True, color_system=None)
    print_problems(console, [p], "nl")
    text = console.export_text()
    assert "hint: Schrijf 12000 of 12.000,00." in text and "waarschuwing" in text
    from jbr.cli.common import problem_rows

    assert problem_rows([p])[0]["hint"] == "Schrijf 12000 of 12.000,00."


# --- woo deadlines, doctor, tokens ---------------------------------------------------------


def test_woo_deadlines_respect_80_columns(tmp_path):
    rows = [f"WOO-BZK-2024-{i:04d};BZK;2024-0{1 + i % 8}-1{i % 10};;nee;;;" for i in range(12)]
    rows += ["WOO-BZK-2024-0099;BZK;2024-02-01;2024-02-20;nee;;openbaar;"]
    woo = write_csv(tmp_path / "woo_verzoeken.csv", WOO, rows)
    shown = at_80("woo", "deadlines", woo, "--on", "2024-09-02")
    assert shown.code == 0, shown.err
    fits(shown)
    table = shown.out
    for i in range(12):
        assert f"WOO-BZK-2024-{i:04d}" in table  # ids whole
    assert "2024-02-29" in table  # a deadline whole: received Thu 1 Feb + 28 days
    assert "verstreken," in table and "dagen te laat" in " ".join(table.split())
    wide = at_80("woo", "deadlines", woo, "--on", "2024-09-02")
    assert "ontvangen" not in wide.out.splitlines()[1] + wide.out.splitlines()[2]  # < 100 cols


def test_doctor_and_token_list_fit_80_columns(tmp_path, small_demo_store):
    doctor = at_80("doctor", "--db", small_demo_store)
    assert doctor.code == 0
    fits(doctor)
    db = tmp_path / "tokens.duckdb"
    supplier = "Shared Service Centrum ICT"
    created = at_80("token", "create", "--supplier", supplier, "--ministry", "ienw", "--db", db)
    assert created.code == 0 and "(IenW)" in created.err
    shown = at_80("token", "list", "--db", db)
    fits(shown)
    assert "IenW" in shown.out


def test_template_and_store_export_messages_fit_80_columns(tmp_path, small_demo_store):
    shown = at_80("template", "--theme", "WOO_VERZOEKEN", "--out", tmp_path / "sjabloon.xlsx")
    assert shown.code == 0 and (tmp_path / "sjabloon.xlsx").exists()
    fits(shown)
    shown = at_80("store", "export", tmp_path / "export", "--db", small_demo_store, "--lang", "en")
    assert shown.code == 0
    fits(shown)
    assert "rows exported to" in " ".join(shown.err.split())


# --- loads of many files: progress, then one line ------------------------------------------


def many_files(folder, n=12):
    ministries = [
        "AZ",
        "BZ",
        "BZK",
        "DEF",
        "FIN",
        "IenW",
        "JenV",
        "OCW",
        "SZW",
        "VWS",
        "EZK",
        "LNV",
    ]
    return [
        write_csv(folder / f"woo_verzoeken_{m}.csv", WOO, [f"{m}-1;{m};2024-03-01;;nee;;;"])
        for m in ministries[:n]
    ]


def test_a_load_of_many_files_ends_with_one_summary_line(tmp_path):
    files = many_files(tmp_path)
    db = tmp_path / "s.duckdb"
    shown = at_80("load", *files, "--db", db)
    assert shown.code == 0
    assert shown.err.strip().splitlines() == [
        "12 bestanden: 12 opgeslagen (12 rijen), 0 ongewijzigd, 0 afgewezen."
    ]
    again = at_80("load", *files, "--db", db, "--verbose")
    lines = again.err.strip().splitlines()
    assert len(lines) == 13 and lines[0].endswith(": ongewijzigd (al geladen)")
    assert lines[-1] == "12 bestanden: 0 opgeslagen (0 rijen), 12 ongewijzigd, 0 afgewezen."


def test_load_progress_reports_every_file(tmp_path):
    files = many_files(tmp_path, 5)
    seen: list[tuple[int, int, str | None]] = []
    api.load(files, db=tmp_path / "s.duckdb", progress=lambda d, t, o: seen.append((d, t, o and o.status)))  # fmt: skip
    assert seen[0] == (0, 5, None)
    assert [d for d, _, _ in seen[1:]] == [1, 2, 3, 4, 5]
    assert {s for _, _, s in seen[1:]} == {"stored"}
