"""Centrality of units in the coordination graph.

Each function takes the graph first and returns ``{node: value}``.

Weights and distances
---------------------
Edge ``weight`` is the number of tasks two units share: a *strength*, more is
closer.  Measures that add weights up (strength, eigenvector, pagerank) use
it as is.  Measures built on shortest paths (betweenness, closeness) need a
*length*, so they run on ``distance = 1 / weight``: two units sharing five
tasks are five times closer than two sharing one.  (networkx treats the
``weight`` of betweenness and the ``distance`` of closeness as lengths —
passing the shared-task count there would make the closest partners the
farthest apart; networkx issue #860 discusses that trap.)

Exact and sampled
-----------------
Betweenness and closeness are exact unless ``k`` is given.  With ``k``
betweenness uses networkx's source sampling (``k`` pivots, ``seed``);
closeness is estimated from shortest-path lengths to ``k`` sampled pivots
per connected component (components of at most ``k`` nodes are computed
exactly).  :func:`respgraph.analysis.rank` reports which one was used.

Disconnected and tiny graphs
----------------------------
Every function returns ``{}`` for an empty graph and a value for every node
otherwise.  Closeness uses networkx's Wasserman–Faust scaling, so units in
small components are not ranked above the main one.  Eigenvector centrality
of a disconnected graph concentrates on the component with the largest
eigenvalue; the others get values near 0 (it is not defined per component).

>>> import networkx as nx
>>> G = nx.Graph()
>>> G.add_edge("A", "B", weight=3); G.add_edge("B", "C", weight=1)
>>> degree(G)["B"], strength(G)["B"]
(2, 4)
>>> betweenness(G)["B"]
1.0
>>> round(closeness(G)["A"], 4)  # A-B is 1/3 long, B-C 1: distances 1/3 and 4/3
1.2
"""

from __future__ import annotations

import random

import networkx as nx

__all__ = [
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "distance_graph",
]


def degree(G) -> dict:
    """Number of partners of each node.

    >>> degree(nx.path_graph(3))
    {0: 1, 1: 2, 2: 1}
    """
    return {n: d for n, d in G.degree()}


def strength(G, weight="weight") -> dict:
    """Sum of edge weights at each node: for units, shared-task memberships with all partners.

    >>> G = nx.Graph([(0, 1, {"weight": 2}), (1, 2, {"weight": 5})])
    >>> strength(G)
    {0: 2, 1: 7, 2: 5}
    """
    return {n: d for n, d in G.degree(weight=weight)}


def distance_graph(G, weight="weight", distance="distance") -> nx.Graph:
    """A light copy of ``G`` (nodes, edges, one attribute) with ``distance = 1 / weight``.

    A missing weight counts as 1.

    >>> H = distance_graph(nx.Graph([(0, 1, {"weight": 4})]))
    >>> H.edges[0, 1]["distance"]
    0.25
    """
    H = nx.Graph()
    H.add_nodes_from(G)
    H.add_edges_from((u, v, {distance: 1.0 / (d.get(weight, 1) or 1)}) for u, v, d in G.edges(data=True))
    return H


def betweenness(G, weight="weight", k=None, seed=None) -> dict:
    """Normalised betweenness on ``distance = 1/weight``; ``k`` sampled sources if given.

    ``k`` larger than or equal to the number of nodes means exact.  Pass
    ``weight=None`` for hop counts.

    >>> betweenness(nx.star_graph(3))[0]
    1.0
    """
    if len(G) == 0:
        return {}
    H = distance_graph(G, weight) if weight else G
    if k is not None and k >= len(G):
        k = None
    return nx.betweenness_centrality(H, k=k, seed=seed, weight="distance" if weight else None, normalized=True)


def _component_closeness_sampled(H, nodes, k, rng, n_total, distance):
    pivots = rng.sample(sorted(nodes, key=str), k)
    totals = dict.fromkeys(nodes, 0.0)
    counts = dict.fromkeys(nodes, 0)
    for s in pivots:
        lengths = nx.single_source_dijkstra_path_length(H, s, weight=distance)
        for v, d in lengths.items():
            if v != s:
                totals[v] += d
                counts[v] += 1
    size = len(nodes)
    out = {}
    for v in nodes:
        if counts[v] == 0 or totals[v] == 0:
            out[v] = 0.0
            continue
        est = totals[v] / counts[v] * (size - 1)  # estimated sum of distances to the component
        out[v] = (size - 1) / est * (size - 1) / (n_total - 1)
    return out


