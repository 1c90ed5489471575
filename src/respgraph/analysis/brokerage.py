"""Brokerage: Burt's constraint and effective size, weighted by shared tasks.

A unit whose partners do not work with each other *bridges* them: it has low
**constraint** and a high **effective size** (the number of its partners
minus their redundancy).  Both use edge ``weight`` (shared tasks) as tie
strength.

Isolated nodes
--------------
Both measures are undefined for a unit without partners; networkx returns
``nan`` there (see networkx issues #6916 and PR #7347).  These functions
return ``None`` instead, so that sorting and JSON output never meet a
``nan``.

Engines
-------
``engine="networkx"`` calls :func:`networkx.constraint` /
:func:`networkx.effective_size`.  With scipy installed networkx uses sparse
matrices and is fast.  Without scipy (respgraph does not depend on it)
networkx's pure-Python path recomputes each normalisation inside its
innermost loop — roughly the fourth power of a node's degree — which takes
hours on a city's coordination graph.  ``engine="fast"`` computes the same
formulas with the normalised weights computed once and the inner sums run
as C-level ``map`` over index lists: the test suite checks that both engines
agree.  Its cost still grows with the sum of squared degrees, so on a dense
city-scale graph it takes minutes (see ``benchmarks/bench_analysis.py``).
``"auto"`` (the default) uses networkx when scipy is importable or the graph
is small (sum of cubed degrees up to :data:`NETWORKX_MAX_WORK`), the fast
engine otherwise.

One exception: networkx 3.6.1's scipy path for *weighted* effective size
normalises each tie by the wrong row's maximum (the row maxima come back as
a 1-D array and broadcast over columns), so its values differ from Burt's
formula and from networkx's own pure-Python path.  Weighted effective size
therefore never takes that path: ``engine="networkx"`` passes the node list
explicitly, which keeps networkx on its pure-Python path, and ``"auto"``
uses respgraph's own sparse-matrix form of Burt's formula (``"matrix"``)
when scipy is importable — seconds on a city's coordination graph — and
otherwise networkx's pure-Python path on small graphs, the fast engine on
large ones.

>>> import networkx as nx
>>> G = nx.Graph([("A", "B"), ("A", "C")])  # A bridges B and C
>>> constraint(G, weight=None)["A"], constraint(G, weight=None)["B"]
(0.5, 1.0)
>>> effective_size(G, weight=None)["A"]
2.0
"""

from __future__ import annotations

import math
from operator import mul

import networkx as nx

__all__ = ["constraint", "effective_size", "NETWORKX_MAX_WORK"]

#: The "auto" engine calls networkx's own pure-Python functions while the sum
#: of cubed degrees (what their cost grows with) stays below this: about a
#: second.  A 60-unit graph where everyone works with everyone is already
#: 200 times over it and takes minutes in networkx.
NETWORKX_MAX_WORK = 200_000


def _clean(values):
    return {n: (None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)) for n, v in values.items()}


def _has_scipy():
    try:
        import scipy  # noqa: F401  networkx switches to sparse matrices when it can import scipy
    except ImportError:
        return False
    return True


def _engine(G, engine, sparse_ok=True):
    """"networkx" or "fast"; ``sparse_ok=False`` when networkx's scipy path must not be used."""
    if engine == "auto":
        if sparse_ok and _has_scipy():
            return "networkx"
        work = sum(d**3 for _, d in G.degree())
        return "networkx" if work <= NETWORKX_MAX_WORK else "fast"
    if engine not in ("networkx", "fast"):
        raise ValueError(f"unknown engine {engine!r}")
    return engine


def _indexed(G, weight):
    """Nodes, neighbour index lists and the matching weight lists (self-loops dropped)."""
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    nbrs, weights = [], []
    for u in nodes:
        items = [(index[v], d.get(weight, 1) if weight else 1) for v, d in G[u].items() if v != u]
        nbrs.append([i for i, _ in items])
        weights.append([float(w) for _, w in items])
    return nodes, nbrs, weights


def _redundancy_sums(nbrs, share, other):
    """For each node u: the list, over its partners v, of Σ_w share[u][w] · other[v][w].

    ``share[u]`` and ``other[v]`` are aligned with ``nbrs[u]`` / ``nbrs[v]``.
    u's shares are spread into one dense list so that each partner's sum is
    a C-level ``map`` over that partner's neighbours (w outside N(u) reads 0).
    """
    dense = [0.0] * len(nbrs)
    result = []
    for u, partners in enumerate(nbrs):
        for w, x in zip(partners, share[u]):
            dense[w] = x
        get = dense.__getitem__
        result.append([sum(map(mul, map(get, nbrs[v]), other[v])) for v in partners])
        for w in partners:
            dense[w] = 0.0
    return result


