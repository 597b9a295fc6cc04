"""pa11y with HTML_CodeSniffer (WCAG 2 AA), a second validator beside axe-core (issue 18),
on every page type: the site's overview, indicator, ministry and data pages as ``jbr serve``
serves them, the report, the public version and the letter, and the delivery portal's
sign-in, delivery, result and delivery-detail pages.

pa11y is the npm package (package.json, installed by `make setup`), called through node
(tests/browser/pa11y_run.cjs); it drives Debian's chromium through puppeteer's
executablePath and never downloads a browser. Nothing skips: a missing node, pa11y or
chromium is a failed setup. Every page must have no error and no warning — among them the
ones issue 18 found: a select without an initially selected option as an attribute
(H91.Select.Value), a select without optgroup (H85.2), links side by side outside a list
(H48).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ..conftest import CHROMIUM, CHROMIUM_ARGS, ROOT
from ..web_server import WOO_HEADER, Store, copy_store, running
from .conftest import serve

RUNNER = ROOT / "tests" / "browser" / "pa11y_run.cjs"
PA11Y = ROOT / "node_modules" / "pa11y" / "package.json"


def pa11y(pages: list[dict], tmp_path: Path) -> dict:
    """Run pa11y on ``pages`` (see pa11y_run.cjs) and return its JSON report."""
    node = shutil.which("node")
    assert node, "node is missing: `make setup` installs nodejs"
    assert PA11Y.exists(), f"{PA11Y} is missing: `make setup` runs npm ci"
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: `make setup` installs chromium"
    job = tmp_path / "pa11y-job.json"
    job.write_text(
        json.dumps({"chromium": str(CHROMIUM), "args": CHROMIUM_ARGS, "pages": pages}),
        encoding="utf-8",
    )
    run = subprocess.run(
        [node, str(RUNNER), str(job)],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "PUPPETEER_SKIP_DOWNLOAD": "1", "HOME": str(tmp_path)},
    )
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert [p["name"] for p in report["pages"]] == [p["name"] for p in pages]
    return report


def findings(report: dict) -> list[str]:
    """Every error and warning, one line each, to show in a failing assertion."""
    return [
        f"{page['name']}: {i['type']} {i['code']} at {i['selector']}: {i['message']}"
        for page in report["pages"]
        for i in page["issues"]
        if i["type"] in ("error", "warning")
    ]


@pytest.fixture(scope="module")
def dashboard(site_2024, tmp_path_factory):
    """The small hand-made store with 2023 and 2024 published (tests/worlds.py), its site
    served by jbr serve (on a copy: serving may write to the store)."""
    site = site_2024.copy(tmp_path_factory.mktemp("pa11y-site") / "world")
    with running(Store(site.db, site.out, {})) as live:
        yield live


@pytest.fixture(scope="module")
def portal(web_store, tmp_path_factory):
    store = copy_store(web_store, tmp_path_factory.mktemp("pa11y-portal"))
    with running(store) as live:
        yield live, store


def test_the_site_pages_pass_pa11y(dashboard, tmp_path):
    url = dashboard.url
    pages = [
        {"name": "overzicht", "url": f"{url}/"},
        {"name": "overzicht-jaar", "url": f"{url}/year/2023/"},
        {"name": "indicator", "url": f"{url}/indicator/personnel.headcount/2024/"},
        {"name": "indicator-categorieen", "url": f"{url}/indicator/ict.project_overrun_pct/2023/"},
        {"name": "indicator-ministerie", "url": f"{url}/indicator/personnel.headcount/2024/FIN/"},
        {"name": "ministerie", "url": f"{url}/ministry/FIN/2024/"},
        {"name": "data", "url": f"{url}/data/"},
        {"name": "english", "url": f"{url}/en/indicator/personnel.headcount/2024/"},
    ]
    report = pa11y(pages, tmp_path)
    assert findings(report) == []
    # the enhanced filters were there to be checked: select boxes (year, ministry) with their
    # options in groups (year; Rijk and Ministeries) and one selected option each
    selects = {p["name"]: p["selects"] for p in report["pages"]}
    assert selects["indicator"] == [{"groups": 1, "selected": 1}, {"groups": 2, "selected": 1}]
    assert selects["overzicht"][1] == {"groups": 1, "selected": 1}  # "Kies…": no ministry yet


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_publications_pass_pa11y(lang, request, tmp_path):
    for url in serve(request.getfixturevalue(f"publications_{lang}")):  # tests/worlds.py
        pages = [
            {"name": name, "url": f"{url}/{name}.html"}
            for name in ("rapport", "publieksversie", "kamerbrief")
        ]
        assert findings(pa11y(pages, tmp_path)) == []


def test_the_portal_pages_pass_pa11y(portal, tmp_path):
    server, store = portal
    bad = tmp_path / "woo_verzoeken_FIN_2024.csv"
    bad.write_text(
        WOO_HEADER + "\nX-1;FIN;gisteren;;false;openbaar\nX-2;FIN;2024-02-30;;false;openbaar\n",
        encoding="utf-8",
    )
    pages = [
        {"name": "aanmelden", "url": f"{server.url}/portal"},
        {
            "name": "leveren",
            "steps": [
                {"goto": f"{server.url}/portal"},
                {"fill": ["#token", store.tokens["fin"]]},
                {"click": "form[action='/portal/aanmelden'] button[type=submit]"},
            ],
        },
        {
            "name": "uitslag",
            "steps": [
                {"goto": f"{server.url}/portal?lang=nl"},
                {"upload": ["#file", str(bad)]},
                {"click": "form[action='/portal/leveren'] button[type=submit]"},
            ],
        },
        {"name": "levering", "steps": [{"goto": f"{server.url}/portal/leveringen/1?lang=nl"}]},
        {"name": "aanmelden-en", "url": f"{server.url}/portal?lang=en"},
    ]
    report = pa11y(pages, tmp_path)
    urls = {p["name"]: p["url"] for p in report["pages"]}
    titles = {p["name"]: p["title"] for p in report["pages"]}
    assert urls["leveren"].endswith("/portal?lang=nl")  # signed in
    assert titles["leveren"].startswith("Leveringsportaal")
    assert urls["uitslag"].endswith("/portal/leveren")  # the rejected upload's result page
    assert titles["uitslag"].startswith("Uitslag van de levering")
    assert titles["levering"].startswith("Levering 1")  # the upload just made, not "not found"
    assert findings(report) == []


def test_the_harness_sees_errors_and_warnings(tmp_path):
    """The check can fail, and runs Debian's chromium: an image without alt text is an
    error; a select without optgroup or selected option, and two links in a paragraph,
    are the warnings issue 18 named."""
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>Proef</title></head>'
        '<body><main><h1>Proef</h1><img src="a.png"><form><label for="s">Jaar</label>'
        '<select id="s"><option value="a">2024</option><option value="b">2023</option></select>'
        '<button type="submit">Toon</button></form>'
        '<p><a href="a.html">CSV</a> · <a href="b.html">XLSX</a></p></main></body></html>',
        encoding="utf-8",
    )
    report = pa11y([{"name": "bad", "url": page.as_uri()}], tmp_path)
    codes = {i["code"].split(".", 3)[-1] for i in report["pages"][0]["issues"]}
    assert {"1_1_1.H37", "4_1_2.H91.Select.Value", "1_3_1.H85.2", "1_3_1.H48"} <= codes
    version = subprocess.run([str(CHROMIUM), "--version"], capture_output=True, text=True).stdout
    major = re.search(r"(\d+)\.\d+\.\d+\.\d+", version)
    assert major and f"/{major.group(1)}." in report["browser"], (version, report["browser"])
