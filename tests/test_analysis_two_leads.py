"""A hand-built plan where one task has two lead units: lead–co pairs and partners, worked out by hand.

task 1  lead 甲局, 乙局   co 丙局
task 2  lead 甲局         co 乙局
task 3  lead 丙局         co 甲局, 乙局

Pairs and their shared tasks (lead_co: tasks where exactly one of the two leads):

甲局–乙局  tasks 1, 2, 3   lead_co 1 (task 2; in task 1 both lead, in task 3 neither)
甲局–丙局  tasks 1, 3      lead_co 2
乙局–丙局  tasks 1, 3      lead_co 2

With lead–co links only, 甲局–乙局 keeps task 2 alone: two units that lead a
task together do not pull each other in.
"""

from __future__ import annotations

import json

from click.testing import CliRunner

from respgraph.analysis.pairs import partners, top_pairs
from respgraph.cli import main
from respgraph.graphs import coordination_graph
from respgraph.model import CO, LEAD, Link, Plan, Task, Unit

A, B, C = "甲局", "乙局", "丙局"


def two_lead_plan() -> Plan:
    def task(seq, leads, cos):
        t = Task(seq, "一、发展", f"任务{seq}", ["张三"], list(leads), list(cos))
        t.links = [Link(u, LEAD, "exact", u) for u in leads] + [Link(u, CO, "exact", u) for u in cos]
        return t

    tasks = [task(1, [A, B], [C]), task(2, [A], [B]), task(3, [C], [A, B])]
    return Plan("甲区", 2031, "两个牵头单位", "hand-built", sections=["一、发展"], tasks=tasks,
                units={u: Unit(u, "government") for u in (A, B, C)})


def pairs_of(G):
    return {(r["unit_a"], r["unit_b"]): (r["shared"], r["lead_co"], len(r["tasks"])) for r in top_pairs(G)}


def test_pairs_count_a_task_with_two_leads_as_shared_but_not_lead_co():
    G = coordination_graph([two_lead_plan()])
    # (unit_a, unit_b) come in name order: (shared, lead_co, tasks listed)
    assert pairs_of(G) == {
        tuple(sorted((A, B))): (3, 1, 3), tuple(sorted((A, C))): (2, 2, 2), tuple(sorted((B, C))): (2, 2, 2)}
    assert top_pairs(G)[0]["unit_a"] in (A, B) and top_pairs(G)[0]["shared"] == 3


def test_lead_co_only_drops_the_two_leads_of_one_task():
    G = coordination_graph([two_lead_plan()], lead_co_only=True)
    assert {tuple(sorted((a, b))): d["weight"] for a, b, d in G.edges(data=True)} == {
        tuple(sorted((A, B))): 1, tuple(sorted((A, C))): 2, tuple(sorted((B, C))): 2}
    assert [t.split("#")[-1] for t in G.edges[A, B]["tasks"]] == ["2"]


def test_partners_say_who_leads_each_shared_task():
    G = coordination_graph([two_lead_plan()])
    rows = {r["partner"]: r for r in partners(G, A)}
    assert set(rows) == {B, C}
    # with 乙局: task 1 both lead, task 2 甲局 leads, task 3 neither does
    assert (rows[B]["shared"], rows[B]["unit_leads"], rows[B]["partner_leads"], rows[B]["both_lead"],
            rows[B]["neither_leads"]) == (3, 1, 0, 1, 1)
    # with 丙局: task 1 甲局 leads, task 3 丙局 leads
    assert (rows[C]["shared"], rows[C]["unit_leads"], rows[C]["partner_leads"], rows[C]["both_lead"],
            rows[C]["neither_leads"]) == (2, 1, 1, 0, 0)
    # and from 乙局's side the task they both lead is counted once, as both leading
    other = {r["partner"]: r for r in partners(G, B)}
    assert (other[A]["unit_leads"], other[A]["partner_leads"], other[A]["both_lead"]) == (0, 1, 1)


def test_the_cli_reports_the_same_from_a_table(tmp_path):
    table = tmp_path / "two-leads.csv"
    table.write_text(
        "序号,主要工作内容,分管领导,牵头单位,责任单位\n"
        f"1,任务一,张三,{A}、{B},{C}\n"
        f"2,任务二,张三,{A},{B}\n"
        f"3,任务三,张三,{C},{A}、{B}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["partners", A, str(table), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["partner"]: r for r in json.loads(result.output)}
    assert (rows[B]["shared"], rows[B]["unit_leads"], rows[B]["partner_leads"], rows[B]["both_lead"]) == (3, 1, 0, 1)
    lead_co = CliRunner().invoke(main, ["pairs", str(table), "--lead-co-only", "--format", "json"])
    assert lead_co.exit_code == 0, lead_co.output
    shared = {tuple(sorted((r["unit_a"], r["unit_b"]))): r["shared"] for r in json.loads(lead_co.output)}
    assert shared == {tuple(sorted((A, B))): 1, tuple(sorted((A, C))): 2, tuple(sorted((B, C))): 2}
