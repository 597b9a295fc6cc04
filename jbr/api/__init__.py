"""The Python API that the CLI mirrors (SPEC §2): validate, load, indicators, build, ...

One module per concern, in the order a year's report flows; each name is re-exported
here, so ``from jbr import api; api.publish(...)`` is the way to call it:

- ``config``: the defaults from the environment (``JBR_DB``, ``JBR_ENGINE``);
- ``intake``: ``validate``, ``load`` and the delivery history (``deliveries``);
- ``admin``: what the store holds, ``doctor``, ``store_export``/``store_import``;
- ``figures``: ``indicators`` (and the store opened for computing);
- ``examples``: ``demo``, ``demo_files``, ``template``;
- ``text``: the team's text of a year, ``text_check``;
- ``pipeline``: ``build`` (and ``require_year``);
- ``letter``: ``letter_draft``;
- ``woo``: ``woo_deadlines``;
- ``publication``: ``publish``, ``write_site``;
- ``review``: the review before publication (``review_start``, ...);
- ``access``: the portal's tokens;
- ``server``: ``serve``.

No module is named after a public name (``build``, ``publish``, ``serve``, ...): then
``jbr.api.<name>`` would name both a function and a submodule, the trap ``jbr.indicators``
had to solve (``jbr/__init__.py``).
"""

from .access import token_create, token_revoke, tokens
from .admin import demo_store, doctor, store_deliveries, store_export, store_import
from .config import default_db, default_engine
from .examples import Progress, demo, demo_files, template
from .figures import ai_without_risk_analysis, indicators
from .intake import DELIVERY_SUFFIXES, deliveries, delivery_years, expand, load, validate
from .letter import DraftExists, NoTextFolder, letter_draft
from .pipeline import (
    BuildResult,
    NoDataForYear,
    NothingToBuild,
    build,
    build_source,
    require_year,
)
from .publication import NothingToPublish, ReasonRequired, publish, write_site
from .review import review_override, review_start, review_states, review_workbook
from .server import serve
from .text import TextCheck, require_complete_text, text_check
from .woo import woo_deadlines

__all__ = [
    "DELIVERY_SUFFIXES",
    "BuildResult",
    "DraftExists",
    "NoDataForYear",
    "NoTextFolder",
    "NothingToBuild",
    "NothingToPublish",
    "Progress",
    "ReasonRequired",
    "TextCheck",
    "ai_without_risk_analysis",
    "build",
    "build_source",
    "default_db",
    "default_engine",
    "deliveries",
    "delivery_years",
    "demo",
    "demo_files",
    "demo_store",
    "doctor",
    "expand",
    "indicators",
    "letter_draft",
    "load",
    "publish",
    "require_complete_text",
    "require_year",
    "review_override",
    "review_start",
    "review_states",
    "review_workbook",
    "serve",
    "store_deliveries",
    "store_export",
    "store_import",
    "template",
    "text_check",
    "token_create",
    "token_revoke",
    "tokens",
    "validate",
    "woo_deadlines",
    "write_site",
]
