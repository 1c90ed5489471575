"""The compiled engine: the measures of :mod:`.centrality`, :mod:`.brokerage`, :mod:`.cores` and
:mod:`.communities` computed with python-igraph (a C library), same numbers as networkx.

networkx stays the graph model everywhere else; a networkx graph is converted
to igraph once and the conversion is cached (weakly, on the graph object, and
checked against the graph's node count, edge count and total weight), so the
nine measures of a ``rank`` suite, or ``summary``'s six, share one conversion.

Engines
-------
``"igraph"`` (the default when python-igraph is importable) and
``"networkx"`` (pure networkx, with scipy where networkx itself uses it).
:func:`resolve_engine` turns ``None`` into the default and refuses an
unknown name or a missing igraph with an :class:`~respgraph.errors.InputError`.

How the definitions are made to match networkx
----------------------------------------------
* **betweenness**: igraph counts each unordered pair once; networkx's
  normalised value sums ordered pairs and divides by (n−1)(n−2).  Here:
  ``2 · igraph / ((n−1)(n−2))``, 0 for n ≤ 2.  Sampled (``k`` pivots): the
  pivots are the ones networkx draws (``random.Random(seed).sample(nodes, k)``),
  igraph sums the pivots' dependencies (``sources=``) and networkx's
  sampled scaling is applied (``1/((k−1)(n−2))`` on pivots, ``1/(k(n−2))``
  elsewhere).
* **closeness**: igraph's normalised closeness is (r−1)/Σd over the r nodes a
  unit reaches; networkx's Wasserman–Faust value multiplies it by
  (r−1)/(n−1).  An isolated unit: igraph gives NaN, networkx 0; here 0.
* **distances** are ``scale / weight`` (:func:`~respgraph.analysis.centrality.distance_scale`):
  with integer weights, scale is their least common multiple, so every
  path length is an exact integer and two paths of equal length tie in
  both engines (with ``1 / weight`` floats, 1/10 + 1/15 and 1/6 differ in
  the last bit; networkx then counts one path, igraph — which compares
  with a relative 1e-10 tolerance — both).  Closeness is multiplied back by
  scale.  Where the least common multiple is too large to stay exact (a
  city graph with hundreds of distinct weights), the lengths are ``1 /
  weight`` floats and such near-ties may still be counted differently.
* **PageRank**: igraph solves the linear system (PRPACK); networkx
  iterates.  Same definition (uniform teleport and dangling spread, each
  undirected edge both ways, weight as strength); respgraph's networkx path
  iterates to ``tol=1e-12`` so both agree within 1e-9.
* **eigenvector**: igraph scales the vector to a maximum of 1 and is
  defined per connected component; networkx iterates on A + I from the
  uniform vector and normalises to unit length.  The limit of networkx's
  iteration on a disconnected graph is the projection of the uniform
  vector onto the leading eigenspace: the components whose leading
  eigenvalue is the largest (within a relative 1e-9) keep their Perron
  vector times its sum, every other unit gets 0; the result is scaled to
  unit length.  That is what :func:`eigenvector` computes, and what
  respgraph's networkx path computes too (networkx's own iteration leaves
  a residue of the order of its ``tol`` on the fading components).  A graph without
  edges: every unit 1/√n (as networkx's would, were it not to divide by zero).
* **constraint**: igraph's Burt constraint equals networkx's (verified by the
  tests); an isolated unit gives NaN in both, ``None`` here.  networkx's
  sparse-matrix version (with scipy) is as fast or faster on a city graph
  (``benchmarks/bench_analysis.py``), so :func:`respgraph.analysis.rank`
  uses that one on either engine.
  **effective size** has no igraph function: both engines use
  respgraph's sparse-matrix form of Burt's formula
  (:func:`~respgraph.analysis.brokerage.effective_size`).
* **core** (coreness), **degree** and **strength** are the same definitions;
  strength stays an integer where every weight is.

Graphs with self-loops are outside what is compared (the coordination graph
has none).

Several cores
-------------
igraph computes in one thread.  Exact betweenness and closeness of a graph
of at least :data:`PARALLEL_MIN_UNITS` units are split over forked worker
processes (Linux only; ``RESPGRAPH_WORKERS``, default the cores available):
each takes every k-th source unit, the graph inherited rather than copied,
and the parts are summed (betweenness) or put together (closeness).

>>> import networkx as nx
>>> G = nx.Graph([("A", "B", {"weight": 3}), ("B", "C", {"weight": 1})])
>>> betweenness(G)["B"], round(closeness(G)["A"], 4)
(1.0, 1.2)
>>> to_igraph(G) is to_igraph(G)  # one conversion per graph
True
"""

from __future__ import annotations

import math
import multiprocessing
import os
import random
import sys
import weakref
from dataclasses import dataclass, field

