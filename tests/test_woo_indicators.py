"""``woo.*`` indicators (SPEC §5.2) on a small hand-made store, with hand-computed values."""

from __future__ import annotations

from datetime import date, timedelta

import duckdb
import ibis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jbr import indicators, load
from jbr.indicators.engine import Context
from jbr.indicators.information.woo import woo_requests
from jbr.woo import Request
from jbr.woo.vectorised import arrow_tables

from .conftest import findings, write_csv

REQUESTS = "verzoek_id;ministerie;ontvangen;besluit;verdaagd;afgesproken_termijn;uitkomst;ingebrekestelling"
SUSPENSIONS = "verzoek_id;van;tot;reden"


@pytest.fixture
def woo_store(tmp_path, db):
    rows = [
        # B1: Mon 2 Jan 2023 + 28 = Mon 30 Jan; decided that day: on time, 28 days.
        "B1;BZK;2023-01-02;2023-01-30;nee;;openbaar;",
        # B2: deadline Mon 30 Jan; decided 27 Jan: on time, 25 days. The notice came before
        # the deadline, so it does not count.
        "B2;BZK;2023-01-02;2023-01-27;nee;;deels;2023-01-20",
        # B3: Mon 6 Mar + 28 + 14 suspended days = Mon 17 Apr; decided then: on time, 42 days.
        "B3;BZK;2023-03-06;2023-04-17;nee;;deels;",
        # B4: Mon 27 Nov + 28 = Christmas → Wed 27 Dec 2023; open at the year end: overdue.
        # Notice Thu 28 Dec → penalty from 12 Jan 2024: nothing in 2023, € 1,442 in 2024.
        "B4;BZK;2023-11-27;;nee;;;2023-12-28",
        # B5: withdrawn: received, but no decision and no within-term figure.
        "B5;BZK;2023-05-10;2023-05-20;nee;;ingetrokken;",
        # B6: Thu 1 Dec 2022 + 28 = Thu 29 Dec 2022; decided Mon 16 Jan 2023: late, 46 days.
        # Notice Fri 30 Dec 2022 → penalty days 14 and 15 Jan 2023: 2 × € 23 = € 46 in 2023.
        "B6;BZK;2022-12-01;2023-01-16;nee;;niet;2022-12-30",
        # F1: Mon 4 Sep + 28 + 14 (union of 11..20 and 15..24 Sep) = Mon 16 Oct; decided
        # Tue 17 Oct: late, 43 days.
        "F1;FIN;2023-09-04;2023-10-17;nee;;openbaar;",
        # F2: agreed Wed 15 Mar 2023 (later than 30 Jan); decided 14 Mar: on time, 71 days.
        "F2;FIN;2023-01-02;2023-03-14;nee;2023-03-15;deels;",
        # F3: Thu 1 Jun + 28 = Thu 29 Jun; open; notice Thu 20 Jul → penalty from 4 Aug,
        # 42 days to 14 Sep 2023: € 1,442 in 2023.
        "F3;FIN;2023-06-01;;nee;;;2023-07-20",
        # F4: Wed 20 Dec 2023 + 28 = Wed 17 Jan 2024: open, not yet overdue on 31 Dec 2023.
        "F4;FIN;2023-12-20;;nee;;;",
    ]
    suspensions = [
        "B3;2023-03-13;2023-03-26;zienswijze",
        "F1;2023-09-11;2023-09-20;zienswijze",
        "F1;2023-09-15;2023-09-24;aanvulling",
    ]
    files = [
        write_csv(tmp_path / "woo_verzoeken_test.csv", REQUESTS, rows),
        write_csv(tmp_path / "woo_opschortingen_test.csv", SUSPENSIONS, suspensions),
    ]
    outcomes = load(files, db=db)
    assert [o.status for o in outcomes] == ["stored", "stored"], [o.problems for o in outcomes]
    return db


