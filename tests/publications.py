"""The deliveries and team's text of the publication tests: ``jbr build`` of them, once per
session, is the ``publications_nl``/``_en``/``_final`` world (tests/worlds.py).

Hand-made deliveries whose figures are easy to compute by hand:

- personeel: BZK 30 persons on 31 Dec 2023, 36 on 31 Dec 2024, FIN 7 on 31 Dec 2024
  (fewer than 10: FIN's personnel cells are suppressed), all 1 fte, standplaats Zuid-Holland.
  Rijk fte: 30 in 2023, 43 in 2024 (+43,3 %).
- woo_verzoeken (BZK, 10 a year): 2023 received Mon 6 Mar, deadline Mon 3 Apr (+28
  days, no holiday); 6 decided 20 Mar (14 days), 4 on 20 Apr (45 days, late) → 60,0 %
  within term, median 14 days. 2024 received Mon 8 Apr, deadline Mon 6 May; 4 decided
  22 Apr (14 days), 6 on 3 Jun (56 days, late) → 40,0 %, median 56 days.
- gebouwen/energie: one BZK office; gas per full calendar year 20.000.000 m³ (2019),
  16.000.000 (2023), 12.000.000 (2024). × 31,65 MJ/m³: 633,0 / 506,4 / 379,8 TJ, published
  in whole TJ: 633 / 506 / 380 TJ.
  Against 2019: 20 % less in 2023, 40 % less in 2024 (target 30 % by 2030: met early).
"""

from __future__ import annotations

from pathlib import Path

from .conftest import write_csv

YEAR = 2024
PERSONEEL = "peildatum;medewerker_id;ministerie;fte;provincie"
WOO = "verzoek_id;ministerie;ontvangen;besluit;verdaagd;afgesproken_termijn;uitkomst;ingebrekestelling"
GEBOUWEN = "gebouw_id;naam;ministerie;provincie;bvo_m2;kantoor"
ENERGIE = "gebouw_id;drager;van;tot;verbruik;hernieuwbaar_kwh"
GAS_M3 = {2019: 20_000_000, 2023: 16_000_000, 2024: 12_000_000}


def deliveries(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    people = [f"2023-12-31;P{i};BZK;1;PV28" for i in range(30)]
    people += [f"2024-12-31;P{i};BZK;1;PV28" for i in range(36)]
    people += [f"2024-12-31;F{i};FIN;1;PV28" for i in range(7)]
    woo = [f"A{i};BZK;2023-03-06;2023-03-20;nee;;openbaar;" for i in range(6)]
    woo += [f"B{i};BZK;2023-03-06;2023-04-20;nee;;openbaar;" for i in range(4)]
    woo += [f"C{i};BZK;2024-04-08;2024-04-22;nee;;openbaar;" for i in range(4)]
    woo += [f"D{i};BZK;2024-04-08;2024-06-03;nee;;deels;" for i in range(6)]
    gas = [f"G1;gas_m3;{y}-01-01;{y}-12-31;{m3};" for y, m3 in GAS_M3.items()]
    return [
        write_csv(folder / "personeel_2023_2024.csv", PERSONEEL, people),
        write_csv(folder / "woo_verzoeken_2023_2024.csv", WOO, woo),
        write_csv(folder / "gebouwen.csv", GEBOUWEN, ["G1;Turfmarkt 147;BZK;PV28;1000;true"]),
        write_csv(folder / "energie.csv", ENERGIE, gas),
    ]


# --- the team's text for the fixture store (issue 16) ---------------------------------------
# Every section of 2024, each quoting the hand-computed figures above through references;
# one signatory, so the letter speaks as "ik".

CONFIG = """\
[tekst]
map = "redactie"

[kamerbrief]
kamerstuk = "31 490"
titel = "Vernieuwing van de rijksdienst"

[kamerbrief.2024]
verzonden = 2025-05-21
ondertekenaars = [{ ambt = "minister", ministerie = "BZK", naam = "J. de Minister" }]
"""

TEXT = {
    "samenvatting": "Het Rijk groeide tot {{ personnel.fte }} ({{ personnel.fte | verandering }}).\n",
    "personeel": "## Omvang\n\nBij Binnenlandse Zaken werkten {{ personnel.fte@BZK }}.\n",
    "organisatie": "Het Rijk werkt in Zuid-Holland.\n",
    "duurzaamheid": "De gebouwen gebruikten {{ energy.gas_tj }} aardgas, "
    "{{ energy.gas_reduction_vs_2019_pct | procent }} minder dan in 2019.\n",
    "informatiehuishouding": "Over {{ woo.within_term_pct | procent }} van de Woo-verzoeken "
    "werd op tijd beslist, tegen {{ woo.within_term_pct | vorig procent }} in 2023.\n",
    "inkoop": "Over inkoop is dit jaar niets geleverd.\n",
    "huisvesting": "Het Rijk had één kantoor.\n",
    "publieksversie": "Dit is de korte versie, in gewone woorden.\n\n"
    + "\n".join(
        f"## {title} {{#{key}}}\n\nTekst over {title.lower()}.\n"
        for key, title in [
            ("personeel", "Mensen"),
            ("organisatie", "Plaatsen"),
            ("duurzaamheid", "Energie"),
            ("informatiehuishouding", "Informatie"),
            ("inkoop", "Inkopen"),
            ("huisvesting", "Kantoren"),
        ]
    ),
    "kamerbrief": "Hierbij bied ik u de JBR van 2024 aan.[^1]\n\n## 1. Duurzaamheid\n\n"
    "De gebouwen van het Rijk gebruikten {{ energy.gas_tj }} aardgas: "
    "{{ energy.gas_reduction_vs_2019_pct | procent }} minder dan in 2019.\n\n"
    "[^1]: Kamerstukken II, 2023–2024, 31 490, nr. 338.\n",
}


def write_text(folder: Path) -> Path:
    """A project folder with jbr.toml and the complete 2024 text; returns jbr.toml."""
    year = folder / "redactie" / str(YEAR)
    year.mkdir(parents=True, exist_ok=True)
    for key, text in TEXT.items():
        (year / f"{key}.md").write_text(text, encoding="utf-8")
    (folder / "jbr.toml").write_text(CONFIG, encoding="utf-8")
    return folder / "jbr.toml"
