"""The key developments of the Kamerbrief, chosen from the data by rules (SPEC §6, issue 7).

The rules are data (``rules/kamerbrief.toml``): a condition kind, thresholds, how many
items, their order and the sentence in Dutch and English. This module only evaluates
them over the Rijk-wide published figures of the reporting year and their change against the
year before; every figure and change it quotes is the report's own text for it
(``figures.py``), never formatted here.

A development needs a stable series (issue 16): a figure that jumped back and forth in
recent years (vacant office space 46.070 → 6.950 → 30.210 m²) is noise, not news, and is
never chosen (``jumping``). Each highlight carries its sentence twice: as the letter reads
(``sentence``) and with references instead of figures (``draft``), the paragraph
``jbr letter draft`` offers the editor; filling in the references gives the sentence.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from ..indicators import by_id, catalogue
from .figures import POINT_UNITS, Change, PublishedFigures, anchor
from .format import UNKNOWN
from .words import domain_name

KINDS = ("standing", "target_met_early", "target_off_track", "worsened", "largest_change")
RULE_KEYS = {
    "id",
    "kind",
    "order",
    "max_items",
    "min_points",
    "min_relative_pct",
    "exclude",
    "indicators",
    "sentence_nl",
    "sentence_en",
    "special",
}
STABILITY_KEYS = {"window", "max_reversals", "min_points", "min_relative_pct"}


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    order: int
    max_items: int
    sentence_nl: str
    sentence_en: str
    min_points: float = 0.0
    min_relative_pct: float = 0.0
    exclude: frozenset[str] = frozenset()
    indicators: tuple[str, ...] = ()  # kind "standing": the subjects every letter reports on
    # indicator → {"sentence_nl": ..., "sentence_en": ...}: its own wording under this rule
    special: dict[str, dict[str, str]] = field(default_factory=dict)

    def sentence(self, lang: str) -> str:
        return getattr(self, f"sentence_{lang}")  # rules/highlights.toml's, per language

    def own_sentence(self, lang: str, indicator: str) -> str | None:
        return self.special.get(indicator, {}).get(f"sentence_{lang}")


@dataclass(frozen=True)
class Stability:
    """A series jumps when, over its last ``window`` year-on-year changes, a large change
    (at least ``min_points`` for a percentage, else ``min_relative_pct`` % of the year
    before) reversed the direction of the previous large change more than
    ``max_reversals`` times."""

    window: int = 5
    max_reversals: int = 1
    min_points: float = 2.0
    min_relative_pct: float = 10.0


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    max_items: int
    words: dict[str, str]
    better: dict[str, str] = field(default_factory=dict)
    stability: Stability = field(default_factory=Stability)
    # indicator → {"nl": ..., "en": ...}: how a sentence names it ("het aandeel vrouwen ...")
    subjects: dict[str, dict[str, str]] = field(default_factory=dict)
    # area → {"nl": ..., "en": ...}: the title of the letter's section on it
    sections: dict[str, dict[str, str]] = field(default_factory=dict)

    def subject(self, indicator: str, lang: str) -> str:
        own = self.subjects.get(indicator, {}).get(lang)
        if own:
            return own
        return f"‘{by_id()[indicator].name(lang)}’"  # the label without its unit

    def section(self, domain: str, lang: str) -> str:
        own = self.sections.get(domain, {}).get(lang)
        return own or domain_name(domain, lang)


@dataclass(frozen=True)
class Highlight:
    """One numbered development of the letter: what, which rule chose it, and its text."""

    rule: str
    indicator: str
    label: str
    figure: str  # the figure quoted, exactly as the report prints it
    sentence: str
    anchor: str  # the indicator's fragment in rapport.html
    domain: str = ""  # the indicator's area: the letter's section
    draft: str = ""  # the sentence with {{ references }} instead of figures


def parse_rules(data: dict[str, Any]) -> Rules:
    """Rules from the TOML's dict; a clear error for an unknown kind, key or indicator."""
    known = {i.id for i in catalogue()}
    rules = []
    for entry in data.get("rule", []):
        extra = set(entry) - RULE_KEYS
        if extra:
            raise ValueError(f"rule {entry.get('id')!r}: unknown key(s) {sorted(extra)}")
        if entry.get("kind") not in KINDS:
            raise ValueError(f"rule {entry.get('id')!r}: kind must be one of {', '.join(KINDS)}")
        exclude = frozenset(entry.get("exclude", ()))
        named = tuple(entry.get("indicators", ()))
        unknown = (exclude | set(named)) - known
        if unknown:
            raise ValueError(f"rule {entry['id']!r}: unknown indicator(s) {sorted(unknown)}")
        rules.append(Rule(**{**entry, "exclude": exclude, "indicators": named}))
    better = dict(data.get("better", {}))
    if set(better) - known:
        raise ValueError(f"[better]: unknown indicator(s) {sorted(set(better) - known)}")
    if set(better.values()) - {"higher", "lower"}:
        raise ValueError("[better]: each value must be 'higher' or 'lower'")
    stability = dict(data.get("stability", {}))
    if set(stability) - STABILITY_KEYS:
        raise ValueError(f"[stability]: unknown key(s) {sorted(set(stability) - STABILITY_KEYS)}")
    subjects = dict(data.get("subject", {}))
    if set(subjects) - known:
        raise ValueError(f"[subject]: unknown indicator(s) {sorted(set(subjects) - known)}")
    return Rules(
        rules=tuple(sorted(rules, key=lambda r: r.order)),
        max_items=int(data.get("max_items", 6)),
        words=dict(data.get("words", {})),
        better=better,
        stability=Stability(**stability),
        subjects=subjects,
        sections=dict(data.get("section", {})),
    )