def _values(db, year):
    ids = [
        "woo.received",
        "woo.decided",
        "woo.within_term_pct",
        "woo.median_days",
        "woo.open_overdue",
        "woo.penalty_eur",
    ]
    return {(v.indicator, v.ministry): v for v in indicators(year, db=db, ids=ids)}


def test_2023_by_hand(woo_store):
    v = _values(woo_store, 2023)
    value = {k: x.value for k, x in v.items()}
    # Received in 2023: B1–B5 (B6 came in 2022), F1–F4.
    assert value["woo.received", "BZK"] == 5
    assert value["woo.received", "FIN"] == 4
    assert value["woo.received", "RIJK"] == 9
    # Decided in 2023, withdrawn left out: B1, B2, B3, B6; F1, F2.
    assert value["woo.decided", "BZK"] == 4
    assert value["woo.decided", "FIN"] == 2
    assert value["woo.decided", "RIJK"] == 6
    # On time: B1, B2, B3 of 4 = 75 %; F2 of 2 = 50 %; Rijk 4 of 6 (not the mean of 75 and 50).
    assert value["woo.within_term_pct", "BZK"] == pytest.approx(75)
    assert value["woo.within_term_pct", "FIN"] == pytest.approx(50)
    assert value["woo.within_term_pct", "RIJK"] == pytest.approx(400 / 6)
    # Days: BZK 25, 28, 42, 46 → (28 + 42) / 2; FIN 43, 71 → 57; Rijk 25 28 42 43 46 71 → 42.5.
    assert value["woo.median_days", "BZK"] == 35
    assert value["woo.median_days", "FIN"] == 57
    assert value["woo.median_days", "RIJK"] == 42.5
    # Open and overdue on 31 December: B4 (27 Dec) and F3 (29 Jun); F4 is due 17 Jan 2024.
    assert value["woo.open_overdue", "BZK"] == 1
    assert value["woo.open_overdue", "FIN"] == 1
    assert value["woo.open_overdue", "RIJK"] == 2
    # Penalties with days in 2023: B6 € 46, F3 € 1,442.
    assert value["woo.penalty_eur", "BZK"] == 46
    assert value["woo.penalty_eur", "FIN"] == 1442
    assert value["woo.penalty_eur", "RIJK"] == 1488
    # Requests are not persons: nothing is suppressed.
    assert not any(x.suppressed for x in v.values())
    # B6's deadline fell in 2022: the decree of 20 September 2019 covers that year, so there
    # is no operator warning about missing equated days, and never a footnote of the figure.
    assert not [f for f in findings(woo_store, 2023) if f.kind == "atw_decree_days"]
    assert not any("Koninklijk" in n for n in v["woo.within_term_pct", "RIJK"].notes)


def test_2024_the_year_after(woo_store):
    value = {k: x.value for k, x in _values(woo_store, 2024).items()}
    assert value["woo.received", "RIJK"] == 0
    assert value["woo.decided", "RIJK"] == 0
    assert value["woo.within_term_pct", "RIJK"] is None  # nothing decided
    assert value["woo.median_days", "RIJK"] is None
    # Still open on 31 Dec 2024: B4, F3 and F4 (due 17 Jan 2024), all past their deadline.
    assert value["woo.open_overdue", "BZK"] == 1
    assert value["woo.open_overdue", "FIN"] == 2
    # B4's 42 penalty days (12 Jan – 22 Feb 2024) fall in 2024; F3's were all in 2023.
    assert value["woo.penalty_eur", "BZK"] == 1442
    assert value["woo.penalty_eur", "FIN"] == 0
    assert value["woo.penalty_eur", "RIJK"] == 1442


def test_2022_the_year_before(woo_store):
    value = {k: x.value for k, x in _values(woo_store, 2022).items()}
    # Only B6 (BZK): received in 2022, open and past its deadline (29 Dec) on 31 Dec 2022.
    assert value["woo.received", "BZK"] == 1
    assert value["woo.open_overdue", "BZK"] == 1
    assert value["woo.penalty_eur", "BZK"] == 0  # its penalty days are in January 2023
    assert ("woo.received", "FIN") not in value