def constraint(G, weight="weight", engine="auto") -> dict:
    """Burt's constraint of each node; ``None`` for nodes without partners.

    c(u) = Σ_v (p_uv + Σ_w p_uw p_wv)², over u's partners v and their shared partners w.

    >>> import networkx as nx
    >>> G = nx.complete_graph(3)
    >>> round(constraint(G, weight=None)[0], 4)  # (1/2 + 1/4)² twice
    1.125
    """
    if len(G) == 0:
        return {}  # networkx's sparse path refuses a graph without nodes
    if _engine(G, engine) == "networkx":
        return _clean(nx.constraint(G, weight=weight))
    nodes, nbrs, weights = _indexed(G, weight)
    strength = [sum(ws) for ws in weights]
    p = [[w / strength[u] for w in weights[u]] if strength[u] else [] for u in range(len(nodes))]
    # into[v][j] = p_wv for w = nbrs[v][j]: the share of w's ties that go to v
    into = [[w / strength[x] if strength[x] else 0.0 for x, w in zip(nbrs[v], weights[v])] for v in range(len(nodes))]
    indirect = _redundancy_sums(nbrs, p, into)
    out = {}
    for u, node in enumerate(nodes):
        if not nbrs[u]:
            out[node] = None
            continue
        out[node] = sum((puv + ind) ** 2 for puv, ind in zip(p[u], indirect[u]))
    return out


def effective_size(G, weight="weight", engine="auto") -> dict:
    """Burt's effective size of each node; ``None`` for nodes without partners.

    es(u) = Σ_v (1 − Σ_w p_uw m_vw), with m_vw = w(v,w) / max_x w(v,x).
    Unweighted, this is Borgatti's ``degree − 2·ties among partners / degree``.

    >>> import networkx as nx
    >>> effective_size(nx.complete_graph(3), weight=None)[0]
    1.0
    """
    if len(G) == 0:
        return {}
    if engine == "matrix" or (engine == "auto" and _has_scipy()):
        return _effective_size_matrix(G, weight)
    if _engine(G, engine, sparse_ok=weight is None) == "networkx":
        # networkx 3.6's scipy path divides by each row's maximum along the wrong axis
        # when weighted; asking for explicit nodes keeps it on the pure-Python path (Burt's formula)
        nodes = list(G) if weight is not None else None
        return _clean(nx.effective_size(G, nodes=nodes, weight=weight))
    nodes, nbrs, weights = _indexed(G, weight)
    strength = [sum(ws) for ws in weights]
    p = [[w / strength[u] for w in weights[u]] if strength[u] else [] for u in range(len(nodes))]
    # m[v][j] = w(v, w) / max of v's weights, for w = nbrs[v][j]
    m = [[w / max(ws) for w in ws] if ws and max(ws) else [0.0] * len(ws) for ws in weights]
    redundancy = _redundancy_sums(nbrs, p, m)
    out = {}
    for u, node in enumerate(nodes):
        if not nbrs[u]:
            out[node] = None
            continue
        out[node] = float(len(nbrs[u])) - sum(redundancy[u])
    return out


def _effective_size_matrix(G, weight):
    """Burt's effective size with sparse matrices (needs scipy).

    With W the symmetric tie weights, P = W normalised by row sums, M = W
    normalised by row maxima and A the 0/1 adjacency, the redundancy of u is
    Σ_v A_uv Σ_w P_uw M_vw = Σ_w P_uw (A·M)_uw, so es(u) = deg(u) − Σ_w (P ∘ A·M)_uw.
    """
    import numpy as np
    import scipy.sparse as sparse

    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    rows, cols, values = [], [], []
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        w = float(data.get(weight, 1)) if weight else 1.0
        rows += (index[u], index[v])
        cols += (index[v], index[u])
        values += (w, w)
    n = len(nodes)
    W = sparse.csr_matrix((values, (rows, cols)), shape=(n, n))
    W.sum_duplicates()
    sums = np.asarray(W.sum(axis=1)).ravel()
    maxima = W.max(axis=1).toarray().ravel()
    safe = lambda x: np.divide(1.0, x, out=np.zeros_like(x), where=x > 0)  # noqa: E731
    P = sparse.diags(safe(sums)) @ W
    M = sparse.diags(safe(maxima)) @ W
    A = W.copy()
    A.data[:] = 1.0
    redundancy = np.asarray(P.multiply(A @ M).sum(axis=1)).ravel()
    degree = np.diff(A.indptr)
    return {node: (None if degree[i] == 0 else float(degree[i] - redundancy[i])) for i, node in enumerate(nodes)}
