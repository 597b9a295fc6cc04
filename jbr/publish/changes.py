"""Changes against the year before: ``Change``, one per figure of every year that has one.

Across a reorganisation the year before is restated to the year's ministries
(``jbr.indicators.compare``); ``Change.restated`` says so and ``Change.previous`` /
``previous_number`` is the value every table shows for that year, marked
``RESTATED_MARK``, so the change is the arithmetic of the two shown values.
``restatement_note`` is the table's one footnote. A change involving a suppressed figure
is suppressed too. Pure: no store, no files, no clock.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from ..codelists import RIJK
from ..indicators import by_id
from ..indicators.catalogue import Indicator
from ..indicators.compare import edges_between, restate, restated_codes
from ..indicators.values import MIN_PERSONS
from ..locale import text
from .figure import (
    POINT_UNITS,
    RESTATED_MARK,
    SUPPRESSED_MARK,
    Figure,
    readable_text,
    table_text,
)
from .format import ONE_DECIMAL, UNKNOWN, Scale, shown, signed

# A change of a duration or an age reads in its own unit ("+0,3 jaar", "−4,0 dagen"):
# a percentage of an average age says nothing to a reader. (English unit names.)
DURATION_UNITS = {"years", "days"}


@dataclass(frozen=True)
class Change:
    """A figure against the year before (restated across reorganisations)."""

    figure_id: str
    year: int
    ministry: str
    # The size that ranks changes (the letter's rules): percentage points for % units,
    # else the relative change in %.
    delta: float | None
    # How it reads: "+2,8 %", "−1,2 %-punt", "+0,3 jaar" (durations in their own unit),
    # "–" (no comparison) or "*" (suppressed).
    text: str
    direction: str | None  # up | down | same | None
    better: bool | None  # towards the target's direction; None without a target
    previous: float | None  # the (restated) previous-year value
    previous_text: str
    suppressed: bool = False
    notes: tuple[str, ...] = ()
    # ``previous`` is the year before restated to this year's ministries (SPEC §6): the
    # table shows it marked (RESTATED_MARK) instead of the ministry's own figure.
    restated: bool = False
    previous_number: str = ""  # ``previous`` without its unit ("38.451"), as a table cell


def year_changes(
    figures: dict[tuple[str, int, str], Figure],
    raw: dict[tuple[str, int, str], float | None],
    years: list[int],
    lang: str,
    scales: Mapping[str, Scale] | None = None,
) -> dict[tuple[str, int, str], Change]:
    """Each figure of every year against the year before, the year before restated to the
    year's ministries where a reorganisation lies between (:func:`.compare.restate`: a
    predecessor's additive figure split over its successors by their share, a ratio
    carried to each successor). The Rijk is never restated. The split uses the ``raw``
    values, suppressed ones included, so a share does not depend on what is withheld; a
    change that involves a suppressed figure is itself withheld. ``scales``: the tables'
    units (readers' words), in which a change is the arithmetic of the shown values."""
    by_year: dict[int, dict[str, dict[str, Figure]]] = defaultdict(lambda: defaultdict(dict))
    for (fid, y, m), f in figures.items():
        by_year[y][fid][m] = f
    catalogue = by_id()
    out: dict[tuple[str, int, str], Change] = {}
    for year in years:
        if year - 1 not in by_year:
            continue
        edges = edges_between(year - 1, year)
        for fid, now in by_year[year].items():
            before = by_year[year - 1].get(fid, {})
            ind = catalogue[next(iter(now.values())).indicator]
            if ind.kind == "prognosis":
                # A prognosis is a drawn-out trend, not a measurement: its year-on-year
                # change says nothing, and split over a reorganisation it is nonsense
                # (+1.385,4 % for a successor's share of a predecessor's projection).
                continue
            own = _known(raw, fid, year - 1, before)
            weights = _known(raw, fid, year, now)
            restated = restate(own, weights, year - 1, year, ind.additive) if edges else own
            touched = restated_codes(before, year - 1, year) if edges else set()
            for m, f in now.items():
                prior = before[RIJK].value if m == RIJK and RIJK in before else restated.get(m)
                sources = [before[e.old] for e in edges if e.new == m and e.old in before]
                hidden = any(p.suppressed for p in (*sources, before.get(m)) if p is not None)
                if m in touched and ind.persons and ind.additive and prior is not None:
                    hidden = hidden or prior < MIN_PERSONS  # a share that small describes few
                out[(fid, year, m)] = _change(
                    f,
                    ind,
                    prior,
                    f.suppressed or hidden,
                    m in touched and m != RIJK,
                    lang,
                    (scales or {}).get(ind.id),
                )
    return out


def _as_shown(value: float, ind: Indicator, scale: Scale | None = None) -> float:
    """``value`` as its table text shows it, in the table's unit (``scale``, e.g. € mln
    with one decimal) or else the indicator's own (one decimal or whole units), rounded
    as the text writes it (``format.shown``)."""
    if scale is not None and (scale.divisor != 1.0 or scale.decimals is not None):
        return float(shown(value / scale.divisor, scale.decimals or 0))
    return float(shown(value, 1 if ind.unit in ONE_DECIMAL else 0))


def _known(
    raw: dict[tuple[str, int, str], float | None], fid: str, year: int, figures: dict[str, Figure]
) -> dict[str, float]:
    values = {m: raw.get((fid, year, m)) for m in figures if m != RIJK}
    return {m: v for m, v in values.items() if v is not None and v == v}


def _change(
    f: Figure,
    ind: Indicator,
    prior: float | None,
    suppressed: bool,
    restated: bool,
    lang: str,
    scale: Scale | None = None,
) -> Change:
    if suppressed:
        return Change(
            f.figure_id,
            f.year,
            f.ministry,
            None,
            SUPPRESSED_MARK,
            None,
            None,
            None,
            SUPPRESSED_MARK,
            suppressed=True,
            restated=restated,
            previous_number=SUPPRESSED_MARK,
        )
    # the previous figure as a table cell writes it (in the table's unit) and as text
    number = UNKNOWN if prior is None else table_text(prior, ind, scale or Scale(1.0, ""), lang)
    previous_text = UNKNOWN if prior is None else readable_text(prior, ind, f.unit, lang)
    blank = Change(
        f.figure_id,
        f.year,
        f.ministry,
        None,
        UNKNOWN,
        None,
        None,
        prior,
        previous_text,
        restated=restated and prior is not None,
        previous_number=number,
    )
    if f.value is None or prior is None or ind.unit_en == "year":
        return blank
    # SPEC §6: the change is the arithmetic of the two figures as shown (21,1 → 20,9 is
    # −0,2 %-punt, not the −0,1 of the unrounded 21,07 and 20,94)
    now, before = _as_shown(f.value, ind, scale), _as_shown(prior, ind, scale)
    if ind.unit in POINT_UNITS:
        delta = now - before
        shown = f"{signed(delta, '%', lang)}\u00a0{text('figuren.procentpunt', lang)}"
    elif ind.unit_en in DURATION_UNITS and before != 0:
        delta = (now - before) / abs(before) * 100
        shown = f"{signed(now - before, ind.unit, lang)}\u00a0{f.unit}"
    elif before != 0:
        delta = (now - before) / abs(before) * 100
        shown = f"{signed(delta, '%', lang)}\u00a0%"
    else:
        return blank
    rounded = round(delta, 1)
    direction = "up" if rounded > 0 else "down" if rounded < 0 else "same"
    better = None
    if ind.target is not None and direction != "same":
        better = (direction == "down") == (ind.target.direction == "at_most")
    return Change(
        f.figure_id,
        f.year,
        f.ministry,
        delta,
        shown,
        direction,
        better,
        prior,
        previous_text,
        restated=restated,
        previous_number=number,
    )


def restatement_note(
    year: int, codes: Iterable[str], additive: bool | None, lang: str = "nl"
) -> str:
    """The one footnote of a table whose year before is restated (SPEC §6), naming the
    reorganisations behind the restated rows ``codes``; "" when there are none.
    ``additive``: the table's figures add up (True), are ratios (False) or both (None)."""
    from .format import day

    edges = [e for e in edges_between(year - 1, year) if e.new in set(codes)]
    if not edges:
        return ""
    groups: dict[tuple[Any, str], list[str]] = {}
    for e in sorted(edges, key=lambda e: (e.day, e.old)):
        groups.setdefault((e.day, e.old), []).append(e.new)
    joiner = text("figuren.herberekend.en", lang)
    by_day: dict[Any, list[str]] = {}
    for (when, old), new in groups.items():
        others = [n for n in new if n != old]
        if old in new:  # it goes on and hands part of its tasks over (JenV, AenM)
            line = text("figuren.herberekend.deels", lang, old=old, new=joiner.join(others))
        else:
            line = f"{old} → {joiner.join(new)}"
        by_day.setdefault(when, []).append(line)
    mapping = "; ".join(f"{day(when, lang)}: {', '.join(m)}" for when, m in by_day.items())
    split = text("figuren.herberekend.verdeeld", lang, year=year)  # additive figures
    carry = text("figuren.herberekend.verhouding", lang)  # ratios
    how = {True: split, False: carry, None: f"{split}; {carry}"}[additive]
    return text(
        "figuren.herberekend.noot",
        lang,
        mark=RESTATED_MARK,
        before=year - 1,
        year=year,
        mapping=mapping,
        how=how,
    )
