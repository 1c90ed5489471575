"""Web pages (.html, .htm) holding a task table, as saved from a government website.

The page is decoded from its byte-order mark, its ``<meta charset>`` (or
``http-equiv`` Content-Type), or else by detection (UTF-8, then GBK/GB18030,
then charset-normalizer), and parsed with lxml.html.  Scripts, styles,
``<nav>``, ``<header>``, ``<footer>``, ``<aside>`` and forms are dropped.

Every ``<table>`` is turned into the grid it draws: ``rowspan`` and
``colspan`` are expanded (a section cell spanning several rows belongs to
each), ``<br>`` and block elements (``<p>``, ``<div>``, ``<li>``) inside a
cell are line breaks, other white space is collapsed as a browser does.
The first table with a recognisable header is the task table (a layout
table around it is passed over: its cells hold whole tables, never a header
name); tables after it that repeat the header or have its width continue
it; the page's text before it is the title.  A page with no such table is
read as text with the text layouts.

>>> from respgraph.readers.html import parse_html
>>> page = '''<html><body><nav>首页 | 政务公开</nav><p>2021年拱墅区任务分解表</p>
... <table><tr><th>序号</th><th>工作任务</th><th>牵头单位</th></tr>
... <tr><td>1</td><td>做好<br>两件事</td><td rowspan="2">区府办</td></tr>
... <tr><td>2</td><td>推进改革</td></tr></table><footer>版权所有</footer></body></html>'''
>>> table = parse_html(page, source="page.html")
>>> table.preamble, [row.cells for row in table.rows]
(['2021年拱墅区任务分解表'], [{'seq': '1', 'text': '做好\\n两件事', 'lead': '区府办'}, {'seq': '2', 'text': '推进改革', 'lead': '区府办'}])
"""

from __future__ import annotations

import codecs
import re

from respgraph.errors import InputError
from respgraph.readers._layout import (
    GridRow,
    NoTableError,
    build_rows,
    check_file,
    clean_cell,
    locate_header,
    no_header_error,
    preamble_of,
    raw_table,
    read_as_text,
)
from respgraph.readers.base import RawTable
from respgraph.readers.encoding import decode_bytes
from respgraph.readers.limits import MAX_CELLS, limit, refuse_entity_declarations, too_many_cells

__all__ = ["read_html", "parse_html", "decode_html", "is_mime_page"]

#: Columns beyond this are ignored (a damaged colspan).
MAX_COLUMNS = 256
#: Elements that are never part of the content.
_DROPPED = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "iframe",
            "object", "embed", "select", "button", "svg", "head")
#: Elements whose start and end break a line.
_BLOCKS = frozenset(
    "p div li ul ol dl dt dd h1 h2 h3 h4 h5 h6 tr table thead tbody tfoot caption blockquote pre section article "
    "main address center hr fieldset figure figcaption".split()
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_SPACE_RUN = re.compile(r"[ \t\r\n\f\u00a0]+")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")
#: Declared charsets read with a superset (pages declaring gb2312 routinely hold GBK characters).
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "iso-8859-1": "cp1252",
              "latin1": "cp1252", "ascii": "utf-8", "us-ascii": "utf-8"}


def decode_html(data: bytes, source=None) -> str:
    """The page's text: from its byte-order mark, its declared charset, or detection.

    >>> decode_html('<meta charset="gb2312"><p>拱墅区</p>'.encode("gbk"))
    '<meta charset="gb2312"><p>拱墅区</p>'
    >>> decode_html('<p>拱墅区</p>'.encode("gbk"))  # no declaration: detected
    '<p>拱墅区</p>'
    """
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        return decode_bytes(data, source=source)
    head = data[:4096]
    found = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if found:
        name = found.group(1).decode("ascii").lower()
        name = _SUPERSETS.get(name, name)
        try:
            codecs.lookup(name)
        except LookupError:
            name = None
        if name:
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                pass  # a wrong declaration: detect instead
    return decode_bytes(data, source=source)