def test_three_years_in_one_batch(woo_store):
    """A build computes 2022–2024 in one query: a request counts in every year it can
    count in (B4: overdue at the end of 2023, its penalty days in 2024), as by hand above."""
    from jbr.indicators import compute, open_context

    ctx = open_context(woo_store)
    ctx.years = (2022, 2023, 2024)
    value = {y: {(v.indicator, v.ministry): v.value for v in compute(ctx, y)} for y in ctx.years}
    assert value[2022]["woo.received", "BZK"] == 1
    assert value[2022]["woo.open_overdue", "BZK"] == 1
    assert value[2022]["woo.penalty_eur", "BZK"] == 0
    assert ("woo.received", "FIN") not in value[2022]
    assert value[2023]["woo.received", "RIJK"] == 9
    assert value[2023]["woo.decided", "RIJK"] == 6
    assert value[2023]["woo.within_term_pct", "RIJK"] == pytest.approx(400 / 6)
    assert value[2023]["woo.median_days", "BZK"] == 35
    assert value[2023]["woo.median_days", "RIJK"] == 42.5
    assert value[2023]["woo.open_overdue", "RIJK"] == 2
    assert value[2023]["woo.penalty_eur", "BZK"] == 46
    assert value[2023]["woo.penalty_eur", "FIN"] == 1442
    assert value[2024]["woo.received", "RIJK"] == 0
    assert value[2024]["woo.open_overdue", "FIN"] == 2
    assert value[2024]["woo.penalty_eur", "BZK"] == 1442
    assert value[2024]["woo.penalty_eur", "FIN"] == 0


# --- property: all decided on the day of receipt → 100 % within the term ----------------------


def _context(requests: list[Request], ministries: list[str]) -> Context:
    """An in-memory stand-in for the store's ``current_*`` views."""
    table, suspensions = arrow_tables(requests)
    table = table.append_column("ministerie", [ministries])
    con = duckdb.connect()
    con.register("current_woo_verzoeken", table)
    con.register("current_woo_opschortingen", suspensions)
    return Context(ibis.duckdb.from_connection(con))


@st.composite
def decided_on_receipt(draw, number: int) -> Request:
    received = draw(st.dates(date(2023, 1, 1), date(2023, 12, 31)))
    spans = draw(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 20)), max_size=2))
    return Request(
        verzoek_id=f"R{number}",
        received=received,
        extended=draw(st.booleans()),
        suspensions=tuple(
            (received + timedelta(days=a), received + timedelta(days=a + n)) for a, n in spans
        ),
        agreed=draw(st.none() | st.dates(date(2022, 12, 1), date(2024, 3, 1))),
        decision=received,
        outcome=draw(st.sampled_from(["openbaar", "deels", "niet", "ingetrokken"])),
    )


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.sampled_from(["BZK", "FIN", "VWS"]), min_size=1, max_size=30).flatmap(
        lambda ms: st.tuples(
            st.just(ms), st.tuples(*[decided_on_receipt(i) for i in range(len(ms))])
        )
    )
)
def test_within_term_is_100_when_every_decision_is_on_its_receipt_day(case):
    ministries, requests = case
    frame = woo_requests(_context(list(requests), ministries), 2023)
    within = frame[frame["indicator"] == "woo.within_term_pct"].dropna(subset=["value"])
    expected = {m for m, r in zip(ministries, requests, strict=True) if not r.withdrawn}
    assert set(within["ministerie"]) == (expected | {"RIJK"} if expected else set())
    assert (within["value"] == 100).all()


# --- before the Woo: Wob requests (until 1 May 2022) -------------------------------------


