"""The .docx, .xlsx and .csv readers on documents built here, and on bad input."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from respgraph.errors import InputError
from respgraph.readers import read_table
from respgraph.readers.csv import read_csv
from respgraph.readers.docx import read_docx
from respgraph.readers.xlsx import read_xlsx
from xlsx_support import assert_reads_as_full_load, write_package

DOCX_HEADER = ["序号", "重点工作任务", "牵头领导", "牵头部门", "配合单位", "完成时限"]


def _fill(table, row, values):
    for column, value in enumerate(values):
        table.cell(row, column).text = value


def _heading(table, row, text):
    merged = table.cell(row, 0).merge(table.cell(row, len(table.columns) - 1))
    merged.text = text


@pytest.fixture
def word_table(tmp_path):
    """Title paragraphs, a renamed header, merged headings, a merged leader, a two-paragraph cell."""
    document = docx.Document()
    document.add_paragraph("杭州市拱墅区人民政府办公室")
    document.add_paragraph("")
    document.add_paragraph("2021年拱墅区《政府工作报告》主要任务分解表")
    table = document.add_table(rows=8, cols=6)
    _fill(table, 0, DOCX_HEADER)
    _heading(table, 1, "一、全力稳定经济增长")
    _fill(table, 2, ["1", "地区生产总值增长7.5%左右。", "", "区发改经信局", "区统计局、区财政局", "2021年12月"])
    _fill(table, 3, ["2", "推进数字经济", "", "区商务局", "各街道", "2021年底"])
    table.cell(3, 1).add_paragraph("打造产业平台")
    table.cell(2, 2).merge(table.cell(3, 2)).text = "王  涛"
    _heading(table, 4, "（二）深化改革开放")
    _fill(table, 5, ["3", "深化“最多跑一次”改革", "张三", "区府办", "", ""])
    # row 6 stays empty
    _fill(table, 7, ["4", "优化营商环境", "张三", "区市场监管局", "区司法局", "长期"])
    path = tmp_path / "分解表.docx"
    document.save(path)
    return path


def test_docx_title_header_and_rows(word_table):
    table = read_docx(word_table)
    assert table.preamble == ["杭州市拱墅区人民政府办公室", "2021年拱墅区《政府工作报告》主要任务分解表"]
    assert table.columns == {
        "seq": "序号",
        "text": "重点工作任务",
        "leaders": "牵头领导",
        "lead": "牵头部门",
        "co": "配合单位",
        "deadline": "完成时限",
    }
    assert table.header_where == "table 1 row 1"
    assert [(r.where, r.heading) for r in table.rows if r.heading] == [
        ("table 1 row 2", "一、全力稳定经济增长"),
        ("table 1 row 5", "（二）深化改革开放"),
    ]
    tasks = [r for r in table.rows if not r.heading]
    assert [r.where for r in tasks] == ["table 1 row 3", "table 1 row 4", "table 1 row 6", "table 1 row 8"]
    assert tasks[0].cells == {
        "seq": "1",
        "text": "地区生产总值增长7.5%左右。",
        "leaders": "王  涛",
        "lead": "区发改经信局",
        "co": "区统计局、区财政局",
        "deadline": "2021年12月",
    }
    # the leader merged down two rows fills both; two paragraphs become two lines
    assert tasks[1].cells["leaders"] == "王  涛"
    assert tasks[1].cells["text"] == "推进数字经济\n打造产业平台"
    assert tasks[2].cells == {
        "seq": "3",
        "text": "深化“最多跑一次”改革",
        "leaders": "张三",
        "lead": "区府办",
        "co": "",
        "deadline": "",
    }
    assert read_table(word_table).rows == table.rows


def test_docx_vertical_merge_fills_every_row_it_spans(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=5, cols=4)
    _fill(table, 0, ["序号", "项目名称", "主要工作内容", "牵头单位"])
    for row, (seq, text) in enumerate([("1", "甲"), ("2", "乙"), ("3", "丙"), ("4", "丁")], start=1):
        _fill(table, row, [seq, "", text, f"单位{seq}"])
    table.cell(1, 1).merge(table.cell(3, 1)).text = "（一）经济社会发展主要预期目标"
    table.cell(4, 1).text = "（二）改革"
    path = tmp_path / "merged.docx"
    document.save(path)
    rows = read_docx(path).rows
    assert [r.cells["section"] for r in rows] == ["（一）经济社会发展主要预期目标"] * 3 + ["（二）改革"]
    assert [r.cells["text"] for r in rows] == ["甲", "乙", "丙", "丁"]
    assert all(r.heading is None for r in rows)


def test_docx_table_split_across_pages_is_concatenated(tmp_path):
    document = docx.Document()
    document.add_paragraph("主要任务分解表")
    first = document.add_table(rows=3, cols=3)
    _fill(first, 0, ["序号", "工作任务", "牵头单位"])
    _fill(first, 1, ["1", "甲", "区府办"])
    _fill(first, 2, ["2", "乙", "区财政局"])
    document.add_paragraph("（续表）")
    second = document.add_table(rows=2, cols=3)
    _fill(second, 0, ["序 号", "工作任务", "牵头单位"])  # repeated header, spaced differently
    _fill(second, 1, ["3", "丙", "区商务局"])
    third = document.add_table(rows=2, cols=3)  # no header, same width: still the same table
    _fill(third, 0, ["4", "丁", "区民政局"])
    other = document.add_table(rows=2, cols=2)  # a different table (signatures): not tasks
    _fill(other, 0, ["联系人", "电话"])
    _fill(other, 1, ["李四", "12345"])
    path = tmp_path / "split.docx"
    document.save(path)
    table = read_docx(path)
    assert [(r.cells["seq"], r.cells["text"], r.where) for r in table.rows] == [
        ("1", "甲", "table 1 row 2"),
        ("2", "乙", "table 1 row 3"),
        ("3", "丙", "table 2 row 2"),
        ("4", "丁", "table 3 row 1"),
    ]
    assert table.preamble == ["主要任务分解表"]


def test_docx_title_row_inside_the_table_goes_to_the_preamble(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    _heading(table, 0, "2021年某区主要任务分解表")
    _fill(table, 1, ["序号", "工作任务", "责任单位"])
    _fill(table, 2, ["1", "甲", "区府办"])
    path = tmp_path / "inner-title.docx"
    document.save(path)
    table = read_docx(path)
    assert table.preamble == ["2021年某区主要任务分解表"]
    assert table.header_where == "table 1 row 2"
    assert [r.cells for r in table.rows] == [{"seq": "1", "text": "甲", "co": "区府办"}]


@pytest.fixture
def excel_table(tmp_path):
    workbook = openpyxl.Workbook()
    notes = workbook.active
    notes.title = "说明"
    notes["A1"] = "本表由区府办编制"
    sheet = workbook.create_sheet("任务分解")
    sheet["A1"] = "2021年拱墅区《政府工作报告》主要任务分解表"
    sheet.merge_cells("A1:G1")
    sheet.append(["序号", "项目名称", "主要工作内容", "分管领导", "牵头单位", "责任单位", "完成时限"])
    sheet.append([1, "（一）经济社会发展主要预期目标", "地区生产总值增长7.5%左右。", "王涛", "区发改经信局",
                  "区委宣传部、\n区科技局", datetime.datetime(2021, 12, 31)])
    sheet.append([2.0, None, "城镇调查失业率\r\n控制在4%以内", None, "区人力社保局", "各街道", "2021年底"])
    sheet.append([3, None, "居民人均可支配收入增长8%", "李明", "区统计局", None, 2021])
    sheet.merge_cells("B3:B5")
    sheet.merge_cells("D3:D4")
    sheet["A6"] = "一、全力稳定经济增长"
    sheet.merge_cells("A6:G6")
    # row 7 stays empty
    sheet["A8"] = 4
    sheet["C8"] = "扩大有效投资"
    sheet["E8"] = "区发改经信局"
    path = tmp_path / "分解表.xlsx"
    workbook.save(path)
    return path


def test_xlsx_title_merges_and_values(excel_table):
    table = read_xlsx(excel_table)
    assert table.preamble == ["2021年拱墅区《政府工作报告》主要任务分解表"]
    assert table.header_where == "sheet 任务分解 row 2"
    assert table.columns == {
        "seq": "序号",
        "section": "项目名称",
        "text": "主要工作内容",
        "leaders": "分管领导",
        "lead": "牵头单位",
        "co": "责任单位",
        "deadline": "完成时限",
    }
    rows = table.rows
    assert [(r.where, r.heading) for r in rows] == [
        ("sheet 任务分解 row 3", None),
        ("sheet 任务分解 row 4", None),
        ("sheet 任务分解 row 5", None),
        ("sheet 任务分解 row 6", "一、全力稳定经济增长"),
        ("sheet 任务分解 row 8", None),
    ]
    assert rows[0].cells == {
        "seq": "1",
        "section": "（一）经济社会发展主要预期目标",
        "text": "地区生产总值增长7.5%左右。",
        "leaders": "王涛",
        "lead": "区发改经信局",
        "co": "区委宣传部、\n区科技局",
        "deadline": "2021-12-31",
    }
    assert rows[1].cells == {
        "seq": "2",
        "section": "（一）经济社会发展主要预期目标",
        "text": "城镇调查失业率\n控制在4%以内",
        "leaders": "王涛",
        "lead": "区人力社保局",
        "co": "各街道",
        "deadline": "2021年底",
    }
    # the section merged over rows 3-5 reaches row 5; the leader merged over rows 3-4 does not
    assert rows[2].cells["section"] == "（一）经济社会发展主要预期目标"
    assert rows[2].cells["leaders"] == "李明"
    assert rows[2].cells["co"] == ""
    assert rows[2].cells["deadline"] == "2021"
    assert rows[4].cells == {
        "seq": "4",
        "section": "",
        "text": "扩大有效投资",
        "leaders": "",
        "lead": "区发改经信局",
        "co": "",
        "deadline": "",
    }
    assert read_table(excel_table).rows == rows


def test_xlsx_two_row_header_under_a_merged_group_title(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["序号", "工作任务", "责任单位", None])
    sheet.append([None, None, "牵头单位", "配合单位"])
    sheet.append([1, "甲", "区府办", "区财政局"])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:B2")
    sheet.merge_cells("C1:D1")
    path = tmp_path / "two-row.xlsx"
    workbook.save(path)
    table = read_xlsx(path)
    assert table.columns == {"seq": "序号", "text": "工作任务", "lead": "牵头单位", "co": "配合单位"}
    assert [(r.where, r.cells) for r in table.rows] == [
        ("sheet Sheet1 row 3", {"seq": "1", "text": "甲", "lead": "区府办", "co": "区财政局"})
    ]


def test_csv_gbk_with_a_single_responsibility_column(tmp_path):
    text = '2021年任务分解表\r\n序号,工作任务,责任单位\r\n1,"做好\r\n两件事",区发改局、区财政局\r\n2,推进改革,\r\n'
    path = tmp_path / "gbk.csv"
    path.write_bytes(text.encode("gbk"))
    table = read_csv(path)
    assert table.preamble == ["2021年任务分解表"]
    assert table.columns == {"seq": "序号", "text": "工作任务", "co": "责任单位"}
    assert table.header_where == "row 2"
    assert [(r.where, r.cells) for r in table.rows] == [
        ("row 3", {"seq": "1", "text": "做好\n两件事", "co": "区发改局、区财政局"}),
        ("row 4", {"seq": "2", "text": "推进改革", "co": ""}),
    ]


def test_csv_utf8_bom(tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeff序号,主要工作内容,牵头单位,分管领导\n1,稳增长,区发改局,王涛\n".encode("utf-8"))
    table = read_csv(path)
    assert table.columns == {"seq": "序号", "text": "主要工作内容", "lead": "牵头单位", "leaders": "分管领导"}
    assert table.rows[0].cells == {"seq": "1", "text": "稳增长", "lead": "区发改局", "leaders": "王涛"}
    assert table.preamble == []


def test_csv_tab_delimited_with_commas_in_cells(tmp_path):
    path = tmp_path / "tabs.csv"
    path.write_text("序号\t工作任务\t牵头单位\t责任单位\n\n1\t稳增长，促发展\t区发改局\t区财政局,区统计局\n", encoding="utf-8")
    table = read_csv(path)
    assert [(r.where, r.cells) for r in table.rows] == [
        ("row 3", {"seq": "1", "text": "稳增长，促发展", "lead": "区发改局", "co": "区财政局,区统计局"})
    ]


def test_csv_semicolons_and_section_headings(tmp_path):
    path = tmp_path / "semi.csv"
    path.write_text("序号;重点任务;主责单位\n一、稳增长;;\n1;甲;区府办\n", encoding="utf-8")
    table = read_csv(path)
    assert [(r.heading, r.cells) for r in table.rows] == [
        ("一、稳增长", {}),
        (None, {"seq": "1", "text": "甲", "lead": "区府办"}),
    ]


def test_csv_row_without_text_is_passed_through(tmp_path):
    path = tmp_path / "gap.csv"
    path.write_text("序号,工作任务,牵头单位\n1,,区府办\n", encoding="utf-8")
    assert read_csv(path).rows[0].cells == {"seq": "1", "text": "", "lead": "区府办"}


# --- bad input ---------------------------------------------------------------


def _raises_naming(call, path, *fragments):
    with pytest.raises(InputError) as caught:
        call(path)
    message = str(caught.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message
    return message


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(bytes(range(256)) * 4)
    _raises_naming(read_docx, path)
    _raises_naming(read_table, path)


def test_zip_that_is_not_a_docx(tmp_path):
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a document")
    _raises_naming(read_docx, path, "not")
    _raises_naming(read_table, path)


def test_xlsx_named_docx(tmp_path, excel_table):
    path = tmp_path / "wrong.docx"
    path.write_bytes(excel_table.read_bytes())
    _raises_naming(read_docx, path, "not a Word")


def test_docx_without_a_table(tmp_path):
    document = docx.Document()
    document.add_paragraph("序号 工作任务 牵头单位")
    path = tmp_path / "prose.docx"
    document.save(path)
    _raises_naming(read_docx, path, "no table")


def test_docx_table_without_header(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    _fill(table, 0, ["姓名", "电话"])
    _fill(table, 1, ["李四", "12345"])
    path = tmp_path / "contacts.docx"
    document.save(path)
    _raises_naming(read_docx, path, "table 1", "no recognisable header", "主要工作内容", "牵头单位", "'姓名 | 电话'")


def test_docx_header_without_rows(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    _fill(table, 0, ["序号", "工作任务", "牵头单位"])
    path = tmp_path / "empty-body.docx"
    document.save(path)
    _raises_naming(read_docx, path, "header but no rows", "table 1 row 1")


def test_password_protected_xlsx(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504)
    _raises_naming(read_table, path, "password")
    _raises_naming(read_xlsx, path, "password")
    renamed = tmp_path / "locked.docx"
    renamed.write_bytes(path.read_bytes())
    _raises_naming(read_docx, renamed, "password")


def test_empty_xlsx(tmp_path):
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    _raises_naming(read_xlsx, path, "empty")


def test_xlsx_without_header(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "名单"
    workbook.active.append(["姓名", "电话"])
    workbook.active.append(["李四", 12345])
    path = tmp_path / "contacts.xlsx"
    workbook.save(path)
    _raises_naming(read_xlsx, path, "sheet 名单", "no recognisable header", "工作任务", "牵头单位")


def test_xlsx_header_without_rows(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["序号", "工作任务", "牵头单位"])
    path = tmp_path / "header-only.xlsx"
    workbook.save(path)
    _raises_naming(read_xlsx, path, "header but no rows")


def test_corrupt_xlsx(tmp_path, excel_table):
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(excel_table.read_bytes()[:600])
    _raises_naming(read_xlsx, path)
    _raises_naming(read_table, path)


def test_csv_with_undecodable_bytes(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes("序号,工作任务\n".encode("utf-8") + b"\xff\x80\xff\x80")
    _raises_naming(read_csv, path, "cannot be decoded")


def test_csv_without_header_and_empty_csv(tmp_path):
    path = tmp_path / "names.csv"
    path.write_text("姓名,电话\n李四,12345\n", encoding="utf-8")
    _raises_naming(read_csv, path, "no recognisable header", "'姓名 | 电话'")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    _raises_naming(read_csv, empty, "empty")
    header_only = tmp_path / "header-only.csv"
    header_only.write_text("序号,工作任务,牵头单位\n,,\n", encoding="utf-8")
    _raises_naming(read_csv, header_only, "header but no rows")


@pytest.mark.parametrize("reader", [read_docx, read_xlsx, read_csv, read_table])
def test_directory_and_missing_file(tmp_path, reader):
    folder = tmp_path / "folder.xlsx"
    folder.mkdir()
    _raises_naming(reader, folder, "directory")
    _raises_naming(reader, tmp_path / "missing.docx")


# --- the seed table in every format ---------------------------------------------


SEED = "seeds/gongshu-2021.txt"


def _seed_as(fmt, folder):
    """Write the seed's title, header and cells as a .docx, .xlsx or .csv document."""
    seed = read_table(SEED)
    roles = list(seed.columns)
    header = [seed.columns[role] for role in roles]
    body = [[row.cells[role] for role in roles] for row in seed.rows]
    path = folder / f"seed.{fmt}"
    if fmt == "xlsx":
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = "任务分解"
        for line in seed.preamble:
            sheet.append([line])
        sheet.append(header)
        for cells in body:
            sheet.append([int(cells[0])] + cells[1:])
        workbook.save(path)
    elif fmt == "docx":
        document = docx.Document()
        for line in seed.preamble:
            document.add_paragraph(line)
        table = document.add_table(rows=0, cols=len(header))
        for cells in [header] + body:
            # row.cells once per row: table.cell(r, c) re-walks the whole table each call
            for cell, text in zip(table.add_row().cells, cells):
                cell.text = text
        document.save(path)
    else:
        import csv

        with path.open("w", encoding="gb18030", newline="") as fh:
            writer = csv.writer(fh)
            for line in seed.preamble:
                writer.writerow([line])
            writer.writerow(header)
            writer.writerows(body)
    return seed, path


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "csv"])
def test_seed_reads_the_same_in_every_format(tmp_path, fmt):
    seed, path = _seed_as(fmt, tmp_path)
    table = read_table(path)
    assert table.columns == seed.columns
    assert table.preamble == seed.preamble
    assert [r.cells for r in table.rows] == [r.cells for r in seed.rows]
    assert len(table.rows) == 106


