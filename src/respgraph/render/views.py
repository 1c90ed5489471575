"""The interactive network pages: coordination, tasks, leaders, ego, streets.

Each function takes the plans first and returns the page's HTML text (write it
with :func:`respgraph.render.page.write_page`).  The graphs come from
:mod:`respgraph.graphs`, sizes and communities from :mod:`respgraph.analysis`;
this module only decides how things look and what the tooltips say.

* :func:`coordination_page` — units linked by shared tasks; node size by a
  chosen measure, colour by community or by unit kind, edge width by the
  number of shared tasks.
* :func:`tasks_page` — tasks in one block per section and the units
  answering for them beside them; lead links solid, co-responsible links
  dashed, links inferred from blanket phrases lighter; a dense table opens
  with its lead links only.
* :func:`leaders_page` — each leader's portfolio: the leader with the units
  working mostly for them on rings around, the heaviest links first.
* :func:`ego_page` — one unit and its partners up to ``depth`` steps away.
* :func:`streets_page` — a heat map of sections against streets: the tasks
  falling on each street, named explicitly or through a blanket phrase such
  as 各街道.

Each ``*_page`` has a ``*_figure`` twin returning the
:class:`~respgraph.render.page.Figure` (``.html()`` the page, ``.svg()`` the
static drawing).  Every layout is computed here, in canvas pixels, and freed
of overlapping shapes (:func:`half_extent` says how big vis draws each one);
the page places the names.

>>> from respgraph.model import Plan, Task
>>> plan = Plan("甲区", 2021, "", "t", sections=["一"], tasks=[Task(1, "一", "修路", ["张"], ["A局"], ["B办"])])
>>> page = coordination_page([plan], size_by="degree", color_by="kind")
>>> page.startswith("<!DOCTYPE html>") and "A局" in page
True
"""

from __future__ import annotations

import datetime as _dt
import math

from respgraph import graphs
from respgraph.errors import InputError
from respgraph.model import LEAD
from respgraph.render.layout import rings, separate, shelf_pack, spring_positions, text_width
from respgraph.render.page import Figure, new_network, network_records, vis_options

__all__ = [
    "VIEWS",
    "SIZE_MEASURES",
    "COLOR_MODES",
    "KIND_COLORS",
    "KIND_NAMES",
    "coordination_page",
    "readable_min_shared",
    "tasks_page",
    "leaders_page",
    "ego_page",
    "streets_page",
    "render_view",
    "render_figure",
    "resolve_unit",
    "coordination_figure",
    "ego_figure",
    "tasks_figure",
    "leaders_figure",
    "streets_figure",
    "heat_color",
    "half_extent",
]

VIEWS = ("coordination", "tasks", "leaders", "ego", "streets")

#: Measures a coordination node can be sized by: the analysis metrics plus task counts.
SIZE_MEASURES = ("tasks", "lead", "co", "degree", "strength", "betweenness", "closeness", "eigenvector",
                 "pagerank", "constraint", "effective-size", "core")

COLOR_MODES = ("community", "kind")

KIND_COLORS = {
    "party": "#d62728",
    "government": "#1f77b4",
    "judicial": "#8c564b",
    "mass-org": "#e377c2",
    "street": "#2ca02c",
    "vertical": "#9467bd",
    "enterprise": "#ff7f0e",
    "platform": "#17becf",
    "other": "#7f7f7f",
}

KIND_NAMES = {
    "party": "party organ 党委机构",
    "government": "government department 政府部门",
    "judicial": "court / procuratorate 司法机关",
    "mass-org": "mass organisation 群团组织",
    "street": "street / town 街道·镇",
    "vertical": "vertical agency 垂直管理单位",
    "enterprise": "enterprise 国有企业",
    "platform": "platform / park 平台·园区",
    "other": "other 其他",
}

_COMMUNITY_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                     "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a")
_REST_COLOR = "#c7c7c7"
_GROUP_COLOR = "#bbbbbb"
_TASK_COLOR = "#dfe7f2"
_LEADER_COLOR = "#f2b701"
_LEAD_EDGE = "#c0392b"
_CO_EDGE = "#2e86c1"
_LEAD_EDGE_LIGHT = "rgba(192,57,43,0.3)"
_CO_EDGE_LIGHT = "rgba(46,134,193,0.3)"
_PLAIN_EDGE = "#9aa5b1"

_TEXT_CUT = 60  # characters of a task's text shown in a tooltip line


# ---------------------------------------------------------------- helpers

def _task_index(plans) -> dict:
    index = {}
    for plan in plans:
        for task in plan.tasks:
            index[graphs.task_id(plan, task)] = {
                "section": task.section or "",
                "leaders": list(task.leaders),
                "seq": task.seq,
                "plan": plan.key,
                "text": task.text or "",
            }
    return index


def _task_line(tid, index, several_plans):
    info = index.get(tid)
    if info is None:
        return tid
    text = info["text"].replace("\n", " ")
    if len(text) > _TEXT_CUT:
        text = text[:_TEXT_CUT] + "…"
    where = f"{info['plan']} " if several_plans else ""
    return f"{where}#{info['seq']} {text}"


def _page_tasks(index, several_plans) -> dict:
    # one line per task, sent once: tooltips list a node's or edge's tasks from here
    return {tid: {"section": info["section"], "leaders": info["leaders"],
                  "line": _task_line(tid, index, several_plans)} for tid, info in index.items()}


def _sections(plans):
    seen = []
    for plan in plans:
        for s in list(plan.sections) + [t.section for t in plan.tasks]:
            if s and s not in seen:
                seen.append(s)
    return seen


def _leaders(plans):
    seen = []
    for plan in plans:
        for name in plan.leaders:
            if name not in seen:
                seen.append(name)
    return seen


def _caption(plans, *choices):
    keys = "、".join(p.key for p in plans) or "no plan"
    return [keys, f"rendered {_dt.date.today().isoformat()}", *[c for c in choices if c]]


def _blanket_note(blanket):
    return {
        "exclude": "blanket phrases (各街道 …) left out",
        "group": "blanket phrases shown as group nodes",
        "expand": "blanket phrases expanded to member units (inferred links)",
    }[blanket]


def _scaled(value, top, low=10.0, high=42.0):
    if not top or value is None or value <= 0:
        return low
    return round(low + (high - low) * math.sqrt(value / top), 1)


def _kind_legend(kinds):
    return [{"label": KIND_NAMES.get(k, k), "color": KIND_COLORS.get(k, KIND_COLORS["other"]), "shape": "dot"}
            for k in KIND_COLORS if k in kinds]


