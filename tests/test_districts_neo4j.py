"""Several districts and years in Neo4j: the same answers as in memory, and the previous model migrated.

The tables of :mod:`plans_support` are loaded under district names of their own
(so tests of other modules can share the server): two districts of 杭州市 that
share unit names (区住建局) and a city unit (市水利局), each with a 王涛, and
two years of one district in which 区发改经信局 became 区发改局.
"""

from __future__ import annotations

from collections import Counter

import pytest

from graphdb_support import DATABASE, driver, scalar  # noqa: F401  (fixtures)
from plans_support import unique_district, write_plans
from respgraph.analysis.leaders import portfolios
from respgraph.analysis.pairs import partners, top_pairs
from respgraph.analysis.ranking import rank
from respgraph.graphdb.library import find_query
from respgraph.graphdb.loader import OldModelError, delete_plan, load_plan, migrate, old_model
from respgraph.graphdb.read import read_plans
from respgraph.graphdb.runner import run_query
from respgraph.graphs import coordination_graph, two_mode_graph
from respgraph.ingest import parse_file

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def names():
    return {"linjiang": unique_district("临江"), "binhe": unique_district("滨河")}


@pytest.fixture(scope="module")
def files(tmp_path_factory, names):
    folder = tmp_path_factory.mktemp("districts")
    aliases = folder / "aliases.csv"
    aliases.write_text(f"variant,canonical,district\n区发改经信局,区发改局,{names['linjiang']}\n", encoding="utf-8")
    tables = write_plans(folder, linjiang=names["linjiang"], binhe=names["binhe"])
    return tables, aliases


@pytest.fixture(scope="module")
def plans(files):
    tables, aliases = files
    return [parse_file(path, aliases=aliases) for path in tables.values()]


@pytest.fixture(scope="module")
def loaded(driver, plans):  # noqa: F811
    for plan in plans:
        load_plan(driver, plan, database=DATABASE)
    yield [p.key for p in plans]
    for plan in plans:
        delete_plan(driver, plan.key, database=DATABASE)


def _answers(plans):
    G = coordination_graph(plans)
    T = two_mode_graph(plans)
    return {
        "nodes": sorted(G.nodes),
        "pairs": [(r["unit_a"], r["unit_b"], r["shared"], r["tasks"]) for r in top_pairs(G)],
        "strength": [(r["rank"], r["unit"], r["value"]) for r in rank(G, "strength")],
        "betweenness": [(r["rank"], r["unit"], round(r["value"], 9)) for r in rank(G, "betweenness")],
        "partners": {n: [(r["partner"], r["shared"], r["unit_leads"]) for r in partners(G, n)] for n in G},
        "leaders": portfolios(T),
        "keys": sorted(d["key"] for _, d in G.nodes(data=True)),
    }


def test_neo4j_gives_the_same_answers_as_the_files(driver, plans, loaded):  # noqa: F811
    back = read_plans(driver, loaded, database=DATABASE)
    assert [p.key for p in back] == sorted(loaded)
    by_key = {p.key: p for p in plans}
    ordered = [by_key[p.key] for p in back]
    memory, database = _answers(ordered), _answers(back)
    assert database == memory
    # and the answers are the right ones: two 区住建局, one 市水利局, the renamed unit joined
    linjiang, binhe = ordered[0].district, ordered[2].district
    assert f"区住建局（{linjiang}）" in memory["nodes"] and f"区住建局（{binhe}）" in memory["nodes"]
    assert "市水利局（杭州市）" in memory["nodes"]
    assert f"区发改局（{linjiang}）" in memory["nodes"] and f"区发改经信局（{linjiang}）" not in memory["nodes"]
    assert {r["leader"] for r in memory["leaders"]} >= {f"王涛（{linjiang}）", f"王涛（{binhe}）"}


def test_one_districts_years_from_neo4j_show_plain_names(driver, plans, loaded):  # noqa: F811
    years = [k for k in loaded if k.startswith(plans[0].district)]
    back = read_plans(driver, years, database=DATABASE)
    G = coordination_graph(back)
    assert "区发改局" in G and "区住建局" in G and "市水利局" in G
    # 区住建局 of 临江区: 3 tasks in 2021, 4 in 2022
    assert len(G.nodes["区住建局"]["tasks"]) == 7
    assert _answers(back) == _answers(plans[:2])


def _library(driver, name, **params):  # noqa: F811
    query = find_query(name)
    columns, rows = run_query(driver, query.text, {**query.params, **params}, database=DATABASE)
    return [dict(zip(columns, row)) for row in rows]


