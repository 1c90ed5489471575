"""A table flattened to one cell per line: what copying a web page's table gives.

::

    序号            ← the header, one cell per line (a cell may be split: 区本级 / 任务数)
    重点工作
    责任单位
    1               ← each row opens with its number
    地区生产总值增长6.5%。
                    ← an empty cell: an extra blank line, or nothing at all
    区发改局

Rows are anchored on their numbers (1, 2, 3, …); the cells between two
numbers belong to the row before (the columns after 序号) and to the row after
(columns before 序号, such as a 分类 cell given only on a group's first row).
Where blank lines separate the cells, an extra blank line is an empty cell;
where they do not, each cell goes to the column its text fits best (a task's
sentence, a list of units, a figure such as 9亿元).  Lines before the header are
the title and headings; a heading between rows (一、…, a leader's heading)
opens a new section.

>>> lines = ["分类", "序号", "事项", "责任单位", "牵头单位", "发展目标", "1", "地区生产总值增长6.5%。",
...          "区农业农村局、区发改局", "区发改局", "2", "农业增加值增长3.5%。", "区农业农村局", "区农业农村局"]
>>> t = parse_flat(list(enumerate(lines, 1)))
>>> [r.cells for r in t.rows][1]
{'section': '', 'seq': '2', 'text': '农业增加值增长3.5%。', 'co': '区农业农村局', 'lead': '区农业农村局'}
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from respgraph.errors import InputError
from respgraph.layouts.headings import leaders_in_heading, split_marker
from respgraph.readers.base import RawRow, RawTable
from respgraph.readers.header import header_note, is_ignored_header, role_of
from respgraph.resolve import looks_like_unit_list

__all__ = ["parse_flat", "find_flat_header"]

_INT = re.compile(r"^\d{1,4}[.．、]?$")
_SENTENCE = re.compile(r"[。；;！？]")
_FIGURE = re.compile(r"^[\d.,，/%％\s]*(?:[\d.]+\s*(?:%|％|亿元|万元|元|个|项|家|公里|万|亿|吨|平方米|亩|人|户|座|所|次)[/、\s]*)+$")


@dataclass
class _Cell:
    line: int
    text: str
    blanks: int  # blank lines just above


@dataclass
class _Column:
    role: str | None  # a role, "ignored" or None (unknown header text)
    text: str


def _header_piece(cells: list[_Cell], j: int) -> tuple[int, _Column] | None:
    """The header column starting at ``cells[j]`` (joining up to three lines), or None."""
    for width in (3, 2, 1):
        if j + width > len(cells):
            continue
        text = "".join(c.text for c in cells[j : j + width])
        role = role_of(text)
        if role:
            return width, _Column(role, text)
        if is_ignored_header(text):
            return width, _Column("ignored", text)
    return None


def _headerish(text: str) -> bool:
    return len(text) <= 8 and not _INT.match(text) and not re.search(r"[\d。，、；;,:：]", text)


def find_flat_header(cells: list[_Cell], limit: int = 120):
    """(start, end, columns) of the first run of lines that reads as a header, or None."""
    for start in range(min(len(cells), limit)):
        if _header_piece(cells, start) is None:
            continue
        columns: list[_Column] = []
        j = start
        known_end = start
        while j < len(cells):
            piece = _header_piece(cells, j)
            if piece is not None:
                width, column = piece
                if column.role not in (None, "ignored") and any(c.role == column.role for c in columns):
                    break  # a role twice: the header is over (a repeat or the data)
                columns.append(column)
                j += width
                known_end = j
                continue
            if _headerish(cells[j].text) and columns:
                if columns[-1].role is None:
                    columns[-1].text += cells[j].text
                else:
                    columns.append(_Column(None, cells[j].text))
                j += 1
                continue
            break
        while columns and columns[-1].role is None:
            columns.pop()  # unknown text after the last header name is the first row's data
        roles = {c.role for c in columns}
        if "text" in roles and roles & {"lead", "co"} and len(columns) >= 2:
            return start, known_end, columns
    return None


def _paragraph_cells(cells: list[_Cell]) -> list[_Cell]:
    """Where blank lines separate the cells, lines with no blank between them are one cell.

    A cell of a web table holding a line break (区发改局、区财政局、<br>区商务局)
    is copied as two lines of one paragraph; joined, the resolver sees the break.
    """
    gaps = [c.blanks for c in cells[1:]]
    if not gaps or sum(1 for g in gaps if g >= 1) * 4 < len(gaps) * 3:
        return cells  # one cell per line: nothing to join
    out: list[_Cell] = []
    for cell in cells:
        if out and cell.blanks == 0:
            out[-1] = _Cell(out[-1].line, out[-1].text + "\n" + cell.text, out[-1].blanks)
        else:
            out.append(cell)
    return out


# -- how well a text fits a column ------------------------------------------------
def _fit(role: str | None, text: str) -> float:
    if not text:
        return -6.0 if role == "text" else 0.0
    if role in ("lead", "co"):
        # a row always has a lead, its co-responsible may be missing: one list alone goes to the lead
        bonus = 0.2 if role == "lead" else 0.0
        return bonus + (3.0 if looks_like_unit_list(text) else (-1.0 if len(text) <= 12 and not _SENTENCE.search(text) else -4.0))
    if role == "text":
        score = 1.0 if len(text) >= 8 else 0.0
        score += 1.0 if _SENTENCE.search(text) or re.search(r"\d", text) else 0.0
        return score - (3.0 if looks_like_unit_list(text) else 0.0)
    if role == "leaders":
        names = [p for p in re.split(r"[、，,\s]+", text) if p]
        return 2.0 if names and all(2 <= len(n) <= 4 for n in names) else -2.0
    if role == "deadline":
        return 2.0 if re.search(r"年|月|底|前|季度|长期|持续|全年", text) and len(text) <= 20 else -2.0
    if role == "section":
        return (1.0 if len(text) <= 20 and not _SENTENCE.search(text) else -2.0) - (2.0 if looks_like_unit_list(text) else 0.0)
    # ignored or unknown columns: figures and short notes
    if _FIGURE.match(text):
        return 2.0
    return -2.0 if looks_like_unit_list(text) else (-0.5 if len(text) <= 20 else -2.0)


def _assign(texts: list[str], slots: list[str | None]) -> list[str]:
    """Place ``texts`` in order into ``slots`` (len ≥ len(texts)) where they fit best."""
    n, m = len(texts), len(slots)
    NEG = float("-inf")
    # best[i][j]: best score with the first i texts placed among the first j slots
    best = [[NEG] * (m + 1) for _ in range(n + 1)]
    take = [[False] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for j in range(1, m + 1):
        best[0][j] = best[0][j - 1] + _fit(slots[j - 1], "")
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            skip = best[i][j - 1] + _fit(slots[j - 1], "") if j - 1 >= i else NEG
            place = best[i - 1][j - 1] + _fit(slots[j - 1], texts[i - 1])
            if place >= skip:
                best[i][j], take[i][j] = place, True
            else:
                best[i][j] = skip
    out = [""] * m
    i, j = n, m
    while j > 0:
        if i > 0 and take[i][j]:
            out[j - 1] = texts[i - 1]
            i -= 1
        j -= 1
    return out


def parse_flat(lines, source: str = "<text>") -> RawTable:
    """Read a table flattened to one cell per line (``lines``: (line number, text), blanks kept)."""
    cells: list[_Cell] = []
    blanks = 0
    for number, text in lines:
        text = (text or "").strip()
        if not text:
            blanks += 1
            continue
        cells.append(_Cell(number, text, blanks))
        blanks = 0
    trailing = blanks
    cells = _paragraph_cells(cells)
    found = find_flat_header(cells)
    if found is None:
        raise InputError("no header of one cell per line (such as 序号 / 重点工作 / 牵头单位 / 责任单位)", source=source)
    start, end, columns = found
    notes = {note for c in columns if (note := header_note(c.text))}
    rows: list[RawRow] = []
    preamble: list[str] = []
    skipped: list[tuple[str, str, str]] = []
    for cell in cells[:start]:
        if split_marker(cell.text) is not None and len(cell.text) <= 60:
            rows.append(RawRow(where=f"line {cell.line}", heading=cell.text))
        else:
            preamble.append(cell.text)
            if header_note(cell.text):
                notes.add(header_note(cell.text))
    body = cells[end:]
    header_texts = [c.text for c in cells[start:end]]
    roles = [c.role for c in columns]
    base = Counter(c.blanks for c in body[1:]).most_common(1)[0][0] if len(body) > 1 else 0
    if "seq" not in roles:
        rows.extend(_rows_by_width(body, columns, base, trailing, source))
    else:
        rows.extend(_rows_by_number(body, columns, header_texts, base, trailing, skipped))
    if not any(r.heading is None for r in rows):
        raise InputError("the table has a header but no rows", source=source, where=f"line {cells[start].line}")
    names = {}
    for column in columns:
        if column.role not in (None, "ignored") and column.role not in names:
            names[column.role] = column.text
    return RawTable(
        source=source,
        columns=names,
        rows=rows,
        preamble=preamble,
        header_where=f"line {cells[start].line}",
        layout="flat",
        skipped=skipped,
        notes=notes,
    )


def _cells_of(values: list[str], columns: list[_Column], seq: str | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for column, value in zip(columns, values):
        if column.role == "seq":
            out["seq"] = (seq or value).rstrip(".．、")
        elif column.role not in (None, "ignored") and column.role not in out:
            out[column.role] = value
    return out


def _with_empties(chunk: list[_Cell], after_blanks: int, base: int) -> list[str] | None:
    """The chunk's texts with the empty cells its extra blank lines mark, or None without blank lines."""
    if base < 1:
        return None
    out: list[str] = []
    for index, cell in enumerate(chunk):
        if index:
            out.extend([""] * max(0, cell.blanks - base))
        out.append(cell.text)
    out.extend([""] * max(0, after_blanks - base))
    return out