def _unit_color(attrs):
    if attrs.get("type") == "group":
        return _GROUP_COLOR
    return KIND_COLORS.get(attrs.get("kind", "other"), KIND_COLORS["other"])


#: Shapes vis-network draws its label inside; every other shape gets an outside
#: label placed by the page script (page.js, ``placeLabels``) where it fits.
INSIDE_LABEL_SHAPES = ("box", "text", "ellipse", "circle", "database")

_BOX_FONT = 14  # px, the font vis uses inside boxes (vis_options)
_BOX_MARGIN = 5  # px, vis's default margin inside a box
# measured in Chromium: vis's boxes come out about 11 px wider and taller than the
# label on each side, text shapes about 5 px (border, rounding); a pixel more is kept
_BOX_PAD = 12
_TEXT_PAD = 6


def half_extent(record) -> tuple[float, float]:
    """Half the width and height, in canvas pixels, of the shape vis draws for a node record.

    Boxes are as wide as their label (estimated, see :func:`text_width`)
    unless ``widthConstraint`` fixes the width; dots, diamonds and stars
    are ``size`` from their centre.

    >>> half_extent({"shape": "dot", "size": 12}), half_extent({"shape": "box", "label": "12"})
    ((12.0, 12.0), (20.4, 19.0))
    """
    shape = record.get("shape", "dot")
    if shape in INSIDE_LABEL_SHAPES:
        font = (record.get("font") or {}).get("size", _BOX_FONT)
        lines = str(record.get("label", "")).split("\n")
        width = max(text_width(line, font) for line in lines)
        fixed = record.get("widthConstraint")
        if isinstance(fixed, dict) and fixed.get("minimum"):
            width = max(width, fixed["minimum"])
            width = min(width, fixed.get("maximum", width))
        height = font * 1.0 * len(lines)
        low = record.get("heightConstraint")
        if isinstance(low, dict) and low.get("minimum"):
            height = max(height, low["minimum"])
        pad = _TEXT_PAD if shape == "text" else _BOX_PAD
        if shape != "text" and isinstance(record.get("margin"), (int, float)):
            pad += record["margin"] - _BOX_MARGIN
        return round(width / 2 + pad, 1), round(height / 2 + pad, 1)
    size = float(record.get("size", 25))
    return size, size


#: The most important nodes of a view whose names get room kept free around them.
NAMED_FIRST = 20
#: The window a page is fitted to, roughly (the network's part of a laptop screen).
_WINDOW = (1000.0, 680.0)
#: Above this many nodes the first view is an overview (names come on zoom): no room is
#: kept for names, which would also slow the layout (a few very wide boxes make its grid coarse).
_NAMED_ROOM_LIMIT = 1500


def _separated(records, positions, *, gap=10.0, fixed=()):
    """Positions with no two shapes overlapping, and room for the names of the most important nodes.

    After a first pass the view's scale in a typical window is estimated and
    the :data:`NAMED_FIRST` highest-ranked nodes with outside names are
    pushed apart again as if their name (which the page draws at a fixed
    size on screen) were part of them, above and below: the names a reader
    needs first then find a free place at the first view (up to
    ``_NAMED_ROOM_LIMIT`` nodes).
    """
    boxes = {}
    for node, record in records.items():
        x, y = positions.get(node, (0.0, 0.0))
        hw, hh = half_extent(record)
        boxes[node] = (x, y, hw, hh)
    out = separate(boxes, gap=gap, fixed=fixed)
    named = [n for n, r in records.items()
             if n not in fixed and r.get("shape", "dot") not in INSIDE_LABEL_SHAPES and str(r.get("label", "")).strip()]
    if len(named) < 2 or len(records) < 3 or len(records) > _NAMED_ROOM_LIMIT:
        return out
    named.sort(key=lambda n: (-float(records[n].get("rank", 0) or 0), str(n)))
    left = min(x - boxes[n][2] for n, (x, _) in out.items())
    right = max(x + boxes[n][2] for n, (x, _) in out.items())
    top = min(y - boxes[n][3] for n, (_, y) in out.items())
    bottom = max(y + boxes[n][3] for n, (_, y) in out.items())
    scale = min(_WINDOW[0] / max(right - left, 1.0), _WINDOW[1] / max(bottom - top, 1.0), 1.6)
    for node in named[:NAMED_FIRST]:
        x, y = out[node]
        hw, hh = boxes[node][2], boxes[node][3]
        label_w = text_width(str(records[node]["label"]), 13) / scale
        label_h = (13 * 1.45 + 2) / scale
        boxes[node] = (x, y, max(hw, label_w / 2), hh + label_h)
    for node, (x, y) in out.items():
        if node not in named[:NAMED_FIRST]:
            boxes[node] = (x, y, boxes[node][2], boxes[node][3])
    return separate(boxes, gap=gap, fixed=fixed)


def _assemble(records, edge_records, *, title, caption, legend, index, plans, edge_types=(), file_stem, node_noun,
              show_min_weight=1, show_edge_type="", keep_lonely=False, weight_label=""):
    """Push node and edge records (positions included) through pyvis and wrap them as a :class:`Figure`."""
    net = new_network()
    for node, record in records.items():
        record = dict(record)
        label = record.pop("label", str(node))
        net.add_node(node, label=label, **record)
    for u, v, record in edge_records:
        net.add_edge(u, v, **record)
    nodes, edges = network_records(net)
    # positions are designed in Python for every view: vis's physics would undo them
    options = vis_options(len(nodes), len(edges), physics=False)
    return Figure(
        nodes=nodes,
        edges=edges,
        title=title,
        caption=caption,
        legend=legend,
        tasks=_page_tasks(index, len(plans) > 1),
        sections=_sections(plans),
        leaders=_leaders(plans),
        edge_types=edge_types,
        options=options,
        file_stem=file_stem,
        node_noun=node_noun,
        show_min_weight=show_min_weight,
        show_edge_type=show_edge_type,
        keep_lonely=keep_lonely,
        weight_label=weight_label,
    )


def _build(graph, node_record, edge_record, *, title, caption, legend, index, plans, edge_types=(),
           file_stem, node_noun, layout=None, layout_weight="weight", show_min_weight=1, show_edge_type="",
           keep_lonely=False, weight_label=""):
    """Records for every node and edge of ``graph``, laid out (``layout(records)`` or a force layout), as a Figure."""
    records = {node: node_record(node, attrs) for node, attrs in graph.nodes(data=True)}
    if layout is not None:
        positions = layout(records)
    else:
        positions = _separated(records, spring_positions(graph, weight=layout_weight))
    for node, record in records.items():
        x, y = positions.get(node, (0.0, 0.0))
        record["x"], record["y"] = x, y
    edge_records = [(u, v, edge_record(u, v, attrs)) for u, v, attrs in graph.edges(data=True)]
    return _assemble(records, edge_records, title=title, caption=caption, legend=legend, index=index, plans=plans,
                     edge_types=edge_types, file_stem=file_stem, node_noun=node_noun, show_min_weight=show_min_weight,
                     show_edge_type=show_edge_type, keep_lonely=keep_lonely, weight_label=weight_label)


