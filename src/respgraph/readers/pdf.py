"""PDF task tables with a text layer (printed or exported from Word, WPS or Excel), read with pdfplumber.

Tables are found from their ruling lines, page by page, and read as one
grid: a table that runs over several pages with its header repeated is one
table (the repeats are dropped as for .docx), and a row that a page break
cut in two is joined again (its second part opens the next page with an
empty 序号).  A cell merged over several rows fills each row it spans.

Cell text is rebuilt from the characters' positions: a line that ends where
the next line's first word would not have fitted is a wrapped line and is
joined to the next (no break, as in the document the PDF was made from);
a line that ends short of the cell's edge ended a paragraph and keeps its
line break.

A PDF without any table with a header is read as text with the text layouts;
a PDF with no text at all but images (a scan) is refused with a message
saying that the text must be recognised (OCR) first.

>>> table = read_pdf("tasks.pdf")  # doctest: +SKIP
>>> table.rows[0].where  # doctest: +SKIP
'page 1 table 1 row 2'
"""

from __future__ import annotations

import re
from bisect import bisect_right
from statistics import median

from respgraph.errors import InputError
from respgraph.layouts.headings import split_marker
from respgraph.readers._layout import (
    GridRow,
    NoTableError,
    build_rows,
    check_file,
    locate_header,
    no_header_error,
    preamble_of,
    raw_table,
    read_as_text,
)
from respgraph.readers.base import RawTable
from respgraph.readers.limits import MAX_CELLS, limit, too_many_cells
from respgraph.readers.ole import password_message

__all__ = ["read_pdf", "pdf_text", "NO_TEXT_LAYER"]

NO_TEXT_LAYER = (
    "has no text layer (a scanned document, pages of images): its text must be recognised (OCR) first, "
    "e.g. with ocrmypdf (apt-get install ocrmypdf; ocrmypdf -l chi_sim in.pdf out.pdf), then read the result"
)


def read_pdf(path, layout: str | None = None) -> RawTable:
    """Read the task table of a PDF; see the module's description."""
    import pdfplumber

    path = check_file(path)
    try:
        pdf = pdfplumber.open(str(path))
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in PdfminerException
        raise _pdf_error(exc, path, "is not a readable PDF") from None
    try:
        with pdf:
            return _read(pdf, path, layout)
    except InputError:
        raise
    except Exception as exc:
        raise _pdf_error(exc, path, "cannot be read as a PDF table") from None


def _pdf_error(exc: Exception, path, what: str) -> InputError:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return InputError(password_message("PDF"), source=path)
    if isinstance(cause, PDFEncryptionError):
        return InputError(f"is encrypted in a way that cannot be read ({cause})", source=path)
    detail = str(cause) or type(cause).__name__
    return InputError(f"{what} (damaged: {detail})", source=path)


# --- text from characters --------------------------------------------------------------


def _lines(chars) -> list[list[dict]]:
    """Characters grouped into lines (by their vertical middle), each sorted left to right."""
    lines: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: ((c["top"] + c["bottom"]) / 2, c["x0"])):
        middle = (char["top"] + char["bottom"]) / 2
        if lines:
            last = lines[-1]
            last_middle = (last[0]["top"] + last[0]["bottom"]) / 2
            if abs(middle - last_middle) <= max(1.0, 0.4 * (char["bottom"] - char["top"])):
                last.append(char)
                continue
        lines.append([char])
    for line in lines:
        line.sort(key=lambda c: c["x0"])
    return lines


def _line_text(line: list[dict]) -> str:
    parts = []
    previous = None
    for char in line:
        text = char["text"]
        if previous is not None and text != " " and previous["text"] != " ":
            gap = char["x0"] - previous["x1"]
            if gap > 0.3 * max(char["size"], 1.0):
                parts.append(" ")
        parts.append(text)
        previous = char
    return "".join(parts).strip()


#: Punctuation that may not end a line (opening) or start one (closing): it travels with its neighbour.
_OPENING = set("（([{《〈「『【〔“‘")
_CLOSING = set("）)]}》〉」』】〕”’，。、；：！？,.;:!?%％…·")


def _first_word_width(line: list[dict]) -> float:
    """The width the next line's first unbreakable piece needs.

    A Latin word; or one CJK character with the opening punctuation before it
    and the closing punctuation after it (a line never starts with ，).
    """
    index = 0
    while index < len(line) - 1 and line[index]["text"] in _OPENING:
        index += 1
    first = line[index]
    end = first["x1"]
    latin = first["text"].isascii() and first["text"].isalnum()
    for char in line[index + 1 :]:
        text = char["text"]
        if char["x0"] - end > 0.3 * char["size"]:
            break
        if latin and text.isascii() and text.isalnum():
            end = char["x1"]
        elif text in _CLOSING:
            end = char["x1"]
        else:
            break
    return end - line[0]["x0"]


