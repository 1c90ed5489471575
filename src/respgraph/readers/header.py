"""Recognising a header row whatever the table calls its columns."""

from __future__ import annotations

import re

__all__ = ["HEADER_NAMES", "normalise_header", "role_of", "match_header"]

#: Header texts recognised for each role, after :func:`normalise_header`.
HEADER_NAMES = {
    "seq": ("序号", "编号", "序"),
    "section": ("项目名称", "类别", "板块", "工作板块", "项目", "分类", "领域", "重点领域"),
    "text": (
        "主要工作内容",
        "重点工作任务",
        "工作任务",
        "任务内容",
        "工作内容",
        "主要任务",
        "具体任务",
        "任务",
        "目标任务",
        "工作目标",
        "重点任务",
        "任务名称",
        "具体工作任务",
    ),
    "leaders": ("分管领导", "牵头领导", "责任领导", "分管区领导", "区领导", "联系领导", "分管副区长"),
    "lead": ("牵头单位", "牵头部门", "主办单位", "牵头责任单位", "牵头责任部门", "主责单位"),
    "co": (
        "责任单位",
        "配合单位",
        "协办单位",
        "责任（配合）单位",
        "参与单位",
        "配合部门",
        "责任部门",
        "协同单位",
        "配合责任单位",
        "协办部门",
    ),
    "deadline": ("完成时限", "时间节点", "完成时间", "时限", "时间要求", "完成期限"),
}

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


def role_of(text: str) -> str | None:
    """The role a header cell names, or None.

    >>> role_of("牵头部门")
    'lead'
    >>> role_of("备注") is None
    True
    """
    return _LOOKUP.get(normalise_header(text))


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
