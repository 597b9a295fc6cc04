"""jbr: the Jaarrapportage Bedrijfsvoering Rijk as one reproducible pipeline.

    deliveries → validate → store → indicators → publications

The public API mirrors the CLI: ``jbr.validate``, ``jbr.load``,
``jbr.indicators``, ``jbr.build``, ``jbr.demo``, ``jbr.template``.
"""

from .api import build, demo, indicators, load, template, validate

__version__ = "0.1.0"
__all__ = ["build", "demo", "indicators", "load", "template", "validate"]
