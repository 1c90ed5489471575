"""One entry point over every unit measure: :func:`scores` and :func:`rank`.

Metrics: ``degree``, ``strength``, ``betweenness``, ``closeness``,
``eigenvector``, ``pagerank``, ``constraint``, ``effective-size``, ``core``.
Higher ranks first, except ``constraint``, where a *low* value marks a
broker and ranks first.  Units whose value is undefined (constraint or
effective size of a unit without partners) come last with value ``None``.

Only ``betweenness`` and ``closeness`` take ``sample``: the number of
pivots (see :mod:`respgraph.analysis.centrality`); every returned row then
says so in its ``sampled`` field, which is ``""`` for exact results.

>>> import networkx as nx
>>> G = nx.Graph([("A", "B", {"weight": 2}), ("B", "C", {"weight": 1})])
>>> [(r["rank"], r["unit"], r["value"]) for r in rank(G, "strength")]
[(1, 'B', 3), (2, 'A', 2), (3, 'C', 1)]
>>> rank(G, "betweenness", sample=2, seed=1)[0]["sampled"]
'sampled: 2 of 3 nodes as pivots, seed 1'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from respgraph.analysis import brokerage, centrality, cores
from respgraph.errors import InputError

__all__ = ["METRICS", "Scores", "scores", "rank"]

METRICS = (
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "constraint",
    "effective-size",
    "core",
)

SAMPLED_METRICS = ("betweenness", "closeness")


@dataclass
class Scores:
    """Every node's value for one metric, and how it was obtained."""

    metric: str
    values: dict = field(default_factory=dict)
    sampled: str = ""  # "" when exact, else how it was sampled
    ascending: bool = False  # True when a low value ranks first (constraint)


def scores(G, metric, sample=None, seed=None) -> Scores:
    """Compute one metric for every node of ``G``.

    >>> import networkx as nx
    >>> s = scores(nx.star_graph(2), "degree")
    >>> s.values, s.sampled
    ({0: 2, 1: 1, 2: 1}, '')
    """
    if metric not in METRICS:
        raise InputError(f"unknown metric {metric!r}; choose one of {', '.join(METRICS)}", option="metric")
    if sample is not None and sample < 1:
        raise InputError("the sample size must be at least 1", option="sample")
    note = ""
    if metric in SAMPLED_METRICS and sample is not None and sample < len(G):
        note = f"sampled: {sample} of {len(G)} nodes as pivots, seed {seed}"
    k = sample if note else None
    if metric == "degree":
        values = centrality.degree(G)
    elif metric == "strength":
        values = centrality.strength(G)
    elif metric == "betweenness":
        values = centrality.betweenness(G, k=k, seed=seed)
    elif metric == "closeness":
        values = centrality.closeness(G, k=k, seed=seed)
    elif metric == "eigenvector":
        values = centrality.eigenvector(G)
    elif metric == "pagerank":
        values = centrality.pagerank(G)
    elif metric == "constraint":
        values = brokerage.constraint(G)
    elif metric == "effective-size":
        values = brokerage.effective_size(G)
    else:
        values = cores.core_number(G)
    return Scores(metric, values, note, ascending=(metric == "constraint"))


def rank(G, metric, top=None, sample=None, seed=None) -> list:
    """Rows ranking the nodes of ``G`` by ``metric``, best first.

    Each row: ``rank`` (ties share a rank), ``unit``, ``kind``, ``type``,
    ``value``, ``tasks`` (number of tasks of the unit, when the graph knows),
    ``metric`` and ``sampled``.  Ties are listed by name.

    >>> import networkx as nx
    >>> [r["rank"] for r in rank(nx.path_graph(4), "degree")]
    [1, 1, 3, 3]
    """
    s = scores(G, metric, sample=sample, seed=seed)
    defined = [(n, v) for n, v in s.values.items() if v is not None]
    undefined = sorted((n for n, v in s.values.items() if v is None), key=str)
    sign = 1 if s.ascending else -1
    defined.sort(key=lambda nv: (sign * nv[1], str(nv[0])))
    rows = []
    previous = object()
    position = 0
    for i, (node, value) in enumerate(defined + [(n, None) for n in undefined], start=1):
        if value is None or value != previous:
            position = i
        previous = value
        attrs = G.nodes[node]
        rows.append(
            {
                "rank": position,
                "unit": node,
                "kind": attrs.get("kind", ""),
                "type": attrs.get("type", ""),
                "value": value,
                "tasks": len(attrs.get("tasks", ())),
                "metric": metric,
                "sampled": s.sampled,
            }
        )
    return rows[:top] if top else rows
