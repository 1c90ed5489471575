"""Every file of the Cypher library on the seed, checked against answers worked
out in Python from the parsed plan; and the runner's read-only mode and errors."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from itertools import combinations

import pytest

from graphdb_support import LIBRARY_QUERIES, DATABASE, cleanup, driver, small_plan, unique, unique_year  # noqa: F401  (fixtures)
from respgraph.errors import QueryError
from respgraph.graphdb.library import find_query, list_queries
from respgraph.graphdb.loader import delete_plan, load_plan
from respgraph.graphdb.runner import run_query, run_script
from respgraph.model import METHODS

pytestmark = pytest.mark.neo4j

ALL = 10_000  # a $top that lists everything


@pytest.fixture(scope="module")
def seed(driver, seed_path):
    from respgraph.ingest import parse_file

    plan = parse_file(seed_path, year=unique_year())
    load_plan(driver, plan, database=DATABASE)
    yield plan
    delete_plan(driver, plan.key, database=DATABASE)


def library(driver, name, **params):
    """Run a library query with its documented defaults overridden by ``params``."""
    query = find_query(name)
    columns, rows = run_query(driver, query.text, {**query.params, **params}, database=DATABASE)
    return [dict(zip(columns, row)) for row in rows]


def ranked(counter):
    """(name, count) sorted as the queries sort: count descending, then name."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def units_of(task, role=None, inferred=True):
    return {l.unit for l in task.links if (role is None or l.role == role) and (inferred or not l.inferred)}


@pytest.mark.parametrize("inferred", [True, False])
@pytest.mark.parametrize("name, role", [("lead_load", "lead"), ("co_load", "co")])
def test_units_ranked_by_load(driver, seed, name, role, inferred):
    load = Counter(u for t in seed.tasks for u in units_of(t, role, inferred))
    rows = library(driver, name, plan=seed.key, top=ALL, inferred=inferred)
    assert [(r["unit"], r["tasks"]) for r in rows] == ranked(load)
    assert all(r["kind"] == seed.units[r["unit"]].kind for r in rows)
    top5 = library(driver, name, plan=seed.key, top=5, inferred=inferred)
    assert [(r["unit"], r["tasks"]) for r in top5] == ranked(load)[:5]


@pytest.mark.parametrize("inferred", [False, True])
def test_pairs_sharing_tasks(driver, seed, inferred):
    shared = Counter()
    for t in seed.tasks:
        shared.update(combinations(sorted(units_of(t, inferred=inferred)), 2))
    rows = library(driver, "pairs", plan=seed.key, top=ALL, inferred=inferred)
    assert [((r["unit_a"], r["unit_b"]), r["shared_tasks"]) for r in rows] == ranked(shared)


def test_one_units_partners_and_their_tasks(driver, seed):
    unit = Counter(u for t in seed.tasks for u in units_of(t, inferred=False)).most_common(1)[0][0]
    partners = defaultdict(list)
    for t in seed.tasks:
        names = units_of(t, inferred=False)
        if unit in names:
            for other in names - {unit}:
                partners[other].append(f"{seed.key}#{t.seq}")
    rows = library(driver, "partners", unit=unit, plan=seed.key, top=ALL)
    want = sorted(partners.items(), key=lambda item: (-len(item[1]), item[0]))
    assert [(r["partner"], r["shared_tasks"], r["tasks"]) for r in rows] == [(p, len(ts), ts) for p, ts in want]


def test_leader_portfolios(driver, seed):
    tasks, leads = Counter(), defaultdict(set)
    for t in seed.tasks:
        for leader in set(t.leaders):
            tasks[leader] += 1
            leads[leader] |= units_of(t, "lead")
    rows = library(driver, "leader_portfolio", plan=seed.key)
    assert [(r["leader"], r["tasks"]) for r in rows] == ranked(tasks)
    for r in rows:
        assert r["lead_units"] == sorted(leads[r["leader"]])
        assert r["lead_unit_count"] == len(leads[r["leader"]])
    assert len(rows) == 8


@pytest.mark.parametrize("inferred", [True, False])
def test_units_answering_to_several_leaders(driver, seed, inferred):
    leaders = defaultdict(set)
    for t in seed.tasks:
        for u in units_of(t, inferred=inferred):
            leaders[u] |= set(t.leaders)
    want = Counter({u: len(ls) for u, ls in leaders.items() if len(ls) >= 3})
    rows = library(driver, "multi_leader_units", plan=seed.key, inferred=inferred, min_leaders=3, top=ALL)
    assert [(r["unit"], r["leader_count"]) for r in rows] == ranked(want)
    assert all(r["leaders"] == sorted(leaders[r["unit"]]) for r in rows)


