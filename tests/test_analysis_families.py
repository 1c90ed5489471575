"""Pairs, partners, communities, leaders, workload, summary and compare on hand-built plans."""

import networkx as nx
import pytest

from respgraph.analysis.communities import communities, consensus
from respgraph.analysis.compare import compare
from respgraph.analysis.leaders import portfolios, units_with_several_leaders
from respgraph.analysis.pairs import partners, top_pairs
from respgraph.analysis.summary import summary
from respgraph.analysis.workload import street_workload, unit_workload
from respgraph.errors import InputError
from respgraph.graphs import coordination_graph, two_mode_graph
from respgraph.model import GroupRef, Link, Plan, Task, Unit


def plan_of(tasks, year=2021, sections=None):
    """tasks: list of (leaders, lead units, co units)."""
    plan = Plan("甲区", year, "", "hand")
    for i, (leaders, lead, co) in enumerate(tasks, start=1):
        section = sections[i - 1] if sections else "一"
        plan.tasks.append(Task(i, section, f"t{i}", list(leaders), list(lead), list(co)))
    plan.units = {u: Unit(u, "government") for _, lead, co in tasks for u in (*lead, *co)}
    return plan


SMALL = [("张", "A", "BC"), ("李", "B", "CD"), ("张李", "A", "D")]  # leaders as strings of one-char names


def small():
    return plan_of([(list(ls), list(lead), list(co)) for ls, lead, co in SMALL], sections=["一", "二", "二"])


def test_top_pairs_by_hand():
    rows = top_pairs(coordination_graph([small()]))
    # B-C share T1 and T2; every other pair shares one task; ties by names
    assert [(r["unit_a"], r["unit_b"], r["shared"]) for r in rows] == [
        ("B", "C", 2), ("A", "B", 1), ("A", "C", 1), ("A", "D", 1), ("B", "D", 1), ("C", "D", 1)]
    assert rows[0]["tasks"] == ["task:甲区-2021#1", "task:甲区-2021#2"] and rows[0]["lead_co"] == 1
    assert len(top_pairs(coordination_graph([small()]), top=2)) == 2


def test_partners_say_who_leads():
    G = coordination_graph([small()])
    rows = {r["partner"]: r for r in partners(G, "C")}
    # C never leads. With B: T1 (A leads, both co) and T2 (B leads)
    assert (rows["B"]["shared"], rows["B"]["unit_leads"], rows["B"]["partner_leads"], rows["B"]["neither_leads"]) == (2, 0, 1, 1)
    assert (rows["A"]["shared"], rows["A"]["partner_leads"]) == (1, 1)
    assert (rows["D"]["partner_leads"], rows["D"]["neither_leads"]) == (0, 1)
    assert [r["partner"] for r in partners(G, "C")][0] == "B"


def test_unknown_partner_unit_suggests_close_names():
    G = coordination_graph([plan_of([(["张"], ["区财政局"], ["区商务局"])])])
    with pytest.raises(InputError, match="区财政局"):
        partners(G, "区财政")


def two_cliques():
    """Units a1..a3 work together on section 甲 tasks, b1..b3 on section 乙; a3-b1 share one task."""
    tasks, sections = [], []
    for _ in range(2):
        tasks += [(["张"], ["a1"], ["a2", "a3"]), (["李"], ["b1"], ["b2", "b3"])]
        sections += ["甲", "乙"]
    tasks.append((["王"], ["a3"], ["b1"]))
    sections.append("丙")
    return plan_of(tasks, sections=sections)


def test_communities_find_the_two_cliques_and_describe_their_sections():
    G = coordination_graph([two_cliques()])
    result = communities(G, seed=0)
    assert [c.members for c in result.communities] == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    assert result.communities[0].sections == [("甲", 2)] and result.communities[0].internal_tasks == 2
    assert result.communities[1].sections == [("乙", 2)]
    parts = [set(c.members) for c in result.communities]
    assert result.modularity == pytest.approx(nx.community.modularity(G, parts, weight="weight"))
    # by hand: m = 13 (two triangles of weight 2, bridge 1); each side: 6 inside, strength 13
    assert result.modularity == pytest.approx(2 * (6 / 13 - (13 / 26) ** 2))
    assert result.rows()[0]["members"] == "a1、a2、a3"


