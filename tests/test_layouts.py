"""Text layouts: each layout read from small tables written the ways governments publish them."""

import pytest

from respgraph.errors import InputError, NoTableError
from respgraph.ingest import build_plan
from respgraph.layouts import parse_text
from respgraph.layouts.headings import SectionStack, leaders_in_heading, split_marker


def tasks_of(text, **options):
    plan = build_plan(parse_text(text, source="t.txt", **options))
    return [(t.seq, t.text, t.leaders, t.lead_units, t.co_units, [g.phrase for g in t.groups], t.section) for t in plan.tasks]


# -- one cell per line ---------------------------------------------------------------
FLAT_BLANKS = """2023年某区重点工作责任分解

序号

工作事项

责任单位

牵头单位

1

推进项目建设。

区发改局、区财政局

区发改局

2

做好就业工作。


区人社局

3

优化营商环境。

区市场监管局

区市场监管局
"""


def test_flat_with_blank_lines_reads_an_empty_cell_as_an_extra_blank_line():
    tasks = tasks_of(FLAT_BLANKS)
    assert [t[:5] for t in tasks] == [
        (1, "推进项目建设。", [], ["区发改局"], ["区财政局"]),
        (2, "做好就业工作。", [], ["区人社局"], []),  # 责任单位 empty, 牵头单位 given
        (3, "优化营商环境。", [], ["区市场监管局"], []),
    ]


def test_flat_without_blank_lines_places_cells_by_what_they_read_like():
    text = "\n".join(line for line in FLAT_BLANKS.splitlines() if line.strip())
    table = parse_text(text)
    assert table.layout == "flat"
    rows = [r.cells for r in table.rows if r.heading is None]
    assert rows[1]["text"] == "做好就业工作。" and "区人社局" in (rows[1]["co"], rows[1]["lead"])
    plan = build_plan(table)
    assert plan.tasks[1].units() == ["区人社局"]


def test_flat_header_split_over_two_lines_and_an_ignored_column():
    text = "\n".join(["标题2023年", "序号", "重点工作", "区本级", "任务数", "责任单位",
                      "1", "推进重大项目建设。", "190个/226亿元", "区发改局*、区财政局",
                      "2", "抓好财政收入。", "区财政局"])
    table = parse_text(text)
    assert table.layout == "flat"
    assert [r.cells["co"] for r in table.rows] == ["区发改局*、区财政局", "区财政局"]
    plan = build_plan(table)
    assert plan.tasks[0].lead_units == ["区发改局"] and plan.tasks[0].co_units == ["区财政局"]


def test_flat_section_given_on_the_first_row_of_its_group_only():
    text = "\n\n".join(["分类", "序号", "事项", "牵头单位", "责任单位",
                        "发展目标", "1", "地区生产总值增长6%。", "区发改局", "区统计局",
                        "2", "财政收入增长。", "区财政局", "区税务局",
                        "改革开放", "3", "深化改革。", "区委改革办", "区发改局"])
    tasks = tasks_of(text)
    assert [(t[0], t[6]) for t in tasks] == [(1, "发展目标"), (2, "发展目标"), (3, "改革开放")]


def test_flat_heading_between_rows_opens_a_section_and_numbering_may_restart():
    text = "\n".join(["序号", "重点工作", "责任单位",
                      "一、王芳副区长牵头重点工作",
                      "1", "推进建设。", "区发改局",
                      "二、陈刚副区长牵头重点工作",
                      "序号", "重点工作", "责任单位",
                      "1", "抓好收入。", "区财政局"])
    plan = build_plan(parse_text(text, source="t.txt"))
    assert [(t.seq, t.leaders, t.lead_units) for t in plan.tasks] == [(1, ["王芳"], ["区发改局"]), (2, ["陈刚"], ["区财政局"])]
    assert any(e.kind == "renumbered" for e in plan.audit)


# -- numbered paragraphs --------------------------------------------------------------
def test_inline_labels_in_brackets_of_either_width_square_or_none():
    text = """2023年某区重点工作
一、稳增长
1.地区生产总值增长6%。（责任领导：张三；牵头单位：区发改局；责任单位：区统计局、区财政局）
2.财政收入增长。(牵头单位:区财政局;配合单位:区税务局)
3、固定资产投资增长。[牵头单位:区发改局;责任单位:各街道]
4.消费增长。牵头单位：区商务局；责任单位：区市场监管局
"""
    tasks = tasks_of(text)
    assert [t[:6] for t in tasks] == [
        (1, "地区生产总值增长6%。", ["张三"], ["区发改局"], ["区统计局", "区财政局"], []),
        (2, "财政收入增长。", [], ["区财政局"], ["区税务局"], []),
        (3, "固定资产投资增长。", [], ["区发改局"], [], ["各街道"]),
        (4, "消费增长。", [], ["区商务局"], ["区市场监管局"], []),
    ]
    assert {t[6] for t in tasks} == {"一、稳增长"}


