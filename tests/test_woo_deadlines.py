"""Woo deadlines, statuses and penalties (SPEC §5.2): hand-computed tables and properties.

Every expected date below was worked out by hand on a printed calendar; the
comment gives the reason. Easter Sundays: 2017-04-16, 2018-04-01, 2019-04-21,
2020-04-12, 2021-04-04, 2022-04-17, 2023-04-09, 2024-03-31, 2025-04-20, 2026-04-05,
2027-03-28, 2028-04-16. Equated days of 2017–2019: Besluit van 24 oktober 2016, nr.
2016001827; of 2020–2022: Besluit van 20 september 2019 (both in the Staatscourant).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jbr.codelists.atw import AtwCalendar, atw_calendar, easter_sunday
from jbr.woo import (
    EXCLUDED,
    LATE,
    ON_TIME,
    OPEN,
    OVERDUE,
    PENALTY_MAX_EUR,
    Request,
    assess,
    legal_deadline,
    penalty_days,
    penalty_eur,
    status,
    suspended_days,
)
from jbr.woo.vectorised import arrow_tables, assess_arrow

D = date
ATW = atw_calendar()

# fmt: off
# (received, verdaagd, suspensions, afgesproken_termijn, expected deadline, reason)
DEADLINES = [
    # --- each Atw holiday ----------------------------------------------------------------
    (D(2023, 12, 4), False, (), None, D(2024, 1, 2),
     "Mon 4 Dec 2023 + 28 = Mon 1 Jan 2024, New Year's Day → Tue 2 Jan (year boundary)"),
    (D(2023, 3, 10), False, (), None, D(2023, 4, 11),
     "Fri 10 Mar + 28 = Good Friday 7 Apr 2023; Sat, Easter Sun, Easter Mon 10 Apr "
     "→ Tue 11 Apr"),
    (D(2024, 3, 1), False, (), None, D(2024, 4, 2),
     "Fri 1 Mar 2024 + 28 = Good Friday 29 Mar; Sat, Sun, Easter Mon 1 Apr → Tue 2 Apr"),
    (D(2024, 3, 4), False, (), None, D(2024, 4, 2),
     "Mon 4 Mar 2024 + 28 = Easter Monday 1 Apr 2024 → Tue 2 Apr"),
    (D(2027, 2, 26), False, (), None, D(2027, 3, 30),
     "Fri 26 Feb 2027 + 28 = Good Friday 26 Mar; Sat, Sun, Easter Mon 29 Mar → Tue 30 Mar"),
    (D(2026, 3, 30), False, (), None, D(2026, 4, 28),
     "Mon 30 Mar 2026 + 28 = King's Day Mon 27 Apr 2026 → Tue 28 Apr"),
    (D(2025, 3, 29), False, (), None, D(2025, 4, 28),
     "Sat 29 Mar 2025 + 28 = Sat 26 Apr (King's Day moved from Sunday 27 Apr); Sun 27 Apr is "
     "no holiday but a Sunday → Mon 28 Apr, an ordinary working day"),
    (D(2022, 4, 7), False, (), None, D(2022, 5, 6),
     "Thu 7 Apr 2022 + 28 = Thu 5 May 2022: 5 May is a holiday every year → Fri 6 May (not "
     "equated in 2022: the 2019 decree equated only 27 May 2022)"),
    (D(2025, 4, 7), False, (), None, D(2025, 5, 6),
     "Mon 7 Apr 2025 + 28 = Mon 5 May 2025 (Liberation Day) → Tue 6 May"),
    (D(2022, 4, 28), False, (), None, D(2022, 5, 30),
     "Thu 28 Apr 2022 + 28 = Ascension Thu 26 May 2022; Fri 27 May equated (2019 decree); "
     "weekend → Mon 30 May (without the decree a day short: Fri 27 May)"),
    (D(2022, 5, 9), False, (), None, D(2022, 6, 7),
     "Mon 9 May 2022 + 28 = Whit Monday 6 Jun 2022 → Tue 7 Jun"),
    (D(2023, 5, 1), False, (), None, D(2023, 5, 30),
     "Mon 1 May 2023 + 28 = Whit Monday 29 May 2023 → Tue 30 May"),
    (D(2028, 5, 8), False, (), None, D(2028, 6, 6),
     "Mon 8 May 2028 + 28 = Whit Monday 5 Jun 2028 → Tue 6 Jun"),
    (D(2023, 11, 27), False, (), None, D(2023, 12, 27),
     "Mon 27 Nov 2023 + 28 = Christmas Mon 25 Dec; Boxing Day Tue 26 → Wed 27 Dec"),
    (D(2023, 11, 28), False, (), None, D(2023, 12, 27),
     "Tue 28 Nov 2023 + 28 = Boxing Day Tue 26 Dec 2023 → Wed 27 Dec"),
    (D(2028, 11, 27), False, (), None, D(2028, 12, 27),
     "Mon 27 Nov 2028 + 28 = Christmas Mon 25 Dec; Boxing Day Tue 26 → Wed 27 Dec"),
    (D(2022, 11, 26), False, (), None, D(2022, 12, 27),
     "Sat 26 Nov 2022 + 28 = Sat 24 Dec; Christmas on Sun 25, Boxing Day Mon 26 → Tue 27 Dec"),
    # --- each day equated by Royal Decree in the file ------------------------------------
    # Without the decree of 2016 or 2019 each of these would end a day (or more) earlier.
    (D(2017, 3, 30), False, (), None, D(2017, 5, 1),
     "Thu 30 Mar 2017 + 28 = King's Day Thu 27 Apr; equated Fri 28 Apr; weekend → Mon 1 May"),
    (D(2017, 4, 28), False, (), None, D(2017, 5, 29),
     "Fri 28 Apr 2017 + 28 = Fri 26 May, equated (after Ascension Thu 25 May); weekend → "
     "Mon 29 May (Whit Monday is 5 Jun)"),
    (D(2018, 4, 13), False, (), None, D(2018, 5, 14),
     "Fri 13 Apr 2018 + 28 = Fri 11 May, equated (after Ascension Thu 10 May); weekend → "
     "Mon 14 May"),
    (D(2018, 11, 26), False, (), None, D(2018, 12, 27),
     "Mon 26 Nov 2018 + 28 = Mon 24 Dec, equated; Christmas Tue 25, Boxing Day Wed 26 → "
     "Thu 27 Dec"),
    (D(2018, 12, 3), False, (), None, D(2019, 1, 2),
     "Mon 3 Dec 2018 + 28 = Mon 31 Dec, equated; New Year Tue 1 Jan 2019 → Wed 2 Jan 2019"),
    (D(2019, 5, 3), False, (), None, D(2019, 6, 3),
     "Fri 3 May 2019 + 28 = Fri 31 May, equated (after Ascension Thu 30 May); weekend → "
     "Mon 3 Jun (Whit Monday is 10 Jun)"),
    (D(2019, 11, 29), False, (), None, D(2019, 12, 30),
     "Fri 29 Nov 2019 + 28 = Fri 27 Dec, equated (after Boxing Day Thu 26); weekend → "
     "Mon 30 Dec"),
    (D(2020, 4, 24), False, (), None, D(2020, 5, 25),
     "Fri 24 Apr 2020 + 28 = Fri 22 May, equated (after Ascension Thu 21 May); weekend → "
     "Mon 25 May (Whit Monday is 1 Jun)"),
    (D(2021, 4, 16), False, (), None, D(2021, 5, 17),
     "Fri 16 Apr 2021 + 28 = Fri 14 May, equated (after Ascension Thu 13 May); weekend → "
     "Mon 17 May (Whit Monday is 24 May)"),
    (D(2022, 4, 29), False, (), None, D(2022, 5, 30),
     "Fri 29 Apr 2022 + 28 = Fri 27 May, equated (after Ascension Thu 26 May); weekend → "
     "Mon 30 May"),
    (D(2023, 3, 30), False, (), None, D(2023, 5, 1),
     "Thu 30 Mar 2023 + 28 = King's Day Thu 27 Apr; equated Fri 28 Apr; weekend → Mon 1 May"),
    (D(2023, 3, 31), False, (), None, D(2023, 5, 1),
     "Fri 31 Mar 2023 + 28 = equated Fri 28 Apr 2023; weekend → Mon 1 May"),
    (D(2023, 4, 20), False, (), None, D(2023, 5, 22),
     "Thu 20 Apr 2023 + 28 = Ascension Thu 18 May; equated Fri 19 May; weekend → Mon 22 May"),
    (D(2023, 4, 21), False, (), None, D(2023, 5, 22),
     "Fri 21 Apr 2023 + 28 = equated Fri 19 May 2023; weekend → Mon 22 May"),
    (D(2024, 4, 11), False, (), None, D(2024, 5, 13),
     "Thu 11 Apr 2024 + 28 = Ascension Thu 9 May; equated Fri 10 May; weekend → Mon 13 May"),
    (D(2024, 4, 12), False, (), None, D(2024, 5, 13),
     "Fri 12 Apr 2024 + 28 = equated Fri 10 May 2024; weekend → Mon 13 May"),
    (D(2024, 11, 27), False, (), None, D(2024, 12, 30),
     "Wed 27 Nov 2024 + 28 = Christmas Wed 25 Dec; Boxing Thu 26; equated Fri 27; weekend → "
     "Mon 30 Dec"),
    (D(2024, 11, 29), False, (), None, D(2024, 12, 30),
     "Fri 29 Nov 2024 + 28 = equated Fri 27 Dec 2024; weekend → Mon 30 Dec"),
    (D(2025, 5, 1), False, (), None, D(2025, 6, 2),
     "Thu 1 May 2025 + 28 = Ascension Thu 29 May; equated Fri 30 May; weekend → Mon 2 Jun"),
    (D(2025, 5, 2), False, (), None, D(2025, 6, 2),
     "Fri 2 May 2025 + 28 = equated Fri 30 May 2025; weekend → Mon 2 Jun"),
    (D(2025, 12, 4), False, (), None, D(2026, 1, 5),
     "Thu 4 Dec 2025 + 28 = New Year Thu 1 Jan 2026; equated Fri 2 Jan; weekend → Mon 5 Jan"),
    (D(2025, 12, 5), False, (), None, D(2026, 1, 5),
     "Fri 5 Dec 2025 + 28 = equated Fri 2 Jan 2026; weekend → Mon 5 Jan"),
    (D(2026, 4, 17), False, (), None, D(2026, 5, 18),
     "Fri 17 Apr 2026 + 28 = equated Fri 15 May 2026 (after Ascension 14 May); weekend → Mon "
     "18 May"),
    (D(2027, 4, 7), False, (), None, D(2027, 5, 10),
     "Wed 7 Apr 2027 + 28 = Wed 5 May; Ascension Thu 6 May; equated Fri 7 May; weekend → Mon "
     "10 May"),
    (D(2027, 4, 9), False, (), None, D(2027, 5, 10),
     "Fri 9 Apr 2027 + 28 = equated Fri 7 May 2027; weekend → Mon 10 May"),
    (D(2028, 3, 30), False, (), None, D(2028, 5, 1),
     "Thu 30 Mar 2028 + 28 = King's Day Thu 27 Apr; equated Fri 28 Apr; weekend → Mon 1 May"),
    (D(2028, 3, 31), False, (), None, D(2028, 5, 1),
     "Fri 31 Mar 2028 + 28 = equated Fri 28 Apr 2028; weekend → Mon 1 May"),
    (D(2028, 4, 27), False, (), None, D(2028, 5, 29),
     "Thu 27 Apr 2028 + 28 = Ascension Thu 25 May; equated Fri 26 May; weekend → Mon 29 May"),
    (D(2028, 4, 28), False, (), None, D(2028, 5, 29),
     "Fri 28 Apr 2028 + 28 = equated Fri 26 May 2028; weekend → Mon 29 May"),
    # --- weekends, leap days, year boundary ----------------------------------------------
    (D(2023, 1, 6), False, (), None, D(2023, 2, 3),
     "Fri 6 Jan 2023 + 28 = Fri 3 Feb: an open day, not moved"),
    (D(2023, 1, 7), False, (), None, D(2023, 2, 6),
     "Sat 7 Jan 2023 + 28 = Sat 4 Feb → Mon 6 Feb"),
    (D(2023, 1, 8), False, (), None, D(2023, 2, 6),
     "Sun 8 Jan 2023 + 28 = Sun 5 Feb → Mon 6 Feb"),
    (D(2024, 2, 1), False, (), None, D(2024, 2, 29),
     "Thu 1 Feb 2024 + 28 = Thu 29 Feb 2024 (leap day)"),
    (D(2024, 2, 15), False, (), None, D(2024, 3, 14),
     "Thu 15 Feb 2024 + 28 = Thu 14 Mar (February 2024 has 29 days)"),
    (D(2023, 2, 15), False, (), None, D(2023, 3, 15),
     "Wed 15 Feb 2023 + 28 = Wed 15 Mar (February 2023 has 28 days)"),
    (D(2028, 2, 1), False, (), None, D(2028, 2, 29),
     "Tue 1 Feb 2028 + 28 = Tue 29 Feb 2028 (leap day)"),
    (D(2023, 12, 14), False, (), None, D(2024, 1, 11),
     "Thu 14 Dec 2023 + 28 = Thu 11 Jan 2024 across the year end"),
    # --- extension (verdaagd) ------------------------------------------------------------
    # Wob art. 6 lid 2 (four weeks) when the first four weeks ran out before 1 May 2022,
    # else Woo art. 4.4 lid 2 (two weeks).
    (D(2021, 3, 1), True, (), None, D(2021, 4, 26),
     "Wob: Mon 1 Mar 2021 + 56 (eight weeks) = Mon 26 Apr (King's Day is Tue 27 Apr)"),
    (D(2022, 4, 2), True, (), None, D(2022, 5, 30),
     "Wob: Sat 2 Apr 2022 + 28 = Sat 30 Apr, before the Woo; + 56 = Sat 28 May → Mon 30 May"),
    (D(2022, 4, 3), True, (), None, D(2022, 5, 16),
     "Woo: Sun 3 Apr 2022 + 28 = Sun 1 May, the Woo's first day; + 42 = Sun 15 May → "
     "Mon 16 May"),
    (D(2023, 10, 2), True, (), None, D(2023, 11, 13),
     "Mon 2 Oct 2023 + 42 (six weeks) = Mon 13 Nov"),
    (D(2023, 11, 13), True, (), None, D(2023, 12, 27),
     "Mon 13 Nov 2023 + 42 = Christmas Mon 25 Dec; Boxing Day → Wed 27 Dec"),
    # --- suspensions ---------------------------------------------------------------------
    (D(2023, 3, 6), False, ((D(2023, 3, 13), D(2023, 3, 26)),), None, D(2023, 4, 17),
     "Mon 6 Mar 2023 + 28 + 14 suspended days (13..26 Mar) = Mon 17 Apr"),
    (D(2023, 9, 4), False,
     ((D(2023, 9, 11), D(2023, 9, 20)),
      (D(2023, 9, 15), D(2023, 9, 24))),
     None, D(2023, 10, 16),
     "Mon 4 Sep 2023; suspensions 11..20 and 15..24 Sep overlap: union 11..24 = 14 days; + 28 "
     "+ 14 = Mon 16 Oct"),
    (D(2024, 1, 8), False,
     ((D(2024, 1, 15), D(2024, 1, 21)),
      (D(2024, 1, 17), D(2024, 1, 19)),
      (D(2024, 1, 22), D(2024, 1, 28))),
     None, D(2024, 2, 19),
     "Mon 8 Jan 2024; 15..21 Jan, nested 17..19, adjacent 22..28: union 15..28 = 14 days; + 42 "
     "= Mon 19 Feb"),
    (D(2024, 4, 5), True, ((D(2024, 4, 10), D(2024, 4, 12)),), None, D(2024, 5, 21),
     "Fri 5 Apr 2024 extended + 42 + 3 suspended days = Whit Monday 20 May 2024 → Tue 21 May"),
    # --- agreed terms --------------------------------------------------------------------
    (D(2023, 1, 2), False, (), D(2023, 3, 15), D(2023, 3, 15),
     "legal term Mon 30 Jan 2023; agreed Wed 15 Mar is later → 15 Mar"),
    (D(2023, 1, 2), False, (), D(2023, 3, 18), D(2023, 3, 18),
     "agreed Sat 18 Mar 2023 is later than 30 Jan: the agreed date stands, not moved by the "
     "Atw"),
    (D(2023, 1, 2), False, (), D(2023, 1, 20), D(2023, 1, 30),
     "agreed Fri 20 Jan is earlier than the legal term Mon 30 Jan 2023: ignored"),
    (D(2023, 1, 2), False, (), D(2023, 1, 30), D(2023, 1, 30),
     "agreed date equal to the legal term: the legal term"),
    (D(2023, 11, 27), False, (), D(2023, 12, 26), D(2023, 12, 27),
     "raw end Mon 25 Dec 2023 moves to Wed 27 Dec; agreed Tue 26 Dec is not later → 27 Dec"),
]
# fmt: on


@pytest.mark.parametrize(
    "received, extended, suspensions, agreed, expected, reason",
    DEADLINES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(DEADLINES)],
)
def test_legal_deadline_by_hand(received, extended, suspensions, agreed, expected, reason):
    assert legal_deadline(received, extended, suspensions, agreed, ATW) == expected, reason


def test_the_table_covers_every_equated_day_and_enough_cases():
    assert len(DEADLINES) >= 30
    equated = {r.day for r in ATW.rules if r.kind == "gelijkgesteld"}
    raw_ends = set()
    for received, extended, suspensions, _, _, _ in DEADLINES:
        end = received + timedelta(days=(42 if extended else 28) + suspended_days(suspensions))
        while end not in equated and not ATW.is_open(end):  # walk the closed run
            end += timedelta(days=1)
        raw_ends.add(end)
    assert equated <= raw_ends


@pytest.mark.parametrize(
    "year, easter",
    [
        (2022, D(2022, 4, 17)),
        (2023, D(2023, 4, 9)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2028, D(2028, 4, 16)),
    ],
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_holidays_of_2025_and_2024():
    h2025 = ATW.holidays(2025)
    assert D(2025, 4, 26) in h2025 and D(2025, 4, 27) not in h2025  # 27 April is a Sunday
    assert h2025[D(2025, 4, 26)] == "Koningsdag"
    assert ATW.holidays(2025, lang="en")[D(2025, 5, 5)] == "Liberation Day"
    assert sorted(ATW.holidays(2024)) == [
        D(2024, 1, 1),
        D(2024, 3, 29),
        D(2024, 4, 1),
        D(2024, 4, 27),
        D(2024, 5, 5),
        D(2024, 5, 9),
        D(2024, 5, 10),
        D(2024, 5, 20),
        D(2024, 12, 25),
        D(2024, 12, 26),
        D(2024, 12, 27),
    ]


def test_open_days():
    assert ATW.is_open(D(2025, 4, 28))  # the Monday after King's Day on Saturday
    assert not ATW.is_open(D(2024, 5, 10))  # equated day
    assert not ATW.is_open(D(2022, 5, 5))  # 5 May also in a non-lustrum year
    assert ATW.next_open_day(D(2024, 12, 24)) == D(2024, 12, 24)  # itself when open
    assert ATW.next_open_day(D(2024, 12, 25)) == D(2024, 12, 30)


def test_warning_outside_the_known_decrees():
    assert ATW.decree_years == (2017, 2028)
    assert ATW.warnings_for([2017, 2020, 2028]) == []
    (text,) = ATW.warnings_for([2031, 2025])
    assert "Gelijkgestelde dagen kunnen ontbreken voor jaar 2031" in text
    assert "2017–2028" in text
    (en,) = ATW.warnings_for([2031], lang="en")
    assert en.startswith("Equated days may be missing for year 2031")
    assert len(ATW.warnings_for(range(2014, 2032))) == 6  # 2014–2016 and 2029–2031


def test_every_equated_day_names_its_decree():
    """Each day equated by Royal Decree cites the decree (Atw art. 3 lid 3); Good Friday is
    equated by the law itself (art. 3 lid 2), the other holidays are listed in lid 1."""
    for rule in ATW.rules:
        if rule.kind == "gelijkgesteld":
            assert rule.source.startswith("Besluit"), rule
            assert "Staatscourant" in rule.source and "art. 3 lid 3" in rule.source, rule
        elif rule.name_nl == "Goede Vrijdag":
            assert "art. 3 lid 2" in rule.source
        else:
            assert "art. 3 lid 1" in rule.source, rule
    # 2017–2022, as the decrees of 2016 and 2019 list them
    assert sorted(r.day for r in ATW.rules if r.day and r.day.year <= 2022) == [
        D(2017, 4, 28), D(2017, 5, 26), D(2018, 5, 11), D(2018, 12, 24), D(2018, 12, 31),
        D(2019, 5, 31), D(2019, 12, 27), D(2020, 5, 22), D(2021, 5, 14), D(2022, 5, 27),
    ]  # fmt: skip


def test_a_users_extension_of_the_file_moves_the_range_and_the_deadline():
    text = (
        "soort,datum,regel,naam_nl,naam_en,bron\n"
        "vast,,25-12,Eerste Kerstdag,Christmas Day,Atw\n"
        "gelijkgesteld,2031-12-26,,Gelijkgesteld,Equated day,KB\n"
    )
    cal = AtwCalendar.from_csv(text)
    assert cal.decree_years == (2031, 2031)
    assert cal.warnings_for([2031]) == []
    # Thu 25 Dec 2031 + equated Fri 26 Dec + weekend → Mon 29 Dec 2031
    assert legal_deadline(D(2031, 11, 27), False, (), None, cal) == D(2031, 12, 29)


def test_suspended_days_union():
    assert suspended_days([]) == 0
    assert suspended_days([(D(2024, 1, 1), D(2024, 1, 1))]) == 1
    assert suspended_days([(D(2024, 1, 1), D(2024, 1, 10)), (D(2024, 1, 5), D(2024, 1, 6))]) == 10
    assert suspended_days([(D(2024, 1, 1), D(2024, 1, 2)), (D(2024, 1, 5), D(2024, 1, 6))]) == 4


# (deadline, decision, withdrawn, reporting date, expected status, reason)
# fmt: off
STATUSES = [
    (D(2023, 1, 30), D(2023, 1, 30), False, D(2023, 6, 1), ON_TIME, "decided on the deadline"),
    (D(2023, 1, 30), D(2023, 1, 31), False, D(2023, 6, 1), LATE, "decided a day after"),
    (D(2023, 1, 30), None, False, D(2023, 1, 30), OPEN, "undecided, deadline is today"),
    (D(2023, 1, 30), None, False, D(2023, 1, 31), OVERDUE, "undecided, deadline passed"),
    (D(2023, 1, 30), D(2023, 2, 10), False, D(2023, 1, 20), OPEN,
     "the decision lies after the reporting date: not yet taken then"),
    (D(2023, 1, 30), D(2023, 2, 10), False, D(2023, 2, 5), OVERDUE,
     "as of 5 Feb the decision of 10 Feb is not yet taken and the deadline has passed"),
    (D(2023, 1, 30), D(2023, 1, 10), True, D(2023, 6, 1), EXCLUDED, "withdrawn"),
    (D(2023, 1, 30), None, True, D(2023, 6, 1), EXCLUDED, "withdrawn, no date"),
]
# fmt: on


@pytest.mark.parametrize("deadline, decision, withdrawn, on, expected, reason", STATUSES)
def test_status_by_hand(deadline, decision, withdrawn, on, expected, reason):
    assert status(deadline, decision, withdrawn, on) == expected, reason


# Deadline Mon 30 Jan 2023 throughout.
# (notice, decision, reporting date, expected euros, reason)
DEADLINE = D(2023, 1, 30)
# fmt: off
PENALTIES = [
    (None, None, D(2023, 12, 31), 0, "no notice of default"),
    (D(2023, 1, 20), None, D(2023, 12, 31), 0, "notice before the deadline does not count"),
    (D(2023, 1, 30), None, D(2023, 12, 31), 0, "notice on the deadline day: not after it"),
    (D(2023, 2, 1), D(2023, 2, 15), D(2023, 12, 31), 0,
     "decision 15 Feb = notice + 14: within the two weeks"),
    (D(2023, 2, 1), D(2023, 2, 16), D(2023, 12, 31), 0,
     "decision on 16 Feb, the first penalty day itself: the decision day does not count"),
    (D(2023, 2, 1), D(2023, 2, 17), D(2023, 12, 31), 23, "one day, 16 Feb: € 23"),
    (D(2023, 2, 1), D(2023, 2, 26), D(2023, 12, 31), 230,
     "band 1: 16..25 Feb = 10 days × € 23 = € 230"),
    (D(2023, 2, 1), None, D(2023, 3, 9), 602,
     "band 2, still open: 16 Feb..9 Mar = 13 + 9 = 22 days = 14 × 23 + 8 × 35 = 322 + 280"),
    (D(2023, 2, 1), D(2023, 3, 22), D(2023, 12, 31), 1082,
     "band 3: 16 Feb..21 Mar = 13 + 21 = 34 days = 322 + 14 × 35 + 6 × 45 = 322 + 490 + 270"),
    (D(2023, 2, 1), D(2023, 3, 29), D(2023, 12, 31), 1397,
     "41 days (16 Feb..28 Mar) = 322 + 490 + 13 × 45 = 1,397"),
    (D(2023, 2, 1), D(2023, 3, 30), D(2023, 12, 31), 1442,
     "the cap: 42 days (16 Feb..29 Mar) = 322 + 490 + 630 = € 1,442"),
    (D(2023, 2, 1), None, D(2023, 12, 31), 1442, "open for months: capped at 42 days, € 1,442"),
    (D(2023, 2, 1), D(2023, 3, 10), D(2023, 2, 20), 115,
     "decision after the reporting date: runs to 20 Feb incl. = 5 days × 23"),
    (D(2023, 2, 1), None, D(2023, 2, 15), 0, "reporting date within the two weeks"),
]
# Before the Woo (deadline, notice, decision, reporting date, euros, reason):
# Wob art. 15 excluded the penalty from 1 October 2016 until the Woo of 1 May 2022.
WOB_PENALTIES = [
    (D(2021, 3, 1), D(2021, 3, 10), None, D(2021, 12, 31), 0,
     "Wob request, notice 10 Mar 2021: no penalty under Wob art. 15"),
    (D(2022, 4, 1), D(2022, 4, 30), None, D(2022, 12, 31), 0,
     "notice Sat 30 Apr 2022, the Wob's last day: none, even though the penalty would only "
     "have started on 15 May, under the Woo"),
    (D(2022, 4, 1), D(2022, 5, 1), D(2022, 5, 20), D(2022, 12, 31), 92,
     "notice Sun 1 May 2022, the Woo's first day: the penalty runs from 16 May (notice + 15) "
     "to 19 May (the decision day 20 May does not count) = 4 days × € 23"),
    (D(2016, 9, 1), D(2016, 9, 30), D(2016, 10, 20), D(2016, 12, 31), 115,
     "notice Fri 30 Sep 2016, before Wob art. 15: the penalty runs 15..19 Oct = 5 days × 23"),
    (D(2016, 9, 1), D(2016, 10, 1), None, D(2016, 12, 31), 0,
     "notice Sat 1 Oct 2016, Wob art. 15 in force: none"),
]
# fmt: on


@pytest.mark.parametrize("notice, decision, on, expected, reason", PENALTIES)
def test_penalty_by_hand(notice, decision, on, expected, reason):
    assert penalty_eur(DEADLINE, notice, decision, on) == expected, reason


@pytest.mark.parametrize("deadline, notice, decision, on, expected, reason", WOB_PENALTIES)
def test_penalty_before_the_woo_by_hand(deadline, notice, decision, on, expected, reason):
    assert penalty_eur(deadline, notice, decision, on) == expected, reason


def test_penalty_maximum_is_1442():
    assert PENALTY_MAX_EUR == 1442


def test_penalty_days_start_the_day_after_the_two_weeks():
    days = penalty_days(DEADLINE, D(2023, 2, 1), D(2023, 2, 19), D(2023, 12, 31))
    assert days == [D(2023, 2, 16), D(2023, 2, 17), D(2023, 2, 18)]


def test_penalty_split_over_the_year_end():
    # Notice 10 Dec 2023 → first day 25 Dec 2023; open through 2024: 42 days to 4 Feb 2024.
    deadline, notice, on = D(2023, 11, 1), D(2023, 12, 10), D(2024, 12, 31)
    assert penalty_eur(deadline, notice, None, on, year=2023) == 7 * 23  # 25..31 Dec
    # 2024: days 8..42 = 7 × 23 + 14 × 35 + 14 × 45 = 161 + 490 + 630
    assert penalty_eur(deadline, notice, None, on, year=2024) == 1281
    assert penalty_eur(deadline, notice, None, on) == 1442


# --- properties (hypothesis) ----------------------------------------------------------------


@st.composite
def woo_requests(draw, number: int = 0) -> Request:
    """A request received 2016–2028 (Wob and Woo) with any mix of extension, suspensions,
    agreement, decision, withdrawal and notice of default."""
    received = draw(st.dates(D(2016, 6, 1), D(2028, 9, 30)))

    def later(low: int, high: int) -> st.SearchStrategy:
        return st.integers(low, high).map(lambda k: received + timedelta(days=k))

    spans = draw(
        st.lists(st.tuples(st.integers(-3, 60), st.integers(0, 45)), max_size=3).map(
            lambda xs: tuple(
                (received + timedelta(days=a), received + timedelta(days=a + n)) for a, n in xs
            )
        )
    )
    return Request(
        verzoek_id=f"R{number}",
        received=received,
        extended=draw(st.booleans()),
        suspensions=spans,
        agreed=draw(st.none() | later(0, 150)),
        decision=draw(st.none() | later(0, 250)),
        outcome=draw(st.sampled_from([None, "openbaar", "deels", "ingetrokken"])),
        notice=draw(st.none() | later(0, 200)),
    )


@settings(max_examples=300, deadline=None)
@given(woo_requests())
def test_deadline_is_an_open_day_unless_agreed(r):
    deadline = legal_deadline(r.received, r.extended, r.suspensions, r.agreed, ATW)
    assert ATW.is_open(deadline) or deadline == r.agreed
    assert deadline >= r.received + timedelta(days=28)


@settings(max_examples=300, deadline=None)
@given(woo_requests(), st.integers(-3, 60))
def test_deadline_never_earlier_with_a_suspension_day_or_the_extension(r, offset):
    before = legal_deadline(r.received, r.extended, r.suspensions, r.agreed, ATW)
    day = r.received + timedelta(days=offset)
    more = legal_deadline(r.received, r.extended, (*r.suspensions, (day, day)), r.agreed, ATW)
    extended = legal_deadline(r.received, True, r.suspensions, r.agreed, ATW)
    assert more >= before and extended >= before


@settings(max_examples=30, deadline=None)
@given(
    st.lists(st.integers(), min_size=1, max_size=40).flatmap(
        lambda xs: st.tuples(*[woo_requests(i) for i in range(len(xs))])
    ),
    st.dates(D(2016, 6, 1), D(2029, 12, 31)),
    st.integers(2016, 2029),
)
def test_vectorised_equals_the_scalar_reference(requests, on, year):
    table = assess_arrow(*arrow_tables(requests), ATW, on, year=year).to_pylist()
    for r, row in zip(requests, table, strict=True):
        expected = assess(r, ATW, on)
        assert row["verzoek_id"] == r.verzoek_id
        assert (row["deadline"], row["status"], row["penalty_eur"]) == (
            expected.deadline,
            expected.status,
            expected.penalty_eur,
        ), r
        in_year = (
            0 if r.withdrawn else penalty_eur(expected.deadline, r.notice, r.decision, on, year)
        )
        assert row["penalty_eur_in_year"] == in_year, r
