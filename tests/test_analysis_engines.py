"""The igraph engine gives networkx's numbers: every measure within 1e-9, ranks identical."""

import math
import random

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from respgraph.analysis import METRICS, rank, scores
from respgraph.analysis import brokerage, centrality, engine
from respgraph.errors import InputError
from respgraph.graphs import coordination_graph

TOLERANCE = 1e-9


def assert_same_values(a, b, what=""):
    assert a.keys() == b.keys(), what
    for node in a:
        if a[node] is None or b[node] is None:
            assert a[node] is None and b[node] is None, (what, node)
        else:
            assert math.isclose(a[node], b[node], rel_tol=TOLERANCE, abs_tol=TOLERANCE), (what, node, a[node], b[node])


def assert_engines_agree(G, metric, **kwargs):
    ig = scores(G, metric, engine="igraph", **kwargs)
    nxs = scores(G, metric, engine="networkx", **kwargs)
    assert (ig.engine, nxs.engine) == ("igraph", "networkx")
    assert_same_values(ig.values, nxs.values, metric)
    assert ig.sampled == nxs.sampled
    ranks = lambda e: [(r["rank"], r["unit"]) for r in rank(G, metric, engine=e, **kwargs)]  # noqa: E731
    assert ranks("igraph") == ranks("networkx"), (metric, list(G.edges(data="weight")), list(G),
                                                  sorted(ig.values.items()), sorted(nxs.values.items()))


@pytest.mark.parametrize("metric", METRICS)
def test_seed_every_measure_same_in_both_engines(seed_plan, metric):
    G = coordination_graph([seed_plan])
    assert_engines_agree(G, metric)


@pytest.mark.parametrize("metric", ["betweenness", "closeness"])
def test_seed_sampled_path_measures_same_in_both_engines(seed_plan, metric):
    G = coordination_graph([seed_plan])
    assert_engines_agree(G, metric, sample=17, seed=5)


@st.composite
def weighted_graphs(draw, real_weights=False):
    """Small graphs: random weighted edges (shared-task counts 1..9), isolated units and separate components.

    ``real_weights``: weights are floats instead (lengths then 1/weight floats, no common scale).
    """
    n = draw(st.integers(min_value=0, max_value=22))
    G = nx.Graph()
    G.add_nodes_from(f"u{i}" for i in range(n))
    if n >= 2:
        pairs = [(f"u{i}", f"u{j}") for i in range(n) for j in range(i + 1, n)]
        chosen = draw(st.lists(st.sampled_from(pairs), max_size=min(len(pairs), 60), unique=True))
        for u, v in chosen:
            weight = (draw(st.floats(min_value=0.1, max_value=10, allow_nan=False)) if real_weights
                      else draw(st.integers(min_value=1, max_value=9)))
            G.add_edge(u, v, weight=weight)
    return G


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=weighted_graphs(), metric=st.sampled_from(METRICS))
def test_random_weighted_graphs_same_in_both_engines(G, metric):
    assert_engines_agree(G, metric)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=weighted_graphs(real_weights=True), metric=st.sampled_from(METRICS))
def test_random_real_weighted_graphs_same_in_both_engines(G, metric):
    assert centrality.distance_scale(G) == 1 or G.number_of_edges() == 0 or all(
        float(w).is_integer() for *_, w in G.edges(data="weight"))
    assert_engines_agree(G, metric)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(G=weighted_graphs(), metric=st.sampled_from(["betweenness", "closeness"]),
       k=st.integers(min_value=2, max_value=8), seed=st.integers(min_value=0, max_value=1000))
def test_random_graphs_sampled_same_in_both_engines(G, metric, k, seed):
    assert_engines_agree(G, metric, sample=k, seed=seed)


def test_igraph_degree_and_strength_equal_networkx():
    G = nx.gnp_random_graph(30, 0.2, seed=4)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = (u * v) % 5 + 1
    G.add_node("alone")
    assert engine.degree(G) == centrality.degree(G)
    assert engine.strength(G) == centrality.strength(G)
    assert all(isinstance(v, int) for v in engine.strength(G).values())


@settings(max_examples=40, deadline=None)
@given(G=weighted_graphs())
def test_igraph_constraint_equals_networkx(G):
    # rank uses networkx's sparse constraint on either engine (faster); igraph's is the same measure
    assert_same_values(engine.constraint(G), brokerage.constraint(G), "constraint")


