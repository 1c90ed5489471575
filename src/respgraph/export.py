"""Every table respgraph writes (CSV, JSON, XLSX, a terminal table) goes through here.

Names and task texts come from documents somebody else wrote, so a table
cell is treated as hostile on the way out:

* **No live formulas.**  A spreadsheet runs a cell that begins with ``=``,
  ``+``, ``-`` or ``@`` (and, in some, a tab or carriage return): in CSV
  such a cell gets a leading apostrophe (:func:`formula_safe`), in XLSX it is
  stored as text with Excel's "quote prefix" (never as a formula).  Numbers
  stay numbers: ``-3`` and ``-0.25`` are not touched.
* **No control characters.**  ``\\x1b[31m`` would colour the terminal, ``\\x01``
  makes the XLSX writer fail half-way; C0/C1 control characters (apart from
  tab and line feed) become visible stand-ins (``\\x1b`` → ``␛``), and the
  Unicode bidirectional overrides, which can make a name read backwards,
  become ``\\ufffd`` (:func:`clean_text`).  JSON keeps every character but
  escapes those.
* **Nothing half-written.**  A file is written to a temporary file in the
  same folder and renamed over the target only when complete
  (:func:`atomic_output`); a missing folder, a full disk or a refused
  permission is one :class:`~respgraph.errors.ExportError` naming the file.

:func:`write_rows` writes one table to a file in any format;
:func:`format_rows` returns CSV/JSON/table text (for a terminal);
:func:`print_table` prints a rich table to a terminal;
:func:`write_xlsx` writes several tables as the sheets of one workbook.
The briefing pack can use the same helpers (``csv_row``, ``xlsx_cell``).

>>> print(format_rows([{"unit": "=1+2", "value": -3}, {"unit": "区财政局\\x1b[31m", "value": 0.5}],
...                   ["unit", "value"], "csv"), end="")
unit,value
'=1+2,-3
区财政局␛[31m,0.5
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from respgraph.errors import ExportError, InputError

__all__ = [
    "FORMATS",
    "clean_text",
    "formula_safe",
    "cell_text",
    "csv_row",
    "xlsx_cell",
    "format_rows",
    "print_table",
    "write_rows",
    "write_xlsx",
    "atomic_output",
    "sheet_title",
]

FORMATS = ("table", "csv", "json", "xlsx")

# What a spreadsheet reads as the start of a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
# C0 controls but tab and line feed, DEL, and the C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates: they reorder what a reader sees.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def _picture(match) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␀ … ␟
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"


def clean_text(text: str) -> str:
    """``text`` with control characters shown as stand-ins and bidi overrides replaced.

    Tab and line feed stay (a cell may hold several lines).

    >>> clean_text("区财政局\\x1b[31m红\\x01"), clean_text("a\\tb\\nc"), clean_text("\\u202e局政财")
    ('区财政局␛[31m红␁', 'a\\tb\\nc', '\\ufffd局政财')
    """
    return _BIDI.sub("\ufffd", _CONTROL.sub(_picture, text))


def formula_safe(text: str) -> str:
    """``text`` as a spreadsheet reads it as text: a leading apostrophe when it would start a formula.

    A number written as text (``-3``, ``+0.5``, ``-1e-3``) is left alone.

    >>> [formula_safe(t) for t in ("=SUM(A1)", "+86 571", "-3", "@cmd", "区财政局", "-")]
    ["'=SUM(A1)", "'+86 571", '-3', "'@cmd", '区财政局', "'-"]
    """
    if text[:1] in _FORMULA_START and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def cell_text(value, *, nested: str = "join") -> str:
    """A value as the text of one cell (not yet cleaned).

    Lists of plain values are joined with 、 (``nested="join"``) or written as
    JSON (``nested="json"``, for query results); maps are JSON; floats are
    shortened to 6 significant digits; None is empty.

    >>> cell_text(["甲", "乙"]), cell_text(["甲", 1], nested="json"), cell_text(1 / 3), cell_text(None)
    ('甲、乙', '["甲", 1]', '0.333333', '')
    """
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple, set, frozenset)) and nested == "join" and all(
        isinstance(v, (str, int, float)) or v is None for v in value
    ):
        return "、".join(cell_text(v) for v in value)
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return json.dumps(_jsonable(value), ensure_ascii=False, default=str)
    return str(value)


def _jsonable(value):
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and value != value:  # nan has no JSON spelling
        return None
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _values(row, columns):
    return [row.get(c) for c in columns] if isinstance(row, dict) else list(row)


def csv_row(values, *, nested: str = "join") -> list:
    """One CSV row: every cell cleaned and formula-safe; numbers as their plain text.

    >>> csv_row(["=1+1", -2, 0.5, ["甲", "乙"], None])
    ["'=1+1", '-2', '0.5', '甲、乙', '']
    """
    return [formula_safe(clean_text(cell_text(v, nested=nested))) for v in values]


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def xlsx_cell(sheet, value, *, nested: str = "join"):
    """An openpyxl write-only cell for ``value``: a number stays a number; anything else is text.

    Text is cleaned of control characters (openpyxl refuses them), stored as
    a string (never a formula), and flagged with Excel's quote prefix when it
    begins like a formula, so that editing the cell keeps it text.
    """
    from openpyxl.cell import WriteOnlyCell

    if _is_number(value):
        return WriteOnlyCell(sheet, value=value)
    text = clean_text(cell_text(value, nested=nested))
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl reads a leading "=" as a formula; this is text
    if text[:1] in _FORMULA_START:
        cell.quotePrefix = True
    return cell


def sheet_title(title) -> str:
    """A valid, clean worksheet name (31 characters, none of ``[]:*?/\\``).

    >>> sheet_title("Units by pagerank: top/20"), sheet_title(None)
    ('Units by pagerank_ top_20', 'respgraph')
    """
    clean = "".join("_" if ch in '[]:*?/\\' else ch for ch in clean_text(title or "respgraph"))
    return clean[:31].strip("'") or "respgraph"


def _csv_text(columns, rows, nested) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(csv_row(columns))
    for row in rows:
        writer.writerow(csv_row(_values(row, columns), nested=nested))
    return buffer.getvalue()


def _json_text(columns, rows) -> str:
    data = [dict(zip(columns, (_jsonable(v) for v in _values(row, columns)))) for row in rows]
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    # json.dumps escapes C0 controls already; C1 controls and bidi overrides too, for terminals
    return re.sub(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]", lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def _rich_table(columns, rows, title, caption, nested):
    from rich.table import Table
    from rich.text import Text

    # Text(), never markup: a name like "[bold]" or "[/]" is shown as written
    table = Table(title=Text(clean_text(title)) if title else None,
                  caption=Text(clean_text(caption)) if caption else None, show_lines=False)
    value_rows = [_values(row, columns) for row in rows]
    for i, column in enumerate(columns):
        numeric = any(_is_number(r[i]) for r in value_rows if i < len(r))
        table.add_column(Text(clean_text(str(column))), justify="right" if numeric else "left", overflow="fold")
    for values in value_rows:
        table.add_row(*(Text(clean_text(cell_text(v, nested=nested))) for v in values))
    return table


def print_table(rows, columns, *, title=None, caption=None, file=None, nested: str = "join") -> None:
    """Print ``rows`` as a rich table to ``file`` (default stdout), coloured only on a terminal."""
    from rich.console import Console

    target = file if file is not None else sys.stdout
    interactive = target.isatty() if hasattr(target, "isatty") else False
    console = Console(file=target, width=None if interactive else 200, soft_wrap=False, highlight=False,
                      color_system="auto" if interactive else None)
    console.print(_rich_table(list(columns), rows, title, caption, nested))


def format_rows(rows, columns, format="csv", *, title=None, caption=None, nested: str = "join") -> str:
    """``rows`` (dicts, or sequences in ``columns`` order) as CSV, JSON or plain table text.

    >>> format_rows([[1, "[b]x"]], ["n", "name"], "json")
    '[\\n  {\\n    "n": 1,\\n    "name": "[b]x"\\n  }\\n]\\n'
    """
    columns = list(columns)
    if format == "csv":
        return _csv_text(columns, rows, nested)
    if format == "json":
        return _json_text(columns, rows)
    if format == "table":
        buffer = io.StringIO()
        print_table(rows, columns, title=title, caption=caption, file=buffer, nested=nested)
        return buffer.getvalue()
    raise InputError(f"{format!r} is not a text format; choose csv, json or table", option="format")


@contextlib.contextmanager
def atomic_output(path, mode="w", **open_args):
    """Open a temporary file next to ``path``; on success rename it over ``path``, else remove it.

    Yields the open file (text mode ``"w"`` with ``open_args`` such as
    ``encoding``, or ``"wb"``).  A missing folder, a full disk or a refused
    permission is an :class:`ExportError` naming ``path``; the target is then
    untouched (an older file of that name stays as it was).

    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with atomic_output(folder / "a.txt", encoding="utf-8") as out:
    ...     _ = out.write("done")
    >>> sorted(p.name for p in folder.iterdir()), (folder / "a.txt").read_text()
    (['a.txt'], 'done')
    """
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise ExportError(f"the folder {folder} does not exist; create it first, or write elsewhere; nothing was written",
                          source=path)
    try:
        handle = tempfile.NamedTemporaryFile(mode, dir=folder, prefix=f".{path.name}.", suffix=".part", delete=False,
                                             **open_args)
    except OSError as exc:
        raise ExportError(f"cannot write here ({exc.strerror or exc}); nothing was written", source=path) from None
    temp = Path(handle.name)
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o666 & ~_umask())  # NamedTemporaryFile makes 0600; a plain file would follow the umask
        os.replace(temp, path)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise ExportError(f"cannot write ({exc.strerror or exc}); nothing was written", source=path) from exc
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_xlsx(path, sheets, *, nested: str = "join") -> None:
    """Write a workbook, one sheet per ``(title, columns, rows, caption)`` (caption may be None).

    Header cells are bold and the header row stays in view; numbers are
    numbers and text is text (see :func:`xlsx_cell`).  Written whole or not
    at all: openpyxl streams each sheet through a temporary file first, so a
    full disk can stop it anywhere, and any such failure is an
    :class:`ExportError` that leaves ``path`` untouched.
    """
    from lxml import etree

    with atomic_output(path, "wb") as out:
        failure = None
        hook = sys.unraisablehook
        # openpyxl's sheet streams, left half-written by a failed write, complain as they are
        # collected ("Exception ignored in ..."): the failure is reported once, below
        sys.unraisablehook = lambda unraisable: None
        try:
            try:
                _build_workbook(sheets, nested).save(out)
            except etree.Error as exc:  # lxml reports a failed write (EFBIG, ENOSPC) as its own error
                failure = str(exc)
            gc.collect()
        finally:
            sys.unraisablehook = hook
        if failure is not None:
            raise OSError(f"the workbook could not be written: {failure}")


def _build_workbook(sheets, nested):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    used = set()
    for title, columns, rows, caption in sheets:
        name = sheet_title(title)
        while name in used:  # two tables with the same title: keep both
            name = name[:28] + f"_{len(used)}"
        used.add(name)
        ws = wb.create_sheet(name)
        ws.freeze_panes = "A2"
        header = []
        for column in columns:
            cell = xlsx_cell(ws, str(column))
            cell.font = Font(bold=True)
            header.append(cell)
        ws.append(header)
        for row in rows:
            ws.append([xlsx_cell(ws, v, nested=nested) for v in _values(row, list(columns))])
        if caption:
            ws.append([])
            ws.append([xlsx_cell(ws, caption)])
    return wb


def write_rows(rows, columns, format, path, *, title=None, caption=None, nested: str = "join") -> None:
    """Write one table to the file ``path`` in ``format`` (table, csv, json or xlsx), whole or not at all.

    CSV is UTF-8 with a byte-order mark, so that Excel shows Chinese.
    """
    columns = list(columns)
    if format == "xlsx":
        write_xlsx(path, [(title, columns, rows, caption)], nested=nested)
        return
    if format not in FORMATS:
        raise InputError(f"unknown format {format!r}; choose one of {', '.join(FORMATS)}", option="format")
    text = format_rows(rows, columns, format, title=title, caption=caption, nested=nested)
    encoding = "utf-8-sig" if format == "csv" else "utf-8"
    with atomic_output(path, "w", encoding=encoding, newline="") as out:
        out.write(text)
