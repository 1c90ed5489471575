"""Small static charts for the briefing index, as inline SVG: bars and a heat map.

Written by hand rather than with a charting library: the index is one
offline HTML file with no script (its Content-Security-Policy allows none),
so the charts must be plain SVG; the libraries that write SVG either need
JavaScript for their output (pygal links its tooltips script), have no heat
map, or (matplotlib) bring numpy, Pillow and font metrics of the CJK fonts
installed where the pack is made, for three small figures of bars and
squares.  These take about a hundred lines, lay Chinese labels out with the
same width estimate as the pages (:func:`respgraph.render.layout.text_width`)
and keep every name as ``<text>`` (print, copy and search work).

Every text is XML-escaped (:func:`respgraph.render.svg.xml_text`) and every
colour is a plain colour: names from a document are data, never markup.

>>> svg = stacked_bars([("区财政局", [3, 5])], [("lead 牵头", "#c0392b"), ("co 配合", "#2e86c1")], title="t")
>>> svg.startswith("<svg") and "区财政局" in svg and "<script" not in svg
True
"""

from __future__ import annotations

import math

from respgraph.render.layout import text_width
from respgraph.render.page import safe_color
from respgraph.render.svg import FONT_FAMILY, xml_text

__all__ = ["stacked_bars", "heat_map"]


def _cut(text, chars):
    text = str(text)
    return text if len(text) <= chars else text[: chars - 1] + "…"


def _head(width, height, title):
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" font-family="{xml_text(FONT_FAMILY)}" font-size="12">'
            f"<title>{xml_text(title)}</title>")


def stacked_bars(rows, parts, *, title, width=760, bar=16, name_chars=14) -> str:
    """Horizontal bars, one per ``(name, [value per part])`` row, split into ``parts`` ``(label, colour)``.

    The total and each part's value are written after the bar; a key on top
    names the parts.

    >>> svg = stacked_bars([("甲", [1, 2]), ("乙", [0, 1])], [("a", "#111111"), ("b", "#222222")], title="t")
    >>> svg.count('class="bar"')  # three non-empty pieces
    3
    """
    colors = [safe_color(c) for _, c in parts]
    names = [_cut(name, name_chars) for name, _ in rows]
    left = max([text_width(n, 12) for n in names] + [40]) + 12
    top = 26
    step = bar + 6
    height = top + step * len(rows) + 8
    right_room = 150
    scale_max = max((sum(values) for _, values in rows), default=0) or 1
    span = width - left - right_room
    out = [_head(width, height, title), f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>']
    x = left
    for (label, _), color in zip(parts, colors):
        out.append(f'<rect x="{x:.0f}" y="6" width="11" height="11" fill="{color}"/>'
                   f'<text x="{x + 15:.0f}" y="16">{xml_text(label)}</text>')
        x += text_width(label, 12) + 36
    for i, ((_, values), name) in enumerate(zip(rows, names)):
        y = top + i * step
        out.append(f'<text x="{left - 8:.0f}" y="{y + bar - 4}" text-anchor="end">{xml_text(name)}</text>')
        x = float(left)
        for value, color in zip(values, colors):
            w = span * value / scale_max
            if w > 0:
                out.append(f'<rect class="bar" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" fill="{color}"/>')
            x += w
        detail = " + ".join(str(v) for v in values)
        out.append(f'<text x="{x + 6:.1f}" y="{y + bar - 4}" fill="#333333">{sum(values)}'
                   f'<tspan fill="#777777"> ({xml_text(detail)})</tspan></text>')
    out.append("</svg>")
    return "".join(out)


def heat_map(row_names, column_names, values, *, title, cell=22, name_chars=14, column_chars=10,
             color="#1f4e79") -> str:
    """A grid of ``values[row][column]`` counts: darker for more, the count written in the cell.

    Column names are written slanted above the grid.

    >>> svg = heat_map(["甲"], ["一", "二"], [[0, 4]], title="t")
    >>> ">4<" in svg and svg.count('class="cell"') == 2
    True
    """
    high = safe_color(color)
    hr, hg, hb = (int(high[i:i + 2], 16) for i in (1, 3, 5))
    names = [_cut(n, name_chars) for n in row_names]
    columns = [_cut(c, column_chars) for c in column_names]
    left = max([text_width(n, 12) for n in names] + [40]) + 10
    head = max([text_width(c, 11) for c in columns] + [20]) * math.sin(math.radians(45)) + 16
    width = int(left + cell * len(columns) + head + 10)
    height = int(head + cell * len(names) + 10)
    top_value = max((v for row in values for v in row), default=0) or 1
    out = [_head(width, height, title), f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>']
    for j, name in enumerate(columns):
        x = left + j * cell + cell / 2
        out.append(f'<text x="{x:.1f}" y="{head - 6:.1f}" font-size="11" transform="rotate(-45 {x:.1f} {head - 6:.1f})">'
                   f"<title>{xml_text(column_names[j])}</title>{xml_text(name)}</text>")
    for i, name in enumerate(names):
        y = head + i * cell
        out.append(f'<text x="{left - 6:.0f}" y="{y + cell / 2 + 4:.1f}" text-anchor="end">{xml_text(name)}</text>')
        for j, value in enumerate(values[i]):
            t = math.sqrt(value / top_value) if value > 0 else 0.0
            fill = "#f3f5f8" if value <= 0 else "#{:02x}{:02x}{:02x}".format(
                round(232 + (hr - 232) * t), round(240 + (hg - 240) * t), round(248 + (hb - 248) * t))
            x = left + j * cell
            out.append(f'<rect class="cell" x="{x}" y="{y:.1f}" width="{cell - 2}" height="{cell - 2}" fill="{fill}">'
                       f"<title>{xml_text(row_names[i])} · {xml_text(column_names[j])}: {value}</title></rect>")
            if value > 0:
                ink = "#ffffff" if t > 0.55 else "#1b1b1b"
                out.append(f'<text x="{x + (cell - 2) / 2:.1f}" y="{y + cell / 2 + 3:.1f}" font-size="10" '
                           f'text-anchor="middle" fill="{ink}">{value}</text>')
    out.append("</svg>")
    return "".join(out)