def test_labelled_lines_with_or_without_blank_lines_and_a_wrapped_task():
    body = ["一、主要目标", "（一）经济", "加强基础设施建设",
            "1.地区生产总值", "增长6%左右。", "牵头负责领导：金力。", "牵头责任单位：区发改局。",
            "协同责任单位：区经信局、区商务局等,各镇（街道）。",
            "2.一般公共预算收入增长5%", "牵头单位:区财政局", "责任单位:区税务局、区国资委等"]
    for joiner in ("\n", "\n\n"):
        table = parse_text("2020年某区重点工作责任分解\n" + joiner.join(body))
        assert table.layout == "labelled"
        plan = build_plan(table)
        assert [(t.seq, t.text, t.leaders, t.lead_units, t.co_units, t.section) for t in plan.tasks] == [
            (1, "地区生产总值增长6%左右。", ["金力"], ["区发改局"], ["区经信局", "区商务局"], "（一）经济"),
            (2, "一般公共预算收入增长5%", [], ["区财政局"], ["区税务局", "区国资委"], "（一）经济"),
        ]
        assert [g.phrase for g in plan.tasks[0].groups] == ["各镇（街道）"]


def test_a_folder_of_prose_is_no_table_and_says_what_was_looked_for():
    with pytest.raises(NoTableError) as info:
        parse_text("关于做好2023年工作的通知\n各部门：\n请认真贯彻落实。\n", source="letter.txt")
    message = str(info.value)
    assert "letter.txt" in message and "牵头单位" in message and "关于做好2023年工作的通知" in message


def test_forcing_a_layout():
    text = FLAT_BLANKS
    assert parse_text(text, layout="flat").layout == "flat"
    with pytest.raises(InputError):
        parse_text(text, layout="inline")
    with pytest.raises(InputError) as info:
        parse_text(text, layout="nonsense")
    assert "tabbed" in str(info.value)


def test_the_seed_layout_is_still_detected(seed_path):
    from respgraph.readers.encoding import read_text_file

    assert parse_text(read_text_file(seed_path)).layout == "tabbed"


# -- headings -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line, level, number",
    [("一、全力稳定经济增长", 1, 1), ("（十二）深化改革", 2, 12), ("12.推进", 3, 12), ("3、加快", 3, 3), ("(4)完善", 4, 4),
     ("第二部分 民生", 0, 2), ("1地区生产总值", 3, 1)],
)
def test_markers(line, level, number):
    marker = split_marker(line)
    assert (marker.level, marker.number) == (level, number)


@pytest.mark.parametrize("line", ["2023年全区经济", "5%以上", "3.5万元", "加快发展", "“十四五”规划"])
def test_not_markers(line):
    assert split_marker(line) is None


@pytest.mark.parametrize(
    "heading, leaders",
    [("二、李丹常委、常务副区长牵头重点工作", ["李丹"]), ("一、夏禹桨区长牵头重点工作", ["夏禹桨"]),
     ("（三）王芳、陈刚副区长负责的工作", ["王芳", "陈刚"]), ("一、全力稳定经济增长", []), ("二、牵头重点工作", [])],
)
def test_leader_headings(heading, leaders):
    assert leaders_in_heading(heading) == leaders


def test_a_heading_closes_the_deeper_ones():
    stack = SectionStack()
    for line in ("一、甲", "（一）乙", "专题", "二、丙"):
        stack.push(line)
    assert stack.section == "二、丙"


def test_a_stated_first_leads_convention_on_a_lone_lead_column():
    text = "2023年临江区重点工作\n序号\n工作任务\n牵头单位（列第一位者为牵头单位）\n1\n推进。\n区发改局、区财政局\n2\n做好。\n区民政局"
    plan = build_plan(parse_text(text, source="t.txt"))
    assert [(t.lead_units, t.co_units) for t in plan.tasks] == [(["区发改局"], ["区财政局"]), (["区民政局"], [])]
    assert any("列第一位者为牵头单位" in e.detail for e in plan.audit if e.kind == "lead-inferred")


def test_labels_before_the_task_text():
    text = "2023年临江区重点工作\n1.【牵头单位：区发改局；责任单位：区财政局】推进重大项目建设。\n2.（牵头单位：区民政局）做好养老服务。\n"
    assert [t[:5] for t in tasks_of(text)] == [
        (1, "推进重大项目建设。", [], ["区发改局"], ["区财政局"]),
        (2, "做好养老服务。", [], ["区民政局"], []),
    ]


def test_flat_headings_between_rows_and_a_lone_unit_list_goes_to_the_lead():
    text = "\n".join(["2023年临江区重点工作", "序号", "工作任务", "牵头单位", "责任单位",
                      "一、稳增长", "1", "推进。", "区发改局", "区财政局",
                      "2", "做好。", "区民政局",
                      "二、惠民生", "3", "提升。", "区卫健局", "区医保局"])
    assert [(t[0], t[6], t[3], t[4]) for t in tasks_of(text)] == [
        (1, "一、稳增长", ["区发改局"], ["区财政局"]),
        (2, "一、稳增长", ["区民政局"], []),
        (3, "二、惠民生", ["区卫健局"], ["区医保局"]),
    ]


def test_flat_cell_holding_a_line_break_is_one_cell_when_blank_lines_separate_cells():
    text = ("2023年临江区重点工作\n\n序号\n\n工作任务\n\n牵头单位\n\n责任单位\n\n1\n\n推进建设。\n\n区发改局\n\n"
            "区财政局、区统计局、\n区商务局\n\n2\n\n做好。\n\n区民政局\n\n区卫健局\n")
    assert [t[3:5] for t in tasks_of(text)] == [(["区发改局"], ["区财政局", "区统计局", "区商务局"]), (["区民政局"], ["区卫健局"])]
