"""SPEC §6 "the static output stands alone": every link of the written site and the
publications, and every URL of the open data, resolves to a file the build wrote; URLs
are relative unless a public base URL is set, and never name a development host; no
file of the site or the open data is empty."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jbr.cli import app
from jbr.publish.site.urls import relative
from jbr.publish.site.write import write_site as write
from jbr.publish.urls import BaseUrlError, public_base_url

from .conftest import publish_without_review
from .links import LinkChecker, empty_files, figure_urls_without_page

BASE = "https://jbr.example.nl"


def files(out: Path) -> list[Path]:
    return [f for f in (out / "site").rglob("*") if f.is_file()]


@pytest.mark.parametrize(
    ("here", "there", "link", "why"),
    [
        ("/", "/", "index.html", "a page is named by its file: file:// adds no index.html"),
        ("/", "/year/2023/", "year/2023/index.html", "down from the root"),
        ("/", "/assets/site.css", "assets/site.css", "a file keeps its name"),
        ("/indicator/a/2024/FIN/", "/indicator/a/2024/AZ/", "../AZ/index.html", "a sibling"),
        ("/indicator/a/2024/FIN/", "/indicator/a/2024/", "../index.html", "up one"),
        ("/indicator/a/2024/", "/indicator/a/2024/FIN/", "FIN/index.html", "down one"),
        ("/indicator/a/2024/FIN/", "/indicator/a/2024/FIN/", "index.html", "itself"),
        ("/indicator/a/2024/FIN/", "/indicator/a/2023/FIN/", "../../2023/FIN/index.html", "year"),
        ("/en/year/2023/", "/year/2023/", "../../../year/2023/index.html", "other language"),
        ("/data/", "/assets/site.css", "../assets/site.css", "up to a file"),
        ("/year/20234/", "/year/2023/", "../2023/index.html", "a name another begins with"),
        ("/year/2023/", "/year/20234/", "../20234/index.html", "a name that begins another"),
    ],
)
def test_relative_links(here, there, link, why):
    assert relative(here, there) == link, why


@pytest.mark.parametrize(
    ("given", "expected", "why"),
    [
        ("", None, "not set: every URL relative"),
        ("   ", None, "blank is not set"),
        ("https://jbr.example.nl/", BASE, "the trailing slash is dropped"),
        ("https://www.rijksoverheid.nl/jbr", "https://www.rijksoverheid.nl/jbr", "a path"),
        ("http://127.0.0.1:8000", BaseUrlError, "the development server's address"),
        ("http://localhost:8000/", BaseUrlError, "this computer"),
        ("http://jbr.localhost", BaseUrlError, ".localhost is this computer too"),
        ("http://0.0.0.0:8000", BaseUrlError, "every interface of this computer"),
        ("jbr.example.nl", BaseUrlError, "no scheme: not a web address"),
        ("ftp://jbr.example.nl", BaseUrlError, "not the web"),
        ("https://jbr.example.nl/?x=1", BaseUrlError, "a query cannot prefix a path"),
    ],
)
def test_public_base_url(given, expected, why):
    if expected is BaseUrlError:
        with pytest.raises(BaseUrlError):
            public_base_url(given)
    else:
        assert public_base_url(given) == expected, why


def test_a_development_host_is_refused_before_any_work(tmp_path, monkeypatch):
    monkeypatch.setenv("JBR_BASE_URL", "http://127.0.0.1:8000")
    db = tmp_path / "none.duckdb"
    for args in (["build", "--db", str(db), "--out", str(tmp_path / "out")],
                 ["publish", "--year", "2024", "--db", str(db)]):  # fmt: skip
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, result.output
        assert "wijst naar deze computer (127.0.0.1)" in result.output
        assert "Traceback" not in result.output
    assert not db.exists() and not (tmp_path / "out").exists()


def test_the_small_demo_stands_alone(small_demo_published):
    out = small_demo_published
    report = LinkChecker(out).run()
    assert report.broken == [], [f"{b.source}: {b.url} ({b.reason})" for b in report.broken[:10]]
    # every page of both languages, the three publications and the open data were read
    assert report.checked > 100_000
    assert figure_urls_without_page(out) == []
    assert empty_files(out) == []
    assert not list(out.glob("site*.new")) and not (out / "site.old").exists()


def test_a_row_of_a_ministry_that_did_not_exist_links_to_its_nearest_year(small_demo_published):
    """The demo's 2024 reorganisation: EZ, KGG, LVVN and AenM have figures from 2024 only,
    EZK and LNV until 2023. A row of the 2017 table leads to KGG's page of 2024; a row of
    the 2024 table to LNV's page of 2023. Never to a page of a year without the ministry."""
    site = small_demo_published / "site" / "indicator" / "personnel.fte"
    rows = dict(
        re.findall(
            r'id="m-(\w+)"><th scope="row"><a href="([^"]+)"',
            (site / "2017" / "index.html").read_text(encoding="utf-8"),
        )
    )
    assert rows["KGG"] == "../2024/KGG/index.html" and rows["EZ"] == "../2024/EZ/index.html"
    assert rows["LNV"] == "LNV/index.html"  # LNV existed in 2017
    later = dict(
        re.findall(
            r'id="m-(\w+)"><th scope="row"><a href="([^"]+)"',
            (site / "2024" / "index.html").read_text(encoding="utf-8"),
        )
    )
    assert later["LNV"] == "../2023/LNV/index.html" and later["KGG"] == "KGG/index.html"
    assert not (site / "2017" / "KGG").exists() and (site / "2024" / "KGG" / "index.html").is_file()


