"""A view as a static SVG drawing: the page's first view, for Word, PowerPoint and paper.

:func:`figure_svg` draws a :class:`respgraph.render.page.Figure` the way its
page opens in a window of ``width`` × ``height`` pixels: the same positions,
the same links shown (the opening threshold and link filter applied), the
view fitted with the same margin, and the same outside labels — the most
important first, each where it overlaps no node and no other label
(:func:`respgraph.render.layout.place_labels`, the rules the page script
follows on screen).  Every name is SVG ``<text>``, never pixels or paths, so it
can be searched, copied and edited after pasting; a title, the caption and
the legend are drawn above and below.

Text from documents is data: every text and attribute is XML-escaped
(:func:`xml_text`), characters XML cannot hold are dropped, colours must be
plain colours (:func:`respgraph.render.page.safe_color`) and the drawing has
no script, link or external reference.

>>> from respgraph.render.page import Figure
>>> fig = Figure(nodes=[{"id": "a", "label": "<b>甲</b>", "x": 0, "y": 0, "size": 10, "color": "#1f77b4"}],
...              edges=[], title="t & t")
>>> text = figure_svg(fig)
>>> "&lt;b&gt;甲&lt;/b&gt;" in text and "<b>" not in text and "t &amp; t" in text
True
"""

from __future__ import annotations

import math
import re
from xml.sax.saxutils import escape, quoteattr

from respgraph.render.layout import place_labels, text_width
from respgraph.render.page import safe_color

__all__ = ["figure_svg", "xml_text", "FONT_FAMILY"]

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"

_FIT_PAD = 30  # as page.js fitView
_HEAD = 56
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_INSIDE = ("box", "text", "ellipse", "circle", "database")


def xml_text(value) -> str:
    """``value`` as text safe inside an SVG element: escaped, without characters XML forbids.

    >>> xml_text('</text><script>x</script>\\x01')
    '&lt;/text&gt;&lt;script&gt;x&lt;/script&gt;'
    """
    return escape(_NOT_XML.sub("", str(value)))


def _attr(value) -> str:
    return quoteattr(_NOT_XML.sub("", str(value)))


def _color(value, part="background", default="#97c2fc") -> str:
    if isinstance(value, dict):
        value = value.get(part) or value.get("background") or value.get("color")
    try:
        return safe_color(value)
    except ValueError:
        return default


def _fmt(v: float) -> str:
    return f"{v:.1f}".rstrip("0").rstrip(".")


def figure_svg(figure, *, width: int = 1400, height: int = 900) -> str:
    """The SVG text of ``figure`` as its page opens in a ``width`` × ``height`` window."""
    from respgraph.render.views import half_extent

    nodes, edges = figure.first_view()
    boxes = {}
    for n in nodes:
        hw, hh = half_extent(n)
        x, y = float(n.get("x", 0.0)), float(n.get("y", 0.0))
        boxes[n["id"]] = (x - hw, y - hh, x + hw, y + hh)
    if boxes:
        left = min(b[0] for b in boxes.values())
        top = min(b[1] for b in boxes.values())
        right = max(b[2] for b in boxes.values())
        bottom = max(b[3] for b in boxes.values())
        scale = min((width - 2 * _FIT_PAD) / max(right - left, 1.0), (height - 2 * _FIT_PAD - 18) / max(bottom - top, 1.0))
        scale = max(0.02, min(scale, 1.6))
        cx, cy = (left + right) / 2, (top + bottom) / 2 + 9 / scale
    else:
        scale, cx, cy = 1.0, 0.0, 0.0

    def screen(x, y):
        return (x - cx) * scale + width / 2, (y - cy) * scale + height / 2

    screen_boxes = {}
    for key, (l, t, r, b) in boxes.items():
        a, c = screen(l, t), screen(r, b)
        screen_boxes[key] = (a[0], a[1], c[0], c[1])

    wanted = []
    fonts = {}
    by_id = {n["id"]: n for n in nodes}
    for n in sorted(nodes, key=lambda n: str(n["id"])):  # ties: by id, as page.js
        if n.get("shape", "dot") in _INSIDE or not str(n.get("label", "")).strip():
            continue
        size, weight = (15, "bold") if n.get("labelStyle") == "leader" else (13, "normal")
        fonts[n["id"]] = (size, weight)
        text = str(n["label"])
        wanted.append((n["id"], (float(n.get("rank", 0) or 0), float(n.get("size", 0) or 0)),
                       screen_boxes[n["id"]], text_width(text, size) * (1.08 if weight == "bold" else 1.0),
                       math.ceil(size * 1.45)))
    placed = place_labels(wanted, screen_boxes, (2, 2, width - 2, height - 2))

    legend = [e for e in figure.legend if e.get("label")]
    legend_rows = _legend_layout(legend, width)
    legend_height = (legend_rows[-1][1] + 24) if legend_rows else 0
    total = height + _HEAD + legend_height
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{total}" viewBox="0 0 {width} {total}" '
        f'font-family={_attr(FONT_FAMILY)}>\n',
        f"<title>{xml_text(figure.title)}</title>\n",
        f'<rect x="0" y="0" width="{width}" height="{total}" fill="#ffffff"/>\n',
        f'<text x="12" y="24" font-size="18" font-weight="bold" fill="#222222">{xml_text(figure.title)}</text>\n',
        f'<text x="12" y="44" font-size="13" fill="#555555">{xml_text(" · ".join(map(str, figure.caption)))}</text>\n',
        f'<g transform="translate(0,{_HEAD})">\n<g class="links">\n',
    ]
    for e in edges:
        a, b = by_id.get(e["from"]), by_id.get(e["to"])
        if a is None or b is None:
            continue
        p, q = screen(a.get("x", 0.0), a.get("y", 0.0)), screen(b.get("x", 0.0), b.get("y", 0.0))
        stroke = _color(e.get("color"), "color", "#9aa5b1")
        extra = ""
        if e.get("dashes"):
            dashes = e["dashes"] if isinstance(e["dashes"], list) else [5, 5]
            extra = f' stroke-dasharray="{" ".join(_fmt(float(d) * scale) for d in dashes)}"'
        out.append(f'<line x1="{_fmt(p[0])}" y1="{_fmt(p[1])}" x2="{_fmt(q[0])}" y2="{_fmt(q[1])}" stroke="{stroke}" '
                   f'stroke-width="{_fmt(max(0.5, float(e.get("width", 1) or 1) * scale))}"{extra}/>\n')
    out.append('</g>\n<g class="nodes">\n')
    for n in nodes:
        out.append(_node_svg(n, screen, screen_boxes[n["id"]], scale))
    out.append('</g>\n<g class="labels" paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" '
               'fill="#222222">\n')
    for key, (l, t, r, b) in placed.items():
        size, weight = fonts[key]
        out.append(f'<text x="{_fmt(l)}" y="{_fmt(t)}" font-size="{size}" font-weight="{weight}" '
                   f'dominant-baseline="text-before-edge">{xml_text(by_id[key]["label"])}</text>\n')
    out.append("</g>\n</g>\n")
    if legend_rows:
        out.append(f'<g class="legend" transform="translate(0,{height + _HEAD + 8})" font-size="12" fill="#333333">\n')
        for entry, y, x in legend_rows:
            text_x = x
            if entry.get("color"):
                color = _color(entry["color"])
                if entry.get("edge"):
                    dash = ' stroke-dasharray="5 4"' if entry.get("dashes") else ""
                    out.append(f'<line x1="{x}" y1="{y - 4}" x2="{x + 22}" y2="{y - 4}" stroke="{color}" '
                               f'stroke-width="3"{dash}/>\n')
                    text_x = x + 28
                else:
                    out.append(f'<rect x="{x}" y="{y - 10}" width="11" height="11" fill="{color}" stroke="#666666"/>\n')
                    text_x = x + 16
            out.append(f'<text x="{text_x}" y="{y}">{xml_text(entry["label"])}</text>\n')
        out.append("</g>\n")
    out.append("</svg>\n")
    return "".join(out)


