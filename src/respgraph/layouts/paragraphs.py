"""Tasks written as numbered paragraphs, their units labelled inline or on lines of their own.

Two published forms, often mixed in one document::

    1.地区生产总值增长8%以上。(责任领导:杜新国;牵头单位:区发改局)      ← inline

    1.努力实现地区生产总值增长6.2%左右。                               ← labelled lines
    牵头单位:区发改局
    责任单位:立山经济开发区,全区经济运行各专班

A numbered line is a task when it carries labels or labelled lines follow it
(a task's text may wrap onto further lines before its labels); any other
numbered line is a heading (一、…, （一）…, 第一部分…), and a short unnumbered
line is a topic heading.  Long unnumbered lines before the first task are the
document's preamble (title, salutation, introduction); elsewhere they are
skipped and listed as such.

>>> t = parse_paragraphs([(1, "一、目标"), (2, "1.增长8%。(牵头单位:区发改局;责任单位:区财政局)"),
...                       (3, "2.收入增长。"), (4, "牵头单位:区财政局")])
>>> [(r.heading, r.cells) for r in t.rows]     # doctest: +NORMALIZE_WHITESPACE
[('一、目标', {}), (None, {'seq': '1', 'text': '增长8%。', 'lead': '区发改局', 'co': '区财政局'}),
 (None, {'seq': '2', 'text': '收入增长。', 'lead': '区财政局'})]
>>> t.layout
'inline'
"""

from __future__ import annotations

import re
from collections import Counter

from respgraph.errors import InputError
from respgraph.layouts.headings import split_marker
from respgraph.layouts.labels import Labels, find_labels
from respgraph.readers.base import RawRow, RawTable
from respgraph.resolve import looks_like_unit_list, strip_responsibility

__all__ = ["parse_paragraphs", "TOPIC_MAX"]

#: The longest unnumbered line read as a topic heading (加强基础设施建设); longer ones are prose.
TOPIC_MAX = 30


class _Item:
    __slots__ = ("line", "text", "marker", "labels", "is_label")

    def __init__(self, line: int, text: str):
        self.line = line
        self.text = text
        self.marker = split_marker(text)
        labels = find_labels(text)
        if labels is None and self.marker is not None:
            labels = _bracketed_units(text)
        # a line that *starts* with its labels (or a bracket of them) belongs to the task above
        self.is_label = labels is not None and not labels.before.strip()
        self.labels: Labels | None = labels


_TRAILING_BRACKET = re.compile(r"[（(【\[]([^（()）【】\[\]]{2,200})[）)】\]][。.；;]?\s*$")
_MARKED = re.compile(r"(?:牵头|负责|主责|配合|协办|[*＊])")


def _bracketed_units(text: str) -> Labels | None:
    """``1.推进建设。（区发改局牵头，区财政局配合）``: units in a trailing bracket, no label words.

    Read only when every name in the bracket looks like a unit and at least
    one carries a role word (牵头, 负责, 配合, *), so an ordinary aside in
    brackets is never taken for units.
    """
    match = _TRAILING_BRACKET.search(text)
    if not match or not _MARKED.search(match.group(1)):
        return None
    names = [strip_responsibility(p.strip())[0] for p in re.split(r"[、，,；;]", match.group(1)) if p.strip()]
    if not names or not all(names) or not looks_like_unit_list("、".join(names)):
        return None
    # "units": one list, whose role words (or, without them, its order) say who leads
    return Labels(before=text[: match.start()].rstrip(), values={"units": match.group(1)},
                  words={"units": "（…牵头，…负责）"}, bracketed=True)


def _task_levels(items: list[_Item]) -> set:
    """Numbering levels that tasks use: those of lines with labels inline or right below."""
    levels: Counter = Counter()
    for index, item in enumerate(items):
        if item.is_label:
            continue
        below = items[index + 1] if index + 1 < len(items) else None
        if item.labels is not None or (below is not None and below.is_label):
            levels[item.marker.level if item.marker else None] += 1
    return set(levels)