def _joiner(before: str, after: str) -> str:
    """What joins a wrapped line to the next: nothing, or a space between two Latin words."""
    if before and after and before[-1].isascii() and before[-1].isalnum() and after[0].isascii() and after[0].isalnum():
        return " "
    return ""


class _Cell:
    """A cell's text; the room left after its last line and the width its first line's first piece needs.

    Both serve to join a row that a page break cut in two: the first part's
    last line was wrapped when the second part's first piece did not fit in
    the room left.
    """

    __slots__ = ("text", "room", "need", "size")

    def __init__(self, text: str = "", room: float = 0.0, need: float = 0.0, size: float = 0.0):
        self.text = text
        self.room = room
        self.need = need
        self.size = size

    def glue(self, more: "_Cell") -> str:
        """What joins this cell's text to ``more``, its continuation on the next page."""
        wrapped = more.need > self.room - 0.3 * max(self.size, more.size)
        return _joiner(self.text, more.text) if wrapped else "\n"


def _cell(chars, box) -> _Cell:
    """The text of the characters in a cell, wrapped lines joined again."""
    lines = [line for line in _lines(chars) if _line_text(line)]
    if not lines:
        return _Cell()
    left, right = box[0], box[2]
    padding = max(0.0, min(line[0]["x0"] for line in lines) - left)
    edge = right - padding
    text = _line_text(lines[0])
    for previous, line in zip(lines, lines[1:]):
        following = _line_text(line)
        # the slack allows for the quarter-em LibreOffice and Word put between CJK and Latin text
        wrapped = previous[-1]["x1"] + _first_word_width(line) > edge - 0.3 * line[0]["size"]
        text += _joiner(text, following) if wrapped else "\n"
        text += following
    return _Cell(text, edge - lines[-1][-1]["x1"], _first_word_width(lines[0]), lines[0][0]["size"])


# --- tables -------------------------------------------------------------------------------


def _table_cells(page, table) -> tuple[list[list[tuple[_Cell, bool]]], set[tuple[int, int]]]:
    """Each row's cells as (cell, inherited), merged cells filled in from the cell they belong to.

    Also the (row, column) of the cells merged down over more than their row.
    """
    rows = table.rows
    boxes = [list(row.cells) for row in rows]
    width = max((len(row) for row in boxes), default=0)
    # column middles from the cells that start in each column
    middles = []
    for column in range(width):
        found = [row[column] for row in boxes if column < len(row) and row[column] is not None]
        middles.append((found[0][0] + found[0][2]) / 2 if found else None)
    # characters to cells: a character belongs to the cell whose box holds its middle
    x0, top, x1, bottom = table.bbox
    owners: dict[tuple[int, int], list[dict]] = {}
    placed = [(box, (r, c)) for r, row in enumerate(boxes) for c, box in enumerate(row) if box is not None]
    placed.sort(key=lambda item: item[0][1])
    tops = [box[1] for box, _ in placed]
    for char in page.chars:
        mx, my = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
        if not (x0 <= mx <= x1 and top <= my <= bottom):
            continue
        for index in range(bisect_right(tops, my) - 1, -1, -1):
            box, key = placed[index]
            if box[0] <= mx <= box[2] and box[1] <= my <= box[3]:
                owners.setdefault(key, []).append(char)
                break
    texts = {key: _cell(owners.get(key, []), box) for box, key in placed}
    # a row's own extent: pdfplumber's row box reaches down to its tallest (merged) cell
    row_tops = [min((box[1] for box in row if box is not None), default=0.0) for row in boxes]
    row_bottoms = [
        row_tops[r + 1] if r + 1 < len(boxes) else min((box[3] for box in boxes[r] if box is not None), default=0.0)
        for r in range(len(boxes))
    ]
    grid: list[list[tuple[_Cell, bool] | None]] = []
    for r, row in enumerate(boxes):
        cells: list[tuple[_Cell, bool] | None] = []
        for c in range(width):
            box = row[c] if c < len(row) else None
            if box is not None:
                cells.append((texts[(r, c)], False))
                continue
            # covered by a merged cell: one above that reaches down here, or one to the left that reaches across
            middle_y = (row_tops[r] + row_bottoms[r]) / 2
            owner = None
            for above in range(r - 1, -1, -1):
                cand = boxes[above][c] if c < len(boxes[above]) else None
                if cand is not None:
                    if cand[3] >= middle_y:
                        owner = (texts[(above, c)], True)
                    break
            if owner is None and middles[c] is not None:
                for leftwards in range(c - 1, -1, -1):
                    cand = row[leftwards] if leftwards < len(row) else None
                    if cand is not None:
                        if cand[2] >= middles[c]:
                            owner = (texts[(r, leftwards)], False)
                        break
                    if cells[leftwards] is not None:
                        break
            cells.append(owner if owner is not None else (_Cell(), False))
        grid.append(cells)
    tall = {(r, c) for box, (r, c) in placed if box[3] > row_bottoms[r] + 1}
    return grid, tall


