"""Measures on hand-built plans (worked by hand) and agreement with networkx's own functions."""

import math
import os
import random
import subprocess
import sys
from fractions import Fraction

import networkx as nx
import pytest
from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

from respgraph.analysis import AnalysisError, METRICS, rank, scores
from respgraph.analysis import brokerage, centrality, cores
from respgraph.graphs import coordination_graph
from respgraph.model import Plan, Task, Unit


def plan_of(tasks, district="甲区", year=2021):
    """tasks: list of (lead units, co units)."""
    plan = Plan(district, year, "", "hand")
    plan.tasks = [Task(i, "一", f"t{i}", ["张"], list(lead), list(co)) for i, (lead, co) in enumerate(tasks, start=1)]
    plan.units = {u: Unit(u, "government") for lead, co in tasks for u in (*lead, *co)}
    return plan


def broker_graph():
    """H leads one task with each of X, Y, Z; Y leads one with Z.  Edges H-X, H-Y, H-Z, Y-Z, all weight 1."""
    return coordination_graph([plan_of([("H", "X"), ("H", "Y"), ("H", "Z"), ("Y", "Z")])])


def test_strength_and_degree_by_hand():
    # T1: A leads B, C; T2: B leads C, D; T3: A leads D  (see test_analysis_graphs.small_plan)
    G = coordination_graph([plan_of([("A", "BC"), ("B", "CD"), ("A", "D")])])
    assert centrality.degree(G) == {"A": 3, "B": 3, "C": 3, "D": 3}
    # A: AB1 + AC1 + AD1; B: AB1 + BC2 + BD1; C: AC1 + BC2 + CD1; D: BD1 + CD1 + AD1
    assert centrality.strength(G) == {"A": 3, "B": 4, "C": 4, "D": 3}
    rows = rank(G, "strength")
    assert [(r["rank"], r["unit"]) for r in rows] == [(1, "B"), (1, "C"), (3, "A"), (3, "D")]


def test_constraint_and_effective_size_of_a_broker_by_hand():
    G = broker_graph()
    c = brokerage.constraint(G)
    # c(H) = (1/3)^2 [X] + (1/3 + 1/3*1/2)^2 [Y via Z] + same [Z via Y] = 1/9 + 1/4 + 1/4
    assert c["H"] == pytest.approx(float(Fraction(1, 9) + Fraction(1, 4) * 2))
    # c(Y) = (1/2 + 1/2*1/2)^2 [H via Z] + (1/2 + 1/2*1/3)^2 [Z via H] = 9/16 + 4/9
    assert c["Y"] == pytest.approx(float(Fraction(9, 16) + Fraction(4, 9)))
    assert c["X"] == pytest.approx(1.0)
    # effective size of H: 3 partners, one tie among them: 3 - 2*1/3
    assert brokerage.effective_size(G)["H"] == pytest.approx(7 / 3)
    top = rank(G, "constraint")[0]
    assert top["unit"] == "H"  # lowest constraint ranks first
    # betweenness of H: it is on the only paths X-Y and X-Z, of 3 pairs without H
    assert centrality.betweenness(G)["H"] == pytest.approx(2 / 3)


def test_path_measures_use_distance_one_over_shared_tasks():
    # A-B share 1 task; A-C and C-B share 4 each: through C is 1/4 + 1/4 < 1
    G = coordination_graph([plan_of([("A", "B")] + [("A", "C")] * 4 + [("C", "B")] * 4)])
    assert G.edges["A", "C"]["weight"] == 4
    assert centrality.betweenness(G)["C"] == pytest.approx(1.0)
    assert centrality.betweenness(G, weight=None)["C"] == 0.0
    # closeness of A: distances 1/2 to B (via C) and 1/4 to C -> 2 / (3/4)
    assert centrality.closeness(G)["A"] == pytest.approx(8 / 3)


