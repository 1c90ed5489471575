"""Numbering and headings: 一、 （一） 1. 第一部分, and leader headings.

Every layout meets the same numbering.  A line opens with a *marker*
(一、, （一）, 1., 1、, (1), 第一部分, ①) whose *level* says how deep it
sits; a heading is a numbered line that is not a task, and the section of a
task is the deepest heading above it.  A heading may also say who oversees
the tasks under it: ``二、李丹常委、常务副区长牵头重点工作`` → leader 李丹.

>>> split_marker("（三）着力稳定经济运行")
Marker(level=2, number=3, text='着力稳定经济运行')
>>> split_marker("12.启动南外环高速公路").number
12
>>> leaders_in_heading("二、李丹常委、常务副区长牵头重点工作")
['李丹']
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

__all__ = [
    "Marker",
    "split_marker",
    "chinese_number",
    "heading_level",
    "leaders_in_heading",
    "SectionStack",
]

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100}
_CN = "零〇一二两三四五六七八九十百"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_ROMAN = "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ"


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23, 一百零五 → 105; None when not a numeral.

    >>> [chinese_number(t) for t in ("一", "十", "十二", "二十三", "一百零五", "甲")]
    [1, 10, 12, 23, 105, None]
    """
    if not text or any(ch not in _CN for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in _CN_UNITS:
            total += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit = None
        else:
            digit = _CN_DIGITS[ch]
    return total + (digit or 0)


class Marker(NamedTuple):
    """A line's numbering: its level (0 第一部分, 1 一、, 2 （一）, 3 1., 4 (1), 5 ①), number and the rest."""

    level: int
    number: int
    text: str


_SPACE = r"[ \t\u3000\xa0]*"
_PATTERNS = (
    (0, re.compile(rf"^{_SPACE}第([{_CN}\d]+)[部分章节篇]+{_SPACE}[、.．:：]?{_SPACE}")),
    (1, re.compile(rf"^{_SPACE}([{_CN}]+){_SPACE}[、.．]{_SPACE}")),
    (2, re.compile(rf"^{_SPACE}[（(]{_SPACE}([{_CN}]+){_SPACE}[）)]{_SPACE}[、.．]?{_SPACE}")),
    (3, re.compile(rf"^{_SPACE}(\d{{1,4}}){_SPACE}(?:[.．、，,]|(?=[\u4e00-\u9fff“\"《（(]))(?!\d){_SPACE}")),
    (4, re.compile(rf"^{_SPACE}[（(]{_SPACE}(\d{{1,4}}){_SPACE}[）)]{_SPACE}[、.．]?{_SPACE}")),
    (5, re.compile(rf"^{_SPACE}([{_CIRCLED}])")),
    (1, re.compile(rf"^{_SPACE}([{_ROMAN}]+){_SPACE}[、.．]?{_SPACE}")),
)


def split_marker(line: str) -> Marker | None:
    """The numbering a line opens with, or None.

    A number glued to the text counts (``1地区生产总值…``) but a number that
    is the start of a figure does not (``2023年…``, ``5%``).

    >>> split_marker("第一部分 经济发展").level, split_marker("1、切实提高").number
    (0, 1)
    >>> split_marker("2023年全区经济社会发展") is None, split_marker("5%") is None
    (True, True)
    >>> split_marker("（12）加快").number, split_marker("③推进").number
    (12, 3)
    """
    for level, pattern in _PATTERNS:
        match = pattern.match(line)
        if not match:
            continue
        token = match.group(1)
        if token.isascii() and token.isdigit():
            number = int(token)
            rest = line[match.end() :]
            glued = level == 3 and not re.match(r"^\s*\d+\s*[.．、，,]", line)
            if glued and re.match(r"^(?:年|月|日|%|％|个|万|亿|元|项|家|所|条|公里|平方|吨|人|户|套|座|次)", rest):
                return None  # 2023年…, 5个…: a figure, not a number
        elif token in _CIRCLED:
            number = _CIRCLED.index(token) + 1
        elif token[0] in _ROMAN:
            number = sum(_ROMAN.index(ch) + 1 for ch in token)
        else:
            number = chinese_number(token)
            if number is None:
                continue
        return Marker(level, number, line[match.end() :].strip())
    return None


def heading_level(text: str) -> int | None:
    """The level of a heading line by its numbering, or None when it is not numbered.

    >>> heading_level("一、全力稳定经济增长"), heading_level("（二）深化改革"), heading_level("加快发展")
    (1, 2, None)
    """
    marker = split_marker(text or "")
    return marker.level if marker else None


_TITLES = (
    "常务副区长", "常务副县长", "常务副市长", "常务副省长", "常务副主任", "副区长", "副县长", "副市长", "副省长",
    "区长", "县长", "市长", "省长", "副书记", "书记", "副主任", "主任", "副主席", "主席", "副部长", "部长",
    "秘书长", "常委", "委员", "政委", "调研员", "巡视员", "副旗长", "旗长", "同志", "区委", "县委", "市委",
    "区政府", "县政府", "市政府", "党组", "助理", "区人大", "区政协", "人大", "政协",
)  # fmt: skip
_TITLE_RUN = re.compile("(?:" + "|".join(sorted(_TITLES, key=len, reverse=True)) + ")+$")
_LEADER_HEADING = re.compile(r"^(?P<names>.{2,30}?)(?:同志)?(?:牵头|负责|分管|联系)(?:的|抓总的?)?(?:重点|主要)?(?:工作|任务|事项)")
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


def leaders_in_heading(text: str) -> list[str]:
    return list(_leaders_in_heading(text or ""))


@lru_cache(maxsize=4096)
def _leaders_in_heading(text: str) -> tuple[str, ...]:
    """Leaders a heading names as overseeing the rows under it, or [].

    The names must carry a title (区长, 常委, 副区长, …) so that an ordinary
    heading (一、全力稳定经济增长) never yields a leader.

    >>> leaders_in_heading("一、夏禹桨区长牵头重点工作")
    ['夏禹桨']
    >>> leaders_in_heading("三、王芳、陈刚副区长牵头重点工作")
    ['王芳', '陈刚']
    >>> leaders_in_heading("一、全力稳定经济增长"), leaders_in_heading("（二）加快项目牵头工作")
    ([], [])
    """
    marker = split_marker(text)
    body = re.sub(r"\s+", "", marker.text if marker else text)
    match = _LEADER_HEADING.match(body)
    if not match:
        return ()
    parts = re.split(r"[、，,/／]", match.group("names"))
    if not any(_TITLE_RUN.search(part) for part in parts):
        return ()
    leaders = []
    for part in parts:
        name = _TITLE_RUN.sub("", part)
        if _PERSON.match(name or "") and name not in leaders:
            leaders.append(name)
    return tuple(leaders)


class SectionStack:
    """The headings above the current row, deepest last.

    A heading closes every heading at its level or deeper; the section of a
    task is the deepest open numbered heading, and its inherited leaders come
    from the nearest leader heading.  Unnumbered topic lines (加强基础设施建设)
    sit below every numbered level and never become the section.

    >>> s = SectionStack()
    >>> s.push("一、李丹副区长牵头重点工作"); s.push("（一）稳增长"); s.section, s.leaders
    ('（一）稳增长', ['李丹'])
    >>> s.push("二、全面深化改革"); s.section, s.leaders
    ('二、全面深化改革', [])
    """

    TOPIC = 9

    def __init__(self):
        self._open: list[tuple[int, str, list[str]]] = []

    def push(self, text: str, level: int | None = None) -> None:
        if level is None:
            level = heading_level(text)
            if level is None:
                level = self.TOPIC
        self._open = [entry for entry in self._open if entry[0] < level]
        self._open.append((level, text, leaders_in_heading(text)))

    def set_section(self, text: str) -> None:
        """A section named in a column (not by a heading row) replaces every open heading."""
        self._open = [(1, text, leaders_in_heading(text))]

    @property
    def section(self) -> str:
        for level, text, _ in reversed(self._open):
            if level != self.TOPIC:
                return text
        return ""

    @property
    def leaders(self) -> list[str]:
        for _, _, leaders in reversed(self._open):
            if leaders:
                return list(leaders)
        return []