def _node_values(G, size_by):
    if size_by == "tasks":
        return {n: len(a.get("tasks", [])) for n, a in G.nodes(data=True)}, False
    if size_by == "lead":
        return {n: a.get("lead_count", 0) for n, a in G.nodes(data=True)}, False
    if size_by == "co":
        return {n: a.get("co_count", 0) for n, a in G.nodes(data=True)}, False
    from respgraph.analysis import scores

    result = scores(G, size_by)
    return result.values, result.ascending


def _check_choice(value, choices, option):
    if value not in choices:
        raise InputError(f"unknown value {value!r}; choose one of {', '.join(choices)}", option=option)


def _community_colors(G):
    from respgraph.analysis.communities import communities

    result = communities(G, seed=0)
    colors = {}
    legend = []
    for community in result.communities:
        coloured = community.index <= len(_COMMUNITY_COLORS) and len(community.members) > 1
        color = _COMMUNITY_COLORS[community.index - 1] if coloured else _REST_COLOR
        for m in community.members:
            colors[m] = color
        if community.index <= len(_COMMUNITY_COLORS) and len(community.members) > 1:
            head = "、".join(map(str, community.members[:3]))
            more = " …" if len(community.members) > 3 else ""
            legend.append({"label": f"community {community.index} ({len(community.members)}): {head}{more}",
                           "color": color, "shape": "dot"})
    if any(c.index > len(_COMMUNITY_COLORS) or len(c.members) == 1 for c in result.communities):
        legend.append({"label": "smaller communities / isolated units", "color": _REST_COLOR, "shape": "dot"})
    return colors, legend


# ---------------------------------------------------------------- coordination and ego

def _coordination_figure(G, plans, *, size_by, color_by, min_shared, blanket, title, centre=None, depth=None,
                       file_stem="coordination", full=None, show_min_shared=1):
    # ``G`` is what is drawn; measures, communities and partner counts come from ``full``
    # (the whole coordination graph) so an ego page shows the same numbers as the full one.
    _check_choice(size_by, SIZE_MEASURES, "size_by")
    _check_choice(color_by, COLOR_MODES, "color_by")
    if min_shared < 1:
        raise InputError("must be at least 1", option="min_shared")
    index = _task_index(plans)
    # measures and communities are computed on the full graph, before thinning for display
    full = G if full is None else full
    values, ascending = _node_values(full, size_by)
    defined = [v for v in values.values() if v is not None]
    if ascending and defined:
        # low is better (constraint): size by how far below the worst value a node is
        worst = max(defined)
        values = {n: (worst - v if v is not None else None) for n, v in values.items()}
        defined = [v for v in values.values() if v is not None]
    top = max(defined) if defined else 0
    if color_by == "community":
        colors, legend = _community_colors(full)
    else:
        colors = {n: _unit_color(a) for n, a in G.nodes(data=True)}
        legend = _kind_legend({a.get("kind", "other") for _, a in G.nodes(data=True)})
    if any(a.get("type") == "group" for _, a in G.nodes(data=True)):
        legend.append({"label": "blanket group 泛指单位组", "color": _GROUP_COLOR, "shape": "diamond"})
    legend.append({"label": f"size: {size_by}", })
    legend.append({"label": "edge width: shared tasks 共同任务数"})
    if centre is not None:
        legend.append({"label": f"centre: {centre} (depth {depth})"})

    H = G.copy()
    H.remove_edges_from([(u, v) for u, v, w in G.edges(data="weight") if (w or 0) < min_shared])

    def node_record(node, attrs):
        tasks = attrs.get("tasks", [])
        value = values.get(node)
        shown = "n/a" if value is None else (f"{value:.3g}" if isinstance(value, float) else str(value))
        tip = [str(attrs.get("label", node)),
               f"{KIND_NAMES.get(attrs.get('kind', 'other'), attrs.get('kind', ''))}",
               f"leads {attrs.get('lead_count', 0)} · co-responsible {attrs.get('co_count', 0)} · "
               f"partners {full.degree(node)} · {size_by} {shown}"]
        if attrs.get("sections"):
            tip.append("sections: " + "; ".join(attrs["sections"][:6]) + (" …" if len(attrs["sections"]) > 6 else ""))
        record = {
            "label": str(attrs.get("label", node)),
            "size": _scaled(value, top, 7.0, 28.0),
            "color": colors.get(node, _REST_COLOR),
            "shape": "diamond" if attrs.get("type") == "group" else "dot",
            "tip": tip,
            "tipTasks": True,
            "tasks": list(tasks),
            "find": str(attrs.get("label", node)),
            "kind": attrs.get("kind", "other"),
            # the labels that fit are the most important by the size measure (the centre first)
            "rank": 1e9 if node == centre else (float(value) if value is not None else 0.0),
        }
        if node == centre:
            record["borderWidth"] = 4
            record["shape"] = "star"
        return record

    def edge_record(u, v, attrs):
        weight = attrs.get("weight", 1)
        lead_co = attrs.get("lead_co", 0)
        inferred = attrs.get("inferred_tasks", 0)
        tags = []
        if lead_co:
            tags.append("lead-co")
        if weight - lead_co > 0:
            tags.append("same-role")
        if inferred:
            tags.append("inferred")
        if weight - inferred > 0:
            tags.append("explicit")
        tip = [f"{G.nodes[u].get('label', u)} — {G.nodes[v].get('label', v)}",
               f"{weight} shared tasks 共同任务 · {lead_co} lead–co" + (f" · {inferred} inferred" if inferred else "")]
        return {
            "width": round(1 + 1.6 * math.sqrt(max(weight, 1) - 1), 2),
            "color": {"color": _PLAIN_EDGE if inferred < weight else "rgba(154,165,177,0.35)",
                      "highlight": "#333333", "hover": "#333333"},
            "tip": tip,
            "tipTasks": True,
            "tasks": list(attrs.get("tasks", [])),
            "tags": tags,
            "weight": weight,
        }

    edge_types = [("lead-co", "one leads, one co-responsible 牵头-配合"), ("same-role", "same role 同为牵头或配合")]
    if blanket == "expand":
        edge_types += [("explicit", "named explicitly 明确列出"), ("inferred", "via blanket phrase 泛指推断")]
    choices = [f"size: {size_by}", f"colour: {color_by}", _blanket_note(blanket)]
    if min_shared > 1:
        choices.append(f"links with ≥ {min_shared} shared tasks")
    if show_min_shared > max(min_shared, 1):
        choices.append(f"shown at first: links with ≥ {show_min_shared} shared tasks (lower it on the page)")
    if centre is not None:
        choices.insert(0, f"around {centre}, depth {depth}")
    def layout(records):
        # laid out on what shows first (links at or above the opening threshold), each unit
        # left without such a link tied to its strongest partner, so it appears beside it
        opening = max(show_min_shared, min_shared)
        L = H.copy()
        L.remove_edges_from([(u, v) for u, v, w in H.edges(data="weight") if (w or 0) < opening])
        for node in H:
            if L.degree(node) == 0 and H.degree(node):
                partner = max(H[node], key=lambda o: (H.edges[node, o].get("weight", 1), str(o)))
                L.add_edge(node, partner, weight=1)
        # a wide gap leaves room for the names between the units
        return _separated(records, spring_positions(L, weight="weight", edge_length=120.0), gap=26.0)

    return _build(H, node_record, edge_record, title=title, caption=_caption(plans, *choices), legend=legend,
                  index=index, plans=plans, edge_types=edge_types, file_stem=file_stem, node_noun="units",
                  show_min_weight=show_min_shared, layout=layout)


