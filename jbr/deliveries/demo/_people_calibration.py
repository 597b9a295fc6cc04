"""Calibration of the synthetic personnel deliveries: the published figures they aim at.

The demo invents record-level rows, but their sums should land near what the
government published (shared reference ``published_figures.csv``): Rijk fte,
inflow, external hiring, the banenafspraak, women at the top. Figures marked
*assumed* are not published; they are plausible values between published ones.
Everything here is full scale; ``small`` multiplies counts by ``SCALE_FACTOR``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date

YEARS = tuple(range(2017, 2025))
SCALE_FACTOR = {"small": 1 / 75, "full": 1.0}

# Rijk fte at 31 December (sector Rijk, kennisvandeoverheid.nl; 2023–2024 JBR).
# The simulation starts from December 2015 and runs 2016 as an unwritten
# warm-up, so January 2017 has a previous month and sick spells in progress.
RIJK_FTE_DECEMBER = {
    2015: 109_200,
    2016: 109_600,
    2017: 110_600,
    2018: 113_500,
    2019: 119_200,
    2020: 125_400,
    2021: 131_100,
    2022: 138_400,
    2023: 147_900,
    2024: 157_000,
}

# Persons flowing into the Rijk during the year, % of headcount (2019–2022
# published, the other years assumed). Outflow follows as inflow − growth.
INFLOW_PCT = {
    2016: 9.0,
    2017: 9.0,
    2018: 9.5,
    2019: 9.8,
    2020: 10.0,
    2021: 9.2,
    2022: 10.9,
    2023: 11.0,
    2024: 10.5,
}
RETURNER_SHARE = 0.10  # share of the inflow that had worked for the Rijk before
RETURNER_MAX_AGE = 60
MOBILITY_PCT = 2.0  # persons a year moving to another ministry

# Ages: staff in post at the start (mean, sd), and hires: mostly starters, some
# experienced (share, mean, sd). Leaving is more likely young or near
# retirement: a relative hazard below each age bound; everyone goes at 68.
STOCK_AGE = (44.5, 11.0)
HIRE_AGE = ((0.75, 31.0, 6.5), (0.25, 46.0, 8.0))
AGE_RANGE = (20, 62)  # of hires
LEAVING_HAZARD = (
    (25, 2.2),
    (30, 1.8),
    (35, 1.3),
    (55, 0.8),
    (60, 0.9),
    (63, 1.6),
    (65, 3.5),
    (67, 8.0),
    (68, 25.0),
)
RETIREMENT_AGE = 68

# Share of Rijk fte per ministry (civil staff), with a gentle trend a year
# (assumed) so ministries do not all grow alike. A ministry missing here gets
# DEFAULT_MINISTRY_SHARE.
MINISTRY_SHARE = {
    "JenV": 0.25,
    "FIN": 0.20,
    "DEF": 0.12,
    "IenW": 0.10,
    "BZK": 0.08,
    "LNV": 0.07,
    "EZK": 0.06,
    "SZW": 0.03,
    "VWS": 0.03,
    "OCW": 0.03,
    "BZ": 0.027,
    "AZ": 0.003,
}
DEFAULT_MINISTRY_SHARE = 0.01
MINISTRY_TREND = {"DEF": 0.025, "JenV": 0.01, "BZK": 0.01, "FIN": -0.015, "OCW": -0.01}

# How a predecessor's staff divides over its successors at the 2024
# reorganisation (issue text); an edge missing here shares the rest evenly.
SUCCESSOR_SHARE = {
    ("EZK", "EZ"): 0.65,
    ("EZK", "KGG"): 0.35,
    ("JenV", "JenV"): 0.85,
    ("JenV", "AenM"): 0.15,
}

# Weekly contract hours (36 = 1 fte) and how common they are: mean fte ≈ 0.955 a hire,
# ≈ 0.95 over all staff, so 147,900 fte at the end of 2023 are ≈ 156,000 persons: the
# minister's "ruim 155.000 ambtenaren" (cover letter of 15 May 2024, JBR 2023).
HOURS = (18, 20, 24, 28, 32, 36, 38, 40, 43)
HOURS_WEIGHT = (0.008, 0.015, 0.04, 0.06, 0.13, 0.66, 0.06, 0.022, 0.005)
# Employees counted for the banenafspraak mostly work part-time.
DISABILITY_HOURS_WEIGHT = (0.10, 0.15, 0.25, 0.20, 0.15, 0.15, 0.0, 0.0, 0.0)
FULL_TIME_HOURS = 36
BAAN_HOURS = 25.5  # one banenafspraak job (SPEC §5.1)

# Salary scale of a new hire (scales ≥ 15 are reached by promotion).
HIRE_SCALE = {4: 1, 5: 2, 6: 4, 7: 6, 8: 12, 9: 14, 10: 15, 11: 17, 12: 13, 13: 9, 14: 7}
TOP_SCALE = 15
TOP_SCALE_SPLIT = (0.50, 0.25, 0.15, 0.10)  # scales 15..18 among the top at the start
PROMOTION = {"below_top": 0.006, "within_top": 0.003}  # chance a month of one scale up
TOP_SHARE = {2015: 0.038, 2024: 0.044}  # persons in scale ≥ 15, linear between

# Women among persons in scale ≥ 15 (2024 published, 2017 from the issue).
WOMEN_TOP = {2015: 0.315, 2017: 0.33, 2024: 0.409}
WOMEN_HIRED = 0.52
GENDER_OTHER = {"X": 0.001, "O": 0.002}

# Banenafspraak jobs at 31 December: 2019 and 2022 published, the rest assumed.
DISABILITY_JOBS = {
    2015: 1_150,
    2016: 1_350,
    2017: 1_600,
    2018: 1_820,
    2019: 2_068,
    2020: 2_550,
    2021: 3_150,
    2022: 3_749,
    2023: 4_250,
    2024: 4_700,
}
# banenafspraak_doel, Rijk sum: 2019 and 2022 published; linear through them.
DISABILITY_TARGET = {2019: 3_531, 2022: 5_144}

# ICT staff (KWIV): share of staff and of hires, and the job families' weights.
ICT_SHARE = 0.08
ICT_HIRE_SHARE = 0.09
ICT_FAMILY_WEIGHT = {
    "beheer": 0.30,
    "ontwikkeling": 0.20,
    "informatiemanagement": 0.15,
    "informatiebeveiliging": 0.10,
    "data": 0.08,
    "architectuur": 0.07,
    "projectmanagement": 0.05,
    "advies": 0.05,
}
ICT_MOVE = {"out": 0.0025, "switch": 0.001}  # a month; moving in keeps the share stable
FORMATION_FACTOR = (1.05, 1.15)  # approved ÷ occupied ICT fte (occupancy ≈ 90 %)

# Place of work (assumed). PROVINCE_WEIGHT spreads staff within the Randstad and,
# separately, outside it; OUTSIDE_RANDSTAD is each ministry's share of its staff at
# home that works outside the Randstad (Noord-Holland, Zuid-Holland, Utrecht,
# Flevoland): AZ sits in The Hague, ministries with large executive agencies spread
# over the country (the Belastingdienst, DUO in Groningen, DJI's prisons, the IND,
# RVO in Assen and Roermond, Rijkswaterstaat, defence bases). REGION_WEIGHT and
# RANDSTAD_WEIGHT tilt a ministry's spread towards where its agencies are. Rijk:
# about 42 % outside the Randstad.
OUTSIDE_RANDSTAD = {
    "AZ": 0.005,
    "BZ": 0.02,
    "BZK": 0.22,
    "DEF": 0.52,
    "EZK": 0.42,
    "FIN": 0.52,
    "IenW": 0.45,
    "JenV": 0.45,
    "LNV": 0.45,
    "OCW": 0.50,
    "SZW": 0.12,
    "VWS": 0.08,
    "EZ": 0.42,
    "KGG": 0.42,
    "LVVN": 0.45,
    "AenM": 0.50,
}
RANDSTAD = ("PV24", "PV26", "PV27", "PV28")
REGION_WEIGHT = {  # multipliers of PROVINCE_WEIGHT outside the Randstad
    "BZK": {"PV25": 2.5},
    "DEF": {"PV25": 2.0, "PV30": 2.0, "PV31": 1.5, "PV29": 1.5},
    "EZK": {"PV22": 3.0, "PV20": 2.0, "PV31": 1.5},
    "EZ": {"PV22": 3.0, "PV20": 2.0, "PV31": 1.5},
    "KGG": {"PV22": 3.0, "PV20": 2.0, "PV31": 1.5},
    "FIN": {"PV25": 2.5, "PV20": 1.5, "PV31": 2.0, "PV23": 1.5},
    "JenV": {"PV21": 2.5, "PV23": 1.5, "PV30": 1.5, "PV22": 1.5},
    "AenM": {"PV23": 2.5, "PV20": 2.5},
    "LNV": {"PV22": 2.5, "PV25": 2.0},
    "LVVN": {"PV22": 2.5, "PV25": 2.0},
    "OCW": {"PV20": 6.0},
}
RANDSTAD_WEIGHT = {  # a ministry's own spread within the Randstad (else PROVINCE_WEIGHT)
    "AZ": {"PV28": 1.0},
    "BZ": {"PV28": 0.97, "PV27": 0.03},
    "SZW": {"PV28": 0.75, "PV26": 0.25},
    "VWS": {"PV28": 0.5, "PV26": 0.5},
}
PROVINCE_WEIGHT = {
    "PV20": 0.06,
    "PV21": 0.02,
    "PV22": 0.02,
    "PV23": 0.035,
    "PV24": 0.04,
    "PV25": 0.075,
    "PV26": 0.14,
    "PV27": 0.12,
    "PV28": 0.35,
    "PV29": 0.015,
    "PV30": 0.06,
    "PV31": 0.045,
}
POSTED_SHARE = {
    "BZ": {"BUITENLAND": 0.30, "BES": 0.005},
    "DEF": {"BUITENLAND": 0.02, "BES": 0.01},
    "BZK": {"BES": 0.01},
    "JenV": {"BES": 0.003},
}
# A few municipalities a province (demo flavour, the first is the main one).
MUNICIPALITIES = {
    "PV20": ("Groningen", "Veendam"),
    "PV21": ("Leeuwarden", "Heerenveen"),
    "PV22": ("Assen", "Emmen"),
    "PV23": ("Zwolle", "Enschede", "Deventer"),
    "PV24": ("Lelystad", "Almere"),
    "PV25": ("Arnhem", "Apeldoorn", "Nijmegen"),
    "PV26": ("Utrecht", "Amersfoort", "Zeist"),
    "PV27": ("Amsterdam", "Haarlem", "Den Helder"),
    "PV28": ("Den Haag", "Rotterdam", "Leiden", "Delft"),
    "PV29": ("Middelburg", "Vlissingen"),
    "PV30": ("'s-Hertogenbosch", "Eindhoven", "Tilburg"),
    "PV31": ("Maastricht", "Heerlen"),
    "BES": ("Kralendijk",),
}
PROVINCE_SPELLING = (0.85, 0.12, 0.03)  # code, name, alias or capitals
UNITS = ("Bestuursdepartement", "Uitvoering", "Agentschap", "Inspectie", "Shared service")
UNIT_WEIGHT = (0.30, 0.40, 0.15, 0.07, 0.08)

# Sickness absence: a spell starts with this chance a month (seasonal factor
# below), and lasts days drawn from a short / medium / long mixture; aimed at
# ≈ 5.5 % of fte-weighted calendar days on average, varying by year (assumed): lower
# with working from home in 2020–2021 after the first Covid wave of March–April 2020,
# the Omicron wave of early 2022, then the rise of 2022–2024 (about 5.2 % in 2017,
# 5.0 % in 2021, 6.0 % in 2024). Ministries differ: more in prisons and at defence,
# less at the small policy ministries.
SICK_START = 0.085
SICK_YEAR = {
    2016: 0.93,
    2017: 0.93,
    2018: 0.97,
    2019: 0.99,
    2020: 0.87,
    2021: 0.87,
    2022: 0.98,
    2023: 1.05,
    2024: 1.09,
}
SICK_MONTH = {(2020, 3): 1.4, (2020, 4): 1.1, (2022, 1): 1.5, (2022, 2): 1.3, (2022, 3): 1.15}
SICK_MINISTRY = {
    "JenV": 1.2,
    "AenM": 1.15,
    "DEF": 1.1,
    "FIN": 1.05,
    "IenW": 1.0,
    "LNV": 0.95,
    "LVVN": 0.95,
    "BZK": 0.95,
    "EZK": 0.9,
    "EZ": 0.9,
    "KGG": 0.9,
    "OCW": 0.9,
    "SZW": 0.9,
    "VWS": 0.85,
    "BZ": 0.8,
    "AZ": 0.7,
}
SICK_SEASON = (1.25, 1.2, 1.1, 1.0, 0.9, 0.85, 0.8, 0.8, 0.95, 1.05, 1.1, 1.2)
SICK_SPELL = {"short": (0.70, 1, 7), "medium": (0.22, 8, 42), "long": (0.08, 43, 540)}
SICK_LONG_MEAN_EXTRA = 110  # days beyond 43 of a long spell, exponential
SICK_AGE = (0.6, 0.01, 0.8, 1.3)  # start chance × clip(a + b × age, lo, hi)

# Money. Personnel spending per fte, rising with the collective agreements and
# set so that 2022 lands on the published 2.68 bn EUR of external hiring at
# 14.2 % (JBR 2022; that is ≈ 116 k€ per fte, above the issue's 95–110 k€
# guess, which would give ≈ 2.4 bn). External hiring as % of (personnel +
# hiring) (JBR 2022–2024), and the spread of ministries around the Rijk figure
# in percentage points.
COST_PER_FTE = {
    2017: 104_000,
    2018: 105_500,
    2019: 108_000,
    2020: 110_500,
    2021: 112_500,
    2022: 116_000,
    2023: 120_500,
    2024: 125_000,
}
EXTERNAL_HIRING_PCT = {
    2017: 10.5,
    2018: 10.7,
    2019: 10.3,
    2020: 12.2,
    2021: 13.4,
    2022: 14.2,
    2023: 15.4,
    2024: 15.4,
}
EXTERNAL_HIRING_SPREAD_PP = 4.0

# Integral cost per fte by scale (tarieven): 2017 level, exponential in the
# scale (scale 8 ≈ 75 k€, 18 ≈ 210 k€), and the yearly rise.
TARIFF_SCALE_8_2017 = 75_000
TARIFF_STEP = 0.103  # ln(210/75) / 10
TARIFF_RISE = {
    2018: 0.032,
    2019: 0.035,
    2020: 0.038,
    2021: 0.031,
    2022: 0.040,
    2023: 0.058,
    2024: 0.055,
}

# Open vacancies at 31 December, share of headcount; hard to fill.
VACANCY_SHARE = (0.04, 0.06)
VACANCY_ICT_SHARE = 0.12
HARD_TO_FILL = {"ict": 0.55, "other": 0.30}


def interpolate(points: Mapping[int, float], year: float) -> float:
    """Linear through the given years, extended with the nearest segment's slope."""
    years = sorted(points)
    if len(years) == 1:
        return float(points[years[0]])
    lo, hi = years[0], years[1]
    for a, b in zip(years, years[1:], strict=False):
        lo, hi = a, b
        if year <= b:
            break
    return points[lo] + (points[hi] - points[lo]) * (year - lo) / (hi - lo)


def month_fraction(day: date) -> float:
    """``day``'s year as a fraction: 31 December of Y is Y, 31 January is Y−1 + 1/12."""
    return day.year - 1 + day.month / 12


def rijk_fte_target(day: date) -> float:
    """Rijk fte at a month-end: geometric between the December figures."""
    start, end = RIJK_FTE_DECEMBER[day.year - 1], RIJK_FTE_DECEMBER[day.year]
    return start * (end / start) ** (day.month / 12)


def outflow_pct(year: int) -> float:
    """Yearly outflow that, with the inflow above, makes the fte series."""
    growth = RIJK_FTE_DECEMBER[year] / RIJK_FTE_DECEMBER[year - 1] - 1
    return INFLOW_PCT[year] - 100 * growth


def tariff(year: int, scale: int) -> float:
    """Integral cost per fte of ``scale`` in ``year`` (full euros)."""
    cost = TARIFF_SCALE_8_2017 * math.exp(TARIFF_STEP * (scale - 8))
    for y in range(2018, year + 1):
        cost *= 1 + TARIFF_RISE[y]
    return round(cost)
