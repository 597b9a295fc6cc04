"""The figure passport (SPEC §8, issue 17): how a published figure came about.

Every figure page of the site says: its definition and formula (the catalogue), the
deliveries it came from (supplier, date loaded, delivery number, version, SHA-256 of
the file), the jbr version that published it, and its corrections (the year's
publication versions that changed it, with their notes).

"The deliveries it came from" is the rule of ``jbr.indicators.reads`` over the store's
deliveries *as they stood when the year's shown version was published*
(``jbr.store.lineage``): the current deliveries then of the indicator's source themes,
covering the ministry (the Rijk: every ministry; Rijk-wide themes count for all) in the
years the figure reads. A delivery already replaced at publication is never listed.

The lineage is computed once per publication state and each (theme, ministry, year)
once; a page lists the references it needs. Only what is published anyway reaches
the page: suppliers' names, dates, delivery numbers and file checksums, never rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..codelists import RIJK, reorganisations
from ..deliveries.themes import THEMES
from ..indicators import Indicator
from ..indicators.reads import Reads, reads
from ..locale import LANGUAGES
from ..store.lineage import Combination, DeliveryRef, current_as_of, open_until
from .format import day
from .words import texts

# The passport's words (publicatie.herkomst.*; the template reads them as w.<name>),
# placeholders unfilled: they are filled here, per figure.
WORDS = {lang: texts("publicatie.herkomst", lang) for lang in LANGUAGES}
DETAILS_FROM = 12  # more deliveries than this: the table folds away (Rijk pages)


def predecessors(code: str) -> dict[str, int]:
    """Former ministries whose figures a successor's comparison with an earlier year uses:
    code → the year of the reorganisation (their deliveries count for years before it)."""
    out: dict[str, int] = {}
    todo = [code]
    while todo:
        new = todo.pop()
        for r in reorganisations():
            if r.new == new and r.old not in out and r.old != code:
                out[r.old] = r.day.year
                todo.append(r.old)
    return out


@dataclass(frozen=True, eq=False)
class Sources:
    """The deliveries a figure of ``year`` came from. Made once per lineage and reading
    rule, and shared by every figure that read the same deliveries: compared by identity,
    so that a site renders the list once for all of them."""

    year: int
    refs: tuple[DeliveryRef, ...]


@dataclass
class Lineage:
    """The current deliveries of one store state, indexed for the passport."""

    current: dict[Combination, DeliveryRef]
    open_until: dict[tuple[str, int | None], date] = field(default_factory=dict)
    _by_theme_year: dict[tuple[str, int | None], list[DeliveryRef]] = field(
        default_factory=dict, repr=False
    )
    _memo: dict[tuple, Sources] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for (theme, _, year), ref in self.current.items():
            self._by_theme_year.setdefault((theme, year), []).append(ref)

    @classmethod
    def of(cls, con: Any, as_of: int | None) -> Lineage:
        current = current_as_of(con, as_of)
        return cls(current, open_until(con, current))

    def _refs(self, theme: str, year: int | None, ministries: set[str] | None) -> list[DeliveryRef]:
        refs = self._by_theme_year.get((theme, year), [])
        return [r for r in refs if ministries is None or r.ministry in ministries]

    def contributing(self, ind: Indicator, year: int, ministry: str) -> tuple[DeliveryRef, ...]:
        """The deliveries a figure of ``ind`` in ``year`` for ``ministry`` came from (the
        rule of ``jbr.indicators.reads``), each (theme, ministry, year) once, sorted."""
        return self.sources(ind, year, ministry).refs

    def sources(self, ind: Indicator, year: int, ministry: str) -> Sources:
        """``contributing``'s deliveries, one ``Sources`` per reading rule, year and ministry."""
        r = reads(ind, year)
        key = (tuple(sorted((t, tuple(sorted(ys))) for t, ys in r.years.items())),
               r.open_before, year, ministry)  # fmt: skip
        if key not in self._memo:
            self._memo[key] = Sources(year, self._contributing(r, year, ministry))
        return self._memo[key]

    def _contributing(self, r: Reads, year: int, ministry: str) -> tuple[DeliveryRef, ...]:
        own: set[str] | None = None if ministry == RIJK else {ministry, RIJK}
        former = {} if ministry == RIJK else predecessors(ministry)
        found: dict[Combination, DeliveryRef] = {}
        for theme, years in r.years.items():
            for y in years:
                scope = (
                    own if own is None else own | {m for m, until in former.items() if y < until}
                )
                for ref in self._refs(theme, y, scope):
                    found[(theme, ref.ministry, y)] = ref
            # a register without a year stands in for a year the ministry has none of
            for ref in self._refs(theme, None, own):
                if not any((theme, ref.ministry, y) in self.current for y in years):
                    found[(theme, ref.ministry, None)] = ref
            if theme in r.open_before:
                start = date(year, 1, 1)
                for (m, earlier), last in self.open_until.items():
                    if earlier is None or earlier >= year or (own is not None and m not in own):
                        continue
                    still = self.current.get((theme, m, earlier))
                    if still is not None and last >= start:
                        found[(theme, m, earlier)] = still
        return tuple(
            sorted(
                found.values(),
                key=lambda x: (
                    list(THEMES).index(x.theme) if x.theme in THEMES else 99,
                    -(x.year or 0),
                    x.ministry,
                ),
            )
        )