def test_street_burden_with_and_without_blanket_expansions(driver, seed):
    rows = library(driver, "street_burden", plan=seed.key)
    assert {r["street"] for r in rows} >= set(seed.streets)
    rows = [r for r in rows if r["street"] in seed.streets]
    assert len(rows) == 18
    for r in rows:
        street = r["street"]
        every = [t for t in seed.tasks if street in units_of(t)]
        named = [t for t in seed.tasks if street in units_of(t, inferred=False)]
        assert (r["plan"], r["tasks"], r["named_tasks"], r["via_blanket_only"]) == (
            seed.key,
            len(every),
            len(named),
            len(every) - len(named),
        ), street
    # blanket expansions are most of the streets' burden in this plan
    assert sum(r["via_blanket_only"] for r in rows) > sum(r["named_tasks"] for r in rows)


@pytest.mark.parametrize("inferred", [True, False])
def test_tasks_with_a_single_responsible_unit(driver, seed, inferred):
    want = [(t.seq, next(iter(units_of(t, inferred=inferred)))) for t in seed.tasks if len(units_of(t, inferred=inferred)) == 1]
    rows = library(driver, "single_unit_tasks", plan=seed.key, inferred=inferred)
    assert [(r["seq"], r["unit"]) for r in rows] == want
    for r in rows:
        assert set(r["groups"]) == {g.phrase for g in seed.task(r["seq"]).groups}


def test_tasks_without_a_lead_unit(driver, seed, cleanup):
    rows = library(driver, "tasks_without_lead", plan=seed.key)
    assert [r["seq"] for r in rows] == [t.seq for t in seed.tasks if not units_of(t, "lead")]
    # every seed task has a lead: check a plan where one has none
    plan = small_plan(unique("无牵头区"))
    plan.tasks[1].links = [dataclasses.replace(l, role="co") for l in plan.tasks[1].links]
    cleanup.append(plan.key)
    load_plan(driver, plan, database=DATABASE)
    rows = library(driver, "tasks_without_lead", plan=plan.key)
    assert [(r["plan"], r["seq"], r["section"], r["text"]) for r in rows] == [(plan.key, 2, "二、民生", "任务二")]


def test_plan_summary(driver, seed):
    (row,) = library(driver, "plan_summary", plan=seed.key)
    links = [(l.unit, l.role, t.seq, l.inferred) for t in seed.tasks for l in t.links]
    assert row == {
        "plan": seed.key,
        "district": "拱墅区",
        "year": seed.year,
        "sections": 21,
        "tasks": 106,
        "leaders": 8,
        "units": len({u for u, *_ in links}),
        "lead_links": len({(u, s) for u, r, s, _ in links if r == "lead"}),
        "co_links": len({(u, s) for u, r, s, _ in links if r == "co"}),
        "inferred_links": len({(u, r, s) for u, r, s, i in links if i}),
        "groups": len(seed.groups),
        "streets": 18,
    }


def test_every_library_file_runs_with_its_defaults(driver, seed):
    """Including schema.cypher (applies again without change) and every query's defaults (all plans)."""
    names = set()
    for query in list_queries():
        names.add(query.name)
        if query.writes:
            before = run_query(driver, "SHOW CONSTRAINTS YIELD name RETURN count(*) AS n", database=DATABASE)
            run_script(driver, query.text, query.params, database=DATABASE, write=True)
            assert run_query(driver, "SHOW CONSTRAINTS YIELD name RETURN count(*) AS n", database=DATABASE) == before
        else:
            columns, rows = run_script(driver, query.text, query.params, database=DATABASE)
            assert columns, query.name
    # every file has a test of its own answer above
    assert names == LIBRARY_QUERIES | {"schema"}


# ---------------------------------------------------------------- the runner


def test_read_only_mode_refuses_a_write(driver):
    with pytest.raises(QueryError, match="this query writes; run with write=True"):
        run_query(driver, "CREATE (:Scratch {v: 1})", database=DATABASE)
    assert run_query(driver, "MATCH (n:Scratch) RETURN count(n)", database=DATABASE) == (["count(n)"], [[0]])


def test_a_syntax_error_gives_the_servers_message(driver):
    with pytest.raises(QueryError, match=r"(?s)Cypher syntax error: .*RETRUN"):
        run_query(driver, "MATCH (n) RETRUN n", database=DATABASE)


def test_a_missing_parameter_is_named(driver):
    with pytest.raises(QueryError, match=r"missing parameter: .*plan"):
        run_query(driver, "MATCH (t:Task {plan: $plan}) RETURN t", database=DATABASE)


def test_values_come_back_as_plain_python(driver, seed):
    columns, rows = run_query(
        driver,
        "MATCH (u:Unit)-[r:LEADS]->(t:Task {plan: $p, seq: 1}) RETURN u, r, [t.seq, t.plan] AS pair, "
        "{n: t.seq} AS m, date('2021-03-01') AS d",
        {"p": seed.key},
        database=DATABASE,
    )
    assert columns == ["u", "r", "pair", "m", "d"]
    unit, rel, pair, mapping, day = rows[0]
    assert unit["name"] in seed.task(1).lead_units and unit["kind"] == seed.units[unit["name"]].kind
    assert rel["method"] in METHODS and rel["inferred"] is False
    assert (pair, mapping, day) == ([1, seed.key], {"n": 1}, "2021-03-01")


