"""Communities of units that work together (Louvain or Leiden), described by members and sections.

Both algorithms are randomised; :func:`communities` always passes a fixed
``seed`` (default 0).  With the igraph engine (the default when python-igraph
is installed, see :mod:`respgraph.analysis.engine`) Louvain is igraph's
``community_multilevel`` and Leiden its ``community_leiden`` optimising
modularity, both drawing from a ``random.Random(seed)``; with
``engine="networkx"`` Louvain is :func:`networkx.community.louvain_communities`
(networkx has no Leiden of its own: asking for it there is refused).  The two
engines' Louvain partitions are each repeatable but not the same partition.
The
coordination graph is built in a fixed order (sorted edges), so the same
plan and seed give the same communities whatever Python's hash seed is
(networkx issue #8095 reports different partitions for one seed when the
graph's node order differed; the test suite runs Louvain under several
``PYTHONHASHSEED`` values and compares).
Modularity (same ``weight`` and ``resolution``; igraph's and networkx's
:func:`~networkx.community.modularity` are one formula) says how much more
the communities work inside themselves than a random graph of the same
degrees would.

:func:`consensus` runs an algorithm ``runs`` times (seeds ``seed``,
``seed + 1``, …) and counts how often each pair of units lands in one
community: pairs always together are a stable grouping, pairs together in
half the runs sit on a boundary.

>>> import networkx as nx
>>> G = nx.Graph([("A", "B"), ("B", "C"), ("A", "C"), ("D", "E"), ("E", "F"), ("D", "F"), ("C", "D")])
>>> result = communities(G)
>>> [c.members for c in result.communities]
[['A', 'B', 'C'], ['D', 'E', 'F']]
>>> round(result.modularity, 4)
0.3571
>>> [c.members for c in communities(G, algorithm="leiden").communities]
[['A', 'B', 'C'], ['D', 'E', 'F']]
>>> consensus(G, runs=3).rows()[0]
{'unit_a': 'A', 'unit_b': 'B', 'together': 1.0, 'runs_together': 3, 'shared_tasks': 1}
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

from respgraph.analysis import engine as compiled
from respgraph.errors import InputError

__all__ = ["ALGORITHMS", "Community", "CommunityResult", "ConsensusResult", "communities", "consensus"]

ALGORITHMS = ("louvain", "leiden")


@dataclass
class Community:
    index: int  # 1 = largest
    members: list  # sorted by name
    internal_tasks: int  # tasks shared by at least two members
    sections: list = field(default_factory=list)  # [(section, tasks)] most first, over internal tasks

    def to_row(self, top_sections=3):
        return {
            "community": self.index,
            "size": len(self.members),
            "internal_tasks": self.internal_tasks,
            "sections": "; ".join(f"{s} ({n})" for s, n in self.sections[:top_sections]),
            "members": "、".join(map(str, self.members)),
        }


@dataclass
class CommunityResult:
    communities: list
    modularity: float | None  # None when the graph has no edges
    seed: int
    resolution: float
    algorithm: str = "louvain"
    engine: str = ""

    def rows(self, top_sections=3):
        return [c.to_row(top_sections) for c in self.communities]


@dataclass
class ConsensusResult:
    """How often each pair of units landed in one community over ``runs`` runs."""

    pairs: list  # (unit_a, unit_b, runs together), unit_a < unit_b by name; pairs never together left out
    modularities: list  # one per run, in seed order
    runs: int
    seed: int  # the first run's seed; run i used seed + i
    resolution: float
    algorithm: str
    engine: str
    first: CommunityResult  # the communities of the first run
    G: object = field(default=None, repr=False)

    def rows(self):
        """Most stable pairs first: ``unit_a``, ``unit_b``, ``together`` (share of runs), ``runs_together``, ``shared_tasks``."""
        out = []
        for a, b, count in self.pairs:
            data = self.G.get_edge_data(a, b) if self.G is not None else None
            out.append({"unit_a": a, "unit_b": b, "together": count / self.runs, "runs_together": count,
                        "shared_tasks": 0 if data is None else data.get("weight", 1)})
        return out

    @property
    def always_together(self) -> int:
        """Pairs in one community in every run."""
        return sum(1 for *_, count in self.pairs if count == self.runs)


def _describe(G, members):
    counts = Counter()
    section_of = {}
    for m in members:
        attrs = G.nodes[m]
        for tid, section in zip(attrs.get("tasks", []), attrs.get("task_sections", [])):
            counts[tid] += 1
            section_of[tid] = section
    internal = [t for t, c in counts.items() if c >= 2]
    sections = Counter(section_of[t] for t in internal)
    return len(internal), sorted(sections.items(), key=lambda sn: (-sn[1], sn[0]))


def _partition(G, algorithm, seed, resolution, weight, engine):
    """``(parts, modularity)``: the communities as collections of nodes, and their modularity."""
    if algorithm not in ALGORITHMS:
        raise InputError(f"unknown algorithm {algorithm!r}; choose one of {', '.join(ALGORITHMS)}", option="algorithm")
    if G.number_of_edges() == 0:
        return [{n} for n in G], None
    if engine == "igraph":
        return compiled.partition(G, algorithm, seed=seed, resolution=resolution, weight=weight)
    if algorithm == "leiden":
        raise InputError("Leiden needs the igraph engine (networkx only dispatches it to other backends); "
                         "use {option} igraph, or the louvain algorithm", option="engine")
    parts = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
    return parts, nx.community.modularity(G, parts, weight=weight, resolution=resolution)


def communities(G, seed=0, resolution=1.0, weight="weight", algorithm="louvain", engine=None) -> CommunityResult:
    """Louvain (or Leiden) communities of ``G``, largest first, each described by its sections.

    A community's ``sections`` count the tasks shared by at least two of its
    members (read from the node attributes ``tasks``/``task_sections`` of the
    coordination graph).  A graph without edges gives one community per node
    and ``modularity=None``.

    >>> communities(nx.Graph()).communities
    []
    """
    engine = compiled.resolve_engine(engine)
    parts, modularity = _partition(G, algorithm, seed, resolution, weight, engine)
    ordered = sorted((sorted(p, key=str) for p in parts), key=lambda m: (-len(m), str(m[0])))
    out = []
    for i, members in enumerate(ordered, start=1):
        internal, sections = _describe(G, members)
        out.append(Community(i, members, internal, sections))
    return CommunityResult(out, modularity, seed, resolution, algorithm, engine)


def consensus(G, runs, seed=0, resolution=1.0, weight="weight", algorithm="louvain", engine=None) -> ConsensusResult:
    """Run the algorithm ``runs`` times (seeds ``seed`` … ``seed + runs - 1``) and count pairs landing together.

    The counts are kept in an n × n matrix of small integers (18 MB for
    3,000 units), not a dictionary of pairs.

    >>> G = nx.Graph([("A", "B"), ("C", "D")])
    >>> consensus(G, runs=2).pairs
    [('A', 'B', 2), ('C', 'D', 2)]
    """
    import numpy as np

    if runs < 1:
        raise InputError("must be at least 1", option="runs")
    engine = compiled.resolve_engine(engine)
    first = communities(G, seed=seed, resolution=resolution, weight=weight, algorithm=algorithm, engine=engine)
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    together = np.zeros((len(nodes), len(nodes)), dtype=np.int32)
    modularities = []
    for r in range(runs):
        if r == 0:
            parts, modularity = [c.members for c in first.communities], first.modularity
        else:
            parts, modularity = _partition(G, algorithm, seed + r, resolution, weight, engine)
        modularities.append(modularity)
        labels = np.empty(len(nodes), dtype=np.int64)
        for label, members in enumerate(parts):
            labels[[index[m] for m in members]] = label
        together += labels[:, None] == labels[None, :]
    rows_i, cols_i = np.nonzero(np.triu(together, k=1))
    pairs = []
    for i, j in zip(rows_i.tolist(), cols_i.tolist()):
        a, b = sorted((nodes[i], nodes[j]), key=str)
        pairs.append((a, b, int(together[i, j])))
    pairs.sort(key=lambda p: (-p[2], str(p[0]), str(p[1])))
    return ConsensusResult(pairs, modularities, runs, seed, resolution, algorithm, engine, first, G)
