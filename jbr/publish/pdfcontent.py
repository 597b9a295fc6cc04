"""The marked content of a tagged PDF's content stream, retagged (``pdfua.repair``).

A running head that WeasyPrint marks as content becomes a pagination artifact, the other
marks are numbered 0..n-1 again. WeasyPrint's streams are rewritten as bytes, which leaves
every other byte as it was and is some ten times faster than parsing the stream; a stream
of another shape is parsed with pikepdf (``retag_parsed``), the reference the byte path is
tested against (tests/test_pdf_ua.py).
"""

from __future__ import annotations

import re
from typing import Any

# The marked content WeasyPrint writes, ``/Span <</MCID 3>> BDC`` (any whitespace), and the
# text matrices ``a b c d e f Tm`` whose ``f`` tells a running head from a running foot. The
# operators are found as literal tokens; their operands are read backwards from them.
_OPERATORS = re.compile(rb"BDC|Tm")
_MCID_BEFORE = re.compile(rb"(/[^\s/<>\[\]()]+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*$")
_NUMBER_BEFORE = re.compile(rb"([-+]?(?:\d+\.?\d*|\.\d+))\s*$")
_LOOKBACK = 64  # bytes: more than "/Span <</MCID 12345>>\n" or one number and its space
_SPACE = b" \t\r\n\f\x00"


def retag_content(
    data: bytes, gone: dict[int, str], number: dict[int, int], height: float
) -> bytes | None:
    """``data`` with the MCIDs in ``gone`` turned into pagination artifacts (a margin
    one ``/Header`` or ``/Footer`` by the next text matrix) and the others renumbered by
    ``number``; None when a ``BDC`` is not of the shape above, so that the caller parses
    the stream instead. Only the marks change; every other byte stays.

    A text's glyphs are hex strings (``<004c>``) and no other operand holds the letters
    ``BDC`` or ``Tm`` as a token of its own, so a token match is an operator.
    """
    out: list[bytes] = []
    position = 0
    pending: list[int] = []  # index in out of a margin artifact waiting for its Tm
    for m in _OPERATORS.finditer(data):
        start, end = m.span()
        if (start and data[start - 1] not in _SPACE) or (
            end < len(data) and data[end] not in _SPACE
        ):
            continue  # part of a longer token (a name, a hex string)
        before = data[max(0, start - _LOOKBACK) : start]
        if m.group() == b"Tm":
            if pending:
                y = _NUMBER_BEFORE.search(before)
                if y is None:
                    return None
                index = pending.pop()
                subtype = b"/Header" if float(y.group(1)) < height / 2 else b"/Footer"
                out[index] = out[index].replace(
                    b"/Pagination>>", b"/Pagination /Subtype " + subtype + b">>"
                )
            continue
        mark = _MCID_BEFORE.search(before)
        if mark is None:
            return None  # another kind of BDC: leave it to the parser
        out.append(data[position : start - len(before) + mark.start()])
        mcid = int(mark.group(2))
        if mcid in gone:
            out.append(b"/Artifact <</Type /Pagination>> BDC")
            if gone[mcid] == "margin":
                pending.append(len(out) - 1)
        else:
            out.append(mark.group(1) + b" <</MCID %d>> BDC" % number[mcid])
        position = end
    out.append(data[position:])
    return b"".join(out)


def retag_parsed(page: Any, gone: dict[int, str], number: dict[int, int], height: float) -> bytes:
    """:func:`retag_content` on the parsed content stream (any shape; slower)."""
    import pikepdf

    out: list[Any] = []
    open_artifact: list[int] = []  # index in out of the BDC being typed
    for instruction in pikepdf.parse_content_stream(page):
        operator = instruction.operator
        if str(operator) not in ("BDC", "Tm"):
            out.append(instruction)  # unchanged (inline images included)
            continue
        operands = instruction.operands
        if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
            mcid = operands[1].get("/MCID")
            if mcid is not None and int(mcid) in gone:
                props = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
                out.append(
                    pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact, props], operator)
                )
                if gone[int(mcid)] == "margin":
                    open_artifact.append(len(out) - 1)
                continue
            if mcid is not None:
                operands[1].MCID = number[int(mcid)]
        elif str(operator) == "Tm" and open_artifact:
            y = float(operands[5])
            index = open_artifact.pop()
            out[index].operands[1].Subtype = (
                pikepdf.Name.Header if y < height / 2 else pikepdf.Name.Footer
            )
        out.append(pikepdf.ContentStreamInstruction(operands, operator))
    return pikepdf.unparse_content_stream(out)  # type: ignore[no-any-return]
