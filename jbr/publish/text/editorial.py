"""A year's text, checked against the published figures and ready for the writers.

``text_source`` says where the text and the letterhead come from (``--text``, ``jbr.toml``
or, for the demo, the bundled demo project). ``prepare`` reads the year's files, checks
every reference against the published figures (errors stop the build), looks for numbers
typed by hand that no figure equals (warnings), and lists what a final build still
misses: then the build is a *concept*, marked on every page (SPEC §8).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from ...locale import text
from ..figures import PublishedFigures
from .config import Config, find_config, load_config
from .document import Document, Occurrence, pages, read
from .letterhead import Letterhead
from .numbers import stale_numbers
from .problems import Missing, TextErrors, TextProblem, both
from .references import REFERENCE, Figures, Resolved, parse, problem, resolve
from .render import render
from .sections import DOMAIN_OF_PAGE, LANG_FOLDERS, LETTER, PUBLIC, SECTIONS, SUMMARY

DEMO_PROJECT = "deliveries/demo/project"  # package data of jbr: jbr.toml and redactie/


@dataclass(frozen=True)
class TextSource:
    """Where a build's text and letterhead come from."""

    folder: Path | None  # holds <jaar>/<sectie>.md (and <jaar>/en/...)
    config: Config
    origin: str  # "option" (--text), "config" (jbr.toml), "demo" (bundled) or "none"

    def year_folder(self, year: int, lang: str) -> Path | None:
        if self.folder is None:
            return None
        sub = LANG_FOLDERS[lang]
        return self.folder / str(year) / sub if sub else self.folder / str(year)

    def letterhead(self, year: int) -> Letterhead:
        return self.config.letterhead(year)

    def digest(self, year: int | None) -> str:
        """A fingerprint of the text and letterhead a build used (for build.json)."""
        import hashlib

        h = hashlib.sha256(f"{self.origin}|{self.folder}|{self.config.path}".encode())
        if self.config.path and self.config.path.is_file():
            h.update(self.config.path.read_bytes())
        if self.folder and self.folder.is_dir():
            for f in sorted(self.folder.rglob("*.md")):
                if year is None or f.relative_to(self.folder).parts[0] == str(year):
                    h.update(str(f.relative_to(self.folder)).encode() + f.read_bytes())
        return h.hexdigest()


def demo_project() -> Path:
    """The bundled demo's project folder (jbr.toml and the text of 2023 and 2024)."""
    return Path(str(resources.files("jbr").joinpath(DEMO_PROJECT)))


def text_source(
    text: Path | str | None = None, config: Path | str | None = None, demo: bool = False
) -> TextSource:
    """``--text DIR`` wins, then ``[tekst] map`` of the configuration; a build of the demo
    without either uses the bundled demo text and letterhead."""
    found = find_config(config)
    if found is None and demo:
        cfg = load_config(demo_project() / "jbr.toml")
        folder = Path(text) if text else cfg.text_folder
        return TextSource(folder, cfg, "option" if text else "demo")
    cfg = load_config(found)
    if text:
        return TextSource(Path(text), cfg, "option")
    if cfg.text_folder is not None:
        return TextSource(cfg.text_folder, cfg, "config")
    return TextSource(None, cfg, "none")


def _shown(path: Path) -> str:
    """A path as the editor knows it: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_year(source: TextSource, year: int, lang: str) -> dict[str, Document]:
    """The year's section files that exist, by section key."""
    folder = source.year_folder(year, lang)
    if folder is None or not folder.is_dir():
        return {}
    out = {}
    for s in SECTIONS:
        path = folder / s.file
        if path.is_file():
            out[s.key] = read(path, _shown(path))
    return out


def public_areas() -> list[str]:
    """The areas the public version has a page for (rules/publieksversie.toml)."""
    from ..public import public_content

    return [a["id"] for a in public_content()["area"]]


