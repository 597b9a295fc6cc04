"""jbr: the Jaarrapportage Bedrijfsvoering Rijk as one reproducible pipeline.

    deliveries → validate → store → indicators → publications

The public API mirrors the CLI: ``jbr.validate``, ``jbr.load``,
``jbr.indicators``, ``jbr.build``, ``jbr.demo``, ``jbr.template``.
"""

import sys
import types
from importlib.metadata import version
from typing import Any


class _IndicatorsPackage(types.ModuleType):
    """The subpackage ``jbr.indicators``, callable as SPEC §2's ``jbr.indicators(year, ...)``."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return api.indicators(*args, **kwargs)


class _Package(types.ModuleType):
    """``jbr.indicators`` is both the API function and a subpackage's name.

    Importing the subpackage binds the attribute ``jbr.indicators`` to it, which would hide
    the function; the subpackage is made callable instead, so both keep working. Done here,
    at the edge, so that the indicators stage never imports the API above it.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "indicators" and isinstance(value, types.ModuleType):
            value.__class__ = _IndicatorsPackage
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

from . import api  # noqa: E402  (after the class: an import of jbr.indicators is caught)
from .api import build, demo, indicators, load, template, validate  # noqa: E402

__version__ = version("jbr")
__all__ = ["build", "demo", "indicators", "load", "template", "validate"]
