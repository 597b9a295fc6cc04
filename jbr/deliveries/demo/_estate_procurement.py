"""Procurement spend and tenders per ministry and category (SPEC §3 ``inkoop``, §5.4).

The JBR's MVI figure is a share of tenders: 57 % of 601 tenders in 2022 and 65.6 %
of 457 in 2023 (denkdoeduurzaam.nl); the demo's tenders land exactly on those
counts (343 of 601, 300 of 457). The other years' tenders, the MVI share of spend
and the SME share (around 25–35 %) are assumed.
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
# MVI share of spend (assumed: the JBR publishes the share of tenders below).
SUSTAINABLE_SPEND_SHARE = {
    2017: 0.38,
    2018: 0.40,
    2019: 0.42,
    2020: 0.44,
    2021: 0.46,
    2022: 0.49,
    2023: 0.53,
    2024: 0.55,
}
# Rijk tenders and those with MVI criteria: 2022 and 2023 published, the rest assumed.
TENDERS = {2017: 540, 2018: 575, 2019: 590, 2020: 520, 2021: 560, 2022: 601, 2023: 457, 2024: 480}
MVI_TENDERS = {
    2017: 238,
    2018: 270,
    2019: 295,
    2020: 271,
    2021: 302,
    2022: 343,
    2023: 300,
    2024: 322,
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
    ("aanbestedingen", pa.int64()),
    ("aanbestedingen_mvi", pa.int64()),
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
        low, high = (mid, high) if share < SUSTAINABLE_SPEND_SHARE[year] else (low, mid)
    sustainable = np.round(spend * _share(sustainable_logit, (low + high) / 2), -3)
    sme = np.round(
        spend * np.clip(base[None, :, 2] + rng.normal(0, 0.04, spend.shape), 0.02, 0.9), -3
    )
    tenders, mvi_tenders = _tenders(rng, spend, sustainable_logit, year)
    return table(
        {
            "ministerie": np.repeat(codes, len(names)),
            "jaar": np.full(spend.size, year),
            "categorie": np.tile(names, len(codes)),
            "uitgaven_eur": spend.ravel(),
            "mvi_eur": np.minimum(sustainable, spend).ravel(),
            "mkb_eur": np.minimum(sme, spend).ravel(),
            "aanbestedingen": tenders.ravel(),
            "aanbestedingen_mvi": mvi_tenders.ravel(),
        },
        SCHEMA,
    )


def _tenders(
    rng: np.random.Generator, spend: np.ndarray, logits: np.ndarray, year: int
) -> tuple[np.ndarray, np.ndarray]:
    """Tenders per ministry × category (more where more is spent) and those with MVI
    criteria (likelier where the category's spend is more sustainable), summing exactly
    to the year's Rijk counts."""
    weight = spend.ravel() ** 0.7
    tenders = rng.multinomial(TENDERS[year], weight / weight.sum()).reshape(spend.shape)
    p = _share(logits, 0.0).ravel()
    chosen = np.zeros(tenders.size, dtype=np.int64)
    # Tender by tender, without replacement: each cell's tenders in proportion to p.
    pool = np.repeat(np.arange(tenders.size), tenders.ravel())
    if pool.size:
        odds = p[pool] / p[pool].sum()
        picked = rng.choice(
            pool.size, size=min(MVI_TENDERS[year], pool.size), replace=False, p=odds
        )
        np.add.at(chosen, pool[picked], 1)
    return tenders, chosen.reshape(spend.shape)
