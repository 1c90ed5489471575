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
:func:`networkx.effective_size`.  Without scipy (respgraph does not depend on
it) networkx's pure-Python path recomputes each normalisation inside its
innermost loop — roughly the fourth power of a node's degree — which takes
hours on a city's coordination graph.  ``engine="fast"`` computes the same
formulas once per node (normalised weights cached, common neighbours
intersected): the test suite checks that both engines agree.  ``"auto"``
(the default) uses networkx on graphs up to :data:`NETWORKX_MAX_EDGES` edges
and the fast engine above that.

>>> import networkx as nx
>>> G = nx.Graph([("A", "B"), ("A", "C")])  # A bridges B and C
>>> constraint(G, weight=None)["A"], constraint(G, weight=None)["B"]
(0.5, 1.0)
>>> effective_size(G, weight=None)["A"]
2.0
"""

from __future__ import annotations

import math

import networkx as nx

__all__ = ["constraint", "effective_size", "NETWORKX_MAX_EDGES"]

#: Up to this many edges the "auto" engine calls networkx's own functions.
NETWORKX_MAX_EDGES = 2000


def _clean(values):
    return {n: (None if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)) for n, v in values.items()}


def _engine(G, engine):
    if engine == "auto":
        return "networkx" if G.number_of_edges() <= NETWORKX_MAX_EDGES else "fast"
    if engine not in ("networkx", "fast"):
        raise ValueError(f"unknown engine {engine!r}")
    return engine


def _proportions(G, weight):
    """p[u][v] = w(u,v) / sum of u's weights (networkx's normalized_mutual_weight, undirected)."""
    p = {}
    for u in G:
        nbrs = {v: (d.get(weight, 1) if weight else 1) for v, d in G[u].items() if v != u}
        total = sum(nbrs.values())
        p[u] = {v: w / total for v, w in nbrs.items()} if total else {}
    return p


def constraint(G, weight="weight", engine="auto") -> dict:
    """Burt's constraint of each node; ``None`` for nodes without partners.

    c(u) = Σ_v (p_uv + Σ_w p_uw p_wv)², over u's partners v and their shared partners w.

    >>> import networkx as nx
    >>> G = nx.complete_graph(3)
    >>> round(constraint(G, weight=None)[0], 4)  # (1/2 + 1/4)² twice
    1.125
    """
    if _engine(G, engine) == "networkx":
        return _clean(nx.constraint(G, weight=weight))
    p = _proportions(G, weight)
    out = {}
    for u in G:
        pu = p[u]
        if not pu:
            out[u] = None
            continue
        total = 0.0
        for v, puv in pu.items():
            pv = p[v]
            small, large = (pu, pv) if len(pu) <= len(pv) else (pv, pu)
            indirect = 0.0
            for w in small:
                if w in large and w != u and w != v:
                    indirect += pu[w] * p[w][v]
            total += (puv + indirect) ** 2
        out[u] = total
    return out


def effective_size(G, weight="weight", engine="auto") -> dict:
    """Burt's effective size of each node; ``None`` for nodes without partners.

    es(u) = Σ_v (1 − Σ_w p_uw m_vw), with m_vw = w(v,w) / max_x w(v,x).
    Unweighted, this is Borgatti's ``degree − 2·ties among partners / degree``.

    >>> import networkx as nx
    >>> effective_size(nx.complete_graph(3), weight=None)[0]
    1.0
    """
    if _engine(G, engine) == "networkx":
        return _clean(nx.effective_size(G, weight=weight))
    p = _proportions(G, weight)
    m = {}
    for v in G:
        nbrs = {w: (d.get(weight, 1) if weight else 1) for w, d in G[v].items() if w != v}
        top = max(nbrs.values(), default=0)
        m[v] = {w: x / top for w, x in nbrs.items()} if top else {}
    out = {}
    for u in G:
        pu = p[u]
        if not pu:
            out[u] = None
            continue
        total = 0.0
        for v in pu:
            mv = m[v]
            small, large = (pu, mv) if len(pu) <= len(mv) else (mv, pu)
            redundancy = 0.0
            for w in small:
                if w in large and w != u and w != v:
                    redundancy += pu[w] * mv[w]
            total += 1.0 - redundancy
        out[u] = total
    return out
