"""The analysis commands over plans of several districts and years (files, no server)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from plans_support import write_plans
from respgraph.cli import main
from respgraph.graphs import coordination_graph
from respgraph.analysis.ranking import rank
from respgraph.ingest import parse_file
from respgraph.lexicon import load_alias_file


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return write_plans(tmp_path_factory.mktemp("districts-cli"))


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args, code=0):
    result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result


def test_rank_answers_per_plan_by_default_and_pooled_on_request(runner, tables):
    files = [tables["linjiang-1"], tables["linjiang-2"], tables["binhe-1"]]
    rows = json.loads(run(runner, "rank", *files, "--format", "json").stdout)
    assert sorted({r["plans"] for r in rows}) == ["滨河区-2021", "临江区-2021", "临江区-2022"] or \
        {r["plans"] for r in rows} == {"滨河区-2021", "临江区-2021", "临江区-2022"}
    # each plan ranked on its own graph: the same as ranking that plan alone, names plain
    alone = rank(coordination_graph([parse_file(tables["binhe-1"])]), "strength")
    got = [(r["rank"], r["unit"], r["value"]) for r in rows if r["plans"] == "滨河区-2021"]
    assert got == [(r["rank"], r["unit"], r["value"]) for r in alone]
    # side by side in the terminal: one column per plan
    table = run(runner, "rank", *files, "--top", "3").stdout
    assert "临江区-2021" in table and "滨河区-2021" in table and "区住建局" in table
    # pooled over two districts: one ranking, each district's unit apart, with its district
    pooled = json.loads(run(runner, "rank", *files, "--pooled", "--format", "json").stdout)
    names = {r["unit"] for r in pooled}
    assert {"区住建局（临江区）", "区住建局（滨河区）", "市水利局（杭州市）"} <= names
    # by district: 临江区's two years together
    by_district = json.loads(run(runner, "rank", *files, "--by", "district", "--format", "json").stdout)
    assert {r["plans"] for r in by_district} == {"临江区", "滨河区"}


def test_partners_of_a_name_two_districts_use(runner, tables):
    files = [tables["linjiang-1"], tables["binhe-1"]]
    result = run(runner, "partners", "区住建局", *files, code=2)
    assert "区住建局（临江区）" in result.output and "区住建局（滨河区）" in result.output
    rows = json.loads(run(runner, "partners", "滨河区/区住建局", *files, "--format", "json").stdout)
    assert {(r["partner"], r["shared"]) for r in rows} == {("区商务局（滨河区）", 2), ("区科技局（滨河区）", 2), ("市水利局（杭州市）", 1)}


def test_compare_two_districts_unit_by_unit(runner, tables):
    files = [tables["linjiang-1"], tables["binhe-1"]]
    rows = json.loads(run(runner, "compare", "临江区-2021", "滨河区-2021", *files, "--what", "measures", "--format", "json").stdout)
    by_unit = {r["unit"]: r for r in rows}
    assert set(by_unit) == {"区住建局", "市水利局"}  # the names both districts use
    housing = by_unit["区住建局"]
    assert (housing["tasks_a"], housing["tasks_b"]) == (3, 2)
    assert housing["common_partners"] == "市水利局"


def test_summary_per_plan_and_pooled(runner, tables):
    files = [tables["linjiang-1"], tables["linjiang-2"]]
    records = json.loads(run(runner, "summary", *files, "--pooled", "--format", "json").stdout)
    assert [r["plans"] for r in records] == ["临江区-2021", "临江区-2022", "临江区-2021, 临江区-2022"]
    assert [r["tasks"] for r in records] == [5, 5, 10]


def test_trend_follows_a_renamed_unit_with_aliases(runner, tables, tmp_path):
    files = [tables["linjiang-1"], tables["linjiang-2"], tables["binhe-1"]]
    suggestions = tmp_path / "renames.yaml"
    run(runner, "aliases", "suggest", "临江区-2021", "临江区-2022", *files, "-o", suggestions)
    aliases = load_alias_file(suggestions)
    assert aliases.district_aliases == {"临江区": {"区发改经信局": "区发改局"}}
    rows = json.loads(run(runner, "trend", "区发改局", *files, "--aliases", suggestions, "--format", "json").stdout)
    assert [(r["plan"], r["unit"], r["tasks"], r["lead"]) for r in rows] == [
        ("临江区-2021", "区发改经信局", 2, 1),
        ("临江区-2022", "区发改局", 3, 1),
    ]
    # without the alias, the old name is another unit: absent in 2022
    rows = json.loads(run(runner, "trend", "区发改经信局", *files, "--format", "json").stdout)
    assert [(r["plan"], r["present"]) for r in rows] == [("临江区-2021", True), ("临江区-2022", False)]
    # a name two districts use needs --district
    result = run(runner, "trend", "区住建局", *files, code=2)
    assert "临江区/区住建局" in result.output and "滨河区/区住建局" in result.output
    rows = json.loads(run(runner, "trend", "区住建局", *files, "--in", "滨河区", "--format", "json").stdout)
    assert [(r["plan"], r["tasks"]) for r in rows] == [("滨河区-2021", 2)]


@pytest.mark.parametrize("command", [["trend"], ["aliases", "suggest"], ["neo4j", "migrate"]])
def test_the_new_commands_have_help_with_an_example(runner, command):
    result = run(runner, *command, "--help")
    assert "Example" in result.output and f"respgraph {' '.join(command)}" in result.output


def test_aliases_suggest_refuses_two_districts(runner, tables):
    result = run(runner, "aliases", "suggest", "临江区-2021", "滨河区-2021", tables["linjiang-1"], tables["binhe-1"], code=2)
    assert "two districts" in result.output and "Traceback" not in result.output

