"""The Kamerbrief's rules (rules/kamerbrief.toml) on hand-made Rijk figures: which
developments they choose and the exact sentence each quotes (issue 7).

Values are written as the engine returns them (status computed by hand from the
catalogue's target, with the reason beside it); figure texts are hand-computed in
Dutch notation: one decimal for %, whole numbers for fte, a non-breaking space
before the unit, a typographic minus.
"""

from __future__ import annotations

import pytest

from jbr.indicators import IndicatorValue
from jbr.publish.figures import published_figures
from jbr.publish.highlights import choose, letter_rules, parse_rules

NB = "\u00a0"


def v(
    indicator: str,
    year: int,
    value: float | None,
    unit: str = "%",
    status: str | None = None,
    target: float | None = None,
    ministry: str = "RIJK",
    persons: int | None = None,
    suppressed: bool = False,
) -> IndicatorValue:
    return IndicatorValue(
        indicator, year, ministry, value, unit, target, status, suppressed, persons=persons
    )


def chosen(values: list[IndicatorValue], year: int = 2024, lang: str = "nl"):
    by_year: dict[int, list[IndicatorValue]] = {}
    for x in values:
        by_year.setdefault(x.year, []).append(x)
    return choose(published_figures(by_year, year, lang))


# Woo timeliness 60 % → 40 %: −20 points, ten times the 2-point threshold.
WOO_WORSE = [v("woo.within_term_pct", 2023, 60.0), v("woo.within_term_pct", 2024, 40.0)]
# Gas 40 % below 2019 in 2024: target "at least 30 % by 2030" already met.
# 2023: 20 % ≥ the straight line 30 × 4/11 = 10,9 % → on_track.
GAS_MET = [
    v("energy.gas_reduction_vs_2019_pct", 2023, 20.0, status="on_track", target=30.0),
    v("energy.gas_reduction_vs_2019_pct", 2024, 40.0, status="met", target=30.0),
]


# Gas use 400 → 379,8 TJ (−5,0 %, under the 10 % of the largest changes), printed in whole TJ.
GAS_TJ = [v("energy.gas_tj", 2023, 400.0, "TJ"), v("energy.gas_tj", 2024, 379.8, "TJ")]


def test_gas_target_met_early_is_a_development():
    (h,) = chosen(GAS_MET + GAS_TJ)
    assert (h.rule, h.indicator) == ("target_met_early", "energy.gas_reduction_vs_2019_pct")
    assert h.figure == f"40,0{NB}%"
    # The gas reduction's own sentence (rules/kamerbrief.toml) quotes the use in TJ too.
    assert h.sentence == (
        f"De gebouwen van het Rijk gebruikten in 2024 380{NB}TJ aardgas: 40,0{NB}% minder "
        f"dan in 2019. Daarmee is het doel van ten minste 30,0{NB}% minder in 2030 nu al gehaald."
    )
    assert h.anchor == "energy.gas_reduction_vs_2019_pct"


def test_an_own_sentence_missing_a_figure_falls_back_to_the_general_one():
    (h,) = chosen(GAS_MET)  # no gas use in TJ delivered
    # The rule's general sentence names the figure by its subject ([subject] in the rules).
    assert h.sentence == (
        f"De vermindering van het aardgasverbruik ten opzichte van 2019 was in 2024 40,0{NB}%. "
        f"Daarmee is het doel van ten minste 30,0{NB}% in 2030 nu al gehaald."
    )


def test_woo_timeliness_worsening_is_a_development():
    (h,) = chosen(WOO_WORSE)
    assert (h.rule, h.indicator) == ("worsened", "woo.within_term_pct")
    assert h.sentence == (
        "Het aandeel Woo-besluiten binnen de wettelijke of afgesproken termijn was in 2024 "
        f"40,0{NB}%, tegen 60,0{NB}% in 2023 (\u221220,0{NB}%-punt). Dat is een verslechtering."
    )


