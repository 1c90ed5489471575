"""Analyses of the coordination graph (and of the two-mode graph where roles matter).

One module per family; each function takes the graph first and returns
plain values (dicts, lists of dicts, dataclasses):

* :mod:`.centrality` — degree, strength, betweenness, closeness, eigenvector, pagerank
* :mod:`.brokerage` — Burt's constraint and effective size
* :mod:`.cores` — k-core number
* :mod:`.ranking` — :func:`rank` and :func:`scores`, one dispatcher over all of the above
* :mod:`.engine` — the same measures computed by python-igraph (the default engine), the graph
  converted once and cached; ``engine="networkx"`` keeps the pure-networkx path
* :mod:`.pairs` — pairs sharing most tasks; one unit's partners
* :mod:`.communities` — Louvain or Leiden communities described by members and sections; consensus over runs
* :mod:`.leaders` — each leader's portfolio; units answering to several leaders
* :mod:`.workload` — tasks led vs co-responsible; streets with and without blanket expansion
* :mod:`.summary` — density, components, the most central units
* :mod:`.compare` — what changed between two plans

The graphs come from :mod:`respgraph.graphs`.
"""

# AnalysisError lives with the project's other errors; importing it from here still works.
from respgraph.errors import AnalysisError

from respgraph.analysis.ranking import METRICS, Scores, rank, scores  # noqa: E402

__all__ = ["AnalysisError", "METRICS", "Scores", "rank", "scores"]