@cache
def letter_rules() -> Rules:
    text = resources.files("jbr.publish").joinpath("rules/kamerbrief.toml").read_text("utf-8")
    return parse_rules(tomllib.loads(text))


def _better(indicator: str, rules: Rules) -> str | None:
    if indicator in rules.better:
        return rules.better[indicator]
    target = by_id()[indicator].target
    if target is None:
        return None
    return "higher" if target.direction == "at_least" else "lower"


def _exceeds(change: Change, unit: str, rule: Rule) -> float | None:
    """How many times the change exceeds the rule's threshold (points for a %, else
    relative %): the rank of a change-based highlight; None when below it."""
    if change.delta is None or change.direction in (None, "same"):
        return None
    threshold = rule.min_points if unit in POINT_UNITS else rule.min_relative_pct
    size = abs(change.delta)
    if size < threshold or math.isinf(threshold):
        return None
    return size / threshold if threshold > 0 else math.inf


def jumping(figs: PublishedFigures, indicator: str, stability: Stability) -> bool:
    """Whether the Rijk series of ``indicator`` up to the reporting year jumps back and
    forth (``Stability``): large changes that keep reversing direction are noise."""
    points = by_id()[indicator].unit in POINT_UNITS
    threshold = stability.min_points if points else stability.min_relative_pct
    values = {f.year: f.value for f in figs.series(indicator) if f.year <= figs.year}
    signs = []
    for year in range(figs.year - stability.window + 1, figs.year + 1):
        now, before = values.get(year), values.get(year - 1)
        if now is None or before is None:
            continue
        if points:
            change = now - before
        elif before != 0:
            change = (now - before) / abs(before) * 100
        else:
            continue
        if abs(change) >= threshold:
            signs.append(change > 0)
    reversals = sum(a != b for a, b in zip(signs, signs[1:], strict=False))
    return reversals > stability.max_reversals


def _candidates(rule: Rule, figs: PublishedFigures, rules: Rules) -> list[tuple[float, int, str]]:
    """(rank, catalogue position, indicator) of every Rijk figure the rule selects; never
    one whose series jumps."""
    out = []
    position_of = {ind.id: i for i, ind in enumerate(catalogue())}
    for position, ind in enumerate(catalogue()):
        f = figs.get(ind.id)
        # A prognosis is no development of the year (SPEC §6): never a highlight.
        if ind.is_prognosis or ind.id in rule.exclude or ind.quality or f is None or not f.known:
            continue
        if jumping(figs, ind.id, rules.stability):
            continue
        if rule.kind == "standing":
            change = figs.change(ind.id)
            if ind.id in rule.indicators and change is not None and change.delta is not None:
                out.append((float(rule.indicators.index(ind.id)), position_of[ind.id], ind.id))
            continue
        if rule.kind == "target_met_early":
            target_year = ind.target.year if ind.target else None
            if f.status == "met" and target_year is not None and figs.year < target_year:
                out.append((0.0, position, ind.id))
            continue
        if rule.kind == "target_off_track":
            if f.status == "off_track":
                out.append((0.0, position, ind.id))
            continue
        change = figs.change(ind.id)
        if change is None or change.suppressed:
            continue
        times = _exceeds(change, ind.unit, rule)
        if times is None:
            continue
        if rule.kind == "worsened":
            better = _better(ind.id, rules)
            if better is None or (change.direction == "up") == (better == "higher"):
                continue
        out.append((-times, position, ind.id))
    return sorted(out)