def random_weighted_graph(n=40, p=0.15, seed=3, isolated=2):
    rng = random.Random(seed)
    G = nx.gnp_random_graph(n, p, seed=seed)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = rng.randint(1, 6)
    for i in range(isolated):
        G.add_node(f"iso{i}")
    return G


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_agreement_with_networkx(seed):
    G = random_weighted_graph(seed=seed)
    # lengths lcm/weight: exact integers, so equal paths tie (with 1/weight floats networkx may split them)
    lcm = math.lcm(*(d["weight"] for *_, d in G.edges(data=True)))
    assert centrality.distance_scale(G) == lcm
    D = G.copy()
    for u, v, d in D.edges(data=True):
        d["dist"] = lcm // d["weight"]
    assert centrality.betweenness(G) == pytest.approx(nx.betweenness_centrality(D, weight="dist"))
    closeness = {v: c * lcm for v, c in nx.closeness_centrality(D, distance="dist").items()}
    assert centrality.closeness(G) == pytest.approx(closeness)
    assert cores.core_number(G) == nx.core_number(G)
    assert centrality.pagerank(G, tol=1e-12) == pytest.approx(_pagerank_python(G, weight="weight", tol=1e-12), abs=1e-9)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("weight", ["weight", None])
def test_fast_brokerage_engine_agrees_with_networkx(seed, weight):
    G = random_weighted_graph(seed=seed)
    for fn, nxfn in ((brokerage.constraint, nx.constraint), (brokerage.effective_size, nx.effective_size)):
        fast = fn(G, weight=weight, engine="fast")
        # explicit nodes keep networkx on its pure-Python path, Burt's formula (its scipy path
        # mis-normalises weighted effective size in networkx 3.6.1; see brokerage.py)
        reference = nxfn(G, nodes=list(G), weight=weight)
        for node, value in reference.items():
            if math.isnan(value):
                assert fast[node] is None and fn(G, weight=weight, engine="networkx")[node] is None
            else:
                assert fast[node] == pytest.approx(value)


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("weight", ["weight", None])
def test_matrix_effective_size_agrees_with_networkx_pure_python(seed, weight):
    G = random_weighted_graph(seed=seed)
    reference = nx.effective_size(G, nodes=list(G), weight=weight)  # Burt's formula, pure Python
    matrix = brokerage.effective_size(G, weight=weight, engine="matrix")
    for node, value in reference.items():
        assert (matrix[node] is None) if math.isnan(value) else matrix[node] == pytest.approx(value)


def test_eigenvector_matches_networkx_on_a_connected_graph():
    G = nx.karate_club_graph()
    assert centrality.eigenvector(G) == pytest.approx(nx.eigenvector_centrality(G, weight="weight", max_iter=1000, tol=1e-12))


@pytest.mark.parametrize("metric", METRICS)
def test_every_metric_survives_empty_tiny_and_disconnected_graphs(metric):
    assert rank(nx.Graph(), metric) == []
    one = nx.Graph()
    one.add_node("solo")
    assert [r["unit"] for r in rank(one, metric)] == ["solo"]
    G = nx.Graph([("A", "B", {"weight": 2}), ("C", "D", {"weight": 1}), ("D", "E", {"weight": 1})])
    G.add_node("F")
    rows = rank(G, metric, sample=2, seed=1)
    assert sorted(r["unit"] for r in rows) == list("ABCDEF")
    for r in rows:
        assert r["value"] is None or math.isfinite(r["value"])


def test_undefined_brokerage_comes_last_as_none():
    G = broker_graph()
    G.add_node("alone")
    rows = rank(G, "constraint")
    assert rows[-1]["unit"] == "alone" and rows[-1]["value"] is None
    assert brokerage.effective_size(G)["alone"] is None


def test_eigenvector_own_iteration_matches_networkx(monkeypatch):
    G = random_weighted_graph(n=60, isolated=0, seed=9)
    reference = nx.eigenvector_centrality(G, weight="weight", max_iter=1000, tol=1e-12)
    monkeypatch.setattr(centrality, "NETWORKX_EIGENVECTOR_MAX_EDGES", 0)  # as on a city-scale graph
    assert centrality.eigenvector(G) == pytest.approx(reference, abs=1e-6)


def test_eigenvector_falls_back_when_networkx_does_not_converge(monkeypatch):
    def never(*args, **kwargs):
        raise nx.PowerIterationFailedConvergence(kwargs.get("max_iter", 0))

    reference = nx.eigenvector_centrality(nx.karate_club_graph(), weight="weight", max_iter=1000, tol=1e-12)
    monkeypatch.setattr(nx, "eigenvector_centrality", never)
    assert centrality.eigenvector(nx.karate_club_graph()) == pytest.approx(reference, abs=1e-6)
    monkeypatch.setattr(centrality, "_power_eigenvector", lambda *a: None)
    with pytest.raises(AnalysisError, match="did not converge on a graph of 34 nodes"):
        centrality.eigenvector(nx.karate_club_graph())


