"""The rows of a dictionary-encoded file as indices: their scope, their keys, their table.

On the dictionary path (``dictionary``) each row is, per column, an index into the
column's distinct texts, which are typed once (``distinct``). Counting on those indices
(numpy) gives the distinct combinations of the columns a row's scope is read from and
the rows per (ministry, year) (``scope_combinations``), tells whether a key can repeat
(``keys_repeat``), and builds the typed table of all rows without reading a text again
(``typed_rows``).
"""

from __future__ import annotations

import math

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...sql import SQL_TYPES
from ..declaration import Theme, Via
from .casting import Part

ARROW_TYPES = {
    "VARCHAR": pa.string(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "BOOLEAN": pa.bool_(),
    "INTEGER": pa.int32(),
}
Coverage = list[tuple[str, int | None, int]]  # (_ministerie, _jaar, rows), sorted

Indices = dict[str, list[pa.Array]]  # per column its rows' dictionary indices, per chunk


def _combined(
    indices: Indices, names: list[str], radices: list[int], numbers: list[np.ndarray | None]
) -> np.ndarray:
    """Each row's values in the columns ``names`` as one integer: per column a digit (its
    index as read, or ``numbers[i]`` of it) in a place of radix ``radices[i]``, the first
    column the most significant. Written chunk by chunk into one array, in place: every
    temporary array of the rows' length costs fresh pages, most of the time here."""
    lengths = [len(c) for c in indices[names[0]]]  # the reader's chunks: alike in every column
    combined: np.ndarray = np.empty(
        sum(lengths), dtype=np.int32 if math.prod(radices) < 1 << 31 else np.int64
    )
    start = 0
    for k, length in enumerate(lengths):
        out: np.ndarray = combined[start : start + length]
        for i, (name, number) in enumerate(zip(names, numbers, strict=True)):
            at = indices[name][k].to_numpy(zero_copy_only=False)
            digit = at if number is None else number[at]
            if i == 0:
                out[:] = digit
            else:
                np.multiply(out, radices[i], out=out)
                np.add(out, digit, out=out, casting="same_kind")
        start += length
    return combined


def scope_combinations(
    theme: Theme, part: Part, indices: Indices, values: dict[str, pa.Array]
) -> tuple[pa.Table, Coverage] | None:
    """The distinct combinations of the columns a row's scope is read from (ministry, the
    date its code must be valid on, year), typed, and from them the rows per (ministry,
    year): no scan of the rows in SQL. None when the scope comes from the parents' rows
    or a scope column is missing.

    A rule on one row that reads only these columns holds for every row exactly when it
    holds for every combination (``Check.reads``).
    """
    if not isinstance(theme.year, str) or isinstance(theme.ministry, Via):
        return None
    candidates = (theme.ministry, theme.code_date, theme.year)
    names = [n for n in dict.fromkeys(candidates) if isinstance(n, str)]
    if not all(n in indices for n in names):
        return None
    n_rows = sum(len(c) for c in indices[names[0]])
    radices = [len(values[name]) for name in names]
    space = math.prod(radices)
    if space >= 1 << 62:
        return None
    combined = _combined(indices, names, radices, [None] * len(names))
    if space <= 4 * n_rows + (1 << 20):
        counts = np.bincount(combined, minlength=space)
        codes = np.flatnonzero(counts)
        counts = counts[codes]
    else:
        codes, counts = np.unique(combined, return_counts=True)
    at: dict[str, pa.Array] = {}
    for name in reversed(names):
        cardinality = len(values[name])
        at[name] = pa.array(codes % cardinality)
        codes = codes // cardinality
    out: dict[str, pa.Array] = {}
    for name in names:
        out[name] = values[name].take(at[name])
        out[f"{name}__raw"] = values[f"{name}__raw"].take(at[name])
    out["_ministerie"] = (
        values["_ministerie"].take(at[theme.ministry])
        if isinstance(theme.ministry, str)
        else pa.array(["RIJK"] * len(counts), pa.string())
    )
    out["_jaar"] = values["_jaar"].take(at[theme.year])
    rows: dict[tuple[str, int | None], int] = {}
    for m, y, n in zip(
        out["_ministerie"].to_pylist(), out["_jaar"].to_pylist(), counts.tolist(), strict=True
    ):
        rows[(m, y)] = rows.get((m, y), 0) + n
    # in SQL's order (ORDER BY ministry, year: NULL last)
    order = sorted(rows, key=lambda k: (k[0] is None, k[0] or "", k[1] is None, k[1] or 0))
    return pa.table(out), [(m, y, rows[(m, y)]) for m, y in order]


def typed_rows(
    theme: Theme,
    indices: Indices,
    values: dict[str, pa.Array],
    part: Part,
    first_row: int,
) -> pa.Table:
    """The typed table the other paths build (``_part``, ``_file``, ``_row``, each column
    typed and as text, ``_ministerie``, ``_jaar``), every row by its indices.

    In the reader's chunks (a few, of its block size): the indices are used as they are,
    without a copy into one array; DuckDB reads the chunks as its batches.
    """
    lengths = [len(c) for c in next(iter(indices.values()))]
    n = sum(lengths)
    starts = np.cumsum([0, *lengths[:-1]])

    def chunked(whole: pa.Array) -> pa.ChunkedArray:
        return pa.chunked_array(
            [whole.slice(s, k) for s, k in zip(starts.tolist(), lengths, strict=True)]
        )

    def encoded(chunks: list[pa.Array], dictionary: pa.Array) -> pa.ChunkedArray:
        # Not validated again: the reader's indices point into its dictionary, of which
        # ``dictionary`` holds the typed values one for one.
        return pa.chunked_array(
            [pa.DictionaryArray.from_arrays(c, dictionary, safe=False) for c in chunks]
        )

    out: dict[str, pa.ChunkedArray] = {
        "_part": chunked(pa.array(np.full(n, part.index, np.int32))),
        "_file": chunked(pa.array(np.full(n, part.file, np.int32))),
        "_row": chunked(pa.array(np.arange(first_row, first_row + n, dtype=np.int64))),
    }
    for c in theme.columns:
        if c.name in indices:
            for column in (c.name, f"{c.name}__raw"):
                out[column] = encoded(indices[c.name], values[column])
        else:
            out[c.name] = chunked(pa.nulls(n, ARROW_TYPES[SQL_TYPES[c.type]]))
            out[f"{c.name}__raw"] = chunked(pa.nulls(n, pa.string()))
    if theme.ministry is None:  # a Rijk-wide theme
        out["_ministerie"] = chunked(_constant("RIJK", pa.string(), n))
    for scope, source_column, kind in (
        ("_ministerie", theme.ministry, pa.string()),
        ("_jaar", theme.year, pa.int32()),
    ):
        if isinstance(source_column, str) and source_column in indices:
            out[scope] = encoded(indices[source_column], values[scope])
        elif scope not in out:  # from the parent rows (validate._attach_parent_scope)
            out[scope] = chunked(pa.nulls(n, kind))
    return pa.table(out)


def _constant(value: object, kind: pa.DataType, n: int) -> pa.Array:
    return pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), pa.array([value], kind))


