"""The .docx, .xlsx and .csv readers on documents built here, and on bad input."""

from __future__ import annotations

import datetime
import zipfile

import docx
import openpyxl
import pytest

from respgraph.errors import InputError
from respgraph.readers import read_table
from respgraph.readers.csv import read_csv
from respgraph.readers.docx import read_docx
from respgraph.readers.xlsx import read_xlsx

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
