"""Every user-facing text in one place per language (jbr/locale/<lang>/<area>.toml, issue 15).

The catalogue is the contract between the languages: a key that exists in Dutch and not
in English is a page that breaks (KeyError) the first time someone reads it in English;
a placeholder in one language and not the other is a figure that silently vanishes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import Environment

from jbr import locale
from jbr.locale import LANGUAGES, catalogue, install, placeholders, text

PACKAGE = Path(locale.__file__).parent.parent
AREAS = {p.stem for lang in LANGUAGES for p in (locale.FOLDER / lang).glob("*.toml")}


def test_every_key_exists_in_every_language():
    nl, en = (set(catalogue(lang)) for lang in LANGUAGES)
    assert sorted(nl - en) == [], "Dutch texts without an English one"
    assert sorted(en - nl) == [], "English texts without a Dutch one"


def test_every_area_is_a_file_in_every_language():
    for lang in LANGUAGES:
        have = {p.stem for p in (locale.FOLDER / lang).glob("*.toml")}
        assert have == AREAS, f"{lang}: areas missing: {sorted(AREAS - have)}"


def test_placeholders_agree_between_languages():
    nl, en = catalogue("nl"), catalogue("en")
    differ = {
        key: (sorted(placeholders(nl[key])), sorted(placeholders(en[key])))
        for key in nl.keys() & en.keys()
        if placeholders(nl[key]) != placeholders(en[key])
    }
    assert differ == {}


def test_no_text_is_empty_or_untranslated_marker():
    for lang in LANGUAGES:
        bad = [k for k, v in catalogue(lang).items() if not v.strip() or "TODO" in v]
        assert bad == [], f"{lang}: empty or unfinished texts"


# A key in code: a string literal "<area>.<name>" right after t( / text( / raw( whose
# area is a catalogue file. A typo in the name fails here, not in front of a reader.
USE = re.compile(r"""\b(?:t|text|raw|_t)\(\s*["']([a-z0-9_]+)\.([A-Za-z0-9_.]+)["']""")


def used_keys() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in (".py", ".j2") or not path.is_file():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for area, name in USE.findall(line):
                if area in AREAS:
                    where = f"{path.relative_to(PACKAGE)}:{n}"
                    found.setdefault(f"{area}.{name}", []).append(where)
    return found


def test_every_key_used_in_code_and_templates_exists():
    known = set(catalogue("nl"))
    missing = {k: where for k, where in used_keys().items() if k not in known}
    assert missing == {}


def test_the_use_scanner_finds_keys():
    # A scanner that finds nothing passes the test above vacuously.
    line = "x = text(\"rapport.inhoud\", lang) + t('site.zoek')"
    assert USE.findall(line) == [("rapport", "inhoud"), ("site", "zoek")]


# ---- the mechanism ---------------------------------------------------------------------


def test_placeholders_are_the_field_names():
    # "{n:,}" formats n; "{{" is a literal brace, not a field.
    assert placeholders("{n:,} rijen in {file!r}, {{letterlijk}}") == {"n", "file"}
    assert placeholders("geen velden") == set()


def test_flatten_nested_tables_into_dotted_keys():
    into: dict[str, str] = {}
    locale._flatten("rapport", {"kop": "Kop", "tabel": {"bron": "Bron: {x}"}}, into)
    assert into == {"rapport.kop": "Kop", "rapport.tabel.bron": "Bron: {x}"}
    with pytest.raises(TypeError, match="rapport.getal"):
        locale._flatten("rapport", {"getal": 3}, {})


def test_unknown_key_and_language_are_named():
    with pytest.raises(KeyError, match="geen_bestaande.sleutel"):
        text("geen_bestaande.sleutel", "nl")
    with pytest.raises(ValueError, match="fr"):
        catalogue("fr")


def test_templates_escape_fields_but_not_the_catalogue(monkeypatch):
    # The catalogue's own markup (a link in a sentence) stays markup; a field (a file name
    # a supplier chose) is escaped.
    fake = {"nl": {"x.zin": "Zie <a href='#b'>bijlage</a> bij {file}."}, "en": {}}
    monkeypatch.setattr(locale, "catalogue", lambda lang: fake[lang])
    env = install(Environment(autoescape=True))
    out = env.from_string("{{ t('x.zin', file=f) }}").render(nl=True, f="<b>.csv")
    assert out == "Zie <a href='#b'>bijlage</a> bij &lt;b&gt;.csv."
    with pytest.raises(KeyError):  # English asked, English missing: an error, not Dutch
        env.from_string("{{ t('x.zin', file=f) }}").render(lang="en", f="a")


# ---- what is left inline --------------------------------------------------------------

# An inline language branch: a Dutch and an English text side by side in code or a
# template instead of one key in the catalogue.
BRANCH = re.compile(
    r"""lang\s*[!=]=\s*["'](?:nl|en)["']|\bif\s+(?:not\s+)?nl\b|\bnl\s+else\b|\{%-?\s*if\s+(?:not\s+)?nl\s*-?%\}"""
)


def inline_branches() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix not in (".py", ".j2") or not path.is_file() or "locale" in path.parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.relative_to(PACKAGE)}:{n}"] * len(BRANCH.findall(line))
    return found


# Branches that choose something other than a text (a Babel locale, a date order) may stay;
# the number only goes down (issue 15: it was 84 in Python and 87 in templates).
INLINE_CEILING = 12


def test_inline_language_branches_only_go_down():
    assert len(inline_branches()) <= INLINE_CEILING
