"""Excel (.xlsx) task tables.

The first sheet (visible sheets before hidden ones) with a recognisable
header row within its first rows holds the tasks; rows above the header are
the title (preamble).  Merged cells are undone: a section or leader merged
down several rows fills every row it spans, a cell merged across the whole
table is a section heading row.  Line breaks inside cells are kept as
``\\n``; whole numbers read as ``1`` (not ``1.0``) and dates as ``2021-12-31``.

The package (sheet list, styles, date epoch) is read with openpyxl; the
sheets themselves are read here, straight from their XML with lxml, giving
the values openpyxl's own sheet parser gives (``load_workbook(...,
data_only=True)``).  openpyxl's full load builds a Cell object per cell and
costs seconds for a 20,000-row table, and its read-only mode is no faster
and does not report merged cells.

>>> table = read_xlsx("tasks.xlsx")  # doctest: +SKIP
>>> table.rows[0].where  # doctest: +SKIP
'sheet 任务分解 row 3'
"""

from __future__ import annotations

import datetime
import warnings
import zipfile
import zlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from respgraph.errors import InputError
from respgraph.readers._layout import (
    check_file,
    clean_cell,
    grid_from_cells,
    GridRow,
    workbook_table,
)
from respgraph.readers._layout import refuse_ole
from respgraph.readers.base import RawTable
from respgraph.readers.limits import MAX_CELLS, check_package, limit, too_many_cells

__all__ = ["read_xlsx", "cell_text"]

#: Columns beyond this are ignored (a stray value far to the right, a title merged to XFD).
MAX_COLUMNS = 256

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW = _MAIN + "row"
_VALUE = _MAIN + "v"
_INLINE_STRING = _MAIN + "is"
_TEXT = _MAIN + "t"
_RUN = _MAIN + "r"
_MERGE_CELLS = _MAIN + "mergeCells"
_MERGE_CELL = _MAIN + "mergeCell"
_SHARED_STRING = _MAIN + "si"
_DIGITS = "0123456789"


def read_xlsx(path) -> RawTable:
    """Read the task table of an .xlsx workbook.

    Every failure -- a damaged file, a zip that is not a workbook, malformed
    XML, no sheet with a header -- is an :class:`InputError` naming the file.
    """
    path = check_file(path)
    refuse_ole(path)
    with _named_errors(path), warnings.catch_warnings():
        # openpyxl warns about features it drops (data validation, default styles);
        # they do not affect cell values.
        warnings.simplefilter("ignore")
        # A file object, not the name: openpyxl refuses names not ending in .xlsx
        # even when the content (sniffed by readers.detect_format) is a workbook.
        with open(path, "rb") as fh:
            book = _Book(fh)
            try:
                return _read(book, path)
            finally:
                book.archive.close()


@contextmanager
def _named_errors(path):
    """Turn whatever a damaged package raises into an InputError naming the file."""
    from xml.etree.ElementTree import ParseError

    from lxml.etree import XMLSyntaxError
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        yield
    except InputError as exc:
        if exc.source is None:  # raised deep in the reader, which does not know the file's name
            raise InputError(exc.reason, source=path, where=exc.where) from None
        raise
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", source=path) from None
    except (zipfile.BadZipFile, zlib.error, EOFError):  # EOFError, zlib.error: a part cut short or garbled
        raise InputError("is not a readable .xlsx workbook (damaged, or not an Excel file)", source=path) from None
    except InvalidFileException as exc:
        raise InputError(f"is not an .xlsx workbook ({exc})", source=path) from None
    except KeyError as exc:  # zipfile: "There is no item named '…' in the archive"
        raise InputError(f"is a zip archive but not an .xlsx workbook ({exc.args[0] if exc.args else exc})", source=path) from None
    except (ParseError, XMLSyntaxError) as exc:
        raise InputError(f"contains damaged XML ({exc})", source=path) from None
    except Exception as exc:  # openpyxl and lxml on whatever else a damaged package holds
        raise InputError(f"cannot be opened as an .xlsx workbook ({type(exc).__name__}: {exc})", source=path) from None


@dataclass
class _Sheet:
    title: str
    state: str  # visible, hidden, veryHidden
    part: str  # the sheet's XML inside the package


