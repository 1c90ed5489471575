"""The seed table (拱墅区 2021) read end to end: the figures the issue asks for."""

import re

from respgraph.model import CO, LEAD

STREETS = "武林 天水 朝晖 潮鸣 长庆 石桥 东新 文晖 米市巷 湖墅 小河 大关 和睦 拱宸桥 上塘 祥符 半山 康桥".split()


def test_seed_is_byte_identical_to_the_shared_copy(seed_path):
    shared = seed_path.parent.parent.parent / "shared" / "seeds" / "gongshu-2021-task-table.txt"
    if shared.exists():  # the shared folder sits beside the checkout on developer machines and in CI
        assert seed_path.read_bytes() == shared.read_bytes()
    # the file's own fingerprint: 106 numbered rows in the tab layout
    numbers = re.findall(r"^\t(\d+)$", seed_path.read_text(encoding="utf-8"), flags=re.M)
    assert [int(n) for n in numbers] == list(range(1, 107))


def test_metadata_from_the_title(seed_plan):
    assert seed_plan.district == "拱墅区"
    assert seed_plan.year == 2021
    assert seed_plan.title == "2021年拱墅区《政府工作报告》主要任务分解表"
    assert seed_plan.key == "拱墅区-2021"


def test_counts(seed_plan):
    assert len(seed_plan.tasks) == 106
    assert [t.seq for t in seed_plan.tasks] == list(range(1, 107))
    assert len(seed_plan.sections) == 21
    assert seed_plan.sections[0] == "（一）经济社会发展主要预期目标"
    assert seed_plan.sections[-1] == "（二十一）推动绩效再提升"
    assert sorted(seed_plan.leaders) == sorted(["王涛", "包晓东", "樊峥", "应巧华", "余荣升", "张建明", "许雷挺", "杨辉"])


def test_empty_section_cell_means_same_as_above(seed_plan):
    assert seed_plan.task(2).section == "（一）经济社会发展主要预期目标"
    assert seed_plan.task(9).section == "（二）慎终如始精准防控"
    assert seed_plan.task(33).section == "（六）系统优化创新生态"


def test_two_lead_units_split_from_glued_and_broken_cells(seed_plan):
    assert seed_plan.task(32).lead_units == ["区市场监管局", "区科技局"]
    assert seed_plan.task(33).lead_units == ["区委人才办", "区人力社保局"]
    assert seed_plan.task(58).lead_units == ["拱投发", "上塘街道"]
    assert seed_plan.task(91).lead_units == ["区委政法委", "区公安分局"]
    assert seed_plan.task(101).lead_units == ["区府办", "区数据资源局"]
    methods = {link.unit: link.method for link in seed_plan.task(32).links if link.role == LEAD}
    assert methods == {"区市场监管局": "split", "区科技局": "split"}


def test_name_broken_across_lines_is_rejoined(seed_plan):
    assert seed_plan.task(40).lead_units == ["规划资源拱墅分局"]
    assert seed_plan.task(56).lead_units == ["区综合行政执法局"]
    (link,) = [l for l in seed_plan.task(40).links if l.role == LEAD]
    assert link.method == "joined" and link.raw == "规划资源\n拱墅分局"


def test_bracketed_alias_is_one_unit(seed_plan):
    assert seed_plan.task(35).lead_units == ["区发改经信局"]
    assert "区对口支援和区域合作局" in seed_plan.units["区发改经信局"].aliases
    assert "区委宣传部" in seed_plan.task(18).co_units
    assert "区网信办" in seed_plan.units["区委宣传部"].aliases
    assert not any("（" in u for u in seed_plan.units)


def test_typos_corrected(seed_plan):
    co = seed_plan.task(17).co_units
    assert "区发改经信局" in co and "区发经经信局" not in co
    assert "区发经经信局" not in seed_plan.units
    assert "生态环境局分局" not in seed_plan.units
    (link,) = [l for l in seed_plan.task(17).links if l.unit == "区发改经信局"]
    assert link.method == "typo" and "区发经经信局" in link.detail
    kinds = {(e.kind, e.raw, e.result) for e in seed_plan.audit}
    assert ("typo", "区发经经信局", "区发改经信局") in kinds
    assert ("typo", "生态环境局分局", "生态环境拱墅分局") in kinds


def test_leaders_normalised_and_several_per_cell(seed_plan):
    assert seed_plan.task(1).leaders == ["王涛"]
    assert seed_plan.task(91).leaders == ["王涛", "杨辉"]
    assert seed_plan.task(99).leaders == ["王涛", "樊峥"]


def test_blanket_phrases_are_groups_never_units(seed_plan):
    groups = set(seed_plan.groups)
    assert {"各街道", "相关街道", "区政府各部门", "区政府各组成部门", "区级机关各部门", "各指挥部", "各城建单位",
            "亚运城市行动领导小组成员单位"} <= groups
    for phrase in groups:
        assert phrase not in seed_plan.units
    for task in seed_plan.tasks:
        assert not set(task.lead_units + task.co_units) & groups


def test_all_streets_expand_to_the_18_streets(seed_plan):
    expected = [s + "街道" for s in STREETS]
    assert seed_plan.streets == expected
    task = seed_plan.task(1)
    (group,) = [g for g in task.groups if g.phrase == "各街道"]
    assert list(group.members) == expected
    inferred = {l.unit for l in task.links if l.inferred}
    assert inferred == set(expected)
    assert all(l.group == "各街道" and l.method == "expanded" and l.role == CO for l in task.links if l.inferred)
    # 相关街道 names an unknown subset: kept as a group, not expanded
    (related,) = [g for g in seed_plan.task(49).groups if g.phrase == "相关街道"]
    assert related.members == ()


def test_a_street_named_on_its_own_is_the_expanded_node(seed_plan):
    task = seed_plan.task(41)  # names 上塘街道 explicitly, no blanket
    assert "上塘街道" in task.co_units
    task22 = seed_plan.task(22)
    assert "东新街道" in task22.co_units
    assert seed_plan.units["上塘街道"].kind == "street"
    # a task with both an explicit street and 各街道 keeps one explicit link for that street
    task48 = [t for t in seed_plan.tasks if "各街道" in [g.phrase for g in t.groups] and any(u.endswith("街道") for u in t.co_units)]
    for t in task48:
        for street in (u for u in t.co_units if u.endswith("街道")):
            links = [l for l in t.links if l.unit == street]
            assert len(links) == 1 and not links[0].inferred


def test_provenance_on_every_link(seed_plan):
    for task in seed_plan.tasks:
        for link in task.links:
            assert link.method in ("exact", "alias", "typo", "joined", "split", "expanded")
            assert link.raw  # the raw cell text
            assert link.inferred == (link.method == "expanded")


def test_a_unit_never_both_leads_and_co_responsible(seed_plan):
    for task in seed_plan.tasks:
        assert not set(task.lead_units) & set(task.co_units)
    assert seed_plan.task(87).lead_units == ["区民政局"]
    assert "区民政局" not in seed_plan.task(87).co_units
    assert any(e.kind == "duplicate" and e.seq == 87 for e in seed_plan.audit)


def test_nothing_left_unresolved_in_the_seed(seed_plan):
    assert [e for e in seed_plan.audit if e.kind in ("unresolved", "problem")] == []
