"""Synthetic Woo requests and their suspensions (SPEC §3, §5.2).

The mix follows what the JBR reports: about 40 % decided within the legal or
agreed term, a long tail of late decisions, about 30 % extended, about 15 %
suspended for third-party views, a few withdrawn, some still open when the
file is extracted and some notices of default that make a penalty run.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from ._woo_calendar import holidays, next_working_day
from .information_common import map_to_successors, old_codes, table, weights_for

# Requests the whole Rijk receives a year at full scale (rising, as reported).
RECEIVED_PER_YEAR = {
    2017: 3000,
    2018: 3250,
    2019: 3500,
    2020: 4000,
    2021: 4500,
    2022: 5000,
    2023: 5500,
    2024: 6000,
}
# Share of the Rijk's requests per ministry (demo assumption).
REQUEST_SHARE = {
    "AZ": 0.03,
    "BZ": 0.05,
    "BZK": 0.10,
    "DEF": 0.06,
    "EZK": 0.10,
    "FIN": 0.08,
    "IenW": 0.10,
    "JenV": 0.16,
    "LNV": 0.07,
    "OCW": 0.06,
    "SZW": 0.05,
    "VWS": 0.14,
}
# Chance a ministry decides within the term; VWS drowned in pandemic requests.
ON_TIME = {
    "AZ": 0.56,
    "BZ": 0.47,
    "BZK": 0.41,
    "DEF": 0.46,
    "EZK": 0.38,
    "FIN": 0.43,
    "IenW": 0.41,
    "JenV": 0.34,
    "LNV": 0.39,
    "OCW": 0.52,
    "SZW": 0.47,
    "VWS": 0.29,
}
OUTCOMES = ("openbaar", "deels", "niet", "niet_ontvankelijk")
OUTCOME_SHARE = (0.24, 0.50, 0.17, 0.09)
WITHDRAWN_SHARE = 0.05
EXTENDED_SHARE = 0.30
VIEWS_SHARE = 0.15  # suspended for a third party's view (zienswijze)
COMPLETION_SHARE = 0.05  # suspended for the requester to complete the request
AGREED_SHARE = 0.08
DEFAULT_NOTICE_SHARE = 0.25  # of the late requests

REQUEST_SCHEMA = (
    ("verzoek_id", pa.string()),
    ("ministerie", pa.string()),
    ("ontvangen", pa.date32()),
    ("besluit", pa.date32()),
    ("verdaagd", pa.bool_()),
    ("afgesproken_termijn", pa.date32()),
    ("uitkomst", pa.string()),
    ("ingebrekestelling", pa.date32()),
    ("documenten", pa.int64()),
    ("paginas", pa.int64()),
)
SUSPENSION_SCHEMA = (
    ("verzoek_id", pa.string()),
    ("van", pa.date32()),
    ("tot", pa.date32()),
    ("reden", pa.string()),
)


Span = tuple[np.ndarray, np.ndarray, np.ndarray]  # rows, first day, last day


@dataclass(frozen=True)
class WooYear:
    """One year's requests and suspensions, Rijk-wide; split per ministry on writing."""

    requests: pa.Table
    suspensions: pa.Table


def extraction_day(year: int) -> np.datetime64:
    """The day the ministries pull the year's register: 31 March of the next year."""
    return np.datetime64(f"{year + 1}-03-31")


def _days(n: np.ndarray) -> np.ndarray:
    return np.asarray(n, dtype="int64").astype("timedelta64[D]")


def _received_days(rng: np.random.Generator, year: int, n: int) -> np.ndarray:
    """Receipt dates over the year; most weekend mail counts as received on Monday."""
    start = np.datetime64(f"{year}-01-01")
    length = (np.datetime64(f"{year + 1}-01-01") - start).astype(int)
    days = start + _days(rng.integers(0, length, n))
    weekend = ~np.is_busday(days) & (rng.random(n) < 0.8)
    rolled = np.busday_offset(days[weekend], 0, roll="forward")
    # Weekend mail at the very end of December stays in this year (received on its date).
    end = np.datetime64(f"{year}-12-31")
    days[weekend] = np.where(rolled > end, days[weekend], rolled)
    return days