class _Book:
    """The package around the sheets: their names and parts, shared strings, date styles.

    openpyxl reads these small parts, so sheets, styles and the 1900/1904
    date epoch are found as ``load_workbook`` finds them.
    """

    def __init__(self, fh):
        from openpyxl.reader.excel import ExcelReader
        from openpyxl.styles.stylesheet import apply_stylesheet
        from openpyxl.xml.constants import SHARED_STRINGS

        reader = ExcelReader(fh, read_only=True, data_only=True, keep_links=False)
        self.archive = reader.archive
        try:
            check_package(self.archive, None)
            reader.read_manifest()
            reader.read_workbook()
            with _open_part(self.archive, reader.parser.workbook_part_name) as workbook_xml:
                if b"purl.oclc.org/ooxml/spreadsheetml" in workbook_xml.read(4096):
                    raise InputError(
                        "is saved as Strict Open XML, which openpyxl cannot read; "
                        "save it again as an ordinary Excel Workbook (.xlsx)"
                    )
            apply_stylesheet(reader.archive, reader.wb)
            self.epoch = reader.wb.epoch
            self.date_styles = reader.wb._date_formats
            self.timedelta_styles = reader.wb._timedelta_formats
            # as openpyxl's read_worksheets: parts missing from the package and chart sheets are no worksheets
            self.sheets = [
                _Sheet(sheet.name, sheet.state, rel.target)
                for sheet, rel in reader.parser.find_sheets()
                if rel.target in reader.valid_files and "chartsheet" not in rel.Type
            ]
            strings = reader.package.find(SHARED_STRINGS)
            self.strings = _shared_strings(self.archive, strings.PartName[1:]) if strings is not None else []
        except BaseException:
            self.archive.close()
            raise


def _open_part(archive, part):
    """A part of the package (checked for DTDs and size by :func:`limits.check_package` on opening)."""
    return archive.open(part)


def _iterparse(source, tag):
    from lxml.etree import iterparse

    # No entity expansion or network access: the XML comes from an untrusted file.  Comments
    # and processing instructions are dropped, as openpyxl's parser drops them, so that they
    # are not taken for cells.
    return iterparse(
        source, events=("end",), tag=tag, resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
    )


def _text_of(node) -> str:
    """A string item's text as openpyxl's ``Text.content``: the plain text, then the runs' texts.

    Phonetic guides (``rPh``, the furigana of Japanese files) are not part of the text.
    """
    plain = None
    runs = []
    for child in node:
        tag = child.tag
        if tag == _TEXT:
            plain = child.text
        elif tag == _RUN:
            run = None
            for part in child:
                if part.tag == _TEXT:
                    run = part.text
            if run is not None:
                runs.append(run)
    if runs:
        return (plain or "") + "".join(runs)
    return plain or ""


def _shared_strings(archive, part) -> list[str]:
    strings = []
    most = limit("RESPGRAPH_MAX_CELLS", MAX_CELLS)
    with _open_part(archive, part) as source:
        for _, item in _iterparse(source, _SHARED_STRING):
            if len(strings) >= most:
                raise too_many_cells(most, where=part)
            # openpyxl drops the escape Excel writes before a literal "_x…_" in text
            strings.append(_text_of(item).replace("x005F_", ""))
            item.clear()
    return strings


def cell_text(value) -> str:
    """A cell value as text: whole numbers without ``.0``, dates as YYYY-MM-DD.

    >>> cell_text(1.0), cell_text(7.5), cell_text(3)
    ('1', '7.5', '3')
    >>> cell_text(datetime.datetime(2021, 12, 31)), cell_text(datetime.date(2021, 6, 1))
    ('2021-12-31', '2021-06-01')
    >>> cell_text("区发改局\\r\\n区财政局")
    '区发改局\\n区财政局'
    """
    if isinstance(value, str):
        # Most cells are one line without edge spaces, which clean_cell would return unchanged:
        # every line break and every space but " " is unprintable.
        if value.isprintable() and value[:1] != " " and value[-1:] != " ":
            return value
        return clean_cell(value)
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


def _number(text: str):
    """A stored number as openpyxl casts it: int unless it has a point or an exponent."""
    if "." in text or "E" in text or "e" in text:
        return float(text)
    return int(text)


def _position(reference: str, letters: str, columns: dict[str, int]) -> tuple[int, int]:
    """(row, column) of a cell reference such as ``B12`` as openpyxl reads it, errors included.

    ``letters`` is the reference without its trailing digits; when they are
    plain column letters their column is remembered in ``columns``.
    """
    from openpyxl.utils.cell import coordinate_to_tuple

    row, column = coordinate_to_tuple(reference)
    if len(letters) < len(reference) and letters.strip("$").isascii() and letters.strip("$").isalpha():
        columns[letters] = column
    return row, column