def test_eigenvector_of_bipartite_and_disconnected_graphs_converges():
    # the plain power method oscillates on bipartite graphs (networkx #1704); networkx iterates on A + I
    values = centrality.eigenvector(nx.path_graph(3))
    assert values[1] == pytest.approx(2 ** -0.5)
    values = centrality.eigenvector(nx.Graph([(0, 1), (2, 3), (3, 4)]))
    assert all(math.isfinite(v) for v in values.values())


def test_sampling_is_reported_and_exact_when_sample_covers_the_graph():
    G = random_weighted_graph(n=30, isolated=0)
    sampled = scores(G, "betweenness", sample=10, seed=4)
    assert sampled.sampled == "sampled: 10 of 30 nodes as pivots, seed 4"
    full = scores(G, "betweenness", sample=30, seed=4)
    assert full.sampled == "" and full.values == pytest.approx(scores(G, "betweenness").values)
    assert scores(G, "pagerank", sample=5).sampled == ""  # only path measures sample


def test_sampled_closeness_tracks_exact_closeness():
    G = random_weighted_graph(n=120, p=0.06, isolated=0, seed=5)
    exact = centrality.closeness(G)
    estimate = centrality.closeness(G, k=40, seed=1)
    # every estimate within 20% of the exact value, and the orders agree (Spearman, no ties here)
    assert all(abs(estimate[v] - exact[v]) / exact[v] < 0.2 for v in G if exact[v] > 0)
    order_exact = {v: i for i, v in enumerate(sorted(G, key=exact.get))}
    order_est = {v: i for i, v in enumerate(sorted(G, key=estimate.get))}
    n = len(G)
    spearman = 1 - 6 * sum((order_exact[v] - order_est[v]) ** 2 for v in G) / (n * (n * n - 1))
    assert spearman > 0.85


def test_core_number_by_hand():
    G = nx.complete_graph(4)
    G.add_edges_from([(3, "t1"), ("t1", "t2")])
    assert cores.core_number(G) == {0: 3, 1: 3, 2: 3, 3: 3, "t1": 1, "t2": 1}
    assert cores.main_core(G) == [0, 1, 2, 3]


LOUVAIN_SCRIPT = """
from respgraph.analysis.communities import communities
from respgraph.graphs import coordination_graph
from respgraph.model import Plan, Task
import random
rng = random.Random(11)
names = [f"单位{i}" for i in range(40)]
tasks = []
for i in range(120):
    block = names[(i % 4) * 10:(i % 4) * 10 + 10] if rng.random() < 0.8 else names
    units = rng.sample(block, 4)
    tasks.append(Task(i + 1, "一", "x", [], units[:1], units[1:]))
G = coordination_graph([Plan("甲区", 2021, "", "x", tasks=tasks)])
r = communities(G, seed=3)
print(round(r.modularity, 9), [c.members for c in r.communities])
"""


def test_louvain_repeats_whatever_the_hash_seed():
    outputs = set()
    for hash_seed in ("1", "2", "777"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        out = subprocess.run([sys.executable, "-c", LOUVAIN_SCRIPT], env=env, capture_output=True, text=True, check=True)
        outputs.add(out.stdout)
    assert len(outputs) == 1


def test_weighted_effective_size_never_takes_the_sparse_path(monkeypatch):
    # with scipy importable, "auto" may hand constraint to networkx's sparse path, but weighted
    # effective size must stay on Burt's formula (networkx 3.6.1's sparse version normalises by
    # the wrong row's maximum); here scipy is only pretended, so networkx runs pure Python anyway
    G = random_weighted_graph(n=25, p=0.3, isolated=1, seed=7)
    reference = nx.effective_size(G, nodes=list(G), weight="weight")
    monkeypatch.setattr(brokerage, "_has_scipy", lambda: True)
    monkeypatch.setattr(brokerage, "NETWORKX_MAX_WORK", 0)
    assert brokerage._engine(G, "auto") == "networkx"
    assert brokerage._engine(G, "auto", sparse_ok=False) == "fast"
    values = brokerage.effective_size(G)
    for node, value in reference.items():
        assert (values[node] is None) if math.isnan(value) else values[node] == pytest.approx(value)