from respgraph.analysis.centrality import EIGENVALUE_TIE, distance_scale
from respgraph.errors import InputError

__all__ = [
    "ENGINES",
    "IGraphView",
    "available",
    "default_engine",
    "resolve_engine",
    "to_igraph",
    "forget",
    "degree",
    "strength",
    "betweenness",
    "closeness",
    "pagerank",
    "eigenvector",
    "core_number",
    "constraint",
    "partition",
    "PARALLEL_MIN_UNITS",
]

ENGINES = ("igraph", "networkx")



def available() -> bool:
    """Whether python-igraph can be imported."""
    try:
        import igraph  # noqa: F401
    except ImportError:
        return False
    return True


def default_engine() -> str:
    """``"igraph"`` when it is installed, else ``"networkx"``."""
    return "igraph" if available() else "networkx"


def resolve_engine(engine=None) -> str:
    """The engine to use: ``None`` means the default; an unknown or missing engine is refused.

    >>> resolve_engine("networkx")
    'networkx'
    """
    if engine is None:
        return default_engine()
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}", option="engine")
    if engine == "igraph" and not available():
        raise InputError("the igraph engine needs python-igraph (pip install igraph); "
                         "or use {option} networkx", option="engine")
    return engine


@dataclass
class IGraphView:
    """A networkx graph converted to igraph, with the node order to map results back."""

    nodes: list  # networkx nodes, in G's order; vertex i is nodes[i]
    graph: object  # igraph.Graph, edge attributes "weight" and "distance"
    integer_weights: bool  # every weight an int: strength stays int
    scale: float  # distance = scale / weight (see centrality.distance_scale)
    fingerprint: tuple
    _components: list | None = field(default=None, repr=False)

    def values(self, seq) -> dict:
        return dict(zip(self.nodes, seq))

    @property
    def components(self) -> list:
        """Connected components as lists of vertex ids (computed once)."""
        if self._components is None:
            self._components = [list(c) for c in self.graph.connected_components()]
        return self._components


_CACHE: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _fingerprint(G, weight):
    total = 0
    if weight:
        for _, _, w in G.edges(data=weight, default=1):
            total += w
    return (len(G), G.number_of_edges(), total, weight)


def to_igraph(G, weight="weight") -> IGraphView:
    """Convert ``G`` (undirected networkx graph) to igraph, once: later calls return the cached view.

    A graph changed since (other node or edge count, other total weight) is
    converted again.  ``weight=None``: every edge weighs 1.
    """
    import igraph

    key = _fingerprint(G, weight)
    try:
        cached = _CACHE.get(G, {}).get(weight)
    except TypeError:  # a graph class that cannot be weakly referenced
        cached = None
    if cached is not None and cached.fingerprint == key:
        return cached
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    edges, weights = [], []
    for u, v, w in G.edges(data=weight or "weight", default=1):
        edges.append((index[u], index[v]))
        weights.append(w if weight else 1)
    g = igraph.Graph(n=len(nodes), edges=edges)
    scale = distance_scale(G, weight)
    g.es["weight"] = [float(w) for w in weights]
    g.es["distance"] = [scale / (w or 1) for w in weights]
    view = IGraphView(nodes, g, all(isinstance(w, int) for w in weights), scale, key)
    try:
        _CACHE.setdefault(G, {})[weight] = view
    except TypeError:
        pass
    return view


def forget(G) -> None:
    """Drop ``G``'s cached conversion (the next measure converts it again)."""
    try:
        _CACHE.pop(G, None)
    except TypeError:
        pass


# --- the path measures on several cores --------------------------------------------------

#: Graphs with at least this many units run exact betweenness and closeness on several worker
#: processes (``RESPGRAPH_WORKERS``, default: the cores this process may use), each taking a
#: share of the source units; smaller graphs are done before a process could start.
PARALLEL_MIN_UNITS = 1000

_SHARED_GRAPH = None  # the igraph.Graph a forked worker reads (inherited, never pickled)


def _workers(n):
    if n < PARALLEL_MIN_UNITS or not sys.platform.startswith("linux"):
        return 1  # forking is safe on Linux; elsewhere (macOS system frameworks) it may not be
    wanted = os.environ.get("RESPGRAPH_WORKERS", "")
    try:
        count = int(wanted) if wanted else len(os.sched_getaffinity(0))
    except (ValueError, AttributeError):
        count = os.cpu_count() or 1
    return max(1, min(count, 8))


def _betweenness_part(job):
    sources, dist = job
    return _SHARED_GRAPH.betweenness(weights=dist, sources=sources)


def _closeness_part(job):
    vertices, dist = job
    return _SHARED_GRAPH.closeness(vertices=vertices, weights=dist, normalized=True)


