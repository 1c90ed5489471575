"""A one-look summary of a coordination graph.

>>> import networkx as nx
>>> G = nx.Graph([("A", "B", {"weight": 2}), ("B", "C", {"weight": 1})]); G.add_node("D")
>>> s = summary(G, top=1)
>>> s["units"], s["links"], s["components"], s["largest_component"], s["isolated"]
(4, 2, 2, 3, 1)
>>> s["average_partners"], s["top_strength"]
(1.0, 'B (3)')
"""

from __future__ import annotations

import networkx as nx

from respgraph.analysis.ranking import rank

__all__ = ["summary", "SUMMARY_METRICS"]

#: Measures whose leaders a summary names.
SUMMARY_METRICS = ("degree", "strength", "betweenness", "eigenvector", "pagerank", "constraint")


def _fmt(value):
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)


def summary(G, top=3, sample=None, seed=None, metrics=SUMMARY_METRICS) -> dict:
    """Size, density, components, average partners and the ``top`` units by each measure.

    Keys: ``plans``, ``blanket``, ``units``, ``links``, ``density``,
    ``components``, ``largest_component``, ``isolated``, ``average_partners``,
    ``average_shared_tasks`` (mean edge weight), ``tasks`` (distinct tasks on
    the nodes), then ``top_<metric>`` for each metric: ``"name (value)"``
    joined with ``; ``.  ``sample``/``seed`` go to betweenness; a sampled
    run adds ``sampled``.

    >>> summary(nx.Graph())["units"]
    0
    """
    n = len(G)
    m = G.number_of_edges()
    components = list(nx.connected_components(G)) if n else []
    tasks = set()
    for _, d in G.nodes(data=True):
        tasks.update(d.get("tasks", []))
    out = {
        "plans": ", ".join(G.graph.get("plans", [])),
        "blanket": G.graph.get("blanket", ""),
        "units": n,
        "links": m,
        "density": round(nx.density(G), 4) if n > 1 else 0.0,
        "components": len(components),
        "largest_component": max((len(c) for c in components), default=0),
        "isolated": sum(1 for _ in nx.isolates(G)),
        "average_partners": round(2 * m / n, 2) if n else 0.0,
        "average_shared_tasks": round(sum(d.get("weight", 1) for _, _, d in G.edges(data=True)) / m, 2) if m else 0.0,
        "tasks": len(tasks),
    }
    notes = []
    for metric in metrics:
        rows = rank(G, metric, top=top, sample=sample if metric == "betweenness" else None, seed=seed)
        out[f"top_{metric}"] = "; ".join(f"{r['unit']} ({_fmt(r['value'])})" for r in rows if r["value"] is not None)
        if rows and rows[0]["sampled"]:
            notes.append(f"{metric} {rows[0]['sampled']}")
    if notes:
        out["sampled"] = "; ".join(notes)
    return out
