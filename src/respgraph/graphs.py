"""networkx views of one or several plans: who answers for what, and with whom.

Every view takes a list of :class:`~respgraph.model.Plan` (one plan is just a
list of one) and returns a plain :class:`networkx.Graph` whose attribute
values are JSON/GraphML friendly: ``str``, ``int``, ``float``, ``bool`` and
lists of ``str``.

Node ids
--------
Units from several plans are merged by their **key** (``拱墅区/区财政局``,
see :mod:`respgraph.identity`), so the same department in two years of one
district is one node, while two districts' 区财政局 are two.  A node's id is
the name the user reads: the plain name (区财政局) when the plans are of one
district, the name with its jurisdiction (区财政局（拱墅区）,
市生态环境局（杭州市）) when plans of several districts are mixed.  The same
goes for leaders (``"leader:王涛"`` / ``"leader:王涛（拱墅区）"``) and
blanket groups.  Unit nodes carry ``key``, ``name`` (within the
jurisdiction), ``jurisdiction`` and ``level``; the graph carries ``mixed``
(several districts) and ``districts``.  :func:`unit_node` gives the id of
one plan's unit.

Views
-----
:func:`two_mode_graph`
    tasks and units (and, on request, blanket groups) with one edge per role.
:func:`coordination_graph`
    units only; two units are linked when they answer for the same task.
    This is the graph the centrality, pair and community analyses run on.
:func:`leader_unit_graph`
    the leaders (分管领导) and the units working on their tasks.

Blanket phrases
---------------
A task table names most streets through one phrase such as 各街道 rather
than unit by unit.  The ``blanket`` argument says what to do with such
phrases, everywhere, explicitly:

``"exclude"`` (the default)
    only explicit links; groups and the links inferred from them are
    dropped.  各街道 is named on most tasks of a district plan, so expanding
    it links every street to every department and the 18 streets would top
    every ranking for a reason that says nothing about who works with whom.
``"group"``
    each blanket phrase becomes one node, id ``"group:" + phrase`` (for
    example ``"group:各街道"``), ``type="group"``.
``"expand"``
    the inferred member links are included as ordinary unit links, marked
    ``inferred=True`` on the edge, ``method="expanded"`` and ``group=phrase``.

Example
-------
>>> from respgraph.model import Plan, Task
>>> plan = Plan("甲区", 2021, "", "t", tasks=[
...     Task(1, "一", "修路", leaders=["张"], lead_units=["A"], co_units=["B", "C"]),
...     Task(2, "一", "建桥", leaders=["张"], lead_units=["B"], co_units=["C"])])
>>> G = coordination_graph([plan])
>>> G.edges["B", "C"]["weight"], G.edges["B", "C"]["lead_co"]
(2, 1)
>>> G.edges["A", "B"]["tasks"]
['task:甲区-2021#1']
>>> T = two_mode_graph([plan])
>>> T.edges["task:甲区-2021#2", "B"]["role"]
'lead'
"""

from __future__ import annotations

from itertools import combinations

import networkx as nx

from respgraph.errors import InputError
from respgraph.identity import display_name
from respgraph.model import CO, LEAD, Link

__all__ = [
    "BLANKET_MODES",
    "DEFAULT_BLANKET",
    "two_mode_graph",
    "coordination_graph",
    "leader_unit_graph",
    "task_id",
    "task_participants",
    "short_task",
    "NodeNames",
    "unit_node",
    "is_mixed",
]

#: The three ways of treating blanket phrases (see the module docstring).
BLANKET_MODES = ("exclude", "group", "expand")
#: What blanket phrases become unless the user chooses: explicit links only (各街道 is on most
#: tasks of a district plan and would otherwise put every street at the top of every ranking).
DEFAULT_BLANKET = "exclude"

GROUP_PREFIX = "group:"
LEADER_PREFIX = "leader:"


def task_id(plan, task) -> str:
    """The node id of a task: ``"task:" + plan.key + "#" + seq``.

    >>> from respgraph.model import Plan, Task
    >>> task_id(Plan("甲区", 2021, "", "t"), Task(7, "一", "x"))
    'task:甲区-2021#7'
    """
    return f"task:{plan.key}#{task.seq}"