def test_english_sentences_quote_english_notation():
    (h,) = chosen(WOO_WORSE, lang="en")
    assert h.sentence == (
        "The share of Woo decisions within the legal or agreed term was 40.0\u00a0% in 2024, "
        f"against 60.0{NB}% in 2023 (\u221220.0{NB}pp). This is a deterioration."
    )


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        # (Woo timeliness is a standing subject, named every year it has a change: these
        # cases use the median handling time, lower is better, threshold 5 %.)
        (
            [v("woo.median_days", 2023, 40.0, "dagen"), v("woo.median_days", 2024, 40.0, "dagen")],
            "no change at all",
        ),
        (
            [v("woo.median_days", 2023, 42.0, "dagen"), v("woo.median_days", 2024, 40.0, "dagen")],
            "handling time fell 4,8 %: better, not worse, and below the 10 % of a largest change",
        ),
        (
            [v("woo.median_days", 2023, 40.0, "dagen"), v("woo.median_days", 2024, 41.0, "dagen")],
            "+2,5 % is below the 5 % threshold",
        ),
        (
            [v("woo.within_term_pct", 2024, 40.0)],
            "no figure for last year: nothing to compare",
        ),
        (
            [
                v("energy.gas_reduction_vs_2019_pct", 2029, 29.0, status="on_track", target=30.0),
                v("energy.gas_reduction_vs_2019_pct", 2030, 35.0, status="met", target=30.0),
            ],
            "met in the target year itself is not early (and +6 points is a percentage,"
            " which the largest-change rule leaves alone)",
        ),
        (
            [
                v("ict.formation_fte", 2023, 1000.0, "fte"),
                v("ict.formation_fte", 2024, 1090.0, "fte"),
            ],
            "+9,0 % is below the 10 % threshold for the largest changes",
        ),
        (
            [
                v("energy.degree_days", 2023, 2000.0, "graaddagen"),
                v("energy.degree_days", 2024, 3000.0, "graaddagen"),
            ],
            "the weather (degree days) is excluded from the change rules",
        ),
        (
            [
                v("personnel.headcount", 2023, 30.0, "personen", persons=30),
                v("personnel.headcount", 2024, None, "personen", persons=7, suppressed=True),
            ],
            "a suppressed figure (7 persons) is never quoted",
        ),
    ],
)
def test_nothing_notable_gives_no_development(values, reason):
    assert chosen(values, year=max(x.year for x in values)) == [], reason


def test_off_track_norm_without_year():
    # Roemer norm: external hiring at most 10 % every year; 12 % → off_track.
    values = [
        v("personnel.external_hiring_pct", 2023, 12.0, status="off_track", target=10.0),
        v("personnel.external_hiring_pct", 2024, 12.0, status="off_track", target=10.0),
    ]
    (h,) = chosen(values)
    assert h.rule == "target_off_track"
    assert h.sentence == (
        f"Het aandeel externe inhuur in de personele uitgaven was in 2024 12,0{NB}%. "
        f"Het doel is ten hoogste 10,0{NB}%; dat is niet op koers."
    )


def test_largest_changes_rank_by_size_and_stop_at_max_items():
    values = [
        # fte 30 → 43: +43,3 %; Woo requests 100 → 250: +150 %; vacancies 100 → 120: +20 %.
        v("personnel.fte", 2023, 30.0, "fte", persons=30),
        v("personnel.fte", 2024, 43.0, "fte", persons=43),
        v("woo.received", 2023, 100.0, "verzoeken"),
        v("woo.received", 2024, 250.0, "verzoeken"),
        v("personnel.vacancies", 2023, 100.0, "vacatures"),
        v("personnel.vacancies", 2024, 120.0, "vacatures"),
    ]
    got = chosen(values)
    assert [(h.rule, h.indicator) for h in got] == [
        ("largest_change", "woo.received"),
        ("largest_change", "personnel.fte"),
    ]  # at most 2; +20 % is third
    assert got[1].sentence == (
        f"De omvang van het Rijk was in 2024 43{NB}fte, tegen 30{NB}fte in 2023 (+43,3{NB}%)."
    )


