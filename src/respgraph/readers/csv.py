"""CSV task tables (comma, tab or semicolon separated; UTF-8, UTF-8 with BOM or GBK).

The encoding is worked out from the bytes (:func:`readers.encoding.decode_bytes`)
and the delimiter from the header: each candidate delimiter is tried on the
first records and the one that yields a recognisable header wins
(``csv.Sniffer`` guesses badly on Chinese text).  Records above the header
are the title (preamble).  Quoted cells may hold line breaks; they are kept
as ``\\n``.  An empty cell stays empty ("same as above" is ingest's call).

>>> t = parse_csv("序号,工作任务,牵头单位\\n1,\\"做好\\n两件事\\",区府办\\n")
>>> t.rows[0].cells, t.rows[0].where
({'seq': '1', 'text': '做好\\n两件事', 'lead': '区府办'}, 'row 2')
"""

from __future__ import annotations

import csv
import io
from itertools import islice

from respgraph.errors import InputError
from respgraph.readers._layout import (
    HEADER_SCAN_ROWS,
    GridRow,
    build_rows,
    check_file,
    clean_cell,
    locate_header,
    no_header_error,
    preamble_of,
    raw_table,
)
from respgraph.readers.base import RawTable
from respgraph.readers.encoding import read_text_file

__all__ = ["read_csv", "parse_csv", "DELIMITERS"]

#: Delimiters tried, in order of preference when several find a header.
DELIMITERS = (",", "\t", ";", "|")


def _records(text: str, delimiter: str, ends: list | None = None):
    """(record number, cells) for each CSV record, numbered from 1.

    When ``ends`` is a list, the line each record ends on is appended to it.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', strict=False)
    for number, record in enumerate(reader, start=1):
        if ends is not None:
            ends.append(reader.line_num)
        yield number, record


def _grid(records) -> list[GridRow]:
    return [GridRow([clean_cell(cell) for cell in record], f"row {number}") for number, record in records]


def _refuse_unterminated_quote(text: str, delimiter: str, ends: list[int], source) -> None:
    """Refuse a file whose last record runs to the end inside a quoted cell (a quote opened, never closed).

    Python's lenient reader would swallow every later line into that one cell,
    silently merging rows into one task.
    """
    if not ends or '"' not in text:
        return
    first_line = (ends[-2] if len(ends) > 1 else 0) + 1
    lines = io.StringIO(text, newline="").readlines()
    tail = "".join(lines[first_line - 1 :])
    try:
        for _ in csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, quotechar='"', strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" not in str(exc):
            return  # another irregularity (a quote inside an unquoted cell), read leniently
        raise InputError(
            f'a quote (") opens a cell here that is never closed, so every line after it would be read into '
            f"that one cell (lines {first_line}–{len(lines)}); close the quote or remove it",
            source=source,
            where=f"line {first_line}",
        ) from None


def _choose_delimiter(text: str) -> str | None:
    """The delimiter under which the first records contain a header."""
    best = None
    for delimiter in DELIMITERS:
        try:
            head = _grid(islice(_records(text, delimiter), HEADER_SCAN_ROWS))
        except csv.Error:
            continue
        header = locate_header(head)
        if header is not None and (best is None or len(header.columns) > best[0]):
            best = (len(header.columns), delimiter)
    return best[1] if best else None


def parse_csv(text: str, source: str = "<csv>") -> RawTable:
    """Parse CSV text (already decoded) into a RawTable."""
    if not text.strip():
        raise InputError("the file is empty", source=source)
    delimiter = _choose_delimiter(text)
    if delimiter is None:
        try:
            head = _grid(islice(_records(text, ","), HEADER_SCAN_ROWS))
        except csv.Error:
            head = []
        raise no_header_error(source, head)
    ends: list[int] = []
    try:
        grid = _grid(_records(text, delimiter, ends))
    except csv.Error as exc:
        raise InputError(f"is not valid CSV ({exc})", source=source) from None
    _refuse_unterminated_quote(text, delimiter, ends, source)
    header = locate_header(grid)
    rows = build_rows(grid, header)
    return raw_table(source, header, rows, preamble_of(grid[: header.index]))


def read_csv(path) -> RawTable:
    """Read a CSV task table, whatever its encoding and delimiter.

    Every failure -- a missing file, undecodable bytes, no header -- is an
    :class:`InputError` naming the file.
    """
    path = check_file(path)
    text = read_text_file(path)
    return parse_csv(text, source=str(path))
