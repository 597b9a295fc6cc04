"""The team's Markdown as HTML, every reference replaced by its figure's text.

CommonMark with tables and footnotes (markdown-it-py), raw HTML off: what the editors
write is text, never markup that could break a page. References are swapped for
placeholders before the Markdown is read and for their figures after, so a figure's
characters (``+``, ``*``, ``%``) are never taken for Markdown. Headings shift to sit
under the publication's own (``shift=2``: ``#`` becomes ``<h3>``).
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from ...locale import text
from .document import blank_comments
from .references import REFERENCE, Resolved

PLACEHOLDER = "\ue000{}\ue001"  # private-use characters: never in an editor's text
Resolver = Callable[[str], Resolved]


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.use(footnote_plugin).enable("table")
    # Footnote marks as in a Kamerstuk: a superscript number, no brackets.
    md.add_render_rule("footnote_caption", _caption)
    md.add_render_rule("footnote_anchor", _backref)
    return md


def _caption(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    n = str(tokens[idx].meta["id"] + 1)
    if tokens[idx].meta.get("subId", 0) > 0:
        n += f":{tokens[idx].meta['subId']}"
    return n


def _backref(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    ident = self.rules["footnote_anchor_name"](tokens, idx, options, env)
    label = text("redactie.voetnoot.terug", env.get("lang", "nl"))
    return f' <a href="#fnref{ident}" class="footnote-backref" aria-label="{label}">↩︎</a>'


def render(
    text: str,
    resolve: Resolver,
    link: Callable[[Resolved], str | None] | None = None,
    shift: int = 0,
    doc_id: str = "",
    lang: str = "nl",
) -> str:
    """HTML of ``text``; each reference becomes ``<span class="figure">`` with its text, or,
    when ``link`` gives an address, a link ``<a class="figure">`` to the figure's section in
    a ``<span class="reference">``."""
    text = blank_comments(text)
    figures: list[Resolved] = []

    def swap(found: Any) -> str:
        figures.append(resolve(found.group(0)))
        return PLACEHOLDER.format(len(figures) - 1)

    marked = REFERENCE.sub(swap, text)
    md = _markdown()
    env: dict[str, Any] = {"docId": doc_id, "lang": lang}
    tokens = md.parse(marked, env)
    if shift:
        for token in tokens:
            if token.type in ("heading_open", "heading_close"):
                token.tag = f"h{min(6, int(token.tag[1:]) + shift)}"
    html = md.renderer.render(tokens, md.options, env)
    for i, figure in enumerate(figures):
        shown = f'<span class="figure">{escape(figure.text)}</span>'
        href = link(figure) if link and figure.linked else None
        if href:
            # The link sits in a span: a paragraph whose direct children are several links
            # reads to checkers (HTML_CodeSniffer H48) as a navigation bar outside a list;
            # a paragraph quoting figures is prose.
            shown = (
                f'<span class="reference"><a class="figure" href="{escape(href)}">'
                f"{escape(figure.text)}</a></span>"
            )
        html = html.replace(PLACEHOLDER.format(i), shown)
    return html


def plain(text: str, resolve: Resolver) -> str:
    """The text with references filled in and comments removed (for titles, checks)."""
    return REFERENCE.sub(lambda m: resolve(m.group(0)).text, blank_comments(text))
