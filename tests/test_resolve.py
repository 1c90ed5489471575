"""Unit resolution decided from the document's own vocabulary, not from special cases."""

import pytest
from hypothesis import given, settings, strategies as st

from respgraph.errors import InputError
from respgraph.lexicon import Lexicon, load_alias_file
from respgraph.resolve import TYPO_THRESHOLD, Vocabulary, is_blanket, split_leaders, split_pieces


def vocab(*cells, district="", streets=(), aliases=None):
    """A vocabulary with an EMPTY lexicon: everything it knows comes from the cells."""
    v = Vocabulary(Lexicon(), aliases, district, streets)
    for cell in cells:
        v.observe(cell)
    return v


def resolved(v, cell):
    r = v.resolve_cell(cell)
    return [(n.unit, n.method) for n in r.names], [g.phrase for g in r.groups]


def test_line_break_joins_when_the_joined_name_is_used_elsewhere():
    v = vocab("自然资源西湖分局、区财政局", "区教育局")
    assert resolved(v, "自然资源\n西湖分局") == ([("自然资源西湖分局", "joined")], [])


def test_line_break_joins_when_the_first_piece_is_not_a_unit():
    v = vocab("区教育局")
    assert resolved(v, "区综合行政\n执法局") == ([("区综合行政执法局", "joined")], [])


def test_line_break_separates_two_units():
    v = vocab("区委人才办、区教育局", "区人力社保局")
    assert resolved(v, "区委人才办\n区人力社保局")[0] == [("区委人才办", "exact"), ("区人力社保局", "exact")]


def test_glued_names_split_by_the_document_vocabulary():
    v = vocab("区市场监管局、区教育局", "区科技局、区财政局")
    assert resolved(v, "区市场监管局区科技局")[0] == [("区市场监管局", "split"), ("区科技局", "split")]
    # a name that merely contains shorter known names is not split when it is itself known
    v2 = vocab("区科技局", "区科技局工业园管委会、区财政局", "区科技局工业园管委会")
    assert resolved(v2, "区科技局工业园管委会")[0] == [("区科技局工业园管委会", "exact")]


def test_bracketed_alias_attaches_even_across_a_line_break():
    v = vocab("区委宣传部（区网信办）、区教育局", "区网信办")
    assert resolved(v, "区委宣传部（区网信办）")[0] == [("区委宣传部", "alias")]
    assert resolved(v, "区网信办")[0] == [("区委宣传部", "alias")]
    assert resolved(v, "区发改局\n\n（区对口支援局）")[0] == [("区发改局", "alias")]


def test_typo_corrected_above_threshold_only():
    v = vocab("区发改经信局、区教育局", "区发改经信局", "区发经经信局")
    names, _ = resolved(v, "区发经经信局")
    assert names == [("区发改经信局", "typo")]
    # two real, frequent units one character apart are left alone
    v2 = vocab("区城投集团、区国投集团", "区城投集团、区国投集团")
    assert resolved(v2, "区城投集团")[0] == [("区城投集团", "exact")]
    # a rare name close to a known one but below the threshold is kept and flagged
    v3 = vocab("区国投集团", "区国投集团", "区城投集团")
    r = v3.resolve_cell("区城投集团")
    assert [n.unit for n in r.names] == ["区城投集团"]
    assert [d.kind for d in r.decisions] == ["unresolved"]
    score = dict(v3.closest("区城投集团"))["区国投集团"]
    assert score < TYPO_THRESHOLD


def test_district_name_is_discounted_in_similarity():
    v = vocab("生态环境拱墅分局", "生态环境拱墅分局", district="拱墅区")
    assert resolved(v, "生态环境局分局")[0] == [("生态环境拱墅分局", "typo")]


def test_user_aliases_are_applied_first():
    v = vocab("区发改局", aliases={"发改": "区发改局", "区发改经信局": "区发改局"})
    r = v.resolve_cell("发改、区发改经信局")
    assert [(n.unit, n.method) for n in r.names] == [("区发改局", "alias")]  # both map to one unit, named once
    assert [d.kind for d in r.decisions][:2] == ["user-alias", "user-alias"]


@pytest.mark.parametrize("phrase", ["各街道", "相关街道", "各镇（街道）", "区政府各部门", "区政府各组成部门", "区级机关各部门",
                                    "各指挥部", "各城建单位", "亚运城市行动领导小组成员单位", "市属延伸部门"])
def test_blanket_phrases_become_groups(phrase):
    v = vocab("区教育局")
    names, groups = resolved(v, f"区教育局，{phrase}")
    assert names == [("区教育局", "exact")]
    assert groups == [phrase]


def test_separators_mixed():
    assert [p.text for p in split_pieces("甲局、乙局，丙局,丁局；戊局;己局")] == ["甲局", "乙局", "丙局", "丁局", "戊局", "己局"]


def test_leaders():
    assert split_leaders("王  涛\n\n杨  辉") == ["王涛", "杨辉"]
    assert split_leaders("") == []


