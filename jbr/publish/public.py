"""``publieksversie.html`` / ``.pdf``: the JBR in plain language (SPEC §6, issue 7).

A cover page and one page per area: a few key figures, each large with a one-line
explanation in B1 Dutch (or plain English), a comparison with last year in words
and the trend as a picture (the report's own chart, with its text alternative).
Which figures and what the lines say is data (``rules/publieksversie.toml``); every
number is the report's text for it (``figures.py``), so the two cannot differ.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..indicators import DOMAINS, by_id
from .charts.model import Chart
from .charts.trend import trend_chart
from .environment import environment
from .figures import Change, Figure, PublishedFigures, anchor, published_figures, suppression_note
from .format import day
from .report_data import ReportData

HTML_FILE = "publieksversie.html"
PDF_FILE = "publieksversie.pdf"


@dataclass(frozen=True)
class KeyFigure:
    indicator: str
    title: str
    explain: str
    figure: Figure
    compared: str  # last year in words, "" without a comparison
    target: str  # the target and its status in words, "" without a target
    chart: Chart | None
    anchor: str


@dataclass(frozen=True)
class Area:
    id: str
    title: str
    intro: str
    figures: list[KeyFigure]


@cache
def public_content() -> dict[str, Any]:
    text = resources.files("jbr.publish").joinpath("rules/publieksversie.toml").read_text("utf-8")
    content = tomllib.loads(text)
    known = by_id()
    for area in content["area"]:
        if area["id"] not in DOMAINS:
            raise ValueError(f"publieksversie.toml: unknown area {area['id']!r}")
        for f in area.get("figure", []):
            if f["indicator"] not in known:
                raise ValueError(f"publieksversie.toml: unknown indicator {f['indicator']!r}")
    return content


def compared_text(change: Change | None, lang: str) -> str:
    """Last year in plain words: "Dat is meer dan in 2023. Toen was het 30 fte." """
    if change is None or change.direction is None or change.suppressed:
        return ""
    words = public_content()["words"]
    before = change.year - 1
    key = {"up": "more", "down": "less", "same": "same"}[change.direction]
    return words[f"{key}_{lang}"].format(year=before, previous=change.previous_text)


def target_text(f: Figure, lang: str) -> str:
    """The target and how far it is, in words and a symbol (never colour alone)."""
    ind = by_id()[f.indicator]
    if ind.target is None or not f.target_text or not f.status:
        return ""
    words = public_content()["words"]
    direction = words[f"{ind.target.direction}_{lang}"]
    when = words[f"target_year_{lang}"].format(year=ind.target.year) if ind.target.year else ""
    return words[f"target_{lang}"].format(
        direction=direction,
        target=f.target_text,
        when=when,
        symbol=f.status_symbol,
        status=f.status_text[:1].upper() + f.status_text[1:],
    )


def key_figures(figs: PublishedFigures, charts: Mapping[str, Chart] | None = None) -> list[Area]:
    """The areas and key figures that have a Rijk figure for the reporting year."""
    lang = figs.lang
    areas = []
    for area in public_content()["area"]:
        items = []
        for item in area.get("figure", []):
            f = figs.get(item["indicator"])
            if f is None or f.value is None and not f.suppressed:
                continue  # not delivered or not computable: left out
            chart = (charts or {}).get(f.indicator) or trend_chart(figs, f.indicator)
            items.append(
                KeyFigure(
                    indicator=f.indicator,
                    title=item[f"title_{lang}"],
                    explain=item[f"explain_{lang}"],
                    figure=f,
                    compared=compared_text(figs.change(f.indicator), lang),
                    target=target_text(f, lang),
                    chart=chart,
                    anchor=anchor(f.indicator),
                )
            )
        if items:
            areas.append(Area(area["id"], area[f"title_{lang}"], area[f"intro_{lang}"], items))
    return areas


def render_public(
    data: ReportData,
    lang: str = "nl",
    figures: PublishedFigures | None = None,
    charts: Mapping[str, Chart] | None = None,
    for_print: bool = False,
    text: Any = None,
) -> str:
    figs = figures or published_figures(data.values, data.year, lang)
    areas = key_figures(figs, charts)
    # The editorial layer (issue 16): the team's opening text and page texts replace the
    # rules' titles and intros; without them the public version is a concept.
    lead, pages = (
        text.public("rapport.pdf" if for_print else "rapport.html") if text else (None, {})
    )
    return (
        environment()
        .get_template("publieksversie.html.j2")
        .render(
            lang=lang,
            year=data.year,
            areas=areas,
            any_suppressed=any(k.figure.suppressed for a in areas for k in a.figures),
            suppression_note=suppression_note(lang),
            generated=day(data.generated, lang),
            for_print=for_print,
            prose={"lead": lead, "pages": pages},
            concept=text is None or text.concept,
        )
    )


def write_public(
    data: ReportData,
    out: Path,
    lang: str = "nl",
    figures: PublishedFigures | None = None,
    charts: Mapping[str, Chart] | None = None,
    text: Any = None,
) -> list[Path]:
    """publieksversie.html and, through the report's PDF path, publieksversie.pdf."""
    from .pdf import html_to_pdf

    out.mkdir(parents=True, exist_ok=True)
    figs = figures or published_figures(data.values, data.year, lang)
    html_path = out / HTML_FILE
    html_path.write_text(render_public(data, lang, figs, charts, text=text), encoding="utf-8")
    pdf_path = html_to_pdf(
        render_public(data, lang, figs, charts, for_print=True, text=text),
        out / PDF_FILE,
        base_url=str(out),
    )
    return [html_path, pdf_path]