def short_task(tid: str, keep_plan: bool = False) -> str:
    """A task id shortened for tables: ``"17"`` or, with ``keep_plan``, ``"拱墅区-2021#17"``.

    >>> short_task("task:甲区-2021#17"), short_task("task:甲区-2021#17", keep_plan=True)
    ('17', '甲区-2021#17')
    """
    body = tid[len("task:"):] if tid.startswith("task:") else tid
    if keep_plan:
        return body
    return body.rsplit("#", 1)[-1]


def _check_blanket(blanket):
    if blanket not in BLANKET_MODES:
        raise InputError(
            f"unknown blanket mode {blanket!r}; choose one of {', '.join(BLANKET_MODES)}",
            option="blanket",
        )


def _links(task):
    """The task's links; hand-built tasks without links get them from lead_units/co_units."""
    if task.links:
        return list(task.links)
    links = [Link(u, LEAD, "exact", u) for u in task.lead_units]
    links += [Link(u, CO, "exact", u) for u in task.co_units if u not in task.lead_units]
    return links


def task_participants(task, blanket="exclude", names=None) -> dict:
    """Who takes part in one task under a blanket mode, in cell order.

    Returns ``{node id: {"role", "inferred", "method", "group"}}``.  A unit
    named twice keeps its strongest link: lead beats co, explicit beats
    inferred.  ``names`` is ``(unit name → node id, phrase → group node
    id)`` for the task's plan (see :class:`NodeNames`); without it the ids
    are the unit names and ``"group:" + phrase``.

    >>> from respgraph.model import Task, GroupRef, Link
    >>> t = Task(1, "一", "x", lead_units=["A"], groups=[GroupRef("各街道", "co", "streets", ("S1",))],
    ...          links=[Link("A", "lead", "exact", "A"),
    ...                 Link("S1", "co", "expanded", "各街道", inferred=True, group="各街道")])
    >>> list(task_participants(t)), list(task_participants(t, "group")), list(task_participants(t, "expand"))
    (['A'], ['A', 'group:各街道'], ['A', 'S1'])
    """
    _check_blanket(blanket)
    out = {}

    def better(new, old):
        if old is None:
            return True
        if new["role"] != old["role"]:
            return new["role"] == LEAD
        return old["inferred"] and not new["inferred"]

    unit_id, group_id = names if names is not None else (None, None)
    for link in _links(task):
        if link.inferred and blanket != "expand":
            continue
        entry = {"role": link.role, "inferred": bool(link.inferred), "method": link.method, "group": link.group}
        node = unit_id(link.unit) if unit_id else link.unit
        if better(entry, out.get(node)):
            out[node] = entry
    if blanket == "group":
        for g in task.groups:
            node = group_id(g.phrase) if group_id else GROUP_PREFIX + g.phrase
            entry = {"role": g.role, "inferred": False, "method": "group", "group": g.phrase}
            if better(entry, out.get(node)):
                out[node] = entry
    return out


def is_mixed(plans) -> bool:
    """Whether ``plans`` come from several districts (then names show their jurisdiction).

    >>> from respgraph.model import Plan
    >>> is_mixed([Plan("甲区", 2021, "", "a"), Plan("甲区", 2022, "", "b")]), is_mixed([Plan("甲区", 2021, "", "a"), Plan("乙区", 2021, "", "b")])
    (False, True)
    """
    return len({p.home for p in plans}) > 1


