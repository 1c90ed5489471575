"""k-cores: the densest nested layers of the coordination graph.

A unit's core number is the largest ``k`` such that it belongs to a
subgraph where every unit has at least ``k`` partners.  It ignores weights.

>>> import networkx as nx
>>> G = nx.complete_graph(4); G.add_edge(3, "tail")
>>> core_number(G)["tail"], core_number(G)[0]
(1, 3)
"""

from __future__ import annotations

import networkx as nx

__all__ = ["core_number", "main_core"]


def core_number(G) -> dict:
    """Core number of each node (self-loops are ignored, networkx refuses them).

    >>> core_number(nx.Graph())
    {}
    """
    if nx.number_of_selfloops(G):
        G = nx.Graph(G)
        G.remove_edges_from(list(nx.selfloop_edges(G)))
    return nx.core_number(G)


def main_core(G) -> list:
    """The nodes of the innermost (highest-k) core, sorted.

    >>> G = nx.complete_graph(3); G.add_edge(0, 9)
    >>> main_core(G)
    [0, 1, 2]
    """
    cores = core_number(G)
    if not cores:
        return []
    top = max(cores.values())
    return sorted(n for n, k in cores.items() if k == top)