def coordination_page(plans, *, blanket="exclude", size_by="tasks", color_by="community", min_shared=1,
                      lead_co_only=False, title=None, show_min_shared=1) -> str:
    """The HTML of :func:`coordination_figure` (same arguments)."""
    return coordination_figure(plans, blanket=blanket, size_by=size_by, color_by=color_by, min_shared=min_shared,
                               lead_co_only=lead_co_only, title=title, show_min_shared=show_min_shared).html()


def coordination_figure(plans, *, blanket="exclude", size_by="tasks", color_by="community", min_shared=1,
                        lead_co_only=False, title=None, show_min_shared=1) -> Figure:
    """Units linked by the tasks they share.

    Sizes and communities are computed on the whole coordination graph;
    ``min_shared`` only thins the edges drawn.  ``show_min_shared`` keeps every
    link in the page but opens it with those sharing fewer tasks hidden (the
    page's "shared tasks ≥" box brings them back); ``"auto"`` picks
    :func:`readable_min_shared`.

    >>> from respgraph.model import Plan, Task
    >>> plan = Plan("甲区", 2021, "", "t", tasks=[Task(1, "一", "修路", [], ["A"], ["B"])])
    >>> "修路" in coordination_page([plan])
    True
    """
    plans = list(plans)
    G = graphs.coordination_graph(plans, blanket=blanket, lead_co_only=lead_co_only)
    if show_min_shared == "auto":
        show_min_shared = readable_min_shared(G)
    return _coordination_figure(G, plans, size_by=size_by, color_by=color_by, min_shared=min_shared, blanket=blanket,
                                title=title or "Coordination network 协同网络", show_min_shared=show_min_shared)


#: About as many links as a reader can follow on one screen.
READABLE_LINKS = 400


def readable_min_shared(G, max_links: int = READABLE_LINKS) -> int:
    """The fewest shared tasks a link needs so that at most ``max_links`` links show.

    Never above the heaviest link: when more than ``max_links`` links share
    the most tasks, those are what shows.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b", {"weight": 3}), ("b", "c", {"weight": 1}), ("a", "c", {"weight": 1})])
    >>> readable_min_shared(G, max_links=3), readable_min_shared(G, max_links=2), readable_min_shared(G, max_links=0)
    (1, 2, 3)
    >>> readable_min_shared(nx.path_graph(10), max_links=4)  # all links alike: no threshold
    1
    """
    weights = sorted((w or 1 for _, _, w in G.edges(data="weight")), reverse=True)
    if len(weights) <= max_links:
        return 1
    # links of the weight at the cut-off all go, so that what shows is a clean threshold
    return min(weights[max_links] + 1, weights[0])


def resolve_unit(graph, unit: str) -> str:
    """The node of ``graph`` meant by ``unit``: the exact name, else the only node containing it.

    >>> import networkx as nx
    >>> resolve_unit(nx.Graph([("区发改局", "区财政局")]), "财政")
    '区财政局'
    """
    if unit in graph:
        return unit
    text = str(unit).strip()
    hits = sorted((n for n in graph if text and text in str(n)), key=str)
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        shown = ", ".join(map(str, hits[:6])) + (" …" if len(hits) > 6 else "")
        raise InputError(f"{unit!r} matches several units: {shown}; give the full name", option="unit")
    import difflib

    close = difflib.get_close_matches(text, [str(n) for n in graph], n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"unit {unit!r} is not in the coordination graph{hint}", option="unit")


def ego_page(plans, unit, *, depth=1, blanket="exclude", size_by="tasks", color_by="kind", min_shared=1,
             title=None) -> str:
    """One unit and its partners up to ``depth`` links away (``unit`` may be part of a name)."""
    return ego_figure(plans, unit, depth=depth, blanket=blanket, size_by=size_by, color_by=color_by,
                      min_shared=min_shared, title=title).html()


def ego_figure(plans, unit, *, depth=1, blanket="exclude", size_by="tasks", color_by="kind", min_shared=1,
               title=None) -> Figure:
    """The figure of :func:`ego_page`."""
    import networkx as nx

    plans = list(plans)
    if depth < 1:
        raise InputError("must be at least 1", option="depth")
    G = graphs.coordination_graph(plans, blanket=blanket)
    centre = resolve_unit(G, unit)
    thin = G.copy()
    if min_shared > 1:
        thin.remove_edges_from([(u, v) for u, v, w in G.edges(data="weight") if (w or 0) < min_shared])
    E = nx.ego_graph(thin, centre, radius=depth).copy()
    return _coordination_figure(E, plans, size_by=size_by, color_by=color_by, min_shared=min_shared, blanket=blanket,
                                title=title or f"Partners of {centre} 协同单位", centre=centre, depth=depth,
                                file_stem="ego", full=G, show_min_shared=readable_min_shared(E))


# ---------------------------------------------------------------- tasks and streets (two-mode)

