"""Recognising a header row whatever the table calls its columns."""

from __future__ import annotations

import re

__all__ = ["HEADER_NAMES", "IGNORED_HEADERS", "LABEL_NAMES", "normalise_header", "role_of", "is_ignored_header", "header_note", "match_header"]

#: Header texts recognised for each role, after :func:`normalise_header`.
#: The same words, followed by a colon, label a value in a paragraph
#: (牵头单位：区发改局), see :data:`LABEL_NAMES`.
HEADER_NAMES = {
    "seq": ("序号", "编号", "序"),
    "section": (
        "项目名称", "类别", "板块", "工作板块", "项目", "分类", "领域", "重点领域", "工作类别", "类型",
        "大类", "板块名称", "工作领域", "方面", "任务类别", "工作分类", "篇章",
    ),
    "text": (
        "主要工作内容", "重点工作任务", "工作任务", "任务内容", "工作内容", "主要任务", "具体任务", "任务",
        "目标任务", "工作目标", "重点任务", "任务名称", "具体工作任务", "事项", "重点工作", "民生实事",
        "实事项目", "工作事项", "重点工作内容", "工作要点", "任务事项", "具体内容", "主要目标任务",
        "重点工作事项", "项目内容", "目标任务内容", "重点事项", "主要内容", "工作措施", "具体事项",
    ),
    "leaders": (
        "分管领导", "牵头领导", "责任领导", "分管区领导", "区领导", "联系领导", "分管副区长", "牵头负责领导",
        "责任区领导", "牵头区领导", "责任市领导", "牵头市领导", "分管市领导", "市领导", "县领导", "分管县领导",
        "责任县领导", "牵头县领导", "联系区领导", "联系市领导", "联系县领导", "负责领导", "责任领导人",
    ),
    "lead": (
        "牵头单位", "牵头部门", "主办单位", "牵头责任单位", "牵头责任部门", "主责单位", "主责部门", "牵头处室",
        "主办部门", "主要责任单位", "责任牵头单位", "牵头",
    ),
    "co": (
        "责任单位", "配合单位", "协办单位", "责任（配合）单位", "参与单位", "配合部门", "责任部门", "协同单位",
        "配合责任单位", "协办部门", "协同责任单位", "协同部门", "参加单位", "配合处室", "协同配合单位",
        "参与部门", "协办", "配合", "责任主体", "协同配合部门",
    ),
    "deadline": ("完成时限", "时间节点", "完成时间", "时限", "时间要求", "完成期限", "时间安排", "进度安排", "完成时限要求"),
}  # fmt: skip

#: Columns a table may have that respgraph reads past without complaint.
IGNORED_HEADERS = (
    "区本级任务数", "任务数", "备注", "进展情况", "完成情况", "责任人", "目标值", "指标值", "预期目标", "工作进度",
    "进度", "推进情况", "落实情况", "序时进度", "工作举措", "评价", "考核分值", "分值", "联系人", "联系电话",
    "区本级", "市本级", "县本级", "本级任务数", "目标", "年度目标",
)  # fmt: skip

#: Words that label a value inside a paragraph, by role (no seq/section/text).
LABEL_NAMES = {role: HEADER_NAMES[role] for role in ("leaders", "lead", "co", "deadline")}

_SPACE = re.compile(r"\s+")
_BRACKETS = str.maketrans({"(": "（", ")": "）"})


def normalise_header(text: str) -> str:
    """Strip spaces (序  号) and unify brackets so header variants compare equal.

    >>> normalise_header(" 序 号 ")
    '序号'
    >>> normalise_header("责任(配合)单位")
    '责任（配合）单位'
    """
    return _SPACE.sub("", str(text or "")).translate(_BRACKETS)


_LOOKUP = {name: role for role, names in HEADER_NAMES.items() for name in names}
_IGNORED = set(IGNORED_HEADERS)
_NOTE = re.compile(r"^(.+?)（([^（）]*)）$")


def role_of(text: str) -> str | None:
    """The role a header cell names, or None.

    A bracketed note after a known name is read past: 责任单位（列第一位者为牵头单位）
    names the co-responsible column (the note itself is :func:`header_note`).

    >>> role_of("牵头部门"), role_of("责任单位(部门)"), role_of("事项")
    ('lead', 'co', 'text')
    >>> role_of("备注") is None
    True
    """
    name = normalise_header(text)
    role = _LOOKUP.get(name)
    if role is None:
        match = _NOTE.match(name)
        if match:
            role = _LOOKUP.get(match.group(1))
    return role


def is_ignored_header(text: str) -> bool:
    """A column respgraph knows and skips (备注, 进展情况, 区本级任务数, …).

    >>> is_ignored_header("备 注"), is_ignored_header("牵头单位")
    (True, False)
    """
    return normalise_header(text) in _IGNORED


def header_note(text: str) -> str | None:
    """The convention a header or note states, if respgraph knows it.

    ``first-leads`` for 列第一位者为牵头单位 / 排在首位的为牵头单位 (the first unit listed leads).

    >>> header_note("责任单位（列第一位者为牵头单位）")
    'first-leads'
    >>> header_note("责任单位") is None
    True
    """
    name = normalise_header(text)
    if "牵头" in name and re.search(r"(?:第一|首位|首个|第1|排在前|列前)", name):
        return "first-leads"
    return None


def match_header(cells) -> dict[str, int] | None:
    """Map roles to column indexes if ``cells`` looks like a header row.

    A header needs a task-text column and at least one other recognised
    column; the first column for each role wins.

    >>> match_header(["序号", "工作任务", "牵头单位", "责任单位"])
    {'seq': 0, 'text': 1, 'lead': 2, 'co': 3}
    >>> match_header(["2021年任务分解表"]) is None
    True
    """
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        role = role_of(cell)
        if role and role not in found:
            found[role] = index
    if "text" in found and len(found) >= 2:
        return found
    return None
