"""The Cypher library, the loader's rows and the error translation: no server needed."""

import re

import pytest
from neo4j.exceptions import AuthError, ServiceUnavailable

from respgraph.errors import DatabaseError, InputError, QueryError
from respgraph.graphdb.library import (
    cypher_dir,
    find_query,
    list_queries,
    parse_header,
    parse_param_value,
    split_statements,
)
from respgraph.graphdb.loader import plan_rows
from respgraph.graphdb.runner import plain
from respgraph.graphdb.connection import translate_exception
from graphdb_support import LIBRARY_QUERIES as QUESTIONS
from respgraph.model import GroupRef, Link, Plan, Task, Unit



def test_the_library_holds_the_analyst_queries_and_the_schema():
    names = {q.name for q in list_queries()}
    assert QUESTIONS | {"schema"} <= names
    assert (cypher_dir() / "schema.cypher").is_file()


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_file_says_its_question_and_sets_every_parameter_it_uses(query):
    assert query.question.strip(), f"{query.path} has no question in its header"
    code = re.sub(r"//[^\n]*", "", query.text)
    code = re.sub(r"'[^']*'", "''", code)
    used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", code))
    assert used == set(query.params), f"{query.path}: uses {sorted(used)}, documents {sorted(query.params)}"
    if not query.writes:
        # the Browser line sets the same parameters to the same defaults
        browser = re.search(r"^// Browser: :params \{(.*)\}$", query.text, re.M)
        assert browser, f"{query.path} has no '// Browser: :params {{...}}' line"
        pairs = dict(item.split(":", 1) for item in browser.group(1).split(", "))
        assert {k.strip(): parse_param_value(v) for k, v in pairs.items()} == query.params


def test_schema_statements_are_all_idempotent():
    schema = find_query("schema")
    assert schema.writes
    assert len(schema.statements) >= 7 + 1
    for statement in schema.statements:
        assert "IF NOT EXISTS" in statement
    for label, prop in [
        ("Plan", "key"),
        ("Section", "key"),
        ("Task", "key"),
        ("Leader", "key"),
        ("Unit", "key"),
        ("District", "name"),
        ("`Group`", "key"),
    ]:
        assert any(f"(n:{label}) REQUIRE n.{prop} IS UNIQUE" in s for s in schema.statements), label


def test_find_query_accepts_the_file_name_and_names_the_known_ones_when_wrong():
    assert find_query("pairs.cypher").name == "pairs"
    with pytest.raises(QueryError, match="no library query called 'nope'.*lead_load"):
        find_query("nope")


def test_header_gives_question_defaults_and_help():
    text = "// Who?\n// More words.\n// Browser: :params {top: 3}\n// @param top: 3 -- rows\n// @param who: 'a b'\nRETURN $top"
    assert parse_header(text) == ("Who? More words.", {"top": 3, "who": "a b"}, {"top": "rows", "who": ""}, False)
    assert parse_header("// @write\n// @param x: null\nRETURN 1")[1:] == ({"x": None}, {"x": ""}, True)
    with pytest.raises(QueryError, match="parameter line"):
        parse_header("// @param : 3\nRETURN 1")


@pytest.mark.parametrize(
    "text, value",
    [
        ("5", 5),
        ("-2", -2),
        ("0.25", 0.25),
        ("1e3", 1000.0),
        ("null", None),
        ("NULL", None),
        ("true", True),
        ("False", False),
        ('["区财政局", 2]', ["区财政局", 2]),
        ('{"a": 1}', {"a": 1}),
        ('"7"', "7"),
        ("'拱墅区-2021'", "拱墅区-2021"),
        ("拱墅区-2021", "拱墅区-2021"),
        ("[not json", "[not json"),
        ("", ""),
    ],
)
def test_parameter_values(text, value):
    assert parse_param_value(text) == value


def test_split_statements_ignores_semicolons_in_strings_and_comments():
    script = """
    // header; with a semicolon
    CREATE (:A {v: 'x;y'});
    /* block; comment */
    MATCH (n) WHERE n.v = "a\\";b" RETURN n;
    MATCH (`odd;name`) RETURN 1 ;
    // trailing comment only;
    """
    statements = split_statements(script)
    assert len(statements) == 3
    assert statements[0].endswith("CREATE (:A {v: 'x;y'})")
    assert statements[1] == '/* block; comment */\n    MATCH (n) WHERE n.v = "a\\";b" RETURN n'
    assert statements[2] == "MATCH (`odd;name`) RETURN 1"
    assert split_statements("  // nothing\n/* here */ ;; ") == []


