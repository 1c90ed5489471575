"""What changed between two plans' coordination graphs.

``compare(G_a, G_b)`` matches units by canonical name and collaborations by
unit pair, and reports those that appeared, disappeared, grew or shrank
(shared-task counts).

>>> import networkx as nx
>>> A = nx.Graph([("X", "Y", {"weight": 2}), ("Y", "Z", {"weight": 1})])
>>> B = nx.Graph([("X", "Y", {"weight": 3}), ("X", "W", {"weight": 1})])
>>> c = compare(A, B)
>>> c.units_appeared, c.units_disappeared
(['W'], ['Z'])
>>> [(r["change"], r["unit_a"], r["unit_b"], r["before"], r["after"]) for r in c.rows() if r["what"] == "link"]
[('appeared', 'W', 'X', 0, 1), ('disappeared', 'Y', 'Z', 1, 0), ('grew', 'X', 'Y', 2, 3)]
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Comparison", "compare", "CHANGES"]

CHANGES = ("appeared", "disappeared", "grew", "shrank")


@dataclass
class Comparison:
    units_appeared: list = field(default_factory=list)
    units_disappeared: list = field(default_factory=list)
    units_kept: int = 0
    units: list = field(default_factory=list)  # unit rows (appeared, disappeared, task count grew/shrank)
    links: list = field(default_factory=list)  # link rows, see rows()
    label_a: str = "A"
    label_b: str = "B"

    def count(self, change, what="link"):
        if what == "unit":
            return len(self.units_appeared if change == "appeared" else self.units_disappeared if change == "disappeared" else [])
        return sum(1 for r in self.links if r["change"] == change)

    def rows(self):
        """Units (``what="unit"``) then links (``what="link"``), each row with
        ``change``, ``what``, ``unit_a``, ``unit_b`` ("" for units), ``before``,
        ``after`` (tasks), ``delta``."""
        return list(self.units) + list(self.links)


def _change(before, after):
    if before == after:
        return None
    if before == 0:
        return "appeared"
    if after == 0:
        return "disappeared"
    return "grew" if after > before else "shrank"


def _order(r):
    return (CHANGES.index(r["change"]), -abs(r["delta"]), str(r["unit_a"]), str(r["unit_b"]))


def compare(G_a, G_b, weight="weight") -> Comparison:
    """Compare two coordination graphs (earlier plan first).

    Unit rows compare each unit's number of tasks (``before``/``after``; a
    unit in only one graph appeared or disappeared); link rows compare shared
    tasks.  Both are ordered appeared, disappeared, grew, shrank; within each
    by size of change, then names.
    """
    nodes_a, nodes_b = set(G_a), set(G_b)
    result = Comparison(
        units_appeared=sorted(nodes_b - nodes_a, key=str),
        units_disappeared=sorted(nodes_a - nodes_b, key=str),
        units_kept=len(nodes_a & nodes_b),
        label_a=", ".join(G_a.graph.get("plans", [])) or "A",
        label_b=", ".join(G_b.graph.get("plans", [])) or "B",
    )

    def pairs(G):
        out = {}
        for u, v, d in G.edges(data=True):
            key = (u, v) if str(u) <= str(v) else (v, u)
            out[key] = d.get(weight, 1)
        return out

    pa, pb = pairs(G_a), pairs(G_b)
    rows = []
    for key in set(pa) | set(pb):
        before, after = pa.get(key, 0), pb.get(key, 0)
        change = _change(before, after)
        if change:
            rows.append({"change": change, "what": "link", "unit_a": key[0], "unit_b": key[1], "before": before, "after": after, "delta": after - before})
    result.links = sorted(rows, key=_order)

    def tasks(G, n):
        # a unit present in a graph counts as at least 1 so that presence, not task count, decides appeared
        return max(1, len(G.nodes[n].get("tasks", ()))) if n in G else 0

    units = []
    for n in nodes_a | nodes_b:
        before, after = tasks(G_a, n), tasks(G_b, n)
        change = _change(before, after)
        if change:
            units.append({"change": change, "what": "unit", "unit_a": n, "unit_b": "", "before": before, "after": after, "delta": after - before})
    result.units = sorted(units, key=_order)
    return result
