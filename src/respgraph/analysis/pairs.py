"""Pairs of units that answer for the same tasks, and one unit's partners.

Both read the coordination graph (:func:`respgraph.graphs.coordination_graph`):
edge ``weight`` and ``tasks`` for the shared tasks, node ``lead_tasks`` for
who leads.

>>> from respgraph.model import Plan, Task
>>> from respgraph.graphs import coordination_graph
>>> plan = Plan("甲区", 2021, "", "t", tasks=[
...     Task(1, "一", "x", [], ["A"], ["B", "C"]), Task(2, "一", "y", [], ["B"], ["C"])])
>>> G = coordination_graph([plan])
>>> [(r["unit_a"], r["unit_b"], r["shared"]) for r in top_pairs(G, top=1)]
[('B', 'C', 2)]
>>> [(r["partner"], r["shared"], r["unit_leads"], r["partner_leads"]) for r in partners(G, "C")]
[('B', 2, 0, 1), ('A', 1, 0, 1)]
"""

from __future__ import annotations

import difflib

from respgraph.errors import InputError

__all__ = ["top_pairs", "partners", "check_unit", "find_unit"]


def top_pairs(G, top=None, min_shared=1) -> list:
    """Pairs sharing most tasks, most first (ties by names).

    Rows: ``unit_a``, ``unit_b`` (in name order), ``shared`` (tasks in common),
    ``lead_co`` (of those, tasks where exactly one of the two leads), ``tasks``
    (the task ids).

    >>> import networkx as nx
    >>> top_pairs(nx.Graph())
    []
    """
    rows = []
    for a, b, d in G.edges(data=True):
        shared = d.get("weight", 1)
        if shared < min_shared:
            continue
        a, b = (a, b) if str(a) <= str(b) else (b, a)
        rows.append({"unit_a": a, "unit_b": b, "shared": shared, "lead_co": d.get("lead_co", 0), "tasks": list(d.get("tasks", []))})
    rows.sort(key=lambda r: (-r["shared"], str(r["unit_a"]), str(r["unit_b"])))
    return rows[:top] if top else rows


def find_unit(G, unit):
    """The node ``unit`` means: its id, its key (拱墅区/区住建局) or its plain name.

    Where plans of several districts are mixed, a plain name shared by
    several units (区住建局 of two districts) is ambiguous: the error lists
    the ids to choose from.

    >>> import networkx as nx
    >>> G = nx.Graph()
    >>> G.add_node("区住建局（甲区）", key="甲区/区住建局", name="区住建局")
    >>> G.add_node("区住建局（乙区）", key="乙区/区住建局", name="区住建局")
    >>> find_unit(G, "乙区/区住建局")
    '区住建局（乙区）'
    >>> find_unit(G, "区住建局")
    Traceback (most recent call last):
    ...
    respgraph.errors.InputError: unit: 区住建局 names 2 units here: 区住建局（乙区）, 区住建局（甲区）; give one of them
    """
    if unit in G:
        return unit
    by_key = [n for n, d in G.nodes(data=True) if d.get("key") == unit]
    if by_key:
        return by_key[0]
    by_name = sorted((n for n, d in G.nodes(data=True) if d.get("name") == unit), key=str)
    if len(by_name) == 1:
        return by_name[0]
    if by_name:
        raise InputError(f"{unit} names {len(by_name)} units here: {', '.join(map(str, by_name))}; give one of them", option="unit")
    check_unit(G, unit)
    return unit


def check_unit(G, unit):
    """Raise a clear :class:`InputError` (with close matches) if ``unit`` is not a node of ``G``."""
    if unit in G:
        return
    names = [str(n) for n in G]
    close = difflib.get_close_matches(str(unit), names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"unit {unit!r} is not in the graph{hint}", option="unit")


def partners(G, unit, top=None) -> list:
    """One unit's partners with the tasks they share and who leads them.

    Rows: ``partner``, ``kind``, ``shared``, ``unit_leads`` (shared tasks
    ``unit`` leads), ``partner_leads`` (shared tasks the partner leads),
    ``both_lead``, ``neither_leads`` (both co-responsible), ``tasks``.
    Most shared first.  ``unit`` is found by :func:`find_unit`.
    """
    unit = find_unit(G, unit)
    mine = set(G.nodes[unit].get("lead_tasks", []))
    rows = []
    for other, d in G[unit].items():
        theirs = set(G.nodes[other].get("lead_tasks", []))
        tasks = list(d.get("tasks", []))
        me = sum(1 for t in tasks if t in mine)
        them = sum(1 for t in tasks if t in theirs)
        both = sum(1 for t in tasks if t in mine and t in theirs)
        rows.append(
            {
                "partner": other,
                "kind": G.nodes[other].get("kind", ""),
                "shared": d.get("weight", len(tasks)),
                "unit_leads": me - both,
                "partner_leads": them - both,
                "both_lead": both,
                "neither_leads": len(tasks) - me - them + both,
                "tasks": tasks,
            }
        )
    rows.sort(key=lambda r: (-r["shared"], -r["partner_leads"], str(r["partner"])))
    return rows[:top] if top else rows