@pytest.mark.parametrize("engine", ["igraph", "networkx"])
@pytest.mark.parametrize("algorithm", ["louvain", "leiden"])
def test_both_algorithms_and_engines_find_the_two_cliques(engine, algorithm):
    G = coordination_graph([two_cliques()])
    if engine == "networkx" and algorithm == "leiden":
        with pytest.raises(InputError, match="Leiden needs the igraph engine"):
            communities(G, algorithm=algorithm, engine=engine)
        return
    result = communities(G, seed=3, algorithm=algorithm, engine=engine)
    assert [c.members for c in result.communities] == [["a1", "a2", "a3"], ["b1", "b2", "b3"]]
    assert (result.algorithm, result.engine) == (algorithm, engine)
    assert result.modularity == pytest.approx(2 * (6 / 13 - (13 / 26) ** 2), abs=1e-12)


def noisy_blocks(seed=11):
    """40 units in four blocks of ten; 80 % of tasks inside a block, the rest anywhere."""
    import random

    rng = random.Random(seed)
    names = [f"单位{i}" for i in range(40)]
    tasks = []
    for i in range(120):
        block = names[(i % 4) * 10:(i % 4) * 10 + 10] if rng.random() < 0.8 else names
        units = rng.sample(block, 4)
        tasks.append((["张"], units[:1], units[1:]))
    return coordination_graph([plan_of(tasks)])


@pytest.mark.parametrize("algorithm", ["louvain", "leiden"])
def test_igraph_communities_repeat_for_a_seed_and_report_modularity(algorithm):
    G = noisy_blocks()
    first = communities(G, seed=5, algorithm=algorithm, engine="igraph")
    again = communities(G, seed=5, algorithm=algorithm, engine="igraph")
    assert [c.members for c in first.communities] == [c.members for c in again.communities]
    parts = [set(c.members) for c in first.communities]
    assert first.modularity == pytest.approx(nx.community.modularity(G, parts, weight="weight"), abs=1e-12)
    assert first.modularity > 0.3  # the four blocks are found, roughly
    assert sorted(m for c in first.communities for m in c.members) == sorted(G)


def test_consensus_counts_pairs_together_over_runs():
    G = noisy_blocks()
    result = consensus(G, runs=6, seed=2, algorithm="leiden", engine="igraph")
    assert result.runs == 6 and len(result.modularities) == 6
    # run i is the single run with seed 2 + i: recount by hand
    expected = {}
    for i in range(6):
        for c in communities(G, seed=2 + i, algorithm="leiden", engine="igraph").communities:
            for a in c.members:
                for b in c.members:
                    if str(a) < str(b):
                        expected[(a, b)] = expected.get((a, b), 0) + 1
    assert {(a, b): n for a, b, n in result.pairs} == expected
    rows = result.rows()
    assert rows[0]["together"] >= rows[-1]["together"] > 0
    assert all(r["together"] == r["runs_together"] / 6 for r in rows)
    assert result.always_together == sum(1 for n in expected.values() if n == 6)
    some = next(r for r in rows if G.has_edge(r["unit_a"], r["unit_b"]))
    assert some["shared_tasks"] == G.edges[some["unit_a"], some["unit_b"]]["weight"]
    assert result.first.seed == 2 and [c.members for c in result.first.communities] == [
        c.members for c in communities(G, seed=2, algorithm="leiden", engine="igraph").communities]
    with pytest.raises(InputError, match="runs: must be at least 1"):
        consensus(G, runs=0)


def test_communities_of_a_graph_without_edges():
    G = nx.Graph()
    G.add_nodes_from(["x", "y"])
    result = communities(G)
    assert result.modularity is None and [c.members for c in result.communities] == [["x"], ["y"]]


def test_leader_portfolios_by_hand():
    T = two_mode_graph([small()])
    rows = {r["leader"]: r for r in portfolios(T)}
    # 张: T1, T3 (both led by A); 李: T2 (B), T3 (A)
    assert (rows["张"]["tasks"], rows["张"]["lead_units"], rows["张"]["co_unit_count"]) == (2, "A (2)", 3)
    assert (rows["李"]["tasks"], rows["李"]["lead_unit_count"], rows["李"]["sections"]) == (2, 2, 1)
    several = units_with_several_leaders(T)
    # A leads T1 (张) and T3 (张, 李); B leads only T2 (李)
    assert [(r["unit"], r["leader_count"]) for r in several] == [("A", 2)]
    anyrole = {r["unit"]: r["leader_count"] for r in units_with_several_leaders(T, role="any")}
    assert anyrole == {"A": 2, "B": 2, "C": 2, "D": 2}


