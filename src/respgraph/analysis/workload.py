"""Workload: how many tasks each unit leads or shares, and what blanket phrases add to streets.

Both read the two-mode graph (:func:`respgraph.graphs.two_mode_graph`).

>>> from respgraph.model import Plan, Task, GroupRef, Link
>>> from respgraph.graphs import two_mode_graph
>>> t = Task(1, "一", "x", [], ["A"], [], groups=[GroupRef("各街道", "co", "streets", ("S1", "S2"))],
...          links=[Link("A", "lead", "exact", "A"),
...                 Link("S1", "co", "expanded", "各街道", inferred=True, group="各街道"),
...                 Link("S2", "co", "expanded", "各街道", inferred=True, group="各街道")])
>>> plan = Plan("甲区", 2021, "", "t", tasks=[t], streets=["S1", "S2"])
>>> [(r["unit"], r["lead"], r["co"]) for r in unit_workload(two_mode_graph([plan]))]
[('A', 1, 0)]
>>> [(r["street"], r["explicit"], r["with_blanket"]) for r in street_workload(two_mode_graph([plan], "expand"))]
[('S1', 0, 1), ('S2', 0, 1)]
"""

from __future__ import annotations

__all__ = ["unit_workload", "street_workload"]


def unit_workload(T, top=None) -> list:
    """Per unit (or group node): ``lead`` tasks, ``co`` tasks, ``total``, ``inferred``
    (links that came from a blanket phrase; non-zero only on an ``"expand"``
    graph), ``lead_share`` (lead / total).  Most tasks first.
    """
    rows = []
    for n, d in T.nodes(data=True):
        if d.get("type") == "task":
            continue
        lead = co = inferred = 0
        for _, e in T[n].items():
            if e.get("role") == "lead":
                lead += 1
            else:
                co += 1
            inferred += bool(e.get("inferred"))
        total = lead + co
        rows.append(
            {
                "unit": n,
                "kind": d.get("kind", ""),
                "type": d.get("type", ""),
                "lead": lead,
                "co": co,
                "total": total,
                "inferred": inferred,
                "lead_share": round(lead / total, 3) if total else 0.0,
            }
        )
    rows.sort(key=lambda r: (-r["total"], -r["lead"], str(r["unit"])))
    return rows[:top] if top else rows


def street_workload(T, streets=None) -> list:
    """Per street: tasks named explicitly vs. with blanket phrases expanded.

    ``T`` should be a two-mode graph built with ``blanket="expand"`` (on
    another graph ``via_blanket`` is 0).  ``streets`` defaults to the plans'
    street list (``T.graph["streets"]``).  Rows: ``street``, ``explicit``
    (tasks naming the street), ``explicit_lead``, ``via_blanket`` (tasks
    reaching it only through a phrase such as 各街道), ``with_blanket``
    (explicit + via_blanket), ``blanket_share``.  Most tasks first.
    """
    if streets is None:
        streets = T.graph.get("streets", [])
    rows = []
    for s in streets:
        explicit = lead = via = 0
        if s in T:
            for _, e in T[s].items():
                if e.get("inferred"):
                    via += 1
                else:
                    explicit += 1
                    lead += e.get("role") == "lead"
        total = explicit + via
        rows.append(
            {
                "street": s,
                "explicit": explicit,
                "explicit_lead": lead,
                "via_blanket": via,
                "with_blanket": total,
                "blanket_share": round(via / total, 3) if total else 0.0,
            }
        )
    rows.sort(key=lambda r: (-r["with_blanket"], -r["explicit"], r["street"]))
    return rows
