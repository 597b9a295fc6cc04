"""The dictionary path (big plain CSV files typed by their distinct texts) stores exactly
what the exact path stores, and leaves every problem to the exact path to report."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from jbr import load, validate
from jbr.deliveries.read import sniff
from jbr.deliveries.read.sniff import scan
from jbr.deliveries.themes import THEMES
from jbr.deliveries.validate import dictionary
from jbr.deliveries.validate import run as validation
from jbr.deliveries.validate.indices import keys_repeat
from jbr.store import load as store_load

from .conftest import write_csv
from .test_validate import GOOD, HEADER, ROW_CASES

PERSONEEL = (
    "peildatum;medewerker_id;ministerie;organisatie;fte;schaal;geboortejaar;geslacht;"
    "provincie;gemeente;ict_functiefamilie;verzuim_dagen;arbeidsbeperking"
)


class Taken(list):
    """Per file the dictionary path was tried on: whether it gave typed rows; ``fired``:
    whether it was left because a rule fired (not because the path did not apply)."""

    def __init__(self) -> None:
        super().__init__()
        self.fired: list[bool] = []


@pytest.fixture
def taken(monkeypatch) -> Taken:
    """Every file takes the dictionary path when it can; records whether it stored rows.

    Every CSV a load gets is also scanned beside its hash (``load.SCAN_AHEAD_BYTES``).
    """
    monkeypatch.setattr(dictionary, "DICTIONARY_BYTES", 0)
    monkeypatch.setattr(store_load, "SCAN_AHEAD_BYTES", 0)
    outcomes = Taken()
    real = dictionary.dictionary_typed

    def spy(*args, **kwargs):
        relation, fired, coverage = real(*args, **kwargs)
        outcomes.append(relation is not None)
        outcomes.fired.append(fired)
        return relation, fired, coverage

    monkeypatch.setattr(dictionary, "dictionary_typed", spy)
    return outcomes


def _stored(path: Path, db: Path) -> list[tuple]:
    [outcome] = load([path], db=db)
    assert outcome.status == "stored", outcome.problems
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT * EXCLUDE (_delivery_id) FROM personeel ORDER BY _row"
        ).fetchall()
    finally:
        con.close()


def _varied_rows(n: int) -> list[str]:
    """Rows as offices write them: codes in any case, spaces around cells, empty optional
    cells, Dutch notation (a doubtful 1.980 is a thousands group in a ';' file), text
    that looks like a null ("NA"), and a name outside ASCII."""
    variants = [
        "2024-01-31;P{i};BZK;Uitvoering;0,8;11;1.980;V;Zuid-Holland;Den Haag;;0;nee",
        "2024-01-31;P{i}; ienw ;NA;1;9;1975;m;pv28;;data;3;ja",
        "2024-01-31;P{i};FIN;Staf;1,25;18;;;Fryslân;Leeuwarden;;;",
        "2024-01-31;P{i};AZ;;80%;1;2.001;X;PV26;Utrecht;informatiemanagement; 2 ;waar",
        "31-01-2024;P{i};ezk;Beleid;0,5;10;1990;O;BUITENLAND;Den Haag;;0;false",
    ]
    return [variants[i % len(variants)].format(i=i) for i in range(n)]


@pytest.mark.parametrize(
    ("line_end", "encoding"),
    [("\n", "utf-8"), ("\r\n", "utf-8"), ("\r\n", "cp1252")],
    ids=["lf-utf8", "crlf-utf8", "crlf-windows1252"],
)
def test_dictionary_and_exact_paths_store_identical_rows(
    tmp_path, monkeypatch, taken, line_end, encoding
):
    text = line_end.join([PERSONEEL, *_varied_rows(500)]) + line_end
    path = tmp_path / "personeel_2024.csv"
    path.write_bytes(text.encode(encoding))
    fast = _stored(path, tmp_path / "dictionary.duckdb")
    assert taken == [True]  # the file went the dictionary way
    monkeypatch.setattr(validation, "FAST_PATH", False)
    exact = _stored(path, tmp_path / "exact.duckdb")
    assert fast == exact
    # Read as written: the ';' file's doubtful 1.980 is a thousands group; codes canonical.
    by_id = {row[1]: row for row in fast}
    assert by_id["P0"][2:7] == ("BZK", "Uitvoering", 0.8, 11, 1980)
    assert by_id["P1"][2:4] == ("IenW", "NA")  # "NA" is text, not a missing value
    assert by_id["P2"][8] == "PV21"  # Fryslân
    assert by_id["P3"][4] == 0.8  # 80 %


def test_a_file_read_in_many_chunks_stores_what_the_exact_path_stores(tmp_path, monkeypatch, taken):
    """The reader parses a file in blocks, each a chunk with a dictionary of its own per
    column, unified before typing (``dictionary._read``); the same id and the same date
    text are in many chunks. Small blocks make the test file many chunks."""
    monkeypatch.setattr(dictionary, "BLOCK_BYTES", 4096)
    chunks: list[int] = []
    real_read = dictionary._read

    def counting(*args, **kwargs):
        table = real_read(*args, **kwargs)
        chunks.append(table.column(0).num_chunks)
        return table

    monkeypatch.setattr(dictionary, "_read", counting)
    months = (
        ("2024-01-31", "31-01-2024"),
        ("2024-02-29", "29-02-2024"),
        ("2024-03-31", "31-03-2024"),
    )
    rows = [
        r.replace("2024-01-31", iso).replace("31-01-2024", dutch)
        for iso, dutch in months
        for r in _varied_rows(200)
    ]
    text = "\n".join([PERSONEEL, *rows]) + "\n"
    path = tmp_path / "personeel_2024.csv"
    path.write_text(text, encoding="utf-8")
    fast = _stored(path, tmp_path / "dictionary.duckdb")
    assert taken == [True] and chunks[0] > 5, chunks  # the dictionary way, in many chunks
    with duckdb.connect() as con:  # as many as a multiple of DuckDB's threads (block_size)
        [(threads,)] = con.execute("SELECT current_setting('threads')").fetchall()
    assert chunks[0] % int(threads) == 0, (chunks, threads)
    monkeypatch.setattr(validation, "FAST_PATH", False)
    exact = _stored(path, tmp_path / "exact.duckdb")
    assert fast == exact
    assert len(fast) == len(rows)
    assert _coverage(tmp_path / "dictionary.duckdb") == _coverage(tmp_path / "exact.duckdb")


MIB = 1 << 20


@pytest.mark.parametrize(
    ("size", "threads", "chunks"),
    [
        # The 2 M-row personnel file (150,620,074 bytes): 16 MiB blocks would be 9
        # (150.6 MB / 16.78 MB = 8.98), one thread inserting the ninth alone; 10 share evenly.
        (150_620_074, 2, 10),
        (150_620_074, 4, 12),  # 4 threads: 3 blocks of at most 16 MiB each, 12 in all
        (150_620_074, 1, 9),  # one thread: as many as 16 MiB blocks take
        (10 * MIB, 2, 2),  # smaller than a block: still one per thread
        (32 * MIB, 2, 2),  # exactly two full blocks
        (32 * MIB + 1, 2, 4),  # one byte more: a third block, so a fourth for the pair
        # A small file on many threads: blocks of at least 1 MiB, so that the header (at
        # most 1 MB) is inside the first; 1 MiB + 1 byte is then two blocks, not eight.
        (MIB + 1, 8, 2),
    ],
)
def test_the_reader_makes_a_multiple_of_the_threads_in_blocks_of_at_most_16_mib(
    size, threads, chunks
):
    block = dictionary.block_size(size, threads)
    assert MIB <= block <= dictionary.BLOCK_BYTES == 16 * MIB
    assert -(-size // block) == chunks  # the reader takes ``block`` new bytes each time


@pytest.mark.parametrize(
    ("size", "threads"),
    [
        (1, 2),  # fewer bytes than readers: one reads nothing
        (7, 2),  # odd: the parts are 3 and 4 bytes
        (1_000_003, 2),
        (1_000_003, 3),  # parts of 333,334, 333,334 and 333,335 bytes
        (65_536, 1),
    ],
)
def test_a_file_read_into_memory_in_parts_is_the_file(tmp_path, size, threads):
    data = bytes((i * 7 + i // 251) % 256 for i in range(size))  # no two parts alike
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    read = dictionary.in_memory(path, size, threads)
    assert isinstance(read, pa.BufferReader)
    assert read.read() == data


def test_a_file_cut_short_after_it_was_measured_is_an_oserror(tmp_path):
    """Not a crash (as under a memory map): the caller reads the file the exact way."""
    path = tmp_path / "f.csv"
    path.write_bytes(b"x" * 1000)
    with pytest.raises(OSError, match="1000 of 1500 bytes"):
        dictionary.in_memory(path, 1500, 2)


def test_a_file_longer_than_when_it_was_measured_is_an_oserror(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes(b"x" * 1000)
    with pytest.raises(OSError, match="more than 999 bytes"):
        dictionary.in_memory(path, 999, 2)


def test_a_file_bigger_than_the_cap_is_left_to_arrow(tmp_path, monkeypatch):
    monkeypatch.setattr(dictionary, "WHOLE_BYTES", 100)
    path = tmp_path / "f.csv"
    path.write_bytes(b"x" * 101)
    assert dictionary.in_memory(path, 101, 2) == path


def test_a_period_end_is_left_to_the_exact_path(tmp_path, taken):
    """``tot`` 2024-01-28 is the next midnight after a date-only ``van``, and that moment
    itself after a ``van`` with a time of day (``casting.period_end_expr``): one distinct
    end text, two values, so the dictionary path does not type it (it stored 2024-01-29
    for both)."""
    buildings = write_csv(
        tmp_path / "gebouwen.csv",
        "gebouw_id;naam;ministerie;provincie;bvo_m2;kantoor",
        ["G1;Rijnstraat 8;BZK;PV28;1000;true"],
    )
    energy = write_csv(
        tmp_path / "energie.csv",
        "gebouw_id;drager;van;tot;verbruik;hernieuwbaar_kwh",
        [
            "G1;gas_m3;2024-01-01;2024-01-28;10;",
            "G1;elektriciteit_kwh;2024-01-01 06:00;2024-01-28;5;",
        ],
    )
    db = tmp_path / "s.duckdb"
    assert all(o.status == "stored" for o in load([buildings, energy], db=db))
    assert taken.fired[-1] is False and taken[-1] is False  # the path did not apply
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT tot FROM energie ORDER BY _row").fetchall() == [
            (datetime(2024, 1, 29),),  # date-only start: up to and including the 28th
            (datetime(2024, 1, 28),),  # a start with a time: the end is that midnight
        ]


def _coverage(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT * EXCLUDE (delivery_id) FROM coverage").fetchall()
    finally:
        con.close()


def test_coverage_from_the_distinct_combinations_equals_the_exact_paths(
    tmp_path, monkeypatch, taken
):
    """The dictionary path counts the rows per (ministry, year) from the combinations of
    the ministry's and the date's distinct texts: texts that type the same ("ezk", " EZK",
    a date in both notations) add up to one ministry and year, as counted over the rows."""
    texts = [
        ("2023-12-31", "EZK"),
        ("31-12-2023", " ezk "),
        ("2024-01-31", "ezk"),
        ("2024-01-31", "BZK"),
        ("31-01-2024", "bzk"),
        ("2024-02-29", "FIN"),
    ]
    rows = [
        f"{day};P{i};{ministry};Staf;1;11;1980;V;PV28;Den Haag;;0;nee"
        for i, (day, ministry) in enumerate(texts * 7)
    ]
    path = write_csv(tmp_path / "personeel_2024.csv", PERSONEEL, rows)
    [fast] = load([path], db=tmp_path / "dictionary.duckdb")
    assert taken == [True]
    monkeypatch.setattr(validation, "FAST_PATH", False)
    [exact] = load([path], db=tmp_path / "exact.duckdb")
    assert (
        fast.coverage
        == exact.coverage
        == [
            ("personeel", "BZK", 2024, 14),
            ("personeel", "EZK", 2023, 14),
            ("personeel", "EZK", 2024, 7),
            ("personeel", "FIN", 2024, 7),
        ]
    )
    assert _coverage(tmp_path / "dictionary.duckdb") == _coverage(tmp_path / "exact.duckdb")


def test_many_valued_columns_are_typed_in_groups_of_their_own(tmp_path, monkeypatch, taken):
    """Columns with more distinct texts than ``SMALL`` are typed each in a statement of
    their own, side by side: the rows are the exact path's, and a bad cell in such a
    column still sends the file to the exact path, which reports it."""
    monkeypatch.setattr(dictionary, "SMALL", 3)
    path = write_csv(tmp_path / "personeel_2024.csv", PERSONEEL, _varied_rows(500))
    fast = _stored(path, tmp_path / "dictionary.duckdb")
    assert taken == [True]
    bad_rows = _varied_rows(500)
    bad_rows[6] = bad_rows[6].replace(";1975;", ";19x5;")  # geboortejaar: many texts
    bad = write_csv(tmp_path / "personeel_fout.csv", PERSONEEL, bad_rows)
    problems = validate([bad])
    assert taken == [True, False]
    monkeypatch.setattr(validation, "FAST_PATH", False)
    assert fast == _stored(path, tmp_path / "exact.duckdb")
    assert problems == validate([bad])
    assert [(p.rule, p.row, p.column) for p in problems] == [
        ("type_geheel_getal", 8, "geboortejaar")
    ]


def test_a_file_scanned_beside_its_hash_is_unchanged_when_loaded_again(tmp_path, taken):
    path = write_csv(tmp_path / "personeel_2024.csv", PERSONEEL, _varied_rows(50))
    [first] = load([path], db=tmp_path / "s.duckdb")
    [again] = load([path], db=tmp_path / "s.duckdb")
    assert (first.status, again.status) == ("stored", "unchanged")
    assert again.delivery_id == first.delivery_id
    assert taken == [True]  # read once


def test_quoted_files_leave_the_dictionary_path(tmp_path, monkeypatch, taken):
    """A quote may hide a delimiter or a line end; such a file is typed from DuckDB's own
    reading, and stores the same rows as the exact path."""
    rows = [r.replace("Uitvoering", '"Uitvoering; Noord"') for r in _varied_rows(50)]
    path = write_csv(tmp_path / "personeel_2024.csv", PERSONEEL, rows)
    fast = _stored(path, tmp_path / "fast.duckdb")
    assert taken == []
    monkeypatch.setattr(validation, "FAST_PATH", False)
    assert fast == _stored(path, tmp_path / "exact.duckdb")
    assert fast[0][3] == "Uitvoering; Noord"


@pytest.mark.parametrize(
    ("case", "row", "rule", "column", "value", "why"), ROW_CASES, ids=[c[0] for c in ROW_CASES]
)
def test_every_problem_is_reported_as_on_the_exact_path(
    tmp_path, monkeypatch, taken, case, row, rule, column, value, why
):
    """Each class of bad cell fails the dictionary path (rules on cells are checked on the
    distinct texts, rules on rows on the typed rows); the exact path then reports it."""
    bad = write_csv(tmp_path / "personeel_fout.csv", HEADER, [GOOD.replace("P1", "P9"), row])
    problems = validate([bad])
    assert taken == [False] and taken.fired == [True], why  # judged, not left unread
    monkeypatch.setattr(validation, "FAST_PATH", False)
    assert problems == validate([bad])
    assert any(p.rule == rule and p.column == column for p in problems), why


@pytest.mark.parametrize(
    ("rows", "rule", "why"),
    [
        ([GOOD, GOOD.replace("0,8", "1")], "sleutel_dubbel", "the same person twice on one date"),
        (
            [GOOD, " 2024-01-31 ;P1;BZK;1;PV28;V;11;0"],
            "sleutel_dubbel",
            "different texts, the same typed key",
        ),
        (
            [GOOD, "2024-01-31;P1;FIN;0,2;PV27;V;11;0"],
            "persoon_in_twee_ministeries",
            "a rule over the rows of one key",
        ),
        ([GOOD, ";;;;;;;", "2024-01-31;P2;FIN;1;PV27;M;9;0"], None, "a blank row is left out"),
        ([GOOD, "", "2024-01-31;P2;FIN;1;PV27;M;9;0"], None, "an empty line is a blank row"),
        ([GOOD, "2024-01-31;P2;FIN;1;PV27;M;9"], None, "a short row is padded"),
    ],
    ids=["duplicate", "same-typed-key", "two-ministries", "blank-row", "empty-line", "short-row"],
)
def test_rows_the_dictionary_path_leaves_to_the_exact_path(
    tmp_path, monkeypatch, taken, rows, rule, why
):
    path = write_csv(tmp_path / "personeel_rijen.csv", HEADER, rows)
    problems = validate([path])
    assert taken in ([False], []), why  # left, or not even parsed as plain rows
    monkeypatch.setattr(validation, "FAST_PATH", False)
    assert problems == validate([path]), why
    if rule is not None:
        assert rule in {p.rule for p in problems}, why


@pytest.mark.parametrize(
    ("content", "plain", "why"),
    [
        (b"a;b\n1;2\n", True, "delimiters and line feeds only"),
        (b"a;b\r\n1;2\r\n", True, "Windows line ends"),
        (b'a;b\n"1;5";2\n', False, "a quote may hide a delimiter"),
        (b"a;b\r1;2\r", False, "a lone carriage return: readers disagree on a line end"),
        (b"a;b\n1;2\r", False, "a carriage return at the very end"),
    ],
)
def test_plain_files(tmp_path, content, plain, why):
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    assert scan(path).plain is plain, why


def test_line_end_split_between_chunks_is_still_one_line_end(tmp_path):
    """The scan reads 4 MiB at a time; a CRLF across that boundary is no lone CR."""
    chunk = 1 << 22
    head = b"a;b\r\n" + b"x" * (chunk - 6) + b"\r"
    assert len(head) == chunk
    path = tmp_path / "x.csv"
    path.write_bytes(head + b"\n1;2\r\n")
    assert scan(path).plain
    path.write_bytes(head + b"1;2\r\n")
    assert not scan(path).plain


D1, D2 = date(2024, 1, 31), date(2024, 2, 29)


@pytest.mark.parametrize(
    ("chunks", "days", "ids", "repeats", "why"),
    [
        ([[(0, 0), (1, 0)], [(0, 1)]], [D1, D2], ["P1", "P2"], False, "every key once"),
        ([[(0, 0), (1, 1)], [(0, 0)]], [D1, D2], ["P1", "P2"], True, "a key in two chunks"),
        ([[(0, 0)], [(1, 0)], [(0, 0)]], [D1, D2], ["P1"], True, "in the first and last chunk"),
        ([[(0, 0), (0, 1)]], [D1, D2], ["P1", "P1"], True, "two texts, one typed id"),
        ([[(0, 0), (1, 1)]], [D1, D1], ["P1", "P1"], True, "two texts each: one typed key"),
        ([[(0, 0), (1, 0)]], [D1, D1], ["P1", "P2"], True, "two date texts, one typed date"),
        ([[(0, 0), (0, 1)]], [D1, D2], [None, None], True, "two blank ids: NULL is one number"),
        ([[(0, 0), (0, 1)]], [D1, D2], [None, "P2"], False, "one blank id, one id"),
    ],
)
def test_keys_repeat_counts_typed_keys_over_the_readers_chunks(chunks, days, ids, repeats, why):
    """``keys_repeat`` numbers each row's (peildatum, medewerker_id) from its indices into
    the typed distinct texts; a repeat shows whether or not typing merged two texts, and
    across the reader's chunks. Rows are (date index, id index) per chunk."""
    theme = THEMES["personeel"]
    assert theme.key == ("peildatum", "medewerker_id")
    indices = {
        "peildatum": [pa.array([d for d, _ in c], pa.int32()) for c in chunks],
        "medewerker_id": [pa.array([m for _, m in c], pa.int32()) for c in chunks],
    }
    values = {"peildatum": pa.array(days, pa.date32()), "medewerker_id": pa.array(ids)}
    assert keys_repeat(theme, indices, values) is repeats, why