def _two_mode_figure(T, plans, *, blanket, title, caption_choices, file_stem, extra_legend=()):
    index = _task_index(plans)
    several = len(plans) > 1
    kinds = {a.get("kind", "other") for _, a in T.nodes(data=True) if a.get("type") == "unit"}
    legend = [{"label": "task 任务 (number = row in the table)", "color": _TASK_COLOR, "shape": "box"}]
    legend += _kind_legend(kinds)
    if any(a.get("type") == "group" for _, a in T.nodes(data=True)):
        legend.append({"label": "blanket group 泛指单位组", "color": _GROUP_COLOR, "shape": "diamond"})
    legend += [
        {"label": "lead 牵头", "color": _LEAD_EDGE, "edge": True, "dashes": False},
        {"label": "co-responsible 责任/配合", "color": _CO_EDGE, "edge": True, "dashes": True},
    ]
    any_inferred = any(a.get("inferred") for _, _, a in T.edges(data=True))
    if any_inferred:
        legend.append({"label": "inferred from a blanket phrase 泛指推断", "color": _CO_EDGE_LIGHT, "edge": True,
                       "dashes": True})
    legend += list(extra_legend)

    unit_tasks = {}
    for u, v, a in T.edges(data=True):
        task, other = (u, v) if T.nodes[u].get("type") == "task" else (v, u)
        unit_tasks.setdefault(other, []).append((task, a))
    top_tasks = max((len(t) for t in unit_tasks.values()), default=0)

    def node_record(node, attrs):
        if attrs.get("type") == "task":
            info = index.get(node, {})
            tip = [f"#{attrs.get('seq')} {attrs.get('section', '')}", attrs.get("text", "")]
            if attrs.get("leaders"):
                tip.append("leaders 分管领导: " + "、".join(attrs["leaders"]))
            for other, a in sorted(((o, a) for o, a in _neighbours(T, node)), key=lambda oa: (oa[1]["role"] != LEAD, str(oa[0]))):
                role = "lead 牵头" if a["role"] == LEAD else "co 责任"
                via = f" (via {a.get('group')})" if a.get("inferred") else ""
                tip.append(f"{role}: {T.nodes[other].get('label', other)}{via}")
                if len(tip) > 20:
                    tip.append("…")
                    break
            return {
                "label": str(attrs.get("label", attrs.get("seq", node))),
                "shape": "box",
                "color": {"background": _TASK_COLOR, "border": "#7a8ca5"},
                # the tasks view is seen whole, at about half size: numbers a little larger
                "font": {"size": 18},
                "tip": tip,
                "tasks": [node],
                "find": f"#{attrs.get('seq')} {attrs.get('text', '')}",
                "findOrder": 1,
                "kind": "task",
                "section": info.get("section", ""),
            }
        tasks = unit_tasks.get(node, [])
        lead = sum(1 for _, a in tasks if a["role"] == LEAD)
        inferred = sum(1 for _, a in tasks if a.get("inferred"))
        tip = [str(attrs.get("label", node)), KIND_NAMES.get(attrs.get("kind", "other"), attrs.get("kind", "")),
               f"{len(tasks)} tasks: leads {lead} · co-responsible {len(tasks) - lead}"
               + (f" · {inferred} via blanket phrases" if inferred else "")]
        size = _scaled(len(tasks), top_tasks, 9, 30)
        return {
            "label": str(attrs.get("label", node)),
            "shape": "diamond" if attrs.get("type") == "group" else "dot",
            "color": _unit_color(attrs),
            "size": size,
            "tip": tip,
            "tipTasks": True,
            "tasks": [t for t, _ in tasks],
            "find": str(attrs.get("label", node)),
            "kind": attrs.get("kind", "other"),
            "rank": len(tasks),
        }

    def edge_record(u, v, attrs):
        task, other = (u, v) if T.nodes[u].get("type") == "task" else (v, u)
        lead = attrs.get("role") == LEAD
        inferred = bool(attrs.get("inferred"))
        if inferred:
            color = _LEAD_EDGE_LIGHT if lead else _CO_EDGE_LIGHT
        else:
            color = _LEAD_EDGE if lead else _CO_EDGE
        role = "lead 牵头" if lead else "co-responsible 责任/配合"
        tip = [f"{T.nodes[other].get('label', other)} — {role}", _task_line(task, index, several)]
        if inferred:
            tip.append(f"inferred from {attrs.get('group')} 泛指推断")
        elif attrs.get("method") and attrs.get("method") not in ("exact", "group"):
            tip.append(f"name resolved by {attrs.get('method')}")
        return {
            "color": {"color": color, "highlight": "#333333", "hover": "#333333"},
            "dashes": False if lead else [6, 4],
            "width": 2.5 if lead else 1.5,
            "tip": tip,
            "tasks": [task],
            "tags": ["lead" if lead else "co", "inferred" if inferred else "explicit"],
        }

    edge_types = [("lead", "lead 牵头"), ("co", "co-responsible 责任/配合")]
    if any_inferred:
        edge_types += [("explicit", "named explicitly 明确列出"), ("inferred", "via blanket phrase 泛指推断")]
    # a dense table opens with its lead links only (who answers first for each task); the
    # "Links" box brings the co-responsible ones back and says how many are hidden
    opening = "lead" if T.number_of_edges() > READABLE_LINKS else ""
    choices = list(caption_choices)
    if opening:
        choices.append("shown at first: lead links only (choose Links: all for the rest)")
    order = {s: i for i, s in enumerate(_sections(plans))}
    figure = _build(T, node_record, edge_record, title=title,
                    caption=_caption(plans, *choices, _blanket_note(blanket)), legend=legend, index=index,
                    plans=plans, edge_types=edge_types, file_stem=file_stem, node_noun="nodes",
                    layout=lambda records: _section_layout(T, records, order), show_edge_type=opening)
    figure.nodes.extend(_section_headers(T, figure.nodes, order))
    return figure


