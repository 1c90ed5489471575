"""Property tests: whatever a document holds, a reader returns a table or raises InputError.

Also, where a generated table is well formed, the cells come back as written.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
import openpyxl
from openpyxl.utils import get_column_letter
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from respgraph.errors import InputError
from respgraph.readers._layout import clean_cell
from respgraph.readers.base import ROLES, RawTable
from respgraph.readers.csv import read_csv
from respgraph.readers.docx import read_docx
from respgraph.readers.header import HEADER_NAMES, match_header
from respgraph.readers.text import parse_text
from respgraph.readers.xlsx import cell_text as xlsx_cell_text
from respgraph.readers.xlsx import read_xlsx
from xlsx_support import assert_reads_as_full_load, write_package

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADER_WORDS = [name for names in HEADER_NAMES.values() for name in names]
TRICKY = ["\t", "\n", "\r\n", "\r", " ", "\u3000", "\x00", "\x0b", "\x1c", "\ufeff", "\u2028", '"', ",", ";", "，", "、"]
HEADINGS = ["一、全力稳定经济增长", "（一）经济社会发展主要预期目标", "注：以上任务", "第一部分"]

# Cell texts that reach the interesting paths: header names, row numbers, headings, tricky characters, CJK.
cell_text = st.one_of(
    st.sampled_from(HEADER_WORDS),
    st.integers(min_value=0, max_value=200).map(str),
    st.sampled_from(HEADINGS + TRICKY + [""]),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), max_size=6),
    st.text(max_size=12),
)
header_row = st.tuples(st.lists(st.sampled_from(HEADER_WORDS), min_size=1, max_size=5), st.integers(0, 5)).map(
    lambda drawn: drawn[0][: drawn[1]] + ["工作任务"] + drawn[0][drawn[1] :]
)
heading_row = st.tuples(st.sampled_from(HEADINGS), st.integers(0, 5), st.booleans()).map(
    lambda drawn: [drawn[0]] * 6 if drawn[2] else [""] * drawn[1] + [drawn[0]]
)
any_row = st.one_of(st.lists(cell_text, min_size=1, max_size=6), heading_row)
# Half the grids start (after a title row or two) with a real header, so the body paths are reached.
grid = st.one_of(
    st.lists(any_row, max_size=8),
    st.tuples(st.lists(any_row, max_size=2), header_row, st.lists(any_row, max_size=6)).map(
        lambda drawn: drawn[0] + [drawn[1]] + drawn[2]
    ),
)


def _well_formed(table: RawTable) -> None:
    """What every returned table promises its consumer."""
    assert isinstance(table, RawTable)
    assert set(table.columns) <= set(ROLES) and "text" in table.columns
    assert table.rows, "a table is returned only with rows"
    for row in table.rows:
        if row.heading is not None:
            assert row.heading and not row.cells
        else:
            assert set(row.cells) == set(table.columns)
            assert all(isinstance(v, str) and "\r" not in v for v in row.cells.values())
        assert row.where


def _read_or_refuse(reader, path):
    try:
        table = reader(path)
    except InputError as error:
        assert str(path) in str(error)
        return None
    _well_formed(table)
    return table


# --- text layout -----------------------------------------------------------------


@SETTINGS
@given(st.text(max_size=300))
def test_parse_text_on_any_text(text):
    try:
        table = parse_text(text, source="any.txt")
    except InputError as error:
        assert "any.txt" in str(error)
        return
    _well_formed(table)


@SETTINGS
@given(st.data(), st.text(max_size=20))
def test_parse_text_on_tab_layouts(data, title):
    header = data.draw(header_row)
    seq = (match_header(header) or {}).get("seq")
    row = st.lists(cell_text, min_size=len(header), max_size=len(header))
    body = data.draw(st.lists(row, max_size=5))
    for number, cells in enumerate(body, start=1):
        if seq is not None and data.draw(st.booleans()):
            cells[seq] = str(number)
    cells = header + [cell for row in body for cell in row]
    if cells and data.draw(st.booleans()):
        del cells[data.draw(st.integers(0, len(cells) - 1))]  # a lost cell shifts every later one
    text = title + "\n" + "\n".join("\t" + cell for cell in cells)
    try:
        table = parse_text(text, source="tabs.txt")
    except InputError as error:
        assert "tabs.txt" in str(error)
        return
    _well_formed(table)


# --- csv ---------------------------------------------------------------------------


@SETTINGS
@given(st.binary(max_size=400))
def test_csv_on_any_bytes(data):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "any.csv"
        path.write_bytes(data)
        _read_or_refuse(read_csv, path)


@SETTINGS
@given(grid, st.sampled_from([",", "\t", ";"]), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_csv_on_generated_grids(rows, delimiter, encoding):
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "grid.csv"
        path.write_bytes(buffer.getvalue().encode(encoding))
        _read_or_refuse(read_csv, path)


# Body cells that never look like a header, a heading or a note, so a row reads back as written.
plain = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=1, max_size=8)  # GBK-encodable
plain_or_empty = st.one_of(st.just(""), plain, st.builds(lambda a, b: f"{a}\n{b}", plain, plain))
body = st.lists(st.tuples(st.integers(1, 999).map(str), plain_or_empty, plain_or_empty, plain_or_empty), min_size=1, max_size=6)


@SETTINGS
@given(body, st.sampled_from([",", "\t", ";"]), st.sampled_from(["utf-8", "utf-8-sig", "gbk"]))
def test_csv_reads_back_what_was_written(rows, delimiter, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["序号", "工作任务", "牵头单位", "责任单位"])
    writer.writerows(rows)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "body.csv"
        path.write_bytes(buffer.getvalue().encode(encoding))
        table = read_csv(path)
    assert [r.cells for r in table.rows] == [
        {"seq": seq, "text": text, "lead": lead, "co": co} for seq, text, lead, co in rows
    ]
    assert [r.where for r in table.rows] == [f"row {n}" for n in range(2, len(rows) + 2)]


# --- xlsx --------------------------------------------------------------------------

_XLSX_ILLEGAL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f]")  # openpyxl refuses these in cells

xlsx_value = st.one_of(
    st.none(),
    cell_text.map(lambda text: _XLSX_ILLEGAL.sub("", text)),
    st.integers(min_value=-(10**6), max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=False, width=32),
    st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2100, 1, 1)),
)
merge = st.tuples(st.integers(1, 8), st.integers(1, 6), st.integers(0, 3), st.integers(0, 3))


def _fill_sheet(sheet, rows, values, merges):
    """Rows of text, then numbers, dates and empties in place of some texts, then merges that do not overlap."""
    for row in rows:
        sheet.append([_XLSX_ILLEGAL.sub("", cell) for cell in row])
    for row, column, value in values:
        sheet.cell(row + 1, column + 1).value = value
    taken: set[tuple[int, int]] = set()
    for top, left, down, right in merges:
        area = {(r, c) for r in range(top, top + down + 1) for c in range(left, left + right + 1)}
        if len(area) > 1 and not area & taken:
            sheet.merge_cells(start_row=top, start_column=left, end_row=top + down, end_column=left + right)
            taken |= area


@SETTINGS
@given(grid, st.lists(st.tuples(st.integers(0, 7), st.integers(0, 5), xlsx_value), max_size=6), st.lists(merge, max_size=3))
def test_xlsx_on_generated_sheets(rows, values, merges):
    workbook = openpyxl.Workbook()
    _fill_sheet(workbook.active, rows, values, merges)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "grid.xlsx"
        workbook.save(path)
        _read_or_refuse(read_xlsx, path)


sheet_state = st.sampled_from(["visible", "visible", "hidden", "veryHidden"])
wide_merge = st.tuples(st.integers(1, 9), st.integers(1, 7), st.integers(0, 4), st.integers(0, 6))


@SETTINGS
@given(st.lists(st.tuples(grid, st.lists(st.tuples(st.integers(0, 7), st.integers(0, 5), xlsx_value), max_size=6),
                          st.lists(wide_merge, max_size=4), sheet_state), min_size=1, max_size=3))
def test_xlsx_reads_as_openpyxl_full_load(sheets):
    # several sheets, some hidden, merges anywhere (over the title, the header, the body)
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for number, (rows, values, merges, state) in enumerate(sheets):
        sheet = workbook.create_sheet(f"表{number}")
        sheet.sheet_state = state
        _fill_sheet(sheet, rows, values, merges)
    if all(sheet.sheet_state != "visible" for sheet in workbook.worksheets):
        workbook.worksheets[-1].sheet_state = "visible"  # Excel and openpyxl need one visible sheet
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheets.xlsx"
        workbook.save(path)
        assert_reads_as_full_load(path)


_xml_text = cell_text.map(lambda text: escape(_XML_ILLEGAL.sub("", text)))
_stored = st.one_of(
    st.tuples(st.just("n"), st.sampled_from(["1", "2.0", "-3", "44561", "44562.5", "1.5", "1E3", "0.25", ""])),
    st.tuples(st.just("s"), st.integers(0, 3).map(str)),
    st.tuples(st.just("b"), st.sampled_from(["0", "1"])),
    st.tuples(st.sampled_from(["str", "e"]), _xml_text),
    st.tuples(st.just("d"), st.sampled_from(["2021-06-30T00:00:00", "2021-12-31T08:30:00"])),
    st.tuples(st.just("inlineStr"), st.lists(_xml_text, min_size=1, max_size=3)),
)
_stored_cell = st.tuples(st.none() | st.tuples(st.integers(1, 6), st.integers(1, 5)), _stored, st.integers(0, 3))


def _cell_xml(position, stored, style):
    reference = f' r="{get_column_letter(position[1])}{position[0]}"' if position else ""
    kind, value = stored
    if kind == "inlineStr":  # one text, or rich text runs
        inner = f"<t>{value[0]}</t>" if len(value) == 1 else "".join(f"<r><t>{run}</t></r>" for run in value)
        return f'<c{reference} t="inlineStr"><is>{inner}</is></c>'
    return f'<c{reference} t="{kind}" s="{style}"><v>{value}</v></c>'


# Overlapping merged ranges, which openpyxl keeps in a set (no order): the reading must not
# depend on the ranges' order.  B2:C3 and A3:C3 share B3:C3; A2:B3 covers B3, the top-left of B3:C3.
_OVERLAP_ROWS = [
    (True, [((2, 1), ("inlineStr", ["甲"]), 0), ((2, 2), ("inlineStr", ["乙"]), 0), ((2, 3), ("inlineStr", ["丙"]), 0)]),
    (True, [((3, 1), ("inlineStr", ["丁"]), 0), ((3, 2), ("inlineStr", ["戊"]), 0)]),
]


@SETTINGS
@given(
    st.lists(st.tuples(st.booleans(), st.lists(_stored_cell, max_size=5)), max_size=7),
    st.lists(_xml_text, min_size=4, max_size=4),
    st.lists(merge, max_size=2),
)
@example(_OVERLAP_ROWS, ["牵头单位", "a", "b", "c"], [(2, 2, 1, 1), (3, 1, 0, 2)])
@example(_OVERLAP_ROWS, ["牵头单位", "a", "b", "c"], [(3, 1, 0, 2), (2, 2, 1, 1)])
@example(_OVERLAP_ROWS, ["牵头单位", "a", "b", "c"], [(2, 1, 1, 1), (3, 2, 0, 1)])
@example(_OVERLAP_ROWS, ["牵头单位", "a", "b", "c"], [(3, 2, 0, 1), (2, 1, 1, 1)])
def test_xlsx_stored_cells_read_as_openpyxl_reads_them(rows, strings, merges):
    # sheet XML as other programs write it: shared strings, cells with and without references, every stored type
    header = '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
    body = "".join(
        (f'<row r="{number}">' if numbered else "<row>") + "".join(_cell_xml(*cell) for cell in cells) + "</row>"
        for number, (numbered, cells) in enumerate(rows, start=2)
    )
    ranges = "".join(
        f'<mergeCell ref="{get_column_letter(left)}{top}:{get_column_letter(left + right)}{top + down}"/>'
        for top, left, down, right in merges
    )
    xml = f"<sheetData>{header}{body}</sheetData>" + (f"<mergeCells>{ranges}</mergeCells>" if ranges else "")
    items = [f"<si><t>{text}</t></si>" for text in ["序号", "工作任务", *strings]]
    with tempfile.TemporaryDirectory() as folder:
        assert_reads_as_full_load(write_package(Path(folder) / "stored.xlsx", [("表", "visible", xml)], strings=items))


@SETTINGS
@given(st.text())
def test_cell_text_of_a_string_is_the_cleaned_cell(text):
    assert xlsx_cell_text(text) == clean_cell(text)


@SETTINGS
@given(st.binary(min_size=0, max_size=300))
def test_xlsx_on_damaged_bytes(tail):
    # a real workbook cut short and padded with noise
    workbook = openpyxl.Workbook()
    workbook.active.append(["序号", "工作任务", "牵头单位"])
    workbook.active.append([1, "甲", "区府办"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = buffer.getvalue()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.xlsx"
        path.write_bytes(data[: len(data) // 2] + tail)
        _read_or_refuse(read_xlsx, path)


@SETTINGS
@given(body)
def test_xlsx_reads_back_what_was_written(rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务"
    sheet.append(["序号", "工作任务", "牵头单位", "责任单位"])
    for seq, text, lead, co in rows:
        sheet.append([int(seq), text or None, lead or None, co or None])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "body.xlsx"
        workbook.save(path)
        table = read_xlsx(path)
    assert [r.cells for r in table.rows] == [
        {"seq": seq, "text": text, "lead": lead, "co": co} for seq, text, lead, co in rows
    ]
    assert [r.where for r in table.rows] == [f"sheet 任务 row {n}" for n in range(2, len(rows) + 2)]


# --- docx --------------------------------------------------------------------------

_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML at all


@SETTINGS
@given(
    grid.filter(bool),
    st.lists(merge, max_size=3),
    st.lists(st.text(max_size=10).map(lambda text: _XML_ILLEGAL.sub("", text)), max_size=3),
)
def test_docx_on_generated_tables(rows, merges, paragraphs):
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=len(rows), cols=6)
    for r, row in enumerate(rows):
        for c, text in enumerate(row[:6]):
            table.cell(r, c).text = _XML_ILLEGAL.sub("", text)
    taken: set[tuple[int, int]] = set()
    for top, left, down, right in merges:
        top, left = top - 1, left - 1
        bottom, far = min(top + down, len(rows) - 1), min(left + right, 5)
        area = {(r, c) for r in range(top, bottom + 1) for c in range(left, far + 1)}
        if top < len(rows) and len(area) > 1 and not area & taken:
            table.cell(top, left).merge(table.cell(bottom, far))
            taken |= area
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "grid.docx"
        document.save(path)
        _read_or_refuse(read_docx, path)


@SETTINGS
@given(body)
def test_docx_reads_back_what_was_written(rows):
    document = docx.Document()
    table = document.add_table(rows=len(rows) + 1, cols=4)
    for c, name in enumerate(["序号", "工作任务", "牵头单位", "责任单位"]):
        table.cell(0, c).text = name
    for r, row in enumerate(rows, start=1):
        for c, text in enumerate(row):
            cell = table.cell(r, c)
            first, *more = text.split("\n")
            cell.text = first
            for line in more:  # a line break inside a cell is a second paragraph in Word
                cell.add_paragraph(line)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "body.docx"
        document.save(path)
        result = read_docx(path)
    assert [r.cells for r in result.rows] == [
        {"seq": seq, "text": clean_cell(text), "lead": lead, "co": co} for seq, text, lead, co in rows
    ]
    assert [r.where for r in result.rows] == [f"table 1 row {n}" for n in range(2, len(rows) + 2)]


# --- html, xls, pdf, and telling formats apart -------------------------------------------------

from functools import cache  # noqa: E402

from respgraph.readers import FORMATS, detect_format, read_table  # noqa: E402
from respgraph.readers.html import parse_html  # noqa: E402

_span = st.sampled_from(["", ' rowspan="2"', ' colspan="3"', ' rowspan="0"', ' colspan="999"', ' rowspan="x"', ' rowspan="-1"'])
_tag = st.sampled_from(["td", "th", "td"])


@SETTINGS
@given(st.lists(st.lists(st.tuples(_tag, _span, cell_text), min_size=1, max_size=6), max_size=8),
       st.sampled_from(["", "<br>", "<p>", "</table><table>", "<table><tr><td>", "<nav>", "<!-- x -->"]))
def test_html_on_generated_tables(rows, noise):
    body = "".join(
        "<tr>" + "".join(f"<{tag}{span}>{escape(_XML_ILLEGAL.sub('', text))}{noise if i == 0 else ''}</{tag}>"
                         for i, (tag, span, text) in enumerate(row)) + "</tr>"
        for row in rows
    )
    try:
        table = parse_html(f"<html><body><p>标题</p><table>{body}</table></body></html>", source="page.html")
    except InputError as error:
        assert "page.html" in str(error)
        return
    _well_formed(table)


@SETTINGS
@given(st.text(max_size=300))
def test_html_on_any_text(text):
    try:
        table = parse_html(text, source="any.html")
    except InputError as error:
        assert "any.html" in str(error)
        return
    _well_formed(table)


@cache
def _converted(target: str) -> bytes:
    """A small task table converted by LibreOffice (once per test run)."""
    from office_support import soffice_convert

    with tempfile.TemporaryDirectory() as folder:
        document = docx.Document()
        table = document.add_table(rows=3, cols=3)
        table.style = "Table Grid"
        for r, row in enumerate([["序号", "工作任务", "牵头单位"], ["1", "修路", "区住建局"], ["2", "建桥", "区交通局"]]):
            for c, text in enumerate(row):
                table.cell(r, c).text = text
        source = Path(folder) / "t.docx"
        document.save(source)
        if target == "xls":
            workbook = openpyxl.Workbook()
            for row in [["序号", "工作任务", "牵头单位"], [1, "修路", "区住建局"], [2, "建桥", "区交通局"]]:
                workbook.active.append(row)
            source = Path(folder) / "t.xlsx"
            workbook.save(source)
        return soffice_convert(source, target, Path(folder)).read_bytes()


@SETTINGS
@given(st.sampled_from(["xls", "pdf"]), st.floats(0.05, 0.95), st.binary(max_size=300))
def test_xls_and_pdf_on_damaged_bytes(fmt, cut, tail):
    data = _converted(fmt)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"damaged.{fmt}"
        path.write_bytes(data[: int(len(data) * cut)] + tail)
        _read_or_refuse(read_table, path)


@SETTINGS
@given(st.binary(max_size=600), st.sampled_from(["", ".txt", ".csv", ".doc", ".xls", ".wps", ".et", ".pdf", ".html",
                                                 ".docx", ".xlsx", ".odt", ".ods", ".rtf", ".zip"]),
       st.sampled_from([b"", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"PK\x03\x04", b"%PDF-1.4\n", b"<html>", b"{\\rtf1"]))
def test_detect_format_on_any_bytes(data, suffix, magic):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"any{suffix}"
        path.write_bytes(magic + data)
        try:
            fmt = detect_format(path)
        except InputError as error:
            assert str(path) in str(error)
            return
        assert fmt in FORMATS
        if fmt not in ("doc", "wps", "rtf", "et", "odt", "ods"):  # LibreOffice conversions: too slow for 60 examples
            _read_or_refuse(read_table, path)
