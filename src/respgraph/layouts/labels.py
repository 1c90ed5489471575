"""Labelled values inside running text: （责任领导：X；牵头单位：Y；责任单位：Z）.

Tables published as paragraphs name each value with a label word and a
colon, in brackets of either width, in square brackets, or bare; on the task's
own line or on lines of their own.  :func:`find_labels` finds them wherever
they are; the label words are those of :data:`respgraph.readers.header.LABEL_NAMES`.

>>> found = find_labels("1.地区生产总值增长8%以上。(责任领导:杜新国;牵头单位:区发改局)")
>>> found.before, found.values
('1.地区生产总值增长8%以上。', {'leaders': '杜新国', 'lead': '区发改局'})
>>> find_labels("牵头单位：区工信局").values
{'lead': '区工信局'}
>>> find_labels("加快建设三大汽车产业基地。") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from respgraph.readers.header import LABEL_NAMES

__all__ = ["Labels", "find_labels", "label_pattern"]

_OPEN = "（([【〔"
_CLOSE = "）)]】〕"
_WORDS = sorted(((word, role) for role, words in LABEL_NAMES.items() for word in words), key=lambda wr: -len(wr[0]))
_ROLE_OF = dict(_WORDS)
# A label starts the text, or follows a bracket or a separator; a colon follows it.
_LABEL = re.compile(
    r"(?:^|(?<=[（(\[【〔；;，,。\s、]))"
    r"(?P<word>" + "|".join(re.escape(w) for w, _ in _WORDS) + r")"
    r"[ \t\u3000]*[:：]"
)


def label_pattern() -> re.Pattern:
    """The compiled pattern matching a label word and its colon."""
    return _LABEL


@dataclass
class Labels:
    """Values found after labels, by role, and the text before the first label."""

    before: str
    values: dict[str, str] = field(default_factory=dict)
    words: dict[str, str] = field(default_factory=dict)  # role -> label word as written
    bracketed: bool = False
    after: str = ""  # text after the bracket that closes the labels (1.【牵头单位：X】任务…)


def _strip_value(value: str) -> str:
    value = value.strip()
    # the separators between labels, the closing bracket of the block, a full stop
    value = re.sub(r"^[；;，,、\s]+", "", value)
    while value and (value[-1] in "；;，,。.、 \t\u3000" or value[-1] in _CLOSE and _unbalanced_close(value)):
        value = value[:-1].rstrip()
    return value


def _unbalanced_close(value: str) -> bool:
    depth = 0
    for ch in value:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
    return depth < 0


def find_labels(text: str) -> Labels | None:
    """The labelled values in ``text``, or None when it holds no label.

    A value runs to the next label; when the first label is inside a
    bracket, the text before the bracket is the task and the bracket's
    closing mark ends the last value.  A role labelled twice keeps both
    values, joined with 、.

    >>> find_labels("推进建设[牵头单位:区卫健局、区创文办;责任单位:各街办(新区)]").values
    {'lead': '区卫健局、区创文办', 'co': '各街办(新区)'}
    >>> find_labels("（牵头单位：市经贸委；配合单位：市发改委、国土房管局）").bracketed
    True
    """
    matches = list(_LABEL.finditer(text))
    if not matches:
        return None
    first = matches[0].start()
    head = text[:first].rstrip()
    bracketed = bool(head) and head[-1] in _OPEN
    if bracketed:
        head = head[:-1].rstrip()
    found = Labels(before=head, bracketed=bracketed)
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        value = text[match.end() : end]
        if index + 1 == len(matches) and bracketed:
            value, found.after = _cut_at_close(value)
        value = _strip_value(value)
        role = _ROLE_OF[match.group("word")]
        found.words.setdefault(role, match.group("word"))
        if role in found.values and value:
            found.values[role] = f"{found.values[role]}、{value}" if found.values[role] else value
        else:
            found.values[role] = value
    return found


def _cut_at_close(value: str) -> tuple[str, str]:
    """The value up to the bracket that closes the label block, and the text after that bracket."""
    depth = 0
    for index, ch in enumerate(value):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                return value[:index], value[index + 1 :].strip()
            depth -= 1
    return value, ""
