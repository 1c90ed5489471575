"""Shared pieces of the tests that run against the real Neo4j server.

The server comes from NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD /
NEO4J_DATABASE (default bolt://127.0.0.1:7687, database ``neo4j``).  The
local server of ``respgraph neo4j start`` has authentication on: connect()
uses its generated password by itself when RESPGRAPH_HOME (or ./.respgraph)
is that server's home, as scripts/test.sh arranges; for a server started
elsewhere set RESPGRAPH_HOME to its home (or NEO4J_PASSWORD).  When it
cannot be reached the tests FAIL with a message saying so; only
``RESPGRAPH_SKIP_NEO4J=1`` skips them (for a quick local run without a server).

Every test writes plans under keys of its own (an unusual year, or a district
name with a random suffix) and deletes exactly those plans afterwards, so
tests of other modules can share the server.
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid

import pytest

from respgraph.model import GroupRef, Link, Plan, Task, Unit

DATABASE = os.environ.get("NEO4J_DATABASE") or "neo4j"


def _driver():
    from respgraph.graphdb.connection import connect

    return connect()


@pytest.fixture(scope="session")
def driver():
    if os.environ.get("RESPGRAPH_SKIP_NEO4J") == "1" and os.environ.get("RESPGRAPH_REQUIRE_NEO4J") != "1":
        pytest.skip("RESPGRAPH_SKIP_NEO4J=1: Neo4j tests skipped on request")
    uri = os.environ.get("NEO4J_URI", "bolt://127.0.0.1:7687")
    try:
        drv = _driver()
        drv.verify_connectivity()
    except Exception as exc:  # the message is the point: say what is missing and how to get it
        pytest.fail(
            f"Neo4j is not reachable at {uri} ({exc}). Start it with `respgraph neo4j start` "
            "(or set NEO4J_URI); set RESPGRAPH_SKIP_NEO4J=1 to skip these tests on purpose.",
            pytrace=False,
        )
    from respgraph.graphdb.loader import apply_schema

    apply_schema(drv, DATABASE)
    yield drv
    drv.close()


def unique(prefix: str) -> str:
    """A name no other test uses, e.g. ``测试区3f2a9c1e``."""
    return f"{prefix}{uuid.uuid4().hex[:8]}"


def unique_year() -> int:
    """A year for a test-only copy of a real plan (keeps its district, so its streets)."""
    return 5000 + uuid.uuid4().int % 4000


@pytest.fixture
def cleanup(driver):
    """Collect plan keys to delete after the test: ``cleanup.append(key)``."""
    from respgraph.graphdb.loader import delete_plan

    keys: list[str] = []
    yield keys
    for key in keys:
        delete_plan(driver, key, database=DATABASE)


def scalar(driver, cypher, **params):
    with driver.session(database=DATABASE) as session:
        return session.run(cypher, params).single()[0]


# Everything that belongs to one plan, as sorted text: its nodes with their
# properties and every relationship touching its tasks and groups, with the
# properties of both ends.  Equal fingerprints = equal plan subgraphs.
_FINGERPRINT = """
MATCH (p:Plan {key: $plan})
OPTIONAL MATCH (t:Task {plan: $plan})
WITH p, collect(t) AS tasks
OPTIONAL MATCH (g:`Group` {plan: $plan})
WITH p, tasks, collect(g) AS groups
OPTIONAL MATCH (s:Section {plan: $plan})
WITH p, tasks, groups, collect(s) AS sections
WITH p, tasks + groups + sections + [p] AS nodes
UNWIND nodes AS x
OPTIONAL MATCH (x)-[r]-(y)
WITH p, x, r, y
RETURN collect(DISTINCT [labels(x), properties(x), type(r), properties(r), labels(y), properties(y),
                         startNode(r) = x]) AS rows, properties(p) AS plan
