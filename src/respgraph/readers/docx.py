"""Word (.docx) task tables.

The tasks are in a Word table.  The first table with a recognisable header
row (within its first rows) is the task table; paragraphs before it are the
title (preamble).  Tables right after it that repeat the header, or have no
header and the same number of columns, continue it (a table split across
pages).

Merged cells are undone: a cell merged down several rows (a section, a
leader) fills every row it spans; a cell merged across the whole table is a
section heading row.  Paragraphs inside a cell are joined with ``\\n``.

>>> table = read_docx("tasks.docx")  # doctest: +SKIP
>>> table.rows[0].where  # doctest: +SKIP
'table 1 row 3'
"""

from __future__ import annotations

import zipfile

from respgraph.errors import InputError
from respgraph.readers._layout import (
    GridRow,
    build_rows,
    check_file,
    refuse_ole,
    NoTableError,
    clean_cell,
    locate_header,
    read_as_text,
    no_header_error,
    preamble_of,
    raw_table,
)
from respgraph.readers.base import RawTable
from respgraph.readers.limits import MAX_CELLS, check_package, limit, too_many_cells

__all__ = ["read_docx"]

#: How far down a Word table the header may start.
HEADER_SCAN_ROWS = 10
#: Guard against absurd gridSpan values in damaged files.
MAX_COLUMNS = 256


def read_docx(path, layout: str | None = None) -> RawTable:
    """Read the task table of a .docx document.

    ``layout`` None reads the first table with a header, or, when there is
    none, the document's text with the text layouts; ``"grid"`` only the
    table; any other name the text with that layout.  The text is one line
    per paragraph (table cells' paragraphs included, in document order).

    Every failure -- a damaged file, a zip that is not a Word document,
    malformed XML, no task table -- is an :class:`InputError` naming the file.
    """
    path = check_file(path)
    refuse_ole(path)
    _check(path)
    document = _open(path)
    try:
        if layout not in (None, "grid"):
            return read_as_text(_document_text(document), path, layout)
        try:
            return _read(document, path)
        except NoTableError as error:
            if layout == "grid":
                raise
            return read_as_text(_document_text(document), path, None, no_table=error)
    except InputError:
        raise
    except Exception as exc:  # python-docx on malformed XML inside a well-formed package
        raise InputError(f"cannot be read as a Word table ({type(exc).__name__}: {exc})", source=path) from None


def _check(path) -> None:
    """Refuse a package that expands beyond the limit or declares a DTD, before python-docx parses it."""
    try:
        with zipfile.ZipFile(path) as archive:
            check_package(archive, path)
    except (zipfile.BadZipFile, OSError, EOFError):
        pass  # _open says what is wrong with it


def _document_text(document) -> str:
    """The document's paragraphs, one per line, tables' cells included, as Word orders them."""
    lines: list[str] = []
    for element in document.element.body.iter(_W + "p"):
        lines.append(_paragraph_text(element))
    return "\n".join(lines)


def _open(path):
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        return Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError):
        raise InputError("is not a readable .docx document (damaged, or not a Word file)", source=path) from None
    except KeyError as exc:  # zipfile: "There is no item named '…' in the archive"
        raise InputError(f"is a zip archive but not a .docx document ({exc.args[0] if exc.args else exc})", source=path) from None
    except ValueError as exc:  # python-docx: "file '…' is not a Word file, content type is '…'"
        raise InputError(f"is not a Word document ({exc})", source=path) from None
    except XMLSyntaxError as exc:
        raise InputError(f"contains damaged XML ({exc})", source=path) from None
    except Exception as exc:  # anything else python-docx raises on a damaged package
        raise InputError(f"cannot be opened as a .docx document ({type(exc).__name__}: {exc})", source=path) from None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REMOVED = (_W + "del", _W + "moveFrom")  # tracked deletions: not part of the text
_RUN_TEXT = {_W + "tab": "\t", _W + "br": "\n", _W + "cr": "\n", _W + "noBreakHyphen": "-"}


