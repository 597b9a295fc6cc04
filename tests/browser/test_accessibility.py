"""The publications in a real browser (issue 7, SPEC §6: WCAG 2.1 AA, no axe-core
violations): Debian chromium via Playwright opens rapport.html, publieksversie.html and
kamerbrief.html from a local HTTP server, runs axe-core in the page, and writes a
screenshot of each first page for review (tests/conftest.py: screenshots())."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from ..conftest import AXE, WCAG_TAGS, screenshots
from .conftest import serve

PAGES = ["rapport.html", "publieksversie.html", "kamerbrief.html"]
NB = "\u00a0"


@pytest.fixture(scope="module", params=["nl", "en", "final"])
def site(request):
    """The concept builds in both languages, and the final build with the team's text."""
    final = request.param == "final"
    out = request.getfixturevalue(f"publications_{request.param}")  # tests/worlds.py
    for url in serve(out):
        yield "nl" if final else request.param, url, request.param


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1600})
    yield context.new_page()
    context.close()


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:3]:
            lines.append(f"    {node['target']}: {node['html'][:160]}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGES)
def test_no_axe_violations_at_wcag21_aa(site, page, name):
    lang, url, build = site
    response = page.goto(f"{url}/{name}", wait_until="load")
    assert response is not None and response.status == 200
    assert page.evaluate("document.documentElement.lang") == lang
    shot = f"{name.removesuffix('.html')}-{build}.png"
    page.screenshot(path=str(screenshots() / shot))
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                 resultTypes: ['violations']})""",
        WCAG_TAGS,
    )
    # axe really ran its WCAG rules on the page (a typo in the tags would pass nothing)
    assert len(result["passes"]) + len(result["violations"]) > 10
    assert result["violations"] == [], describe(result["violations"])


def test_a_figure_in_the_letter_links_to_its_indicator(publications_nl, browser, tmp_path_factory):
    for url in serve(publications_nl):
        page = browser.new_page()
        page.goto(f"{url}/kamerbrief.html")
        link = page.locator("main a.figure").first
        indicator = link.get_attribute("href").split("#", 1)[1]
        link.click()
        page.wait_for_url(f"**/rapport.html#{indicator}")
        target = page.evaluate(
            "(id) => { const e = document.getElementById(id);"
            " return e && {top: e.getBoundingClientRect().top, tag: e.tagName}; }",
            unquote(indicator),
        )
        assert target is not None, f"no element with id {indicator} in rapport.html"
        assert abs(target["top"]) < 5  # scrolled to it
        page.close()


def test_charts_are_images_named_by_their_trend(publications_nl, browser, tmp_path_factory):
    for url in serve(publications_nl):
        page = browser.new_page()
        page.goto(f"{url}/publieksversie.html")
        trend = f"Aardgasverbruik daalde van 633{NB}TJ in 2019 naar 380{NB}TJ in 2024."  # unit once
        # what assistive technology gets: a figure captioned with the trend, around an image
        # named by what it shows (not the caption again)
        figure = page.get_by_role("figure").filter(has_text=trend)
        assert figure.count() == 1
        image = figure.get_by_role("img")
        assert image.get_attribute("aria-label").startswith(
            "Lijngrafiek van Aardgasverbruik, Rijk, per jaar van 2019 tot en met 2024"
        )
        page.close()


def test_the_harness_sees_a_violation(page):
    """The check can fail: a page without a language and an image without text fails axe."""
    page.set_content("<html><head><title>x</title></head><body><img src='a.png'></body></html>")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        WCAG_TAGS,
    )
    assert {"html-has-lang", "image-alt"} <= {v["id"] for v in result["violations"]}
