"""Information management and ICT (SPEC §5.2, §5.5, chapter "Informatiehuishouding en
ICT"): the Woo (``woo``), generative AI (``ai``), the ICT workforce and projects (``ict``)."""

from . import ai, ict, woo  # noqa: F401  (register the computations)
