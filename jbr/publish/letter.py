"""``kamerbrief.html``: the draft cover letter the minister sends with the JBR (SPEC §6).

Modelled on the real letter (Kamerstuk 31 490, nr. 338): a short introduction, then
numbered key developments. Which developments is not written by hand but chosen by
the rules in ``rules/kamerbrief.toml`` (``highlights.py``); each quotes its figure
exactly as the report prints it and links to the indicator in ``rapport.html``.
"""

from __future__ import annotations

from pathlib import Path

from .figures import PublishedFigures, published_figures
from .format import day
from .highlights import choose
from .report import ReportData, _environment

REPORT_FILE = "rapport.html"


def parliamentary_year(year: int) -> str:
    """The letter on year Y goes to parliament in May of Y+1, inside session Y–(Y+1)
    (a session runs from the third Tuesday of September)."""
    return f"{year}–{year + 1}"


def render_letter(
    data: ReportData, lang: str = "nl", figures: PublishedFigures | None = None
) -> str:
    figures = figures or published_figures(data.values, data.year, lang)
    highlights = choose(figures)
    template = _environment().get_template("kamerbrief.html.j2")
    return template.render(
        lang=lang,
        year=data.year,
        session=parliamentary_year(data.year),
        highlights=highlights,
        report=REPORT_FILE,
        generated=day(data.generated, lang),
    )


def write_letter(
    data: ReportData, out: Path, lang: str = "nl", figures: PublishedFigures | None = None
) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / "kamerbrief.html"
    path.write_text(render_letter(data, lang, figures), encoding="utf-8")
    return path
