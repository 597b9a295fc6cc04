"""What a CSV file's bytes say before it is read: its encoding, delimiter and shape.

Delivered CSV comes from Excel in three encodings: UTF-8 (with or without a BOM),
UTF-16 ("Unicode text") and Windows-1252 (plain "CSV"). The readers take UTF-8 only,
so the other two are transcoded to a temporary UTF-8 copy (``transcode_to_utf8``).
One pass over the bytes (``scan``) also tells whether the file is plain enough for the
dictionary path (``validate.dictionary``).
"""

from __future__ import annotations

import codecs
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

SNIFF_BYTES = 64 * 1024
MAX_HEADER_BYTES = 1 << 20  # 16,384 columns (Excel's maximum) of 60 characters fit


@dataclass(frozen=True)
class Bytes:
    """What one pass over a CSV's bytes shows (``scan``)."""

    utf8: bool  # the whole file decodes as UTF-8
    plain: bool  # no quote character and no carriage return outside a CRLF line end


def scan(path: Path) -> Bytes:
    """One pass in chunks (~1 GB/s): UTF-8, and whether every line is a plain record.

    A plain file splits into fields at each delimiter and into records at each line end,
    whichever reader reads it: the condition of the dictionary path (``dictionary``).
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, plain, carried_cr = True, True, False
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            if utf8:
                try:
                    decoder.decode(chunk, final=False)
                except UnicodeDecodeError:
                    utf8 = False
            if plain:
                lone = 0
                if carried_cr:  # a CRLF split between two chunks
                    lone += not chunk.startswith(b"\n")
                if b"\r" in chunk:  # Windows line ends: every CR must start one
                    lone += chunk.count(b"\r") - chunk.count(b"\r\n")
                carried_cr = chunk.endswith(b"\r")
                lone -= carried_cr  # judged with the next chunk
                plain = b'"' not in chunk and lone == 0
            if not utf8 and not plain:
                break
    if carried_cr:
        plain = False
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return Bytes(utf8, plain)


def detect_delimiter(header_line: str) -> str:
    counts = {d: header_line.count(d) for d in (";", ",", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > 0 else ","


def transcode_to_utf8(path: Path, encoding: str) -> Path:
    fd, name = tempfile.mkstemp(prefix="jbr_", suffix=".csv")
    os.close(fd)
    out = Path(name)
    try:
        with (
            path.open("r", encoding=encoding, newline="") as src,
            out.open("w", encoding="utf-8", newline="") as dst,
        ):
            while chunk := src.read(1 << 20):
                dst.write(chunk)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return out
