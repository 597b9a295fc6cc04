"""Indicator results kept between builds, per computation, keyed by its source themes.

After a correction (one theme, one ministry, one year) most of a build's indicators are
what they were: the catalogue declares each indicator's source themes (SPEC §5), and a
computation reads nothing else (``tests/test_incremental.py`` checks that against the
tables each computation actually reads). So a computation whose source themes hold the
same current deliveries as at the last build, with the same jbr code, settings and
years, gives the same rows: they are taken from the last build's results instead of
being computed again.

What a computation does besides its rows — footnotes (``Context.note``) and data-quality
findings (``Context.find``) — is recorded with it and replayed at the point in the build
where it would have happened, so a build that reuses results writes byte for byte what
a full build writes. A computation that used another's result (``ctx.result``) is reused
only when that one is reusable too.

The cache is a file beside the store (``<store>.cache/indicators.pickle``), never in the
publication folder: its rows are not yet disclosure-controlled (groups under 10 persons).
It is written whole (beside, then renamed) by jbr for jbr; a missing, unreadable or
foreign one, or one of another store state, means computing what it does not match.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .catalogue import catalogue

CACHE_FILE = "indicators.pickle"
FORMAT = 2

Event = tuple[Any, ...]  # ("note", indicator, year, text) or ("find", Finding)


def computation_sources() -> dict[str, frozenset[str]]:
    """Per computation, the source themes of the indicators it computes."""
    out: dict[str, set[str]] = {}
    for ind in catalogue():
        out.setdefault(ind.computation, set()).update(ind.sources)
    return {name: frozenset(themes) for name, themes in out.items()}


# A record listing (catalogue ``[indicator.listing]``) is kept beside the computations,
# under this prefix, keyed by the source themes of the indicator it explains.
LISTING = "listing:"


def listing_sources() -> dict[str, frozenset[str]]:
    """Per record listing (``LISTING`` + its function), the source themes of the
    indicators it is shown with."""
    out: dict[str, set[str]] = {}
    for ind in catalogue():
        if ind.listing is not None:
            out.setdefault(LISTING + ind.listing.function, set()).update(ind.sources)
    return {name: frozenset(themes) for name, themes in out.items()}


def theme_fingerprints(backend: Any) -> dict[str, str]:
    """Per theme, a digest of what is current: the newest delivery of each (ministry,
    year) it covers (the store's replacement rule, SPEC §3). History is append-only, so a
    correction changes exactly the digests of the themes it delivers."""
    coverage = backend.table("coverage")
    latest = coverage.group_by("theme", "ministerie", "jaar").agg(
        delivery=coverage.delivery_id.max()
    )
    rows = latest.to_pandas()
    out: dict[str, str] = {}
    for theme, part in rows.groupby("theme", sort=True):
        lines = sorted(
            f"{m}|{'' if pd.isna(y) else int(y)}|{int(d)}"
            for m, y, d in zip(part["ministerie"], part["jaar"], part["delivery"], strict=True)
        )
        out[str(theme)] = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    return out


@dataclass
class Entry:
    """A computation's result for one year, and what computing it did besides."""

    key: str
    frame: pd.DataFrame
    events: list[Event] = field(default_factory=list)  # its own and its nested ones, in order
    nested: list[tuple[str, int]] = field(default_factory=list)  # results it used, in order


@dataclass
class _Recording:
    events: list[Event] = field(default_factory=list)
    nested: list[tuple[str, int]] = field(default_factory=list)


@dataclass
class ResultCache:
    """The results of the last build (``stored``) and of this one (``entries``)."""

    keys: dict[str, str]  # computation → its key in this build
    stored: dict[tuple[str, int], Entry] = field(default_factory=dict)
    entries: dict[tuple[str, int], Entry] = field(default_factory=dict)
    computed: set[str] = field(default_factory=set)
    reused: set[str] = field(default_factory=set)
    _stack: list[_Recording] = field(default_factory=list)

    def depend(self, key: tuple[str, int]) -> None:
        """``key``'s result is used by the computations being computed."""
        for recording in self._stack:
            if key not in recording.nested:
                recording.nested.append(key)

    def result(
        self, ctx: Any, name: str, year: int, compute: Callable[[], pd.DataFrame]
    ) -> pd.DataFrame:
        """The rows of computation ``name`` for ``year``: the last build's when it and every
        result it used are unchanged (its footnotes and findings replayed), else computed."""
        found = self.stored.get((name, year))
        if found is not None and self.reusable((name, year)):
            self._restore(ctx, name, year, found)
            return found.frame
        self._stack.append(_Recording())
        try:
            frame = compute()
        finally:
            recording = self._stack.pop()
        self.entries[(name, year)] = Entry(
            self.keys.get(name, ""), frame, recording.events, recording.nested
        )
        self.computed.add(name)
        return frame

    def listing(
        self, ctx: Any, name: str, year: int, compute: Callable[[], pd.DataFrame]
    ) -> pd.DataFrame:
        """The rows of record listing ``name`` for ``year``, as :meth:`result`."""
        return self.result(ctx, LISTING + name, year, compute)

    def reusable(self, key: tuple[str, int], seen: set[tuple[str, int]] | None = None) -> bool:
        """The stored result of ``key`` has this build's key, and so has every result it
        used (through the results those used, and so on)."""
        seen = set() if seen is None else seen
        if key in seen:
            return True
        seen.add(key)
        entry = self.stored.get(key)
        if entry is None or entry.key != self.keys.get(key[0]):
            return False
        return all(self.reusable(inner, seen) for inner in entry.nested)

    def _restore(self, ctx: Any, name: str, year: int, entry: Entry) -> None:
        self.entries[(name, year)] = entry
        self.reused.add(name)
        for event in entry.events:  # as they happened, into ctx (and any recording open)
            if event[0] == "note":
                ctx.note(*event[1:])
            else:
                ctx.find_finding(event[1])
        for inner in entry.nested:  # used by it: reusable too (``reusable``), known now
            if inner not in ctx._cache:
                ctx._cache[inner] = self.stored[inner].frame
                self.entries[inner] = self.stored[inner]
            self.depend(inner)

    def event(self, event: Event) -> None:
        """A footnote or finding of the computations being computed."""
        for recording in self._stack:
            recording.events.append(event)


def _key(name: str, sources: frozenset[str], fingerprints: dict[str, str], common: str) -> str:
    parts = [common, name] + [f"{t}={fingerprints.get(t, '')}" for t in sorted(sources)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def cache_file(db: Path) -> Path:
    """Beside the store: ``<store>.cache/indicators.pickle``."""
    return Path(f"{db}.cache") / CACHE_FILE


def open_cache(db: Path, ctx: Any, options: dict[str, Any]) -> ResultCache:
    """This build's cache: keys from the store's current deliveries; the last build's
    results from beside the store (matched per computation by key)."""
    from ..software import code_fingerprint, dependency_versions
    from . import store_years

    common = json.dumps(
        {
            "format": FORMAT,
            "code": code_fingerprint(),
            "dependencies": dependency_versions(),
            "options": options,
            "randstad": sorted(ctx.randstad),
            "store_years": store_years(ctx),
            "years": list(ctx.years),
        },
        sort_keys=True,
        default=str,
    )
    fingerprints = theme_fingerprints(ctx.backend)
    keys = {
        name: _key(name, sources, fingerprints, common)
        for name, sources in {**computation_sources(), **listing_sources()}.items()
    }
    cache = ResultCache(keys)
    try:
        with cache_file(db).open("rb") as f:
            stored = pickle.load(f)
        if isinstance(stored, dict) and stored.get("format") == FORMAT:
            entries = stored["entries"]
            if isinstance(entries, dict) and all(isinstance(e, Entry) for e in entries.values()):
                cache.stored = entries
    except Exception:  # noqa: BLE001  (no usable cache, whatever is wrong with it: compute)
        cache.stored = {}
    return cache


def save_cache(db: Path, cache: ResultCache) -> None:
    """Keep this build's results for the next build from this store (written beside,
    then renamed: a crash leaves the last whole cache or none)."""
    target = cache_file(db)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.partial")
        with temporary.open("wb") as f:
            pickle.dump({"format": FORMAT, "entries": cache.entries}, f, pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, target)
    except OSError:
        pass  # a read-only place: the next build computes everything, as without a cache


def reuse_last_build(ctx: Any, db: Path, engine: str, year: int) -> bool:
    """Let ``ctx`` take ``year``'s figures from the last build's results when that build,
    of every year of the store as it is now and with ``engine``, holds them all (``jbr
    publish`` after ``jbr build``: the figures published are then the very figures the
    report shows, and nothing is computed again). Otherwise ``ctx`` is left as it was and
    computes as always. Nothing is written."""
    from . import store_years

    before = ctx.years
    ctx.years = tuple(store_years(ctx))  # as a build of every year keys its results
    cache = open_cache(db, ctx, {"engine": engine})
    if all(cache.reusable((name, year)) for name in computation_sources()):
        ctx.results = cache
        return True
    ctx.years = before
    return False


def compute_years_reusing(
    ctx: Any,
    last: int | None,
    db: Path,
    options: dict[str, Any],
    fill: Callable[[Any], object] | None = None,
) -> tuple[dict[int, list[Any]], dict[str, pd.DataFrame]]:
    """``compute_years`` and the record listings of the reporting year (``last``, else
    the last year computed), reusing the last build's results where their source themes
    are unchanged, and keeping this build's for the next one. ``fill(ctx)``, called with
    the cache open, may add this build's results to it beforehand (``sharing.share``)."""
    from . import compute, listings, store_years

    ctx.years = tuple(y for y in store_years(ctx) if last is None or y <= last)
    ctx.results = open_cache(db, ctx, options)
    if fill is not None:
        fill(ctx)
    values = {y: compute(ctx, y) for y in ctx.years}
    year = last if last is not None else max(values, default=None)
    listed = listings(ctx, year) if year is not None else {}
    save_cache(db, ctx.results)
    ctx.results = None  # released: what follows computes as always
    return values, listed