class NodeNames:
    """Node ids (and attributes) of the units, groups and leaders of ``plans``.

    Units are told apart by key; the id is the plain name within one
    district, the name with its jurisdiction where districts are mixed.  Two
    keys that would still show the same id (one district naming 市生态环境局
    once with its city known and once not) both get their jurisdiction.

    >>> from respgraph.model import Plan, Task
    >>> a = Plan("甲区", 2021, "", "a", tasks=[Task(1, "一", "x", ["张"], ["区财政局"], [])])
    >>> b = Plan("乙区", 2021, "", "b", tasks=[Task(1, "一", "x", ["张"], ["区财政局"], [])])
    >>> names = NodeNames([a, b])
    >>> names.unit(a, "区财政局"), names.unit(b, "区财政局"), names.leader(a, "张")
    ('区财政局（甲区）', '区财政局（乙区）', '张（甲区）')
    """

    def __init__(self, plans):
        self.plans = list(plans)
        self.mixed = is_mixed(self.plans)
        self._ids = {}  # (plan index, name) -> node id
        self.attrs = {}  # node id -> unit attributes (type, kind, label, key, name, jurisdiction, level)
        by_key = {}  # key -> (own name, jurisdiction, level, kind)
        shown = {}  # display -> keys showing it
        per_plan = []
        for index, plan in enumerate(self.plans):
            names = dict.fromkeys(plan.units)
            for task in plan.tasks:
                for link in _links(task):
                    names.setdefault(link.unit)
                for g in task.groups:
                    names.update(dict.fromkeys(g.members))
            for street in plan.streets:
                names.setdefault(street)
            keyed = {}
            for name in names:
                key, own, jurisdiction, level = plan.unit_identity(name)
                unit = plan.units.get(name)
                kind = unit.kind if unit is not None else "other"
                if key not in by_key or (by_key[key][3] == "other" and kind != "other"):
                    by_key[key] = (own, jurisdiction, level, kind)
                keyed[name] = key
            per_plan.append(keyed)
        display = {}
        for key, (own, jurisdiction, _, _) in by_key.items():
            display[key] = display_name(own, jurisdiction, self.mixed)
            shown.setdefault(display[key], []).append(key)
        for keys in shown.values():
            if len(keys) > 1:
                for key in keys:
                    own, jurisdiction = by_key[key][:2]
                    display[key] = display_name(own, jurisdiction, True)
        for index, keyed in enumerate(per_plan):
            for name, key in keyed.items():
                node = display[key]
                self._ids[(index, name)] = node
                if node not in self.attrs:
                    own, jurisdiction, level, kind = by_key[key]
                    self.attrs[node] = {"type": "unit", "kind": kind, "label": node, "key": key,
                                        "name": own, "jurisdiction": jurisdiction, "level": level}
        self._index = {id(plan): i for i, plan in enumerate(self.plans)}

    def _plan_index(self, plan):
        return self._index[id(plan)]

    def unit(self, plan, name) -> str:
        """The node id of the unit ``plan`` calls ``name``."""
        index = self._plan_index(plan)
        node = self._ids.get((index, name))
        if node is None:  # a name the plan never listed: its own identity
            key, own, jurisdiction, level = plan.unit_identity(name)
            node = display_name(own, jurisdiction, self.mixed)
            self._ids[(index, name)] = node
            self.attrs.setdefault(node, {"type": "unit", "kind": "other", "label": node, "key": key,
                                         "name": own, "jurisdiction": jurisdiction, "level": level})
        return node

    def group(self, plan, phrase) -> str:
        """The node id of a blanket phrase named in ``plan`` (``"group:各街道"``)."""
        return GROUP_PREFIX + display_name(phrase, plan.home, self.mixed)

    def leader(self, plan, name) -> str:
        """The name a leader of ``plan`` is shown by (with the district where districts are mixed)."""
        return display_name(name, plan.home, self.mixed)

    def for_plan(self, plan):
        """``(unit name → id, phrase → group id)`` for :func:`task_participants`."""
        index = self._plan_index(plan)
        ids = self._ids

        def unit_id(name):
            node = ids.get((index, name))
            return node if node is not None else self.unit(plan, name)

        return unit_id, lambda phrase: self.group(plan, phrase)

    def streets(self) -> list:
        """The street node ids of every plan, in plan order."""
        out = []
        for plan in self.plans:
            for street in plan.streets:
                node = self.unit(plan, street)
                if node not in out:
                    out.append(node)
        return out

    def node_attrs(self, node, groups) -> dict:
        """The attributes of a unit or group node (``groups``: group id → (label, kind, members))."""
        if node.startswith(GROUP_PREFIX) and node in groups:
            label, kind, members = groups[node]
            return {"type": "group", "kind": kind, "label": label, "members": list(members)}
        return dict(self.attrs.get(node) or {"type": "unit", "kind": "other", "label": node})


def unit_node(plans, plan, name) -> str:
    """The node id of the unit ``plan`` calls ``name`` in graphs of ``plans``.

    >>> from respgraph.model import Plan
    >>> a, b = Plan("甲区", 2021, "", "a"), Plan("乙区", 2021, "", "b")
    >>> unit_node([a], a, "区财政局"), unit_node([a, b], b, "区财政局")
    ('区财政局', '区财政局（乙区）')
    """
    return NodeNames(plans).unit(plan, name)


