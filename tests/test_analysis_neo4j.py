"""Analysis commands reading plans from, and writing scores back to, a real Neo4j server."""

import json

import pytest
from click.testing import CliRunner

from graphdb_support import DATABASE, cleanup, driver, scalar, small_plan, unique  # noqa: F401  (fixtures)
from respgraph.cli import main
from respgraph.graphdb.loader import load_plan
from respgraph.model import Link, Plan, Task, Unit

pytestmark = pytest.mark.neo4j


def triangle_plan(district):
    """A leads with B on two tasks, B leads with C on one: A-B 2, B-C 1 shared tasks (units suffixed)."""
    a, b, c = (f"{name}{district}" for name in ("区甲局", "区乙局", "区丙局"))
    tasks = []
    for seq, (lead, co) in enumerate([(a, b), (a, b), (b, c)], start=1):
        tasks.append(Task(seq, "一、发展", f"任务{seq}", ["王涛"], [lead], [co],
                          links=[Link(lead, "lead", "exact", lead), Link(co, "co", "exact", co)]))
    units = {u: Unit(u, "government") for u in (a, b, c)}
    return Plan(district, 2031, "标题", "t.txt", sections=["一、发展"], tasks=tasks, units=units), (a, b, c)


def test_rank_from_neo4j_writes_scores_back(driver, cleanup):  # noqa: F811
    plan, (a, b, c) = triangle_plan(unique("分析区"))
    load_plan(driver, plan, database=DATABASE)
    cleanup.append(plan.key)
    runner = CliRunner()
    args = ["rank", "--source", "neo4j", "--database", DATABASE, "--plan", plan.key, "--metric", "strength", "--format", "json"]
    result = runner.invoke(main, args + ["--write-back"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    # strength: A 2, B 2 + 1, C 1
    assert [(r["unit"], r["value"]) for r in rows] == [(b, 3), (a, 2), (c, 1)]
    stored = {u: scalar(driver, "MATCH (u:Unit {name: $n}) RETURN u.rank_strength", n=u) for u in (a, b, c)}
    assert stored == {a: 2, b: 3, c: 1}
    scope = scalar(driver, "MATCH (u:Unit {name: $n}) RETURN u.rank_strength_scope", n=a)
    assert plan.key in scope and "blanket exclude" in scope
    assert "Stored rank_strength on 3 nodes" in result.stderr


def test_communities_and_workload_write_back(driver, cleanup):  # noqa: F811
    plan = small_plan(unique("分析区"))
    load_plan(driver, plan, database=DATABASE)
    cleanup.append(plan.key)
    runner = CliRunner()
    base = ["--source", "neo4j", "--database", DATABASE, "--plan", plan.key, "--write-back", "--format", "json"]
    result = runner.invoke(main, ["workload", *base])
    assert result.exit_code == 0, result.output
    lead_unit = plan.tasks[0].lead_units[0]
    assert scalar(driver, "MATCH (u:Unit {name: $n}) RETURN u.workload_lead", n=lead_unit) == 1
    result = runner.invoke(main, ["communities", *base])
    assert result.exit_code == 0, result.output
    co_unit = plan.tasks[0].co_units[0]
    same = scalar(driver, "MATCH (a:Unit {name: $a}), (b:Unit {name: $b}) RETURN a.community = b.community",
                  a=lead_unit, b=co_unit)
    assert same is True


def test_unknown_plan_in_the_database_lists_what_is_there(driver, cleanup):  # noqa: F811
    plan, _ = triangle_plan(unique("分析区"))
    load_plan(driver, plan, database=DATABASE)
    cleanup.append(plan.key)
    result = CliRunner().invoke(main, ["pairs", "--source", "neo4j", "--database", DATABASE, "--plan", "无此区-2031"])
    assert result.exit_code == 2 and plan.key in result.output and "Traceback" not in result.output


def test_files_and_source_neo4j_together_is_an_error(seed_path):
    result = CliRunner().invoke(main, ["rank", str(seed_path), "--source", "neo4j"])
    assert result.exit_code == 2 and "--source neo4j" in result.output


def test_briefing_tables_from_neo4j_equal_those_from_the_file(driver, cleanup, seed_path, tmp_path):  # noqa: F811
    """The whole briefing pack's tables, the reader's audit included, from the database and from the file."""
    from respgraph.graphdb.read import read_plans
    from respgraph.ingest import parse_file
    from respgraph.report import build_report

    from graphdb_support import unique_year

    plan = parse_file(seed_path, year=unique_year())
    load_plan(driver, plan, database=DATABASE)
    cleanup.append(plan.key)
    (stored,) = read_plans(driver, [plan.key], database=DATABASE)
    build_report([plan], tmp_path / "file", views=False)
    build_report([stored], tmp_path / "neo4j", views=False)
    tables = sorted(p.name for p in (tmp_path / "file").glob("*.csv"))
    assert "audit.csv" in tables and len(tables) > 5
    for name in tables:
        assert (tmp_path / "neo4j" / name).read_bytes() == (tmp_path / "file" / name).read_bytes(), name
    # the reader's judgements came back from the database (an empty audit would have matched nothing)
    audit = (tmp_path / "neo4j" / "audit.csv").read_text(encoding="utf-8-sig")
    assert f"{plan.key},typo," in audit and f"{plan.key},joined," in audit


def test_audit_of_a_loaded_plan_equals_the_audit_of_its_file(driver, cleanup, seed_path):  # noqa: F811
    from graphdb_support import unique_year
    from respgraph.ingest import parse_file

    year = unique_year()
    plan = parse_file(seed_path, year=year)
    load_plan(driver, plan, database=DATABASE)
    cleanup.append(plan.key)
    runner = CliRunner()
    stored = runner.invoke(main, ["audit", "--source", "neo4j", "--database", DATABASE, "--plan", plan.key, "--format", "json"])
    parsed = runner.invoke(main, ["audit", str(seed_path), "--year", str(year), "--format", "json"])
    assert stored.exit_code == parsed.exit_code == 0, stored.output
    audits = json.loads(stored.stdout)["audits"]
    assert audits == json.loads(parsed.stdout)["audits"]
    assert audits[0]["plan"] == plan.key and audits[0]["counts"]["tasks"] == 106

    mixed = runner.invoke(main, ["audit", "--source", "neo4j", "--year", "2021"])
    assert mixed.exit_code == 2 and "--year" in mixed.output and "Traceback" not in mixed.output
    stray = runner.invoke(main, ["audit", str(seed_path), "--plan", plan.key])
    assert stray.exit_code == 2 and "--plan" in stray.output and "Traceback" not in stray.output