@pytest.fixture
def wob_store(tmp_path, db):
    rows = [
        # W1: Mon 1 Mar 2021, extended under the Wob (+ 56, Wob art. 6) = Mon 26 Apr 2021;
        # decided Mon 19 Apr (49 days): on time. Under the Woo's + 42 (Mon 12 Apr) it would
        # have been late.
        "W1;BZK;2021-03-01;2021-04-19;ja;;openbaar;",
        # W2: Mon 4 Jan 2021 + 28 = Mon 1 Feb; notice Tue 2 Feb 2021, never decided: overdue
        # at the end of 2021 and 2022, but no penalty: Wob art. 15 excluded it for a notice
        # received from 1 October 2016 until the Woo (the Woo would have given € 1,442).
        "W2;BZK;2021-01-04;;nee;;;2021-02-02",
    ]
    files = [write_csv(tmp_path / "woo_verzoeken_wob.csv", REQUESTS, rows)]
    outcomes = load(files, db=db)
    assert [o.status for o in outcomes] == ["stored"], [o.problems for o in outcomes]
    return db


def test_wob_requests_follow_the_wob(wob_store):
    value = {k: x.value for k, x in _values(wob_store, 2021).items()}
    assert value["woo.received", "RIJK"] == 2
    assert value["woo.within_term_pct", "RIJK"] == 100.0  # W1 within the Wob's eight weeks
    assert value["woo.open_overdue", "RIJK"] == 1  # W2
    assert value["woo.penalty_eur", "RIJK"] == 0
    later = {k: x.value for k, x in _values(wob_store, 2022).items()}
    assert later["woo.penalty_eur", "RIJK"] == 0  # the notice stays one of Wob times


@pytest.mark.parametrize(
    ("year", "lang", "label"),
    [
        (2021, "nl", "Ontvangen Wob-verzoeken"),  # the whole year under the Wob
        (2022, "nl", "Ontvangen Wob/Woo-verzoeken"),  # Wob until 30 April, Woo from 1 May
        (2023, "nl", "Ontvangen Woo-verzoeken"),
        (2017, "en", "Wob requests received"),
        (None, "nl", "Ontvangen Woo-verzoeken"),  # without a year: the law in force now
    ],
)
def test_labels_name_the_law_of_the_year(year, lang, label):
    from jbr.indicators import by_id

    assert by_id()["woo.received"].label(lang, year) == label


@pytest.mark.parametrize(
    ("first", "last", "lang", "name", "why"),
    [
        (2017, 2024, "nl", "Ontvangen Wob/Woo-verzoeken", "a trend across 1 May 2022: both laws"),
        (2022, 2024, "nl", "Ontvangen Wob/Woo-verzoeken", "2022 holds Wob requests too"),
        (2023, 2024, "nl", "Ontvangen Woo-verzoeken", "Woo years only"),
        (2017, 2021, "nl", "Ontvangen Wob-verzoeken", "Wob years only"),
        (2017, 2024, "en", "Wob/Woo requests received", "the same in English"),
    ],
)
def test_a_series_names_every_law_it_spans(first, last, lang, name, why):
    # The report's and the public version's trend sentences ("… steeg van 2.927 in 2017
    # naar …") and chart titles describe the whole series, not the reporting year.
    from jbr.indicators import by_id

    assert by_id()["woo.received"].name_between(lang, first, last) == name, why
    assert by_id()["personnel.fte"].name_between(lang, first, last) == by_id()[
        "personnel.fte"
    ].name(lang), "an indicator without a law keeps its name"


def test_figures_before_the_woo_say_which_law(wob_store):
    from jbr.indicators import by_id

    ind = by_id()["woo.within_term_pct"]
    assert ind.law_note(2021) == "Wob-verzoeken: Wet openbaarheid van bestuur (tot 1 mei 2022)"
    assert ind.law_note(2022).startswith("tot 1 mei 2022 Wob-verzoeken")
    assert ind.law_note(2023) is None
    assert "Wob art. 6" in ind.definition("nl") and "Wob art. 15" in by_id()[
        "woo.penalty_eur"
    ].definition("nl")