def test_library_queries_by_plan_and_by_district_with_several_loaded(driver, plans, loaded):  # noqa: F811
    linjiang_1, linjiang_2, binhe = plans
    # lead load of one district, all its years: counted from the parsed plans
    want = Counter()
    for plan in (linjiang_1, linjiang_2):
        for task in plan.tasks:
            for name in task.lead_units:
                want[plan.unit_key(name)] += 1
    rows = _library(driver, "lead_load", district=linjiang_1.district, top=100)
    got = {f"{r['jurisdiction']}/{r['unit']}": r["tasks"] for r in rows}
    assert got == dict(want)
    # the same name in the other district is another row
    rows = _library(driver, "co_load", district=None, top=1000)
    housing = sorted(r["jurisdiction"] for r in rows if r["unit"] == "区住建局")
    assert housing == sorted([linjiang_1.district, binhe.district])
    # the city unit counts the tasks of both districts
    water = [r for r in rows if r["unit"] == "市水利局" and r["jurisdiction"] == "杭州市"]
    assert water and water[0]["tasks"] >= 2 + 2 + 1
    # partners of 区住建局 in one plan, by key
    key = binhe.unit_key("区住建局")
    rows = _library(driver, "partners", unit=key, plan=binhe.key)
    assert {(r["partner"], r["shared_tasks"]) for r in rows} == {("区商务局", 2), ("区科技局", 2), ("市水利局", 1)}
    # by name within a district gives the same
    assert _library(driver, "partners", unit="区住建局", district=binhe.district) == rows
    # pairs of one plan never pair units of two districts
    rows = _library(driver, "pairs", plan=linjiang_2.key, top=1000)
    assert {r["jurisdiction_a"] for r in rows} | {r["jurisdiction_b"] for r in rows} == {linjiang_2.district, "杭州市"}
    # leaders: one 王涛 per district
    rows = _library(driver, "leader_portfolio", district=None)
    wang = sorted((r["district"], r["tasks"]) for r in rows if r["leader"] == "王涛" and r["district"] in (linjiang_1.district, binhe.district))
    assert wang == sorted([(linjiang_1.district, 4), (binhe.district, 2)])
    rows = _library(driver, "plan_summary", district=linjiang_1.district)
    assert sorted(r["plan"] for r in rows) == sorted([linjiang_1.key, linjiang_2.key])
    # the city unit answers to four people, two of them called 王涛 (one per district)
    rows = _library(driver, "multi_leader_units", district=None, min_leaders=1, top=10_000)
    water = [r for r in rows if r["unit"] == "市水利局" and r["jurisdiction"] == "杭州市"]
    assert water[0]["leader_count"] >= 4 and water[0]["leaders"].count("王涛") >= 2
    rows = _library(driver, "multi_leader_units", district=binhe.district, min_leaders=1, top=10_000)
    assert {(r["unit"], r["leader_count"]) for r in rows if r["unit"] == "市水利局"} == {("市水利局", 2)}
    # the streets of one district, per plan
    rows = _library(driver, "street_burden", district=linjiang_1.district)
    assert {r["plan"] for r in rows} == {linjiang_1.key, linjiang_2.key}
    assert {(r["plan"], r["street"], r["tasks"]) for r in rows if r["street"] == "临江街道"} == {
        (linjiang_1.key, "临江街道", 1), (linjiang_2.key, "临江街道", 1)}
    # every task of these tables has a lead and more than one unit
    assert _library(driver, "tasks_without_lead", district=binhe.district) == []
    assert _library(driver, "single_unit_tasks", district=binhe.district) == []


def test_a_database_of_the_previous_model_is_refused_then_migrated(driver, plans, loaded):  # noqa: F811
    linjiang_1 = plans[0]
    before = {p.key: [t.links for t in p.tasks] for p in read_plans(driver, loaded, database=DATABASE)}
    # the previous model: units and leaders by name alone, no jurisdiction (this district's only)
    with driver.session(database=DATABASE) as session:
        session.run(
            "MATCH (u:Unit) WHERE u.jurisdiction = $d "
            "OPTIONAL MATCH (u)-[b:BELONGS_TO]->() DELETE b REMOVE u.key, u.jurisdiction, u.level",
            d=linjiang_1.district,
        ).consume()
        session.run("MATCH (l:Leader {district: $d}) REMOVE l.key, l.district", d=linjiang_1.district).consume()
    try:
        assert old_model(driver, DATABASE)["units"] > 0
        with pytest.raises(OldModelError, match="respgraph neo4j migrate"):
            load_plan(driver, linjiang_1, database=DATABASE)
    finally:
        result = migrate(driver, database=DATABASE)
    assert result.migrated and set(loaded) <= set(result.plans)
    assert old_model(driver, DATABASE) == {"units": 0, "leaders": 0}
    # every plan kept, with the same links and the same keys as before
    after = {p.key: [t.links for t in p.tasks] for p in read_plans(driver, loaded, database=DATABASE)}
    assert after == before
    assert scalar(driver, "MATCH (u:Unit {key: $k})-[:BELONGS_TO]->(:District {name: $d}) RETURN count(u)",
                  k=linjiang_1.unit_key("区住建局"), d=linjiang_1.district) == 1
    assert scalar(driver, "MATCH (l:Leader {key: $k}) RETURN count(l)", k=f"{linjiang_1.district}/王涛") == 1
    # loading again changes nothing now
    load_plan(driver, linjiang_1, database=DATABASE)


