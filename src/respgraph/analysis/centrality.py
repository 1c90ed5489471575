"""Centrality of units in the coordination graph.

Each function takes the graph first and returns ``{node: value}``.

Weights and distances
---------------------
Edge ``weight`` is the number of tasks two units share: a *strength*, more is
closer.  Measures that add weights up (strength, eigenvector, pagerank) use
it as is.  Measures built on shortest paths (betweenness, closeness) need a
*length*, so they run on ``distance = 1 / weight``: two units sharing five
tasks are five times closer than two sharing one.  In practice the lengths
are ``scale / weight`` with :func:`distance_scale` (the least common multiple
of integer weights), so that every path length is an exact integer and paths
of equal length tie exactly — with ``1 / weight`` floats, 1/3 + 1/6 and 1/2 can
differ in the last bit and networkx would count only one of the two paths.
Betweenness does not depend on the scale; closeness is multiplied back by it.  (networkx treats the
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
otherwise.  Known networkx traps, handled here: ``closeness_centrality``
takes its edge lengths as ``distance=``, not ``weight=`` (issue #860);
``eigenvector_centrality``'s default 100 iterations can be too few
(issue #7879) and a plain power method oscillates on bipartite graphs (issue
#1704 — networkx iterates on A + I, as does the fallback here);
``pagerank`` needs scipy in networkx 3.x, so it is reimplemented below.  Closeness uses networkx's Wasserman–Faust scaling, so units in
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

import math
import random
from math import sqrt
from operator import mul

import networkx as nx

__all__ = [
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "eigenvector",
    "pagerank",
    "distance_graph",
    "distance_scale",
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


#: Path lengths up to this stay exact integers in a float.
EXACT_FLOAT_INTEGER = 2**53


def distance_scale(G, weight="weight") -> int | float:
    """The ``scale`` of ``distance = scale / weight``: path lengths exact where it can be done.

    With positive integer weights (shared tasks), the least common multiple
    ``L`` of the weights present makes every edge length ``L / w`` an integer;
    while ``L · (n − 1)`` (the longest possible shortest path) stays below
    2**53, every path length is an exact integer and equal lengths compare
    equal.  Otherwise (non-integer weights, or too many distinct weights)
    1.0, plain ``1 / weight``.

    >>> distance_scale(nx.Graph([(0, 1, {"weight": 4}), (1, 2, {"weight": 6})]))
    12
    >>> distance_scale(nx.Graph([(0, 1, {"weight": 0.5})]))
    1.0
    """
    if not weight:
        return 1
    bound = EXACT_FLOAT_INTEGER // max(len(G) - 1, 1)
    scale = 1
    for w in {w for _, _, w in G.edges(data=weight, default=1)}:
        w = w or 1  # a zero weight is read as 1 (see distance_graph)
        if isinstance(w, float) and w.is_integer():
            w = int(w)
        if not isinstance(w, int) or w < 1:
            return 1.0
        scale = math.lcm(scale, w)
        if scale > bound:
            return 1.0
    return scale


def distance_graph(G, weight="weight", distance="distance", scale=1) -> nx.Graph:
    """A light copy of ``G`` (nodes, edges, one attribute) with ``distance = scale / weight``.

    A missing (or zero) weight counts as 1.

    >>> H = distance_graph(nx.Graph([(0, 1, {"weight": 4})]))
    >>> H.edges[0, 1]["distance"]
    0.25
    """
    H = nx.Graph()
    H.add_nodes_from(G)
    H.add_edges_from((u, v, {distance: scale / (d.get(weight, 1) or 1)}) for u, v, d in G.edges(data=True))
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
    H = distance_graph(G, weight, scale=distance_scale(G, weight)) if weight else G
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
    scale = distance_scale(G, weight)
    H = distance_graph(G, weight, scale=scale) if weight else G
    dist = "distance" if weight else None
    if k is None or k >= n:
        return {v: c * scale for v, c in nx.closeness_centrality(H, distance=dist).items()}
    rng = random.Random(seed)
    out = {}
    for comp in sorted(nx.connected_components(H), key=lambda c: (-len(c), sorted(map(str, c))[0])):
        if len(comp) <= k:
            sub = H.subgraph(comp)
            for v, val in nx.closeness_centrality(sub, distance=dist).items():
                out[v] = val * (len(comp) - 1) / (n - 1) * scale
        else:
            estimates = _component_closeness_sampled(H, comp, k, rng, n, dist)
            out.update((v, c * scale) for v, c in estimates.items())
    return out


def _adjacency(G, weight):
    """Index-based adjacency: (nodes, neighbour index lists, weight lists), for C-speed inner loops."""
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    nbr_index, nbr_weight = [], []
    for u in nodes:
        items = [(v, d) for v, d in G[u].items() if v != u]
        nbr_index.append([index[v] for v, _ in items])
        nbr_weight.append([float(d.get(weight, 1)) if weight else 1.0 for _, d in items])
    return nodes, nbr_index, nbr_weight


def _power_eigenvector(G, weight, max_iter, tol):
    """networkx's eigenvector iteration (x <- (A + I) x, L2-normalised), inner loops in C.

    Returns None when it does not converge within ``max_iter``.
    """
    nodes, nbr_index, nbr_weight = _adjacency(G, weight)
    n = len(nodes)
    x = [1.0 / n] * n
    for _ in range(max_iter):
        xlast = x
        get = xlast.__getitem__
        x = [xlast[u] + sum(map(mul, map(get, nbr_index[u]), nbr_weight[u])) for u in range(n)]
        norm = sqrt(sum(v * v for v in x)) or 1.0
        x = [v / norm for v in x]
        if sum(abs(a - b) for a, b in zip(x, xlast)) < n * tol:
            return dict(zip(nodes, x))
    return None


#: Graphs with more edges than this use respgraph's own eigenvector iteration
#: (same algorithm as networkx, inner loops in C) instead of networkx's.
NETWORKX_EIGENVECTOR_MAX_EDGES = 20000


#: Leading eigenvalues of two components within this relative distance count as equal.
EIGENVALUE_TIE = 1e-9


def eigenvector(G, weight="weight", max_iter=1000, tol=1e-13) -> dict:
    """Eigenvector centrality (power iteration on A + I, as networkx), one component at a time.

    Small graphs go to :func:`networkx.eigenvector_centrality` (asked for
    1000 iterations instead of its default 100, which is not always enough
    when leading eigenvalues are close, and ``tol=1e-13`` instead of 1e-6, so
    that the values agree with the igraph engine's exact ones within 1e-9).  Graphs above
    :data:`NETWORKX_EIGENVECTOR_MAX_EDGES` edges, and any graph networkx
    fails on, use the same iteration written with C-speed inner loops, with
    up to 20000 iterations; only if that fails too is an
    :class:`~respgraph.analysis.AnalysisError` raised, naming the graph size.

    A disconnected graph: networkx's iteration on the whole graph tends to
    the uniform vector's projection onto the leading eigenspace, but a
    component with a smaller eigenvalue only fades slowly and keeps a residue
    of the order of ``tol``.  The limit is computed instead: each component's
    own (unit) vector and eigenvalue (Rayleigh quotient); the components
    whose eigenvalue is the largest (within a relative :data:`EIGENVALUE_TIE`)
    keep their vector times its sum, every other unit gets 0, and the whole is
    scaled to unit length.  On a connected graph that is networkx's value.

    >>> v = eigenvector(nx.star_graph(2), weight=None)
    >>> round(v[0], 4), round(v[1], 4)
    (0.7071, 0.5)
    >>> v = eigenvector(nx.Graph([(0, 1), (1, 2), (3, 4)]), weight=None)
    >>> round(v[1], 4), v[3]
    (0.7071, 0.0)
    """
    if len(G) == 0:
        return {}
    if G.number_of_edges() == 0:
        # every node equal; networkx would divide the norm of a zero product
        value = 1.0 / len(G) ** 0.5
        return dict.fromkeys(G, value)
    components = [c for c in nx.connected_components(G) if len(c) > 1]
    if len(components) == 1 and len(components[0]) == len(G):
        return _connected_eigenvector(G, weight, max_iter, tol)
    leading = []
    for comp in components:
        sub = G.subgraph(comp)
        vec = _connected_eigenvector(sub, weight, max_iter, tol)
        # Rayleigh quotient of a unit vector: its eigenvalue
        value = sum(2 * (d.get(weight, 1) if weight else 1) * vec[u] * vec[v] for u, v, d in sub.edges(data=True))
        leading.append((value, vec))
    top = max(value for value, _ in leading)
    out = dict.fromkeys(G, 0.0)
    for value, vec in leading:
        if value >= top * (1 - EIGENVALUE_TIE):
            total = sum(vec.values())  # the uniform start's projection onto this component's vector
            out.update((v, total * x) for v, x in vec.items())
    norm = sqrt(sum(x * x for x in out.values())) or 1.0
    return {v: x / norm for v, x in out.items()}


def _connected_eigenvector(G, weight, max_iter, tol):
    from respgraph.analysis import AnalysisError

    if G.number_of_edges() <= NETWORKX_EIGENVECTOR_MAX_EDGES:
        try:
            return nx.eigenvector_centrality(G, max_iter=max_iter, tol=tol, weight=weight)
        except nx.PowerIterationFailedConvergence:
            pass
    values = _power_eigenvector(G, weight, max(20000, max_iter), tol)
    if values is None:
        raise AnalysisError(
            f"eigenvector centrality did not converge on a graph of {len(G)} nodes and "
            f"{G.number_of_edges()} edges; use pagerank or strength instead"
        )
    return values


def pagerank(G, weight="weight", alpha=0.85, max_iter=1000, tol=1e-12) -> dict:
    """PageRank by power iteration in plain Python (no numpy/scipy needed).

    Same definition as :func:`networkx.pagerank` (uniform teleport, dangling
    nodes spread uniformly, each undirected edge used both ways, stop when
    the L1 change is below ``len(G) * tol``; ``tol`` is 1e-12 rather than
    networkx's 1e-8 so that the values agree with the igraph engine's
    exact solution within 1e-9).

    >>> pr = pagerank(nx.star_graph(2))
    >>> round(sum(pr.values()), 6), pr[0] > pr[1]
    (1.0, True)
    """
    from respgraph.analysis import AnalysisError

    n = len(G)
    if n == 0:
        return {}
    nodes, nbr_index, nbr_weight = _adjacency(G, weight)
    out_strength = [sum(ws) for ws in nbr_weight]
    dangling_nodes = [u for u in range(n) if out_strength[u] == 0]
    x = [1.0 / n] * n
    for _ in range(max_iter):
        xlast = x
        # pull form: x[v] = base + alpha * sum over partners u of x[u] * w(u, v) / strength(u)
        share = [alpha * xu / su if su else 0.0 for xu, su in zip(xlast, out_strength)]
        get = share.__getitem__
        base = (1.0 - alpha) / n + alpha * sum(xlast[u] for u in dangling_nodes) / n
        x = [base + sum(map(mul, map(get, nbr_index[v]), nbr_weight[v])) for v in range(n)]
        if sum(abs(a - b) for a, b in zip(x, xlast)) < n * tol:
            return dict(zip(nodes, x))
    raise AnalysisError(f"pagerank did not converge in {max_iter} iterations on {n} nodes")