def test_with_a_public_base_url_the_permanent_urls_are_absolute(site_2024, tmp_path):
    db = site_2024.copy(tmp_path / "world").db  # 2023 and 2024 published (tests/worlds.py)
    out = tmp_path / "out"
    write(db, out, base_url=BASE + "/")
    with open(out / "opendata" / "figures.csv", encoding="utf-8", newline="") as f:
        urls = [row["url"] for row in csv.DictReader(f)]
    assert f"{BASE}/indicator/personnel.headcount/2024/FIN/" in urls  # the permanent URL
    assert all(u.startswith(f"{BASE}/indicator/") for u in urls)
    package = json.loads((out / "opendata" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["id"] == f"{BASE}/opendata/datapackage.json"
    assert package["homepage"] == f"{BASE}/"
    page = (out / "site/indicator/personnel.headcount/2024/FIN/index.html").read_text("utf-8")
    permalink = f"{BASE}/indicator/personnel.headcount/2024/FIN/"
    assert f'<a href="{permalink}">{permalink}</a>' in page
    assert 'href="../AZ/index.html"' in page  # links between pages stay relative
    report = LinkChecker(out, BASE).run()
    assert report.broken == [] and report.checked > 1000
    for file in [*(out / "site").rglob("*"), *(out / "opendata").rglob("*")]:
        if file.suffix in {".html", ".csv", ".json", ".jsonld"}:
            text = file.read_text(encoding="utf-8")
            assert "127.0.0.1" not in text and "localhost" not in text, file


def test_rewriting_an_unchanged_site_writes_nothing(site_2023, tmp_path):
    """The site is updated in place: a second write with nothing new published leaves
    every file as it was (same inode, same time), and removes what no page needs."""
    # 2023 published and the site written (tests/worlds.py), copied: this test rewrites it
    world = site_2023.copy(tmp_path / "world")
    db, out = world.db, world.out
    stray = out / "site" / "indicator" / "gone" / "index.html"
    stray.parent.mkdir(parents=True)
    stray.write_text("<p>old</p>", encoding="utf-8")
    before = {f: (f.stat().st_ino, f.stat().st_mtime_ns) for f in files(out)}
    write(db, out)
    after = {f: (f.stat().st_ino, f.stat().st_mtime_ns) for f in files(out)}
    assert not stray.exists() and not stray.parent.exists()
    del before[stray]
    assert after == before
    publish_without_review(2024, db, without_text=True)
    write(db, out)
    home = (out / "site" / "index.html").read_text(encoding="utf-8")
    assert "Overzicht 2024" in home  # a new publication rewrites what changed
    assert LinkChecker(out).run().broken == []


def test_the_link_checker_finds_each_planted_fault(tmp_path):
    """A small output with a fault of each kind, and the links that only look odd."""
    out = tmp_path / "out"
    site = out / "site"
    (site / "a").mkdir(parents=True)
    (out / "opendata").mkdir()
    (tmp_path / "outside.html").write_text("<p>not the build's</p>", encoding="utf-8")
    (site / "empty.html").write_text("", encoding="utf-8")
    (site / "a" / "café.html").write_text("<p>x</p>", encoding="utf-8")
    (site / "a" / "index.html").write_text(
        '<h1 id="top">A</h1><a href="../index.html#main">up</a>'
        '<a href="../../site/./a//index.html">itself</a><a href="../..">out</a>',
        encoding="utf-8",
    )
    ok = [
        "a/index.html", "a/", "a", "a/index.html#top", "#main", "#anchor", "a/caf%C3%A9.html",
        "https://example.org/x", "mailto:jbr@example.org", "//cdn.example.org/x.js",
    ]  # fmt: skip
    faults = {
        "a/index.html#nowhere": "no id 'nowhere' in the page",
        "#gone": "no id 'gone' in the page",
        "b/index.html": "no such file",
        "empty.html": "no such file",  # an empty file is no page
        "../../outside.html": "no such file",  # a file, but not one the build wrote
        "/etc/hostname": "no such file",  # an absolute path leaves the output
        "a/index.html?x=1": "no such file",  # a query string is part of a file:// path
        "http://localhost:8000/a/": "development host",
        "https://127.0.0.1/": "development host",
    }
    links = "".join(f'<a href="{url}">x</a>' for url in [*ok, *faults])
    (site / "index.html").write_text(
        f'<main id="main"><a name="anchor"></a>{links}<img src="a/gone.png"></main>',
        encoding="utf-8",
    )
    (out / "opendata" / "figures.csv").write_text(
        "url\n../site/a/index.html#top\n../site/zzz/\n", encoding="utf-8"
    )
    report = LinkChecker(out).run()
    broken = [(b.source, b.url, b.reason) for b in report.broken]
    assert broken == [
        ("site/a/index.html", "../..", "no such file"),  # OUT has no index.html
        *[("site/index.html", url, reason) for url, reason in faults.items()],
        ("site/index.html", "a/gone.png", "no such file"),
        ("opendata/figures.csv", "../site/zzz/", "no such file"),
    ]
    assert (report.checked, report.external) == (len(ok) - 3 + len(faults) + 1 + 3 + 2, 3)
    # under a public base URL, its URLs are the site's (and the open data's) files
    checker = LinkChecker(out, BASE)
    source = out / "opendata" / "figures.csv"
    for url, file in [
        (f"{BASE}/a/", site / "a" / "index.html"),
        (f"{BASE}/", site / "index.html"),
        (f"{BASE}/opendata/figures.csv", source),
        (f"{BASE}/zzz/", None),
        ("https://elsewhere.example.nl/a/", None),
    ]:
        assert checker.target(source, url)[0] == (file and file.resolve()), url