def missing_parts(
    source: TextSource, year: int, lang: str, docs: dict[str, Document], letterhead: Letterhead
) -> list[Missing]:
    """What a final build of ``year`` needs and is not there."""
    folder = source.year_folder(year, lang)
    if folder is None:
        return [Missing(f"{year}/", *both("redactie.ontbreekt_deel.geen_map"))]
    shown = _shown(folder)
    out = []
    for s in SECTIONS:
        doc = docs.get(s.key)
        if doc is None:
            out.append(Missing(f"{shown}/{s.file}", *both("redactie.ontbreekt_deel.bestand")))
        elif doc.empty:
            out.append(Missing(doc.path, *both("redactie.ontbreekt_deel.leeg")))
    public = docs.get(PUBLIC)
    if public is not None and not public.empty:
        lead, found = pages(public)
        if not lead.strip():
            out.append(Missing(public.path, *both("redactie.ontbreekt_deel.opening")))
        keys = {p.key for p in found}
        for area in public_areas():
            key = next(k for k, d in DOMAIN_OF_PAGE.items() if d == area)
            if key not in keys:
                out.append(Missing(public.path, *both("redactie.ontbreekt_deel.pagina", key=key)))
    letter = docs.get(LETTER)
    if letter is not None and letter.is_draft:
        out.append(Missing(letter.path, *both("redactie.ontbreekt_deel.ontwerp")))
    where = (
        f"{_shown(source.config.path) if source.config.path else 'jbr.toml'} [kamerbrief.{year}]"
    )
    for nl, en in letterhead.missing():
        said = (
            text("redactie.ontbreekt.zin", "nl", what=nl),
            text("redactie.ontbreekt.zin", "en", what=en),
        )
        out.append(Missing(where, *said))
    return out


_PRONOUNS = {
    ("nl", "ik"): re.compile(r"\b(wij|we|ons|onze)\b", re.IGNORECASE),
    ("nl", "wij"): re.compile(r"\b(ik|mij|mijn)\b", re.IGNORECASE),
    ("en", "ik"): re.compile(r"\b(we|our|us)\b", re.IGNORECASE),
    ("en", "wij"): re.compile(r"\b(I|my|me)\b"),
}


def pronoun_problems(doc: Document, letterhead: Letterhead, lang: str) -> list[TextProblem]:
    """The letter speaks as its signatories: "wij" for two or more, "ik" for one."""
    if not letterhead.signatories:
        return []
    n = len(letterhead.signatories)
    expected = letterhead.pronoun()
    pattern = _PRONOUNS[(lang, expected)]
    blanked = REFERENCE.sub(lambda m: " " * len(m.group(0)), doc.text)
    out = []
    for number, line in enumerate(blanked.split("\n"), start=1):
        found = pattern.search(line)
        if found:
            key = "redactie.detail.ondertekenaars" if n != 1 else "redactie.detail.ondertekenaar"
            nl, en = (
                text(key, lang, n=n, pronoun=text(f"redactie.voornaamwoord.{expected}", lang))
                for lang in ("nl", "en")
            )
            out.append(
                TextProblem(doc.path, number, found.start() + 1, found.group(0), "pronoun", nl, en)
            )
    return out


def _unit_twice(doc: Document, occ: Occurrence, fmt: str, found: Resolved) -> bool:
    """ "{{ ict.vacancies }} ICT-vacatures" reads "1.075 vacatures ICT-vacatures": the word
    after a figure written with its unit repeats that unit."""
    unit = found.figure.unit
    if fmt not in ("waarde", "vorig") or len(unit) < 3 or not unit.isalpha():
        return False
    after = doc.text[occ.start + len(occ.raw) :].split("\n", 1)[0].split()
    return bool(after) and unit.lower() in after[0].lower()


