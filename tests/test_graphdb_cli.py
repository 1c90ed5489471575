"""``respgraph neo4j init``, ``load`` and ``cypher`` through click's CliRunner, against the real server."""

from __future__ import annotations

import csv
import io
import json
import socket

import pytest
from click.testing import CliRunner

from graphdb_support import DATABASE, cleanup, driver, plan_counts, scalar, unique_year  # noqa: F401  (fixtures)
from respgraph.cli import main
from respgraph.errors import DatabaseError, QueryError

pytestmark = pytest.mark.neo4j


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def test_init_applies_the_schema_again_without_harm(driver):
    first = run("neo4j", "init")
    second = run("neo4j", "init")
    assert first.exit_code == second.exit_code == 0, first.output
    assert "Schema applied" in second.output


def test_load_prints_counts_and_loading_again_changes_nothing(driver, seed_path, seed_plan, cleanup):
    year = unique_year()
    key = f"拱墅区-{year}"
    cleanup.append(key)
    first = run("load", seed_path, "--year", year)
    assert first.exit_code == 0, first.output
    assert f"{key}: loaded from" in first.output
    leads = sum(1 for t in seed_plan.tasks for l in t.links if l.role == "lead")
    assert f"106 tasks, 21 sections" in first.output and f"{leads} LEADS" in first.output
    counts = plan_counts(driver, key)
    second = run("load", seed_path, "--year", year)
    assert second.exit_code == 0, second.output
    assert "merged into the existing plan" in second.output
    assert "0 nodes and 0 relationships created" in second.output
    assert plan_counts(driver, key) == counts
    third = run("load", seed_path, "--year", year, "--replace", "--batch-size", "100")
    assert third.exit_code == 0, third.output
    assert f"{key}: replaced from" in third.output
    assert plan_counts(driver, key) == counts


def test_load_of_a_missing_file_names_it(driver):
    result = CliRunner().invoke(main, ["load", "no/such/table.txt"])
    assert result.exit_code != 0
    assert "no/such/table.txt" in result.output
    assert "Traceback" not in result.output


def test_plans_lists_a_loaded_plan_and_delete_removes_it(driver, seed_path, cleanup):
    key = f"拱墅区-{unique_year()}"
    cleanup.append(key)
    assert run("load", seed_path, "--year", key.split("-")[1]).exit_code == 0
    listed = run("plans", "--format", "json")
    assert listed.exit_code == 0, listed.output
    (row,) = [r for r in json.loads(listed.output) if r["key"] == key]
    assert (row["district"], row["tasks"], row["source"]) == ("拱墅区", 106, str(seed_path))
    assert row["units"] == scalar(
        driver, "MATCH (u:Unit)-[:LEADS|CO_RESPONSIBLE]->(:Task {plan: $p}) RETURN count(DISTINCT u)", p=key
    )

    # asked first; saying no deletes nothing
    declined = CliRunner().invoke(main, ["delete", key], input="n\n")
    assert declined.exit_code != 0 and "Aborted" in declined.output
    assert plan_counts(driver, key)["tasks"] == 106

    deleted = run("delete", key, "--yes")
    assert deleted.exit_code == 0, deleted.output
    assert f"{key}: deleted." in deleted.output
    assert set(plan_counts(driver, key).values()) == {0}
    assert key not in [r["key"] for r in json.loads(run("plans", "--format", "json").output)]


def test_delete_of_an_unknown_plan_deletes_nothing(driver, seed_path, cleanup):
    key = f"拱墅区-{unique_year()}"
    cleanup.append(key)
    assert run("load", seed_path, "--year", key.split("-")[1]).exit_code == 0
    result = CliRunner().invoke(main, ["delete", key, "没有这个-1999", "--yes"])
    assert result.exit_code != 0
    assert "no plan 没有这个-1999 in the database" in result.output and "nothing was deleted" in result.output
    assert "Traceback" not in result.output
    assert plan_counts(driver, key)["tasks"] == 106


def test_cypher_list_shows_the_library_with_questions():
    result = run("cypher", "--list", "--format", "json")
    assert result.exit_code == 0, result.output
    listed = {row["name"]: row for row in json.loads(result.output)}
    assert {"pairs", "lead_load", "street_burden", "schema"} <= set(listed)
    assert listed["pairs"]["question"].startswith("Which pairs of units")
    assert "top=20" in listed["pairs"]["parameters"]


def test_a_library_query_by_name_with_parameters(driver, seed_path, cleanup):
    year = unique_year()
    key = f"拱墅区-{year}"
    cleanup.append(key)
    assert run("load", seed_path, "--year", year).exit_code == 0
    result = run("cypher", "plan_summary", "--param", f"plan={key}", "--format", "json")
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.output)
    assert (row["plan"], row["tasks"], row["sections"], row["leaders"]) == (key, 106, 21, 8)

    pairs = run("cypher", "pairs", "--param", "top=5", "--param", f"plan={key}", "--format", "csv")
    assert pairs.exit_code == 0, pairs.output
    rows = list(csv.reader(io.StringIO(pairs.output)))
    # the first columns; unit_a and unit_b are also given their jurisdictions (two districts may share a name)
    assert rows[0][:3] == ["unit_a", "unit_b", "shared_tasks"] and len(rows) == 6
    shared = [int(r[2]) for r in rows[1:]]
    assert shared == sorted(shared, reverse=True)

    table = run("cypher", "lead_load", "-p", f"plan={key}", "-p", "top=3")
    assert table.exit_code == 0 and "(3 rows)" in table.output and "区发改经信局" in table.output