def _legend_layout(entries, width):
    """``(entry, baseline y, x)`` for each legend entry, flowing left to right in rows."""
    rows = []
    x, y = 12.0, 12.0
    for entry in entries:
        item = text_width(entry["label"], 12) + (28 if entry.get("edge") else 16 if entry.get("color") else 0) + 24
        if x > 12 and x + item > width - 12:
            x, y = 12.0, y + 20
        rows.append((entry, y, round(x, 1)))
        x += item
    return rows


def _star(cx, cy, r):
    points = []
    for i in range(10):
        radius = r * 0.4 if i % 2 else r
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(f"{_fmt(cx + radius * math.cos(angle))},{_fmt(cy + radius * math.sin(angle))}")
    return " ".join(points)


def _node_svg(n, screen, box, scale) -> str:
    shape = n.get("shape", "dot")
    cx, cy = screen(float(n.get("x", 0.0)), float(n.get("y", 0.0)))
    fill = _color(n.get("color"), "background")
    stroke = _color(n.get("color"), "border", fill)
    bw = _fmt(float(n.get("borderWidth", 1) or 1) * scale)
    r = float(n.get("size", 25) or 25) * scale
    paint = f'fill="{fill}" stroke="{stroke}" stroke-width="{bw}"'
    parts = []
    if shape == "dot":
        parts.append(f'<circle cx="{_fmt(cx)}" cy="{_fmt(cy)}" r="{_fmt(r)}" {paint}/>')
    elif shape == "star":
        parts.append(f'<polygon points="{_star(cx, cy, r)}" {paint}/>')
    elif shape == "diamond":
        pts = " ".join(f"{_fmt(x)},{_fmt(y)}" for x, y in ((cx, cy - r), (cx + r, cy), (cx, cy + r), (cx - r, cy)))
        parts.append(f'<polygon points="{pts}" {paint}/>')
    elif shape == "text":
        pass
    elif shape in _INSIDE:
        parts.append(f'<rect x="{_fmt(box[0])}" y="{_fmt(box[1])}" width="{_fmt(box[2] - box[0])}" '
                     f'height="{_fmt(box[3] - box[1])}" rx="{_fmt(6 * scale)}" {paint}/>')
    else:
        parts.append(f'<rect x="{_fmt(cx - r)}" y="{_fmt(cy - r)}" width="{_fmt(2 * r)}" height="{_fmt(2 * r)}" {paint}/>')
    label = str(n.get("label", ""))
    if shape in _INSIDE and label.strip():
        font = n.get("font") or {}
        size = float(font.get("size", 14)) * scale
        color = _color(font.get("color"), "color", "#222222") if font.get("color") else "#222222"
        weight = "bold" if font.get("bold") else "normal"
        lines = label.split("\n")
        for i, line in enumerate(lines):
            y = cy + (i - (len(lines) - 1) / 2) * size * 1.15
            parts.append(f'<text x="{_fmt(cx)}" y="{_fmt(y)}" font-size="{_fmt(size)}" font-weight="{weight}" '
                         f'text-anchor="middle" dominant-baseline="central" fill="{color}">{xml_text(line)}</text>')
    return "\n".join(parts) + ("\n" if parts else "")
