"""Excel (.xlsx) task tables.

The first sheet (visible sheets before hidden ones) with a recognisable
header row within its first rows holds the tasks; rows above the header are
the title (preamble).  Merged cells are undone: a section or leader merged
down several rows fills every row it spans, a cell merged across the whole
table is a section heading row.  Line breaks inside cells are kept as
``\\n``; whole numbers read as ``1`` (not ``1.0``) and dates as ``2021-12-31``.

>>> table = read_xlsx("tasks.xlsx")  # doctest: +SKIP
>>> table.rows[0].where  # doctest: +SKIP
'sheet 任务分解 row 3'
"""

from __future__ import annotations

import datetime
import warnings
import zipfile

from respgraph.errors import InputError
from respgraph.readers._layout import (
    HEADER_SCAN_ROWS,
    GridRow,
    build_rows,
    check_file,
    refuse_ole,
    clean_cell,
    locate_header,
    no_header_error,
    preamble_of,
    raw_table,
)
from respgraph.readers.base import RawTable

__all__ = ["read_xlsx", "cell_text"]

#: Columns beyond this are ignored (a stray value far to the right, a title merged to XFD).
MAX_COLUMNS = 256


def read_xlsx(path) -> RawTable:
    """Read the task table of an .xlsx workbook.

    Every failure -- a damaged file, a zip that is not a workbook, malformed
    XML, no sheet with a header -- is an :class:`InputError` naming the file.
    """
    path = check_file(path)
    refuse_ole(path)
    workbook = _open(path)
    try:
        return _read(workbook, path)
    except InputError:
        raise
    except Exception as exc:  # openpyxl objects built from a damaged but loadable file
        raise InputError(f"cannot be read as an Excel table ({type(exc).__name__}: {exc})", source=path) from None


def _open(path):
    from xml.etree.ElementTree import ParseError

    from lxml.etree import XMLSyntaxError
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # A file object, not the name: openpyxl refuses names not ending in .xlsx
        # even when the content (sniffed by readers.detect_format) is a workbook.
        with open(path, "rb") as fh, warnings.catch_warnings():
            # openpyxl warns about features it drops (data validation, default styles);
            # they do not affect cell values.
            warnings.simplefilter("ignore")
            return load_workbook(fh, read_only=False, data_only=True)
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", source=path) from None
    except zipfile.BadZipFile:
        raise InputError("is not a readable .xlsx workbook (damaged, or not an Excel file)", source=path) from None
    except InvalidFileException as exc:
        raise InputError(f"is not an .xlsx workbook ({exc})", source=path) from None
    except KeyError as exc:  # zipfile: "There is no item named '…' in the archive"
        raise InputError(f"is a zip archive but not an .xlsx workbook ({exc.args[0] if exc.args else exc})", source=path) from None
    except (ParseError, XMLSyntaxError) as exc:
        raise InputError(f"contains damaged XML ({exc})", source=path) from None
    except Exception as exc:  # lxml errors, and whatever else openpyxl raises on a damaged package
        raise InputError(f"cannot be opened as an .xlsx workbook ({type(exc).__name__}: {exc})", source=path) from None


def cell_text(value) -> str:
    """A cell value as text: whole numbers without ``.0``, dates as YYYY-MM-DD.

    >>> cell_text(1.0), cell_text(7.5), cell_text(3)
    ('1', '7.5', '3')
    >>> cell_text(datetime.datetime(2021, 12, 31)), cell_text(datetime.date(2021, 6, 1))
    ('2021-12-31', '2021-06-01')
    >>> cell_text("区发改局\\r\\n区财政局")
    '区发改局\\n区财政局'
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return clean_cell(value)


def _grid(sheet) -> list[GridRow]:
    values: dict[tuple[int, int], str] = {}
    # The sheet's stored cells, not iter_rows(): iter_rows creates every cell
    # between A1 and the furthest used one, which a stray value at row 1048576
    # would turn into millions of objects.
    for (row, column), cell in sheet._cells.items():
        if column <= MAX_COLUMNS and cell.value is not None:
            text = cell_text(cell.value)
            if text:
                values[(row, column)] = text
    inherited: set[tuple[int, int]] = set()
    for merged in sheet.merged_cells.ranges:
        top = values.get((merged.min_row, merged.min_col))
        if not top:
            continue
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, min(merged.max_col, MAX_COLUMNS) + 1):
                values[(row, column)] = top
                if row > merged.min_row:
                    inherited.add((row, column))
    by_row: dict[int, dict[int, str]] = {}
    for (row, column), text in values.items():
        by_row.setdefault(row, {})[column] = text
    grid = []
    for row in sorted(by_row):
        cells = by_row[row]
        width = max(cells)
        grid.append(
            GridRow(
                [cells.get(column, "") for column in range(1, width + 1)],
                f"sheet {sheet.title} row {row}",
                frozenset(column - 1 for column in range(1, width + 1) if (row, column) in inherited),
            )
        )
    return grid


def _read(workbook, path) -> RawTable:
    sheets = sorted(workbook.worksheets, key=lambda sheet: sheet.sheet_state != "visible")
    grids = []
    for sheet in sheets:
        grid = _grid(sheet)
        grids.append((sheet, grid))
        header = locate_header(grid, HEADER_SCAN_ROWS)
        if header is None:
            continue
        rows = build_rows(grid, header)
        return raw_table(path, header, rows, preamble_of(grid[: header.index]))
    filled = [(sheet, grid) for sheet, grid in grids if grid]
    if not filled:
        raise InputError("the workbook is empty: no sheet has any cells", source=path)
    if len(sheets) == 1:
        where = f"sheet {sheets[0].title}"
    else:
        where = "none of the sheets " + ", ".join(sheet.title for sheet in sheets[:10])
    raise no_header_error(path, filled[0][1], where=where)
