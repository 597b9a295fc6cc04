"""One taxonomy (issue 15): domain = chapter = definitions/<domain>.toml = id prefix =
the module or package that computes it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import jbr.indicators
from jbr.indicators import DOMAINS, catalogue, key_figures
from jbr.indicators.catalogue import ORDER, PREFIXES, declarations, domain_of, in_order
from jbr.indicators.engine import COMPUTATIONS, LISTINGS

PACKAGE = Path(jbr.indicators.__file__).parent
DEFINITIONS = PACKAGE / "definitions"


def declared_in(domain: str) -> list[str]:
    text = (DEFINITIONS / f"{domain}.toml").read_text("utf-8")
    return [e["id"] for e in tomllib.loads(text)["indicator"]]


def test_one_definition_file_per_domain() -> None:
    assert sorted(f.stem for f in DEFINITIONS.glob("*.toml")) == sorted(DOMAINS)


def test_prefixes_belong_to_domains_and_are_used() -> None:
    assert set(PREFIXES.values()) == set(DOMAINS)
    assert {i.id.split(".", 1)[0] for i in catalogue()} == set(PREFIXES)


@pytest.mark.parametrize("domain", list(DOMAINS))
def test_each_indicator_in_its_domains_file_module_and_chapter(domain: str) -> None:
    members = [i for i in catalogue() if i.domain == domain]
    assert members, domain
    # the chapter's order is its file's order
    assert [i.id for i in members] == declared_in(domain)
    module = f"jbr.indicators.{domain}"
    for ind in members:
        assert domain_of(ind.id) == domain, ind.id
        fn = COMPUTATIONS[ind.computation]
        assert fn.__module__ == module or fn.__module__.startswith(f"{module}."), (
            f"{ind.id}: computation {ind.computation} is registered in {fn.__module__}, "
            f"not in {module}"
        )


def test_every_computation_serves_one_domain() -> None:
    domains: dict[str, set[str]] = {}
    for ind in catalogue():
        domains.setdefault(ind.computation, set()).add(ind.domain)
    assert set(domains) == set(COMPUTATIONS)
    assert all(len(d) == 1 for d in domains.values()), domains


def test_order_keeps_every_declaration_once() -> None:
    ids = [e["id"] for e in in_order(declarations())]
    assert sorted(ids) == sorted(i for d in DOMAINS for i in declared_in(d))
    assert len(ids) == len(set(ids)) == len(catalogue())
    assert {d for d, _ in ORDER} == set(DOMAINS)


def write_definitions(folder: Path, misplaced: str = "") -> None:
    """A definitions folder with one entry per domain; ``misplaced`` goes to personnel."""
    for domain in DOMAINS:
        prefix = next(p for p, d in PREFIXES.items() if d == domain)
        ids = [f"{prefix}.x"] + ([misplaced] if misplaced and domain == "personnel" else [])
        text = "".join(f'[[indicator]]\nid = "{i}"\n\n' for i in ids)
        (folder / f"{domain}.toml").write_text(text, "utf-8")


def test_a_declaration_in_another_domains_file_is_refused(tmp_path: Path) -> None:
    write_definitions(tmp_path)
    assert declarations(tmp_path)["personnel"] == [{"id": "personnel.x", "domain": "personnel"}]
    write_definitions(tmp_path, misplaced="ict.x")
    with pytest.raises(ValueError, match="declared in personnel.toml, but its prefix belongs"):
        declarations(tmp_path)


def test_an_unknown_prefix_or_a_file_outside_the_domains_is_refused(tmp_path: Path) -> None:
    write_definitions(tmp_path, misplaced="staff.x")
    with pytest.raises(ValueError, match="unknown prefix 'staff'"):
        declarations(tmp_path)
    write_definitions(tmp_path)
    (tmp_path / "woo.toml").write_text('[[indicator]]\nid = "woo.y"\n', "utf-8")
    with pytest.raises(ValueError, match="one file per domain"):
        declarations(tmp_path)


def test_listings_are_declared_in_the_catalogue_and_made_in_their_domain() -> None:
    listed = [i for i in catalogue() if i.listing is not None]
    assert {i.id for i in listed} >= {"ai.risk_assessed_pct", "energy.gas_tj"}
    for ind in listed:
        assert ind.listing is not None
        fn = LISTINGS[ind.listing.function]
        assert fn.__module__.startswith(f"jbr.indicators.{ind.domain}"), ind.id
        assert ind.listing.caption("nl") and ind.listing.caption("en")
    assert set(LISTINGS) == {i.listing.function for i in listed if i.listing is not None}


def test_key_figures_are_numbered_per_chapter() -> None:
    chosen = key_figures()
    assert chosen and all(i.key_figure for i in chosen)
    for domain in DOMAINS:
        places = [i.key_figure for i in chosen if i.domain == domain]
        assert places == list(range(1, len(places) + 1)), domain
    assert [i.domain for i in chosen] == sorted((i.domain for i in chosen), key=list(DOMAINS).index)