def test_hop_count_and_unweighted_variants_agree():
    G = nx.gnp_random_graph(30, 0.2, seed=3)
    for fn in ("betweenness", "closeness", "pagerank", "eigenvector", "constraint"):
        assert_same_values(getattr(engine, fn)(G, weight=None), getattr(centrality, fn, None)(G, weight=None)
                           if fn != "constraint" else brokerage.constraint(G, weight=None), fn)


def test_eigenvector_of_two_equal_components_splits_like_networkx():
    # two triangles: leading eigenvalues tie; networkx's iteration from the uniform vector keeps them equal
    G = nx.Graph([(0, 1), (1, 2), (0, 2), (3, 4), (4, 5), (3, 5)])
    G.add_node(6)
    values = engine.eigenvector(G, weight=None)
    assert_same_values(values, nx.eigenvector_centrality(G, tol=1e-14, max_iter=5000))
    assert values[0] == pytest.approx(6 ** -0.5) and values[6] == 0.0
    # a weaker component fades out: networkx's limit gives it 0
    G.add_edge(6, 7)
    assert_same_values(engine.eigenvector(G, weight=None), centrality.eigenvector(G, weight=None, tol=1e-14))


def test_path_lengths_tie_exactly():
    # 1/10 + 1/15 == 1/6, but not as floats (0.16666666666666669): A-C-B and A-B are equally long
    G = nx.Graph([("A", "C", {"weight": 10}), ("C", "B", {"weight": 15}), ("A", "B", {"weight": 6}),
                  ("B", "D", {"weight": 1})])
    assert centrality.distance_scale(G) == 30
    # C lies on one of the two shortest A-B paths and one of the two A-D paths: 1 pair of 3 possible, x 2/(3 x 2)
    assert engine.betweenness(G)["C"] == centrality.betweenness(G)["C"] == pytest.approx(1 / 3)
    # with float lengths 1/weight networkx splits A-B (0.16666666666666669 > 1/6) but, after adding
    # B-D's 1.0, rounds the two A-D paths equal again: half the answer
    floats = nx.Graph([(u, v, {"d": 1 / w}) for u, v, w in G.edges(data="weight")])
    assert nx.betweenness_centrality(floats, weight="d")["C"] == pytest.approx(1 / 12)


def test_one_conversion_per_graph_and_a_fresh_one_after_a_change():
    G = nx.Graph([("A", "B", {"weight": 2}), ("B", "C", {"weight": 1})])
    view = engine.to_igraph(G)
    assert engine.to_igraph(G) is view and view.graph.vcount() == 3
    G.edges["A", "B"]["weight"] = 5
    assert engine.to_igraph(G) is not view
    assert engine.strength(G) == {"A": 5, "B": 6, "C": 1}


def test_unknown_or_missing_engine_is_refused(monkeypatch):
    G = nx.path_graph(3)
    with pytest.raises(InputError, match="unknown engine 'gpu'"):
        scores(G, "degree", engine="gpu")
    monkeypatch.setattr(engine, "available", lambda: False)
    assert engine.default_engine() == "networkx"
    assert scores(G, "betweenness").engine == "networkx"
    with pytest.raises(InputError, match="pip install igraph"):
        scores(G, "degree", engine="igraph")


def test_beyond_the_exact_limit_path_measures_are_sampled_and_say_why(monkeypatch):
    from respgraph.analysis import ranking

    monkeypatch.setattr(ranking, "AUTO_PIVOTS", 10)
    G = nx.gnp_random_graph(40, 0.2, seed=1)
    s = scores(G, "betweenness", exact_limit=30, seed=2)
    assert s.sampled == "sampled: 10 of 40 nodes as pivots, seed 2 (more than 30 units)"
    assert s.values == scores(G, "betweenness", sample=10, seed=2).values
    assert scores(G, "betweenness", exact_limit=40).sampled == ""
    assert scores(G, "pagerank", exact_limit=3).sampled == ""


def test_path_measures_on_two_worker_processes_equal_one(monkeypatch):
    G = nx.gnp_random_graph(60, 0.15, seed=8)
    for u, v in G.edges:
        G.edges[u, v]["weight"] = (u + 2 * v) % 7 + 1
    G.add_node("alone")
    serial = {fn: getattr(engine, fn)(G) for fn in ("betweenness", "closeness")}
    monkeypatch.setattr(engine, "PARALLEL_MIN_UNITS", 10)
    monkeypatch.setenv("RESPGRAPH_WORKERS", "2")
    assert engine._workers(len(G)) == 2
    for fn, values in serial.items():
        assert_same_values(getattr(engine, fn)(G), values, fn)
        assert_same_values(getattr(engine, fn)(G), getattr(centrality, fn)(G), fn)