def _groups(plans, names):
    """group id -> (label, kind, members as node ids), the first mention of each phrase winning."""
    out = {}
    for plan in plans:
        for task in plan.tasks:
            for g in task.groups:
                node = names.group(plan, g.phrase)
                if node not in out:
                    out[node] = (node[len(GROUP_PREFIX):], g.kind, [names.unit(plan, m) for m in g.members])
    return out


def _graph_attrs(plans, blanket, view, names):
    districts = list(dict.fromkeys(p.home for p in plans))
    return {"view": view, "blanket": blanket, "plans": [p.key for p in plans], "streets": names.streets(),
            "mixed": names.mixed, "districts": districts}


def two_mode_graph(plans, blanket="exclude") -> nx.Graph:
    """Tasks and the units (or groups) answering for them.

    Task nodes: id ``"task:" + plan.key + "#" + seq``, attributes ``type="task"``,
    ``plan``, ``seq``, ``label`` (the sequence number as text), ``text``,
    ``section``, ``leaders``.  Unit nodes: id = canonical name, ``type="unit"``,
    ``kind``, ``label``.  Group nodes (``blanket="group"`` only): id
    ``"group:" + phrase``, ``type="group"``, ``kind``, ``label``, ``members``.
    Edge attributes: ``role`` ("lead"/"co"), ``inferred``, ``method``,
    ``group`` (the blanket phrase, or None for explicit links).

    >>> from respgraph.model import Plan, Task
    >>> plan = Plan("甲区", 2021, "", "t", tasks=[Task(1, "一", "修路", ["张"], ["A"], ["B"])])
    >>> T = two_mode_graph([plan])
    >>> sorted(T.nodes), T.nodes["task:甲区-2021#1"]["leaders"]
    (['A', 'B', 'task:甲区-2021#1'], ['张'])
    """
    _check_blanket(blanket)
    plans = list(plans)
    names = NodeNames(plans)
    groups = _groups(plans, names) if blanket == "group" else {}
    G = nx.Graph(**_graph_attrs(plans, blanket, "two-mode", names))
    for plan in plans:
        ids = names.for_plan(plan)
        for task in plan.tasks:
            tid = task_id(plan, task)
            G.add_node(
                tid,
                type="task",
                plan=plan.key,
                seq=int(task.seq),
                label=str(task.seq),
                text=task.text,
                section=task.section or "",
                leaders=[names.leader(plan, name) for name in task.leaders],
            )
            for node, link in task_participants(task, blanket, ids).items():
                if node not in G:
                    G.add_node(node, **names.node_attrs(node, groups))
                G.add_edge(tid, node, **link)
    return G


