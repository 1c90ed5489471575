"""Names that hold outside 拱墅区: other districts, cities, provinces and ministries keep their own names."""

import pytest

from respgraph.ingest import build_plan
from respgraph.layouts import parse_text
from respgraph.lexicon import load_lexicon
from respgraph.resolve import Vocabulary, level_prefix, strip_responsibility


def plan_of(cells, title="2023年临江区重点工作任务分解表", **options):
    lines = [title] + [f"{n}.任务{n}。（牵头单位：{lead}；责任单位：{co}）" for n, (lead, co) in enumerate(cells, start=1)]
    return build_plan(parse_text("\n".join(lines), source="t.txt"), **options)


@pytest.mark.parametrize(
    "name",
    ["省卫生健康委", "省委组织部", "市场监管总局", "区自然资源分局", "财政部", "省发展改革委", "区市场监督管理局"],
)
def test_another_places_names_are_never_bent_towards_the_shipped_lexicon(name):
    plan = plan_of([("区发改局", name)])
    assert plan.tasks[0].co_units == [name]
    assert not [e for e in plan.audit if e.kind == "typo"]


def test_the_shipped_lexicon_still_corrects_its_own_districts_documents():
    # 区发经经信局 is a slip for 拱墅区's 区发改经信局: corrected in a 拱墅区 table, kept as written elsewhere
    home = plan_of([("区发经经信局", "区财政局")], title="2022年拱墅区《政府工作报告》主要任务分解表")
    away = plan_of([("区发经经信局", "区财政局")])
    assert home.tasks[0].lead_units == ["区发改经信局"]
    assert away.tasks[0].lead_units == ["区发经经信局"]


def test_a_correction_keeps_the_level_and_a_distinct_ending():
    vocab = Vocabulary(load_lexicon().for_district(None))
    for name in ("区卫生健康委", "市卫生健康委", "区自然资源局"):
        vocab.observe(f"{name}、{name}")
    assert vocab.resolve_cell("省卫生健康委").units == ["省卫生健康委"]  # not 区/市卫生健康委
    assert vocab.resolve_cell("区自然资源分局").units == ["区自然资源分局"]  # 分局 is another unit
    assert vocab.resolve_cell("区自燃资源局").units == ["区自然资源局"]  # a slip within the level is corrected


def test_typo_margin_keeps_an_ambiguous_name_as_written():
    vocab = Vocabulary(load_lexicon().for_district(None))
    vocab.observe("区文化旅游体育局、区文化旅游体育局、区文化旅游广电局、区文化旅游广电局")
    # one character off from each (0.89 both, above the threshold): neither is chosen
    resolution = vocab.resolve_cell("区文化旅游体电局")
    assert resolution.units == ["区文化旅游体电局"]
    assert any(d.kind == "unresolved" and "about as close" in d.detail for d in resolution.decisions)


@pytest.mark.parametrize(
    "cell, lead, co, groups",
    [
        ("区财政局*、区发改局", ["区财政局"], ["区发改局"], []),
        ("区发改局、区财政局（牵头）", ["区财政局"], ["区发改局"], []),
        ("区住建局牵头，区财政局配合", ["区住建局"], ["区财政局"], []),
        ("区民政局负责、各街道按职责分工负责", ["区民政局"], [], ["各街道"]),
        ("区税务局、区国资委等", ["区税务局"], ["区国资委"], []),
        ("区属各重点国企等", [], [], ["区属各重点国企"]),
        ("区发改局、各县、市、区政府", ["区发改局"], [], ["各县、市、区政府"]),
    ],
)
def test_responsibility_words_and_markers_in_a_single_list(cell, lead, co, groups):
    text = f"2023年临江区重点工作\n序号\n工作任务\n责任单位\n1\n推进工作。\n{cell}"
    plan = build_plan(parse_text(text, source="t.txt"))
    task = plan.tasks[0]
    assert (task.lead_units, task.co_units, [g.phrase for g in task.groups]) == (lead, co, groups)