def read_html(path, layout: str | None = None) -> RawTable:
    """Read the task table of a web page; see the module's description.

    A page saved as one file (``.mht``/``.mhtml``: Word's and browsers'
    "single file web page", a MIME message) is read from its HTML part.
    """
    path = check_file(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", source=path) from None
    if is_mime_page(data[:2048]):
        return parse_html(_mime_html(data, path), source=str(path), layout=layout)
    return parse_html(decode_html(data, source=path), source=str(path), layout=layout)


def is_mime_page(head: bytes) -> bool:
    """True for a web page saved as one MIME file (.mht, .mhtml).

    >>> is_mime_page(b"MIME-Version: 1.0\\r\\nContent-Type: multipart/related; boundary=x")
    True
    """
    lowered = head.lower()
    return lowered.lstrip().startswith((b"mime-version:", b"from:", b"content-type:", b"date:", b"subject:")) and (
        b"multipart/related" in lowered or b"text/html" in lowered
    )


def _mime_html(data: bytes, source) -> str:
    import email
    import email.policy

    message = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True) or b""
            charset = part.get_content_charset()
            if charset:
                charset = _SUPERSETS.get(charset.lower(), charset.lower())
                try:
                    return payload.decode(charset)
                except (LookupError, UnicodeDecodeError):
                    pass
            return decode_html(payload, source=source)
    raise InputError("is a saved web page (MIME) without an HTML part", source=source)


def parse_html(text: str, source: str = "<html>", layout: str | None = None) -> RawTable:
    """Parse a decoded page: its task table, or its text with the text layouts."""
    import lxml.html
    from lxml import etree

    refuse_entity_declarations(text, source)
    # lxml refuses a str that declares its encoding; the page is decoded already
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        raise InputError("the page is empty", source=source)
    parser = lxml.html.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, default_doctype=False)
    try:
        root = lxml.html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot be read as a web page ({exc})", source=source) from None
    for element in list(root.iter(*_DROPPED)):
        if element.getparent() is not None:
            element.drop_tree()
    if layout in (None, "grid"):
        try:
            return _read_tables(root, source)
        except NoTableError as error:
            if layout == "grid":
                raise
            return read_as_text(_page_text(root), source, None, no_table=error)
    return read_as_text(_page_text(root), source, layout)


def _collapse(text: str) -> str:
    """White space as a browser renders it: runs become one space, none between two CJK characters."""

    def join(match):
        start, end = match.start(), match.end()
        before = match.string[start - 1] if start else ""
        after = match.string[end] if end < len(match.string) else ""
        if "\n" in match.group() or "\r" in match.group():
            if before and after and _CJK.match(before) and _CJK.match(after):
                return ""
        return " "

    return _SPACE_RUN.sub(join, text)


def _text_parts(element, parts: list[str], stop=None, pre: bool = False) -> bool:
    """Append the element's rendered text to ``parts``; True when ``stop`` was reached (and not entered).

    Inside ``<pre>`` white space and line breaks are kept as written.
    """
    if element is stop:
        return True
    tag = element.tag if isinstance(element.tag, str) else ""
    pre = pre or tag in ("pre", "textarea", "listing", "plaintext", "xmp")
    keep = (lambda text: text) if pre else _collapse
    if tag == "br" or tag in _BLOCKS:
        parts.append("\n")
    if element.text and tag:
        parts.append(keep(element.text))
    for child in element:
        if _text_parts(child, parts, stop, pre):
            return True
        if child.tail:
            parts.append(keep(child.tail))
    if tag in _BLOCKS or tag in ("td", "th"):
        parts.append("\n")
    return False


def _rendered(element, stop=None) -> str:
    parts: list[str] = []
    _text_parts(element, parts, stop)
    return "".join(parts)


