"""What changed between two plans' coordination graphs, or how two districts differ.

``compare(G_a, G_b)`` matches units by node id and collaborations by unit
pair, and reports those that appeared, disappeared, grew or shrank
(shared-task counts).  Built from one plan each (or one district's plans),
graphs name units plainly, so two years of a district match unit by unit
(a unit renamed and joined by alias keeps its id) and two districts match
the same kind of unit by name: 拱墅区's 区财政局 against 临江区's.
:func:`measures` sets the two side by side: tasks, partners, strength and
betweenness with their ranks, and the partners both have.

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

__all__ = ["Comparison", "compare", "measures", "CHANGES", "MEASURES"]

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


#: The measures :func:`measures` compares (each with its rank in its graph).
MEASURES = ("strength", "betweenness")


def measures(G_a, G_b, units=None) -> list:
    """The units of both graphs side by side: how central each is in each, and who it works with.

    Rows (units in both graphs, or ``units``; most tasks in A first): ``unit``,
    ``tasks_a``, ``tasks_b``, ``partners_a``, ``partners_b``,
    ``<measure>_a``, ``<measure>_rank_a`` and the same for B for each of
    :data:`MEASURES`, ``common_partners`` (partners of the same id in both),
    ``only_a``, ``only_b`` (their counts).  A unit missing from one graph
    has ``None`` there.

    >>> import networkx as nx
    >>> A = nx.Graph([("财政", "住建", {"weight": 2}), ("财政", "商务", {"weight": 1})])
    >>> B = nx.Graph([("财政", "住建", {"weight": 1})])
    >>> [(r["unit"], r["partners_a"], r["partners_b"], r["common_partners"]) for r in measures(A, B)]
    [('住建', 1, 1, '财政'), ('财政', 2, 1, '住建')]
    """
    from respgraph.analysis.ranking import rank

    ranked = {}
    for side, G in (("a", G_a), ("b", G_b)):
        for metric in MEASURES:
            ranked[(side, metric)] = {r["unit"]: r for r in rank(G, metric)}
    chosen = list(units) if units is not None else [n for n in G_a if n in G_b]
    rows = []
    for unit in chosen:
        row = {"unit": unit}
        for side, G in (("a", G_a), ("b", G_b)):
            present = unit in G
            row[f"tasks_{side}"] = len(G.nodes[unit].get("tasks", ())) if present else None
            row[f"partners_{side}"] = G.degree(unit) if present else None
            for metric in MEASURES:
                r = ranked[(side, metric)].get(unit)
                row[f"{metric}_{side}"] = r["value"] if r else None
                row[f"{metric}_rank_{side}"] = r["rank"] if r else None
        pa = set(G_a[unit]) if unit in G_a else set()
        pb = set(G_b[unit]) if unit in G_b else set()
        row["common_partners"] = "、".join(sorted(map(str, pa & pb)))
        row["only_a"], row["only_b"] = len(pa - pb), len(pb - pa)
        rows.append(row)
    rows.sort(key=lambda r: (-(r["tasks_a"] or 0), str(r["unit"])))
    return rows
