"""The analysis commands through click's CliRunner: output, formats, exit codes, clean errors."""

import csv
import io
import json
from collections import Counter
from itertools import combinations
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from respgraph.cli import main

COMMANDS = ["rank", "pairs", "partners", "communities", "leaders", "workload", "summary", "compare"]


@pytest.fixture(scope="module")
def runner():
    return CliRunner()


@pytest.fixture(scope="module")
def seed_counts(seed_plan):
    """Shared-task counts counted straight from the tasks (explicit links only)."""
    counts = Counter()
    for task in seed_plan.tasks:
        counts.update(combinations(sorted(set(task.units(inferred=False))), 2))
    return counts


@pytest.fixture(scope="module")
def seed_2022(tmp_path_factory, seed_path):
    """The seed as a 2022 plan where task 4 names 区统计局 instead of 区机关事务中心."""
    text = Path(seed_path).read_text(encoding="utf-8")
    assert text.count("区住建局、区机关事务中心") == 1
    text = text.replace("2021年", "2022年").replace("区住建局、区机关事务中心", "区住建局、区统计局")
    path = tmp_path_factory.mktemp("plans") / "gongshu-2022.txt"
    path.write_text(text, encoding="utf-8")
    return path


def run(runner, *args):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(runner, command):
    result = run(runner, command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output and f"respgraph {command}" in result.output
    for option in ("--plan", "--blanket", "--format", "--output", "--write-back", "--source"):
        assert option in result.output


def test_rank_json_matches_a_direct_count(runner, seed_path, seed_counts):
    strength = Counter()
    for (a, b), n in seed_counts.items():
        strength[a] += n
        strength[b] += n
    result = run(runner, "rank", seed_path, "--metric", "strength", "--top", "5", "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    expected = sorted(strength.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    assert [(r["unit"], r["value"]) for r in rows] == expected
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5]


def test_rank_table_names_the_top_unit(runner, seed_path):
    result = run(runner, "rank", seed_path, "--metric", "degree", "--top", "3")
    assert result.exit_code == 0
    assert "Units by degree" in result.output and "拱墅区-2021; blanket exclude" in result.output
    top = json.loads(run(runner, "rank", seed_path, "--metric", "degree", "--top", "1", "--format", "json").output)[0]
    assert top["unit"] in result.output


def test_sampled_rank_says_so(runner, seed_path):
    result = run(runner, "rank", seed_path, "--metric", "betweenness", "--sample", "10", "--seed", "3", "--format", "json")
    rows = json.loads(result.output)
    assert rows and all(r["sampled"] == "sampled: 10 of 88 nodes as pivots, seed 3" for r in rows)


def test_csv_has_a_header_and_one_line_per_row(runner, seed_path, tmp_path):
    result = run(runner, "rank", seed_path, "--top", "4", "--format", "csv")
    lines = list(csv.reader(io.StringIO(result.output)))
    assert lines[0] == ["rank", "unit", "kind", "value", "tasks"] and len(lines) == 5
    out = tmp_path / "pairs.csv"
    result = run(runner, "pairs", seed_path, "--top", "3", "--format", "csv", "-o", out)
    assert result.exit_code == 0
    text = out.read_text(encoding="utf-8-sig")  # written with a BOM for Excel
    assert text.splitlines()[0] == "unit_a,unit_b,shared,lead_co,tasks"


def test_xlsx_opens_with_the_rows(runner, seed_path, tmp_path):
    out = tmp_path / "workload.xlsx"
    result = run(runner, "workload", seed_path, "--top", "6", "--format", "xlsx", "-o", out)
    assert result.exit_code == 0
    ws = openpyxl.load_workbook(out).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("unit", "kind", "lead", "co", "total")
    data = [r for r in rows[1:] if r and r[0] and r[1]]
    assert len(data) == 6 and all(r[2] + r[3] == r[4] for r in data)


def test_xlsx_needs_an_output_file(runner, seed_path):
    result = runner.invoke(main, ["rank", str(seed_path), "--format", "xlsx"])
    assert result.exit_code == 2 and "-o" in result.output and "Traceback" not in result.output


def test_pairs_top_pair_matches_a_direct_count(runner, seed_path, seed_counts):
    (pair, shared), = seed_counts.most_common(1)
    rows = json.loads(run(runner, "pairs", seed_path, "--top", "1", "--format", "json").output)
    assert (rows[0]["unit_a"], rows[0]["unit_b"], rows[0]["shared"]) == (*pair, shared)
    assert len(rows[0]["tasks"]) == shared and all(t.isdigit() for t in rows[0]["tasks"])


def test_partners_lists_every_partner(runner, seed_path, seed_counts):
    unit = "区财政局"
    expected = {b if a == unit else a: n for (a, b), n in seed_counts.items() if unit in (a, b)}
    rows = json.loads(run(runner, "partners", unit, seed_path, "--format", "json").output)
    assert {r["partner"]: r["shared"] for r in rows} == expected
    for r in rows:
        assert r["unit_leads"] + r["partner_leads"] + r["both_lead"] + r["neither_leads"] == r["shared"]


def test_partners_of_an_unknown_unit_is_a_clean_error(runner, seed_path):
    result = runner.invoke(main, ["partners", "区财政", str(seed_path)])
    assert result.exit_code == 2 and "区财政局" in result.output and "Traceback" not in result.output


def test_communities_cover_every_unit_once(runner, seed_path, seed_plan):
    result = run(runner, "communities", seed_path, "--format", "json")
    rows = json.loads(result.output)
    members = [m for r in rows for m in r["members"].split("、")]
    units = {u for t in seed_plan.tasks for u in t.units(inferred=False)}
    assert sorted(members) == sorted(units)
    table = run(runner, "communities", seed_path)
    assert "modularity" in table.output and "Louvain seed 0" in table.output


def test_leaders_portfolios_and_units_with_several(runner, seed_path, seed_plan):
    rows = json.loads(run(runner, "leaders", seed_path, "--format", "json").output)
    assert sorted(r["leader"] for r in rows) == sorted(seed_plan.leaders) and len(rows) == 8
    tasks_per_leader = Counter(name for t in seed_plan.tasks for name in t.leaders)
    assert {r["leader"]: r["tasks"] for r in rows} == dict(tasks_per_leader)
    several = json.loads(run(runner, "leaders", seed_path, "--units", "--format", "json").output)
    assert all(r["leader_count"] >= 2 for r in several)


def test_workload_streets_compares_both_readings(runner, seed_path, seed_plan):
    rows = json.loads(run(runner, "workload", seed_path, "--streets", "--format", "json").output)
    assert sorted(r["street"] for r in rows) == sorted(seed_plan.streets)
    for r in rows:
        named = sum(1 for t in seed_plan.tasks if r["street"] in t.units(inferred=False))
        assert r["explicit"] == named and r["with_blanket"] == r["explicit"] + r["via_blanket"]


def test_summary_counts_units_and_links(runner, seed_path, seed_plan, seed_counts):
    rows = json.loads(run(runner, "summary", seed_path, "--format", "json").output)
    units = {u for t in seed_plan.tasks for u in t.units(inferred=False)}
    assert rows[0]["units"] == len(units) and rows[0]["links"] == len(seed_counts)
    table = run(runner, "summary", seed_path)
    assert "density" in table.output and "拱墅区-2021" in table.output


def test_compare_two_plans(runner, seed_path, seed_2022, seed_counts):
    result = run(runner, "compare", "拱墅区-2021", "拱墅区-2022", seed_path, seed_2022, "--format", "json")
    assert result.exit_code == 0
    rows = json.loads(result.output)
    links = {(r["unit_a"], r["unit_b"]): r for r in rows if r["what"] == "link"}
    # task 4: 区发改经信局 leads, 区住建局 co; 区机关事务中心 replaced by 区统计局
    for other, sign in (("区机关事务中心", -1), ("区统计局", +1)):
        for partner in ("区发改经信局", "区住建局"):
            pair = tuple(sorted((other, partner)))
            before = seed_counts.get(pair, 0)
            r = links[pair]
            assert (r["before"], r["after"], r["delta"]) == (before, before + sign, sign)
            expected = ("appeared" if before == 0 else "grew") if sign > 0 else ("disappeared" if before == 1 else "shrank")
            assert r["change"] == expected
    assert len(links) == 4  # nothing else changed
    table = run(runner, "compare", "拱墅区-2021", "拱墅区-2022", seed_path, seed_2022)
    assert "拱墅区-2021 → 拱墅区-2022" in table.output


def test_compare_unknown_plan_lists_the_loaded_ones(runner, seed_path):
    result = runner.invoke(main, ["compare", "拱墅区-2021", "拱墅区-2030", str(seed_path)])
    assert result.exit_code == 2 and "拱墅区-2030" in result.output and "loaded plans: 拱墅区-2021" in result.output


def test_unknown_plan_is_a_clean_error_listing_the_keys(runner, seed_path, seed_2022):
    result = runner.invoke(main, ["rank", str(seed_path), str(seed_2022), "--plan", "西湖区-2021"])
    assert result.exit_code == 2
    assert "西湖区-2021" in result.output and "拱墅区-2021, 拱墅区-2022" in result.output
    assert "Traceback" not in result.output


def test_plan_picks_one_of_several(runner, seed_path, seed_2022):
    both = json.loads(run(runner, "summary", seed_path, seed_2022, "--format", "json").output)
    assert [r["plans"] for r in both] == ["拱墅区-2021", "拱墅区-2022"]
    pooled = json.loads(run(runner, "summary", seed_path, seed_2022, "--pooled", "--format", "json").output)
    assert [r["plans"] for r in pooled] == ["拱墅区-2021", "拱墅区-2022", "拱墅区-2021, 拱墅区-2022"]
    one = json.loads(run(runner, "summary", seed_path, seed_2022, "--plan", "拱墅区-2022", "--format", "json").output)
    assert [r["plans"] for r in one] == ["拱墅区-2022"]


def test_write_back_needs_neo4j(runner, seed_path):
    result = runner.invoke(main, ["rank", str(seed_path), "--write-back"])
    assert result.exit_code == 2 and "--source neo4j" in result.output and "Traceback" not in result.output


def test_missing_input_and_missing_file_are_clean_errors(runner, tmp_path):
    result = runner.invoke(main, ["rank"])
    assert result.exit_code == 2 and "FILE" in result.output
    result = runner.invoke(main, ["pairs", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "nope.txt" in result.output and "Traceback" not in result.output


def test_unreachable_neo4j_is_a_clean_error(runner):
    result = runner.invoke(main, ["rank", "--source", "neo4j", "--uri", "bolt://127.0.0.1:1"])
    assert result.exit_code == 3 and "127.0.0.1:1" in result.output and "Traceback" not in result.output


def test_blanket_expand_brings_streets_in(runner, seed_path, seed_plan):
    plain = json.loads(run(runner, "rank", seed_path, "--metric", "degree", "--top", "30", "--format", "json").output)
    expanded = json.loads(run(runner, "rank", seed_path, "--metric", "degree", "--top", "30", "--blanket", "expand", "--format", "json").output)
    streets = set(seed_plan.streets)
    assert sum(r["unit"] in streets for r in expanded) > sum(r["unit"] in streets for r in plain)
    grouped = json.loads(run(runner, "rank", seed_path, "--metric", "degree", "--blanket", "group", "--format", "json").output)
    assert "group:各街道" in {r["unit"] for r in grouped}
