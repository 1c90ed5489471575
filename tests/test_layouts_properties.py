"""Property: a table written in any layout reads back to the same tasks as in the seed's layout."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from respgraph.ingest import build_plan
from respgraph.layouts import parse_text

UNITS = ["区发改局", "区财政局", "区教育局", "区民政局", "区商务局", "区住建局", "区司法局", "区审计局", "区卫健局", "区文旅局"]
LEADERS = ["王涛", "杨辉", "陈晓明", "李丹"]
SECTIONS = ["一、稳定经济增长", "二、深化改革开放", "三、增进民生福祉"]
WORDS = "推进建设发展改革创新服务质量提升环境保护城市治理加快完善优化产业项目就业教育医疗"
TITLE = "2023年临江区政府工作报告重点工作任务分解"


@st.composite
def tables(draw):
    n = draw(st.integers(min_value=1, max_value=7))
    rows = []
    section_index = 0
    for seq in range(1, n + 1):
        if seq > 1 and section_index < len(SECTIONS) - 1 and draw(st.booleans()):
            section_index += 1
        units = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=5, unique=True))
        cut = draw(st.integers(min_value=1, max_value=min(2, len(units))))
        text = draw(st.text(alphabet=WORDS, min_size=4, max_size=30)) + "。"
        leaders = draw(st.lists(st.sampled_from(LEADERS), min_size=1, max_size=2, unique=True))
        rows.append({"seq": seq, "section": SECTIONS[section_index], "text": text, "leaders": leaders,
                     "lead": units[:cut], "co": units[cut:]})
    return rows


def tabbed(rows):
    lines = [TITLE]
    for cell in ("序号", "项目名称", "主要工作内容", "分管领导", "牵头单位", "责任单位"):
        lines.append("\t" + cell)
    for r in rows:
        for cell in (str(r["seq"]), r["section"], r["text"], "、".join(r["leaders"]), "、".join(r["lead"]), "、".join(r["co"])):
            lines.append("\t" + cell)
    return "\n".join(lines) + "\n"


def flat(rows, blank):
    cells = ["分类", "序号", "工作任务", "分管领导", "责任单位", "牵头单位"]
    previous = None
    out = []
    for r in rows:
        # the section only on its group's first row, as a web table with rowspan copies
        if r["section"] != previous:
            out.append(r["section"])
        previous = r["section"]
        out += [str(r["seq"]), r["text"], "、".join(r["leaders"]), "、".join(r["lead"] + r["co"]), "、".join(r["lead"])]
    joiner = "\n\n" if blank else "\n"
    return TITLE + joiner + joiner.join(cells + out) + "\n"


def with_headings(rows):
    """Each row, with its section's heading line when the section changes."""
    previous = None
    for r in rows:
        yield (r["section"] if r["section"] != previous else None), r
        previous = r["section"]


def inline(rows, bracket):
    opening, closing = bracket
    lines = [TITLE]
    for heading, r in with_headings(rows):
        lines += [heading] if heading else []
        labels = [f"分管领导：{'、'.join(r['leaders'])}", f"牵头单位：{'、'.join(r['lead'])}"]
        if r["co"]:
            labels.append(f"责任单位：{'、'.join(r['co'])}")
        lines.append(f"{r['seq']}.{r['text']}{opening}{'；'.join(labels)}{closing}")
    return "\n".join(lines) + "\n"


def labelled(rows, blank):
    lines = [TITLE]
    for heading, r in with_headings(rows):
        lines += [heading] if heading else []
        lines += [f"{r['seq']}、{r['text']}", f"牵头负责领导：{'、'.join(r['leaders'])}", f"牵头单位：{'、'.join(r['lead'])}"]
        if r["co"]:
            lines.append(f"责任单位：{'、'.join(r['co'])}。")
    return ("\n\n" if blank else "\n").join(lines) + "\n"


def read(text):
    plan = build_plan(parse_text(text, source="t.txt"))
    return [(t.seq, t.section, t.text, t.leaders, t.lead_units, t.co_units) for t in plan.tasks]


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(tables(), st.booleans(), st.sampled_from([("（", "）"), ("(", ")"), ("[", "]"), ("【", "】")]))
def test_every_layout_reads_back_as_the_seed_layout(rows, blank, bracket):
    expected = read(tabbed(rows))
    assert [(t[0], t[4], t[5]) for t in expected] == [(r["seq"], r["lead"], r["co"]) for r in rows]
    assert read(flat(rows, blank)) == expected
    assert read(inline(rows, bracket)) == expected
    assert read(labelled(rows, blank)) == expected