@pytest.mark.parametrize("fmt", ["xlsx"])
def test_seed_plan_is_the_same_from_excel(tmp_path, fmt):
    ingest = pytest.importorskip("respgraph.ingest")
    _, path = _seed_as(fmt, tmp_path)
    from_text = ingest.parse_file(SEED)
    from_excel = ingest.parse_file(path)
    assert from_excel.key == from_text.key == "拱墅区-2021"
    assert [(t.seq, t.section, t.text, t.leaders, t.links) for t in from_excel.tasks] == [
        (t.seq, t.section, t.text, t.leaders, t.links) for t in from_text.tasks
    ]


def test_xlsx_headings_merged_over_part_of_the_row_or_alone_in_the_section_column(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "表"
    sheet.append(["序号", "项目名称", "工作任务", "牵头单位", "备注"])
    sheet.append(["一、全力稳定经济增长"])  # merged over 序号..工作任务 only
    sheet.merge_cells("A2:C2")
    sheet.append([None, "数字经济"])  # the section alone on its row, not numbered like a heading
    sheet.append([1, None, "甲", "区府办", "备注不是任务"])
    sheet.append([None, None, None, None, "只有备注"])  # nothing in a role column: not a row
    sheet.append(["注：本表由区府办汇总"])
    sheet.merge_cells("A6:E6")
    path = tmp_path / "partial.xlsx"
    workbook.save(path)
    rows = read_xlsx(path).rows
    assert [(r.where, r.heading, r.cells) for r in rows] == [
        ("sheet 表 row 2", "一、全力稳定经济增长", {}),
        ("sheet 表 row 3", "数字经济", {}),
        ("sheet 表 row 4", None, {"seq": "1", "section": "", "text": "甲", "lead": "区府办"}),
    ]


def test_docx_text_in_tracked_changes_and_content_controls(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    _fill(table, 0, ["序号", "工作任务", "牵头单位"])
    _fill(table, 1, ["1", "", ""])
    # 工作任务: "推进" + tracked insertion "数字" + tracked deletion "旧" + "改革", with a tab stop in pPr
    table.cell(1, 1)._tc.remove(table.cell(1, 1)._tc.p_lst[0])
    table.cell(1, 1)._tc.append(parse_xml(
        f'<w:p {nsdecls("w")}><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        '<w:r><w:t>推进</w:t></w:r>'
        '<w:ins w:id="1" w:author="a"><w:r><w:t>数字</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="a"><w:r><w:delText>旧</w:delText></w:r></w:del>'
        '<w:r><w:t>改革</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>'
    ))
    # 牵头单位 inside a content control
    table.cell(1, 2)._tc.remove(table.cell(1, 2)._tc.p_lst[0])
    table.cell(1, 2)._tc.append(parse_xml(
        f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>区府办</w:t></w:r></w:p></w:sdtContent></w:sdt>'
    ))
    path = tmp_path / "tracked.docx"
    document.save(path)
    assert read_docx(path).rows[0].cells == {"seq": "1", "text": "推进数字改革\n第二行", "lead": "区府办"}


# --- xlsx: sheets read from their XML, checked against openpyxl's full load -------------


def test_xlsx_shared_strings_rich_text_formulas_and_stored_types(tmp_path):
    """Cells as Excel and WPS store them: shared strings (with runs and phonetic guides), cached formula results, dates."""
    strings = [
        "<si><t>2021年任务分解表</t></si>",
        "<si><t>序号</t></si>",
        '<si><t>工作任务</t><rPh sb="0" eb="2"><t>gongzuo</t></rPh><phoneticPr fontId="0"/></si>',
        "<si><r><t>牵头</t></r><r><rPr><b/></rPr><t>单位</t></r></si>",
        "<si><t>责任单位</t></si>",
        "<si><t>完成时限</t></si>",
        '<si><t xml:space="preserve">  区发改局\r\n\r\n区财政局 </t></si>',
        "<si><t>推进改革</t></si>",
        "<si><t>区统计局_x005F_x0020_</t></si>",
    ]
    body = (
        "<sheetData>"
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
        '<row r="2">' + "".join(f'<c r="{c}2" t="s"><v>{i}</v></c>' for i, c in enumerate("ABCDE", start=1)) + "</row>"
        '<row r="3"><c r="A3"><v>1</v></c>'
        '<c r="B3" t="inlineStr"><is><r><t>做好</t></r><r><rPr><i/></rPr><t>两件事</t></r></is></c>'
        '<c r="C3" t="str"><f>"区"&amp;"府办"</f><v>区府办</v></c>'
        '<c r="D3" t="s"><v>6</v></c><c r="E3" s="1"><v>44561</v></c></row>'
        # cells without a reference follow one another; a comment is no cell
        '<row r="4"><!-- 第二行 --><c><v>2.0</v></c><c t="s"><v>7</v></c><c t="b"><v>1</v></c>'
        '<c t="e"><f>NA()</f><v>#N/A</v></c><c s="2"><v>44562.5</v></c></row>'
        '<row r="5"><c r="A5"><v>3</v></c><c r="B5" t="inlineStr"><is><t>优化营商环境</t></is></c>'
        '<c r="C5" t="s"><v>8</v></c><c r="D5" t="d"><v>2021-06-30T00:00:00</v></c><c r="E5" s="3"><v>1.5</v></c></row>'
        "</sheetData>"
        '<autoFilter ref="A2:E5"/><mergeCells count="1"><mergeCell ref="A1:E1"/></mergeCells>'
        '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
    )
    path = write_package(tmp_path / "wps.xlsx", [("任务", "visible", body)], strings=strings)
    table = read_xlsx(path)
    assert table.preamble == ["2021年任务分解表"]
    assert table.columns == {"seq": "序号", "text": "工作任务", "lead": "牵头单位", "co": "责任单位", "deadline": "完成时限"}
    assert [(r.where, r.cells) for r in table.rows] == [
        ("sheet 任务 row 3", {"seq": "1", "text": "做好两件事", "lead": "区府办", "co": "区发改局\n区财政局", "deadline": "2021-12-31"}),
        ("sheet 任务 row 4", {"seq": "2", "text": "推进改革", "lead": "TRUE", "co": "#N/A", "deadline": "2022-01-01 12:00"}),
        ("sheet 任务 row 5", {"seq": "3", "text": "优化营商环境", "lead": "区统计局_x0020_", "co": "2021-06-30", "deadline": "1 day, 12:00:00"}),
    ]
    assert assert_reads_as_full_load(path) == table


@pytest.mark.parametrize(("date1904", "expected"), [(False, "2021-12-31"), (True, "2026-01-01")])
def test_xlsx_dates_in_the_1904_calendar(tmp_path, date1904, expected):
    body = (
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>工作任务</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>完成时限</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>甲</t></is></c><c r="B2" s="1"><v>44561</v></c></row></sheetData>'
    )
    path = write_package(tmp_path / "mac.xlsx", [("Sheet1", "visible", body)], date1904=date1904)
    assert read_xlsx(path).rows[0].cells["deadline"] == expected
    assert_reads_as_full_load(path)


def test_xlsx_merges_on_the_second_visible_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    old = workbook.active
    old.title = "旧表"  # first in the workbook, but hidden: read only when no visible sheet has a header
    old.append(["序号", "工作任务", "牵头单位"])
    old.append([1, "旧任务", "区府办"])
    old.sheet_state = "hidden"
    notes = workbook.create_sheet("说明")
    notes.append(["填表说明：责任单位用顿号分隔"])
    notes.merge_cells("A1:D3")
    tasks = workbook.create_sheet("任务")
    tasks.append(["序号", "项目名称", "工作任务", "分管领导", "牵头单位"])
    tasks.append([1, "（一）稳增长", "甲", "王涛", "区发改局"])
    tasks.append([2, None, "乙", None, "区财政局"])
    tasks.append([3, None, "丙", "李明", "区统计局"])
    tasks.append(["二、促改革"])
    tasks.append([4, "（二）深化改革", "丁", "李明", "区府办"])
    tasks.merge_cells("B2:B4")
    tasks.merge_cells("D2:D3")
    tasks.merge_cells("A5:E5")
    path = tmp_path / "three-sheets.xlsx"
    workbook.save(path)
    table = read_xlsx(path)
    assert table.header_where == "sheet 任务 row 1"
    assert [(r.where, r.heading, r.cells.get("section"), r.cells.get("leaders")) for r in table.rows] == [
        ("sheet 任务 row 2", None, "（一）稳增长", "王涛"),
        ("sheet 任务 row 3", None, "（一）稳增长", "王涛"),
        ("sheet 任务 row 4", None, "（一）稳增长", "李明"),
        ("sheet 任务 row 5", "二、促改革", None, None),
        ("sheet 任务 row 6", None, "（二）深化改革", "李明"),
    ]
    assert assert_reads_as_full_load(path) == table
    # with no visible header, the hidden sheet is the table
    del workbook["任务"]
    workbook.save(path)
    assert [(r.where, r.cells["text"]) for r in read_xlsx(path).rows] == [("sheet 旧表 row 2", "旧任务")]
    assert_reads_as_full_load(path)


def test_xlsx_merges_spanning_the_header(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2021年任务分解表"])
    sheet.append([])
    sheet.append(["序号", "工作任务", "责任单位", None, "完成时限"])
    sheet.append([None, None, "牵头单位", "配合单位", None])
    sheet.append([1, "甲", "区府办", "区财政局", "2021年底"])
    sheet.append([2, "乙", None, "区统计局", "长期"])
    sheet.merge_cells("A1:E2")  # the title, two rows high, over every column
    for column in "ABE":
        sheet.merge_cells(f"{column}3:{column}4")  # header cells merged down over the second header row
    sheet.merge_cells("C3:D3")
    sheet.merge_cells("C5:C6")
    path = tmp_path / "header.xlsx"
    workbook.save(path)
    table = read_xlsx(path)
    assert table.preamble[0] == "2021年任务分解表"
    assert table.header_where == "sheet Sheet row 3"
    assert table.columns == {"seq": "序号", "text": "工作任务", "lead": "牵头单位", "co": "配合单位", "deadline": "完成时限"}
    assert [r.cells for r in table.rows] == [
        {"seq": "1", "text": "甲", "lead": "区府办", "co": "区财政局", "deadline": "2021年底"},
        {"seq": "2", "text": "乙", "lead": "区府办", "co": "区统计局", "deadline": "长期"},
    ]
    assert assert_reads_as_full_load(path) == table


_HEADER_ROW = '<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>工作任务</t></is></c></row>'


def test_xlsx_sheets_without_a_merge_cells_element(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["序号", "工作任务", "牵头单位"])
    workbook.active.append([1, "甲", "区府办"])
    path = tmp_path / "plain.xlsx"
    workbook.save(path)
    with zipfile.ZipFile(path) as archive:
        assert b"mergeCell" not in archive.read("xl/worksheets/sheet1.xml")
    assert [r.cells for r in read_xlsx(path).rows] == [{"seq": "1", "text": "甲", "lead": "区府办"}]
    body = (
        "<sheetData>" + _HEADER_ROW + '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>甲</t></is></c></row>'
        '</sheetData><mergeCells count="0"/>'
    )
    empty = write_package(tmp_path / "empty-merges.xlsx", [("Sheet1", "visible", body)])
    assert [r.cells for r in read_xlsx(empty).rows] == [{"seq": "1", "text": "甲"}]
    assert_reads_as_full_load(empty)




@pytest.mark.parametrize(
    ("body", "strings", "fragment"),
    [
        ("<sheetData>" + _HEADER_ROW + '<row r="2"><c r="A2"><v>1</v></row></sheetData>', None, "damaged XML"),
        ("<sheetData>" + _HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>3</v></c></row></sheetData>', ["<si><t>甲</t></si>"], "IndexError"),
        ("<sheetData>" + _HEADER_ROW + '<row r="2"><c r="2A"><v>1</v></c></row></sheetData>', None, "2A"),
        ("<sheetData>" + _HEADER_ROW + '</sheetData><mergeCells><mergeCell ref="A1:"/></mergeCells>', None, "A1:"),
    ],
    ids=["unclosed-element", "shared-string-missing", "bad-cell-reference", "bad-merge-range"],
)
def test_xlsx_damaged_sheets(tmp_path, body, strings, fragment):
    path = write_package(tmp_path / "damaged.xlsx", [("Sheet1", "visible", body)], strings=strings)
    _raises_naming(read_xlsx, path, fragment)
    assert_reads_as_full_load(path)


def test_xlsx_damaged_part_and_missing_part(tmp_path):
    body = "<sheetData>" + _HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>甲乙丙</t></is></c></row></sheetData>'
    path = write_package(tmp_path / "stored.xlsx", [("Sheet1", "visible", body)], compression=zipfile.ZIP_STORED)
    data = path.read_bytes()
    path.write_bytes(data.replace("甲乙丙".encode(), "甲乙丁".encode()))  # the sheet's checksum no longer matches
    _raises_naming(read_xlsx, path, "damaged")
    assert_reads_as_full_load(path)
    # a sheet the workbook lists but the package lacks is skipped, as openpyxl skips it
    whole = write_package(tmp_path / "whole.xlsx", [("Sheet1", "visible", body)])
    missing = tmp_path / "missing.xlsx"
    with zipfile.ZipFile(missing, "w") as target, zipfile.ZipFile(whole) as source:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item))
    _raises_naming(read_xlsx, missing, "empty")
    assert_reads_as_full_load(missing)


def test_xlsx_file_is_closed_after_reading(tmp_path, excel_table):
    import psutil

    damaged = write_package(tmp_path / "damaged.xlsx", [("Sheet1", "visible", "<sheetData><row>")])
    read_xlsx(excel_table)
    with pytest.raises(InputError):
        read_xlsx(damaged)
    open_now = {Path(f.path) for f in psutil.Process().open_files()}
    assert excel_table not in open_now and damaged not in open_now


_TASK_SHEET = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>工作任务</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>牵头单位</t></is></c></row>'
    '<row r="2"><c r="A2"><v>1</v></c><c r="B2" t="inlineStr"><is><t>修路</t></is></c>'
    '<c r="C2" t="inlineStr"><is><t>区住建局</t></is></c></row>'
)


def _rewrite_parts(source, target, change):
    """Copy an .xlsx package, passing each part's text through ``change(name, text)``."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            new.writestr(item, change(item.filename, old.read(item).decode("utf-8")))
    return target


def test_xlsx_merge_down_a_whole_column_fills_only_the_rows_there_are(tmp_path):
    # C2:C1048576: filling every row of the range would build a million rows
    body = f'<sheetData>{_TASK_SHEET}</sheetData><mergeCells count="1"><mergeCell ref="C2:C1048576"/></mergeCells>'
    table = read_xlsx(write_package(tmp_path / "column.xlsx", [("任务", "visible", body)]))
    assert [(row.where, row.cells) for row in table.rows] == [("sheet 任务 row 2", {"seq": "1", "text": "修路", "lead": "区住建局"})]


def test_xlsx_in_strict_open_xml_is_refused_by_name(tmp_path):
    plain = write_package(tmp_path / "plain.xlsx", [("任务", "visible", f"<sheetData>{_TASK_SHEET}</sheetData>")])
    strict = _rewrite_parts(
        plain, tmp_path / "strict.xlsx",
        lambda name, text: text.replace("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                                        "http://purl.oclc.org/ooxml/spreadsheetml/main"),
    )
    with pytest.raises(InputError, match=r"strict\.xlsx: is saved as Strict Open XML.*ordinary Excel Workbook"):
        read_xlsx(strict)


def test_xlsx_declaring_a_dtd_is_refused_not_read_cut_short(tmp_path):
    # with entities off (an untrusted file), 修&e;路 would read as 修
    body = f"<sheetData>{_TASK_SHEET.replace('修路', '修&e;路')}</sheetData>"
    plain = write_package(tmp_path / "plain.xlsx", [("任务", "visible", body)])

    def declare(name, text):
        if name == "xl/worksheets/sheet1.xml":
            start = text.index("<worksheet")
            return text[:start] + '<!DOCTYPE worksheet [<!ENTITY e "X">]>' + text[start:]
        return text

    with pytest.raises(InputError, match=r"dtd\.xlsx: declares a DTD in xl/worksheets/sheet1\.xml"):
        read_xlsx(_rewrite_parts(plain, tmp_path / "dtd.xlsx", declare))