def check_documents(
    docs: dict[str, Document], figures: Figures, year: int, letterhead: Letterhead | None = None
) -> list[TextProblem]:
    """Every problem in the year's text: references (errors), typed numbers and the
    letter's pronoun (warnings), unknown public pages (errors)."""
    out: list[TextProblem] = []
    for key, doc in docs.items():
        for occ in doc.unclosed:
            out.append(TextProblem(doc.path, occ.line, occ.column, occ.raw, "unclosed"))
        for occ in doc.references:
            parsed = parse(occ.raw)
            found = parsed if isinstance(parsed, tuple) else resolve(parsed, year, figures)
            if isinstance(found, tuple):
                out.append(problem(doc.path, occ.line, occ.column, occ.raw, found, year))
            elif not isinstance(parsed, tuple) and _unit_twice(doc, occ, parsed.format, found):
                fixed = occ.raw.replace("}}", "| getal }}") if "|" not in occ.raw else occ.raw
                out.append(
                    TextProblem(doc.path, occ.line, occ.column, occ.raw, "unit_twice", fixed, fixed)
                )
        out += stale_numbers(doc, figures, year)
        if key == PUBLIC:
            _, found_pages = pages(doc)
            for page in found_pages:
                if page.key not in DOMAIN_OF_PAGE:
                    keys = ", ".join(DOMAIN_OF_PAGE)
                    out.append(
                        TextProblem(
                            doc.path, page.line, 1, f"{{#{page.key}}}", "page_unknown", keys, keys
                        )
                    )
        if key == LETTER and letterhead is not None:
            out += pronoun_problems(doc, letterhead, figures.lang)
    return sorted(out, key=lambda p: (p.file, p.line, p.column))


@dataclass
class Editorial:
    """The year's text for the writers: rendered sections, concept or final."""

    year: int
    lang: str
    source: TextSource
    docs: dict[str, Document]
    figures: Figures
    letterhead: Letterhead
    missing: list[Missing] = field(default_factory=list)
    problems: list[TextProblem] = field(default_factory=list)

    @property
    def concept(self) -> bool:
        return bool(self.missing)

    @property
    def warnings(self) -> list[TextProblem]:
        return [p for p in self.problems if not p.is_error]

    def resolver(self) -> Callable[[str], Resolved]:
        def resolve_raw(raw: str) -> Resolved:
            parsed = parse(raw)
            assert not isinstance(parsed, tuple), raw  # checked before rendering
            found = resolve(parsed, self.year, self.figures)
            assert isinstance(found, Resolved), raw
            return found

        return resolve_raw

    def render(self, markdown: str, base: str | None = "", shift: int = 2, doc_id: str = "") -> str:
        """HTML of ``markdown``; figures link to their section in the report at ``base``
        ("" inside the report itself, "rapport.html" elsewhere, None: no links)."""
        return render(
            markdown,
            self.resolver(),
            link=(lambda r: f"{base}#{r.anchor}") if base is not None else None,
            shift=shift,
            doc_id=doc_id,
            lang=self.lang,
        )

    def section(self, key: str, base: str = "", shift: int = 2) -> str | None:
        """A section's HTML, or None when it is not written."""
        doc = self.docs.get(key)
        if doc is None or doc.empty:
            return None
        return self.render(doc.text, base, shift, doc_id=key)

    def summary(self, base: str = "") -> str | None:
        return self.section(SUMMARY, base)

    def chapter(self, domain: str, base: str = "") -> str | None:
        from .sections import chapter_key

        return self.section(chapter_key(domain), base)

    def public(
        self, base: str | None = "rapport.html"
    ) -> tuple[str | None, dict[str, tuple[str, str]]]:
        """The public version's opening text and its pages: area → (title, HTML)."""
        doc = self.docs.get(PUBLIC)
        if doc is None or doc.empty:
            return None, {}
        lead, found = pages(doc)
        out: dict[str, tuple[str, str]] = {}
        for page in found:
            area = DOMAIN_OF_PAGE.get(page.key)
            if area:
                out[area] = (page.title, self.render(page.text, base, 1, doc_id=f"p-{page.key}"))
        return (self.render(lead, base, 1, doc_id="p") if lead.strip() else None), out


def prepare(
    source: TextSource,
    year: int,
    lang: str,
    figs: PublishedFigures,
    years: set[int] | None = None,
) -> Editorial:
    """Read and check the year's text; ``TextErrors`` when a reference is wrong."""
    docs = read_year(source, year, lang)
    letterhead = source.letterhead(year)
    figures = Figures(figs, years)
    problems = check_documents(docs, figures, year, letterhead)
    if any(p.is_error for p in problems):
        raise TextErrors(problems)
    missing = missing_parts(source, year, lang, docs, letterhead)
    return Editorial(year, lang, source, docs, figures, letterhead, missing, problems)
