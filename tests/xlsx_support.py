"""Helpers for the .xlsx reader tests: an oracle built on openpyxl's full load, and hand-written packages.

:func:`full_load_table` reads a workbook the way ``read_xlsx`` did before it
parsed sheets itself: ``openpyxl.load_workbook(data_only=True)`` builds every
cell and the merged ranges, and the grid, header and rows follow from them.
``read_xlsx`` must return the same table, or fail where it fails.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import openpyxl

from respgraph.errors import InputError
from respgraph.readers._layout import (
    clean_cell,
    GridRow,
    workbook_table,
)
from respgraph.readers.base import RawTable
from respgraph.readers.xlsx import MAX_COLUMNS, cell_text, read_xlsx

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _full_load_grid(sheet) -> list[GridRow]:
    values: dict[tuple[int, int], str] = {}
    for row in sheet.iter_rows():
        for cell in row:
            if cell.column <= MAX_COLUMNS and cell.value is not None:
                # clean_cell for strings, not cell_text's shortcut, so the shortcut is checked too
                text = clean_cell(cell.value) if isinstance(cell.value, str) else cell_text(cell.value)
                if text:
                    values[(cell.row, cell.column)] = text
    inherited: set[tuple[int, int]] = set()
    # Overlapping ranges (which Excel refuses to draw): the range that starts first in
    # reading order fills a cell both cover, and a range whose top-left cell another range
    # covers has no value; openpyxl keeps the ranges in a set, in no particular order.
    ranges = sorted(sheet.merged_cells.ranges, key=lambda merged: (merged.min_row, merged.min_col))
    tops = [values.get((merged.min_row, merged.min_col)) for merged in ranges]
    filled: set[tuple[int, int]] = set()
    for merged, top in zip(ranges, tops):
        if not top:
            continue
        for row in range(merged.min_row, merged.max_row + 1):
            for column in range(merged.min_col, min(merged.max_col, MAX_COLUMNS) + 1):
                if (row, column) in filled:
                    continue
                filled.add((row, column))
                values[(row, column)] = top
                if row > merged.min_row:
                    inherited.add((row, column))
    by_row: dict[int, dict[int, str]] = {}
    for (row, column), text in values.items():
        by_row.setdefault(row, {})[column] = text
    return [
        GridRow(
            [by_row[row].get(column, "") for column in range(1, max(by_row[row]) + 1)],
            f"sheet {sheet.title} row {row}",
            frozenset(column - 1 for column in range(1, max(by_row[row]) + 1) if (row, column) in inherited),
        )
        for row in sorted(by_row)
    ]


def full_load_table(path) -> RawTable:
    """The table as openpyxl's full load shows it; InputError where no table is found."""
    with open(path, "rb") as fh, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        workbook = openpyxl.load_workbook(fh, data_only=True)
    sheets = sorted(workbook.worksheets, key=lambda sheet: sheet.sheet_state != "visible")
    return workbook_table(path, [(sheet.title, lambda sheet=sheet: _full_load_grid(sheet)) for sheet in sheets])


def assert_reads_as_full_load(path) -> RawTable | None:
    """read_xlsx gives openpyxl's table, or the same InputError, or refuses what openpyxl cannot load."""
    try:
        expected = full_load_table(path)
    except InputError as error:
        expected = error
    except Exception:  # openpyxl cannot load the file at all
        expected = None
    try:
        got = read_xlsx(path)
    except InputError as error:
        got = error
    if isinstance(expected, RawTable):
        assert got == expected
        return got
    assert isinstance(got, InputError), f"openpyxl refuses the file, read_xlsx returned {got!r}"
    assert str(path) in str(got)
    if expected is not None:
        assert str(got) == str(expected)
    return None


# --- packages written by hand ---------------------------------------------------------

# Cell styles: 0 general, 1 a date (built-in format 14), 2 a custom date and time, 3 a duration ([h]:mm:ss).
STYLES = f"""<styleSheet xmlns="{MAIN}">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot; h:mm"/></numFmts>
<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>
<fills count="1"><fill><patternFill patternType="none"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="46" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""


def write_package(path, sheets, *, strings=None, styles=STYLES, date1904=False, compression=zipfile.ZIP_DEFLATED) -> Path:
    """Write an .xlsx package from XML fragments, as other programs (Excel, WPS) write them.

    ``sheets`` is a list of ``(name, state, body)``, ``body`` being what goes
    inside ``<worksheet>`` (``<sheetData>…</sheetData>`` and whatever
    follows); ``strings`` the ``<si>`` items of the shared string table.
    """
    path = Path(path)
    overrides = [("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")]
    relations = []
    entries = []
    parts = {}
    for number, (name, state, body) in enumerate(sheets, start=1):
        part = f"worksheets/sheet{number}.xml"
        parts[f"xl/{part}"] = f'<worksheet xmlns="{MAIN}" xmlns:r="{RELS}">{body}</worksheet>'
        overrides.append((f"/xl/{part}", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"))
        relations.append((f"rId{number}", f"{RELS}/worksheet", part))
        entries.append(f'<sheet name="{name}" sheetId="{number}" state="{state}" r:id="rId{number}"/>')
    if strings is not None:
        parts["xl/sharedStrings.xml"] = f'<sst xmlns="{MAIN}" count="{len(strings)}">{"".join(strings)}</sst>'
        overrides.append(("/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"))
        relations.append(("rIdStrings", f"{RELS}/sharedStrings", "sharedStrings.xml"))
    if styles is not None:
        parts["xl/styles.xml"] = styles
        overrides.append(("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"))
        relations.append(("rIdStyles", f"{RELS}/styles", "styles.xml"))
    workbook_pr = '<workbookPr date1904="1"/>' if date1904 else ""
    parts["xl/workbook.xml"] = f'<workbook xmlns="{MAIN}" xmlns:r="{RELS}">{workbook_pr}<sheets>{"".join(entries)}</sheets></workbook>'
    package_rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts["xl/_rels/workbook.xml.rels"] = f'<Relationships xmlns="{package_rels}">' + "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in relations
    ) + "</Relationships>"
    parts["_rels/.rels"] = (
        f'<Relationships xmlns="{package_rels}"><Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
        + "</Types>"
    )
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + text)
    return path