def choose(figs: PublishedFigures, rules: Rules | None = None) -> list[Highlight]:
    """The letter's developments for the reporting year of ``figs``, in rule order,
    each indicator at most once, at most ``max_items`` per rule and in all."""
    rules = rules or letter_rules()
    chosen: list[Highlight] = []
    named: set[str] = set()
    for rule in rules.rules:
        taken = 0
        for _, _, indicator in _candidates(rule, figs, rules):
            if taken >= rule.max_items or len(chosen) >= rules.max_items:
                break
            if indicator in named:
                continue
            chosen.append(_highlight(rule, indicator, figs, rules))
            named.add(indicator)
            taken += 1
    return chosen


class _Figures(dict[str, str]):
    """``{fig[energy.gas_tj]}`` in a sentence: another Rijk figure of the year, as printed
    (or, for the draft, as a reference to it)."""

    def __init__(self, figs: PublishedFigures, references: bool = False) -> None:
        super().__init__()
        self.figs = figs
        self.references = references

    def __missing__(self, indicator: str) -> str:
        f = self.figs.get(indicator)
        if f is None or not f.known:
            raise LookupError(indicator)
        return ref(indicator) if self.references else f.with_unit


def ref(indicator: str, form: str = "") -> str:
    """A reference as the editor writes it: ``{{ personnel.fte | verandering }}``."""
    return "{{ " + indicator + (f" | {form}" if form else "") + " }}"


def _sentence(
    rule: Rule,
    indicator: str,
    fields: dict[str, str],
    figs: PublishedFigures,
    references: bool = False,
) -> str:
    """The indicator's own sentence under the rule when every figure it quotes is
    published, else the rule's general sentence."""
    own = rule.own_sentence(figs.lang, indicator)
    if own:
        try:
            return own.format(**fields, fig=_Figures(figs, references))
        except LookupError:
            pass
    return rule.sentence(figs.lang).format(**fields)


def _highlight(rule: Rule, indicator: str, figs: PublishedFigures, rules: Rules) -> Highlight:
    lang = figs.lang
    ind = by_id()[indicator]
    figure = figs.get(indicator)
    change = figs.change(indicator)
    assert figure is not None
    target = ind.target
    subject = rules.subject(indicator, lang)
    direction = rules.words[f"{target.direction}_{lang}"] if target and figure.target_text else ""
    fields = {
        "label": ind.name(lang),
        "subject": subject,
        "Subject": subject[:1].upper() + subject[1:],
        "figure": figure.with_unit,
        "year": str(figs.year),
        "previous_figure": change.previous_text if change else UNKNOWN,
        "previous_year": str(figs.year - 1),
        "change": change.text if change else UNKNOWN,
        "target_figure": f"{direction} {figure.target_text}" if direction else "",
        "target_when": (
            rules.words[f"target_year_{lang}"].format(year=target.year)
            if target and target.year
            else ""
        ),
    }
    draft_fields = {
        **fields,
        "figure": ref(indicator),
        "previous_figure": ref(indicator, "vorig"),
        "change": ref(indicator, "verandering"),
        "target_figure": f"{direction} {ref(indicator, 'doel')}" if direction else "",
    }
    return Highlight(
        rule=rule.id,
        indicator=indicator,
        label=ind.name(lang),
        figure=figure.with_unit,
        sentence=_sentence(rule, indicator, fields, figs),
        anchor=anchor(indicator),
        domain=ind.domain,
        draft=_sentence(rule, indicator, draft_fields, figs, references=True),
    )


__all__ = [
    "Highlight",
    "Rule",
    "Rules",
    "Stability",
    "choose",
    "jumping",
    "letter_rules",
    "parse_rules",
]