def coordination_graph(plans, blanket="exclude", lead_co_only=False) -> nx.Graph:
    """Units linked when they answer for the same tasks.

    Node attributes: ``type`` ("unit", or "group" with ``blanket="group"``),
    ``kind``, ``label``, ``lead_count``, ``co_count``, ``tasks`` (task ids,
    sorted in plan order then table order, so ``#2`` comes before ``#10``),
    ``lead_tasks`` (the tasks it leads, same order), ``task_sections`` (the
    section of each entry of ``tasks``), ``sections`` and ``leaders`` (sorted,
    distinct).

    Edge attributes: ``weight`` (number of shared tasks), ``tasks`` (task
    ids, same order), ``lead_co`` (shared tasks where exactly one of the two leads),
    ``inferred_tasks`` (shared tasks where at least one link is inferred; only
    non-zero with ``blanket="expand"``).

    With ``lead_co_only=True`` only lead–co links are kept — whom a lead unit
    has to pull in — and ``weight`` counts only those tasks (so it equals
    ``lead_co``).  Every participating unit stays a node, linked or not.

    >>> from respgraph.model import Plan, Task
    >>> plan = Plan("甲区", 2021, "", "t", tasks=[Task(1, "一", "x", [], ["A"], ["B", "C"])])
    >>> sorted(coordination_graph([plan]).edges)
    [('A', 'B'), ('A', 'C'), ('B', 'C')]
    >>> sorted(coordination_graph([plan], lead_co_only=True).edges)
    [('A', 'B'), ('A', 'C')]
    """
    _check_blanket(blanket)
    plans = list(plans)
    names = NodeNames(plans)
    groups = _groups(plans, names) if blanket == "group" else {}
    G = nx.Graph(**_graph_attrs(plans, blanket, "coordination-lead-co" if lead_co_only else "coordination", names))
    node_tasks = {}  # node -> [(task id, is lead, section, leaders)] in plan and task order
    pair_tasks = {}  # (a, b), a < b -> [task ids, tasks where exactly one leads, tasks with an inferred link]
    for plan in plans:
        ids = names.for_plan(plan)
        for task in plan.tasks:
            tid = task_id(plan, task)
            section = task.section or ""
            leaders = [names.leader(plan, name) for name in task.leaders]
            flags = sorted((node, link["role"] == LEAD, link["inferred"]) for node, link in task_participants(task, blanket, ids).items())
            for node, is_lead, _ in flags:
                node_tasks.setdefault(node, []).append((tid, is_lead, section, leaders))
            for (a, lead_a, inf_a), (b, lead_b, inf_b) in combinations(flags, 2):
                if lead_co_only and lead_a == lead_b:
                    continue
                record = pair_tasks.get((a, b))
                if record is None:
                    record = pair_tasks[(a, b)] = [[], 0, 0]
                record[0].append(tid)
                record[1] += lead_a != lead_b
                record[2] += inf_a or inf_b
    for node, tasks in node_tasks.items():
        attrs = names.node_attrs(node, groups)
        attrs.update(
            lead_count=sum(1 for t in tasks if t[1]),
            co_count=sum(1 for t in tasks if not t[1]),
            tasks=[t[0] for t in tasks],
            lead_tasks=[t[0] for t in tasks if t[1]],
            task_sections=[t[2] for t in tasks],
            sections=sorted({t[2] for t in tasks}),
            leaders=sorted({name for t in tasks for name in t[3]}),
        )
        G.add_node(node, **attrs)
    # sorted insertion keeps every result independent of hash seeds and of the order pairs were met
    G.add_edges_from(
        (a, b, {"weight": len(rec[0]), "tasks": rec[0], "lead_co": rec[1], "inferred_tasks": rec[2]})
        for (a, b), rec in sorted(pair_tasks.items())
    )
    return G


def leader_unit_graph(plans, blanket="exclude") -> nx.Graph:
    """Leaders (分管领导) and the units working on their tasks.

    Leader nodes: id ``"leader:" + name``, ``type="leader"``, ``label``,
    ``task_count``.  Unit (and group) nodes as in :func:`two_mode_graph`.
    Edge attributes: ``weight`` (tasks of the leader the unit works on),
    ``lead`` (of those, tasks the unit leads), ``tasks`` (sorted task ids).

    >>> from respgraph.model import Plan, Task
    >>> plan = Plan("甲区", 2021, "", "t", tasks=[Task(1, "一", "x", ["张", "李"], ["A"], ["B"])])
    >>> L = leader_unit_graph([plan])
    >>> L.edges["leader:张", "A"]["lead"], L.edges["leader:李", "B"]["lead"]
    (1, 0)
    """
    _check_blanket(blanket)
    plans = list(plans)
    names = NodeNames(plans)
    groups = _groups(plans, names) if blanket == "group" else {}
    G = nx.Graph(**_graph_attrs(plans, blanket, "leader-unit", names))
    edges = {}
    leader_tasks = {}
    for plan in plans:
        ids = names.for_plan(plan)
        for task in plan.tasks:
            tid = task_id(plan, task)
            parts = task_participants(task, blanket, ids)
            for leader in (names.leader(plan, name) for name in task.leaders):
                leader_tasks.setdefault(leader, set()).add(tid)
                for node, link in parts.items():
                    edges.setdefault((leader, node), {})[tid] = link["role"] == LEAD
    for leader in sorted(leader_tasks):
        G.add_node(LEADER_PREFIX + leader, type="leader", label=leader, task_count=len(leader_tasks[leader]))
    for (leader, node) in sorted(edges):
        if node not in G:
            G.add_node(node, **names.node_attrs(node, groups))
        tasks = edges[(leader, node)]
        G.add_edge(
            LEADER_PREFIX + leader,
            node,
            weight=len(tasks),
            lead=sum(1 for led in tasks.values() if led),
            tasks=sorted(tasks),
        )
    return G
