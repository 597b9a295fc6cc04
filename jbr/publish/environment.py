"""The Jinja environment of the publications' templates (``jbr/publish/templates/``): the
report, the publieksversie and the Kamerbrief (the site has its own, ``site/templates``)."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from ..locale import install
from .figures import anchor
from .svgprint import printed_chart


def environment() -> Environment:
    """The Jinja environment of the publications' templates (report, public version, letter)."""
    env = Environment(
        loader=PackageLoader("jbr.publish", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    install(env)  # t(key): the words of jbr/locale/<lang>/
    env.globals["anchor"] = anchor
    # a chart in a PDF: its SVG in few elements, as an image (svgprint.py, issue 19)
    env.filters["printed"] = printed_chart
    return env