def _page_text(root) -> str:
    """The page's text, one line per block (paragraph, list item, table cell)."""
    body = root.find("body")
    lines = _rendered(body if body is not None else root).split("\n")
    return "\n".join(line.rstrip() if line.startswith("\t") else line.strip() for line in lines)


def _own_rows(table):
    """The table's rows, not those of tables nested in its cells."""
    for tr in table.iter("tr"):
        owner = tr.getparent()
        while owner is not None and owner.tag != "table":
            owner = owner.getparent()
        if owner is table:
            yield tr


def _span(value, cap: int) -> int:
    try:
        number = int(str(value).strip().rstrip(";"))
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, cap))


def _grid(table, number: int, source, budget: list[int]) -> list[GridRow]:
    """The grid a table draws, rowspan and colspan expanded; rows from spans above are marked inherited."""
    rows = list(_own_rows(table))
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows still covered, text) from a rowspan above
    grid: list[GridRow] = []
    for index, tr in enumerate(rows, start=1):
        cells: list[str] = []
        inherited: set[int] = set()
        column = 0

        def carry():
            nonlocal column
            while column in pending:
                left, text = pending[column]
                cells.append(text)
                inherited.add(column)
                if left > 1:
                    pending[column] = (left - 1, text)
                else:
                    del pending[column]
                column += 1

        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            carry()
            if column >= MAX_COLUMNS:
                break
            text = clean_cell(_rendered(td))
            across = _span(td.get("colspan"), MAX_COLUMNS - column)
            remaining = len(rows) - index + 1
            rowspan = (td.get("rowspan") or "1").strip()
            down = remaining if rowspan == "0" else _span(rowspan, remaining)  # 0: to the end of the table
            for _ in range(across):
                cells.append(text)
                if down > 1:
                    pending[column] = (down - 1, text)
                column += 1
        # spans from above that reach past this row's last cell
        while pending and column <= max(pending):
            if column in pending:
                carry()
            else:
                cells.append("")
                column += 1
        budget[0] -= len(cells)
        if budget[0] < 0:
            raise too_many_cells(limit("RESPGRAPH_MAX_CELLS", MAX_CELLS), source=source, where=f"table {number}")
        grid.append(GridRow(cells, f"table {number} row {index}", frozenset(inherited)))
    return grid


def _width(grid: list[GridRow]) -> int:
    return max((len(row.cells) for row in grid), default=0)


def _read_tables(root, source) -> RawTable:
    tables = list(root.iter("table"))
    if not tables:
        raise NoTableError("holds no table, and its text no task list the text layouts recognise", source=source)
    budget = [limit("RESPGRAPH_MAX_CELLS", MAX_CELLS)]
    grids = []
    for number, table in enumerate(tables, start=1):
        grid = _grid(table, number, source, budget)
        grids.append(grid)
        header = locate_header(grid)
        if header is None:
            continue
        body = root.find("body")
        before = _rendered(body if body is not None else root, stop=table)
        preamble = [line for line in (clean_cell(line) for line in before.split("\n")) if line]
        preamble += preamble_of(grid[: header.index])
        rows = build_rows(grid, header)
        width = _width(grid)
        for later_number, later in enumerate(tables[number:], start=number + 1):
            if any(ancestor is table for ancestor in later.iterancestors("table")):
                continue  # nested in a cell of the task table
            more = _grid(later, later_number, source, budget)
            again = locate_header(more)
            if again is not None and set(again.columns) == set(header.columns):
                rows.extend(build_rows(more, again))
            elif again is None and more and _width(more) == width:
                rows.extend(build_rows(more, header, start=0))
            else:
                break
        return raw_table(source, header, rows, preamble)
    first = next((grid for grid in grids if any(any(row.cells) for row in grid)), grids[0])
    where = "table 1" if len(tables) == 1 else f"none of the {len(tables)} tables"
    raise no_header_error(source, first, where=where)