"""


def _jsonable(value):
    """Property values JSON has no type for: byte arrays (the stored audit) as hex, sets sorted."""
    return value.hex() if isinstance(value, (bytes, bytearray)) else sorted(value)


def fingerprint(driver, plan_key: str) -> str:
    """A checksum of a plan's subgraph (empty plan -> checksum of nothing)."""
    with driver.session(database=DATABASE) as session:
        record = session.run(_FINGERPRINT, plan=plan_key).single()
    if record is None:
        return hashlib.sha256(b"absent").hexdigest()
    rows = sorted(json.dumps(row, ensure_ascii=False, sort_keys=True, default=_jsonable) for row in record["rows"])
    text = json.dumps(record["plan"], ensure_ascii=False, sort_keys=True, default=_jsonable) + "\n" + "\n".join(rows)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def plan_counts(driver, plan_key: str) -> dict:
    """Node and relationship counts of one plan's part of the graph."""
    return {
        "tasks": scalar(driver, "MATCH (t:Task {plan: $p}) RETURN count(t)", p=plan_key),
        "sections": scalar(driver, "MATCH (s:Section {plan: $p}) RETURN count(s)", p=plan_key),
        "groups": scalar(driver, "MATCH (g:`Group` {plan: $p}) RETURN count(g)", p=plan_key),
        "plans": scalar(driver, "MATCH (n:Plan {key: $p}) RETURN count(n)", p=plan_key),
        "leads": scalar(driver, "MATCH (:Unit)-[r:LEADS]->(:Task {plan: $p}) RETURN count(r)", p=plan_key),
        "co": scalar(driver, "MATCH (:Unit)-[r:CO_RESPONSIBLE]->(:Task {plan: $p}) RETURN count(r)", p=plan_key),
        "oversees": scalar(driver, "MATCH (:Leader)-[r:OVERSEES]->(:Task {plan: $p}) RETURN count(r)", p=plan_key),
        "named_in": scalar(driver, "MATCH (:`Group`)-[r:NAMED_IN]->(:Task {plan: $p}) RETURN count(r)", p=plan_key),
        "includes": scalar(driver, "MATCH (:`Group` {plan: $p})-[r:INCLUDES]->() RETURN count(r)", p=plan_key),
        "in_section": scalar(driver, "MATCH (:Task {plan: $p})-[r:IN_SECTION]->() RETURN count(r)", p=plan_key),
        "of_plan": scalar(driver, "MATCH ()-[r:OF_PLAN]->(:Plan {key: $p}) RETURN count(r)", p=plan_key),
        "units": scalar(
            driver,
            "MATCH (u:Unit)-[:LEADS|CO_RESPONSIBLE]->(:Task {plan: $p}) RETURN count(DISTINCT u)",
            p=plan_key,
        ),
        "leaders": scalar(
            driver, "MATCH (l:Leader)-[:OVERSEES]->(:Task {plan: $p}) RETURN count(DISTINCT l)", p=plan_key
        ),
    }


def small_plan(district, year=2031, lead="区财政局", extra_units=()):
    """Two tasks, a blanket group and two streets, under units of its own (suffixed)."""
    suffix = district
    fin, sci, civ = f"{lead}{suffix}", f"区科技局{suffix}", f"区民政局{suffix}"
    streets = [f"甲街道{suffix}", f"乙街道{suffix}"]
    t1 = Task(
        seq=1,
        section="一、发展",
        text="任务一",
        leaders=["王涛"],
        lead_units=[fin],
        co_units=[sci, *extra_units],
        groups=[GroupRef("各街道", "co", "streets", tuple(streets), raw="各街道")],
        links=[
            Link(fin, "lead", "exact", fin),
            Link(sci, "co", "exact", f"{sci}，各街道"),
            *[Link(u, "co", "exact", u) for u in extra_units],
            *[Link(s, "co", "expanded", f"{sci}，各街道", inferred=True, group="各街道") for s in streets],
        ],
        deadline="2031年底",
        row="line 10",
    )
    t2 = Task(
        seq=2,
        section="二、民生",
        text="任务二",
        leaders=["李明", "王涛"],
        lead_units=[civ],
        links=[Link(civ, "lead", "alias", "民政局", detail="民政局 → 区民政局")],
        row="line 12",
    )
    units = {fin: Unit(fin, "government", {"财政局"}), sci: Unit(sci, "government"), civ: Unit(civ, "government")}
    units.update({s: Unit(s, "street") for s in streets})
    units.update({u: Unit(u, "other") for u in extra_units})
    return Plan(
        district, year, "标题", "small.txt", sections=["一、发展", "二、民生"], tasks=[t1, t2], units=units, streets=streets
    )


#: The analyst queries cypher/ must hold (schema.cypher aside).
LIBRARY_QUERIES = {
    "lead_load",
    "co_load",
    "pairs",
    "partners",
    "leader_portfolio",
    "multi_leader_units",
    "street_burden",
    "single_unit_tasks",
    "tasks_without_lead",
    "plan_summary",
}
