"""``jbr letter draft``: a starting ``kamerbrief.md`` from the highlight rules.

The rules (``highlights.py``, ``rules/kamerbrief.toml``) choose the developments; each
becomes a paragraph with references instead of figures, under a numbered heading per
area, as the real letter numbers its developments. The fixed parts (``draft.toml``) speak
as the signatories do ("wij" or "ik"). Which rule chose what is said in Markdown comments:
notes for the editor that never reach the letter. Pure: figures and letterhead in, text out.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any

from ...indicators import DOMAINS
from ..figures import PublishedFigures
from ..highlights import Highlight, Rules, choose, letter_rules
from .document import DRAFT_MARK
from .letterhead import Letterhead


@cache
def draft_words() -> dict[str, Any]:
    text = resources.files("jbr.publish.text").joinpath("draft.toml").read_text("utf-8")
    return tomllib.loads(text)


def sections(highlights: list[Highlight]) -> list[tuple[str, list[Highlight]]]:
    """The highlights grouped by area, areas in report order; within an area the standing
    subject first (the general picture: the size of the Rijk, the Woo terms)."""
    out = []
    for domain in DOMAINS:
        members = [h for h in highlights if h.domain == domain]
        members.sort(key=lambda h: h.rule != "standing")
        if members:
            out.append((domain, members))
    return out


def count_word(n: int, lang: str) -> str:
    numbers = draft_words()[lang]["numbers"]
    return numbers[n - 1] if 1 <= n <= len(numbers) else str(n)


def draft_letter(
    figs: PublishedFigures,
    letterhead: Letterhead,
    rules: Rules | None = None,
    notes: bool = True,
) -> str:
    """The draft ``kamerbrief.md`` for the reporting year of ``figs``.

    ``notes=False`` leaves out the editor's notes (the draft as a concept letter shows it).
    """
    rules = rules or letter_rules()
    lang, year = figs.lang, figs.year
    words = draft_words()
    voice = words[lang][letterhead.pronoun()]
    chosen = sections(choose(figs, rules))
    fields = {"year": year, "next": year + 1, "count": count_word(len(chosen), lang)}
    parts = []
    if notes:
        note = words["notes"][f"head_{lang}"].format(year=year)
        parts.append(f"<!-- {DRAFT_MARK}: {note} -->")
    parts.append(voice["intro"].format(**fields))
    if chosen:
        parts.append(voice["developments"].format(**fields))
    else:
        parts.append(words[lang]["none"].format(**fields))
    for number, (domain, members) in enumerate(chosen, start=1):
        parts.append(f"## {number}. {rules.section(domain, lang)}")
        for h in members:
            paragraph = h.draft
            if notes:
                name = words["notes"][f"rules_{lang}"].get(h.rule, h.rule)
                rule = words["notes"][f"rule_{lang}"].format(rule=name, indicator=h.indicator)
                paragraph = f"<!-- {rule} -->\n{paragraph}"
            parts.append(paragraph)
    parts.append(voice["closing"].format(**fields))
    return "\n\n".join(parts) + "\n"
