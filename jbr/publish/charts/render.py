"""A chart's spec drawn: the static SVG (vl-convert, offline) embedded inline in the HTML
as one image with an accessible name, and the tick labels a reader sees (for tests)."""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
from collections import OrderedDict
from typing import Any

# (SVGs of an earlier build, this build's), keyed by a digest of what the chart shows
# (``publish.incremental.OutputState``): an SVG found in the first is not drawn again.
Drawn = tuple[dict[str, str], dict[str, str]]

# Vega's number notation per language (d3-format locale): a value axis in Dutch reads
# "1.500,5", in English "1,500.5". Notation, not text: it stays here, not in the catalogue.
D3_LOCALES = {
    "nl": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["€\u00a0", ""]},
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["€", ""]},
}


# The SVGs this process drew last, by ``chart_key``: drawing is a pure function of the spec,
# the name and the language, and a process that writes the site or builds again (a server,
# a script, a test run, the site's kept chart workers) meets the same charts again. ~10 KB each.
_DRAWN: OrderedDict[str, str] = OrderedDict()
_DRAWN_LOCK = threading.Lock()  # a server may draw in several threads
DRAWN_KEPT = 1024


def chart_key(spec: dict[str, Any], alt_text: str, lang: str) -> str:
    """A digest of what a chart shows: its spec, its name and its language."""
    return hashlib.sha256(
        json.dumps([spec, alt_text, lang], sort_keys=True, default=str).encode()
    ).hexdigest()


# While not None: what ``svg`` was asked to draw and has not (``draw_shared``).
_WANTED: list[tuple[str, dict[str, Any], str, str]] | None = None


def svg(spec: dict[str, Any], alt_text: str, lang: str = "nl", key: str | None = None) -> str:
    """Static SVG of ``spec``, with ``alt_text`` as its accessible name (role="img");
    ``key``: its ``chart_key`` when the caller has it already."""
    key = key or chart_key(spec, alt_text, lang)
    with _DRAWN_LOCK:
        image = _DRAWN.get(key)
        if image is not None:
            _DRAWN.move_to_end(key)
            return image
        if _WANTED is not None:  # only noted: drawn by draw_shared, on both cores
            _WANTED.append((key, spec, alt_text, lang))
            return ""
    image = _draw(spec, alt_text, lang)
    _remember(key, image)
    return image


def draw_many(wanted: list[tuple[str, dict[str, Any], str, str]]) -> list[str]:
    """Each (key, spec, name, language) drawn (in the PDF worker or here)."""
    return [_draw(spec, alt_text, lang) for _, spec, alt_text, lang in wanted]


def draw_shared(make: Any, pool: Any) -> None:
    """The charts ``make()`` would draw, drawn beforehand: the second half by ``pool``'s
    process, the first here, and kept for ``svg`` (vl-convert draws a chart in ~40 ms on
    one core: 3 s for the full demo's 75). ``make`` runs once to say which charts (none
    drawn); a chart drawn already is not asked for. Without a usable pool, nothing."""
    global _WANTED
    from concurrent.futures.process import BrokenProcessPool

    with _DRAWN_LOCK:
        _WANTED = []
    try:
        make()
    finally:
        with _DRAWN_LOCK:
            asked, _WANTED = _WANTED or [], None
    wanted = list({w[0]: w for w in asked}.values())  # each chart once
    if len(wanted) < 2:
        return
    half = len(wanted) // 2
    try:
        there = pool.submit(draw_many, wanted[half:])
    except (BrokenProcessPool, RuntimeError):
        return
    for (key, *_), image in zip(wanted[:half], draw_many(wanted[:half]), strict=True):
        _remember(key, image)
    try:
        images = there.result()
    except Exception:  # noqa: BLE001  (a dead worker: svg draws them when asked)
        return
    for (key, *_), image in zip(wanted[half:], images, strict=True):
        _remember(key, image)


def _remember(key: str, image: str) -> None:
    with _DRAWN_LOCK:
        _DRAWN[key] = image
        if len(_DRAWN) > DRAWN_KEPT:
            _DRAWN.popitem(last=False)


def _draw(spec: dict[str, Any], alt_text: str, lang: str) -> str:
    import vl_convert as vlc

    raw = vlc.vegalite_to_svg(spec, format_locale=D3_LOCALES[lang])
    # Vega marks its own ARIA roles on the inner groups; the chart as a whole is one
    # image with the trend sentence as its name, so the inner tree is hidden.
    raw = re.sub(r'\s(?:role|aria-[a-z]+)="[^"]*"', "", raw)
    raw = re.sub(r"<\?xml[^>]*>\s*", "", raw)
    # Empty placeholder paths Vega leaves in every group: fewer elements to lay out in the PDF.
    raw = re.sub(r'<path class="(?:background|foreground)" d="(?:M0,0h0v0h0Z)?"[^>]*/>', "", raw)
    name = html.escape(alt_text, quote=True)
    return raw.replace(
        "<svg ", f'<svg role="img" aria-label="{name}" focusable="false" ', 1
    ).replace(">", f"><title>{name}</title>", 1)


def svg_once(spec: dict[str, Any], alt_text: str, lang: str, drawn: Drawn | None) -> str:
    """:func:`svg`, or with ``drawn`` the SVG an earlier build drew of the same chart (the
    same spec, name and language), recorded as this build's (issue 19)."""
    if drawn is None:
        return svg(spec, alt_text, lang)
    before, now = drawn
    key = chart_key(spec, alt_text, lang)
    image = before.get(key) or svg(spec, alt_text, lang, key=key)
    now[key] = image
    return image


def axis_labels(spec: dict[str, Any], lang: str = "nl") -> dict[str, list[str]]:
    """The tick labels Vega draws on each axis of ``spec`` ("x", "y"), read from the
    rendered scenegraph (what a reader sees, in the notation of ``lang``)."""
    import vl_convert as vlc

    graph = vlc.vegalite_to_scenegraph(spec, format_locale=D3_LOCALES[lang])
    out: dict[str, list[str]] = {}

    def walk(node: Any, orient: str | None) -> None:
        if isinstance(node, dict):
            if node.get("role") == "axis":
                items = node.get("items") or [{}]
                orient = items[0].get("orient") or orient
            if node.get("role") == "axis-label":
                axis = "x" if orient in ("bottom", "top") else "y"
                out.setdefault(axis, []).extend(str(i.get("text")) for i in node.get("items", []))
                return
            for value in node.values():
                walk(value, orient)
        elif isinstance(node, list):
            for value in node:
                walk(value, orient)

    walk(graph, None)
    return out
