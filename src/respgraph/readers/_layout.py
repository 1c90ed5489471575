"""Layout shared by the grid formats (.docx, .xlsx, .xls, .csv, .html, .pdf): header, preamble, body.

A grid reader turns its document into :class:`GridRow` objects -- one list of
cell texts per physical row, merged cells already filled in -- and hands them
to :func:`locate_header` and :func:`build_rows`.  Everything about what a row
*means* (title line, header, repeated header, section heading, task row) is
decided here once, so the formats agree.

>>> rows = [GridRow(["2021年任务分解表", "2021年任务分解表"], "row 1"),
...         GridRow(["序号", "工作任务", "牵头单位"], "row 2"),
...         GridRow(["一、稳增长", "一、稳增长", "一、稳增长"], "row 3"),
...         GridRow(["1", "做好", "区府办"], "row 4")]
>>> found = locate_header(rows)
>>> found.index, found.columns
(1, {'seq': 0, 'text': 1, 'lead': 2})
>>> preamble_of(rows[:found.index])
['2021年任务分解表']
>>> [(r.heading, r.cells) for r in build_rows(rows, found)]
[('一、稳增长', {}), (None, {'seq': '1', 'text': '做好', 'lead': '区府办'})]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from respgraph.errors import InputError
from respgraph.readers.base import RawRow, RawTable
from respgraph.readers.header import HEADER_NAMES, match_header, normalise_header, role_of

__all__ = [
    "GridRow",
    "Header",
    "NoTableError",
    "read_as_text",
    "grid_from_cells",
    "clean_cell",
    "check_file",
    "refuse_ole",
    "locate_header",
    "preamble_of",
    "build_rows",
    "raw_table",
    "is_header_repeat",
    "expected_names",
    "looks_like_heading",
    "no_header_error",
    "workbook_table",
    "HEADER_SCAN_ROWS",
]

#: How far down a sheet or table the header may start (title rows come first).
HEADER_SCAN_ROWS = 15

_LINE_BREAK = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x0b")
_HEADING = re.compile(
    r"^\s*(?:"
    r"[一二三四五六七八九十百零〇]+\s*[、.．]"  # 一、全力稳定经济增长
    r"|[（(]\s*[一二三四五六七八九十百零〇]+\s*[）)]"  # （一）经济社会发展主要预期目标
    r"|第[一二三四五六七八九十百零〇\d]+[部分章节篇项类]"  # 第一部分
    r"|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]+\s*[、.．]?"  # Ⅰ、…
    r")"
)
_NOTE = re.compile(r"^\s*(?:注|备注|说明|附注)\s*\d*\s*[:：]")


class NoTableError(InputError):
    """A readable document that holds no task table (no table, or none with a recognisable header).

    Readers of documents with running text then try the text layouts.
    """


def read_as_text(text: str, source, layout: str | None, no_table: InputError | None = None):
    """The document's text read with the text layouts (``layout`` None detects).

    When the text holds no tasks either and ``no_table`` is given (the
    document's tables were tried first), that error is raised: it says more.
    """
    from respgraph.readers.text import parse_text

    try:
        return parse_text(text, source=str(source), layout=layout)
    except InputError:
        if no_table is not None:
            raise no_table from None
        raise


@dataclass
class GridRow:
    """One physical row of a grid: cell texts by column position, and where it is.

    ``inherited`` holds the columns whose text was filled in from a cell
    merged down from a row above; a row with nothing of its own is empty.
    """

    cells: list[str]
    where: str
    inherited: frozenset[int] = frozenset()


@dataclass
class Header:
    """Where the header is and what each column means."""

    index: int  # position of the (first) header row in the grid
    height: int  # 1, or 2 when a second header row refines the first (责任单位 over 牵头/配合)
    columns: dict[str, int]  # role -> column position
    names: dict[str, str]  # role -> header text as found
    where: str
    keys: list[tuple[str, ...]] = field(default_factory=list)  # normalised header rows, to skip repeats


def clean_cell(text) -> str:
    """Cell text with line endings unified and blank lines and edge spaces dropped.

    >>> clean_cell("  区发改局\\r\\n\\r\\n 区财政局 ")
    '区发改局\\n区财政局'
    >>> clean_cell(None)
    ''
    """
    if text is None:
        return ""
    lines = (line.strip() for line in _LINE_BREAK.split(str(text)))
    return "\n".join(line for line in lines if line)


def check_file(path) -> Path:
    """Refuse a missing path, a directory, anything but a regular file, or a file above the size limit."""
    from respgraph.readers.limits import check_regular_file

    return check_regular_file(path)


def refuse_ole(path: Path) -> None:
    """Refuse an OLE compound file where a zip package is expected: say whether it is encrypted or legacy."""
    from respgraph.readers.ole import OLE_MAGIC, classify_ole, ole_refusal

    try:
        with path.open("rb") as fh:
            head = fh.read(len(OLE_MAGIC))
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", source=path) from None
    if head == OLE_MAGIC:
        raise ole_refusal(path, classify_ole(path))


def looks_like_heading(text: str) -> bool:
    """True for section headings such as 一、全力稳定经济增长 or （一）….

    >>> looks_like_heading("一、全力稳定经济增长"), looks_like_heading("（二）深化改革")
    (True, True)
    >>> looks_like_heading("加快数字经济发展")
    False
    """
    return bool(_HEADING.match(text or ""))


def expected_names() -> str:
    """The header names a table needs, for messages."""
    text = "、".join(HEADER_NAMES["text"][:4])
    others = "、".join(HEADER_NAMES[role][0] for role in ("seq", "section", "leaders", "lead", "co", "deadline"))
    return f"a task column ({text}…) and at least one of {others}"


def _header_like(cells: list[str]) -> bool:
    """A row whose every non-empty cell is a header name (a second header row)."""
    filled = [c for c in cells if c.strip()]
    return bool(filled) and all(role_of(c) for c in filled)


def locate_header(rows: list[GridRow], limit: int = HEADER_SCAN_ROWS) -> Header | None:
    """Find the header among the first ``limit`` rows, or None.

    A second row made only of header names directly under the header (a
    merged 责任单位 over 牵头单位 | 配合单位) refines the roles column by column.

    >>> two = [GridRow(["序号", "工作任务", "责任单位", "责任单位"], "r1"),
    ...        GridRow(["序号", "工作任务", "牵头单位", "配合单位"], "r2")]
    >>> locate_header(two).columns
    {'seq': 0, 'text': 1, 'lead': 2, 'co': 3}
    """
    for index, row in enumerate(rows[:limit]):
        columns = match_header(row.cells)
        if columns is None:
            continue
        height = 1
        roles = [role_of(c) for c in row.cells]
        names = list(row.cells)
        below = rows[index + 1].cells if index + 1 < len(rows) else []
        if _header_like(below) and below != row.cells:
            refined_roles, refined_names = list(roles), list(names)
            for position, cell in enumerate(below):
                role = role_of(cell)
                if role:
                    while position >= len(refined_roles):
                        refined_roles.append(None)
                        refined_names.append("")
                    refined_roles[position] = role
                    refined_names[position] = cell
            refined: dict[str, int] = {}
            for position, role in enumerate(refined_roles):
                if role and role not in refined:
                    refined[role] = position
            # a row of header words that changes no column's role is no second header row
            # (e.g. the end of a task cut by a page break, reading just 任务)
            if refined != columns:
                height = 2
                names = refined_names
                if "text" in refined:
                    columns = refined
        keys = [_key(rows[i].cells, columns) for i in range(index, index + height)]
        return Header(
            index=index,
            height=height,
            columns=columns,
            names={role: names[i] for role, i in columns.items()},
            where=row.where,
            keys=keys,
        )
    return None


def _key(cells: list[str], columns: dict[str, int]) -> tuple[str, ...]:
    return tuple(normalise_header(cells[i]) if i < len(cells) else "" for i in columns.values())


def is_header_repeat(cells: list[str], header: Header) -> bool:
    """True for a header row repeated further down (a table split across pages).

    >>> one = locate_header([GridRow(["序号", "工作任务", "牵头单位"], "r1")])
    >>> is_header_repeat(["序 号", "工作任务", "牵头单位", "备注"], one), is_header_repeat(["1", "工作任务", "牵头单位"], one)
    (True, False)
    >>> two = locate_header([GridRow(["序号", "工作任务", "责任单位", "责任单位"], "r1"),
    ...                      GridRow(["序号", "工作任务", "牵头单位", "配合单位"], "r2")])
    >>> [is_header_repeat(cells, two) for cells in (["序号", "工作任务", "责任单位", "责任单位"],
    ...                                             ["序号", "工作任务", "牵头单位", "配合单位"],
    ...                                             ["序号", "工作任务", "牵头单位", "责任单位"])]
    [True, True, False]
    """
    # Compared column by column, not as a whole key: build_rows asks this of every row,
    # and a task row is told apart by its first role cell.
    candidates = header.keys
    for position, index in enumerate(header.columns.values()):
        text = normalise_header(cells[index]) if index < len(cells) else ""
        candidates = [key for key in candidates if key[position] == text]
        if not candidates:
            break
    return bool(candidates)


def grid_from_cells(rows: dict[int, dict[int, str]], merges, where, max_columns: int, source=None) -> list[GridRow]:
    """The grid of a sheet given its filled cells and merged ranges.

    ``rows`` maps row number to {column number: text} (both from 1; changed
    in place), ``merges`` holds (min_row, min_col, max_row, max_col) ranges,
    ``where`` turns a row number into its place for messages.

    Only the top-left cell of a merged range keeps its value (Excel shows
    nothing else; openpyxl empties the rest), and every range is cleared
    before any is filled.  Ranges that overlap (which Excel refuses to draw,
    and which only a damaged or hand-made file holds) are filled from the
    range that starts first in reading order -- higher up, then further left
    -- whatever their order in the file: a cell in two ranges belongs to the
    one drawn over it first, and a range whose top-left cell is covered by
    another has no value of its own.

    >>> grid = grid_from_cells({1: {1: "甲", 2: "乙"}, 2: {1: "丙"}}, [(1, 2, 2, 3), (2, 1, 2, 3)], "row {}".format, 256)
    >>> [row.cells for row in grid]
    [['甲', '乙', '乙'], ['丙', '乙', '乙']]
    """
    from bisect import bisect_left, bisect_right

    from respgraph.readers.limits import MAX_CELLS, limit, too_many_cells

    stored = sorted(rows)
    for min_row, min_col, max_row, max_col in merges:
        for row in stored[bisect_left(stored, min_row) : bisect_right(stored, max_row)]:
            cells = rows[row]
            for column in [c for c in cells if min_col <= c <= max_col]:
                if (row, column) != (min_row, min_col):
                    del cells[column]
    tops = [(merge, rows.get(merge[0], {}).get(merge[1])) for merge in merges]
    tops.sort(key=lambda item: (item[0][0], item[0][1]))
    inherited: dict[int, set[int]] = {}
    filled: set[tuple[int, int]] = set()
    budget = limit("RESPGRAPH_MAX_CELLS", MAX_CELLS)
    last_stored = stored[-1] if stored else 0
    for (min_row, min_col, max_row, max_col), top in tops:
        if not top:
            continue
        last_column = min(max_col, max_columns)
        # rows below the last stored one would hold nothing but copies of the merged
        # value; a merge down a whole column (A2:A1048576) would fill a million rows
        last_row = min(max_row, last_stored)
        budget -= max(0, last_row - min_row + 1) * max(0, last_column - min_col + 1)
        if budget < 0:
            raise too_many_cells(limit("RESPGRAPH_MAX_CELLS", MAX_CELLS), source=source, where="merged cells")
        for row in range(min_row, last_row + 1):
            cells = rows.setdefault(row, {})
            for column in range(min_col, last_column + 1):
                if (row, column) in filled:
                    continue
                filled.add((row, column))
                cells[column] = top
                if row > min_row:
                    inherited.setdefault(row, set()).add(column)
    grid = []
    for row in sorted(rows):
        cells = rows[row]
        if not cells:
            continue
        width = max(cells)
        grid.append(
            GridRow(
                [cells.get(column, "") for column in range(1, width + 1)],
                where(row),
                frozenset(column - 1 for column in inherited.get(row, ())),
            )
        )
    return grid


def preamble_of(rows: list[GridRow]) -> list[str]:
    """Title lines from the rows above the header, merged repeats dropped."""
    lines: list[str] = []
    for row in rows:
        previous = None
        for cell in row.cells:
            if cell and cell != previous:
                lines.extend(line for line in cell.split("\n") if line)
            previous = cell or previous
    return lines


def build_rows(rows: list[GridRow], header: Header, start: int | None = None) -> list[RawRow]:
    """Turn the rows below the header into RawRows.

    Skipped: empty rows (or rows holding only text merged down from above),
    repeated header rows, notes (注：…).  A row whose role cells all hold one
    text (a cell merged across the table), or whose filled cells hold one
    text reading like 一、… or （一）… (merged across part of the row, or in
    one cell), or whose only filled cell is the section column, is a section
    heading.
    """
    if start is None:
        start = header.index + header.height
    out: list[RawRow] = []
    previous_heading = None
    for row in rows[start:]:
        cells = {role: (row.cells[i] if i < len(row.cells) else "") for role, i in header.columns.items()}
        values = list(cells.values())
        filled = [v for v in values if v]
        if not filled or all(not v or i in row.inherited for v, i in zip(values, header.columns.values())):
            continue
        if is_header_repeat(row.cells, header):
            continue
        one_text = len(set(filled)) == 1
        if one_text and _NOTE.match(filled[0]):
            continue
        spans_all = one_text and len(filled) == len(values) > 1
        section_only = [role for role, value in cells.items() if value] == ["section"]
        if spans_all or section_only or (one_text and looks_like_heading(filled[0])):
            text = filled[0]
            if text == previous_heading:
                continue  # the same merged heading cell spanning two rows
            previous_heading = text
            out.append(RawRow(where=row.where, heading=text))
            continue
        previous_heading = None
        out.append(RawRow(cells=cells, where=row.where))
    return out


def raw_table(source, header: Header, rows: list[RawRow], preamble: list[str]) -> RawTable:
    """The reader's result; a header with no rows under it is an error naming the header's place."""
    if not rows:
        raise InputError("the table has a header but no rows", source=source, where=header.where)
    return RawTable(source=str(source), columns=header.names, rows=rows, preamble=preamble, header_where=header.where)


def workbook_table(source, sheets) -> RawTable:
    """The first sheet of a workbook whose grid has a header, read into a :class:`RawTable`.

    ``sheets`` is a list of ``(sheet name, function making its grid)``, in the
    order to try (visible sheets first); grids are made one by one and only
    until a header is found.  No sheet with a cell, or none with a header, is
    an :class:`InputError` naming the sheet(s).
    """
    grids = []
    for _, make_grid in sheets:
        grid = make_grid()
        grids.append(grid)
        header = locate_header(grid, HEADER_SCAN_ROWS)
        if header is not None:
            return raw_table(source, header, build_rows(grid, header), preamble_of(grid[: header.index]))
    filled = [grid for grid in grids if grid]
    if not filled:
        raise InputError("the workbook is empty: no sheet has any cells", source=source)
    names = [name for name, _ in sheets]
    where = f"sheet {names[0]}" if len(names) == 1 else "none of the sheets " + ", ".join(names[:10])
    raise no_header_error(source, filled[0], where=where)


def no_header_error(source, rows: list[GridRow], where: str | None = None, limit: int = HEADER_SCAN_ROWS):
    """The InputError for a grid without a recognisable header."""
    first = next((r for r in rows if any(r.cells)), None)
    seen = ""
    if first is not None:
        shown = " | ".join(c.replace("\n", " ") for c in first.cells if c)
        seen = f"; the first filled row ({first.where}) reads {shown[:80]!r}"
    return NoTableError(
        f"no recognisable header row in the first {limit} rows; expected {expected_names()}{seen}",
        source=source,
        where=where,
    )
