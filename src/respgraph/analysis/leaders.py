"""Leaders' portfolios and units answering to several leaders.

Both read the two-mode graph (:func:`respgraph.graphs.two_mode_graph`):
task nodes carry ``leaders``, task–unit edges carry ``role``.

>>> from respgraph.model import Plan, Task
>>> from respgraph.graphs import two_mode_graph
>>> plan = Plan("甲区", 2021, "", "t", tasks=[
...     Task(1, "一", "x", ["张"], ["A"], ["B"]), Task(2, "二", "y", ["李"], ["A"], ["C"])])
>>> T = two_mode_graph([plan])
>>> [(r["leader"], r["tasks"], r["lead_units"]) for r in portfolios(T)]
[('张', 1, 'A (1)'), ('李', 1, 'A (1)')]
>>> [(r["unit"], r["leaders"]) for r in units_with_several_leaders(T)]
[('A', '张、李')]
"""

from __future__ import annotations

from collections import Counter

__all__ = ["portfolios", "units_with_several_leaders"]


def _tasks(T):
    return [(n, d) for n, d in T.nodes(data=True) if d.get("type") == "task"]


def portfolios(T, top_units=5) -> list:
    """One row per leader: ``leader``, ``tasks``, ``sections``, ``lead_unit_count``,
    ``lead_units`` (the most frequent, with task counts), ``co_unit_count``.

    Leaders with most tasks first.  A task with two leaders counts for both.
    """
    stats = {}
    for tid, d in _tasks(T):
        for leader in d.get("leaders", []):
            s = stats.setdefault(leader, {"tasks": 0, "sections": Counter(), "lead": Counter(), "co": Counter()})
            s["tasks"] += 1
            s["sections"][d.get("section", "")] += 1
            for unit, e in T[tid].items():
                s["lead" if e.get("role") == "lead" else "co"][unit] += 1
    rows = []
    for leader, s in stats.items():
        lead = sorted(s["lead"].items(), key=lambda kv: (-kv[1], str(kv[0])))
        rows.append(
            {
                "leader": leader,
                "tasks": s["tasks"],
                "sections": len(s["sections"]),
                "lead_unit_count": len(lead),
                "lead_units": "、".join(f"{u} ({n})" for u, n in lead[:top_units]),
                "co_unit_count": len(s["co"]),
            }
        )
    rows.sort(key=lambda r: (-r["tasks"], r["leader"]))
    return rows


def units_with_several_leaders(T, role="lead", minimum=2) -> list:
    """Units whose tasks answer to at least ``minimum`` different leaders.

    ``role="lead"`` (default) counts only tasks the unit leads — the leaders
    it reports to; ``role="any"`` counts co-responsibility too.  Rows:
    ``unit``, ``kind``, ``leader_count``, ``leaders`` (most tasks first, then
    by name, joined with 、), ``tasks``.  Most leaders first.
    """
    per_unit = {}
    for tid, d in _tasks(T):
        for unit, e in T[tid].items():
            if role == "lead" and e.get("role") != "lead":
                continue
            c = per_unit.setdefault(unit, Counter())
            for leader in d.get("leaders", []):
                c[leader] += 1
    rows = []
    for unit, c in per_unit.items():
        if len(c) < minimum:
            continue
        leaders = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
        rows.append(
            {
                "unit": unit,
                "kind": T.nodes[unit].get("kind", ""),
                "leader_count": len(c),
                "leaders": "、".join(name for name, _ in leaders),
                "tasks": sum(1 for tid in T[unit] if role != "lead" or T.edges[tid, unit].get("role") == "lead"),
            }
        )
    rows.sort(key=lambda r: (-r["leader_count"], -r["tasks"], str(r["unit"])))
    return rows
