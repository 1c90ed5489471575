"""Helpers for the format tests: one task table written with python-docx and openpyxl, and LibreOffice conversions.

The table has what real ones have: title lines, section headings merged
across the table, a leader merged down several rows, units on several lines
in a cell, long task texts that wrap, blanket phrases and deadlines; it is
long enough to run over several pages when printed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import docx
import openpyxl
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from openpyxl.styles import Alignment, Border, Side

TITLE = ["杭州市拱墅区人民政府办公室", "2021年拱墅区《政府工作报告》主要任务分解表"]
HEADER = ["序号", "主要工作内容", "分管领导", "牵头单位", "责任单位", "完成时限"]
SECTIONS = ["一、全力稳定经济增长", "二、深化改革开放", "三、提升城市品质"]
LEADERS = ["王涛", "张三", "李四"]
LEADS = ["区发改经信局", "区财政局", "区商务局", "区住建局", "区科技局、区数据资源局"]
COS = ["区统计局、区财政局", "区市场监管局\n各街道", "区委宣传部（区网信办）、区司法局", "区人力社保局；区教育局", ""]
#: Tasks in each section; a leader is merged down each run of three tasks.
PER_SECTION = 15

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def task_rows() -> list[tuple[str, list[list[str]]]]:
    """(section heading, rows) with rows as the cells under HEADER."""
    out = []
    seq = 0
    for number, section in enumerate(SECTIONS):
        rows = []
        for index in range(PER_SECTION):
            seq += 1
            text = f"推进第{seq}项重点工作，打造数字经济产业平台，建设一批重点项目，确保完成全年目标任务"
            if seq % 4 == 0:
                text += "（含2个子项）"
            leader = LEADERS[(number + index // 3) % len(LEADERS)]
            rows.append([str(seq), text, leader, LEADS[seq % 5], COS[seq % 5], "2021年12月" if seq % 3 else "长期"])
        out.append((section, rows))
    return out


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    properties.append(element)


def write_docx(path) -> Path:
    """The table as Word writes it: headings merged across, leaders merged down, header repeated on every page."""
    document = docx.Document()
    for line in TITLE:
        document.add_paragraph(line)
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = "Table Grid"  # ruled, as government tables are (and as a PDF table is found)
    for cell, name in zip(table.rows[0].cells, HEADER):
        cell.text = name
    _repeat_header(table.rows[0])
    for section, rows in task_rows():
        heading = table.add_row()
        merged = heading.cells[0].merge(heading.cells[-1])
        merged.text = section
        start = None
        for position, values in enumerate(rows):
            cells = table.add_row().cells
            for column, value in enumerate(values):
                if column == 2 and position % 3:
                    continue  # the leader is merged down from the first row of each three
                first, *more = value.split("\n")
                cells[column].text = first
                for line in more:
                    cells[column].add_paragraph(line)
            if position % 3 == 0:
                start = len(table.rows) - 1
            elif position % 3 == 2:
                table.cell(start, 2).merge(table.cell(len(table.rows) - 1, 2))
    document.save(path)
    return Path(path)


def write_xlsx(path) -> Path:
    """The same table as Excel holds it: headings and leaders merged, line breaks in cells, every cell ruled."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务分解"
    for line in TITLE:
        sheet.append([line])
    sheet.append(HEADER)
    first_row = sheet.max_row
    for section, rows in task_rows():
        sheet.append([section])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(HEADER))
        for position, values in enumerate(rows):
            sheet.append([int(values[0])] + [v if not (i == 1 and position % 3) else None for i, v in enumerate(values[1:])])
            if position % 3 == 2:
                sheet.merge_cells(start_row=sheet.max_row - 2, start_column=3, end_row=sheet.max_row, end_column=3)
    thin = Side(style="thin")
    for row in sheet.iter_rows(min_row=first_row, max_row=sheet.max_row, max_col=len(HEADER)):
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.column_dimensions["B"].width = 40
    for column in "DE":
        sheet.column_dimensions[column].width = 18
    for row in range(first_row + 1, sheet.max_row + 1):
        sheet.row_dimensions[row].height = 48  # tall enough for the wrapped texts (LibreOffice does not grow rows)
    sheet.print_title_rows = f"{first_row}:{first_row}"  # the header repeated on every printed page
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # printed one page wide, as such tables are
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    workbook.save(path)
    return Path(path)


def soffice_convert(source, target: str, folder) -> Path:
    """Convert with LibreOffice (its own profile, so parallel runs do not collide); the new file's path."""
    source, folder = Path(source), Path(folder)
    with tempfile.TemporaryDirectory(prefix="respgraph-test-lo-") as profile:
        subprocess.run(
            [SOFFICE, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--convert-to", target,
             "--outdir", str(folder), str(source)],
            check=True, capture_output=True, timeout=180,
        )
    extension = target.split(":")[0]
    converted = folder / f"{source.stem}.{extension}"
    assert converted.is_file(), f"LibreOffice did not write {converted}"
    return converted
