"""The project's configuration file ``jbr.toml``: where the text is, and the letterhead.

Found as ``--config FILE``, else ``$JBR_CONFIG``, else ``jbr.toml`` in the working
directory; without one, jbr works without text (every build a concept). Format
(docs/redactie.md)::

    [tekst]
    map = "redactie"                 # the text folder, relative to this file

    [kamerbrief]
    kamerstuk = "31 490"
    titel = "Vernieuwing van de rijksdienst"
    titel_en = "Renewal of the central government service"   # optional

    [kamerbrief.2023]                # the letter on reporting year 2023
    verzonden = 2024-05-15
    nummer = 338                     # once the Tweede Kamer has numbered it
    ondertekenaars = [
      { ambt = "minister", ministerie = "BZK", naam = "H.M. de Jonge" },
      { ambt = "staatssecretaris", ministerie = "BZK", naam = "A.C. van Huffelen" },
    ]

A year's table may also override ``kamerstuk`` and ``titel``. A signatory with an own
title gives ``titel`` (and ``titel_en``) instead of ``ambt`` and ``ministerie``. Every
error names the file, the key and what is allowed.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ...codelists import ministry_by_code
from ...locale import text
from .letterhead import OFFICES, Letterhead, Signatory
from .problems import both

CONFIG_FILE = "jbr.toml"
LETTER_KEYS = {"kamerstuk", "titel", "titel_en", "plaats", "plaats_en"}
YEAR_KEYS = LETTER_KEYS | {"verzonden", "nummer", "ondertekenaars"}
SIGNATORY_KEYS = {"ambt", "ministerie", "naam", "titel", "titel_en"}


class ConfigError(Exception):
    """``jbr.toml`` cannot be used; ``text(lang)`` says where and why."""

    def __init__(self, path: Path, key: str, nl: str, en: str) -> None:
        self.path, self.key, self.nl, self.en = path, key, nl, en
        super().__init__(self.text("en"))

    def text(self, lang: str = "nl") -> str:
        where = f"{self.path}" + (f", {self.key}" if self.key else "")
        return f"{where}: {getattr(self, lang)}"  # self.nl or self.en


@dataclass(frozen=True)
class Config:
    """What ``jbr.toml`` says (an empty Config when there is none)."""

    path: Path | None = None
    text_folder: Path | None = None
    letter: dict[str, Any] = field(default_factory=dict)  # the [kamerbrief] defaults
    letters: dict[int, dict[str, Any]] = field(default_factory=dict)  # per reporting year

    def letterhead(self, year: int) -> Letterhead:
        """The letterhead of the letter on ``year`` (empty fields where nothing is set)."""
        merged = {**self.letter, **self.letters.get(year, {})}
        return Letterhead(
            year=year,
            dossier=str(merged.get("kamerstuk", "")),
            dossier_title_nl=merged.get("titel", ""),
            dossier_title_en=merged.get("titel_en", ""),
            number=merged.get("nummer"),
            sent=merged.get("verzonden"),
            place_nl=merged.get("plaats", text("redactie.brief.plaats", "nl")),
            place_en=merged.get("plaats_en", text("redactie.brief.plaats", "en")),
            signatories=tuple(merged.get("ondertekenaars", ())),
        )


def find_config(given: Path | str | None = None) -> Path | None:
    """``--config``, else ``$JBR_CONFIG``, else ``./jbr.toml`` if it exists."""
    if given:
        return Path(given)
    env = os.environ.get("JBR_CONFIG")
    if env:
        return Path(env)
    local = Path(CONFIG_FILE)
    return local if local.is_file() else None


def load_config(path: Path | None) -> Config:
    if path is None:
        return Config()
    if not path.is_file():
        raise ConfigError(path, "", *both("redactie.config.bestaat_niet"))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(path, "", *both("redactie.config.geen_toml", error=e)) from None
    return parse_config(data, path)


def parse_config(data: dict[str, Any], path: Path) -> Config:
    unknown = set(data) - {"tekst", "kamerbrief"}
    if unknown:
        raise ConfigError(
            path,
            ", ".join(sorted(unknown)),
            *both("redactie.config.onbekende_tabel"),
        )
    text_folder = None
    tekst = data.get("tekst", {})
    if set(tekst) - {"map"}:
        raise ConfigError(path, "tekst", *both("redactie.config.alleen_map"))
    if "map" in tekst:
        text_folder = (path.parent / str(tekst["map"])).resolve()
    letter: dict[str, Any] = {}
    letters: dict[int, dict[str, Any]] = {}
    for key, value in data.get("kamerbrief", {}).items():
        if key.isdigit() and len(key) == 4:
            if not isinstance(value, dict):
                raise ConfigError(path, f"kamerbrief.{key}", *both("redactie.config.moet_tabel"))
            letters[int(key)] = _year(value, int(key), path)
        elif key in LETTER_KEYS:
            letter[key] = _text(value, f"kamerbrief.{key}", path)
        else:
            raise ConfigError(
                path,
                f"kamerbrief.{key}",
                *both(
                    "redactie.config.onbekende_sleutel_brief", known=", ".join(sorted(LETTER_KEYS))
                ),
            )
    return Config(path, text_folder, letter, letters)


def _text(value: Any, key: str, path: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(path, key, *both("redactie.config.moet_tekst"))
    return value.strip()


def _year(table: dict[str, Any], year: int, path: Path) -> dict[str, Any]:
    where = f"kamerbrief.{year}"
    out: dict[str, Any] = {}
    for key, value in table.items():
        if key not in YEAR_KEYS:
            raise ConfigError(
                path,
                f"{where}.{key}",
                *both("redactie.config.onbekende_sleutel", known=", ".join(sorted(YEAR_KEYS))),
            )
        if key in LETTER_KEYS:
            out[key] = _text(value, f"{where}.{key}", path)
        elif key == "verzonden":
            if not isinstance(value, date):
                raise ConfigError(path, f"{where}.verzonden", *both("redactie.config.datum"))
            if value.year <= year:
                raise ConfigError(
                    path,
                    f"{where}.verzonden",
                    *both("redactie.config.niet_na_jaar", day=value.isoformat(), year=year),
                )
            out[key] = value
        elif key == "nummer":
            if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
                raise ConfigError(path, f"{where}.nummer", *both("redactie.config.positief"))
            out[key] = value
        else:
            if not isinstance(value, list) or not value:
                raise ConfigError(
                    path, f"{where}.ondertekenaars", *both("redactie.config.ondertekenaars")
                )
            out[key] = tuple(
                _signatory(s, f"{where}.ondertekenaars[{i + 1}]", path) for i, s in enumerate(value)
            )
    return out


def _signatory(entry: Any, where: str, path: Path) -> Signatory:
    if not isinstance(entry, dict):
        raise ConfigError(path, where, *both("redactie.config.ondertekenaar"))
    extra = set(entry) - SIGNATORY_KEYS
    if extra:
        raise ConfigError(
            path, where, *both("redactie.config.onbekende_sleutels", keys=", ".join(sorted(extra)))
        )
    name = _text(entry.get("naam"), f"{where}.naam", path)
    if entry.get("titel"):
        title = _text(entry["titel"], f"{where}.titel", path)
        title_en = _text(entry.get("titel_en", title), f"{where}.titel_en", path)
        office = str(entry.get("ambt", "minister")).lower()
        return Signatory(
            office if office in OFFICES else "minister",
            str(entry.get("ministerie", "")),
            name,
            title,
            title_en,
        )
    office = str(entry.get("ambt", "")).lower()
    if office not in OFFICES:
        nl, en = (text("redactie.config.of", lang).join(OFFICES) for lang in ("nl", "en"))
        raise ConfigError(
            path,
            f"{where}.ambt",
            text("redactie.config.kies_ambt", "nl", offices=nl),
            text("redactie.config.kies_ambt", "en", offices=en),
        )
    codes = {c.lower(): c for c in ministry_by_code()}
    code = codes.get(str(entry.get("ministerie", "")).lower())
    if code is None:
        raise ConfigError(
            path,
            f"{where}.ministerie",
            *both("redactie.config.onbekend_ministerie", code=repr(entry.get("ministerie"))),
        )
    return Signatory(office, code, name)