def test_an_indicator_is_named_once_by_the_first_rule():
    # Median Woo days 14 → 56: +300 %, both worse (lower is better) and a large change.
    values = [v("woo.median_days", 2023, 14.0, "dagen"), v("woo.median_days", 2024, 56.0, "dagen")]
    assert [(h.rule, h.indicator) for h in chosen(values)] == [("worsened", "woo.median_days")]


def test_rules_run_in_order():
    values = GAS_MET + WOO_WORSE
    values += [
        v("personnel.external_hiring_pct", 2023, 11.0, status="off_track", target=10.0),
        v("personnel.external_hiring_pct", 2024, 12.0, status="off_track", target=10.0),
    ]
    for i, ind in enumerate(["woo.received", "personnel.vacancies", "ict.vacancies"]):
        values += [v(ind, 2023, 100.0, "x"), v(ind, 2024, 200.0 + 100 * i, "x")]
    got = [(h.rule, h.indicator) for h in chosen(values)]
    # met early first, then off track, then worsened (ict.vacancies: lower is better, +300 %
    # ranks above Woo timeliness' 10× its threshold: 300 / 5 = 60×), then the largest change.
    assert got == [
        ("target_met_early", "energy.gas_reduction_vs_2019_pct"),
        ("target_off_track", "personnel.external_hiring_pct"),
        ("worsened", "ict.vacancies"),
        ("worsened", "woo.within_term_pct"),
        ("largest_change", "personnel.vacancies"),
        ("largest_change", "woo.received"),
    ]


def test_shipped_rules_cover_every_kind_with_both_languages():
    rules = letter_rules()
    assert {r.kind for r in rules.rules} == {
        "standing",
        "target_met_early",
        "target_off_track",
        "worsened",
        "largest_change",
    }
    for r in rules.rules:
        assert "{figure}" in r.sentence_nl and "{figure}" in r.sentence_en


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rule": [{"id": "x", "kind": "biggest", "order": 1}]}, "kind must be one of"),
        (
            {"rule": [{"id": "x", "kind": "worsened", "order": 1, "max_items": 1, "colour": 1}]},
            "unknown key",
        ),
        (
            {
                "rule": [
                    {
                        "id": "x",
                        "kind": "worsened",
                        "order": 1,
                        "max_items": 1,
                        "sentence_nl": "",
                        "sentence_en": "",
                        "exclude": ["energy.gas_liters"],
                    }
                ]
            },
            "unknown indicator",
        ),
        ({"better": {"woo.within_term_pct": "up"}}, "'higher' or 'lower'"),
    ],
)
def test_bad_rules_are_a_clear_error(data, message):
    with pytest.raises(ValueError, match=message):
        parse_rules(data)


# --- issue 16: a development needs a stable series ---------------------------------------

# Vacant office space in the demo, 2019–2024: 46.070 → 6.950 → 30.210 → 7.550 → 46.290 →
# 8.670 m². 2024 is −81,3 %, eight times the 10 % of a largest change (and better: less
# vacancy), but each large change reverses the one before: four reversals in five changes.
VACANT = [46070.0, 6950.0, 30210.0, 7550.0, 46290.0, 8670.0]


def series(indicator: str, values: list[float], unit: str = "%", first: int = 2019):
    return [v(indicator, first + i, x, unit) for i, x in enumerate(values)]


def test_a_jumping_series_is_never_chosen():
    assert chosen(series("housing.vacant_m2", VACANT, "m²")) == []


def test_the_same_change_at_the_end_of_a_steady_series_is_chosen():
    # 60.000 → 55.000 → 50.000 → 47.000 → 46.290 → 8.670: all down, no reversal.
    steady = [60000.0, 55000.0, 50000.0, 47000.0, 46290.0, 8670.0]
    (h,) = chosen(series("housing.vacant_m2", steady, "m²"))
    assert (h.rule, h.indicator, h.figure) == (
        "largest_change",
        "housing.vacant_m2",
        f"8.670{NB}m²",
    )