def _rows_by_number(body, columns, header_texts, base, trailing, skipped) -> list[RawRow]:
    seq_at = [c.role for c in columns].index("seq")
    before, after = columns[:seq_at], columns[seq_at + 1 :]
    width = len(header_texts)
    # anchors: row numbers counting up (or starting again at 1 after a heading)
    anchors: list[int] = []
    expected = None
    index = 0
    restart = False
    headings_at: dict[int, list[_Cell]] = {}
    drop: set[int] = set()
    while index < len(body):
        cell = body[index]
        if [c.text for c in body[index : index + width]] == header_texts:
            drop.update(range(index, index + width))  # the header again (a new page, a new group)
            index += width
            restart = True
            continue
        marker = split_marker(cell.text)
        after_number = index > 0 and bool(anchors) and anchors[-1] == index - 1
        if leaders_in_heading(cell.text) or (
            marker is not None and marker.level <= 2 and not after_number and not looks_like_unit_list(cell.text) and len(cell.text) <= 40
        ):
            # 一、… / （一）… / a leader's heading between rows (right after a row number it is that row's text)
            headings_at.setdefault(index, []).append(cell)
            drop.add(index)
            index += 1
            restart = True
            continue
        if _INT.match(cell.text):
            number = int(cell.text.rstrip(".．、"))
            if expected is None or number == expected or (restart and number == 1):
                anchors.append(index)
                expected = number + 1
                restart = False
        index += 1
    if not anchors:
        return []
    out: list[RawRow] = []
    pending_before: list[str] = []

    def emit_headings(lo: int, hi: int) -> None:
        for position in sorted(headings_at):
            if lo <= position < hi:
                for cell in headings_at[position]:
                    out.append(RawRow(where=f"line {cell.line}", heading=cell.text))

    first_chunk = [body[i] for i in range(0, anchors[0]) if i not in drop]
    emit_headings(0, anchors[0])
    for cell in first_chunk[: max(0, len(first_chunk) - len(before))]:
        if split_marker(cell.text) is not None:
            out.append(RawRow(where=f"line {cell.line}", heading=cell.text))
        else:
            skipped.append((f"line {cell.line}", cell.text, "before the first row"))
    pending_before = [c.text for c in first_chunk[max(0, len(first_chunk) - len(before)) :]]
    pending_before = [""] * (len(before) - len(pending_before)) + pending_before
    for k, anchor in enumerate(anchors):
        stop = anchors[k + 1] if k + 1 < len(anchors) else len(body)
        chunk = [body[i] for i in range(anchor + 1, stop) if i not in drop]
        next_blanks = body[stop].blanks if stop < len(body) else trailing
        headings: list[_Cell] = []
        capacity = len(after) + (len(before) if k + 1 < len(anchors) else 0)
        while len(chunk) > capacity:
            # more cells than columns: a heading between rows (一、… / （一）…), or stray text
            position = max((i for i, c in enumerate(chunk) if split_marker(c.text) is not None and split_marker(c.text).level <= 2), default=None)
            if position is None:
                cell = chunk.pop()
                skipped.append((f"line {cell.line}", cell.text, "more cells than the header has columns"))
            else:
                headings.insert(0, chunk.pop(position))
        texts = _with_empties(chunk, next_blanks, base)
        slots = [c.role for c in after] + ([c.role for c in before] if k + 1 < len(anchors) else [])
        if texts is not None and len(texts) in (len(after), len(slots)):
            placed = texts + [""] * (len(slots) - len(texts))
        else:
            placed = _assign([c.text for c in chunk], slots)
        row_values = pending_before + [body[anchor].text] + placed[: len(after)]
        out.append(RawRow(cells=_cells_of(row_values, columns, body[anchor].text), where=f"line {body[anchor].line}"))
        emit_headings(anchor, stop)
        for cell in headings:
            out.append(RawRow(where=f"line {cell.line}", heading=cell.text))
        pending_before = placed[len(after) :] + [""] * (len(before) - len(placed[len(after) :]))
    return out


def _rows_by_width(body, columns, base, trailing, source) -> list[RawRow]:
    texts = _with_empties(body, trailing, base) if body else []
    if texts is None:
        texts = [c.text for c in body]
    width = len(columns)
    if len(texts) % width:
        raise InputError(
            f"{len(texts)} cells do not fill rows of {width} columns, and the table has no 序号 column to tell rows apart",
            source=source,
            where=f"line {body[0].line}" if body else None,
        )
    lines = {c.text: c.line for c in reversed(body)}
    out = []
    for start in range(0, len(texts), width):
        values = texts[start : start + width]
        first = next((v for v in values if v), "")
        out.append(RawRow(cells=_cells_of(values, columns, None), where=f"line {lines.get(first, 0)}"))
    return out