def test_alias_file_csv_and_yaml(tmp_path):
    csv_file = tmp_path / "a.csv"
    csv_file.write_text("variant,canonical\n区发经经信局,区发改经信局\n", encoding="utf-8")
    assert load_alias_file(csv_file) == {"区发经经信局": "区发改经信局"}
    yaml_file = tmp_path / "a.yaml"
    yaml_file.write_text("区网信办: 区委宣传部\n", encoding="utf-8")
    assert load_alias_file(yaml_file) == {"区网信办": "区委宣传部"}
    bad = tmp_path / "bad.csv"
    bad.write_text("only-one-column\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_alias_file(bad)
    assert "bad.csv" in str(info.value) and "line 1" in str(info.value)


def test_a_piece_wholly_in_brackets_holds_names_not_aliases():
    assert [p.text for p in split_pieces("（区财政局、区民政局），区科技局")] == ["区财政局", "区民政局", "区科技局"]
    assert split_pieces("(、)") == [] and [p.text for p in split_pieces("（、）区财政局")] == ["区财政局"]
    assert vocab().resolve_cell("(区财政局；区民政局)").units == ["区财政局", "区民政局"]
    # a bracket after a name is still its alias
    assert [p.text for p in split_pieces("区委宣传部（区网信办、区委网信办）")] == ["区委宣传部（区网信办、区委网信办）"]


CELL_TEXT = st.text(alphabet=st.sampled_from(list("区局委办街道各相关（）()、，,；;\n \t甲乙丙丁市场监管科技") + ["\u3000", "\r"]), max_size=60)


@settings(max_examples=300, deadline=None)
@given(st.lists(CELL_TEXT, max_size=6), CELL_TEXT)
def test_resolver_never_crashes_and_never_returns_a_blanket_as_unit(document, cell):
    v = vocab(*document)
    result = v.resolve_cell(cell)
    for name in result.names:
        assert name.unit and not is_blanket(name.unit)
        assert "\n" not in name.unit and "、" not in name.unit
    assert len({n.unit for n in result.names}) == len(result.names)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_splitter_keeps_every_non_separator_character(text):
    pieces = split_pieces(text)
    joined = "".join(p.text for p in pieces)
    for p in pieces:
        assert p.text
    assert len(joined) <= len(text)


ANY_CELL = st.text(max_size=40)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.fixed_dictionaries({
    "seq": st.one_of(st.integers(0, 50).map(str), ANY_CELL),
    "section": ANY_CELL, "text": ANY_CELL, "leaders": ANY_CELL, "lead": CELL_TEXT, "co": CELL_TEXT,
}), max_size=8), st.lists(ANY_CELL, max_size=3))
def test_build_plan_raises_only_input_error(rows, preamble):
    from respgraph.ingest import build_plan
    from respgraph.readers.base import RawRow, RawTable

    table = RawTable(source="generated", columns={r: r for r in ("seq", "section", "text", "leaders", "lead", "co")},
                     rows=[RawRow(cells=r, where=f"row {i}") for i, r in enumerate(rows, 1)], preamble=preamble)
    try:
        plan = build_plan(table)
    except InputError as exc:
        assert "generated" in str(exc)
        return
    assert len(plan.tasks) == len({int(r["seq"]) for r in rows if r["seq"].strip().isdigit()}) or plan.tasks
    for task in plan.tasks:
        assert not set(task.lead_units) & set(task.co_units)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("区局委办街道各甲乙、，,；;\n")), max_size=40))
def test_fast_split_path_agrees_with_the_general_one(text):
    import re

    import respgraph.resolve as resolve

    fast = split_pieces(text)
    saved = resolve._SLOW_CHARS
    resolve._SLOW_CHARS = re.compile("")  # matches everywhere: forces the character loop
    try:
        slow = split_pieces(text)
    finally:
        resolve._SLOW_CHARS = saved
    assert fast == slow


def test_a_repeated_slip_is_corrected_not_trusted():
    lex = Lexicon()
    lex.add("区发改经信局")
    v = Vocabulary(lex)
    for cell in ("区发经经信局、区教育局", "区发经经信局", "区发改经信局"):
        v.observe(cell)
    assert [(n.unit, n.method) for n in v.resolve_cell("区发经经信局").names] == [("区发改经信局", "typo")]


def test_a_known_name_on_its_own_line_is_not_glued_to_a_slip_above():
    v = vocab("区委文明办、区财政局", "区委文明办")
    names = [n.unit for n in v.resolve_cell("区商贸水务务心\n区委文明办").names]
    assert names[-1] == "区委文明办" and len(names) == 2


def test_names_not_in_the_lexicon_used_often_are_listed():
    v = vocab("区新设局、区教育局", "区新设局")
    r = v.resolve_cell("区新设局")
    assert [(n.unit, n.method) for n in r.names] == [("区新设局", "exact")]
    assert [d.kind for d in r.decisions] == ["unlisted"]
