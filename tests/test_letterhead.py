"""The Kamerbrief's letterhead (issue 16, SPEC §8): vergaderjaar from the sending date,
sender and signatures from the signatories, "wij" or "ik", and jbr.toml's errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from jbr.publish.text.config import ConfigError, load_config, parse_config
from jbr.publish.text.letterhead import Letterhead, Signatory, prinsjesdag, vergaderjaar


@pytest.mark.parametrize(
    ("year", "day"),
    [
        # The third Tuesday of September, from a calendar.
        (2023, date(2023, 9, 19)),  # 1 September 2023 was a Friday
        (2024, date(2024, 9, 17)),  # a Sunday
        (2025, date(2025, 9, 16)),  # a Monday
        (2026, date(2026, 9, 15)),  # a Tuesday: the 1st is the first, the 15th the third
        (2027, date(2027, 9, 21)),  # a Wednesday: the latest possible date
    ],
)
def test_prinsjesdag(year, day):
    assert prinsjesdag(year) == day


@pytest.mark.parametrize(
    ("sent", "expected", "why"),
    [
        (date(2024, 5, 15), "2023–2024", "the real letter of the JBR 2023 (nr. 338)"),
        (date(2025, 5, 21), "2024–2025", "the letter of the JBR 2024"),
        (date(2024, 9, 16), "2023–2024", "the Monday before Prinsjesdag 2024"),
        (date(2024, 9, 17), "2024–2025", "Prinsjesdag itself opens the new year"),
        (date(2024, 12, 4), "2024–2025", "after Prinsjesdag"),
        (date(2025, 1, 2), "2024–2025", "January belongs to the year begun in September"),
        (date(2026, 9, 14), "2025–2026", "Monday 14 September 2026: Prinsjesdag is the 15th"),
    ],
)
def test_vergaderjaar_from_the_sending_date(sent, expected, why):
    assert vergaderjaar(sent) == expected, why


MINISTER = Signatory("minister", "BZK", "H.M. de Jonge")
STATE_SECRETARY = Signatory("staatssecretaris", "BZK", "A.C. van Huffelen")
FINANCE = Signatory("minister", "FIN", "S.A.M. Dijkgraaf")


@pytest.mark.parametrize(
    ("signatories", "nl", "en", "pronoun"),
    [
        (
            (MINISTER, STATE_SECRETARY),
            "Brief van de Minister en Staatssecretaris van Binnenlandse Zaken en "
            "Koninkrijksrelaties",
            "Letter from the Minister and State Secretary of the Interior and Kingdom Relations",
            "wij",
        ),
        (
            (MINISTER,),
            "Brief van de Minister van Binnenlandse Zaken en Koninkrijksrelaties",
            "Letter from the Minister of the Interior and Kingdom Relations",
            "ik",
        ),
        (
            (MINISTER, FINANCE),
            "Brief van de Minister van Binnenlandse Zaken en Koninkrijksrelaties en de "
            "Minister van Financiën",
            "Letter from the Minister of the Interior and Kingdom Relations and the Minister "
            "of Finance",
            "wij",
        ),
    ],
)
def test_sender_and_pronoun_from_the_signatories(signatories, nl, en, pronoun):
    head = Letterhead(2023, signatories=signatories)
    assert head.sender("nl") == nl
    assert head.sender("en") == en
    assert head.pronoun() == pronoun


def test_signature_lines():
    assert MINISTER.signature("nl") == "De Minister van Binnenlandse Zaken en Koninkrijksrelaties,"
    assert STATE_SECRETARY.signature("en") == (
        "The State Secretary of the Interior and Kingdom Relations,"
    )
    own = Signatory(
        "minister", "BZK", "X", "Minister voor Volkshuisvesting en Ruimtelijke Ordening"
    )
    assert own.signature("nl") == "De Minister voor Volkshuisvesting en Ruimtelijke Ordening,"


CONFIG = """
[tekst]
map = "redactie"

[kamerbrief]
kamerstuk = "31 490"
titel = "Vernieuwing van de rijksdienst"

[kamerbrief.2023]
verzonden = 2024-05-15
nummer = 338
ondertekenaars = [
  { ambt = "minister", ministerie = "BZK", naam = "H.M. de Jonge" },
  { ambt = "Staatssecretaris", ministerie = "bzk", naam = "A.C. van Huffelen" },
]
"""


def test_letterhead_from_the_configuration(tmp_path):
    (tmp_path / "jbr.toml").write_text(CONFIG, encoding="utf-8")
    cfg = load_config(tmp_path / "jbr.toml")
    assert cfg.text_folder == (tmp_path / "redactie").resolve()  # relative to the file
    head = cfg.letterhead(2023)
    assert (head.dossier, head.dossier_title(), head.number) == (
        "31 490",
        "Vernieuwing van de rijksdienst",
        338,
    )
    assert head.vergaderjaar == "2023–2024"
    assert head.dated("nl") == "Den Haag, 15 mei 2024"
    assert head.dated("en") == "The Hague, 15 May 2024"
    assert [s.name for s in head.signatories] == ["H.M. de Jonge", "A.C. van Huffelen"]
    assert head.signatories[1].ministry == "BZK"  # codes case-insensitive, stored canonical
    assert head.missing() == []
    # 2024 has no table: the dossier is known, the rest is missing for a final letter.
    assert [en for _, en in cfg.letterhead(2024).missing()] == [
        "sending date (verzonden)",
        "signatories (ondertekenaars)",
    ]


@pytest.mark.parametrize(
    ("toml", "key", "message"),
    [
        ("[kamerbrief]\nkamerstukk = '31 490'", "kamerbrief.kamerstukk", "onbekende sleutel"),
        ("[kamerbrief.2024]\nverzonden = '2025-05-21'", "kamerbrief.2024.verzonden", "datum"),
        ("[kamerbrief.2024]\nverzonden = 2024-05-21", "kamerbrief.2024.verzonden", "niet na"),
        ("[kamerbrief.2024]\nnummer = -3", "kamerbrief.2024.nummer", "positief"),
        (
            "[kamerbrief.2024]\nondertekenaars = [{ ambt = 'premier', ministerie = 'AZ', naam = 'X' }]",
            "kamerbrief.2024.ondertekenaars[1].ambt",
            "minister of staatssecretaris",
        ),
        (
            "[kamerbrief.2024]\nondertekenaars = [{ ambt = 'minister', ministerie = 'XX', naam = 'X' }]",
            "kamerbrief.2024.ondertekenaars[1].ministerie",
            "onbekende ministeriecode 'XX'",
        ),
        ("[brief]\nx = 1", "brief", "onbekende tabel"),
    ],
)
def test_configuration_errors_name_file_and_key(toml, key, message):
    import tomllib

    with pytest.raises(ConfigError) as e:
        parse_config(tomllib.loads(toml), Path("project/jbr.toml"))
    assert e.value.key == key
    assert e.value.text("nl").startswith(f"project/jbr.toml, {key}: ")
    assert message in e.value.text("nl")


def test_a_broken_toml_file_is_a_clear_error(tmp_path):
    path = tmp_path / "jbr.toml"
    path.write_text("[kamerbrief\n", encoding="utf-8")
    with pytest.raises(ConfigError) as e:
        load_config(path)
    assert "geen geldige TOML" in e.value.text("nl") and "line 1" in e.value.text("nl")