def _paragraph_text(p) -> str:
    """The text of a ``w:p`` as Word shows it with tracked changes accepted.

    python-docx's ``Paragraph.text`` reads only runs that are direct children
    of the paragraph, so text inside a tracked insertion (``w:ins``), a
    content control (``w:sdt``) or a smart tag would be lost.
    """
    parts: list[str] = []
    for element in p.iter(_W + "t", *_RUN_TEXT):
        run = element.getparent()
        if run is None or run.tag != _W + "r":
            continue  # e.g. w:tab inside w:tabs is a tab stop, not text
        ancestor = run.getparent()
        while ancestor is not None and ancestor is not p and ancestor.tag not in _REMOVED:
            ancestor = ancestor.getparent()
        if ancestor is not None and ancestor is not p:
            continue
        parts.append((element.text or "") if element.tag == _W + "t" else _RUN_TEXT[element.tag])
    return "".join(parts)


def _paragraphs(element):
    """The ``w:p`` elements inside a cell, in order, including those in content controls and nested tables."""
    for child in element:
        if child.tag == _W + "p":
            yield child
        elif child.tag != _W + "tcPr":
            yield from _paragraphs(child)


def _cell_text(tc) -> str:
    return clean_cell("\n".join(_paragraph_text(p) for p in _paragraphs(tc)))


def _grid(table, number: int, budget: list[int] | None = None, source=None) -> list[GridRow]:
    """Cell texts by grid column for every row, merges filled in.

    Walks the rows' ``w:tc`` elements itself rather than using ``row.cells``
    so that a damaged vertical merge (a continuation with no cell above)
    reads as empty instead of failing the whole document.
    """
    rows: list[GridRow] = []
    above: list[str] = []
    for index, tr in enumerate(table._tbl.tr_lst, start=1):
        cells: list[str] = [""] * min(tr.grid_before, MAX_COLUMNS)
        inherited: set[int] = set()
        for tc in tr.tc_lst:
            column = len(cells)
            if column >= MAX_COLUMNS:
                break
            if tc.vMerge == "continue":
                text = above[column] if column < len(above) else ""
            else:
                text = _cell_text(tc)
            span = max(1, min(tc.grid_span, MAX_COLUMNS - column))
            if tc.vMerge == "continue":
                inherited.update(range(column, column + span))
            cells.extend([text] * span)
        rows.append(GridRow(cells, f"table {number} row {index}", frozenset(inherited)))
        above = cells
        if budget is not None:
            budget[0] -= len(cells)
            if budget[0] < 0:
                raise too_many_cells(limit("RESPGRAPH_MAX_CELLS", MAX_CELLS), source=source, where=f"table {number}")
    return rows


def _width(grid: list[GridRow]) -> int:
    return max((len(row.cells) for row in grid), default=0)


def _read(document, path) -> RawTable:
    from docx.table import Table

    paragraphs: list[str] = []
    blocks: list[tuple[int, object, list[str]]] = []  # (table number, table, paragraphs before it)
    number = 0
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            number += 1
            blocks.append((number, block, list(paragraphs)))
        else:
            text = clean_cell(_paragraph_text(block._p))
            if text:
                paragraphs.extend(text.split("\n"))
    if not blocks:
        raise NoTableError("contains no table and its text holds no task list the text layouts recognise", source=path)

    found = None
    budget = [limit("RESPGRAPH_MAX_CELLS", MAX_CELLS)]
    for position, (number, table, before) in enumerate(blocks):
        grid = _grid(table, number, budget, path)
        header = locate_header(grid, HEADER_SCAN_ROWS)
        if header is not None:
            found = (position, grid, header, before)
            break
    if found is None:
        first_grid = _grid(blocks[0][1], blocks[0][0])
        where = "table 1" if len(blocks) == 1 else f"none of the {len(blocks)} tables"
        raise no_header_error(path, first_grid, where=where, limit=HEADER_SCAN_ROWS)

    position, grid, header, before = found
    preamble = before + preamble_of(grid[: header.index])
    rows = build_rows(grid, header)
    width = _width(grid)
    for number, table, _ in blocks[position + 1 :]:
        more = _grid(table, number, budget, path)
        again = locate_header(more, HEADER_SCAN_ROWS)
        if again is not None and set(again.columns) == set(header.columns):
            rows.extend(build_rows(more, again))
        elif again is None and _width(more) == width:
            rows.extend(build_rows(more, header, start=0))
        else:
            break  # a different table: the task table has ended
    return raw_table(path, header, rows, preamble)