def _read(pdf, path, layout) -> RawTable:
    pages = pdf.pages
    if not any(page.chars for page in pages):
        if any(page.images for page in pages):
            raise InputError(NO_TEXT_LAYER, source=path)
        raise InputError("contains no text (and no scanned pages)", source=path)
    if layout not in (None, "grid"):
        return read_as_text(_text(pdf), path, layout)
    try:
        return _read_tables(pdf, path)
    except NoTableError as error:
        if layout == "grid":
            raise
        return read_as_text(_text(pdf), path, None, no_table=error)


_SENTENCE_END = ("。", "）", ")", "】", "]", "；", ";", "！", "？")
_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d+\s*(?:页|/\s*\d+)?(?:\s*共\s*\d+\s*页)?[-—–\s]*$")


def _text(pdf) -> str:
    """The PDF's running text, one paragraph per line.

    Lines are rebuilt from the characters; a line that runs to the right
    margin (the page's widest line) was wrapped and is joined to the next,
    unless the next is indented (a new paragraph: Chinese paragraphs start two
    characters in).  Page numbers (``- 3 -``, ``第3页``) at the top or bottom
    of a page are left out, so a paragraph runs on across a page break.
    """
    paragraphs: list[str] = []
    current: str | None = None
    full = False
    for page in pdf.pages:
        lines = [line for line in _lines(page.chars) if _line_text(line)]
        lines = [line for line in lines if not _is_page_number(line, page)]
        if not lines:
            continue
        left = min(line[0]["x0"] for line in lines)
        right = max(line[-1]["x1"] for line in lines)
        # a page whose widest line stops short of the right margin (taken as wide as the left
        # one) holds no wrapped line: short cells one per paragraph are not glued together
        reaches_margin = right > page.width - left - 4 * max(lines[0][0]["size"], 1.0)
        for line in lines:
            text = _line_text(line)
            size = max(line[0]["size"], 1.0)
            indented = line[0]["x0"] > left + 1.5 * size
            # a full line that ends a sentence or a bracket, followed by a numbered line, ended its
            # paragraph: the next task begins (6.…(牵头单位:区财政局) / 7.城乡居民收入…)
            starts_anew = current is not None and current.endswith(_SENTENCE_END) and split_marker(text) is not None
            if current is not None and full and not indented and not starts_anew:
                current += _joiner(current, text) + text
            else:
                if current is not None:
                    paragraphs.append(current)
                current = text
            # room for less than two more characters: the line was wrapped (kinsoku may move one down)
            full = reaches_margin and line[-1]["x1"] > right - 2.3 * size
    if current is not None:
        paragraphs.append(current)
    return "\n".join(paragraphs)


def _is_page_number(line, page) -> bool:
    """A page number in the top or bottom margin: ``- 3 -``, ``第3页``, or the page's own number.

    A bare number that is not this page's number is text (a table's 序号 at the top of a page).
    """
    text = _line_text(line)
    if not _PAGE_NUMBER.match(text):
        return False
    if not (line[0]["top"] < 0.1 * page.height or line[0]["bottom"] > 0.9 * page.height):
        return False
    digits = re.sub(r"\D+", " ", text).split()
    decorated = text.strip() != (digits[0] if digits else "")
    return decorated or (bool(digits) and int(digits[0]) == page.page_number)


def pdf_text(path) -> str:
    """A PDF's running text, one paragraph per line (what the text layouts read).

    >>> pdf_text("notice.pdf").split("\\n")[0]  # doctest: +SKIP
    '2021年拱墅区《政府工作报告》主要任务分解'
    """
    import pdfplumber

    path = check_file(path)
    try:
        with pdfplumber.open(str(path)) as pdf:
            return _text(pdf)
    except Exception as exc:
        raise _pdf_error(exc, path, "is not a readable PDF") from None