def _split(g, part, ids, dist, workers):
    """Run ``part`` over ``workers`` interleaved shares of ``ids`` in forked processes: [result per share].

    Sources are dealt round-robin so each share holds as many central as peripheral units.
    """
    global _SHARED_GRAPH
    shares = [ids[i::workers] for i in range(workers)]
    _SHARED_GRAPH = g
    pool = multiprocessing.get_context("fork").Pool(workers)
    try:
        results = pool.map(part, [(share, dist) for share in shares])
        pool.close()  # let the workers exit on their own (their CPU time then counts as the parent's children's)
        pool.join()
        return shares, results
    finally:
        pool.terminate()
        _SHARED_GRAPH = None


def _all_betweenness(g, dist, n):
    """igraph's betweenness of every vertex, summed over shares of the sources when it pays."""
    workers = _workers(n)
    if workers == 1:
        return g.betweenness(weights=dist)
    _, parts = _split(g, _betweenness_part, list(range(n)), dist, workers)
    return [math.fsum(values) for values in zip(*parts)]


def _all_closeness(g, dist, n):
    """igraph's normalised closeness of every vertex, shares of the vertices on several workers when it pays."""
    workers = _workers(n)
    if workers == 1:
        return g.closeness(weights=dist, normalized=True)
    shares, parts = _split(g, _closeness_part, list(range(n)), dist, workers)
    out = [0.0] * n
    for share, values in zip(shares, parts):
        for v, c in zip(share, values):
            out[v] = c
    return out


# --- measures ------------------------------------------------------------------------------


def degree(G) -> dict:
    """Number of partners (a self-loop counts twice, as in networkx)."""
    return to_igraph(G).values(to_igraph(G).graph.degree())


def strength(G, weight="weight") -> dict:
    """Sum of edge weights at each node; integers where every weight is one."""
    view = to_igraph(G, weight)
    values = view.graph.strength(weights="weight" if weight else None)
    if view.integer_weights or not weight:
        values = [int(round(v)) for v in values]
    return view.values(values)


def betweenness(G, weight="weight", k=None, seed=None) -> dict:
    """Normalised betweenness on ``distance = scale / weight``, networkx's scaling; ``k`` pivots if given.

    >>> import networkx as nx
    >>> betweenness(nx.star_graph(3))[0]
    1.0
    """
    n = len(G)
    if n == 0:
        return {}
    view = to_igraph(G, weight)
    dist = "distance" if weight else None
    if k is not None and k >= n:
        k = None
    if n <= 2:
        return dict.fromkeys(view.nodes, 0.0)
    if k is None:
        raw = _all_betweenness(view.graph, dist, n)
        scale = 2.0 / ((n - 1) * (n - 2))
        return view.values(x * scale for x in raw)
    pivots = random.Random(seed).sample(view.nodes, k)  # the pivots networkx would draw
    index = {node: i for i, node in enumerate(view.nodes)}
    raw = view.graph.betweenness(weights=dist, sources=[index[p] for p in pivots])
    on_pivot = 1.0 / ((k - 1) * (n - 2)) if k > 1 else math.nan
    elsewhere = 1.0 / (k * (n - 2))
    chosen = set(pivots)
    return {node: 2.0 * x * (on_pivot if node in chosen else elsewhere) for node, x in zip(view.nodes, raw)}


def closeness(G, weight="weight", k=None, seed=None) -> dict:
    """Closeness on ``distance = 1/weight``, Wasserman–Faust scaled as networkx; ``k`` pivots if given.

    Sampled, it draws the same pivots as
    :func:`respgraph.analysis.centrality.closeness` and gives the same estimate.

    >>> import networkx as nx
    >>> closeness(nx.path_graph(3), weight=None)[1]
    1.0
    """
    n = len(G)
    if n == 0:
        return {}
    if n == 1:
        return {next(iter(G)): 0.0}
    view = to_igraph(G, weight)
    g = view.graph
    dist = "distance" if weight else None
    scale = view.scale if weight else 1.0
    size_of = [0] * n
    for comp in view.components:
        for v in comp:
            size_of[v] = len(comp)
    if k is None or k >= n:
        raw = _all_closeness(g, dist, n)
        return view.values(
            0.0 if math.isnan(c) or size_of[v] < 2 else c * scale * (size_of[v] - 1) / (n - 1)
            for v, c in enumerate(raw)
        )
    rng = random.Random(seed)
    out = {}
    comps = [[view.nodes[v] for v in comp] for comp in view.components]
    index = {node: i for i, node in enumerate(view.nodes)}
    for comp in sorted(comps, key=lambda c: (-len(c), sorted(map(str, c))[0])):
        size = len(comp)
        ids = [index[x] for x in comp]
        if size <= k:
            raw = g.closeness(vertices=ids, weights=dist, normalized=True)
            for node, c in zip(comp, raw):
                out[node] = 0.0 if math.isnan(c) or size < 2 else c * scale * (size - 1) / (n - 1)
            continue
        pivots = rng.sample(sorted(comp, key=str), k)
        lengths = g.distances(source=[index[p] for p in pivots], target=ids, weights=dist)
        for j, node in enumerate(comp):
            # as centrality._component_closeness_sampled: a pivot's distance to itself is left out
            reached = [row[j] for p, row in zip(pivots, lengths) if p != node]
            total = sum(reached)
            if not reached or total == 0:
                out[node] = 0.0
                continue
            est = total / len(reached) * (size - 1)
            out[node] = (size - 1) / est * (size - 1) / (n - 1) * scale
    return out


