"""A transcoded CSV (UTF-16, Windows-1252) is read from a temporary UTF-8 copy
(``read.sniff.transcode_to_utf8``); every way through reading and checking removes it,
also when no sheet can be made from the file or the file is rejected."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from jbr import load, validate

HEADER = "peildatum;medewerker_id;ministerie;fte;provincie;gemeente"
ROW = "2024-01-31;P1;BZK;0,8;Fryslân;Súdwest-Fryslân"


@pytest.fixture
def temp_dir(tmp_path, monkeypatch) -> tuple[Path, list[str]]:
    """A temp dir of this test's own, and the names of the temp files made in it."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    made: list[str] = []
    real = tempfile.mkstemp

    def recording(*args, **kwargs):
        fd, name = real(*args, **kwargs)
        made.append(name)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", recording)
    return folder, made


CASES = {
    # A header naming a column twice: a sheet is made and rejected.
    "cp1252_bad_header": (
        "cp1252",
        "peildatum;medewerker_id;ministerie;fte;fte;provincie;gemeente\n"
        "2024-01-31;P1;BZK;0,8;0,8;Fryslân;Súdwest-Fryslân\n",
        ["kolom_dubbel"],
    ),
    "cp1252_good": ("cp1252", f"{HEADER}\n{ROW}\n", []),
    # Transcoded, then no sheet: an empty header, binary content.
    "utf16_empty_header": ("utf-16", f"\n{HEADER}\n{ROW}\n", ["bestand_leeg"]),
    "utf16_binary": ("utf-16", f"{HEADER}\x00\n{ROW}\n", ["bestand_binair"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_validating_a_transcoded_csv_leaves_no_temp_file(tmp_path, temp_dir, case):
    folder, made = temp_dir
    encoding, content, rules = CASES[case]
    path = tmp_path / "personeel_2024.csv"
    path.write_bytes(content.encode(encoding))
    assert [p.rule for p in validate([path])] == rules
    assert made, "the file was not transcoded: the test shows nothing"
    assert all(Path(name).parent == folder for name in made)
    assert sorted(folder.glob("jbr_*")) == []


def test_loading_a_rejected_transcoded_csv_leaves_no_temp_file(tmp_path, temp_dir):
    folder, made = temp_dir
    encoding, content, _ = CASES["cp1252_bad_header"]
    path = tmp_path / "personeel_2024.csv"
    path.write_bytes(content.encode(encoding))
    [outcome] = load([path], db=tmp_path / "s.duckdb")
    assert [p.rule for p in outcome.problems] == ["kolom_dubbel"]
    assert made and sorted(folder.glob("jbr_*")) == []


def test_woo_deadlines_of_a_transcoded_file_leave_no_temp_file(tmp_path, temp_dir):
    # `jbr woo deadlines` reads without a store: its sheets are dropped too.
    from datetime import date

    from jbr.api import woo_deadlines

    folder, made = temp_dir
    path = tmp_path / "woo_verzoeken_AZ_2024.csv"
    content = (
        "verzoek_id,ministerie,ontvangen,besluit,verdaagd,afgesproken_termijn,uitkomst,"
        "ingebrekestelling,documenten,paginas\n"
        "WOO-AZ-2024-0001,AZ,2024-01-14,2024-06-03,false,,niet,2024-04-24,2,11\n"
    )
    path.write_bytes(content.encode("utf-16"))
    result = woo_deadlines([path], date(2024, 12, 31))
    assert len(result.rows) == 1  # read, checked and computed from the transcoded copy
    assert made and sorted(folder.glob("jbr_*")) == []