def _sheet_cells(book: _Book, sheet: _Sheet) -> tuple[dict[int, dict[int, str]], list[str]]:
    """A sheet's filled cells as text by row and column, and its merged ranges.

    The values are those openpyxl's sheet parser gives with ``data_only=True``:
    a formula's last computed value, shared and inline strings, numbers,
    booleans, dates for numbers in a date style.
    """
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    rows: dict[int, dict[int, str]] = {}
    merges: list[str] = []
    columns: dict[str, int] = {}  # column letters seen so far → column number
    strings = book.strings
    date_styles = book.date_styles
    row_number = 0
    budget = limit("RESPGRAPH_MAX_CELLS", MAX_CELLS)
    with _open_part(book.archive, sheet.part) as source:
        for _, element in _iterparse(source, (_ROW, _MERGE_CELLS)):
            if element.tag == _MERGE_CELLS:
                # as openpyxl: the last mergeCells element counts, and only its own mergeCell children
                merges = [merged.get("ref") for merged in element if merged.tag == _MERGE_CELL]
                if len(merges) > budget:
                    raise too_many_cells(limit("RESPGRAPH_MAX_CELLS", MAX_CELLS), where=f"sheet {sheet.title}")
                continue
            budget -= len(element)
            if budget < 0:
                raise too_many_cells(limit("RESPGRAPH_MAX_CELLS", MAX_CELLS), where=f"sheet {sheet.title}")
            row_number = _row_number(element.get("r"), row_number)
            column = 0
            for cell in element:
                reference = cell.get("r")
                if reference:
                    # the common case inline (this loop runs once per cell): known letters, then the row
                    letters = reference.rstrip(_DIGITS)
                    column = columns.get(letters, 0)
                    row = int(reference[len(letters) :] or 0) if column else 0
                    if not row:
                        row, column = _position(reference, letters, columns)
                else:
                    row, column = row_number, column + 1
                kind = cell.get("t", "n")
                value = None
                if kind == "inlineStr":
                    for part in cell:
                        if part.tag == _INLINE_STRING:
                            value = _text_of(part)
                            break
                else:
                    for part in cell:
                        if part.tag == _VALUE:
                            value = part.text or None
                            break
                    if value is not None:
                        if kind == "n":
                            value = _number(value)
                            style = cell.get("s") if date_styles else None
                            style = int(style) if style else 0
                            if style in date_styles:
                                try:
                                    value = from_excel(value, book.epoch, timedelta=style in book.timedelta_styles)
                                except (OverflowError, ValueError):
                                    value = "#VALUE!"  # as openpyxl: a date outside the calendar is an error
                        elif kind == "s":
                            value = strings[int(value)]
                        elif kind == "b":
                            value = bool(int(value))
                        elif kind == "d":
                            value = from_ISO8601(value)
                        # "str" (a formula's text), "e" (#N/A and such): the text as stored
                if column > MAX_COLUMNS:
                    continue
                text = cell_text(value)
                # a cell stored twice counts as its last copy, as in openpyxl
                if text:
                    rows.setdefault(row, {})[column] = text
                elif row in rows:
                    rows[row].pop(column, None)
            element.clear()
    return rows, merges


def _row_number(attribute: str | None, previous: int) -> int:
    """A row's number as openpyxl reads it: its ``r``, or one after the previous row."""
    if attribute is None:
        return previous + 1
    try:
        return int(attribute)
    except ValueError:
        number = float(attribute)
        if not number.is_integer():
            raise ValueError(f"{attribute} is not a valid row number") from None
        return int(number)


def _grid(book: _Book, sheet: _Sheet) -> list[GridRow]:
    from openpyxl.worksheet.cell_range import CellRange

    rows, references = _sheet_cells(book, sheet)
    merges = []
    for reference in references:
        merged = CellRange(reference)
        merges.append((merged.min_row, merged.min_col, merged.max_row, merged.max_col))
    title = sheet.title
    return grid_from_cells(rows, merges, lambda row: f"sheet {title} row {row}", MAX_COLUMNS)


def _read(book: _Book, path: Path) -> RawTable:
    sheets = sorted(book.sheets, key=lambda sheet: sheet.state != "visible")
    return workbook_table(path, [(sheet.title, lambda sheet=sheet: _grid(book, sheet)) for sheet in sheets])
