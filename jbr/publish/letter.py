"""``kamerbrief.html``: the cover letter the minister sends with the JBR (SPEC §6, §8).

Modelled on the real letter (Kamerstuk 31 490, nr. 338 of 15 May 2024). The body is the
team's ``kamerbrief.md`` with every figure filled in from the published figures; the
letterhead (Kamerstuk, vergaderjaar, date, sender, signatures) comes from the
configuration (``text/letterhead.py``). Without the team's text the body is the draft the
highlight rules write (``text/draft.py``) and the letter is a concept, marked so.
"""

from __future__ import annotations

from pathlib import Path

from .environment import environment
from .figures import PublishedFigures, published_figures
from .report_data import ReportData
from .text.draft import draft_letter
from .text.editorial import Editorial, TextSource, prepare
from .text.sections import LETTER

REPORT_FILE = "rapport.html"


def letter_body(text: Editorial) -> str:
    """The letter's body as HTML: the team's text, else the rules' draft (a concept)."""
    doc = text.docs.get(LETTER)
    if doc is not None and not doc.empty:
        markdown = doc.text
    else:
        markdown = draft_letter(text.figures.figs, text.letterhead, notes=False)
    return text.render(markdown, base=REPORT_FILE, shift=0, doc_id="brief")


def render_letter(
    data: ReportData,
    lang: str = "nl",
    figures: PublishedFigures | None = None,
    text: Editorial | None = None,
) -> str:
    figures = figures or published_figures(data.values, data.year, lang)
    text = text or prepare(TextSource(None, _no_config(), "none"), data.year, lang, figures)
    head = text.letterhead
    template = environment().get_template("kamerbrief.html.j2")
    # The footnotes go below the signatures, as in a Kamerstuk.
    body, sep, notes = letter_body(text).partition('<hr class="footnotes-sep"')
    return template.render(
        lang=lang,
        year=data.year,
        head=head,
        sender=head.sender(lang) if head.signatories else None,
        body=body,
        notes=sep + notes,
        concept=text.concept,
        report=REPORT_FILE,
    )


def _no_config():  # type: ignore[no-untyped-def]
    from .text.config import Config

    return Config()


def write_letter(
    data: ReportData,
    out: Path,
    lang: str = "nl",
    figures: PublishedFigures | None = None,
    text: Editorial | None = None,
) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "kamerbrief.html"
    path.write_text(render_letter(data, lang, figures, text), encoding="utf-8")
    return path