def pagerank(G, weight="weight", alpha=0.85) -> dict:
    """PageRank (PRPACK, solved exactly), networkx's definition: weight as strength.

    >>> import networkx as nx
    >>> pr = pagerank(nx.star_graph(2))
    >>> round(sum(pr.values()), 6), pr[0] > pr[1]
    (1.0, True)
    """
    if len(G) == 0:
        return {}
    view = to_igraph(G, weight)
    return view.values(view.graph.pagerank(damping=alpha, weights="weight" if weight else None))


def eigenvector(G, weight="weight") -> dict:
    """Eigenvector centrality, unit length, the limit of networkx's iteration (see the module's notes).

    >>> import networkx as nx
    >>> v = eigenvector(nx.star_graph(2), weight=None)
    >>> round(v[0], 4), round(v[1], 4)
    (0.7071, 0.5)
    """
    n = len(G)
    if n == 0:
        return {}
    view = to_igraph(G, weight)
    g = view.graph
    if g.ecount() == 0:
        return dict.fromkeys(view.nodes, 1.0 / math.sqrt(n))
    leading = []  # (eigenvalue, vertex ids, unit vector)
    for comp in view.components:
        if len(comp) < 2:
            continue
        ids = sorted(comp)  # induced_subgraph keeps vertex ids in ascending order
        sub = g.induced_subgraph(ids)
        vec, value = sub.eigenvector_centrality(weights="weight" if weight else None, return_eigenvalue=True)
        norm = math.sqrt(sum(x * x for x in vec)) or 1.0
        leading.append((value, ids, [x / norm for x in vec]))
    top = max(value for value, _, _ in leading)
    x = [0.0] * n
    for value, ids, vec in leading:
        if value >= top * (1 - EIGENVALUE_TIE):
            weight_of_component = sum(vec)  # the uniform start's projection onto this component's vector
            for v, xv in zip(ids, vec):
                x[v] = weight_of_component * xv
    norm = math.sqrt(sum(v * v for v in x)) or 1.0
    return view.values(v / norm for v in x)


def core_number(G) -> dict:
    """Core number (coreness) of each node; weights are ignored."""
    view = to_igraph(G)
    return view.values(view.graph.coreness())


def constraint(G, weight="weight") -> dict:
    """Burt's constraint, weighted by shared tasks; ``None`` for a unit without partners."""
    if len(G) == 0:
        return {}
    view = to_igraph(G, weight)
    raw = view.graph.constraint(weights="weight" if weight else None)
    return view.values(None if math.isnan(c) else float(c) for c in raw)


# --- communities ---------------------------------------------------------------------------


def partition(G, algorithm="louvain", seed=0, resolution=1.0, weight="weight"):
    """``(communities as lists of nodes, modularity)`` from igraph's Louvain or Leiden, seeded.

    igraph draws its random numbers from the generator set with
    ``igraph.set_random_number_generator``; a ``random.Random(seed)`` is
    set for the call and Python's ``random`` module put back after, so the
    same graph and seed give the same partition.  Leiden optimises
    modularity (``objective_function="modularity"``) until a pass changes
    nothing.  Modularity is igraph's, the same formula as networkx's.
    """
    import igraph

    view = to_igraph(G, weight)
    g = view.graph
    w = "weight" if weight else None
    igraph.set_random_number_generator(random.Random(seed))
    try:
        if algorithm == "louvain":
            clustering = g.community_multilevel(weights=w, resolution=resolution)
        elif algorithm == "leiden":
            clustering = g.community_leiden(objective_function="modularity", weights=w,
                                            resolution=resolution, n_iterations=-1)
        else:
            raise InputError(f"unknown algorithm {algorithm!r}; choose louvain or leiden", option="algorithm")
    finally:
        igraph.set_random_number_generator(random)
    membership = clustering.membership
    modularity = g.modularity(membership, weights=w, resolution=resolution)
    groups: dict = {}
    for node, label in zip(view.nodes, membership):
        groups.setdefault(label, []).append(node)
    return list(groups.values()), modularity
