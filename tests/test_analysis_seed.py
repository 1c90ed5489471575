"""The seed table (拱墅区 2021): answers checked against an independent count from plan.tasks."""

from collections import Counter
from itertools import combinations

import networkx as nx

from respgraph.analysis import rank
from respgraph.analysis.pairs import top_pairs
from respgraph.analysis.workload import street_workload
from respgraph.graphs import coordination_graph, two_mode_graph


def explicit_pair_counts(plan):
    """Shared-task counts straight from the tasks, explicit links only (blanket phrases excluded)."""
    counts = Counter()
    for task in plan.tasks:
        units = sorted(set(task.units(inferred=False)))
        counts.update(combinations(units, 2))
    return counts


def test_top_pair_matches_direct_count(seed_plan):
    counts = explicit_pair_counts(seed_plan)
    best = max(counts.values())
    expected = sorted(pair for pair, n in counts.items() if n == best)
    rows = top_pairs(coordination_graph([seed_plan]))
    assert rows[0]["shared"] == best
    assert [(r["unit_a"], r["unit_b"]) for r in rows if r["shared"] == best] == expected
    assert len(rows) == len(counts)
    print("top pair:", expected, best)


def test_strength_ranking_matches_direct_count(seed_plan):
    counts = explicit_pair_counts(seed_plan)
    strength = Counter()
    for (a, b), n in counts.items():
        strength[a] += n
        strength[b] += n
    rows = rank(coordination_graph([seed_plan]), "strength", top=5)
    assert [(r["unit"], r["value"]) for r in rows] == sorted(strength.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    print("top strength:", [(r["unit"], r["value"]) for r in rows])


def test_no_blanket_phrase_or_inferred_link_in_the_default_graph(seed_plan):
    G = coordination_graph([seed_plan])
    groups = set(seed_plan.groups)
    assert groups and not groups & set(G.nodes)
    assert all(d["inferred_tasks"] == 0 for *_, d in G.edges(data=True))


def test_expanding_blankets_floods_the_streets_into_the_ranking(seed_plan):
    streets = set(seed_plan.streets)
    assert len(streets) == 18
    plain = [r["unit"] for r in rank(coordination_graph([seed_plan]), "degree", top=10)]
    expanded = [r["unit"] for r in rank(coordination_graph([seed_plan], blanket="expand"), "degree", top=10)]
    assert sum(u in streets for u in expanded) > sum(u in streets for u in plain)
    rows = street_workload(two_mode_graph([seed_plan], blanket="expand"))
    assert len(rows) == 18 and all(r["with_blanket"] >= r["explicit"] for r in rows)
    assert sum(r["via_blanket"] for r in rows) > sum(r["explicit"] for r in rows)


def test_graph_views_cover_every_task(seed_plan):
    T = two_mode_graph([seed_plan], blanket="group")
    tasks = [n for n, d in T.nodes(data=True) if d["type"] == "task"]
    assert len(tasks) == 106
    assert T.has_node("group:各街道")
    assert nx.is_bipartite(T)