def _section_layout(T, records, order):
    """Tasks in one block per section (table order), units between the blocks near their tasks."""
    by_section = {}
    for node, attrs in T.nodes(data=True):
        if attrs.get("type") == "task":
            by_section.setdefault(attrs.get("section", ""), []).append(node)
    sections = sorted(by_section, key=lambda s: (order.get(s, len(order)), s))
    blocks = []
    for section in sections:
        tasks = sorted(by_section[section], key=lambda t: (T.nodes[t].get("plan", ""), T.nodes[t].get("seq", 0)))
        width = max(2 * half_extent(records[t])[0] for t in tasks) + 14
        cols = max(1, math.ceil(math.sqrt(len(tasks) * 1.6)))
        rows = math.ceil(len(tasks) / cols)
        title = _section_title(section)
        title_width = 2 * half_extent({"shape": "text", "label": title, "font": _SECTION_FONT})[0]
        blocks.append((tasks, cols, width, (max(cols * width, title_width), rows * 46.0 + 40.0)))
    corners = shelf_pack([b[3] for b in blocks], gap=120.0, aspect=1.5)
    positions = {}
    for (tasks, cols, width, _), (left, top) in zip(blocks, corners):
        for i, t in enumerate(tasks):
            positions[t] = (round(left + (i % cols + 0.5) * width, 1), round(top + 40.0 + (i // cols + 0.5) * 46.0, 1))
    tasks_fixed = set(positions)
    for node, attrs in T.nodes(data=True):
        if node in positions:
            continue
        total = wx = wy = 0.0
        for other in T[node]:
            if other in positions:
                w = 3.0 if T.edges[node, other].get("role") == LEAD else 1.0
                total += w
                wx += positions[other][0] * w
                wy += positions[other][1] * w
        positions[node] = (wx / total, wy / total) if total else (0.0, 0.0)
    # the section titles (added to the page afterwards) are obstacles the units must keep off
    placed = [dict(records[t], id=t, x=positions[t][0], y=positions[t][1]) for t in tasks_fixed]
    headers = {h["id"]: h for h in _section_headers(T, placed, order)}
    for key, header in headers.items():
        positions[key] = (header["x"], header["y"])
    moved = _separated({**records, **headers}, positions, gap=28.0, fixed=tasks_fixed | set(headers))
    return {node: moved[node] for node in records}


_SECTION_FONT = {"size": 21, "color": "#34495e", "bold": True}


def _section_title(section):
    return section if len(section) <= 14 else section[:13] + "…"


def _section_headers(T, nodes, order):
    """A title above each section's block of tasks (a node that carries no count and no link)."""
    by_section = {}
    for record in nodes:
        if record.get("kind") == "task":
            by_section.setdefault(record.get("section", ""), []).append(record)
    headers = []
    for section, members in sorted(by_section.items(), key=lambda kv: order.get(kv[0], len(order))):
        left = min(r["x"] for r in members) - 20
        right = max(r["x"] for r in members) + 20
        top = min(r["y"] for r in members)
        headers.append({
            "id": "section:" + section,
            "label": _section_title(section),
            "shape": "text",
            "x": round((left + right) / 2, 1),
            "y": round(top - 44, 1),
            "font": dict(_SECTION_FONT),
            "tip": [section, f"{len(members)} tasks 项任务"],
            "tasks": [r["id"] for r in members],
            "find": section,
            "findOrder": 2,
            "decor": True,
            "kind": "section",
        })
    return headers


def _neighbours(T, node):
    for other in T[node]:
        yield other, T.edges[node, other]


def tasks_page(plans, *, blanket="exclude", title=None) -> str:
    """Tasks and the units answering for them (lead solid, co dashed, inferred lighter)."""
    return tasks_figure(plans, blanket=blanket, title=title).html()


def tasks_figure(plans, *, blanket="exclude", title=None) -> Figure:
    """The figure of :func:`tasks_page`: tasks in one block per section, units beside the tasks they share."""
    plans = list(plans)
    T = graphs.two_mode_graph(plans, blanket=blanket)
    return _two_mode_figure(T, plans, blanket=blanket, title=title or "Tasks and units 任务与责任单位",
                            caption_choices=["tasks grouped by section"], file_stem="tasks")


def streets_page(plans, *, blanket="expand", title=None) -> str:
    """The streets' burden as a heat map of sections against streets (see :func:`streets_figure`)."""
    return streets_figure(plans, blanket=blanket, title=title).html()


#: Heat-map cells: width and height of the box vis draws, in canvas pixels.
_CELL_W = 50
_CELL_H = 16
_CELL_MARGIN = 2  # vis's padding inside a cell (5 by default)
_ROW_HEAD = 15  # characters of a section name shown as a row title (the tooltip has it all)


def heat_color(value: float, top: float, palette: str = "green") -> str:
    """The fill of a heat-map cell holding ``value`` when the busiest holds ``top`` (light to dark).

    >>> heat_color(0, 10), heat_color(10, 10), heat_color(5, 10, "grey")
    ('#f4f6f4', '#1b5e20', '#6c787e')
    """
    if not top or value <= 0:
        return "#f4f6f4"
    t = math.sqrt(min(value / top, 1.0))
    low, high = ((232, 245, 233), (27, 94, 32)) if palette == "green" else ((236, 239, 241), (55, 71, 79))
    rgb = [round(a + (b - a) * t) for a, b in zip(low, high)]
    return "#" + "".join(f"{c:02x}" for c in rgb)


def streets_figure(plans, *, blanket="expand", title=None) -> Figure:
    """Which street carries how many tasks of which section: a heat map, named vs via 各街道.

    Rows are the sections (in table order), columns the streets (busiest
    first), each cell the number of tasks of that section falling on that
    street; "(n)" counts those naming the street itself, the rest reach it
    through a blanket phrase such as 各街道 (with ``blanket="expand"``, the
    default and the point of this view).  The bottom row totals each street.
    The page recounts the cells when a filter is chosen.
    """
    plans = list(plans)
    index = _task_index(plans)
    T = graphs.two_mode_graph(plans, blanket=blanket)
    named_streets = set(T.graph.get("streets", []))
    streets = [n for n, a in T.nodes(data=True)
               if a.get("type") == "unit" and (n in named_streets or a.get("kind") == "street")]
    cells = {}  # (section, street) -> [[task id, "named" | "via"]]
    totals = {s: [0, 0] for s in streets}
    for street in streets:
        for task in T[street]:
            attrs = T.edges[street, task]
            how = "via" if attrs.get("inferred") else "named"
            section = T.nodes[task].get("section", "")
            cells.setdefault((section, street), []).append([task, how])
            totals[street][0 if how == "named" else 1] += 1
    streets.sort(key=lambda s: (-sum(totals[s]), -totals[s][0], str(s)))
    order = _sections(plans)
    sections = [sec for sec in order if any((sec, st) in cells for st in streets)]
    top = max((len(v) for v in cells.values()), default=0)
    top_total = max((sum(v) for v in totals.values()), default=0)
    cell_hw, cell_hh = half_extent({"shape": "box", "label": "", "widthConstraint": {"minimum": _CELL_W,
                                    "maximum": _CELL_W}, "heightConstraint": {"minimum": _CELL_H},
                                    "margin": _CELL_MARGIN})
    col_step = 2 * cell_hw + 4
    row_step = 2 * cell_hh + 4

    def short(section):
        return section if len(section) <= _ROW_HEAD else section[:_ROW_HEAD - 1] + "…"

    records = {}
    # column titles: the streets, on two staggered lines when a name is wider than a column
    street_font = 15
    wide = any(half_extent({"shape": "text", "label": str(st), "font": {"size": street_font}})[0] * 2 > col_step
               for st in streets)
    for j, street in enumerate(streets):
        named, via = totals[street]
        _, hh = half_extent({"shape": "text", "label": str(street), "font": {"size": street_font}})
        lift = (2 * hh + 2) if (wide and j % 2) else 0
        records["street:" + street] = {
            "label": str(street), "shape": "text", "x": round(cell_hw + j * col_step, 1),
            "y": round(-cell_hh - 4 - hh - lift, 1),
            "font": {"size": street_font, "color": "#1b3a1d"},
            "tip": [str(street), f"{named + via} tasks: {named} named, {via} via blanket phrases"],
            "find": str(street), "keep": True, "kind": "street",
        }
    total_y = len(sections) * row_step + 8
    rows = [(("row:" + sec), short(sec), [sec], i * row_step, False) for i, sec in enumerate(sections)]
    if streets:
        rows.append(("row:total", "合计 total", ["tasks on each street"], total_y, True))
    for key, label, tip, y, bold in rows:
        font = {"size": _BOX_FONT, "color": "#222222"}
        if bold:
            font["bold"] = True
        hw, _ = half_extent({"shape": "text", "label": label, "font": font})
        # right-aligned against the grid
        records[key] = {"label": label, "shape": "text", "x": round(-4 - hw, 1), "y": round(y, 1), "font": font,
                        "tip": tip, "keep": True, "kind": "section"}
        if not bold:
            records[key].update(find=tip[0], findOrder=1)
    for i, section in enumerate(sections):
        for j, street in enumerate(streets):
            items = cells.get((section, street), [])
            named = sum(1 for _, how in items if how == "named")
            records[f"cell:{section}|{street}"] = _cell_record(
                items, named, top, cell_hw + j * col_step, i * row_step, "green",
                [f"{street} · {section}", f"{len(items)} tasks 项任务: {named} naming the street 点名, "
                                          f"{len(items) - named} via blanket phrases 泛指"])
    for j, street in enumerate(streets):
        items = [item for section in sections for item in cells.get((section, street), [])]
        named = totals[street][0]
        records["total:" + street] = _cell_record(
            items, named, top_total, cell_hw + j * col_step, total_y, "grey",
            [f"{street}", f"{len(items)} tasks 项任务: {named} naming the street 点名, {len(items) - named} via blanket phrases"])

    legend = [
        {"label": "cell: tasks of the section (row) falling on the street (column) 任务数", "color": heat_color(top, top),
         "shape": "box"},
        {"label": "(n): of which naming the street itself 点名; the rest via 各街道 …"},
        {"label": "thick border: the street is named on some of these tasks"},
        {"label": "bottom row: each street's total 合计", "color": heat_color(top_total, top_total, "grey"), "shape": "box"},
        {"label": "Links: named / via recounts the cells"},
    ]
    if not streets:
        legend.append({"label": "no street or town is named in these plans 未涉及街道"})
    edge_types = [("named", "naming the street 点名"), ("via", "via blanket phrase 泛指推断")]
    return _assemble(records, [], title=title or "Streets' burden 街道任务负担",
                     caption=_caption(plans, f"{len(streets)} streets × {len(sections)} sections",
                                      _blanket_note(blanket)),
                     legend=legend, index=index, plans=plans, edge_types=edge_types, file_stem="streets",
                     node_noun="cells")


def _cell_record(items, named, top, x, y, palette, tip):
    count = len(items)
    fill = heat_color(count, top, palette)
    dark = bool(top) and count / top > 0.3
    return {
        "label": (f"{count} ({named})" if named else str(count)) if count else " ",
        "shape": "box",
        "x": round(x, 1),
        "y": round(y, 1),
        "color": {"background": fill, "border": "#1b3a1d" if named else fill,
                  "highlight": {"background": fill, "border": "#000000"},
                  "hover": {"background": fill, "border": "#000000"}},
        "borderWidth": 2.5 if named else 1,
        "widthConstraint": {"minimum": _CELL_W, "maximum": _CELL_W},
        "heightConstraint": {"minimum": _CELL_H, "valign": "middle"},
        "margin": _CELL_MARGIN,
        "font": {"size": _BOX_FONT, "color": "#ffffff" if dark else "#1b1b1b"},
        "tip": tip,
        "tipTasks": True,
        "tasks": [t for t, _ in items],
        "cell": items,
        "cellTop": top,
        "cellPalette": palette,
        "keep": True,
        "kind": "cell",
    }


# ---------------------------------------------------------------- leaders

#: Leader–unit links shown at first on the leaders' view (the heaviest; the box shows the rest).
READABLE_LEADER_LINKS = 150


def leaders_page(plans, *, blanket="exclude", title=None) -> str:
    """Each leader's portfolio: leaders (stars) and the units working on their tasks."""
    return leaders_figure(plans, blanket=blanket, title=title).html()


def _portfolio_layout(L, records):
    """Each leader with the units working mostly for them on rings around (busiest nearest), portfolios packed in rows."""
    leaders = sorted((n for n, a in L.nodes(data=True) if a.get("type") == "leader"),
                     key=lambda n: (-L.nodes[n].get("task_count", 0), str(n)))
    members = {leader: [] for leader in leaders}
    loose = []
    for node, attrs in L.nodes(data=True):
        if attrs.get("type") == "leader":
            continue
        if not L.degree(node):
            loose.append(node)
            continue
        # a unit belongs to the leader it works most for (then the busier leader, then by name)
        main = min(L[node], key=lambda ld: (-L.edges[node, ld].get("weight", 1), -L.nodes[ld].get("task_count", 0),
                                             str(ld)))
        members[main].append(node)
    spacing = 2 * max((half_extent(r)[0] for r in records.values() if r.get("kind") != "leader"), default=20) + 34
    clusters = []
    for leader in leaders:
        units = sorted(members[leader], key=lambda u: (-L.edges[u, leader].get("weight", 1), str(u)))
        offsets = rings(len(units), inner=half_extent(records[leader])[0] + spacing * 0.8, step=spacing * 0.75,
                        spacing=spacing * 0.9)
        radius = max((math.hypot(*o) for o in offsets), default=0) + spacing / 2 + half_extent(records[leader])[0]
        clusters.append((leader, units, offsets, radius))
    corners = shelf_pack([(2 * c[3], 2 * c[3]) for c in clusters], gap=spacing * 0.6, aspect=1.7)
    positions = {}
    for (leader, units, offsets, radius), (left, top) in zip(clusters, corners):
        cx, cy = left + radius, top + radius
        positions[leader] = (cx, cy)
        for unit, (dx, dy) in zip(units, offsets):
            positions[unit] = (cx + dx, cy + dy)
    bottom = max((y for _, y in positions.values()), default=0) + spacing * 1.5
    for i, node in enumerate(sorted(loose, key=str)):
        positions[node] = (i * spacing, bottom)
    return _separated(records, positions, gap=10.0, fixed=set(leaders))


def leaders_figure(plans, *, blanket="exclude", title=None) -> Figure:
    """The figure of :func:`leaders_page`: each leader's portfolio around them, the heaviest links first."""
    plans = list(plans)
    L = graphs.leader_unit_graph(plans, blanket=blanket)
    index = _task_index(plans)
    leader_tasks = {}
    for u, v, a in L.edges(data=True):
        leader, unit = (u, v) if L.nodes[u].get("type") == "leader" else (v, u)
        leader_tasks.setdefault(leader, set()).update(a.get("tasks", []))
        leader_tasks.setdefault(unit, set()).update(a.get("tasks", []))
    top_leader = max((a.get("task_count", 0) for _, a in L.nodes(data=True) if a.get("type") == "leader"), default=0)
    top_unit = max((len(leader_tasks.get(n, ())) for n, a in L.nodes(data=True) if a.get("type") != "leader"),
                   default=0)
    kinds = {a.get("kind", "other") for _, a in L.nodes(data=True) if a.get("type") == "unit"}
    legend = [{"label": "leader 分管领导", "color": _LEADER_COLOR, "shape": "star"}] + _kind_legend(kinds)
    if any(a.get("type") == "group" for _, a in L.nodes(data=True)):
        legend.append({"label": "blanket group 泛指单位组", "color": _GROUP_COLOR, "shape": "diamond"})
    legend += [
        {"label": "unit leads some of the leader's tasks 牵头", "color": _LEAD_EDGE, "edge": True, "dashes": False},
        {"label": "unit only co-responsible 仅配合", "color": _CO_EDGE, "edge": True, "dashes": True},
        {"label": "edge width: the leader's tasks the unit works on"},
    ]

    def node_record(node, attrs):
        tasks = sorted(leader_tasks.get(node, ()))
        if attrs.get("type") == "leader":
            tip = [f"{attrs.get('label')} 分管领导", f"{attrs.get('task_count', 0)} tasks · {L.degree(node)} units"]
            return {"label": str(attrs.get("label")), "shape": "star", "color": _LEADER_COLOR,
                    "size": _scaled(attrs.get("task_count", 0), top_leader, 22, 40), "tip": tip, "tipTasks": True,
                    "tasks": tasks, "find": str(attrs.get("label")), "kind": "leader",
                    # leaders' names always win a place, in a larger bold type
                    "rank": 1e9 + attrs.get("task_count", 0), "labelStyle": "leader"}
        tip = [str(attrs.get("label", node)), KIND_NAMES.get(attrs.get("kind", "other"), attrs.get("kind", "")),
               f"works for {L.degree(node)} leaders on {len(tasks)} tasks"]
        return {"label": str(attrs.get("label", node)), "shape": "diamond" if attrs.get("type") == "group" else "dot",
                "color": _unit_color(attrs), "size": _scaled(len(tasks), top_unit, 7, 22), "tip": tip,
                "tipTasks": True, "tasks": tasks, "find": str(attrs.get("label", node)), "kind": attrs.get("kind", "other"),
                "rank": len(tasks)}

    def edge_record(u, v, attrs):
        leader, unit = (u, v) if L.nodes[u].get("type") == "leader" else (v, u)
        weight = attrs.get("weight", 1)
        lead = attrs.get("lead", 0)
        tip = [f"{L.nodes[leader].get('label')} — {L.nodes[unit].get('label', unit)}",
               f"{weight} tasks, leads {lead}"]
        return {"width": round(1 + 1.5 * math.sqrt(max(weight, 1) - 1), 2),
                "color": {"color": _LEAD_EDGE if lead else _CO_EDGE, "highlight": "#333333", "hover": "#333333"},
                "dashes": False if lead else [6, 4], "tip": tip, "tipTasks": True,
                "tasks": list(attrs.get("tasks", [])),
                "tags": ["lead" if lead else "co"], "weight": weight}

    edge_types = [("lead", "unit leads 牵头"), ("co", "unit only co-responsible 仅配合")]
    legend.append({"label": "units sit around the leader they work most for"})
    opening = readable_min_shared(L, READABLE_LEADER_LINKS)
    choices = [_blanket_note(blanket)]
    if opening > 1:
        choices.append(f"shown at first: links of ≥ {opening} tasks (lower it on the page)")
    return _build(L, node_record, edge_record, title=title or "Leaders' portfolios 分管领导与责任单位",
                  caption=_caption(plans, *choices), legend=legend, index=index, plans=plans,
                  edge_types=edge_types, file_stem="leaders", node_noun="nodes",
                  layout=lambda records: _portfolio_layout(L, records), show_min_weight=opening, keep_lonely=True,
                  weight_label="Tasks ≥ 任务数")


# ---------------------------------------------------------------- dispatcher

def render_figure(plans, view, *, blanket="exclude", size_by="tasks", color_by="community", min_shared=1,
                  unit=None, depth=1, title=None) -> Figure:
    """The :class:`Figure` of one of :data:`VIEWS`: ``.html()`` is the page, ``.svg()`` the static drawing.

    The coordination view opens at a readable threshold (:func:`readable_min_shared`).
    """
    _check_choice(view, VIEWS, "VIEW")
    plans = list(plans)
    if view == "coordination":
        return coordination_figure(plans, blanket=blanket, size_by=size_by, color_by=color_by, min_shared=min_shared,
                                   title=title, show_min_shared="auto")
    if view == "ego":
        if not unit:
            raise InputError("the ego view needs the unit at its centre: {option} NAME", option="unit")
        return ego_figure(plans, unit, depth=depth, blanket=blanket, size_by=size_by, color_by=color_by,
                          min_shared=min_shared, title=title)
    if view == "tasks":
        return tasks_figure(plans, blanket=blanket, title=title)
    if view == "leaders":
        return leaders_figure(plans, blanket=blanket, title=title)
    return streets_figure(plans, blanket="expand" if blanket == "exclude" else blanket, title=title)


def render_view(plans, view, *, blanket="exclude", size_by="tasks", color_by="community", min_shared=1,
                unit=None, depth=1, title=None) -> str:
    """The page of one of :data:`VIEWS` (what ``respgraph render VIEW`` calls)."""
    return render_figure(plans, view, blanket=blanket, size_by=size_by, color_by=color_by, min_shared=min_shared,
                         unit=unit, depth=depth, title=title).html()

