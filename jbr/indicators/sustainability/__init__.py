"""Sustainability (SPEC §5.3, chapter "Duurzaamheid"): energy (``energy``), the EU
gas-saving periods (``saving``), business flights (``travel``) and the CO2 of operations
with its projection (``climate``)."""

from . import climate, energy, saving, travel  # noqa: F401  (register the computations)
