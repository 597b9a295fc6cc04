"""The editorial layer in ``jbr build``, ``jbr publish`` and on the command line (issue 16):
concept without the text, final with it, refusals that name what is missing, wrong
references that stop the build with file and line, ``jbr text check`` and
``jbr letter draft``. The store and text are tests/publications.py's fixtures."""

from __future__ import annotations

import json
import shutil

import lxml.html
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

import jbr
from jbr import api
from jbr.cli import app
from jbr.publish.text.problems import TextErrors, TextIncomplete

from .conftest import publish_without_review
from .publications import YEAR, deliveries, write_text

NB = "\u00a0"
PUBLICATIONS = ("rapport.html", "publieksversie.html", "kamerbrief.html")


@pytest.fixture(scope="module")
def concept(publications_nl, tmp_path_factory):
    return publications_nl


@pytest.fixture(scope="module")
def final(publications_final, tmp_path_factory):
    return publications_final


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A store of the fixture deliveries, and a project with the complete text."""
    tmp = tmp_path_factory.mktemp("text-store")
    jbr.load(deliveries(tmp / "in"), db=tmp / "store.duckdb")
    return tmp / "store.duckdb"


@pytest.fixture
def project(tmp_path):
    write_text(tmp_path / "project")
    return tmp_path / "project"


def pdf_pages(path):
    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


@pytest.mark.parametrize("name", PUBLICATIONS)
def test_without_text_every_publication_is_a_concept(concept, name):
    doc = lxml.html.parse(str(concept / name)).getroot()
    assert doc.findtext(".//title").startswith("Concept – ")
    (note,) = doc.find_class("concept-note")
    assert note.text_content().startswith("Concept: deze tekst is nog niet vastgesteld")
    html = (concept / name).read_text("utf-8")
    assert 'body::before { content: "CONCEPT"; position: fixed' in html  # on every page


@pytest.mark.parametrize("name", ["rapport.pdf", "publieksversie.pdf"])
def test_the_concept_watermark_is_on_every_printed_page(concept, name):
    pages = pdf_pages(concept / name)
    assert len(pages) > 1
    assert all("CONCEPT" in text for text in pages)


@pytest.mark.parametrize("name", PUBLICATIONS)
def test_a_final_build_carries_no_concept_marking(final, name):
    html = (final / name).read_text("utf-8")
    doc = lxml.html.fromstring(html)
    assert not doc.findtext(".//title").startswith("Concept")
    assert not doc.find_class("concept-note")
    assert "CONCEPT" not in html


@pytest.mark.parametrize("name", ["rapport.pdf", "publieksversie.pdf"])
def test_a_final_pdf_has_no_watermark(final, name):
    assert not any("CONCEPT" in text for text in pdf_pages(final / name))


def test_the_report_puts_each_chapters_prose_before_its_figures(final):
    doc = lxml.html.parse(str(final / "rapport.html")).getroot()
    (chapter,) = doc.xpath("//section[@id='information']")
    children = [c for c in chapter if isinstance(c.tag, str)]
    assert [c.tag for c in children[:2]] == ["h2", "div"]
    prose = children[1]
    assert prose.get("class") == "prose"
    # Hand-computed (tests/publications.py): Woo 4 of 10 on time in 2024, 6 of 10 in 2023.
    assert prose.text_content().strip() == (
        "Over 40,0 procent van de Woo-verzoeken werd op tijd beslist, tegen 60,0 procent in 2023."
    )
    (link,) = [a for a in prose.iter("a") if a.text == "40,0 procent"]
    assert link.get("href") == "#woo.within_term_pct"
    assert doc.xpath("//*[@id='woo.within_term_pct']")  # the link resolves in the page
    summary = doc.xpath("//section[@id='samenvatting']/div[@class='prose']")[0]
    assert summary.text_content().strip() == f"Het Rijk groeide tot 43{NB}fte (+43,3{NB}%)."


def test_the_letter_is_the_teams_text_under_the_configured_letterhead(final):
    doc = lxml.html.parse(str(final / "kamerbrief.html")).getroot()
    text = doc.text_content()
    assert "Vergaderjaar 2024–2025" in text  # sent 21 May 2025, before Prinsjesdag 2025
    assert "31 490" in text and "Vernieuwing van de rijksdienst" in text
    assert (
        doc.findtext(".//h1")
        == "Brief van de Minister van Binnenlandse Zaken en Koninkrijksrelaties"
    )
    assert "Den Haag, 21 mei 2025" in text
    (signature,) = doc.find_class("signature")
    assert signature.text_content() == (
        "De Minister van Binnenlandse Zaken en Koninkrijksrelaties,J. de Minister"
    )
    body = doc.find_class("letter-body")[0].text_content()
    # 12.000.000 m³ × 31,65 MJ = 379,8 TJ → 380 TJ; 40 % less than 2019's 20.000.000 m³
    assert f"De gebouwen van het Rijk gebruikten 380{NB}TJ aardgas: 40,0 procent minder" in body
    # The footnote comes after the signature, as in a Kamerstuk.
    html = (final / "kamerbrief.html").read_text("utf-8")
    assert html.index('class="signature"') < html.index(
        "Kamerstukken II, 2023–2024, 31 490, nr. 338"
    )
    for process_note in ("jbr", "regel", "niet met de hand", "[naam]", "{{", "concept"):
        assert process_note not in text, process_note


def test_final_refuses_an_incomplete_text_naming_what_is_missing(tmp_path, project, store):
    (project / "redactie" / str(YEAR) / "huisvesting.md").unlink()
    (project / "redactie" / str(YEAR) / "inkoop.md").write_text("<!-- nog schrijven -->\n")
    with pytest.raises(TextIncomplete) as e:
        jbr.build(
            year=YEAR, out=tmp_path / "out", db=store, config=project / "jbr.toml", final=True
        )
    missing = [m.text("nl") for m in e.value.missing]
    assert any(m.endswith("redactie/2024/huisvesting.md: ontbreekt") for m in missing), missing
    assert any(m.endswith("redactie/2024/inkoop.md: is leeg") for m in missing), missing
    assert not (tmp_path / "out").exists()  # refused before anything was written


def test_final_refusal_on_the_command_line(tmp_path, project, store):
    (project / "redactie" / str(YEAR) / "kamerbrief.md").unlink()
    args = ["build", "--year", str(YEAR), "--out", str(tmp_path / "out"), "--db", str(store)]
    result = CliRunner().invoke(app, [*args, "--config", str(project / "jbr.toml"), "--final"])
    assert result.exit_code == 1
    assert "De tekst van 2024 is niet compleet" in result.output
    assert "redactie/2024/kamerbrief.md: ontbreekt" in result.output
    assert "Geen definitieve build" in result.output


def test_a_wrong_reference_stops_the_build_with_file_and_line(tmp_path, project, store):
    path = project / "redactie" / str(YEAR) / "personeel.md"
    path.write_text(path.read_text() + "Bij Financiën: {{ personnel.fte@FIN }}.\n")
    with pytest.raises(TextErrors) as e:
        jbr.build(year=YEAR, out=tmp_path / "out", db=store, config=project / "jbr.toml")
    (p,) = [p for p in e.value.problems if p.is_error]
    assert (p.file.endswith("redactie/2024/personeel.md"), p.line, p.column, p.rule) == (
        True,
        4,
        16,
        "suppressed",  # FIN has 7 persons in 2024
    )
    assert not (tmp_path / "out" / "rapport.html").exists()


def test_text_check_on_the_command_line(project, store):
    path = project / "redactie" / str(YEAR) / "samenvatting.md"
    args = [
        "text",
        "check",
        "--year",
        str(YEAR),
        "--db",
        str(store),
        "--config",
        str(project / "jbr.toml"),
    ]
    ok = CliRunner().invoke(app, args)
    assert ok.exit_code == 0, ok.output
    assert "Geen fouten of waarschuwingen." in ok.output
    assert "Definitief: de tekst van 2024 is compleet." in ok.output
    # A stale hand-typed figure is a warning (exit 0), a wrong reference an error (exit 1).
    path.write_text("Het Rijk groeide tot 41 fte.\n\nZie {{ personnel.fte:2015 }}.\n")
    result = CliRunner().invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    found = [(p["line"], p["column"], p["rule"], p["severity"]) for p in report["problems"]]
    assert found == [(1, 22, "stale_number", "warning"), (3, 5, "unknown_year", "error")]
    assert report["final"] is True  # complete, though wrong: the build would stop


def test_text_check_without_a_store_checks_the_syntax(tmp_path, project):
    path = project / "redactie" / str(YEAR) / "samenvatting.md"
    path.write_text("{{ personnel.fte | vet }} en {{ personnel.fte@ABC }}\n")
    result = api.text_check(YEAR, config=project / "jbr.toml", db=tmp_path / "none.duckdb")
    assert result.figures is False
    assert [p.rule for p in result.problems] == ["unknown_format", "unknown_ministry"]


def test_publish_refuses_a_year_whose_text_is_incomplete(tmp_path, project, store):
    db = tmp_path / "store.duckdb"
    shutil.copy(store, db)
    (project / "redactie" / str(YEAR) / "publieksversie.md").write_text("Alleen een inleiding.\n")
    with pytest.raises(TextIncomplete) as e:
        api.publish(YEAR, db=db, config=project / "jbr.toml")
    assert "pagina {#personeel} ontbreekt" in e.value.missing[0].text("nl")
    from jbr.store.access.published import publications

    assert publications(db) == []  # nothing lifted
    # A year whose report was made outside jbr: the figures only, on request.
    assert (
        publish_without_review(YEAR, db, config=project / "jbr.toml", without_text=True).version
        == 1
    )


def test_publish_on_the_command_line_names_what_is_missing(tmp_path, project, store):
    db = tmp_path / "store.duckdb"
    shutil.copy(store, db)
    (project / "jbr.toml").write_text(
        (project / "jbr.toml").read_text().replace("verzonden = 2025-05-21\n", "")
    )
    args = ["publish", "--year", str(YEAR), "--db", str(db), "--no-site"]
    result = CliRunner().invoke(app, [*args, "--config", str(project / "jbr.toml")])
    assert result.exit_code == 1
    assert "[kamerbrief.2024]: datum van verzending (verzonden) ontbreekt" in result.output
    assert "2024 is niet gepubliceerd" in result.output


def test_letter_draft_writes_a_starting_letter_with_references(tmp_path, store):
    folder = tmp_path / "redactie"
    args = ["letter", "draft", "--year", str(YEAR), "--db", str(store), "--text", str(folder)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    path = folder / str(YEAR) / "kamerbrief.md"
    draft = path.read_text("utf-8")
    assert draft.startswith("<!-- jbr letter draft: ")
    # Without a letterhead the draft speaks as one minister ("ik").
    assert "Hierbij bied ik u de JBR van 2024 aan." in draft
    # numbered sections per area; the gas target met early is the second (after personnel)
    assert "## 2. Duurzaamheid" in draft
    assert "{{ energy.gas_reduction_vs_2019_pct }}" in draft
    # Every reference in it resolves: the text check finds no error.
    check = api.text_check(YEAR, text=folder, db=store)
    assert check.errors == []
    # A draft is not a final letter, and is not overwritten without --force.
    assert any("kamerbrief.md: is nog het ontwerp" in m.text("nl") for m in check.missing)
    again = CliRunner().invoke(app, args)
    assert again.exit_code == 1 and "--force" in again.output