def test_query_text_and_file_and_output_file(tmp_path, driver):
    query = tmp_path / "q.cypher"
    query.write_text("// Echo.\n// @param x: 2\nRETURN $x AS x, $y AS y", encoding="utf-8")
    out = tmp_path / "out.json"
    result = run("cypher", "-f", query, "--param", 'y=["a", null]', "--format", "json", "-o", out)
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8")) == [{"x": 2, "y": ["a", None]}]
    text = run("cypher", "RETURN '[b]区' AS name, 1.5 AS v")
    assert text.exit_code == 0 and "[b]区" in text.output and "1.5" in text.output


def test_read_only_refuses_a_write_and_write_allows_it(driver):
    marker = f"cli-{unique_year()}"
    refused = CliRunner().invoke(main, ["cypher", "CREATE (:CliScratch {m: $m})", "--param", f"m={marker}"])
    assert refused.exit_code == QueryError.exit_code
    assert "this query writes; run with --write" in refused.output
    assert "Traceback" not in refused.output
    try:
        allowed = run("cypher", "CREATE (n:CliScratch {m: $m}) RETURN n.m AS m", "--param", f"m={marker}", "--write", "--format", "csv")
        assert allowed.exit_code == 0 and allowed.output.splitlines() == ["m", marker]
    finally:
        run("cypher", "MATCH (n:CliScratch {m: $m}) DELETE n", "--param", f"m={marker}", "--write")
    # a library file that writes needs --write too
    schema = CliRunner().invoke(main, ["cypher", "schema"])
    assert schema.exit_code == QueryError.exit_code and "--write" in schema.output


def test_a_syntax_error_shows_the_servers_message_without_traceback(driver):
    result = CliRunner().invoke(main, ["cypher", "MATCH (n) RETRUN n"])
    assert result.exit_code == QueryError.exit_code
    assert "Cypher syntax error" in result.output and "RETRUN" in result.output
    assert "Traceback" not in result.output
    missing = CliRunner().invoke(main, ["cypher", "RETURN $nothere AS v"])
    assert missing.exit_code == QueryError.exit_code and "nothere" in missing.output


def test_bad_param_syntax_is_named():
    result = CliRunner().invoke(main, ["cypher", "RETURN 1", "--param", "novalue"])
    assert result.exit_code != 0 and "--param 'novalue'" in result.output


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_connection_refused_gives_a_clear_message_and_no_traceback(seed_path):
    uri = f"bolt://127.0.0.1:{_free_port()}"
    for args in (["cypher", "RETURN 1"], ["load", str(seed_path)], ["neo4j", "init"]):
        result = CliRunner().invoke(main, [*args, "--uri", uri])
        assert result.exit_code == DatabaseError.exit_code, (args, result.output)
        assert "127.0.0.1" in result.output and "Traceback" not in result.output


def test_commands_acting_on_the_server_and_load_csv_name_their_flags(driver):
    terminate = CliRunner().invoke(main, ["cypher", "TERMINATE TRANSACTIONS 'neo4j-transaction-999999'"])
    assert terminate.exit_code == QueryError.exit_code
    assert "TERMINATE TRANSACTIONS ends other people's work" in terminate.output and "--write" in terminate.output
    kill = CliRunner().invoke(main, ["cypher", "CALL dbms.killConnection('bolt-999999')"])
    assert kill.exit_code == QueryError.exit_code and "dbms.killConnection" in kill.output and "--write" in kill.output
    load = CliRunner().invoke(main, ["cypher", "LOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row", "--write"])
    assert load.exit_code == QueryError.exit_code and "--allow-load-csv" in load.output
    assert "Traceback" not in terminate.output + kill.output + load.output
    looks = run("cypher", "SHOW TRANSACTIONS YIELD transactionId RETURN count(*) AS n", "--format", "csv")
    assert looks.exit_code == 0 and looks.output.splitlines()[0] == "n"


def test_a_database_option_is_the_database_used(driver):
    for args in (["plans"], ["cypher", "RETURN 1"], ["delete", "甲区-2031", "--yes"], ["neo4j", "init"],
                 ["rank", "--source", "neo4j"]):
        result = CliRunner().invoke(main, [*args, "--database", "respgraphnosuchdb"])
        assert result.exit_code == DatabaseError.exit_code, (args, result.output)
        assert "no database named 'respgraphnosuchdb'" in result.output


def test_cypher_output_is_formula_safe(driver, tmp_path):
    result = run("cypher", "RETURN '=1+2' AS a, -3 AS b, ['=x', 'y'] AS c", "--format", "csv")
    assert result.exit_code == 0 and result.output.splitlines() == ["a,b,c", "'=1+2,-3,\"[\"\"=x\"\", \"\"y\"\"]\""]
    missing = CliRunner().invoke(main, ["cypher", "RETURN 1 AS one", "--format", "csv", "-o", str(tmp_path / "no" / "x.csv")])
    assert missing.exit_code == 2 and "does not exist" in missing.output and "Traceback" not in missing.output


def test_load_a_folder_loads_every_readable_table_and_names_the_broken_one(driver, cleanup, tmp_path):
    import shutil
    from pathlib import Path

    corpus = Path(__file__).parent / "data" / "corpus"
    for name in ("liandu-2023", "lishan-2023"):
        shutil.copy(corpus / f"{name}.txt", tmp_path / f"{name}.txt")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not a workbook")
    year = unique_year()
    keys = [f"莲都区-{year}", f"立山区-{year}"]
    cleanup.extend(keys)
    result = run("load", tmp_path, "--year", year)
    assert result.exit_code == 2
    assert "broken.xlsx" in result.stderr and "1 of 3 table files could not be read" in result.stderr
    for key, tasks in zip(keys, (13, 6)):
        assert f"{key}: loaded from" in result.stdout
        assert scalar(driver, "MATCH (t:Task {plan: $plan}) RETURN count(t)", plan=key) == tasks
