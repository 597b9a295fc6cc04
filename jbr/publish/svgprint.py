"""A chart's SVG for the PDF: the same drawing in few elements, handed to WeasyPrint as an
image.

Vega writes every mark in its own nest of groups (``<g class="mark-group role-axis">``,
``<g transform="translate(0,0)">``, an empty ``<g>``), every grid line and tick as its own
``<line>`` and every point as its own ``<path>``: about 107 elements per chart. WeasyPrint
computes CSS for each element of the HTML, inline SVG included, and draws each with its own
state, transform and paint: the 73 charts of the full demo were 7,800 elements and a
quarter of the report's layout time (issue 19). The print edition therefore takes:

- no groups that only carry a translation: their offset moves into their children;
- no Vega attributes without drawing effect (``class``, ``pointer-events``, ``opacity="1"``);
- no shape that paints nothing (no fill, no stroke: Vega's group backgrounds);
- each run of adjacent lines or shapes of one style as one path of several subpaths,
  where that paints the same: opaque, and not both filled and stroked (a stroke drawn over
  the next shape's fill would then come out on top); a filled rectangle (a bar, the target
  mark) stays alone, as viewers snap a lone rectangle to the pixel grid;
- the result as ``<img src="data:image/svg+xml;base64,…" alt="…">``: outside the HTML
  tree it needs no CSS and no boxes, and WeasyPrint tags it as the same ``Figure`` with
  the chart's description as its alternative text (what the SVG's ``<title>`` gave).

Text, colours, dashes, widths and the order of painting are unchanged; coordinates are
rounded to a thousandth of a pixel (a 2,000th of a millimetre in print). The web page keeps
Vega's SVG inline, whose classes and groups a browser does not pay for.
"""

from __future__ import annotations

import base64
import html
import re
import xml.etree.ElementTree as ET

from markupsafe import Markup

from .charts.model import Chart

SVG_NS = "http://www.w3.org/2000/svg"
_NS = "{" + SVG_NS + "}"
# attributes that change nothing in the drawing (Vega's hooks for interaction and CSS)
_INERT = {"class", "pointer-events"}
_OPAQUE = {"opacity", "fill-opacity", "stroke-opacity"}
_SHAPES = {"path", "line", "rect"}
_TRANSLATE = re.compile(r"^\s*translate\(\s*([-+0-9.eE]+)(?:[\s,]+([-+0-9.eE]+))?\s*\)")
_STRAIGHT = re.compile(r"[-+0-9.eE,\sMmLlHhVvZz]*")  # path data without curves
_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
# parameters per path command, and which of them are x (0) or y (1) coordinates
_PARAMS = {
    "M": (0, 1),
    "L": (0, 1),
    "T": (0, 1),
    "H": (0,),
    "V": (1,),
    "C": (0, 1, 0, 1, 0, 1),
    "S": (0, 1, 0, 1),
    "Q": (0, 1, 0, 1),
    "A": (None, None, None, None, None, 0, 1),
    "Z": (),
}


def printed_chart(chart: Chart) -> Markup:
    """``chart`` as the print edition's image: its SVG in few elements, drawn at the SVG's
    own size (the CSS scales it as it did the SVG), with the SVG's ``<title>`` — the chart's
    description — as its alternative text."""
    root = ET.fromstring(chart.svg)
    title = root.find(_NS + "title")
    alt = chart.description if title is None or not title.text else title.text
    data = base64.b64encode(print_svg(chart.svg).encode("utf-8")).decode("ascii")
    width, height = root.get("width", ""), root.get("height", "")
    return Markup(
        f'<img src="data:image/svg+xml;base64,{data}" width="{html.escape(width)}"'
        f' height="{html.escape(height)}" alt="{html.escape(alt, quote=True)}">'
    )


def print_svg(svg: str) -> str:
    """``svg`` (one chart of ``charts.render.svg``) with the same drawing in fewer elements."""
    root = ET.fromstring(svg)
    if any("}" in k for e in root.iter() for k in e.attrib):
        return svg  # attributes in another namespace (xlink:href): Vega's charts have none
    _strip(root)
    _compact(root, {"fill": "black", "stroke": "none"})
    return _serialise(root, top=True)


def _compact(parent: ET.Element, paint: dict[str, str]) -> None:
    """Flatten, prune and merge the children of ``parent`` (``paint``: inherited fill and
    stroke)."""
    children: list[ET.Element] = []
    for child in list(parent):
        _strip(child)
        children += _flattened(child)
    own = {k: parent.get(k, v) for k, v in paint.items()}
    kept = [c for c in children if not _paints_nothing(c, own)]
    for child in kept:
        if _local(child.tag) == "g":
            _compact(child, own)
    parent[:] = _merged(kept, own)


def _strip(element: ET.Element) -> None:
    """Drop the attributes of ``element`` that change nothing in the drawing."""
    for name in _INERT:
        element.attrib.pop(name, None)
    for name in _OPAQUE:
        if element.get(name) in ("1", "1.0"):
            del element.attrib[name]


def _flattened(element: ET.Element) -> list[ET.Element]:
    """``element``, or, for a group that carries at most a translation, its children with
    that translation moved into them (recursively)."""
    if _local(element.tag) != "g":
        return [element]
    attrs = dict(element.attrib)
    transform = attrs.pop("transform", "")
    offset = _translation(transform) if transform else (0.0, 0.0)
    if attrs or offset is None:
        return [element]
    out: list[ET.Element] = []
    for child in list(element):
        _strip(child)
        if offset != (0.0, 0.0):
            _move(child, offset)
        out += _flattened(child)
    return out