# ---------------------------------------------------------------- what "read-only" lets through

# Commands that Neo4j's read access mode lets through although they act on the
# server or on other sessions: each killed or disturbed something in a review.
ACTING = [
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-999999'", "TERMINATE TRANSACTIONS ends other people's work"),
    ("CALL dbms.killConnection('bolt-999999')", "calls dbms.killConnection"),
    ("CALL db.stats.stop('QUERIES')", "calls db.stats.stop"),
    ("CALL db.stats.clear('QUERIES')", "calls db.stats.clear"),
    ("CALL db.clearQueryCaches()", "calls db.clearQueryCaches"),
    ("CALL db.createLabel('RespgraphNever')", "calls db.createLabel"),
    ("CALL tx.setMetaData({who: 'x'})", "calls tx.setMetaData"),
    ("ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'bbbbbbbb'", "administration command"),
    ("MATCH (n:RespgraphNever) CALL (n) { DETACH DELETE n } IN TRANSACTIONS RETURN 1", "this query writes"),
]


@pytest.mark.parametrize("cypher, reason", ACTING, ids=[c.split("(")[0][:40] for c, _ in ACTING])
def test_commands_that_act_on_the_server_need_write(driver, cypher, reason):
    with pytest.raises(QueryError) as caught:
        run_query(driver, cypher, database=DATABASE)
    assert reason in str(caught.value) and "write=True" in str(caught.value)


def test_a_refused_terminate_leaves_a_running_transaction_alone(driver):
    marker = unique("tx")
    with driver.session(database=DATABASE) as session:
        tx = session.begin_transaction(metadata={"probe": marker})
        tx.run("CREATE (:Scratch {m: $m})", m=marker).consume()
        _, rows = run_query(driver, "SHOW TRANSACTIONS YIELD transactionId, metaData WHERE metaData.probe = $m "
                            "RETURN transactionId", {"m": marker}, database=DATABASE)
        (tx_id,) = [row[0] for row in rows]
        with pytest.raises(QueryError, match="TERMINATE"):
            run_query(driver, "TERMINATE TRANSACTIONS $id", {"id": tx_id}, database=DATABASE)
        tx.commit()  # would fail, had the transaction been terminated
    try:
        assert run_query(driver, "MATCH (n:Scratch {m: $m}) RETURN count(n)", {"m": marker}, database=DATABASE)[1] == [[1]]
    finally:
        run_query(driver, "MATCH (n:Scratch {m: $m}) DELETE n", {"m": marker}, database=DATABASE, write=True)


LOOKING = [
    "SHOW TRANSACTIONS",
    "SHOW INDEXES YIELD name RETURN name",
    "SHOW PROCEDURES YIELD name RETURN name LIMIT 1",
    "CALL db.labels()",
    "CALL db.schema.visualization()",
    "CALL dbms.components()",
    "PROFILE MATCH (t:Task) RETURN count(t)",
    "// a comment first\nMATCH (t:Task) RETURN count(t)",
]


@pytest.mark.parametrize("cypher", LOOKING)
def test_commands_that_only_look_run_without_write(driver, cypher):
    columns, _ = run_query(driver, cypher, database=DATABASE)
    assert columns


@pytest.fixture
def csv_over_http(tmp_path):
    """A CSV served on a loopback port, the way LOAD CSV would fetch something from the web."""
    import functools
    import http.server
    import threading

    (tmp_path / "units.csv").write_text("name\n区财政局\n", encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    requests = []
    original = handler.func.do_GET

    def counted(self):
        requests.append(self.path)
        return original(self)

    handler.func.do_GET = counted
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/units.csv", requests
    handler.func.do_GET = original
    httpd.shutdown()
    httpd.server_close()


def test_load_csv_fetches_only_when_allowed(driver, csv_over_http):
    url, requests = csv_over_http
    query = "LOAD CSV WITH HEADERS FROM $url AS row RETURN row.name AS name"
    for write in (False, True):
        with pytest.raises(QueryError, match=r"LOAD CSV.*allow_load_csv=True"):
            run_query(driver, query, {"url": url}, database=DATABASE, write=write)
    assert requests == []  # refused before the server fetched anything
    assert run_query(driver, query, {"url": url}, database=DATABASE, allow_load_csv=True) == (["name"], [["区财政局"]])
    assert requests == ["/units.csv"]


def test_a_script_is_checked_whole_before_any_statement_runs(driver):
    marker = unique("script")
    script = "CREATE (:Scratch {m: $m});\nLOAD CSV FROM 'http://127.0.0.1:9/x.csv' AS row RETURN row"
    with pytest.raises(QueryError, match="LOAD CSV"):
        run_script(driver, script, {"m": marker}, database=DATABASE, write=True)
    assert run_query(driver, "MATCH (n:Scratch {m: $m}) RETURN count(n)", {"m": marker}, database=DATABASE)[1] == [[0]]
