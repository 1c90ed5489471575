"""Several districts and several years in one in-memory graph, without mixing them up.

临江区 and 滨河区 (both of 杭州市) name the same district-level units
(区住建局) and the same city unit (市水利局), and each has a leader called
王涛; 临江区 renamed 区发改经信局 to 区发改局 between 2021 and 2022.
"""

from __future__ import annotations

import pytest

from plans_support import BINHE_2021, LINJIANG_2021, write_plans
from respgraph.analysis.leaders import portfolios
from respgraph.analysis.pairs import find_unit, partners, top_pairs
from respgraph.analysis.ranking import rank
from respgraph.errors import InputError
from respgraph.graphs import coordination_graph, leader_unit_graph, two_mode_graph
from respgraph.ingest import parse_file


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    return write_plans(tmp_path_factory.mktemp("districts"))


@pytest.fixture(scope="module")
def plans(tables):
    return {name: parse_file(path) for name, path in tables.items()}


def _units(rows):
    """The units of a table's rows: lead and co cells split on 、."""
    names = set()
    for row in rows:
        names.update(row[4].split("、"))
        names.update(row[5].split("、"))
    return names


def test_units_get_their_jurisdiction(plans):
    linjiang = plans["linjiang-1"]
    assert linjiang.units["区住建局"].key == "临江区/区住建局"
    assert linjiang.units["区住建局"].level == "district"
    water = linjiang.units["市水利局"]
    assert (water.key, water.jurisdiction, water.level) == ("杭州市/市水利局", "杭州市", "city")
    assert plans["binhe-1"].units["市水利局"].key == water.key


def test_two_districts_keep_their_units_apart_and_share_the_city_unit(plans):
    a, b = plans["linjiang-1"], plans["binhe-1"]
    G = coordination_graph([a, b])
    assert G.graph["mixed"] is True
    shared_names = _units(LINJIANG_2021) & _units(BINHE_2021)
    assert shared_names == {"区住建局", "市水利局"}
    # one node per unit key: district units twice, the city unit once
    assert len(G) == len(_units(LINJIANG_2021)) + len(_units(BINHE_2021)) - 1
    assert "区住建局（临江区）" in G and "区住建局（滨河区）" in G and "区住建局" not in G
    assert "市水利局（杭州市）" in G
    assert G.nodes["区住建局（滨河区）"]["key"] == "滨河区/区住建局"
    # the city unit works with both districts' units; a district unit only with its own district's
    assert {G.nodes[p]["jurisdiction"] for p in G["市水利局（杭州市）"]} == {"临江区", "滨河区", }
    assert {G.nodes[p]["jurisdiction"] for p in G["区住建局（滨河区）"]} == {"滨河区", "杭州市"}


def test_partners_pairs_and_ranks_per_district_match_a_direct_count(plans):
    a, b = plans["linjiang-1"], plans["binhe-1"]
    G = coordination_graph([a, b])
    # 滨河区's 区住建局: tasks 1 and 2 of 滨河区 only
    rows = {r["partner"]: r["shared"] for r in partners(G, "区住建局（滨河区）")}
    assert rows == {"区商务局（滨河区）": 2, "区科技局（滨河区）": 2, "市水利局（杭州市）": 1}
    # the plain name is ambiguous here, the key is not
    with pytest.raises(InputError, match="names 2 units"):
        partners(G, "区住建局")
    assert find_unit(G, "临江区/区住建局") == "区住建局（临江区）"
    # 市水利局 is named on 临江区's tasks 1, 3 and 滨河区's tasks 2, 3: four tasks
    assert len(G.nodes["市水利局（杭州市）"]["tasks"]) == 4
    pairs = {(r["unit_a"], r["unit_b"]): r["shared"] for r in top_pairs(G)}
    assert pairs[("区住建局（临江区）", "区财政局（临江区）")] == 3
    assert not any("临江区" in x and "滨河区" in y or "滨河区" in x and "临江区" in y for x, y in pairs)
    # a ranking over both districts: each district's 区住建局 scored on its own links
    strength = {r["unit"]: r["value"] for r in rank(G, "strength")}
    alone = {r["unit"]: r["value"] for r in rank(coordination_graph([b]), "strength")}
    assert strength["区住建局（滨河区）"] == alone["区住建局"]


def test_one_district_alone_shows_plain_names(plans):
    G = coordination_graph([plans["binhe-1"]])
    assert G.graph["mixed"] is False
    assert "区住建局" in G and "市水利局" in G
    assert G.nodes["市水利局"]["key"] == "杭州市/市水利局"


