"""The report's summary counts targets only; prognoses are apart, labelled, with their
method (SPEC §6, issue 13). On the publication test world (tests/publications.py).

Hand computation of that world's CO₂ (gas only, 1,884 kg CO₂ per m³ in every year):
2019 37.680 t, 2023 30.144 t, 2024 22.608 t. The least-squares line through those three
points: mean year 2022, mean CO₂ 30.144; Σdx·dy = −3·7.536 + 0 + 2·(−7.536) = −37.680,
Σdx² = 14, slope −2.691,43 t a year. In 2030: 30.144 − 8 · 2.691,43 = 8.612,6 → 8.613 t.
Zero at 2022 + 30.144 ÷ 2.691,43 = 2033,2 → 2034. Both miss "climate-neutral in 2030", and
before issue 13 both were counted as targets "niet op koers" — they are prognoses.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from jbr.publish.report import balanced, records_summary

NB = "\u00a0"


def _text(html: str) -> str:
    """What a reader reads: tags removed, white space (not the non-breaking one) collapsed."""
    text = re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()
    return re.sub(r" ([:.,;])", r"\1", text)


@pytest.fixture(scope="module")
def summary(publications_nl, tmp_path_factory) -> str:
    html = (publications_nl / "rapport.html").read_text(encoding="utf-8")
    return html.split('id="samenvatting"')[1].split('<section class="chapter"')[0]


def _table(section: str, caption_start: str) -> list[list[str]]:
    for table in re.findall(r"<table.*?</table>", section, re.S):
        caption = re.search(r"<caption>(.*?)</caption>", table, re.S)
        if caption and _text(caption.group(1)).startswith(caption_start):
            body = table.split("<tbody>")[1]
            return [
                [_text(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
                for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
            ]
    raise AssertionError(f"no table {caption_start!r}")


def test_the_target_tally_counts_targets_and_no_prognosis(summary):
    targets = _table(summary, "Doelen en normen")
    assert [r[0] for r in targets] == [
        "Minder aardgas dan in 2019",
        "CO₂-uitstoot bedrijfsvoering (energie en vliegen)",
    ]
    assert targets[1][1:] == [f"22.608{NB}ton CO₂", f"0{NB}ton CO₂", "✗ niet op koers"]
    text = _text(summary)
    # 2 targets: gas met early (40 % ≥ 30 %), CO₂ off track; the two prognoses are not counted
    assert "Van de 2 doelen en normen met een cijfer over 2024" in text
    assert "✓ gehaald: 1" in text and "→ op koers: 0" in text and "✗ niet op koers: 1" in text
    assert not any("Prognose" in r[0] for r in targets)


def test_prognoses_are_listed_apart_with_method_and_without_status(summary):
    prognoses = _table(summary, "Prognoses, Rijk, 2024: geen doelen, dus zonder status")
    assert [r[:2] for r in prognoses] == [
        ["Prognose: CO₂-uitstoot in 2030 volgens de trend", f"8.613{NB}ton CO₂"],
        ["Prognose: jaar waarin de CO₂-uitstoot volgens de trend nul wordt", "2034"],
    ]
    for row in prognoses:
        assert "lineaire trend (kleinste kwadraten" in row[2]
        assert not any(word in " ".join(row) for word in ("gehaald", "op koers", "✓", "✗"))
    assert "geen jaar na 2050" in prognoses[1][2]


def test_a_prognosis_section_is_labelled_and_has_no_status(publications_nl, tmp_path_factory):
    html = (publications_nl / "rapport.html").read_text(encoding="utf-8")
    section = html.split('id="climate.co2_neutral_year"')[1].split("</article>")[0]
    text = _text(section)
    assert (
        "PROGNOSE" in text.upper()
        and "Rijk, op basis van de gegevens tot en met 2024: 2034" in text
    )
    assert "Een prognose is geen doel en krijgt geen status" in text
    # why a trend reaching the target can stand beside a target that is not on course
    # (the full demo: CO₂ "niet op koers" beside "0 ton in 2030 volgens de trend")
    assert "vergelijkt het cijfer van het jaar met de rechte lijn" in text
    assert "status-" not in section and "Status" not in text


@pytest.mark.parametrize(
    "values, expected, why",
    [
        ([30.0, 10.0, None, 20.0], (4, 3, "10,0 %", "20,0 %", "30,0 %"), "an empty one is counted"),
        (
            [40.0, 10.0, 30.0, 20.0],
            (4, 4, "10,0 %", "25,0 %", "40,0 %"),
            "even: mean of the middle two",
        ),
        ([None], (1, 0, "–", "–", "–"), "no value at all"),
    ],
)
def test_a_breakdown_per_record_is_summarised(values, expected, why):
    from jbr.indicators import by_id

    rows = [{"now": {"text": "x"}, "value": v} for v in values]
    rows.append({"now": {"text": ""}, "value": None})  # last year's project, gone this year
    s = records_summary(by_id()["housing.occupancy_pct"], rows, "nl")
    got = (s["count"], s["known"], s["low"], s["median"], s["high"])
    assert got == tuple(t.replace(" ", NB) if isinstance(t, str) else t for t in expected), why
    assert s["noun"] == "kantoren"
    assert [d["href"] for d in s["downloads"]] == [
        f"tabellen/housing.occupancy_pct-categorieen.{f}" for f in ("csv", "xlsx", "ods")
    ]


@pytest.mark.parametrize(
    "n, most, sizes, why",
    [
        (6, 5, [3, 3], "not 5 + 1: no table of one column"),
        (11, 5, [4, 4, 3], "three tables as even as can be"),
        (5, 5, [5], "one table when it fits"),
        (1, 5, [1], "a chapter of one indicator"),
        (0, 5, [], "nothing"),
    ],
)
def test_per_ministry_tables_are_balanced(n, most, sizes, why):
    groups = balanced(list(range(n)), most)
    assert [len(g) for g in groups] == sizes, why
    assert [x for g in groups for x in g] == list(range(n))  # in order, none lost
