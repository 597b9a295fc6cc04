"""Procurement spend per ministry and category (SPEC §3 ``inkoop``, §5.4).

The sustainable (MVI) share rises towards the published Rijk figures (57 % in
2022, 65.6 % in 2023, denkdoeduurzaam.nl); the SME share stays around 25–35 %.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .information_common import table, weights_for, year_codes

CATEGORIES = {  # share of spend, base sustainable share, base SME share
    "ICT": (0.22, 0.45, 0.22),
    "inhuur": (0.16, 0.30, 0.35),
    "facilitair": (0.12, 0.70, 0.40),
    "bouw en onderhoud": (0.20, 0.75, 0.38),
    "advies": (0.10, 0.35, 0.33),
    "reizen": (0.03, 0.50, 0.20),
    "energie": (0.05, 0.90, 0.10),
    "overig": (0.12, 0.40, 0.30),
}
SPEND_EUR = {  # Rijk procurement spend (demo estimate)
    2017: 13.5e9,
    2018: 14.2e9,
    2019: 15.0e9,
    2020: 16.4e9,
    2021: 17.3e9,
    2022: 18.6e9,
    2023: 20.1e9,
    2024: 21.0e9,
}
SUSTAINABLE_SHARE = {
    2017: 0.50,
    2018: 0.51,
    2019: 0.53,
    2020: 0.54,
    2021: 0.555,
    2022: 0.57,
    2023: 0.656,
    2024: 0.66,
}
SPEND_SHARE = {
    "AZ": 0.01,
    "BZ": 0.06,
    "BZK": 0.10,
    "DEF": 0.30,
    "EZK": 0.06,
    "FIN": 0.12,
    "IenW": 0.15,
    "JenV": 0.12,
    "LNV": 0.03,
    "OCW": 0.02,
    "SZW": 0.02,
    "VWS": 0.03,
}
SCHEMA = (
    ("ministerie", pa.string()),
    ("jaar", pa.int64()),
    ("categorie", pa.string()),
    ("uitgaven_eur", pa.float64()),
    ("mvi_eur", pa.float64()),
    ("mkb_eur", pa.float64()),
)


def _logit(p: np.ndarray) -> np.ndarray:
    return np.log(p / (1 - p))


def _share(logits: np.ndarray, shift: float) -> np.ndarray:
    return 1 / (1 + np.exp(-(logits + shift)))


def procurement(rng: np.random.Generator, year: int) -> pa.Table:
    """Spend per ministry × category with the sustainable and SME parts."""
    codes = year_codes(year)
    names = list(CATEGORIES)
    base = np.array(list(CATEGORIES.values()))
    ministry_spend = (
        SPEND_EUR[year] * weights_for(codes, SPEND_SHARE) * rng.lognormal(0, 0.05, len(codes))
    )
    mix = np.array([rng.dirichlet(base[:, 0] * 60) for _ in codes])
    spend = np.round(ministry_spend[:, None] * mix, -3)
    sustainable_logit = _logit(base[None, :, 1]) + rng.normal(0, 0.25, spend.shape)
    # Shift every share equally (on the logit scale) until the Rijk share is the target.
    low, high = -5.0, 5.0
    for _ in range(60):
        mid = (low + high) / 2
        share = (spend * _share(sustainable_logit, mid)).sum() / spend.sum()
        low, high = (mid, high) if share < SUSTAINABLE_SHARE[year] else (low, mid)
    sustainable = np.round(spend * _share(sustainable_logit, (low + high) / 2), -3)
    sme = np.round(
        spend * np.clip(base[None, :, 2] + rng.normal(0, 0.04, spend.shape), 0.02, 0.9), -3
    )
    return table(
        {
            "ministerie": np.repeat(codes, len(names)),
            "jaar": np.full(spend.size, year),
            "categorie": np.tile(names, len(codes)),
            "uitgaven_eur": spend.ravel(),
            "mvi_eur": np.minimum(sustainable, spend).ravel(),
            "mkb_eur": np.minimum(sme, spend).ravel(),
        },
        SCHEMA,
    )
