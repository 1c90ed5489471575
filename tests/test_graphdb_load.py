"""Loading plans into the real Neo4j server and reading them back."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graphdb_support import (  # noqa: F401  (fixtures)
    DATABASE,
    cleanup,
    driver,
    fingerprint,
    plan_counts,
    scalar,
    small_plan,
    unique,
    unique_year,
)
from respgraph.errors import DatabaseError
from respgraph.graphdb.loader import delete_plan, load_plan
from respgraph.graphdb.read import read_plans
from respgraph.model import MANUAL_METHOD
from respgraph.graphdb.runner import run_query
from respgraph.model import Link, Unit

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def seed_copy(driver, seed_path):
    """The seed parsed under a year of its own (so its key is this module's alone), loaded once."""
    from respgraph.ingest import parse_file

    plan = parse_file(seed_path, year=unique_year())
    load_plan(driver, plan, database=DATABASE)
    yield plan
    delete_plan(driver, plan.key, database=DATABASE)


def _expected_counts(plan):
    """Counts worked out from the parsed plan itself."""
    leads = {(link.unit, t.seq) for t in plan.tasks for link in t.links if link.role == "lead"}
    co = {(link.unit, t.seq) for t in plan.tasks for link in t.links if link.role == "co"}
    return {
        "tasks": len(plan.tasks),
        "sections": len(set(plan.sections) | {t.section for t in plan.tasks}),
        "groups": len({g.phrase for t in plan.tasks for g in t.groups}),
        "plans": 1,
        "leads": len(leads),
        "co": len(co),
        "oversees": sum(len(set(t.leaders)) for t in plan.tasks),
        "named_in": len({(g.phrase, g.role, t.seq) for t in plan.tasks for g in t.groups}),
        "includes": len({(g.phrase, m) for t in plan.tasks for g in t.groups for m in g.members}),
        "in_section": len(plan.tasks),
        "of_plan": len(set(plan.sections) | {t.section for t in plan.tasks}),
        "units": len({u for u, _ in leads | co}),
        "leaders": len(plan.leaders),
    }


def test_the_seed_loads_with_its_tasks_and_links(driver, seed_copy):
    counts = plan_counts(driver, seed_copy.key)
    assert counts["tasks"] == 106
    assert counts == _expected_counts(seed_copy)
    # the district and its 18 streets, each a Unit of 拱墅区 (key 拱墅区/…), part of it and belonging to it
    streets = scalar(
        driver,
        "MATCH (:Plan {key: $p})-[:ISSUED_BY]->(d:District {name: '拱墅区'})<-[:PART_OF]-(s:Unit) "
        "WHERE s.name IN $names AND s.kind = 'street' AND s.key = '拱墅区/' + s.name AND (s)-[:BELONGS_TO]->(d) "
        "RETURN count(DISTINCT s)",
        p=seed_copy.key,
        names=seed_copy.streets,
    )
    assert streets == len(seed_copy.streets) == 18
    inferred = scalar(
        driver,
        "MATCH (:Unit)-[r:CO_RESPONSIBLE {inferred: true, group: '各街道', method: 'expanded'}]->"
        "(:Task {plan: $p}) RETURN count(r)",
        p=seed_copy.key,
    )
    assert inferred == len(
        {(l.unit, t.seq) for t in seed_copy.tasks for l in t.links if l.inferred and l.group == "各街道"}
    )


def test_loading_again_changes_nothing(driver, seed_copy):
    before_counts, before = plan_counts(driver, seed_copy.key), fingerprint(driver, seed_copy.key)
    for _ in range(2):  # with the fixture's load: three loads in all
        result = load_plan(driver, seed_copy, database=DATABASE, batch_size=50)
        assert result.existed
        assert (result.nodes_created, result.relationships_created) == (0, 0)
        assert (result.nodes_deleted, result.relationships_deleted) == (0, 0)
        assert plan_counts(driver, seed_copy.key) == before_counts
        assert fingerprint(driver, seed_copy.key) == before


def test_read_plans_gives_back_the_parsed_seed(driver, seed_copy):
    (plan,) = read_plans(driver, [seed_copy.key], database=DATABASE)
    assert plan.key == seed_copy.key
    assert (plan.district, plan.year, plan.title, plan.source) == (
        seed_copy.district,
        seed_copy.year,
        seed_copy.title,
        str(seed_copy.source),
    )
    assert plan.sections == seed_copy.sections
    assert plan.streets == seed_copy.streets
    assert plan.audit == seed_copy.audit and len(plan.audit) > 100
    assert [t.seq for t in plan.tasks] == [t.seq for t in seed_copy.tasks]
    for got, want in zip(plan.tasks, seed_copy.tasks):
        assert dataclasses.asdict(got) == dataclasses.asdict(want), f"task {want.seq}"
    assert {n: u.kind for n, u in plan.units.items()} == {n: u.kind for n, u in seed_copy.units.items()}
    # unit nodes are shared by every plan loaded: their aliases gather those of all plans
    for name, unit in seed_copy.units.items():
        assert unit.aliases <= plan.units[name].aliases, name


def test_a_load_failing_half_way_leaves_the_database_as_it_was(driver, seed_copy, cleanup):
    before_counts, before = plan_counts(driver, seed_copy.key), fingerprint(driver, seed_copy.key)
    changed = dataclasses.replace(seed_copy, tasks=seed_copy.tasks[:50])  # a replace would delete 56 tasks
    with pytest.raises(DatabaseError, match="stopped on purpose after 3 batches"):
        load_plan(driver, changed, database=DATABASE, replace=True, batch_size=20, fail_after_batches=3)
    assert plan_counts(driver, seed_copy.key) == before_counts
    assert fingerprint(driver, seed_copy.key) == before

    # a new plan failing half-way leaves no trace, not even its own units
    fresh = small_plan(unique("回滚区"))
    cleanup.append(fresh.key)
    with pytest.raises(DatabaseError):
        load_plan(driver, fresh, database=DATABASE, batch_size=1, fail_after_batches=4)
    assert scalar(driver, "MATCH (p:Plan {key: $p}) RETURN count(p)", p=fresh.key) == 0
    assert scalar(driver, "MATCH (t:Task {plan: $p}) RETURN count(t)", p=fresh.key) == 0
    assert scalar(driver, "MATCH (u:Unit) WHERE u.name IN $n RETURN count(u)", n=list(fresh.units)) == 0


def test_replace_removes_what_disappeared_and_merge_keeps_it(driver, cleanup):
    plan = small_plan(unique("替换区"))
    cleanup.append(plan.key)
    load_plan(driver, plan, database=DATABASE)
    old_sci = plan.tasks[0].co_units[0]
    new_unit = unique("区新单位")

    changed = dataclasses.replace(plan, tasks=[dataclasses.replace(plan.tasks[0])])  # task 2 dropped
    t1 = changed.tasks[0]
    t1.links = [l if l.unit != old_sci else dataclasses.replace(l, unit=new_unit, raw=new_unit) for l in t1.links]
    t1.co_units = [new_unit]
    civ = plan.tasks[1].lead_units[0]
    changed.units = {**plan.units, new_unit: Unit(new_unit, "other")}
    del changed.units[old_sci], changed.units[civ]  # plan.units lists the units of the table

    # merged (no replace): the new unit is added, nothing is removed
    load_plan(driver, changed, database=DATABASE)
    merged = read_plans(driver, [plan.key], database=DATABASE)[0]
    assert [t.seq for t in merged.tasks] == [1, 2]
    assert set(merged.tasks[0].co_units) == {old_sci, new_unit}

    # replaced: exactly the changed table
    result = load_plan(driver, changed, database=DATABASE, replace=True)
    assert result.existed and result.replaced
    (replaced,) = read_plans(driver, [plan.key], database=DATABASE)
    assert [t.seq for t in replaced.tasks] == [1]
    assert replaced.tasks[0].co_units == [new_unit]
    assert replaced.tasks[0].links == changed.tasks[0].links
    # units that now answer for nothing are gone; so is task 2's leader edge
    assert scalar(driver, "MATCH (u:Unit) WHERE u.name IN $n RETURN count(u)", n=[old_sci, civ]) == 0
    assert scalar(driver, "MATCH (:Leader {name: '李明'})-[r:OVERSEES]->(:Task {plan: $p}) RETURN count(r)", p=plan.key) == 0
    assert plan_counts(driver, plan.key) == _expected_counts(changed)


def test_a_merge_that_changes_a_cell_keeps_each_old_links_own_text(driver, cleanup):
    plan = small_plan(unique("改格区"))
    cleanup.append(plan.key)
    load_plan(driver, plan, database=DATABASE)
    t1 = plan.tasks[0]
    sci = t1.co_units[0]
    old_cell = f"{sci}，各街道"
    assert {l.raw for l in t1.links if l.role == "co"} == {old_cell}  # all read from the co cell

    # the new table drops 各街道 from the co cell: the street links are no longer named
    changed = dataclasses.replace(plan, tasks=[dataclasses.replace(t1, groups=[]), plan.tasks[1]])
    changed.tasks[0].links = [dataclasses.replace(l, raw=sci) if l.unit == sci else l
                              for l in t1.links if not l.inferred]
    load_plan(driver, changed, database=DATABASE)
    (merged,) = read_plans(driver, [plan.key], database=DATABASE)
    raws = {(l.unit, l.role): l.raw for l in merged.tasks[0].links}
    assert raws[(sci, "co")] == sci  # named again: the new cell
    for street in plan.streets:  # kept by the merge, with the cell they came from
        assert raws[(street, "co")] == old_cell
    assert [g.raw for g in merged.tasks[0].groups] == ["各街道"]
    # loading the new table again changes nothing
    before = fingerprint(driver, plan.key)
    load_plan(driver, changed, database=DATABASE)
    assert fingerprint(driver, plan.key) == before


def test_two_years_share_unit_nodes_and_two_districts_keep_theirs_apart(driver, cleanup):
    shared = unique("区共用局")
    city_unit = unique("市共用局")
    district = unique("甲区")
    a = small_plan(district, extra_units=[shared, city_unit])
    b = small_plan(district, year=2032, extra_units=[shared, city_unit])
    other = small_plan(unique("乙区"), year=2031, extra_units=[shared, city_unit])
    for plan in (a, b, other):  # the city unit, as the reader identifies it when the city is known
        plan.units[city_unit] = Unit(city_unit, "government", key=f"杭州市/{city_unit}", jurisdiction="杭州市", level="city")
    cleanup.extend([a.key, b.key, other.key])
    for plan in (a, b, other):
        load_plan(driver, plan, database=DATABASE)
    # one district's years share the unit; another district's unit of the same name is another node
    rows = scalar(driver, "MATCH (u:Unit {name: $n})-[:BELONGS_TO]->(d:District) "
                          "RETURN collect([u.key, u.jurisdiction, u.level, d.name])", n=shared)
    assert sorted(rows) == sorted([[f"{district}/{shared}", district, "district", district],
                                   [f"{other.district}/{shared}", other.district, "district", other.district]])
    plans = scalar(
        driver, "MATCH (:Unit {key: $k})-[:CO_RESPONSIBLE]->(t:Task) RETURN collect(DISTINCT t.plan)", k=f"{district}/{shared}"
    )
    assert sorted(plans) == sorted([a.key, b.key])
    # the city unit is one node, shared by both districts, belonging to the city
    assert scalar(driver, "MATCH (u:Unit {name: $n})-[:BELONGS_TO]->(:District {name: '杭州市'}) RETURN count(u)", n=city_unit) == 1
    # leaders: one 王涛 per district
    assert scalar(driver, "MATCH (l:Leader {name: '王涛'})-[:BELONGS_TO]->(d:District) WHERE l.district IN $d "
                          "AND d.name = l.district AND l.key = d.name + '/王涛' RETURN count(l)", d=[district, other.district]) == 2
    got = {p.key: p for p in read_plans(driver, [a.key, b.key, other.key], database=DATABASE)}
    for plan in (a, b, other):
        assert [t.links for t in got[plan.key].tasks] == [t.links for t in plan.tasks]
        assert got[plan.key].units[shared].key == f"{plan.district}/{shared}"
        assert got[plan.key].units[city_unit].key == f"杭州市/{city_unit}"
    # a later year whose reader did not know the shared unit ("other"): the kind the other year gave it stays
    c = small_plan(district, year=2033, extra_units=[shared])
    c.units[shared] = Unit(shared, "government")
    cleanup.append(c.key)
    load_plan(driver, c, database=DATABASE)
    load_plan(driver, b, database=DATABASE)
    assert b.units[shared].kind == "other"  # precondition: what makes this case
    assert scalar(driver, "MATCH (u:Unit {key: $k}) RETURN u.kind", k=f"{district}/{shared}") == "government"
    # removing one plan keeps the shared units for the others; removing the last of a
    # district removes its units, and the city unit goes with the last plan naming it
    delete_plan(driver, a.key, database=DATABASE)
    assert scalar(driver, "MATCH (u:Unit {name: $n}) RETURN count(u)", n=shared) == 2
    assert [p.key for p in read_plans(driver, [a.key, b.key], database=DATABASE)] == [b.key]
    delete_plan(driver, other.key, database=DATABASE)
    assert scalar(driver, "MATCH (u:Unit {name: $n}) RETURN collect(u.key)", n=shared) == [f"{district}/{shared}"]
    for key in (b.key, c.key):
        delete_plan(driver, key, database=DATABASE)
    assert scalar(driver, "MATCH (u:Unit) WHERE u.name IN $n RETURN count(u)", n=[shared, city_unit]) == 0
    assert scalar(driver, "MATCH (d:District) WHERE d.name IN $d RETURN count(d)", d=[district, other.district]) == 0


def test_names_with_quotes_and_braces_round_trip_unchanged(driver, cleanup):
    sentinel = small_plan(unique("哨兵区"))
    cleanup.append(sentinel.key)
    load_plan(driver, sentinel, database=DATABASE)

    plan = small_plan(unique("引号区"))
    odd_unit = '区"引号"局{x}' + unique("")
    odd_text = "'); MATCH (n) DETACH DELETE n //"
    odd_leader = "王\\涛`} RETURN 1 //"
    t1 = plan.tasks[0]
    t1.text = odd_text
    t1.leaders = [odd_leader]
    t1.links = [*t1.links, Link(odd_unit, "co", "exact", "区\"引号\"局{x}; DROP", detail="{'$x': 1}")]
    t1.co_units = [*t1.co_units, odd_unit]
    plan.units[odd_unit] = Unit(odd_unit, "other", {"'别名'", "{}"})
    cleanup.append(plan.key)
    load_plan(driver, plan, database=DATABASE)

    (back,) = read_plans(driver, [plan.key], database=DATABASE)
    assert back.tasks[0].text == odd_text
    assert back.tasks[0].leaders == [odd_leader]
    assert back.tasks[0].links == t1.links
    assert back.units[odd_unit].aliases == {"'别名'", "{}"}
    # nothing else was touched
    assert plan_counts(driver, sentinel.key) == _expected_counts(sentinel)


def test_an_edge_drawn_by_hand_comes_back_as_a_manual_link(driver, cleanup):
    plan = small_plan(unique("手工区"))
    cleanup.append(plan.key)
    load_plan(driver, plan, database=DATABASE)
    civ = plan.tasks[1].lead_units[0]
    run_query(
        driver,
        "MATCH (u:Unit {name: $u}), (t:Task {plan: $p, seq: 1}) MERGE (u)-[:LEADS]->(t)",
        {"u": civ, "p": plan.key},
        database=DATABASE,
        write=True,
    )
    (back,) = read_plans(driver, [plan.key], database=DATABASE)
    added = [l for l in back.tasks[0].links if l.unit == civ]
    assert added == [Link(civ, "lead", MANUAL_METHOD, "", inferred=False, group=None, detail="")]
    assert back.tasks[0].lead_units == [plan.tasks[0].lead_units[0], civ]


def test_deleting_a_plan_leaves_nothing_of_its_own_behind(driver):
    plan = small_plan(unique("删除区"))
    names = [plan.district, *plan.units]
    load_plan(driver, plan, database=DATABASE)
    assert scalar(driver, "MATCH (n) WHERE n.name IN $names RETURN count(n)", names=names) == len(names)
    assert delete_plan(driver, plan.key, database=DATABASE)
    assert scalar(driver, "MATCH (n) WHERE n.name IN $names RETURN count(n)", names=names) == 0
    assert plan_counts(driver, plan.key) == dict.fromkeys(plan_counts(driver, plan.key), 0)
    assert not delete_plan(driver, plan.key, database=DATABASE)


_KILLED_LOADER = r"""
import sys, time
sys.path.insert(0, sys.argv[1])
from graphdb_support import small_plan, DATABASE
from respgraph.graphdb.connection import connect
from respgraph.graphdb.loader import load_plan

plan = small_plan(sys.argv[2])

def progress(done, total):
    print(done, flush=True)
    time.sleep(0.3)  # slow enough for the test to kill it half-way

load_plan(connect(), plan, database=DATABASE, batch_size=1, progress=progress)
print("committed", flush=True)
"""


def test_a_load_killed_half_way_leaves_nothing(driver, cleanup, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time
    from pathlib import Path

    district = unique("中断区")
    plan = small_plan(district)
    cleanup.append(plan.key)
    script = tmp_path / "load.py"
    script.write_text(_KILLED_LOADER, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script), str(Path(__file__).parent), district],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        batches = 0
        for _line in child.stdout:
            batches += 1
            if batches == 5:  # the plan node, sections, units and streets are written by now
                os.kill(child.pid, signal.SIGKILL)
                break
        assert batches == 5, "the loader ended before it could be killed"
    finally:
        child.kill()
        child.wait(timeout=30)
    # what the killed loader wrote was never committed: nobody ever sees it
    # (a loader committing per batch would leave five batches behind here)
    time.sleep(1.0)
    left = scalar(
        driver,
        "MATCH (n) WHERE (n:Plan AND n.key = $p) OR (n:Section AND n.plan = $p) OR (n:Unit AND n.name IN $u) "
        "RETURN count(n)",
        p=plan.key,
        u=list(plan.units),
    )
    assert left == 0
    assert plan_counts(driver, plan.key) == dict.fromkeys(plan_counts(driver, plan.key), 0)


_names = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)),  # no lone surrogates: not encodable as UTF-8
    min_size=1,
    max_size=24,
)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(unit=_names, text=_names, leader=_names, raw=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_round_trips_unchanged(driver, unit, text, leader, raw):
    plan = small_plan(unique("任意区"))
    odd = unit + unique("#")  # unique: unit nodes are shared by every plan
    task = plan.tasks[0]
    task.text, task.leaders = text, [leader]
    task.links = [*task.links, Link(odd, "co", "exact", raw)]
    try:
        load_plan(driver, plan, database=DATABASE)
        (back,) = read_plans(driver, [plan.key], database=DATABASE)
        assert (back.tasks[0].text, back.tasks[0].leaders) == (text, [leader])
        assert back.tasks[0].links == task.links
    finally:
        delete_plan(driver, plan.key, database=DATABASE)


@pytest.mark.parametrize("blob", [b"not gzip at all", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03damaged", None])
def test_a_damaged_stored_audit_is_a_clear_error(driver, cleanup, blob):
    import gzip

    from respgraph.errors import DatabaseError

    plan = small_plan(unique("坏审计区"))
    cleanup.append(plan.key)
    load_plan(driver, plan, database=DATABASE)
    damaged = blob if blob is not None else gzip.compress(b'[{"kind": "typo", "surprise": 1}]')
    with driver.session(database=DATABASE) as session:
        session.run("MATCH (p:Plan {key: $p}) SET p.audit_json_gz = $b", p=plan.key, b=damaged).consume()
    with pytest.raises(DatabaseError, match=f"plan {plan.key}: its stored audit is not"):
        read_plans(driver, [plan.key], database=DATABASE)


def test_the_benchmarks_naive_loop_writes_the_same_graph_as_the_loader(driver, cleanup):
    """bench_neo4j_load.py's ratio is only fair if its baseline writes what the loader writes."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_neo4j_load.py"
    spec = importlib.util.spec_from_file_location("bench_neo4j_load", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)

    plan = small_plan(unique("朴素区"), extra_units=[unique("区外来局")])
    cleanup.append(plan.key)
    bench.naive_load(driver, plan, DATABASE)
    naive = fingerprint(driver, plan.key)
    delete_plan(driver, plan.key, database=DATABASE)
    load_plan(driver, plan, database=DATABASE)
    assert fingerprint(driver, plan.key) == naive
