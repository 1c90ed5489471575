"""Graph views on small hand-built plans: every expected number is worked out by hand below."""

import json

import networkx as nx
import pytest

from respgraph.errors import InputError
from respgraph.graphs import coordination_graph, leader_unit_graph, short_task, task_participants, two_mode_graph
from respgraph.model import GroupRef, Link, Plan, Task, Unit


def small_plan():
    """Three tasks, four units.

    T1: A leads, B and C co.   T2: B leads, C and D co.   T3: A leads, D co.
    Shared tasks: A-B {1}, A-C {1}, A-D {3}, B-C {1,2}, B-D {2}, C-D {2}.
    Exactly-one-leads: A-B 1, A-C 1, A-D 1, B-C 1 (T2; in T1 both co), B-D 1, C-D 0.
    """
    plan = Plan("甲区", 2021, "甲区2021", "hand", sections=["一", "二"])
    plan.tasks = [
        Task(1, "一", "修路", leaders=["张"], lead_units=["A"], co_units=["B", "C"]),
        Task(2, "二", "建桥", leaders=["李"], lead_units=["B"], co_units=["C", "D"]),
        Task(3, "二", "治水", leaders=["张", "李"], lead_units=["A"], co_units=["D"]),
    ]
    plan.units = {n: Unit(n, kind="government") for n in "ABCD"}
    return plan


def blanket_plan():
    """One task: A leads, B co, 各街道 co expanding to S1 and S2; S1 is also named explicitly."""
    links = [
        Link("A", "lead", "exact", "A"),
        Link("B", "co", "exact", "B"),
        Link("S1", "co", "exact", "S1"),
        Link("S1", "co", "expanded", "各街道", inferred=True, group="各街道"),
        Link("S2", "co", "expanded", "各街道", inferred=True, group="各街道"),
    ]
    task = Task(1, "一", "x", leaders=["张"], lead_units=["A"], co_units=["B", "S1"],
                groups=[GroupRef("各街道", "co", "streets", ("S1", "S2"), "各街道")], links=links)
    plan = Plan("甲区", 2021, "", "hand", tasks=[task], streets=["S1", "S2"])
    plan.units = {"A": Unit("A", "government"), "B": Unit("B", "government"), "S1": Unit("S1", "street"), "S2": Unit("S2", "street")}
    return plan


def test_coordination_weights_tasks_and_lead_co_worked_by_hand():
    G = coordination_graph([small_plan()])
    expected = {("A", "B"): (1, 1), ("A", "C"): (1, 1), ("A", "D"): (1, 1), ("B", "C"): (2, 1), ("B", "D"): (1, 1), ("C", "D"): (1, 0)}
    assert {tuple(sorted(e)) for e in G.edges} == set(expected)
    for (a, b), (weight, lead_co) in expected.items():
        assert G.edges[a, b]["weight"] == weight
        assert G.edges[a, b]["lead_co"] == lead_co
    assert G.edges["B", "C"]["tasks"] == ["task:甲区-2021#1", "task:甲区-2021#2"]
    b = G.nodes["B"]
    assert (b["lead_count"], b["co_count"]) == (1, 1)
    assert b["sections"] == ["一", "二"]
    assert b["leaders"] == sorted(["张", "李"])  # T1 is 张's, T2 李's
    assert G.nodes["A"]["lead_tasks"] == ["task:甲区-2021#1", "task:甲区-2021#3"]
    assert G.nodes["A"]["task_sections"] == ["一", "二"]
    assert G.nodes["A"]["kind"] == "government" and G.nodes["A"]["type"] == "unit"


def test_lead_co_only_keeps_only_one_leads_links():
    G = coordination_graph([small_plan()], lead_co_only=True)
    # C-D only ever co-responsible together: gone; B-C counts only T2
    assert not G.has_edge("C", "D")
    assert G.edges["B", "C"]["weight"] == 1 and G.edges["B", "C"]["tasks"] == ["task:甲区-2021#2"]
    assert set(G.nodes) == set("ABCD")


def test_two_mode_nodes_and_edges():
    T = two_mode_graph([small_plan()])
    tid = "task:甲区-2021#3"
    assert T.nodes[tid] == {"type": "task", "plan": "甲区-2021", "seq": 3, "label": "3", "text": "治水", "section": "二", "leaders": ["张", "李"]}
    assert T.edges[tid, "A"]["role"] == "lead" and T.edges[tid, "D"]["role"] == "co"
    assert T.edges[tid, "D"]["inferred"] is False and T.edges[tid, "D"]["group"] is None
    assert T.number_of_edges() == 3 + 3 + 2