def keys_repeat(theme: Theme, indices: Indices, values: dict[str, pa.Array]) -> bool:
    """Whether two rows may have the same typed key (True when it cannot be ruled out).

    The key of a row is the tuple of its key columns' typed values; equal typed values
    get one number (Arrow's dictionary encoding, NULL its own), so a key is one integer
    and a repeat shows by counting: no hash of two million tuples in SQL. Where typing
    keeps distinct texts distinct (the usual case) a row's number is its index as read.

    The keys are marked in a byte per possible key: a count of eight bytes per key
    costs fresh pages, which is most of the time here (``_combined``).
    """
    if not theme.key or not all(k in indices for k in theme.key):
        return False  # no key rule runs (validate._checks)
    numbers: list[np.ndarray | None] = []  # per key column: the number of each text, or None
    radices: list[int] = []
    for name in theme.key:
        typed = values[name]
        if pa.types.is_floating(typed.type):  # -0.0 and 0.0: leave it to SQL
            return True
        encoded = typed.dictionary_encode()
        if typed.null_count == 0 and len(encoded.dictionary) == len(typed):
            numbers.append(None)  # one typed value per text: its index is its number
            radices.append(max(len(typed), 1))
        else:
            number = encoded.indices.fill_null(len(encoded.dictionary))
            numbers.append(number.to_numpy(zero_copy_only=False))
            radices.append(len(encoded.dictionary) + 1)
    space = math.prod(radices)
    if space >= 1 << 62:
        return True
    combined = _combined(indices, list(theme.key), radices, numbers)
    n = len(combined)
    if space <= 4 * n + (1 << 20):
        seen = np.zeros(space, dtype=np.bool_)
        seen[combined] = True
        return int(np.count_nonzero(seen)) < n
    return len(pc.unique(pa.array(combined))) < n
