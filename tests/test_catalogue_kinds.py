"""Catalogue kinds (SPEC §6 "Targets and prognoses are different things"): a prognosis is
declared with its method, bounds and horizon, never with a target, so no computation,
publication or tally can give it a status."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jbr.indicators.catalogue import (
    Prognosis,
    Target,
    by_id,
    catalogue,
    check_kind,
    prognoses_of,
)

PROGNOSIS = Prognosis(
    basis="climate.co2_t",
    method_nl="lineaire trend",
    method_en="linear trend",
    bounds_nl="niet onder 0",
    bounds_en="not below 0",
    horizon=2050,
    year=2030,
)


def _declared(**changes):
    return replace(by_id()["climate.co2_projection_2030_t"], **changes)


@pytest.mark.parametrize(
    "changes, message, why",
    [
        ({"kind": "forecast"}, "unknown kind", "only the kinds of KINDS exist"),
        (
            {"target": Target(0, "at_most", 2030)},
            "no target",
            "a prognosis with a target would get a status",
        ),
        ({"prognosis": None}, "needs [indicator.prognosis]", "a prognosis states its method"),
        (
            {"prognosis": replace(PROGNOSIS, basis="climate.nonexistent")},
            "unknown indicator",
            "the projected indicator must exist",
        ),
        ({"kind": "indicator"}, 'needs kind = "prognosis"', "method without the kind"),
    ],
)
def test_a_malformed_declaration_is_refused(changes, message, why):
    ids = {i.id for i in catalogue()}
    with pytest.raises(ValueError, match=message.replace("[", r"\[")):
        check_kind(_declared(**changes), ids)


def test_the_shipped_prognoses_have_method_bounds_and_no_target():
    prognoses = [i for i in catalogue() if i.is_prognosis]
    assert {i.id for i in prognoses} == {
        "climate.co2_projection_2030_t",
        "climate.co2_neutral_year",
    }
    for ind in prognoses:
        assert ind.target is None and ind.prognosis is not None
        assert ind.prognosis.method("nl") and ind.prognosis.bounds("en")
        # labelled as a prognosis wherever only the label is shown (site, downloads)
        assert ind.label("nl").startswith("Prognose") and ind.label("en").startswith("Prognosis")
    assert by_id()["climate.co2_neutral_year"].prognosis.horizon == 2050
    assert [i.id for i in prognoses_of("climate.co2_t")] == [
        "climate.co2_projection_2030_t",
        "climate.co2_neutral_year",
    ]
    # the target stays with the measured figure
    assert by_id()["climate.co2_t"].target.year == 2030
