"""The seed's layout: each cell opened by a tab at the start of a line.

Layout: a tab at the start of a line opens a cell; a non-empty line without a
tab continues the cell above (the break is kept as ``\\n``, the resolver
decides whether it broke a name or separated two); blank lines separate and
carry no meaning.  Lines before the first cell are the title (preamble).  The
header is the run of cells before the first row number; after it every row
has as many cells as the header.
"""

from __future__ import annotations

import re

from respgraph.errors import InputError
from respgraph.readers.base import RawRow, RawTable
from respgraph.readers.header import match_header, role_of

__all__ = ["parse_tabbed"]

_NUMBER = re.compile(r"^\s*\d+\s*$")


def _cells(text: str):
    """Yield (line_number, cell_text) and collect the preamble."""
    preamble: list[str] = []
    cells: list[list] = []  # [line_no, text]
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("\t"):
            cells.append([number, line[1:].strip()])
        elif line.strip():
            if cells:
                cells[-1][1] = (cells[-1][1] + "\n" + line.strip()).strip("\n")
            else:
                preamble.append(line.strip())
    return preamble, [(n, t) for n, t in cells]


def parse_tabbed(text: str, source: str = "<text>") -> RawTable:
    """Parse the tab layout from a string.

    >>> t = parse_tabbed("title\\n\\t序号\\n\\t工作任务\\n\\t牵头单位\\n\\t1\\n\\t做好\\n\\t区府办\\n")
    >>> t.preamble, t.rows[0].cells
    (['title'], {'seq': '1', 'text': '做好', 'lead': '区府办'})
    """
    preamble, cells = _cells(text)
    if not cells:
        raise InputError("no table found: no line starts with a tab (the layout opens each cell with a tab)", source=source)
    first_number = next((i for i, (_, t) in enumerate(cells) if _NUMBER.match(t)), None)
    if first_number is None:
        # no row number anywhere: the header ends with its last recognised name
        recognised = [i for i, (_, t) in enumerate(cells[:20]) if role_of(t)]
        first_number = recognised[-1] + 1 if recognised else len(cells)
    header_cells = cells[:first_number]
    columns = match_header([t for _, t in header_cells])
    if columns is None:
        line = header_cells[0][0] if header_cells else cells[0][0]
        raise InputError(
            "no recognisable header row (expected names such as 序号, 主要工作内容, 牵头单位, 责任单位)",
            source=source,
            where=f"line {line}",
        )
    width = len(header_cells)
    body = cells[width:]
    if not body:
        raise InputError("the table has a header but no rows", source=source, where=f"line {header_cells[-1][0]}")
    rows: list[RawRow] = []
    for start in range(0, len(body), width):
        chunk = body[start : start + width]
        line = chunk[0][0]
        if len(chunk) < width:
            raise InputError(
                f"the last row has {len(chunk)} cells but the header has {width}",
                source=source,
                where=f"line {line}",
            )
        seq_index = columns.get("seq")
        if seq_index is not None and not _NUMBER.match(chunk[seq_index][1]):
            raise InputError(
                f"expected a row number (序号) here but found {chunk[seq_index][1][:30]!r}; "
                f"a row seems to have more or fewer than {width} cells",
                source=source,
                where=f"line {chunk[seq_index][0]}",
            )
        rows.append(RawRow(cells={role: chunk[i][1] for role, i in columns.items()}, where=f"line {line}"))
    header_text = {role: header_cells[i][1] for role, i in columns.items()}
    return RawTable(
        source=source,
        columns=header_text,
        rows=rows,
        preamble=preamble,
        header_where=f"line {header_cells[0][0]}",
        layout="tabbed",
    )