def _suspension_days(received: np.ndarray, spans: Sequence[Span]) -> np.ndarray:
    """Days suspended per request; overlapping suspensions count once (SPEC §5.2)."""
    horizon = 160
    covered = np.zeros((received.size, horizon), dtype=bool)
    offsets = np.arange(horizon)
    for rows, van, tot in spans:
        first = (van - received[rows]).astype(int)[:, None]
        last = (tot - received[rows]).astype(int)[:, None]
        covered[rows] |= (offsets >= first) & (offsets <= last)
    return covered.sum(axis=1)


def generate_year(rng: np.random.Generator, year: int, scale: str) -> WooYear:
    """All requests received in ``year`` with their suspensions."""
    codes = np.array(old_codes(year))
    factor = 1.0 if scale == "full" else 0.1
    share = weights_for(codes, REQUEST_SHARE)
    if 2020 <= year <= 2022:  # pandemic requests at VWS
        share = share * np.where(codes == "VWS", 1.8, 1.0)
        share /= share.sum()
    counts = rng.poisson(RECEIVED_PER_YEAR[year] * factor * share)
    ministry = np.repeat(codes, counts)
    n = ministry.size
    received = _received_days(rng, year, n)
    atw = holidays(range(year, year + 4))

    # Suspensions: a view of a third party (sometimes two overlapping), a completion.
    extended = rng.random(n) < EXTENDED_SHARE
    views = np.flatnonzero(rng.random(n) < VIEWS_SHARE)
    view_van = received[views] + _days(rng.integers(5, 22, views.size))
    view_len = rng.integers(14, 43, views.size)
    view_tot = view_van + _days(view_len - 1)
    pick = rng.random(views.size) < 0.08
    second = views[pick]
    second_van = view_van[pick] + _days(rng.integers(3, view_len[pick]))
    second_tot = second_van + _days(rng.integers(7, 29, second.size))
    completion = np.flatnonzero(rng.random(n) < COMPLETION_SHARE)
    completion_van = received[completion] + _days(rng.integers(1, 5, completion.size))
    completion_tot = completion_van + _days(rng.integers(6, 21, completion.size))
    spans: list[Span] = [
        (views, view_van, view_tot),
        (second, second_van, second_tot),
        (completion, completion_van, completion_tot),
    ]
    suspended = _suspension_days(received, spans)
    last_suspension = received.copy()
    for rows, _, tot in spans:
        np.maximum.at(last_suspension, rows, tot)

    # Woo art. 4.4: 4 or 6 weeks from the day after receipt, plus suspensions, Atw.
    term = np.where(extended, 42, 28) + suspended
    deadline = next_working_day(received + _days(term), atw)
    agreed = np.full(n, np.datetime64("NaT"), dtype="datetime64[D]")
    has_agreement = rng.random(n) < AGREED_SHARE
    agreed[has_agreement] = next_working_day(
        deadline[has_agreement] + _days(rng.integers(14, 120, int(has_agreement.sum()))), atw
    )
    deadline = np.where(has_agreement, agreed, deadline)

    # Decisions: on time (clustered near the deadline) or late with a long tail.
    on_time = rng.random(n) < np.array([ON_TIME.get(m, 0.38) for m in ministry])
    lower = np.maximum(received + _days(np.full(n, 5)), last_suspension + _days(np.ones(n)))
    lower = np.minimum(lower, deadline)
    span = (deadline - lower).astype(int)
    early = lower + _days(np.floor(span * rng.beta(2.0, 1.2, n)))
    late_by = np.clip(np.ceil(rng.lognormal(np.log(40), 1.0, n)), 1, 600)
    decision = np.where(on_time, early, deadline + _days(late_by))
    decision = next_working_day(decision, atw)

    withdrawn = rng.random(n) < WITHDRAWN_SHARE
    decision[withdrawn] = next_working_day(
        received[withdrawn] + _days(rng.integers(3, 60, int(withdrawn.sum()))), atw
    )
    forgotten = ~on_time & ~withdrawn & (rng.random(n) < 0.015)
    hypothetical = decision.copy()
    decision[forgotten] = np.datetime64("NaT")
    cutoff = extraction_day(year)
    decision[hypothetical > cutoff] = np.datetime64("NaT")
    is_open = np.isnat(decision)

    # Notices of default, received after the deadline while still undecided.
    notice = deadline + _days(rng.integers(1, 60, n))
    has_notice = (
        ~withdrawn
        & (hypothetical > deadline + _days(np.full(n, 7)))
        & (rng.random(n) < DEFAULT_NOTICE_SHARE)
        & (notice < hypothetical)
        & (notice <= cutoff)
    )
    has_notice |= forgotten & (notice <= cutoff)
    notice = np.where(has_notice, notice, np.datetime64("NaT"))

    outcome = rng.choice(np.array(OUTCOMES), size=n, p=OUTCOME_SHARE).astype(object)
    outcome[withdrawn] = "ingetrokken"
    outcome[is_open] = None
    documents = np.clip(np.round(rng.lognormal(np.log(12), 1.6, n)), 1, 25_000).astype(int)
    pages = np.maximum(documents, np.round(documents * rng.lognormal(np.log(3), 0.8, n)))
    no_documents = outcome == "niet_ontvankelijk"
    documents[no_documents] = 0
    pages[no_documents] = 0
    blank = is_open | withdrawn

    # 2024: requests received after the reorganisation go to the successor ministry.
    ministry = map_to_successors(ministry, received, rng)
    order = np.lexsort((received, ministry))
    ids = _request_ids(ministry[order], year)
    requests = table(
        {
            "verzoek_id": ids,
            "ministerie": ministry[order],
            "ontvangen": received[order],
            "besluit": _nullable(decision[order]),
            "verdaagd": extended[order],
            "afgesproken_termijn": _nullable(agreed[order]),
            "uitkomst": outcome[order],
            "ingebrekestelling": _nullable(notice[order]),
            "documenten": _masked(documents[order], blank[order]),
            "paginas": _masked(pages[order].astype(int), blank[order]),
        },
        REQUEST_SCHEMA,
    )
    id_of = np.empty(n, dtype=object)
    id_of[order] = ids
    reasons = ["zienswijze", "zienswijze", "aanvulling"]
    rows = np.concatenate([s[0] for s in spans])
    suspension_order = np.lexsort((np.concatenate([s[1] for s in spans]), id_of[rows]))
    suspensions = table(
        {
            "verzoek_id": id_of[rows][suspension_order],
            "van": np.concatenate([s[1] for s in spans])[suspension_order],
            "tot": np.concatenate([s[2] for s in spans])[suspension_order],
            "reden": np.repeat(reasons, [s[0].size for s in spans])[suspension_order],
        },
        SUSPENSION_SCHEMA,
    )
    return WooYear(requests, suspensions)


def _request_ids(sorted_ministries: np.ndarray, year: int) -> np.ndarray:
    """``WOO-<ministry>-<year>-<nnnn>``, numbered per ministry in order of receipt."""
    _, first, counts = np.unique(sorted_ministries, return_index=True, return_counts=True)
    number = np.arange(sorted_ministries.size) - np.repeat(first, counts) + 1
    return np.array(
        [f"WOO-{m}-{year}-{k:04d}" for m, k in zip(sorted_ministries, number, strict=True)],
        dtype=object,
    )


def _nullable(days: np.ndarray) -> pa.Array:
    """Dates with NaT as empty cells."""
    return pa.array(days.astype("datetime64[D]"), type=pa.date32(), mask=np.isnat(days))


def _masked(values: np.ndarray, blank: np.ndarray) -> pa.Array:
    return pa.array(values, type=pa.int64(), mask=blank)