@pytest.mark.parametrize(
    ("content", "utf8", "why"),
    [
        (b"a" * (sniff.DECODE_SLICE - 1) + "é".encode(), True, "é across a decoded slice"),
        (b"a" * (sniff.SCAN_CHUNK - 1) + "€".encode(), True, "€ (3 bytes) across a read chunk"),
        (b"a" * (sniff.SCAN_CHUNK - 2) + "😀".encode(), True, "4 bytes across a read chunk"),
        (b"a" * sniff.DECODE_SLICE + b"\xff", False, "a byte UTF-8 never uses, after a slice"),
        (b"a" * (sniff.SCAN_CHUNK + 5) + b"\xe9t\xe9", False, "Windows-1252 'été' in chunk two"),
        (b"abc\xc3", False, "a sequence cut off at the end of the file"),
        (b"", True, "an empty file holds no wrong byte"),
    ],
)
def test_utf8_is_judged_over_the_whole_file(tmp_path, content, utf8, why):
    """The scan reads 4 MiB chunks into one buffer and decodes 64 KiB slices of it; a
    character split by either boundary is still one character."""
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    assert scan(path).utf8 is utf8, why


@pytest.mark.parametrize(
    ("rows", "repeats"),
    [([(0, 0), (49_999, 49_999), (1, 2)], False), ([(0, 0), (49_999, 49_999), (0, 0)], True)],
)
def test_keys_repeat_with_more_possible_keys_than_fit_a_byte_each(rows, repeats):
    """50,000 dates × 50,000 ids: 2,5 billion possible keys, more than an int32 holds and
    far more than rows, so the keys are 64-bit and counted as distinct values instead."""
    theme = THEMES["personeel"]
    n = 50_000
    values = {
        "peildatum": pa.array([D1.toordinal() - 719_163 + i for i in range(n)], pa.int32()).cast(
            pa.date32()
        ),
        "medewerker_id": pa.array([f"P{i}" for i in range(n)]),
    }
    indices = {
        "peildatum": [pa.array([d for d, _ in rows], pa.int32())],
        "medewerker_id": [pa.array([m for _, m in rows], pa.int32())],
    }
    assert keys_repeat(theme, indices, values) is repeats
