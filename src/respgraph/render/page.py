"""One self-contained, offline HTML page per network view.

pyvis builds the node and edge records (:func:`new_network`), but pyvis's own
HTML is not used: even with ``cdn_resources="in_line"`` it links Bootstrap and
other files from CDNs, and it templates labels and titles into the page as
markup.  This module writes the page itself:

* vis-network's standalone build and its CSS, read from the copy shipped
  inside the pyvis package, are inlined; the page makes no request to any
  host, and a Content-Security-Policy forbids it to (``default-src 'none'``,
  scripts only by hash, so an injected ``onerror=`` attribute cannot run);
* every piece of data (labels, tooltips, captions, legend, filter choices)
  travels as JSON inside ``<script type="application/json">`` with ``<``,
  ``>``, ``&`` and U+2028/U+2029 escaped (:func:`json_for_script`), and the
  page script sets it with ``textContent`` only: text from a task table is
  data, never markup;
* the file is written as UTF-8 whatever the platform's default encoding.

The page offers a legend, a search box (any part of a name; focuses and
selects the node), filters by section, leader and edge type (nodes and edges
get ``hidden``; pyvis's ``filter_menu`` is not used) with the number of links
a threshold or link filter hides written next to it, plain-text tooltips
listing the tasks behind a node or edge, and "Save PNG" and "Save SVG"
buttons (the current view; the SVG keeps every name as ``<text>``).

Names outside the shapes (dots, stars, diamonds) are not vis-network's
labels: after each drawing the page places them itself, most important first
(the node's ``rank``), each below, above, beside or at a corner of its node
where it overlaps no node and no other name, in a fixed screen size; names
that do not fit appear on zoom and on hover.  The view is fitted to the window
with a margin when the page opens and after every filter.

The page script exposes ``window.rg`` (``network``, ``nodes``, ``edges``,
``applyFilters()``, ``search(text)``, ``focusNode(id)``, ``visibleCounts()``,
``fit()``, ``labels`` (the name boxes drawn, in window pixels),
``shapeBoxes()``, ``hiddenBy``, ``pngDataUrl()``, ``svgText()``, ``ready``)
for tests and for analysts with a console.

>>> json_for_script({"name": "</script><b>&"})
'{"name": "\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from respgraph.errors import InputError, RespgraphError

__all__ = [
    "PHYSICS_NODE_LIMIT",
    "json_for_script",
    "vis_assets",
    "new_network",
    "network_records",
    "vis_options",
    "page_html",
    "write_page",
    "safe_color",
    "Figure",
]

#: Above this many nodes :func:`vis_options` turns physics off by default
#: (positions come from :mod:`respgraph.render.layout`).  Below it, vis runs 200
#: physics iterations from those positions and then stops physics.  The views of
#: :mod:`respgraph.render.views` always pass ``physics=False``: their layouts are
#: designed (and freed of overlaps) in Python, and physics would undo them.
#: benchmarks/bench_render.py measured, in headless Chromium on a 2-core
#: machine, the time to a settled page with physics on at about 0.8 s for 100
#: nodes, 2.3 s for 300, 5 s for 600, 10 s for 1,000, 29 s for 2,000 and 51 s
#: for 5,000, against 1.8 s (2,000) and 2.9 s (5,000) with physics off.
PHYSICS_NODE_LIMIT = 200

_HERE = Path(__file__).resolve().parent

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")

_SOURCE_MAP_RE = re.compile(r"^\s*(//[#@]\s*sourceMappingURL=.*|/\*[#@]\s*sourceMappingURL=.*?\*/)\s*$", re.M)

_COLOR_RE = re.compile(r"^(#[0-9a-fA-F]{3,8}|rgba?\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*(,\s*(0|1|0?\.\d+)\s*)?\))$")


def json_for_script(data) -> str:
    """JSON that is safe to place between ``<script type="application/json">`` tags.

    ``<``, ``>`` and ``&`` become ``\\u003c`` … so no ``</script>`` or
    ``<!--`` can appear; U+2028/U+2029 are escaped too, so the text is also
    valid JavaScript.  ``JSON.parse`` gives back exactly the original strings.

    >>> json_for_script(["a\\u2028b", "<!--"])
    '["a\\\\u2028b", "\\\\u003c!--"]'
    >>> json.loads(json_for_script(["</script>"]))
    ['</script>']
    """
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def safe_color(value: str) -> str:
    """Return ``value`` if it is a plain CSS colour (``#rgb``/``#rrggbb``/``rgb()``/``rgba()``).

    Colours end up in style properties; only these forms are accepted so no
    other CSS can be smuggled in.

    >>> safe_color("#1f77b4")
    '#1f77b4'
    >>> safe_color("red; background:url(x)")
    Traceback (most recent call last):
    ...
    ValueError: not a plain colour: 'red; background:url(x)'
    """
    if not isinstance(value, str) or not _COLOR_RE.match(value):
        raise ValueError(f"not a plain colour: {value!r}")
    return value


def _pyvis_dir() -> Path:
    import pyvis

    return Path(pyvis.__file__).resolve().parent


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """``(javascript, css)`` of the vis-network standalone build shipped with pyvis.

    Checks that the file is the standalone UMD build (it defines ``vis.Network``,
    ``vis.DataSet`` and ``vis.DataView`` without loading anything) and that
    neither text could end its ``<script>``/``<style>`` element early.
    """
    base = _pyvis_dir() / "lib"
    candidates = sorted(base.glob("vis-*/vis-network.min.js"), reverse=True)
    if not candidates:
        candidates = sorted((_pyvis_dir() / "templates" / "lib").glob("vis-*/vis-network.min.js"), reverse=True)
    if not candidates:
        raise RespgraphError(f"vis-network is missing from the pyvis package at {base}; reinstall pyvis")
    js_path = candidates[0]
    css_path = js_path.with_name("vis-network.css")
    js = js_path.read_text(encoding="utf-8")
    css = css_path.read_text(encoding="utf-8") if css_path.exists() else ""
    # a source map comment would make developer tools look for a file beside the page
    js = _SOURCE_MAP_RE.sub("", js)
    css = _SOURCE_MAP_RE.sub("", css)
    if "* vis-network" not in js[:200] or "DataView" not in js or "DataSet" not in js:
        raise RespgraphError(f"{js_path} is not the vis-network standalone build")
    low_js, low_css = js.lower(), css.lower()
    if "</script" in low_js or "<!--" in low_js or "</style" in low_css:
        raise RespgraphError(f"{js_path} cannot be inlined safely")
    if re.search(r"url\(\s*(?!['\"]?data:)", css) or "@import" in low_css:
        raise RespgraphError(f"{css_path} refers to external files")
    return js, css


@lru_cache(maxsize=1)
def _page_assets() -> tuple[str, str]:
    return (_HERE / "page.js").read_text(encoding="utf-8"), (_HERE / "page.css").read_text(encoding="utf-8")


class _IdList(list):
    """pyvis keeps node ids in a list and tests membership on every add; index them."""

    def __init__(self):
        super().__init__()
        self._set = set()

    def append(self, item):
        self._set.add(item)
        super().append(item)

    def __contains__(self, item):
        return item in self._set


def new_network():
    """A pyvis ``Network`` ready to collect nodes and edges quickly.

    It is directed internally so pyvis skips its quadratic duplicate-edge
    check (the views never add an edge twice); arrows are dropped again by
    :func:`network_records`.

    >>> net = new_network()
    >>> net.add_node("甲", label="甲")
    >>> net.add_node("乙", label="乙")
    >>> net.add_edge("甲", "乙", width=2)
    >>> nodes, edges = network_records(net)
    >>> [n["id"] for n in nodes], edges[0]["from"], "arrows" in edges[0]
    (['甲', '乙'], '甲', False)
    """
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="remote")
    ids = _IdList()
    for node_id in net.node_ids:
        ids.append(node_id)
    net.node_ids = ids
    return net


def network_records(net) -> tuple[list[dict], list[dict]]:
    """The node and edge dictionaries pyvis collected, with edge ids and no arrows."""
    nodes = [dict(n) for n in net.nodes]
    edges = []
    for i, e in enumerate(net.edges):
        record = dict(e)
        record.pop("arrows", None)
        record.setdefault("id", f"e{i}")
        edges.append(record)
    return nodes, edges


def vis_options(node_count: int, edge_count: int, *, physics: bool | None = None) -> dict:
    """vis-network options for a graph of this size.

    Positions are always given, so vis's own "improved layout" is off.
    Physics runs (briefly, from the given positions) only up to
    :data:`PHYSICS_NODE_LIMIT` nodes unless ``physics`` says otherwise.

    >>> vis_options(10, 10)["physics"]["enabled"], vis_options(5000, 9000)["physics"]["enabled"]
    (True, False)
    """
    if physics is None:
        physics = 0 < node_count <= PHYSICS_NODE_LIMIT  # vis never reports an empty network stabilised
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": bool(physics),
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "centralGravity": 0.4, "springLength": 150,
                          "springConstant": 0.02, "damping": 0.3, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 200, "updateInterval": 50, "fit": True},
        },
        "edges": {
            "smooth": {"enabled": True, "type": "continuous"} if physics and edge_count <= 2000 else False,
            "selectionWidth": 2,
        },
        "nodes": {
            "font": {"face": "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif",
                     "size": 14},
            "borderWidth": 1,
        },
        "interaction": {
            "hover": node_count <= 2000,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": edge_count > 3000,
            "hideEdgesOnZoom": edge_count > 6000,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
    }


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def page_html(nodes, edges, *, title: str, caption=(), legend=(), tasks=None, sections=(), leaders=(),
              edge_types=(), options=None, file_stem="network", node_noun="nodes", show_min_weight=1,
              show_edge_type="", keep_lonely=False, weight_label="") -> str:
    """The complete HTML of one network page.

    ``nodes``/``edges`` are vis records (``id``, ``label``, ``x``, ``y``, ``size``,
    ``color``, ``shape``, ``from``, ``to``, ``width``, ``dashes`` …) plus the
    fields the page script reads: ``tip`` (list of plain-text tooltip lines),
    ``tasks`` (task ids behind the node/edge, for the filters), ``tipTasks``
    (true: the tooltip also lists those tasks), ``find`` (text the search box
    matches; nodes without it are not searchable), ``findOrder`` (0 first) and,
    on edges, ``tags`` (edge types it belongs to).  ``tasks`` maps task id to
    ``{"section": str, "leaders": [str], "line": str}`` (``line`` is how a
    tooltip lists the task).  ``legend`` entries are
    ``{"label", "color", "shape"}`` for nodes or ``{"label", "color", "edge": True,
    "dashes": bool}`` for edges, or ``{"label"}`` for a note.  ``edge_types`` is a
    list of ``(tag, label)`` pairs for the edge filter.  When edges carry a
``weight`` above 1, the page offers a "weight at least" control, starting at
``show_min_weight``: lighter edges are in the page but hidden until the
reader lowers it (``weight_label`` names the box).  ``show_edge_type`` opens the page with the edge filter on
that tag.  Both say next to their control how many links they hide.  Nodes
a weight or edge-type filter leaves without a link are hidden too (with
``keep_lonely`` a weight filter leaves them: their place already tells
their story).

    Node fields the page script also reads: ``rank`` (label priority: where
    not every outside label fits, the highest ranks show, the rest on zoom or
    hover), ``labelStyle`` (``"leader"``: larger, bold), ``keep`` (never
    hidden by a filter), ``decor`` (a title: not counted, not a search hit
    unless it has ``find``) and, on heat-map cells, ``cell`` (``[task id,
    tag]`` pairs the page recounts under the filters), ``cellTop`` and
    ``cellPalette``.

    >>> page = page_html([{"id": "a", "label": "<b id=q>"}], [], title="t & t")
    >>> "<b id=q>" in page, "\\\\u003cb id=q\\\\u003e" in page, "<title>t &amp; t</title>" in page
    (False, True, True)
    """
    vis_js, vis_css = vis_assets()
    page_js, page_css = _page_assets()
    for entry in legend:
        if "color" in entry:
            safe_color(entry["color"])
    data = {
        "title": str(title),
        "caption": [str(line) for line in caption],
        "legend": [dict(entry) for entry in legend],
        "nodes": list(nodes),
        "edges": list(edges),
        "tasks": tasks or {},
        "sections": [str(s) for s in sections],
        "leaders": [str(s) for s in leaders],
        "edgeTypes": [[str(tag), str(label)] for tag, label in edge_types],
        "options": options if options is not None else vis_options(len(nodes), len(edges)),
        "fileStem": re.sub(r"[^\w.-]+", "_", str(file_stem)) or "network",
        "nodeNoun": str(node_noun),
        "maxWeight": max((int(e.get("weight") or 1) for e in edges), default=1),
        "showMinWeight": int(show_min_weight),
        "showEdgeType": str(show_edge_type or ""),
        "keepLonely": bool(keep_lonely),
        "weightLabel": str(weight_label or ""),
    }
    data_json = json_for_script(data)
    script_hashes = " ".join(_csp_hash(s) for s in (vis_js, page_js))
    csp = (
        "default-src 'none'; "
        f"script-src {script_hashes}; "
        "style-src 'unsafe-inline'; "
        "img-src data: blob:; font-src data:; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    esc = html.escape
    return "".join(
        [
            "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n",
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{esc(csp)}\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<meta name=\"referrer\" content=\"no-referrer\">\n",
            f"<title>{esc(str(title))}</title>\n",
            "<style>\n", vis_css, "\n</style>\n<style>\n", page_css, "\n</style>\n</head>\n<body>\n",
            _BODY,
            "<script type=\"application/json\" id=\"rg-data\">", data_json, "</script>\n",
            "<script>", vis_js, "</script>\n",
            "<script>", page_js, "</script>\n",
            "</body>\n</html>\n",
        ]
    )


# Static markup only: every text that comes from data is filled in by page.js with textContent.
_BODY = """<header id="rg-header">
<h1 id="rg-title"></h1>
<p id="rg-caption"></p>
</header>
<div id="rg-controls">
<div class="rg-find">
<label for="rg-search">Find 查找</label>
<input id="rg-search" type="search" autocomplete="off" spellcheck="false" placeholder="any part of a name">
<ul id="rg-results" role="listbox"></ul>
</div>
<label>Section 板块 <select id="rg-section"><option value="">all 全部</option></select></label>
<label>Leader 分管领导 <select id="rg-leader"><option value="">all 全部</option></select></label>
<label>Links 关系 <select id="rg-edge-type"><option value="">all 全部</option></select></label>
<span class="rg-hidden" id="rg-type-hidden" aria-live="polite"></span>
<label id="rg-min-weight-label"><span id="rg-min-weight-text">Shared tasks ≥ 共同任务</span> <input id="rg-min-weight" type="number" min="1" step="1" value="1"></label>
<span class="rg-hidden" id="rg-weight-hidden" aria-live="polite"></span>
<button type="button" id="rg-reset">Reset 重置</button>
<button type="button" id="rg-png">Save PNG 保存图片</button>
<button type="button" id="rg-svg">Save SVG 保存矢量图</button>
<span id="rg-count" aria-live="polite"></span>
</div>
<div id="rg-main">
<div id="rg-network"></div>
<aside id="rg-legend"><h2>Legend 图例</h2><ul id="rg-legend-list"></ul></aside>
</div>
"""


@dataclass
class Figure:
    """One view: its node and edge records with their positions, and everything its page shows.

    :meth:`html` is the interactive page (:func:`page_html`), :meth:`svg` the
    static drawing of what the page shows when it opens (same layout, same
    labels, text as SVG ``<text>``; :mod:`respgraph.render.svg`).

    >>> fig = Figure(nodes=[{"id": "a", "label": "甲", "x": 0, "y": 0, "size": 10}], edges=[], title="t")
    >>> fig.html().startswith("<!DOCTYPE html>"), "<text" in fig.svg() and "甲" in fig.svg()
    (True, True)
    """

    nodes: list
    edges: list
    title: str
    caption: list = field(default_factory=list)
    legend: list = field(default_factory=list)
    tasks: dict = field(default_factory=dict)
    sections: list = field(default_factory=list)
    leaders: list = field(default_factory=list)
    edge_types: list = field(default_factory=list)
    options: dict | None = None
    file_stem: str = "network"
    node_noun: str = "nodes"
    show_min_weight: int = 1
    show_edge_type: str = ""
    keep_lonely: bool = False
    weight_label: str = ""

    def html(self) -> str:
        return page_html(self.nodes, self.edges, title=self.title, caption=self.caption, legend=self.legend,
                         tasks=self.tasks, sections=self.sections, leaders=self.leaders, edge_types=self.edge_types,
                         options=self.options, file_stem=self.file_stem, node_noun=self.node_noun,
                         show_min_weight=self.show_min_weight, show_edge_type=self.show_edge_type,
                         keep_lonely=self.keep_lonely, weight_label=self.weight_label)

    def svg(self, width: int = 1400, height: int = 900) -> str:
        from respgraph.render.svg import figure_svg

        return figure_svg(self, width=width, height=height)

    def first_view(self) -> tuple[list, list]:
        """The node and edge records visible when the page opens (the page script's rules).

        >>> fig = Figure(nodes=[{"id": 1}, {"id": 2}, {"id": 3}], title="t",
        ...              edges=[{"from": 1, "to": 2, "weight": 3}, {"from": 2, "to": 3, "weight": 1}], show_min_weight=2)
        >>> [n["id"] for n in fig.first_view()[0]], len(fig.first_view()[1])
        ([1, 2], 1)
        """
        least = self.show_min_weight if self.show_min_weight > 1 else 1
        least = min(least, max((int(e.get("weight") or 1) for e in self.edges), default=1))
        tag = self.show_edge_type
        edges = [e for e in self.edges if (e.get("weight") or 1) >= least and (not tag or tag in (e.get("tags") or ()))]
        if not tag and (least <= 1 or self.keep_lonely):
            return list(self.nodes), edges
        linked = {e["from"] for e in edges} | {e["to"] for e in edges}
        nodes = [n for n in self.nodes if n.get("keep") or n.get("decor") or n["id"] in linked]
        return nodes, edges


def write_page(path, html_text: str) -> Path:
    """Write a page as UTF-8 (never the platform default), creating folders as needed."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write(html_text)
    except OSError as exc:
        raise InputError(f"cannot write the page: {exc.strerror or exc}", source=path) from exc
    return path
