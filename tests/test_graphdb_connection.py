"""The connection owns its database: every library function uses the one it was opened with.

Neo4j Community has one user database, so the proof uses a database that does
not exist: a function that quietly read the server's default would answer,
one that uses the connection's database fails naming it.
"""

from __future__ import annotations

import pytest

from graphdb_support import driver, small_plan, unique  # noqa: F401  (fixtures)
from respgraph.errors import DatabaseError, QueryError
from respgraph.graphdb.connection import connect
from respgraph.graphdb.loader import apply_schema, delete_plan, load_plan
from respgraph.graphdb.read import plan_keys, plan_overview, read_plans
from respgraph.graphdb.runner import run_query, run_script
from respgraph.graphdb.writeback import write_unit_properties

pytestmark = pytest.mark.neo4j

MISSING = "respgraphnosuchdb"

CALLS = {
    "read_plans": lambda conn: read_plans(conn),
    "plan_keys": lambda conn: plan_keys(conn),
    "plan_overview": lambda conn: plan_overview(conn),
    "run_query": lambda conn: run_query(conn, "RETURN 1 AS one"),
    "run_script": lambda conn: run_script(conn, "RETURN 1 AS one; RETURN 2 AS two"),
    "delete_plan": lambda conn: delete_plan(conn, "甲区-2031"),
    "apply_schema": lambda conn: apply_schema(conn),
    "load_plan": lambda conn: load_plan(conn, small_plan(unique("测试区"))),
    "write_unit_properties": lambda conn: write_unit_properties(conn, {"区财政局": {"x": 1}}),
    "execute_query": lambda conn: conn.execute_query("RETURN 1"),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_every_function_uses_the_connections_database(driver, name):
    with connect(database=MISSING, check=False) as conn:
        with pytest.raises(DatabaseError) as caught:
            CALLS[name](conn)
    assert f"no database named '{MISSING}'" in str(caught.value)


def test_the_default_database_answers_the_same_calls(driver):
    # the control: with the connection's own (existing) database the same calls work
    assert run_query(driver, "RETURN 1 AS one") == (["one"], [[1]])
    assert isinstance(plan_keys(driver), list)


def test_the_system_database_is_the_one_asked(driver):
    # `system` exists but holds no graph: a query that only user databases run is refused there
    with connect(database="system", check=False) as conn:
        with pytest.raises(QueryError) as caught:
            plan_keys(conn)
    assert "The system database supports a restricted" in str(caught.value)
