"""The site's templates: the Jinja environment, and a page as its template receives it.

A page is rendered as ``render(page)``: the template named by the page, with its context.
The context is plain data (``View``s, tuples, strings), made by ``layout``, ``pages`` and
``indicator_pages``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from ...locale import install
from ..figures import SUPPRESSED_MARK
from ..format import titled


class View(dict):
    """A dict that a template reads by attribute at full speed (``w.site``, ``l.href``).

    Jinja tries ``getattr`` before ``[]``, and on a plain dict every miss raises and
    catches an exception: that was some 40 % of rendering the 11,000 figure pages."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.__dict__ = self


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("jbr.publish", "templates/site"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,  # templates are package data: no stat() per page
    )
    install(env)  # t(key): the words of jbr/locale/<lang>/
    env.globals["SUPPRESSED_MARK"] = SUPPRESSED_MARK
    env.globals["with_unit_title"] = titled  # "Aantal fte (fte)"
    return env


_ENV: Environment | None = None


def environment() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV


@dataclass
class Page:
    path: str  # URL path, ending in /
    lang: str
    template: str
    context: dict[str, Any]
    title: str

    @property
    def file(self) -> str:
        return self.path.lstrip("/") + "index.html"


def render(page: Page) -> str:
    return environment().get_template(page.template).render(**page.context)