@dataclass
class Provenance:
    """What the site needs for passports: per published year the lineage of its latest
    version, and the software of every publication version."""

    lineage: dict[int, Lineage] = field(default_factory=dict)  # year → lineage
    software: dict[tuple[int, int], str] = field(default_factory=dict)


def read_provenance(db: Path | str, latest: dict[int, int]) -> Provenance:
    """The provenance of the published years (``latest``: year → its shown version)."""
    from ..store.connection import connect
    from ..store.lineage import publication_heads
    from ..store.review import publication_software

    out = Provenance()
    if not Path(db).exists() or not latest:
        return out
    con = connect(db, read_only=True)
    try:
        heads = publication_heads(con)
        by_head: dict[int | None, Lineage] = {}
        for year, version in latest.items():
            head = heads.get((year, version))
            if head not in by_head:
                by_head[head] = Lineage.of(con, head)
            out.lineage[year] = by_head[head]
        out.software = publication_software(con)
    finally:
        con.close()
    return out


def delivery_rows(refs: tuple[DeliveryRef, ...], lang: str) -> list[dict[str, Any]]:
    w = WORDS[lang]
    return [
        {
            "theme": THEMES[r.theme].label(lang) if r.theme in THEMES else r.theme,
            "ministry": w["all"] if r.ministry == RIJK else r.ministry,
            "year": r.year if r.year is not None else w["undated"],
            "supplier": r.supplier,
            "loaded": day(r.loaded_at.date(), lang),
            "delivery": r.delivery_id,
            "version": r.version,
            "sha256": r.sha256,
        }
        for r in refs
    ]


def passport_view(site: Any, ind: Indicator, year: int, ministry: str, lang: str) -> dict | None:
    """What the passport section of a figure's page shows (None without provenance); its
    deliveries are ``sources``, which ``sources_view`` shows."""
    provenance: Provenance | None = getattr(site.published, "provenance", None)
    if provenance is None:
        return None
    w = WORDS[lang]
    lineage = provenance.lineage.get(year)
    releases = [r for r in site.published.releases if r.year == year]
    shown = releases[-1] if releases else None
    software = None
    if shown is not None:
        when = day(shown.published_at.date(), lang)
        found = provenance.software.get((year, shown.year_version))
        software = (
            w["software_text"].format(software=found, version=shown.year_version, day=when)
            if found
            else w["software_unknown"].format(version=shown.year_version, day=when)
        )
    return {
        "w": w,
        "formula": ind.formula,
        "sources": lineage.sources(ind, year, ministry) if lineage else Sources(year, ()),
        "software": software,
        "corrections": figure_corrections(site, ind, year, ministry, lang),
    }


def sources_view(sources: Sources, lang: str) -> dict:
    """What the passport section shows of the deliveries a figure came from."""
    w = WORDS[lang]
    refs = sources.refs
    return {
        "w": w,
        "deliveries": delivery_rows(refs, lang),
        "fold": len(refs) > DETAILS_FROM,
        "count": w["rows"].format(n=len(refs)),
        "other_years": w["other_years"].format(year=sources.year)
        if any(r.year is not None and r.year != sources.year for r in refs)
        else None,
    }


def figure_corrections(site: Any, ind: Indicator, year: int, ministry: str, lang: str) -> list[str]:
    """The corrections of the year that changed this figure (its total, not categories)."""
    from .format import number

    w = WORDS[lang]
    versions = site.published.figures.get(year, {})
    out = []
    before: tuple | None = None
    for r in [r for r in site.published.releases if r.year == year]:
        values = _figure_index(site, year, r.year_version).get((ind.id, ministry))
        if r.year_version > 1 and values != before and r.year_version in versions:
            old, new = (
                "–" if v is None or v[1] else number(v[0], ind.unit, lang) for v in (before, values)
            )
            out.append(w["corrected"].format(
                version=r.year_version, day=day(r.published_at.date(), lang), old=old, new=new
            )
                       + (f" ({r.note})" if r.note else ""))  # fmt: skip
        before = values
    return out


def _figure_index(site: Any, year: int, version: int) -> dict[tuple[str, str], tuple]:
    """(indicator, ministry) → (value, suppressed) of one publication version, made once."""
    return site.once(  # type: ignore[no-any-return]
        ("passport-index", year, version),
        lambda: {
            (v.indicator, v.ministry): (v.value, v.suppressed)
            for v in site.published.figures.get(year, {}).get(version, [])
            if v.breakdown is None
        },
    )