def _move(element: ET.Element, offset: tuple[float, float]) -> None:
    """Put ``element`` ``offset`` further, through its transform."""
    transform = element.get("transform", "")
    match = _TRANSLATE.match(transform)
    if match:  # translate(a,b) translate(c,d) … = translate(a+c,b+d) …
        x = float(match.group(1)) + offset[0]
        y = float(match.group(2) or 0) + offset[1]
        rest = transform[match.end() :].strip()
    else:
        x, y = offset
        rest = transform.strip()
    element.set("transform", f"translate({_num(x)},{_num(y)})" + (f" {rest}" if rest else ""))


def _translation(transform: str) -> tuple[float, float] | None:
    """The offset of a transform that is one translation; None for anything else."""
    match = _TRANSLATE.match(transform)
    if match is None or transform[match.end() :].strip():
        return None
    return float(match.group(1)), float(match.group(2) or 0)


def _paints_nothing(element: ET.Element, paint: dict[str, str]) -> bool:
    """A shape without fill and without stroke (Vega's group backgrounds)."""
    tag = _local(element.tag)
    if tag not in _SHAPES or len(element):
        return False
    fill = "none" if tag == "line" else element.get("fill", paint["fill"])
    stroke = element.get("stroke", paint["stroke"])
    return fill in ("none", "transparent") and stroke in ("none", "transparent")


def _merged(elements: list[ET.Element], paint: dict[str, str]) -> list[ET.Element]:
    """Each run of adjacent mergeable shapes of one style as one path."""
    out: list[ET.Element] = []
    run: list[tuple[ET.Element, str]] = []
    style: tuple[tuple[str, str], ...] | None = None
    for element in elements:
        found = _as_path(element, paint)
        if found is not None and run and found[0] == style:
            run.append((element, found[1]))
            continue
        out += _joined(run, style)
        run, style = ([(element, found[1])], found[0]) if found is not None else ([], None)
        if found is None:
            out.append(element)
    return out + _joined(run, style)


def _joined(
    run: list[tuple[ET.Element, str]], style: tuple[tuple[str, str], ...] | None
) -> list[ET.Element]:
    if len(run) < 2 or style is None:
        return [element for element, _ in run]
    path = ET.Element(_NS + "path", dict(style))
    path.set("d", "".join(d for _, d in run))
    return [path]


def _as_path(
    element: ET.Element, paint: dict[str, str]
) -> tuple[tuple[tuple[str, str], ...], str] | None:
    """(style, path data in the parent's coordinates) of a shape that may join a run, or
    None. Joining is safe where the shape is opaque and only filled or only stroked: the
    union of shapes of one colour then paints what the shapes paint one after another."""
    tag = _local(element.tag)
    if tag not in ("path", "line") or len(element) or any(a in element.attrib for a in _OPAQUE):
        return None
    attrs = dict(element.attrib)
    offset = _translation(attrs.pop("transform", "") or "translate(0,0)")
    if offset is None:
        return None
    if tag == "line":
        try:
            x1, y1, x2, y2 = (float(attrs.pop(k, "0")) for k in ("x1", "y1", "x2", "y2"))
        except ValueError:
            return None
        dx, dy = offset
        d = f"M{_num(x1 + dx)},{_num(y1 + dy)}L{_num(x2 + dx)},{_num(y2 + dy)}"
        attrs["fill"] = "none"  # a line has no inside; as a path it must say so
    else:
        moved = _moved_path(attrs.pop("d", ""), offset)
        if moved is None:
            return None
        d = moved
    filled = attrs.get("fill", paint["fill"]) not in ("none", "transparent")
    stroked = attrs.get("stroke", paint["stroke"]) not in ("none", "transparent")
    if filled and (stroked or _STRAIGHT.fullmatch(d)):
        return None  # a filled rectangle stays alone: viewers snap a lone one to the pixels
    return tuple(sorted(attrs.items())), d


def _moved_path(d: str, offset: tuple[float, float]) -> str | None:
    """Path data ``d`` moved by ``offset``: its absolute coordinates shifted, relative ones
    kept. None when it does not start with an absolute move (it could not follow another
    subpath) or is not understood."""
    tokens = _TOKEN.findall(d)
    if not tokens or tokens[0] != "M" or "".join(tokens) != re.sub(r"[\s,]", "", d):
        return None
    out: list[str] = []
    i = 0
    command = ""
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            out.append(command)
            i += 1
            if command in "Zz":
                continue
        kinds = _PARAMS.get(command.upper())
        if kinds is None or not kinds or i + len(kinds) > len(tokens):
            return None
        values = tokens[i : i + len(kinds)]
        if any(v.isalpha() for v in values):
            return None
        if command in "Aa" and not all(f in ("0", "1") for f in values[3:5]):
            return None  # arc flags written without separators: not understood
        shifted = []
        for kind, value in zip(kinds, values, strict=True):
            if command.isupper() and kind is not None:
                shifted.append(_num(float(value) + offset[kind]))
            else:
                shifted.append(value)
        out.append(",".join(shifted))
        i += len(kinds)
        if command == "M":
            command = "L"  # further pairs after a move are lines (SVG 1.1, 8.3.2)
        elif command == "m":
            command = "l"
    text = ""
    for part in out:  # a comma between numbers, none next to a command letter
        text += part if part.isalpha() or not text or text[-1].isalpha() else "," + part
    return text


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _serialise(element: ET.Element, top: bool = False) -> str:
    tag = _local(element.tag)
    attrs = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in element.attrib.items())
    if top:
        attrs = f' xmlns="{SVG_NS}"' + attrs
    inner = html.escape(element.text or "", quote=False)
    inner += "".join(
        _serialise(child) + html.escape(child.tail or "", quote=False) for child in element
    )
    return f"<{tag}{attrs}>{inner}</{tag}>" if inner else f"<{tag}{attrs}/>"


__all__ = ["print_svg", "printed_chart"]
