"""The key developments of the Kamerbrief, chosen from the data by rules (SPEC §6, issue 7).

The rules are data (``rules/kamerbrief.toml``): a condition kind, thresholds, how many
items, their order and the sentence in Dutch and English. This module only evaluates
them over the Rijk-wide published figures of the reporting year and their change against the
year before; every figure and change it quotes is the report's own text for it
(``figures.py``), never formatted here.
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

KINDS = ("target_met_early", "target_off_track", "worsened", "largest_change")
RULE_KEYS = {
    "id",
    "kind",
    "order",
    "max_items",
    "min_points",
    "min_relative_pct",
    "exclude",
    "sentence_nl",
    "sentence_en",
    "special",
}


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
    # indicator → {"sentence_nl": ..., "sentence_en": ...}: its own wording under this rule
    special: dict[str, dict[str, str]] = field(default_factory=dict)

    def sentence(self, lang: str) -> str:
        return self.sentence_nl if lang == "nl" else self.sentence_en

    def own_sentence(self, lang: str, indicator: str) -> str | None:
        return self.special.get(indicator, {}).get(f"sentence_{lang}")


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    max_items: int
    words: dict[str, str]
    better: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Highlight:
    """One numbered development of the letter: what, which rule chose it, and its text."""

    rule: str
    indicator: str
    label: str
    figure: str  # the figure quoted, exactly as the report prints it
    sentence: str
    anchor: str  # the indicator's fragment in rapport.html


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
        if exclude - known:
            raise ValueError(
                f"rule {entry['id']!r}: unknown indicator(s) {sorted(exclude - known)}"
            )
        rules.append(Rule(**{**entry, "exclude": exclude}))
    better = dict(data.get("better", {}))
    if set(better) - known:
        raise ValueError(f"[better]: unknown indicator(s) {sorted(set(better) - known)}")
    if set(better.values()) - {"higher", "lower"}:
        raise ValueError("[better]: each value must be 'higher' or 'lower'")
    return Rules(
        rules=tuple(sorted(rules, key=lambda r: r.order)),
        max_items=int(data.get("max_items", 6)),
        words=dict(data.get("words", {})),
        better=better,
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


def _candidates(rule: Rule, figs: PublishedFigures, rules: Rules) -> list[tuple[float, int, str]]:
    """(rank, catalogue position, indicator) of every Rijk figure the rule selects."""
    out = []
    for position, ind in enumerate(catalogue()):
        f = figs.get(ind.id)
        # A prognosis is no development of the year (SPEC §6): never a highlight.
        if ind.is_prognosis or ind.id in rule.exclude or ind.quality or f is None or not f.known:
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
    """``{fig[energy.gas_tj]}`` in a sentence: another Rijk figure of the year, as printed."""

    def __init__(self, figs: PublishedFigures) -> None:
        super().__init__()
        self.figs = figs

    def __missing__(self, indicator: str) -> str:
        f = self.figs.get(indicator)
        if f is None or not f.known:
            raise LookupError(indicator)
        return f.with_unit


def _sentence(rule: Rule, indicator: str, fields: dict[str, str], figs: PublishedFigures) -> str:
    """The indicator's own sentence under the rule when every figure it quotes is
    published, else the rule's general sentence."""
    own = rule.own_sentence(figs.lang, indicator)
    if own:
        try:
            return own.format(**fields, fig=_Figures(figs))
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
    fields = {
        "label": ind.name(lang),
        "figure": figure.with_unit,
        "year": str(figs.year),
        "previous_figure": change.previous_text if change else UNKNOWN,
        "previous_year": str(figs.year - 1),
        "change": change.text if change else UNKNOWN,
        "target_figure": (
            f"{rules.words[f'{target.direction}_{lang}']} {figure.target_text}"
            if target and figure.target_text
            else ""
        ),
        "target_when": (
            rules.words[f"target_year_{lang}"].format(year=target.year)
            if target and target.year
            else ""
        ),
    }
    return Highlight(
        rule=rule.id,
        indicator=indicator,
        label=ind.name(lang),
        figure=figure.with_unit,
        sentence=_sentence(rule, indicator, fields, figs),
        anchor=anchor(indicator),
    )


__all__ = ["Highlight", "Rule", "Rules", "choose", "letter_rules", "parse_rules"]
