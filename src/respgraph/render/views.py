"""The interactive network pages: coordination, tasks, leaders, ego, streets.

Each function takes the plans first and returns the page's HTML text (write it
with :func:`respgraph.render.page.write_page`).  The graphs come from
:mod:`respgraph.graphs`, sizes and communities from :mod:`respgraph.analysis`;
this module only decides how things look and what the tooltips say.

* :func:`coordination_page` — units linked by shared tasks; node size by a
  chosen measure, colour by community or by unit kind, edge width by the
  number of shared tasks.
* :func:`tasks_page` — tasks and the units answering for them; lead links
  solid, co-responsible links dashed, links inferred from blanket phrases
  lighter.
* :func:`leaders_page` — each leader's portfolio: leaders and the units
  working on their tasks.
* :func:`ego_page` — one unit and its partners up to ``depth`` steps away.
* :func:`streets_page` — the streets and the tasks that fall on them, named
  explicitly or through a blanket phrase such as 各街道.

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
from respgraph.render.layout import spring_positions
from respgraph.render.page import new_network, network_records, page_html, vis_options

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
    "resolve_unit",
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


def _build(graph, node_record, edge_record, *, title, caption, legend, index, plans, edge_types=(),
           file_stem, node_noun, physics=None, layout_weight="weight", show_min_weight=1):
    """Lay ``graph`` out, collect its records through pyvis and return the page."""
    positions = spring_positions(graph, weight=layout_weight)
    net = new_network()
    for node, attrs in graph.nodes(data=True):
        record = node_record(node, attrs)
        x, y = positions.get(node, (0.0, 0.0))
        label = record.pop("label", str(node))
        net.add_node(node, label=label, x=x, y=y, **record)
    for u, v, attrs in graph.edges(data=True):
        net.add_edge(u, v, **edge_record(u, v, attrs))
    nodes, edges = network_records(net)
    options = vis_options(len(nodes), len(edges), physics=physics)
    return page_html(
        nodes,
        edges,
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
    )


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
        raise InputError(f"unknown value {value!r}; choose one of {', '.join(choices)}", where=option)


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

def _coordination_html(G, plans, *, size_by, color_by, min_shared, blanket, title, centre=None, depth=None,
                       file_stem="coordination", full=None, show_min_shared=1):
    # ``G`` is what is drawn; measures, communities and partner counts come from ``full``
    # (the whole coordination graph) so an ego page shows the same numbers as the full one.
    _check_choice(size_by, SIZE_MEASURES, "--size-by")
    _check_choice(color_by, COLOR_MODES, "--color-by")
    if min_shared < 1:
        raise InputError("must be at least 1", where="--min-shared")
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
            "size": _scaled(value, top),
            "color": colors.get(node, _REST_COLOR),
            "shape": "diamond" if attrs.get("type") == "group" else "dot",
            "tip": tip,
            "tipTasks": True,
            "tasks": list(tasks),
            "find": str(attrs.get("label", node)),
            "kind": attrs.get("kind", "other"),
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
    return _build(H, node_record, edge_record, title=title, caption=_caption(plans, *choices), legend=legend,
                  index=index, plans=plans, edge_types=edge_types, file_stem=file_stem, node_noun="units",
                  show_min_weight=show_min_shared)


def coordination_page(plans, *, blanket="exclude", size_by="tasks", color_by="community", min_shared=1,
                      lead_co_only=False, title=None, show_min_shared=1) -> str:
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
    return _coordination_html(G, plans, size_by=size_by, color_by=color_by, min_shared=min_shared, blanket=blanket,
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
        raise InputError(f"{unit!r} matches several units: {shown}; give the full name", where="--unit")
    import difflib

    close = difflib.get_close_matches(text, [str(n) for n in graph], n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"unit {unit!r} is not in the coordination graph{hint}", where="--unit")


def ego_page(plans, unit, *, depth=1, blanket="exclude", size_by="tasks", color_by="kind", min_shared=1,
             title=None) -> str:
    """One unit and its partners up to ``depth`` links away (``unit`` may be part of a name)."""
    import networkx as nx

    plans = list(plans)
    if depth < 1:
        raise InputError("must be at least 1", where="--depth")
    G = graphs.coordination_graph(plans, blanket=blanket)
    centre = resolve_unit(G, unit)
    thin = G.copy()
    if min_shared > 1:
        thin.remove_edges_from([(u, v) for u, v, w in G.edges(data="weight") if (w or 0) < min_shared])
    E = nx.ego_graph(thin, centre, radius=depth).copy()
    return _coordination_html(E, plans, size_by=size_by, color_by=color_by, min_shared=min_shared, blanket=blanket,
                              title=title or f"Partners of {centre} 协同单位", centre=centre, depth=depth,
                              file_stem="ego", full=G)


# ---------------------------------------------------------------- tasks and streets (two-mode)

def _two_mode_html(T, plans, *, blanket, title, caption_choices, file_stem, extra_legend=(), size_units=None):
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
        size = _scaled(len(tasks), top_tasks, 10, 34) if size_units else 16
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
    return _build(T, node_record, edge_record, title=title,
                  caption=_caption(plans, *caption_choices, _blanket_note(blanket)), legend=legend, index=index,
                  plans=plans, edge_types=edge_types, file_stem=file_stem, node_noun="nodes", layout_weight=None)


def _neighbours(T, node):
    for other in T[node]:
        yield other, T.edges[node, other]


def tasks_page(plans, *, blanket="exclude", title=None) -> str:
    """Tasks and the units answering for them (lead solid, co dashed, inferred lighter)."""
    plans = list(plans)
    T = graphs.two_mode_graph(plans, blanket=blanket)
    return _two_mode_html(T, plans, blanket=blanket, title=title or "Tasks and units 任务与责任单位",
                          caption_choices=[], file_stem="tasks")


def streets_page(plans, *, blanket="expand", title=None) -> str:
    """The streets (街道/镇) and the tasks that fall on them, explicitly or through blanket phrases.

    Street node size is the number of tasks; with ``blanket="expand"`` (the
    default, and the point of this view) tasks reaching a street only through
    a phrase such as 各街道 are drawn with lighter links.
    """
    plans = list(plans)
    T = graphs.two_mode_graph(plans, blanket=blanket)
    streets = set(T.graph.get("streets", []))
    street_nodes = {n for n, a in T.nodes(data=True)
                    if a.get("type") == "unit" and (n in streets or a.get("kind") == "street")}
    keep = set(street_nodes)
    for s in street_nodes:
        keep.update(T[s])
    S = T.subgraph(keep).copy()
    extra = [{"label": "street size: tasks on the street 任务数"}]
    if not street_nodes:
        extra.append({"label": "no street or town is named in these plans 未涉及街道"})
    return _two_mode_html(S, plans, blanket=blanket, title=title or "Streets' burden 街道任务负担",
                          caption_choices=[f"{len(street_nodes)} streets"], file_stem="streets",
                          extra_legend=extra, size_units=True)


# ---------------------------------------------------------------- leaders

def leaders_page(plans, *, blanket="exclude", title=None) -> str:
    """Each leader's portfolio: leaders (stars) and the units working on their tasks."""
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
                    "size": _scaled(attrs.get("task_count", 0), top_leader, 18, 44), "tip": tip, "tipTasks": True,
                    "tasks": tasks,
                    "find": str(attrs.get("label")), "kind": "leader"}
        tip = [str(attrs.get("label", node)), KIND_NAMES.get(attrs.get("kind", "other"), attrs.get("kind", "")),
               f"works for {L.degree(node)} leaders on {len(tasks)} tasks"]
        return {"label": str(attrs.get("label", node)), "shape": "diamond" if attrs.get("type") == "group" else "dot",
                "color": _unit_color(attrs), "size": _scaled(len(tasks), top_unit, 8, 30), "tip": tip,
                "tipTasks": True, "tasks": tasks, "find": str(attrs.get("label", node)), "kind": attrs.get("kind", "other")}

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
                "tags": ["lead" if lead else "co"]}

    edge_types = [("lead", "unit leads 牵头"), ("co", "unit only co-responsible 仅配合")]
    return _build(L, node_record, edge_record, title=title or "Leaders' portfolios 分管领导与责任单位",
                  caption=_caption(plans, _blanket_note(blanket)), legend=legend, index=index, plans=plans,
                  edge_types=edge_types, file_stem="leaders", node_noun="nodes")


# ---------------------------------------------------------------- dispatcher

def render_view(plans, view, *, blanket="exclude", size_by="tasks", color_by="community", min_shared=1,
                unit=None, depth=1, title=None) -> str:
    """The page of one of :data:`VIEWS` (what ``respgraph render VIEW`` calls)."""
    _check_choice(view, VIEWS, "VIEW")
    plans = list(plans)
    if view == "coordination":
        return coordination_page(plans, blanket=blanket, size_by=size_by, color_by=color_by, min_shared=min_shared,
                                 title=title)
    if view == "ego":
        if not unit:
            raise InputError("the ego view needs --unit NAME", where="--unit")
        return ego_page(plans, unit, depth=depth, blanket=blanket, size_by=size_by, color_by=color_by,
                        min_shared=min_shared, title=title)
    if view == "tasks":
        return tasks_page(plans, blanket=blanket, title=title)
    if view == "leaders":
        return leaders_page(plans, blanket=blanket, title=title)
    return streets_page(plans, blanket="expand" if blanket == "exclude" else blanket, title=title)