def _read_tables(pdf, path) -> RawTable:
    budget = limit("RESPGRAPH_MAX_CELLS", MAX_CELLS)
    header = None
    rows: list = []
    preamble: list[str] = []
    width = 0
    last_cells = None  # the previous task row's cells (_Cell), to join a row cut by a page break
    first_grid = None
    found_any = False
    for page_number, page in enumerate(pdf.pages, start=1):
        tables = page.find_tables()
        for table_number, table in enumerate(tables, start=1):
            found_any = True
            cells, tall = _table_cells(page, table)
            budget -= sum(len(row) for row in cells)
            if budget < 0:
                raise too_many_cells(limit("RESPGRAPH_MAX_CELLS", MAX_CELLS), source=path, where=f"page {page_number}")
            grid = [
                GridRow([cell.text for cell, _ in row], f"page {page_number} table {table_number} row {index}",
                        frozenset(c for c, (_, inherited) in enumerate(row) if inherited))
                for index, row in enumerate(cells, start=1)
            ]
            if first_grid is None:
                first_grid = grid
            if header is None:
                header = locate_header(grid)
                if header is None:
                    continue
                above = page.filter(lambda obj: obj.get("object_type") == "char" and obj["bottom"] <= table.bbox[1] + 0.5)
                text_above = [line.strip() for line in (above.extract_text() or "").split("\n") if line.strip()]
                preamble = text_above + preamble_of(grid[: header.index])
                width = len(grid[header.index].cells)
                start = header.index + header.height
                new_rows, last_cells = _body(grid, cells, header, start, None)
                rows.extend(new_rows)
                continue
            again = locate_header(grid)
            if again is not None and set(again.columns) == set(header.columns):
                start = again.index + again.height
                _carry_merges(grid, tall, again, start, rows)
                new_rows, last_cells = _body(grid, cells, again, start, last_cells, rows)
                rows.extend(new_rows)
            elif again is None and grid and len(grid[0].cells) == width:
                _carry_merges(grid, tall, header, 0, rows)
                new_rows, last_cells = _body(grid, cells, header, 0, last_cells, rows)
                rows.extend(new_rows)
            else:
                return raw_table(path, header, rows, preamble)
    if header is None:
        if not found_any:
            raise NoTableError("holds no ruled table, and its text no task list the text layouts recognise", source=path)
        raise no_header_error(path, first_grid or [], where="the PDF's tables")
    return raw_table(path, header, rows, preamble)


def _carry_merges(grid: list[GridRow], tall, header, start: int, rows) -> None:
    """A cell merged down across a page break: give both of its parts its text.

    Word draws the text in the part on the first page and leaves the part on
    the next page empty; Excel and Calc centre the text in one part, often
    the one on the next page, leaving the other empty.  Only a cell at the
    top of the page's body that is itself merged down over several rows is
    taken for such a continuation: when it is empty, it gets the text of the
    row above; when the rows at the end of the previous page have that cell
    empty, they get its text.
    """
    if not rows or rows[-1].heading is not None or start >= len(grid):
        return
    previous = rows[-1].cells
    for role, column in header.columns.items():
        if (start, column) not in tall or column >= len(grid[start].cells):
            continue
        text = grid[start].cells[column]
        if not text:
            text = previous.get(role, "")
            if not text:
                continue
            for index in range(start, len(grid)):
                row = grid[index]
                if index > start and column not in row.inherited:
                    break
                row.cells[column] = text
                row.inherited = row.inherited | {column}
        else:
            for row in reversed(rows):
                if row.heading is not None or row.cells.get(role):
                    break
                row.cells[role] = text


def _body(grid, cells, header, start, last_cells, rows=None):
    """RawRows of a page's table from ``start``; a first row with an empty 序号 continues the previous row."""
    seq = header.columns.get("seq")
    first_row = start
    first = grid[start].cells if start < len(grid) else []
    if (
        rows and last_cells is not None and seq is not None and any(first)
        and (first[seq] if seq < len(first) else "") == ""
        and rows[-1].heading is None
    ):
        # the row was cut by the page break: join each cell to its first part
        continued = cells[start]
        previous = rows[-1]
        for role, column in header.columns.items():
            if column >= len(continued):
                continue
            more = continued[column][0]
            before = last_cells.get(role)
            if not more.text or more.text == previous.cells.get(role):
                continue
            if previous.cells.get(role):
                glue = before.glue(more) if before is not None and before.text else "\n"
                previous.cells[role] += glue + more.text
            else:
                previous.cells[role] = more.text
        start += 1
    new_rows = build_rows(grid, header, start=start)
    last = None
    for index in range(len(grid) - 1, first_row - 1, -1):
        if any(grid[index].cells):
            last = {role: cells[index][column][0] for role, column in header.columns.items() if column < len(cells[index])}
            break
    if last is None:
        last = last_cells
    return new_rows, last