def closeness(G, weight="weight", k=None, seed=None) -> dict:
    """Closeness on ``distance = 1/weight`` (Wasserman–Faust scaled for disconnected graphs).

    Exact by default (networkx's ``closeness_centrality`` with
    ``distance="distance"``).  With ``k``, each component larger than ``k``
    is estimated from ``k`` random pivots (Eppstein–Wang): a node's mean
    distance to the pivots stands for its mean distance to the component.

    >>> closeness(nx.path_graph(3), weight=None)[1]
    1.0
    """
    n = len(G)
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(G)): 0.0}
    H = distance_graph(G, weight) if weight else G
    dist = "distance" if weight else None
    if k is None or k >= n:
        return nx.closeness_centrality(H, distance=dist)
    rng = random.Random(seed)
    out = {}
    for comp in sorted(nx.connected_components(H), key=lambda c: (-len(c), sorted(map(str, c))[0])):
        if len(comp) <= k:
            sub = H.subgraph(comp)
            for v, val in nx.closeness_centrality(sub, distance=dist).items():
                out[v] = val * (len(comp) - 1) / (n - 1)
        else:
            out.update(_component_closeness_sampled(H, comp, k, rng, n, dist))
    return out


def eigenvector(G, weight="weight", max_iter=1000, tol=1e-6) -> dict:
    """Eigenvector centrality (networkx's power iteration on A + I), with a fallback.

    networkx's default of 100 iterations is not always enough on graphs with
    near-equal leading eigenvalues; this asks for 1000, then retries with
    20000 iterations and a looser tolerance, and only then raises
    :class:`~respgraph.analysis.AnalysisError` naming the graph size.

    >>> v = eigenvector(nx.star_graph(2), weight=None)
    >>> round(v[0], 4), round(v[1], 4)
    (0.7071, 0.5)
    """
    from respgraph.analysis import AnalysisError

    if len(G) == 0:
        return {}
    if G.number_of_edges() == 0:
        # every node equal; networkx would divide the norm of a zero product
        value = 1.0 / len(G) ** 0.5
        return dict.fromkeys(G, value)
    try:
        return nx.eigenvector_centrality(G, max_iter=max_iter, tol=tol, weight=weight)
    except nx.PowerIterationFailedConvergence:
        pass
    try:
        return nx.eigenvector_centrality(G, max_iter=max(20000, max_iter), tol=max(tol, 1e-4), weight=weight)
    except nx.PowerIterationFailedConvergence:
        raise AnalysisError(
            f"eigenvector centrality did not converge on a graph of {len(G)} nodes and "
            f"{G.number_of_edges()} edges; use pagerank or strength instead"
        ) from None


def pagerank(G, weight="weight", alpha=0.85, max_iter=1000, tol=1e-10) -> dict:
    """PageRank by power iteration in plain Python (no numpy/scipy needed).

    Same definition as :func:`networkx.pagerank` (uniform teleport, dangling
    nodes spread uniformly, each undirected edge used both ways); networkx
    3.x's own ``pagerank`` needs scipy, which respgraph does not depend on.

    >>> pr = pagerank(nx.star_graph(2))
    >>> round(sum(pr.values()), 6), pr[0] > pr[1]
    (1.0, True)
    """
    from respgraph.analysis import AnalysisError

    n = len(G)
    if n == 0:
        return {}
    nodes = list(G)
    out_strength = {}
    for u in nodes:
        s = 0.0
        for _, d in G[u].items():
            s += d.get(weight, 1) if weight else 1
        out_strength[u] = s
    x = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        xlast = x
        dangling = alpha * sum(xlast[u] for u in nodes if out_strength[u] == 0)
        base = (1.0 - alpha) / n + dangling / n
        x = dict.fromkeys(nodes, base)
        for u in nodes:
            su = out_strength[u]
            if su == 0:
                continue
            share = alpha * xlast[u] / su
            for v, d in G[u].items():
                x[v] += share * (d.get(weight, 1) if weight else 1)
        err = sum(abs(x[u] - xlast[u]) for u in nodes)
        if err < n * tol:
            return x
    raise AnalysisError(f"pagerank did not converge in {max_iter} iterations on {n} nodes")
