"""Communities of units that work together (Louvain), described by members and sections.

Louvain is randomised; :func:`communities` always passes a fixed ``seed``
(default 0) to :func:`networkx.community.louvain_communities`.  The
coordination graph is built in a fixed order (sorted edges), so the same
plan and seed give the same communities whatever Python's hash seed is
(networkx issue #8095 reports different partitions for one seed when the
graph's node order differed; the test suite runs Louvain under several
``PYTHONHASHSEED`` values and compares).
Modularity (networkx's :func:`~networkx.community.modularity`, same
``weight`` and ``resolution``) says how much more the communities work
inside themselves than a random graph of the same degrees would.

>>> import networkx as nx
>>> G = nx.Graph([("A", "B"), ("B", "C"), ("A", "C"), ("D", "E"), ("E", "F"), ("D", "F"), ("C", "D")])
>>> result = communities(G)
>>> [c.members for c in result.communities]
[['A', 'B', 'C'], ['D', 'E', 'F']]
>>> round(result.modularity, 4)
0.3571
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import networkx as nx

__all__ = ["Community", "CommunityResult", "communities"]


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

    def rows(self, top_sections=3):
        return [c.to_row(top_sections) for c in self.communities]


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


def communities(G, seed=0, resolution=1.0, weight="weight") -> CommunityResult:
    """Louvain communities of ``G``, largest first, each described by its sections.

    A community's ``sections`` count the tasks shared by at least two of its
    members (read from the node attributes ``tasks``/``task_sections`` of the
    coordination graph).  A graph without edges gives one community per node
    and ``modularity=None``.

    >>> communities(nx.Graph()).communities
    []
    """
    if G.number_of_edges() == 0:
        parts = [{n} for n in G]
        modularity = None
    else:
        parts = nx.community.louvain_communities(G, weight=weight, resolution=resolution, seed=seed)
        modularity = nx.community.modularity(G, parts, weight=weight, resolution=resolution)
    ordered = sorted((sorted(p, key=str) for p in parts), key=lambda m: (-len(m), str(m[0])))
    out = []
    for i, members in enumerate(ordered, start=1):
        internal, sections = _describe(G, members)
        out.append(Community(i, members, internal, sections))
    return CommunityResult(out, modularity, seed, resolution)
