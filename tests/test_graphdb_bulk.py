"""``load --bulk``: Neo4j's offline importer writes the graph the transactional loader writes.

A server of our own is started for the module, in a data home under the
test's temporary folder and on free ports (a bulk load stops and restarts the
server, and replaces its whole database, so it must never be the shared one).
The seed and three small tables of two districts (sharing units, one renamed
between two years) are read through the normal reading path, bulk-loaded,
dumped whole; the database is emptied and the same plans loaded with the
transactional loader, in the same order, and dumped again: the dumps, the
counts by label and type, and the plans read back must be equal.
"""

from __future__ import annotations

import json
import os
import socket

import pytest
from click.testing import CliRunner

from respgraph.cli import main
from respgraph.cli.reading import read_plans as read_tables
from respgraph.errors import InputError
from respgraph.graphdb import bulk, server
from respgraph.graphdb.connection import connect
from respgraph.graphdb.loader import load_plan
from respgraph.graphdb.read import read_plans as read_back
from graphdb_support import small_plan
from plans_support import write_plans


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def bulk_server(tmp_path_factory):
    """A server of our own: its home (a bulk load stops and restarts it)."""
    if os.environ.get("RESPGRAPH_SKIP_NEO4J") == "1" and os.environ.get("RESPGRAPH_REQUIRE_NEO4J") != "1":
        pytest.skip("RESPGRAPH_SKIP_NEO4J=1: Neo4j server tests skipped on request")
    home = tmp_path_factory.mktemp("bulk-home")
    server.start(home, bolt_port=free_port(), http_port=0, timeout=300)
    yield home
    server.stop(home)


def _connect(home):
    info = server.status(home, check_bolt=False)
    return connect(uri=info.uri, username="neo4j", password=info.password, database="neo4j")


def _hex(value):
    return value.hex() if isinstance(value, (bytes, bytearray)) else str(value)


_NODES = "MATCH (n) RETURN labels(n) AS labels, properties(n) AS props"
_RELS = """
MATCH (a)-[r]->(b)
RETURN type(r) AS type, properties(r) AS props, labels(a) AS a, coalesce(a.key, a.name) AS a_key,
       labels(b) AS b, coalesce(b.key, b.name) AS b_key
"""


def dump(conn) -> dict:
    """The whole graph as sorted text lines, and its counts by label and by relationship type."""
    nodes = conn.execute_query(_NODES).records
    rels = conn.execute_query(_RELS).records
    lines = sorted(json.dumps(dict(r), ensure_ascii=False, sort_keys=True, default=_hex) for r in nodes)
    lines += sorted(json.dumps(dict(r), ensure_ascii=False, sort_keys=True, default=_hex) for r in rels)
    labels, types = {}, {}
    for r in nodes:
        for label in r["labels"]:
            labels[label] = labels.get(label, 0) + 1
    for r in rels:
        types[r["type"]] = types.get(r["type"], 0) + 1
    return {"lines": lines, "labels": labels, "types": types}


@pytest.fixture(scope="module")
def tables(tmp_path_factory, seed_path):
    folder = tmp_path_factory.mktemp("bulk-tables")
    paths = write_plans(folder)
    return [str(seed_path), *(str(p) for p in paths.values())]


@pytest.mark.neo4j
def test_bulk_load_writes_the_graph_the_transactional_loader_writes(bulk_server, tables):
    plans = read_tables(tables, quiet=True).plans
    assert len(plans) == 4
    # two years of one district sharing a unit that the later plan's reader did not know
    # ("other", no aliases): the loader keeps its kind and merges its aliases
    finance = "区财政局共享区"
    plans += [small_plan("共享区", 2031), small_plan("共享区", 2032, extra_units=(finance,))]
    assert plans[-1].units[finance].kind == "other" and plans[-2].units[finance].kind == "government"
    result = bulk.bulk_load(plans, home=bulk_server, overwrite=True)
    assert result.database == "neo4j" and sorted(result.plans) == sorted(p.key for p in plans)
    # auth survives the import: the generated password still opens the restarted server
    with _connect(bulk_server) as conn:
        bulk_graph = dump(conn)
        bulk_plans = [p.to_dict() for p in read_back(conn)]
        constraints = {r["name"] for r in conn.execute_query("SHOW CONSTRAINTS YIELD name").records}
        conn.execute_query("MATCH (n) DETACH DELETE n")
        for plan in plans:
            load_plan(conn, plan)
        loaded_graph = dump(conn)
        loaded_plans = [p.to_dict() for p in read_back(conn)]
    assert {"plan_key", "unit_key", "task_key", "district_name"} <= constraints
    assert bulk_graph["labels"] == loaded_graph["labels"]
    assert bulk_graph["types"] == loaded_graph["types"]
    assert result.nodes == loaded_graph["labels"] and result.relationships == loaded_graph["types"]
    for kind in ("BELONGS_TO", "ISSUED_BY", "PART_OF", "OVERSEES", "LEADS", "CO_RESPONSIBLE", "INCLUDES", "NAMED_IN"):
        assert bulk_graph["types"][kind] > 0, kind
    assert bulk_graph["lines"] == loaded_graph["lines"]
    assert bulk_plans == loaded_plans  # read_plans gives back the same plans either way
    shared = [json.loads(line)["props"] for line in bulk_graph["lines"] if f'"key": "共享区/{finance}"' in line]
    assert [(u["kind"], u["aliases"]) for u in shared] == [("government", ["财政局"])]