def _make_old(driver, district):  # noqa: F811
    """Turn one district's units and leaders into the previous model's (keyed by name alone)."""
    with driver.session(database=DATABASE) as session:
        session.run(
            "MATCH (u:Unit) WHERE u.jurisdiction = $d "
            "OPTIONAL MATCH (u)-[b:BELONGS_TO]->() DELETE b REMOVE u.key, u.jurisdiction, u.level",
            d=district,
        ).consume()
        session.run("MATCH (l:Leader {district: $d}) REMOVE l.key, l.district", d=district).consume()


def test_load_says_migrate_and_the_commands_migrate(driver, plans, loaded, files):  # noqa: F811
    from click.testing import CliRunner

    from respgraph.cli import main

    tables, aliases = files
    runner = CliRunner()
    binhe = plans[2]
    _make_old(driver, binhe.district)
    try:
        result = runner.invoke(main, ["load", str(tables["binhe-1"]), "--database", DATABASE])
        assert result.exit_code == 3, result.output
        assert "respgraph neo4j migrate" in result.output and "Traceback" not in result.output
        result = runner.invoke(main, ["neo4j", "migrate", "--database", DATABASE])
        assert result.exit_code == 0, result.output
        assert "Migrated" in result.output
    finally:
        migrate(driver, database=DATABASE)
    assert old_model(driver, DATABASE) == {"units": 0, "leaders": 0}
    result = runner.invoke(main, ["neo4j", "migrate", "--database", DATABASE])
    assert result.exit_code == 0 and "Nothing to migrate" in result.output
    # load --replace migrates first, then replaces the plan
    _make_old(driver, binhe.district)
    try:
        result = runner.invoke(main, ["load", str(tables["binhe-1"]), "--replace", "--database", DATABASE])
        assert result.exit_code == 0, result.output
    finally:
        migrate(driver, database=DATABASE)
    assert old_model(driver, DATABASE) == {"units": 0, "leaders": 0}
    assert scalar(driver, "MATCH (u:Unit {key: $k}) RETURN count(u)", k=binhe.unit_key("区住建局")) == 1
    assert sorted(p.key for p in read_plans(driver, loaded, database=DATABASE)) == sorted(loaded)


def test_write_back_needs_one_answer_and_writes_by_key(driver, plans, loaded):  # noqa: F811
    from click.testing import CliRunner

    from respgraph.cli import main

    linjiang_1, linjiang_2, binhe = plans
    runner = CliRunner()
    base = ["rank", "--source", "neo4j", "--database", DATABASE, "--metric", "strength", "--write-back"]
    result = runner.invoke(main, base + ["--plan", linjiang_1.key, "--plan", binhe.key])
    assert result.exit_code == 2 and "choose one --plan, or --pooled" in result.output
    assert scalar(driver, "MATCH (u:Unit {key: $k}) RETURN u.rank_strength", k=binhe.unit_key("区住建局")) is None
    # pooled over two districts: each district's 区住建局 gets its own score
    result = runner.invoke(main, base + ["--plan", linjiang_1.key, "--plan", binhe.key, "--pooled"])
    assert result.exit_code == 0, result.output
    G = coordination_graph([linjiang_1, binhe])
    want = {G.nodes[r["unit"]]["key"]: r["value"] for r in rank(G, "strength")}
    for plan in (linjiang_1, binhe):
        key = plan.unit_key("区住建局")
        assert scalar(driver, "MATCH (u:Unit {key: $k}) RETURN u.rank_strength", k=key) == want[key]
    assert want[linjiang_1.unit_key("区住建局")] != want[binhe.unit_key("区住建局")]