def test_an_empty_marker_is_no_unit():
    plan = plan_of([("区发改局", "无"), ("区财政局", "—")])
    assert [t.co_units for t in plan.tasks] == [[], []]


def test_a_prefix_written_once_is_restored_only_where_nothing_contradicts_it():
    plan = plan_of([
        ("市经贸委", "市发改委、国土房管局、外经贸局"),  # one prefix for the list
        ("市建委", "市规划局、市交委、税务局"),  # the prefix written on each: a bare name stays bare
        ("市建委", "立山经济开发区、规划局"),  # the list opens without a level
        ("市建委", "市规划局、黄埔区政府、滁州海关"),  # names of their own place
    ])
    assert plan.tasks[0].co_units == ["市发改委", "市国土房管局", "市外经贸局"]
    assert plan.tasks[1].co_units == ["市规划局", "市交委", "税务局"]
    assert plan.tasks[2].co_units == ["立山经济开发区", "规划局"]
    assert plan.tasks[3].co_units == ["市规划局", "黄埔区政府", "滁州海关"]


def test_level_prefix_and_markers_helpers():
    assert level_prefix("市场监管局") == "" and level_prefix("市政府办公室") == "市"
    assert strip_responsibility("区财政局＊") == ("区财政局", "lead")


def test_two_lead_units_in_one_cell_both_lead():
    plan = plan_of([("区卫健局、区创文办", "区疫情防控指挥部成员单位、各街办（新区）")])
    task = plan.tasks[0]
    assert task.lead_units == ["区卫健局", "区创文办"] and task.co_units == []
    assert [g.phrase for g in task.groups] == ["区疫情防控指挥部成员单位", "各街办（新区）"]


def test_a_province_table_keeps_its_levels_and_its_blanket_phrases():
    text = """浙江省人民政府关于印发2023年政府工作报告重点工作责任分解的通知
一、扩大有效投资
1.完成交通投资3000亿元。（牵头单位：省交通运输厅；责任单位：省发展改革委、省财政厅，各市、县（市、区）政府）
2.实施“千项万亿”工程。（牵头单位：省发展改革委；责任单位：省级有关单位，各设区市政府）
3.推进数字化改革。（牵头单位：省委改革办、省大数据局；责任单位：省直有关部门、商务部、海关总署杭州海关）
"""
    plan = build_plan(parse_text(text, source="t.txt"))
    assert plan.key == "浙江省-2023"
    assert [(t.lead_units, t.co_units, [g.phrase for g in t.groups]) for t in plan.tasks] == [
        (["省交通运输厅"], ["省发展改革委", "省财政厅"], ["各市、县（市、区）政府"]),
        (["省发展改革委"], [], ["省级有关单位", "各设区市政府"]),
        (["省委改革办", "省大数据局"], ["商务部", "海关总署杭州海关"], ["省直有关部门"]),
    ]


def test_state_council_style_lists_with_role_words_for_several_names():
    text = """国务院关于落实《政府工作报告》重点工作分工的意见
一、着力扩大国内需求
（一）把恢复和扩大消费摆在优先位置。
1.多渠道增加城乡居民收入。（国家发展改革委、人力资源社会保障部、财政部等按职责分工负责）
2.稳定大宗消费，推动汽车消费。（商务部牵头，国家发展改革委、工业和信息化部按职责分工负责）
3.今年拟安排地方政府专项债券3.8万亿元。（财政部、国家发展改革委牵头，各地区按职责分工负责）
"""
    plan = build_plan(parse_text(text, source="t.txt"))
    assert [(t.lead_units, t.co_units, [g.phrase for g in t.groups]) for t in plan.tasks] == [
        (["国家发展改革委"], ["人力资源社会保障部", "财政部"], []),  # no role word: the first listed leads
        (["商务部"], ["国家发展改革委", "工业和信息化部"], []),
        (["财政部", "国家发展改革委"], [], ["各地区"]),  # 牵头 after 、-joined names speaks for both
    ]
    assert {t.section for t in plan.tasks} == {"（一）把恢复和扩大消费摆在优先位置。"}