@pytest.mark.neo4j
def test_a_database_holding_data_is_refused_without_overwrite(bulk_server, seed_path, monkeypatch):
    with _connect(bulk_server) as conn:
        conn.execute_query("MERGE (:Plan {key: 'already-here'})")
        before = conn.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
    with pytest.raises(InputError, match="already holds"):
        bulk.bulk_load([], home=bulk_server)
    monkeypatch.setenv("RESPGRAPH_HOME", str(bulk_server))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    result = CliRunner().invoke(main, ["load", "--bulk", str(seed_path)])
    assert result.exit_code == 2, result.output
    assert "already holds" in result.output and "--overwrite" in result.output
    assert "Traceback" not in result.output
    with _connect(bulk_server) as conn:  # nothing was imported, the server still answers
        assert conn.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == before


@pytest.mark.neo4j
def test_bulk_load_from_the_command_line_with_overwrite(bulk_server, seed_path, seed_plan, monkeypatch):
    monkeypatch.setenv("RESPGRAPH_HOME", str(bulk_server))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.delenv("NEO4J_DATABASE", raising=False)
    result = CliRunner().invoke(main, ["load", "--bulk", "--overwrite", str(seed_path)])
    assert result.exit_code == 0, result.output
    assert "Imported 1 plans into the database 'neo4j'" in result.output
    with _connect(bulk_server) as conn:
        keys = [r["key"] for r in conn.execute_query("MATCH (p:Plan) RETURN p.key AS key").records]
        tasks = conn.execute_query("MATCH (t:Task) RETURN count(t) AS n").records[0]["n"]
    assert keys == [seed_plan.key] and tasks == len(seed_plan.tasks)


@pytest.mark.neo4j
def test_a_database_other_than_the_default_is_refused_with_a_message(bulk_server, seed_path, monkeypatch):
    monkeypatch.setenv("RESPGRAPH_HOME", str(bulk_server))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    result = CliRunner().invoke(main, ["load", "--bulk", "--overwrite", "--database", "national", str(seed_path)])
    assert result.exit_code == 2, result.output
    assert "--database" in result.output and "only its default database ('neo4j')" in result.output
    assert "Traceback" not in result.output


def test_options_that_do_not_go_with_bulk_are_named(seed_path):
    result = CliRunner().invoke(main, ["load", "--overwrite", str(seed_path)])
    assert result.exit_code == 2 and "--overwrite" in result.output and "--bulk" in result.output
    result = CliRunner().invoke(main, ["load", "--bulk", "--replace", str(seed_path)])
    assert result.exit_code == 2 and "--replace" in result.output


def test_csv_values_keep_empty_text_apart_from_absent_values():
    assert bulk.csv_value("", "string") == '""'
    assert bulk.csv_value(None, "string") == ""
    assert bulk.csv_value('说"明"', "string") == '"说""明"""'
    with pytest.raises(InputError):
        bulk.csv_value(["a\x1fb"], "string[]")


def test_two_tables_of_one_plan_are_refused_before_anything_is_written(seed_plan, tmp_path):
    with pytest.raises(InputError, match="several tables give the plan"):
        bulk.write_csv([seed_plan, seed_plan], tmp_path)
    assert not list(tmp_path.iterdir())