def _hand_plan():
    streets = ["甲街道", "乙街道"]
    t1 = Task(
        seq=1,
        section="一、发展",
        text="任务一",
        leaders=["王涛", "李明"],
        lead_units=["区财政局"],
        co_units=["区科技局"],
        groups=[GroupRef("各街道", "co", "streets", tuple(streets), raw="各街道")],
        links=[
            Link("区财政局", "lead", "exact", "区财政局"),
            Link("区科技局", "co", "exact", "区科技局、各街道"),
            Link("甲街道", "co", "expanded", "区科技局、各街道", inferred=True, group="各街道"),
            Link("乙街道", "co", "expanded", "区科技局、各街道", inferred=True, group="各街道"),
            # the same unit again in the same role: one relationship, first link wins
            Link("甲街道", "co", "exact", "甲街道"),
        ],
    )
    t2 = Task(seq=2, section="二、民生", text="任务二", leaders=["王涛"], links=[Link("区民政局", "lead", "alias", "民政局")])
    return Plan(
        "测试区",
        2031,
        "标题",
        "t.txt",
        sections=["一、发展", "二、民生"],
        tasks=[t1, t2],
        units={"区财政局": Unit("区财政局", "government", {"财政局"}), "甲街道": Unit("甲街道", "street")},
        streets=streets,
    )


def test_plan_rows_on_a_hand_built_plan():
    rows = plan_rows(_hand_plan())
    assert [r["key"] for r in rows["tasks"]] == ["测试区-2031#1", "测试区-2031#2"]
    assert [r["key"] for r in rows["sections"]] == ["测试区-2031/一、发展", "测试区-2031/二、民生"]
    # leaders and units are keyed by their district (jurisdiction): 测试区/王涛, 测试区/区财政局
    assert [(r["leader"], r["pos"]) for r in rows["oversees"]] == [("测试区/王涛", 0), ("测试区/李明", 1), ("测试区/王涛", 0)]
    assert rows["leaders"][0] == {"key": "测试区/王涛", "name": "王涛", "district": "测试区"}
    assert [r["unit"] for r in rows["leads"]] == ["测试区/区财政局", "测试区/区民政局"]
    # 甲街道 appears twice as co on task 1: the first (inferred) link is the one kept
    co = [(r["unit"], r["inferred"], r["pos"]) for r in rows["co"]]
    assert co == [("测试区/区科技局", False, 1), ("测试区/甲街道", True, 2), ("测试区/乙街道", True, 3)]
    units = {u["name"]: u for u in rows["units"]}
    assert units["区财政局"] == {"key": "测试区/区财政局", "name": "区财政局", "jurisdiction": "测试区", "level": "district",
                              "kind": "government", "aliases": ["财政局"]}
    assert units["乙街道"]["kind"] == "street"  # a listed street without a Unit entry
    assert units["区民政局"]["kind"] == "other"
    assert rows["groups"] == [{"key": "测试区-2031/各街道", "phrase": "各街道", "kind": "streets"}]
    assert [(r["unit"], r["pos"]) for r in rows["includes"]] == [("测试区/甲街道", 0), ("测试区/乙街道", 1)]
    assert [r["district"] for r in rows["streets"]] == ["测试区", "测试区"]
    # each cell's text is sent once, on its task; a link or group mention
    # carries its own only when it differs (the group phrase alone here)
    assert [(r["lead_raw"], r["co_raw"]) for r in rows["tasks"]] == [("区财政局", "区科技局、各街道"), ("民政局", None)]
    assert [r["raw"] for r in rows["leads"] + rows["co"]] == [None] * 5
    assert [r["raw"] for r in rows["named_in"]] == ["各街道"]


def test_plan_rows_refuses_a_task_number_twice():
    plan = _hand_plan()
    plan.tasks[1].seq = 1
    with pytest.raises(InputError, match=r"t\.txt: task numbers \[1\] appear more than once"):
        plan_rows(plan)


def test_driver_errors_become_project_errors():
    refused = translate_exception(ServiceUnavailable("Couldn't connect to 127.0.0.1:1"), "bolt://127.0.0.1:1")
    assert isinstance(refused, DatabaseError)
    assert "cannot connect to Neo4j at bolt://127.0.0.1:1" in str(refused)
    assert isinstance(translate_exception(AuthError("bad password")), DatabaseError)

    # query errors from a real server are checked in test_graphdb_queries.py


def test_plain_values():
    assert plain((1, [2, {"a": (3,)}], None, "区")) == [1, [2, {"a": [3]}], None, "区"]