@pytest.mark.parametrize(
    ("indicator", "values", "unit", "expected", "reason"),
    [
        ("housing.vacant_m2", VACANT, "m²", True, "four reversals of large changes"),
        ("woo.received", [100.0, 200.0, 100.0, 200.0], "x", True, "+100 %, −50 %, +100 %: two"),
        ("woo.received", [100.0, 200.0, 100.0], "x", False, "one reversal is allowed"),
        (
            "woo.received",
            [100.0, 109.0, 100.0, 109.0, 100.0, 109.0],
            "x",
            False,
            "±9 % zigzag: below the 10 % a large change needs",
        ),
        ("personnel.women_pct", [33.0, 35.0, 33.0, 35.0, 33.0], "%", True, "±2 points, 3 times"),
        (
            "energy.gas_reduction_vs_2019_pct",
            [0.0, 4.3, 7.2, 13.5, 38.0, 40.3],
            "%",
            False,
            "the demo's gas reduction: one big step, always the same way",
        ),
        (
            "woo.received",
            [100.0, 200.0, 100.0, 200.0, 100.0, 200.0, 210.0, 220.0, 230.0, 240.0, 250.0],
            "x",
            False,
            "the jumps are more than five changes ago: outside the window",
        ),
    ],
)
def test_jumping(indicator, values, unit, expected, reason):
    from jbr.publish.highlights import Stability, jumping

    values_by_year = {}
    for x in series(indicator, values, unit, first=2014):
        values_by_year.setdefault(x.year, []).append(x)
    last = 2014 + len(values) - 1
    figs = published_figures(values_by_year, last, "nl")
    assert jumping(figs, indicator, Stability()) is expected, reason


def test_a_target_met_early_on_a_jumping_series_is_not_a_development():
    # 0 → 35 → 5 → 35 → 5 → 35 % less gas than 2019: "met" in 2024, but by zigzag.
    values = [0.0, 35.0, 5.0, 35.0, 5.0, 35.0]
    zigzag = [
        v("energy.gas_reduction_vs_2019_pct", 2019 + i, x, status="met", target=30.0)
        for i, x in enumerate(values)
    ]
    assert chosen(zigzag) == []


def test_a_standing_subject_is_named_without_a_large_change():
    # fte +6,2 % is under the 10 % of a largest change; the size of the Rijk is in every letter.
    values = [
        v("personnel.fte", 2023, 147884.0, "fte", persons=150000),
        v("personnel.fte", 2024, 157019.0, "fte", persons=160000),
    ]
    (h,) = chosen(values)
    assert (h.rule, h.domain) == ("standing", "personnel")
    assert h.sentence == (
        f"De omvang van het Rijk was in 2024 157.019{NB}fte, tegen 147.884{NB}fte in 2023 "
        f"(+6,2{NB}%)."
    )
    assert h.draft == (
        "De omvang van het Rijk was in 2024 {{ personnel.fte }}, tegen "
        "{{ personnel.fte | vorig }} in 2023 ({{ personnel.fte | verandering }})."
    )


def test_the_total_cap_holds():
    # Two figures worsened (Woo timeliness −20 points, median days +300 %); the letter takes one.
    rules = parse_rules(
        {
            "max_items": 1,
            "better": {"woo.within_term_pct": "higher", "woo.median_days": "lower"},
            "rule": [
                {
                    "id": "w",
                    "kind": "worsened",
                    "order": 1,
                    "max_items": 5,
                    "min_points": 2.0,
                    "min_relative_pct": 5.0,
                    "sentence_nl": "{figure}",
                    "sentence_en": "{figure}",
                }
            ],
        }
    )
    values = WOO_WORSE + [
        v("woo.median_days", 2023, 14.0, "dagen"),
        v("woo.median_days", 2024, 56.0, "dagen"),
    ]
    by_year: dict[int, list[IndicatorValue]] = {}
    for x in values:
        by_year.setdefault(x.year, []).append(x)
    assert len(choose(published_figures(by_year, 2024, "nl"), rules)) == 1