def street_plan():
    links1 = [Link("A", "lead", "exact", "A"), Link("S1", "co", "exact", "S1")]
    links2 = [Link("A", "lead", "exact", "A")] + [Link(s, "co", "expanded", "各街道", True, "各街道") for s in ("S1", "S2", "S3")]
    g = GroupRef("各街道", "co", "streets", ("S1", "S2", "S3"))
    plan = Plan("甲区", 2021, "", "hand", streets=["S1", "S2", "S3"])
    plan.tasks = [Task(1, "一", "x", [], ["A"], ["S1"], links=links1), Task(2, "一", "y", [], ["A"], [], groups=[g], links=links2)]
    return plan


def test_workload_with_and_without_blanket_expansion():
    plan = street_plan()
    units = {r["unit"]: r for r in unit_workload(two_mode_graph([plan]))}
    assert (units["A"]["lead"], units["A"]["co"]) == (2, 0) and units["S1"]["co"] == 1 and "S2" not in units
    expanded = {r["unit"]: r for r in unit_workload(two_mode_graph([plan], "expand"))}
    assert (expanded["S1"]["total"], expanded["S1"]["inferred"]) == (2, 1) and expanded["S3"]["inferred"] == 1
    streets = {r["street"]: r for r in street_workload(two_mode_graph([plan], "expand"))}
    assert (streets["S1"]["explicit"], streets["S1"]["via_blanket"], streets["S1"]["with_blanket"]) == (1, 1, 2)
    assert (streets["S2"]["explicit"], streets["S2"]["with_blanket"], streets["S2"]["blanket_share"]) == (0, 1, 1.0)


def test_summary_by_hand():
    G = coordination_graph([small()])
    s = summary(G, top=2)
    # K4 over A-D: 4 units, 6 links, density 1, 7 shared-task units of weight / 6 links
    assert (s["units"], s["links"], s["density"], s["components"], s["isolated"]) == (4, 6, 1.0, 1, 0)
    assert s["average_partners"] == 3.0 and s["average_shared_tasks"] == round(7 / 6, 2) and s["tasks"] == 3
    assert s["top_strength"] == "B (4); C (4)"
    assert s["plans"] == "甲区-2021"


def test_compare_finds_appeared_disappeared_grew_and_shrank():
    a = plan_of([(["张"], ["A"], ["B"]), (["张"], ["A"], ["B", "C"]), (["张"], ["C"], ["D"])])
    b = plan_of([(["张"], ["A"], ["B"]), (["张"], ["A"], ["B"]), (["张"], ["A"], ["B", "E"])], year=2022)
    result = compare(coordination_graph([a]), coordination_graph([b]))
    # A-B: 2 -> 3 grew; A-C, B-C, C-D disappeared; A-E, B-E appeared
    links = {(r["unit_a"], r["unit_b"]): (r["change"], r["before"], r["after"]) for r in result.links}
    assert links == {
        ("A", "B"): ("grew", 2, 3),
        ("A", "C"): ("disappeared", 1, 0),
        ("B", "C"): ("disappeared", 1, 0),
        ("C", "D"): ("disappeared", 1, 0),
        ("A", "E"): ("appeared", 0, 1),
        ("B", "E"): ("appeared", 0, 1),
    }
    assert result.units_appeared == ["E"] and result.units_disappeared == ["C", "D"]
    units = {r["unit_a"]: r["change"] for r in result.units}
    assert units["E"] == "appeared" and units["A"] == "grew" and units["B"] == "grew" and "A" in units
    back = compare(coordination_graph([b]), coordination_graph([a]))
    assert {(r["unit_a"], r["unit_b"]) for r in back.links if r["change"] == "shrank"} == {("A", "B")}
    assert [r["change"] for r in result.links] == sorted((r["change"] for r in result.links), key=["appeared", "disappeared", "grew", "shrank"].index)
