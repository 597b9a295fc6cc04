"""The site's own words, in both languages: menus, headings, column headers, the
titles of the open-data files (``jbr/locale/<lang>/site.toml``), and a ministry's name as
readers see it."""

from __future__ import annotations

from ..words import ministry_name, texts
from .templates import View

LANGS = ("nl", "en")  # Dutch at /, English under /en/


# What the templates read as ``w.<name>``: site.woorden.* (a View: by attribute, fast).
WORDS = {lang: View(texts("site.woorden", lang)) for lang in LANGS}
# What the open-data page calls each file (its name stays in the link): site.bestanden.*
FILE_TITLES = {lang: texts("site.bestanden", lang) for lang in LANGS}

__all__ = ["FILE_TITLES", "LANGS", "WORDS", "ministry_name"]
