"""One entry point over every unit measure: :func:`scores` and :func:`rank`.

Metrics: ``degree``, ``strength``, ``betweenness``, ``closeness``,
``eigenvector``, ``pagerank``, ``constraint``, ``effective-size``, ``core``.
Higher ranks first, except ``constraint``, where a *low* value marks a
broker and ranks first.  Units whose value is undefined (constraint or
effective size of a unit without partners) come last with value ``None``.

Only ``betweenness`` and ``closeness`` take ``sample``: the number of
pivots (see :mod:`respgraph.analysis.centrality`); every returned row then
says so in its ``sampled`` field, which is ``""`` for exact results.  They
are exact unless sampling is asked for, or the graph has more units than
``exact_limit`` (when given): then :data:`AUTO_PIVOTS` pivots are used and
the note says why.

``engine`` chooses who computes: ``"igraph"`` (the default when python-igraph
is installed; :mod:`respgraph.analysis.engine`, one conversion per graph shared
by every metric) or ``"networkx"``.  Both give the same values within 1e-9;
values within a relative :data:`TIE_TOLERANCE` of each other count as a tie
(listed by name), so float noise never orders two units differently in the
two engines.

>>> import networkx as nx
>>> G = nx.Graph([("A", "B", {"weight": 2}), ("B", "C", {"weight": 1})])
>>> [(r["rank"], r["unit"], r["value"]) for r in rank(G, "strength")]
[(1, 'B', 3), (2, 'A', 2), (3, 'C', 1)]
>>> rank(G, "betweenness", sample=2, seed=1)[0]["sampled"]
'sampled: 2 of 3 nodes as pivots, seed 1'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from respgraph.analysis import brokerage, centrality, cores
from respgraph.analysis import engine as compiled
from respgraph.errors import InputError

__all__ = ["METRICS", "AUTO_PIVOTS", "Scores", "scores", "rank"]

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

#: Pivots used when a graph is larger than ``exact_limit`` and no sample size was given.
AUTO_PIVOTS = 500

#: Values this close (relative; absolute 1e-12 near zero) share a rank (see :func:`rank`).
TIE_TOLERANCE = 1e-9


@dataclass
class Scores:
    """Every node's value for one metric, and how it was obtained."""

    metric: str
    values: dict = field(default_factory=dict)
    sampled: str = ""  # "" when exact, else how it was sampled
    ascending: bool = False  # True when a low value ranks first (constraint)
    engine: str = ""  # "igraph" or "networkx"


def scores(G, metric, sample=None, seed=None, engine=None, exact_limit=None) -> Scores:
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
    engine = compiled.resolve_engine(engine)
    why = ""
    if metric in SAMPLED_METRICS and sample is None and exact_limit is not None and len(G) > exact_limit:
        sample, why = AUTO_PIVOTS, f" (more than {exact_limit} units)"
    note = ""
    if metric in SAMPLED_METRICS and sample is not None and sample < len(G):
        note = f"sampled: {sample} of {len(G)} nodes as pivots, seed {seed}{why}"
    k = sample if note else None
    if engine == "igraph" and metric != "effective-size":
        values = _igraph_values(G, metric, k, seed)
    elif metric == "degree":
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
    return Scores(metric, values, note, ascending=(metric == "constraint"), engine=engine)


def _igraph_values(G, metric, k, seed):
    # degree and strength are read off networkx's adjacency directly: faster than checking the
    # cached conversion (engine.degree/strength give the same values, see tests/test_analysis_engines.py)
    if metric == "degree":
        return centrality.degree(G)
    if metric == "strength":
        return centrality.strength(G)
    if metric == "betweenness":
        return compiled.betweenness(G, k=k, seed=seed)
    if metric == "closeness":
        return compiled.closeness(G, k=k, seed=seed)
    if metric == "eigenvector":
        return compiled.eigenvector(G)
    if metric == "pagerank":
        return compiled.pagerank(G)
    if metric == "constraint":
        # networkx's sparse-matrix constraint (scipy) is about twice as fast as igraph's on a city
        # graph, same values (benchmarks/bench_analysis.py)
        return brokerage.constraint(G)
    return compiled.core_number(G)


def _tied(a, b):
    """Whether two values count as equal for ranking.

    >>> _tied(0.1 + 0.2, 0.3), _tied(7, 8), _tied(0.0, 1e-17)
    (True, False, True)
    """
    return a == b or math.isclose(a, b, rel_tol=TIE_TOLERANCE, abs_tol=1e-12)


def rank(G, metric, top=None, sample=None, seed=None, engine=None, exact_limit=None) -> list:
    """Rows ranking the nodes of ``G`` by ``metric``, best first.

    Each row: ``rank`` (ties share a rank), ``unit``, ``kind``, ``type``,
    ``value``, ``tasks`` (number of tasks of the unit, when the graph knows),
    ``metric`` and ``sampled``.  Ties (values within :data:`TIE_TOLERANCE`
    of the previous one in order) share a rank and are listed by name.

    >>> import networkx as nx
    >>> [r["rank"] for r in rank(nx.path_graph(4), "degree")]
    [1, 1, 3, 3]
    """
    s = scores(G, metric, sample=sample, seed=seed, engine=engine, exact_limit=exact_limit)
    defined = [(n, v) for n, v in s.values.items() if v is not None]
    undefined = sorted((n for n, v in s.values.items() if v is None), key=str)
    sign = 1 if s.ascending else -1
    defined.sort(key=lambda nv: (sign * nv[1], str(nv[0])))
    tied_groups = []  # runs of values each within TIE_TOLERANCE of the one before, listed by name
    for node, value in defined:
        if tied_groups and _tied(value, tied_groups[-1][-1][1]):
            tied_groups[-1].append((node, value))
        else:
            tied_groups.append([(node, value)])
    ordered = [(node, value, g) for g, group in enumerate(tied_groups)
               for node, value in sorted(group, key=lambda nv: str(nv[0]))]
    ordered += [(n, None, None) for n in undefined]
    rows = []
    previous = object()
    position = 0
    for i, (node, value, group) in enumerate(ordered, start=1):
        if value is None or group != previous:
            position = i
        previous = group
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
