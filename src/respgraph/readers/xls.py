"""Excel 97–2003 (.xls) task tables, read with xlrd (no LibreOffice needed).

As for .xlsx: the first sheet (visible sheets before hidden ones) with a
recognisable header holds the tasks, rows above it are the title, merged
cells fill every cell they span (xlrd reports merged ranges only when asked
for formatting information), whole numbers read as ``1`` and dates as
``2021-12-31``.

>>> table = read_xls("tasks.xls")  # doctest: +SKIP
>>> table.rows[0].where  # doctest: +SKIP
'sheet 任务分解 row 3'
"""

from __future__ import annotations

from pathlib import Path

from respgraph.errors import InputError
from respgraph.readers._layout import (
    check_file,
    grid_from_cells,
    GridRow,
    workbook_table,
)
from respgraph.readers.base import RawTable
from respgraph.readers.limits import MAX_CELLS, limit, too_many_cells
from respgraph.readers.ole import password_message
from respgraph.readers.xlsx import MAX_COLUMNS, cell_text

__all__ = ["read_xls"]


def read_xls(path) -> RawTable:
    """Read the task table of an .xls workbook; every failure is an InputError naming the file."""
    import xlrd

    path = check_file(path)
    try:
        book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise InputError(password_message("Excel workbook"), source=path) from None
        raise InputError(f"is not a readable .xls workbook ({exc})", source=path) from None
    except Exception as exc:  # xlrd on a damaged compound file: struct errors, AssertionError, IndexError, …
        raise InputError(f"is not a readable .xls workbook (damaged: {type(exc).__name__}: {exc})", source=path) from None
    try:
        return _read(book, path)
    except InputError:
        raise
    except Exception as exc:
        raise InputError(f"cannot be read as an .xls workbook ({type(exc).__name__}: {exc})", source=path) from None
    finally:
        book.release_resources()


def _value(book, sheet, row: int, column: int) -> str:
    import xlrd

    kind = sheet.cell_type(row, column)
    value = sheet.cell_value(row, column)
    if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    if kind == xlrd.XL_CELL_DATE:
        try:
            return cell_text(xlrd.xldate.xldate_as_datetime(value, book.datemode))
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return "#VALUE!"
    if kind == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(value))
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR!")
    return cell_text(value)


def _grid(book, sheet, source) -> list[GridRow]:
    most = limit("RESPGRAPH_MAX_CELLS", MAX_CELLS)
    width = min(sheet.ncols, MAX_COLUMNS)
    if sheet.nrows * width > most:
        raise too_many_cells(most, source=source, where=f"sheet {sheet.name}")
    rows: dict[int, dict[int, str]] = {}
    for row in range(sheet.nrows):
        cells = {}
        for column in range(min(sheet.row_len(row), width)):
            text = _value(book, sheet, row, column)
            if text:
                cells[column + 1] = text
        if cells:
            rows[row + 1] = cells
    # xlrd: (first row, row after the last, first column, column after the last), from 0
    merges = [(low + 1, left + 1, high, right) for low, high, left, right in sheet.merged_cells if high > low and right > left]
    name = sheet.name
    return grid_from_cells(rows, merges, lambda row: f"sheet {name} row {row}", MAX_COLUMNS, source=source)


def _read(book, path: Path) -> RawTable:
    sheets = [book.sheet_by_index(i) for i in range(book.nsheets)]
    sheets.sort(key=lambda sheet: sheet.visibility != 0)
    return workbook_table(path, [(sheet.name, lambda sheet=sheet: _grid(book, sheet, path)) for sheet in sheets])