def parse_paragraphs(lines, source: str = "<text>") -> RawTable:
    """Read numbered paragraphs with inline or line-by-line labels into a RawTable.

    ``lines`` are (line number, text) pairs, blank lines left out or kept.
    """
    items = [_Item(number, text.strip()) for number, text in lines if text and text.strip()]
    task_levels = _task_levels(items)
    if not task_levels:
        raise InputError("no labelled task found (such as 牵头单位：… after a numbered paragraph)", source=source)

    rows: list[RawRow] = []
    preamble: list[str] = []
    skipped: list[tuple[str, str, str]] = []
    columns: dict[str, str] = {}
    inline = labelled = 0
    pending: list | None = None  # [item, continuation texts] of a task waiting for its labels
    current: RawRow | None = None  # the task that label lines attach to

    def begin(item: _Item, extra: list[str], values: Labels | None) -> RawRow:
        text = values.before if values is not None else item.text
        if item.marker is not None:
            marker = split_marker(text)
            text = marker.text if marker else text
        if values is not None and values.after and len(values.after) > len(text):
            text = values.after  # 1.【牵头单位：X】任务……: the labels came first
        text = "".join([text] + extra).strip()
        cells = {"seq": str(item.marker.number)} if item.marker else {}
        cells["text"] = text
        row = RawRow(cells=cells, where=f"line {item.line}")
        rows.append(row)
        return row

    def attach(row: RawRow, found: Labels) -> None:
        for role, value in found.values.items():
            columns.setdefault(role, found.words[role])
            if role in row.cells and row.cells[role] and value:
                row.cells[role] = f"{row.cells[role]}、{value}"
            elif value or role not in row.cells:
                row.cells[role] = value

    def flush_pending_as_heading() -> None:
        nonlocal pending
        if pending is not None:
            item, extra = pending
            rows.append(RawRow(where=f"line {item.line}", heading="".join([item.text] + extra)))
            pending = None

    last_role: str | None = None  # the role the last label line gave a value to
    for index, item in enumerate(items):
        below = items[index + 1] if index + 1 < len(items) else None
        if (
            current is not None
            and last_role is not None
            and item.marker is None
            and item.labels is None
            and (current.cells.get(last_role, "").endswith(("、", "，", ",")) or _looks_like_units(item.text))
        ):
            # a labelled list that runs on to the next line
            current.cells[last_role] = current.cells[last_role].rstrip("、，,") + "、" + item.text.strip("。；;")
            continue
        last_role = None
        if item.is_label:
            if pending is not None:
                current = begin(pending[0], pending[1], None)
                pending = None
                labelled += 1
            if current is None:
                skipped.append((f"line {item.line}", item.text, "labels with no task above them"))
                continue
            attach(current, item.labels)
            last_role = list(item.labels.values)[-1] if item.labels.values else None
            continue
        if item.labels is not None:
            if pending is not None and item.marker is None:
                # the tail of a task wrapped onto a line of its own, carrying the labels
                current = begin(pending[0], pending[1] + [item.labels.before], None)
                pending = None
            else:
                flush_pending_as_heading()
                current = begin(item, [], item.labels)
            attach(current, item.labels)
            inline += 1
            continue
        level = item.marker.level if item.marker else None
        if pending is not None and item.marker is None:
            pending[1].append(item.text)  # a task's text wrapped onto the next line, before its labels
            continue
        flush_pending_as_heading()
        current = None
        if level in task_levels and below is not None and (
            below.is_label
            or (below.marker is None and below.labels is not None)  # its text runs on to the line with the labels
            or (below.marker is None and _leads_to_labels(items, index))
        ):
            pending = [item, []]
            continue
        if item.marker is not None:
            rows.append(RawRow(where=f"line {item.line}", heading=item.text))
            continue
        if below is not None and below.is_label:
            pending = [item, []]  # an unnumbered task with its labels below
            continue
        if not rows:
            preamble.append(item.text)
        elif len(item.text) <= TOPIC_MAX and not item.text.endswith(("。", "：", ":")):
            rows.append(RawRow(where=f"line {item.line}", heading=item.text))
        else:
            skipped.append((f"line {item.line}", item.text, "prose between tasks (no number, no labels)"))
    flush_pending_as_heading()

    if not any(row.heading is None for row in rows):
        raise InputError("no labelled task found (such as 牵头单位：… after a numbered paragraph)", source=source)
    columns = {"seq": "(paragraph number)", "text": "(paragraph text)", **columns}
    if not any("seq" in row.cells for row in rows if row.heading is None):
        columns.pop("seq")
    elif any("seq" not in row.cells for row in rows if row.heading is None):
        columns.pop("seq")  # some tasks unnumbered: number them all in order
        for row in rows:
            row.cells.pop("seq", None)
    first = next(row for row in rows if row.heading is None)
    return RawTable(
        source=source,
        columns=columns,
        rows=rows,
        preamble=preamble,
        header_where=first.where,
        layout="inline" if inline >= labelled else "labelled",
        skipped=skipped,
    )


def _looks_like_units(text: str) -> bool:
    text = text.strip("。；;")
    # several names: a single one could as well be a topic line (加快建设科创中心)
    return bool(re.search(r"[、，,]", text)) and looks_like_unit_list(text)


def _leads_to_labels(items: list[_Item], index: int, reach: int = 3) -> bool:
    """Whether label lines follow ``items[index]`` after at most ``reach`` wrapped lines."""
    for item in items[index + 1 : index + 1 + reach]:
        if item.is_label:
            return True
        if item.marker is not None or item.labels is not None:
            return False
    return False