def test_blanket_exclude_drops_groups_and_inferred_links():
    plan = blanket_plan()
    G = coordination_graph([plan])
    assert set(G.nodes) == {"A", "B", "S1"}  # S1 stays: it is named explicitly
    T = two_mode_graph([plan])
    assert not any(d["type"] == "group" for _, d in T.nodes(data=True))


def test_blanket_group_makes_one_node_per_phrase():
    plan = blanket_plan()
    T = two_mode_graph([plan], blanket="group")
    g = T.nodes["group:各街道"]
    assert g["type"] == "group" and g["label"] == "各街道" and g["members"] == ["S1", "S2"]
    e = T.edges["task:甲区-2021#1", "group:各街道"]
    assert (e["role"], e["inferred"], e["method"], e["group"]) == ("co", False, "group", "各街道")
    assert "S2" not in T
    G = coordination_graph([plan], blanket="group")
    assert G.has_edge("A", "group:各街道") and G.nodes["group:各街道"]["type"] == "group"


def test_blanket_expand_marks_inferred_links_and_keeps_explicit_ones():
    plan = blanket_plan()
    T = two_mode_graph([plan], blanket="expand")
    tid = "task:甲区-2021#1"
    assert T.edges[tid, "S2"]["inferred"] is True and T.edges[tid, "S2"]["method"] == "expanded"
    assert T.edges[tid, "S2"]["group"] == "各街道"
    assert T.edges[tid, "S1"]["inferred"] is False  # explicit beats inferred
    G = coordination_graph([plan], blanket="expand")
    assert G.edges["A", "S2"]["inferred_tasks"] == 1 and G.edges["A", "B"]["inferred_tasks"] == 0
    assert G.number_of_edges() == 6  # K4 over A, B, S1, S2


def test_unknown_blanket_mode_is_an_input_error():
    with pytest.raises(InputError, match="blanket"):
        coordination_graph([small_plan()], blanket="all")


def test_lead_beats_co_for_a_unit_named_twice():
    t = Task(1, "一", "x", links=[Link("A", "co", "exact", "A"), Link("A", "lead", "alias", "甲")])
    assert task_participants(t)["A"]["role"] == "lead"


def test_several_plans_share_unit_nodes():
    p1 = small_plan()
    p2 = small_plan()
    p2.year = 2022
    G = coordination_graph([p1, p2])
    assert G.edges["B", "C"]["weight"] == 4
    assert G.graph["plans"] == ["甲区-2021", "甲区-2022"]
    assert short_task(G.edges["A", "D"]["tasks"][1], keep_plan=True) == "甲区-2022#3"


def test_leader_unit_graph_counts_by_hand():
    L = leader_unit_graph([small_plan()])
    # 张: T1 (A lead, B, C), T3 (A lead, D). 李: T2 (B lead, C, D), T3 (A lead, D)
    assert L.edges["leader:张", "A"]["weight"] == 2 and L.edges["leader:张", "A"]["lead"] == 2
    assert L.edges["leader:李", "D"]["weight"] == 2 and L.edges["leader:李", "D"]["lead"] == 0
    assert L.nodes["leader:李"]["task_count"] == 2


@pytest.mark.parametrize("blanket", ["exclude", "group", "expand"])
def test_attributes_are_json_and_graphml_friendly(blanket, tmp_path):
    for G in (two_mode_graph([blanket_plan()], blanket), coordination_graph([blanket_plan()], blanket)):
        data = nx.node_link_data(G, edges="links")
        json.dumps(data)  # raises on anything not JSON
        allowed = (str, int, float, bool, type(None))
        for _, d in list(G.nodes(data=True)) + [(None, d) for *_, d in G.edges(data=True)]:
            for value in d.values():
                assert isinstance(value, allowed) or (isinstance(value, list) and all(isinstance(v, str) for v in value))
        # GraphML takes it once lists are joined (what an exporter does)
        H = G.copy()
        for _, d in list(H.nodes(data=True)) + [(None, d) for *_, d in H.edges(data=True)]:
            for k, v in list(d.items()):
                if isinstance(v, list):
                    d[k] = "|".join(v)
                elif v is None:
                    del d[k]
        H.graph = {}
        nx.write_graphml(H, tmp_path / f"{blanket}.graphml")