def test_leaders_of_two_districts_are_two_people(plans):
    a, b = plans["linjiang-1"], plans["binhe-1"]
    rows = {r["leader"]: r["tasks"] for r in portfolios(two_mode_graph([a, b]))}
    assert rows["王涛（临江区）"] == 2 and rows["王涛（滨河区）"] == 2
    L = leader_unit_graph([a, b])
    assert "leader:王涛（临江区）" in L and "leader:王涛（滨河区）" in L
    assert "区商务局（滨河区）" in L["leader:王涛（滨河区）"] and "区商务局（滨河区）" not in L["leader:王涛（临江区）"]


def test_two_years_of_one_district_share_their_units(plans):
    a, b = plans["linjiang-1"], plans["linjiang-2"]
    G = coordination_graph([a, b])
    assert G.graph["mixed"] is False
    assert len(G.nodes["区住建局"]["tasks"]) == 3 + 4
    # without an alias the renamed unit is two nodes
    assert "区发改经信局" in G and "区发改局" in G


def test_an_alias_joins_a_unit_renamed_between_years(tables, tmp_path):
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text("districts:\n  临江区:\n    区发改经信局: 区发改局\n", encoding="utf-8")
    a = parse_file(tables["linjiang-1"], aliases=aliases)
    b = parse_file(tables["linjiang-2"], aliases=aliases)
    assert a.units["区发改经信局"].key == b.units["区发改局"].key == "临江区/区发改局"
    G = coordination_graph([a, b])
    assert "区发改经信局" not in G
    assert len(G.nodes["区发改局"]["tasks"]) == 2 + 3
    # the alias is 临江区's: 滨河区 naming 区发改经信局 keeps its own
    other = parse_file(tables["binhe-1"], aliases=aliases)
    assert other.unit_key("区发改经信局") == "滨河区/区发改经信局"


def test_the_lexicon_file_joins_renames_per_district_too(tables, tmp_path):
    lexicon = tmp_path / "lexicon.yaml"
    lexicon.write_text("units:\n  - 区发改局\ndistrict_aliases:\n  临江区:\n    区发改经信局: 区发改局\n", encoding="utf-8")
    a = parse_file(tables["linjiang-1"], lexicon=lexicon)
    assert a.units["区发改经信局"].key == "临江区/区发改局"
    # the name stays as the table writes it; only the identity is joined
    assert "区发改经信局" in a.tasks[0].lead_units


def test_the_seed_alone_keeps_plain_names_and_its_figures(seed_plan):
    G = coordination_graph([seed_plan])
    assert G.graph["mixed"] is False
    assert len(seed_plan.tasks) == 106 and len(G) == 88 and G.number_of_edges() == 1799
    assert all(d["key"] == f"拱墅区/{n}" for n, d in G.nodes(data=True))
    assert {d["level"] for _, d in G.nodes(data=True)} == {"district"}


def test_a_city_unit_of_an_unknown_city_stays_with_the_district_and_is_audited(tmp_path):
    from plans_support import LINJIANG_2021, write_table
    from respgraph.audit import audit_report

    path = write_table(tmp_path, "no-city.txt", "2021年临江区《政府工作报告》主要任务分解表", LINJIANG_2021)
    plan = parse_file(path)
    water = plan.units["市水利局"]
    assert (water.key, water.level) == ("临江区/市水利局", "district")
    problems = [e for e in audit_report(plan)["problems"] if e["column"] == "jurisdiction"]
    assert [e["raw"] for e in problems] == ["市水利局"] and "city of 临江区 is not known" in problems[0]["detail"]
    # a gazetteer naming the city places it
    gazetteer = tmp_path / "gazetteer.yaml"
    gazetteer.write_text("districts:\n  临江区:\n    city: 杭州市\n    streets: [临江街道, 东湖街道]\n", encoding="utf-8")
    assert parse_file(path, gazetteer=gazetteer).units["市水利局"].key == "杭州市/市水利局"


def test_plans_that_do_not_name_their_district_never_share_units():
    from pathlib import Path

    from respgraph.graphs import coordination_graph
    from respgraph.ingest import parse_file

    corpus = Path(__file__).parent / "data" / "corpus"
    a, b = parse_file(corpus / "xianan-2023.txt"), parse_file(corpus / "yuzhong-2023.txt")
    assert a.district == b.district == ""
    assert a.units["区财政局"].key != b.units["区财政局"].key  # each plan is its own jurisdiction
    G = coordination_graph([a, b])
    assert len([n for n in G.nodes if n.startswith("区财政局")]) == 2
    # naming the district joins them
    c, d = (parse_file(corpus / f"{n}.txt", district="某区") for n in ("xianan-2023", "yuzhong-2023"))
    assert c.units["区财政局"].key == d.units["区财政局"].key == "某区/区财政局"
