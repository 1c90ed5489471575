"""Every format a task table is published in: one table, written as .docx and .xlsx and converted
by LibreOffice into .doc, .odt, .html, .pdf, .xls and .ods, reads to the same plan from each.

Also each format's own cases: a GBK web page, a page or document whose tasks are text, a PDF over
several pages, a scanned PDF, password-protected files, LibreOffice missing, folders and globs.
LibreOffice must be installed (scripts/setup.sh installs it): these tests fail, never skip, without it.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from office_support import SOFFICE, soffice_convert, task_rows, write_docx, write_xlsx
from respgraph.errors import InputError
from respgraph.ingest import parse_file
from respgraph.readers import detect_format, read_table, table_files

if SOFFICE is None:  # pragma: no cover - scripts/setup.sh installs LibreOffice
    pytest.fail("LibreOffice (soffice) is needed by these tests: run scripts/setup.sh", pytrace=False)


def _signature(plan):
    """What must not depend on the format: key, sections, and per task its text, leaders, units, deadline."""
    return (
        plan.key,
        plan.sections,
        [
            (t.seq, t.section, t.text, t.leaders, sorted(t.lead_units), sorted(t.co_units), sorted(g.phrase for g in t.groups), t.deadline)
            for t in plan.tasks
        ],
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The table as Word and Excel wrote it, and as LibreOffice converted it: format name → path."""
    folder = tmp_path_factory.mktemp("published")
    word, calc = folder / "word", folder / "calc"
    word.mkdir()
    calc.mkdir()
    docx_path = write_docx(word / "分解表.docx")
    xlsx_path = write_xlsx(calc / "分解表.xlsx")
    odt = soffice_convert(docx_path, "odt", word)
    files = {
        "docx": docx_path,
        "xlsx": xlsx_path,
        "odt": odt,
        # via .odt: LibreOffice 7.4 drops python-docx's tables when it writes .doc straight from .docx
        "doc": soffice_convert(odt, "doc", word),
        "rtf": soffice_convert(odt, "rtf", word),
        "html (Writer)": soffice_convert(docx_path, "html", word),
        "pdf": soffice_convert(docx_path, "pdf", word),
        "xls": soffice_convert(xlsx_path, "xls", calc),
        "ods": soffice_convert(xlsx_path, "ods", calc),
        "html (Calc)": soffice_convert(xlsx_path, "html", calc),
        "pdf (Calc)": soffice_convert(xlsx_path, "pdf", calc),
    }
    return files


CONVERTED = ["xlsx", "odt", "doc", "rtf", "html (Writer)", "pdf", "xls", "ods", "html (Calc)", "pdf (Calc)"]


@pytest.fixture(scope="module")
def from_word(published):
    return parse_file(published["docx"])


def test_the_word_table_reads_as_written(from_word):
    key, sections, tasks = _signature(from_word)
    assert key == "拱墅区-2021"
    assert sections == ["一、全力稳定经济增长", "二、深化改革开放", "三、提升城市品质"]
    written = [row for _, rows in task_rows() for row in rows]
    assert [(t[0], t[2], t[3], t[7]) for t in tasks] == [(int(r[0]), r[1], [r[2]], r[5]) for r in written]
    assert tasks[1][5] == ["区司法局", "区委宣传部"]  # 区委宣传部（区网信办）: the bracket is an alias
    assert tasks[0][6] == ["各街道"]


@pytest.mark.parametrize("fmt", CONVERTED)
def test_every_format_reads_to_the_same_plan(published, from_word, fmt):
    assert _signature(parse_file(published[fmt])) == _signature(from_word)


@pytest.mark.parametrize(
    ("fmt", "detected"),
    [("docx", "docx"), ("xlsx", "xlsx"), ("odt", "odt"), ("doc", "doc"), ("rtf", "rtf"), ("html (Writer)", "html"), ("pdf", "pdf"),
     ("xls", "xls"), ("ods", "ods"), ("html (Calc)", "html")],
)
def test_formats_are_told_by_content_not_name(published, tmp_path, fmt, detected):
    assert detect_format(published[fmt]) == detected
    renamed = tmp_path / "download.bin.txt"  # a download saved under a wrong name
    renamed.write_bytes(published[fmt].read_bytes())
    if detected not in ("html",):
        assert detect_format(renamed) == detected


def test_wps_and_et_names_go_through_libreoffice(published, tmp_path, from_word):
    wps = tmp_path / "分解表.wps"
    wps.write_bytes(published["doc"].read_bytes())
    et = tmp_path / "分解表.et"
    et.write_bytes(published["xls"].read_bytes())
    assert detect_format(wps) == "wps" and detect_format(et) == "et"
    assert _signature(parse_file(wps)) == _signature(from_word)
    assert _signature(parse_file(et)) == _signature(from_word)
    table = read_table(wps)
    assert table.source == str(wps)  # the original, not LibreOffice's temporary copy


def test_pdf_over_several_pages_with_the_header_repeated(published):
    import pdfplumber

    with pdfplumber.open(published["pdf"]) as pdf:
        pages = len(pdf.pages)
        repeated = sum("序号" in (page.extract_text() or "") for page in pdf.pages)
    assert pages >= 3 and repeated == pages
    table = read_table(published["pdf"])
    assert table.preamble == ["杭州市拱墅区人民政府办公室", "2021年拱墅区《政府工作报告》主要任务分解表"]
    tasks = [row for row in table.rows if row.heading is None]
    assert len(tasks) == 45
    assert {row.where.split(" table")[0] for row in tasks} == {f"page {n}" for n in range(1, pages + 1)}
    # wrapped lines joined again, real line breaks kept
    assert tasks[3].cells["text"] == "推进第4项重点工作，打造数字经济产业平台，建设一批重点项目，确保完成全年目标任务（含2个子项）"
    assert tasks[0].cells["co"] == "区市场监管局\n各街道"


def test_xls_dates_numbers_and_merges(tmp_path):
    import datetime

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "任务"
    sheet.append(["2022年拱墅区任务分解表"])
    sheet.merge_cells("A1:E1")
    sheet.append(["序号", "工作任务", "分管领导", "牵头单位", "完成时限"])
    sheet.append([1, "做好两件事", "王涛", "区府办", datetime.date(2022, 12, 31)])
    sheet.append([2, "推进改革", None, "区财政局", 2022])
    sheet.merge_cells("C3:C4")
    sheet.cell(3, 5).number_format = "yyyy-mm-dd"
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    xls = soffice_convert(path, "xls", tmp_path)
    table = read_table(xls)
    assert table.preamble == ["2022年拱墅区任务分解表"]
    assert [row.cells for row in table.rows] == [
        {"seq": "1", "text": "做好两件事", "leaders": "王涛", "lead": "区府办", "deadline": "2022-12-31"},
        {"seq": "2", "text": "推进改革", "leaders": "王涛", "lead": "区财政局", "deadline": "2022"},
    ]
    assert table.rows[1].where == "sheet 任务 row 4"


# --- web pages ----------------------------------------------------------------------------

GBK_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html><head>{meta}<title>拱墅区人民政府</title><script>var menu = "<table><tr><td>序号</td></tr></table>";</script>
<style>td {{ color: red }}</style></head>
<body>
<div class="top"><nav><table><tr><td>首页</td><td>政务公开</td><td>工作任务</td></tr></table></nav></div>
<table width="100%"><tr><td>
<p align="center">2021年拱墅区《政府工作报告》
主要任务分解表</p>
<table border="1">
<tr><th>序 号</th><th>主要工作内容</th><th>分管领导</th><th>牵头单位</th><th>责任单位</th></tr>
<tr><td colspan="5">一、全力稳定经济增长</td></tr>
<tr><td>1</td><td><p>地区生产总值增长7.5%左右。</p><p>确保完成全年目标</p></td><td rowspan="2">王&nbsp;涛</td><td>区发改经信局</td><td>区统计局、<br>区财政局</td></tr>
<tr><td>2</td><td>推进数字
经济</td><td>区商务局</td><td>各街道</td></tr>
<tr><td colspan="5">（二）深化改革开放</td></tr>
<tr><td>3</td><td>深化“最多跑一次”改革</td><td>张三</td><td colspan="2">区府办</td></tr>
</table>
</td></tr></table>
<footer><table><tr><td>序号</td><td>工作任务</td><td>牵头单位</td></tr><tr><td>1</td><td>版权所有</td><td>区府办</td></tr></table></footer>
</body></html>"""


@pytest.mark.parametrize("meta", ['<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />', ""])
def test_gbk_page_with_spans_breaks_and_site_furniture(tmp_path, meta):
    path = tmp_path / "page.htm"
    path.write_bytes(GBK_PAGE.format(meta=meta).encode("gbk"))
    assert detect_format(path) == "html"
    table = read_table(path)
    assert table.preamble == ["2021年拱墅区《政府工作报告》主要任务分解表"]
    assert table.columns == {"seq": "序 号", "text": "主要工作内容", "leaders": "分管领导", "lead": "牵头单位", "co": "责任单位"}
    assert [row.heading for row in table.rows if row.heading] == ["一、全力稳定经济增长", "（二）深化改革开放"]
    tasks = [row.cells for row in table.rows if row.heading is None]
    assert tasks == [
        {"seq": "1", "text": "地区生产总值增长7.5%左右。\n确保完成全年目标", "leaders": "王 涛", "lead": "区发改经信局", "co": "区统计局、\n区财政局"},
        {"seq": "2", "text": "推进数字经济", "leaders": "王 涛", "lead": "区商务局", "co": "各街道"},
        {"seq": "3", "text": "深化“最多跑一次”改革", "leaders": "张三", "lead": "区府办", "co": "区府办"},
    ]
    plan = parse_file(path)
    assert plan.key == "拱墅区-2021" and [t.leaders for t in plan.tasks] == [["王涛"], ["王涛"], ["张三"]]


TAB_LAYOUT = "\t序号\n\t工作任务\n\t牵头单位\n\t1\n\t做好两件事\n\t区府办\n\t2\n\t推进改革\n\t区财政局"


def test_page_without_a_table_is_read_as_text(tmp_path):
    path = tmp_path / "notice.html"
    page = f"<html><body><h1>2021年拱墅区任务分解</h1><table><tr><td>联系电话</td></tr></table><pre>{TAB_LAYOUT}</pre></body></html>"
    path.write_text(page, encoding="utf-8")
    table = read_table(path)
    assert table.preamble[0] == "2021年拱墅区任务分解"
    assert [row.cells for row in table.rows] == [
        {"seq": "1", "text": "做好两件事", "lead": "区府办"},
        {"seq": "2", "text": "推进改革", "lead": "区财政局"},
    ]
    with pytest.raises(InputError, match="notice.html.*no recognisable header"):
        read_table(path, layout="grid")


def test_page_with_neither_table_nor_tasks(tmp_path):
    path = tmp_path / "cover.html"
    path.write_text("<html><body><p>关于印发任务分解表的通知</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="cover.html: holds no table"):
        read_table(path)


def test_page_with_numbered_paragraphs_and_inline_units(tmp_path):
    path = tmp_path / "inline.html"
    path.write_text(
        "<html><body><p>2021年拱墅区任务分解</p><p>1. 做好两件事。（牵头单位：区府办；责任单位：区财政局）</p>"
        "<p>2. 推进改革。（牵头单位：区发改局；责任单位：各街道）</p></body></html>",
        encoding="utf-8",
    )
    table = read_table(path)
    assert [row.cells.get("lead") for row in table.rows] == ["区府办", "区发改局"]


# --- documents whose tasks are paragraphs ----------------------------------------------------


def test_word_document_without_a_task_table_is_read_as_text(tmp_path):
    document = docx.Document()
    document.add_paragraph("2021年拱墅区任务分解")
    for line in TAB_LAYOUT.split("\n"):
        document.add_paragraph(line)
    path = tmp_path / "paragraphs.docx"
    document.save(path)
    assert [row.cells["lead"] for row in read_table(path).rows] == ["区府办", "区财政局"]
    assert [row.cells["lead"] for row in read_table(path, layout="tabbed").rows] == ["区府办", "区财政局"]
    with pytest.raises(InputError, match="paragraphs.docx: contains no table"):
        read_table(path, layout="grid")
    # the same document saved by LibreOffice as .odt reads the same
    odt = soffice_convert(path, "odt", tmp_path)
    assert [row.cells["lead"] for row in read_table(odt).rows] == ["区府办", "区财政局"]


def test_text_layouts_are_refused_for_spreadsheets(published):
    with pytest.raises(InputError, match="read as a grid"):
        read_table(published["xls"], layout="tabbed")


# --- refusals with their own message ------------------------------------------------------------


def test_scanned_pdf_says_ocr_first(tmp_path):
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 400), "white")
    ImageDraw.Draw(image).rectangle((50, 50, 750, 350), outline="black", width=3)
    path = tmp_path / "scan.pdf"
    image.save(path, "PDF", resolution=100)
    with pytest.raises(InputError) as caught:
        read_table(path)
    assert caught.value.exit_code == 2
    assert "scan.pdf: has no text layer" in str(caught.value) and "(OCR) first" in str(caught.value)


def test_pdf_that_is_not_a_pdf(tmp_path):
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    with pytest.raises(InputError, match="broken.pdf: is not a readable PDF"):
        read_table(path)


def test_password_protected_pdf(tmp_path, published):
    options = '{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}'
    locked = soffice_convert(published["docx"], f"pdf:writer_pdf_Export:{options}", tmp_path)
    with pytest.raises(InputError, match=r"分解表\.pdf: is protected with a password \(an encrypted PDF\)"):
        read_table(locked)


def test_password_protected_office_files(tmp_path, published):
    from msoffcrypto.format.ooxml import OOXMLFile

    for name in ("docx", "xlsx"):
        locked = tmp_path / f"locked.{name}"
        with open(published[name], "rb") as plain, open(locked, "wb") as out:
            OOXMLFile(plain).encrypt("secret", out)
        with pytest.raises(InputError, match=rf"locked\.{name}: is protected with a password \(an encrypted Word or Excel document\)"):
            read_table(locked)


def test_password_protected_legacy_word_document(tmp_path, published):
    import olefile

    locked = tmp_path / "locked.doc"
    locked.write_bytes(published["doc"].read_bytes())
    with olefile.OleFileIO(str(locked), write_mode=True) as ole:
        fib = bytearray(ole.openstream("WordDocument").read())
        fib[0x0B] |= 0x01  # fEncrypted, bit 8 of the flags word at 0x0A
        ole.write_stream("WordDocument", bytes(fib))
    with pytest.raises(InputError, match=r"locked\.doc: is protected with a password \(an encrypted Word 97–2003 or WPS document\)"):
        read_table(locked)


MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"


def test_password_protected_opendocument(tmp_path, published):
    from lxml import etree

    locked = tmp_path / "locked.odt"
    with zipfile.ZipFile(published["odt"]) as source, zipfile.ZipFile(locked, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "META-INF/manifest.xml":  # what LibreOffice writes for content.xml saved with a password
                manifest = etree.fromstring(data)
                content = manifest.find(f'{{{MANIFEST}}}file-entry[@{{{MANIFEST}}}full-path="content.xml"]')
                etree.SubElement(content, f"{{{MANIFEST}}}encryption-data", {f"{{{MANIFEST}}}checksum-type": "SHA1/1K"})
                data = etree.tostring(manifest, xml_declaration=True, encoding="UTF-8")
            target.writestr(item, data)
    with pytest.raises(InputError, match=r"locked\.odt: is protected with a password \(an encrypted OpenDocument text\)"):
        read_table(locked)


def test_libreoffice_missing_says_how_to_install_it(published, monkeypatch):
    monkeypatch.setenv("RESPGRAPH_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(InputError) as caught:
        read_table(published["doc"])
    message = str(caught.value)
    assert caught.value.exit_code == 2
    assert "'/nonexistent/soffice' (RESPGRAPH_SOFFICE) was not found" in message
    assert "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui" in message
    monkeypatch.delenv("RESPGRAPH_SOFFICE")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(InputError, match=r"LibreOffice \(soffice\) is not installed; install LibreOffice"):
        read_table(published["ods"])


def test_libreoffice_missing_in_the_command_line(published, tmp_path):
    environment = dict(os.environ, RESPGRAPH_SOFFICE=str(tmp_path / "no-soffice"))
    done = subprocess.run(
        [sys.executable, "-m", "respgraph", "parse", str(published["doc"])], capture_output=True, text=True, env=environment
    )
    assert done.returncode == 2
    assert "libreoffice-writer-nogui" in done.stderr and "Traceback" not in done.stderr


def test_conversion_timeout_is_reported(published, monkeypatch, tmp_path):
    slow = tmp_path / "slow-soffice"
    slow.write_text("#!/bin/sh\nsleep 30\n")
    slow.chmod(0o755)
    monkeypatch.setenv("RESPGRAPH_SOFFICE", str(slow))
    monkeypatch.setenv("RESPGRAPH_SOFFICE_TIMEOUT", "1")
    with pytest.raises(InputError, match="did not finish converting it within 1 s"):
        read_table(published["doc"])


def test_libreoffice_failing_to_convert(tmp_path):
    path = tmp_path / "garbage.wps"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 20)
    with pytest.raises(InputError, match="garbage.wps: is an Office file that cannot be opened"):
        read_table(path)


# --- folders and globs ------------------------------------------------------------------------------


def test_table_files_from_folders_and_globs(tmp_path):
    for name in ["b.xlsx", "a.docx", "sub/c.pdf", "sub/notes.md", ".hidden/d.csv", "~$a.docx", "e.HTM", "readme"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "empty").mkdir()
    skipped: list = []
    found = table_files([tmp_path, tmp_path / "a.docx", tmp_path / "empty", str(tmp_path / "*.xlsx"), tmp_path / "gone.doc"], skipped)
    assert found == [tmp_path / "a.docx", tmp_path / "b.xlsx", tmp_path / "e.HTM", tmp_path / "sub" / "c.pdf", tmp_path / "gone.doc"]
    assert sorted((path.name, why.split(":")[0]) for path, why in skipped) == [
        ("empty", "the folder holds no table file"), ("notes.md", "not a table file"), ("readme", "not a table file"),
    ]
    assert table_files([str(tmp_path / "**" / "*.pdf")]) == [tmp_path / "sub" / "c.pdf"]
    assert table_files([str(tmp_path / "*.none")]) == [tmp_path / "*.none"]


def test_opendocument_declaring_a_dtd_is_refused_before_conversion(tmp_path, published):
    target = tmp_path / "dtd.ods"
    with zipfile.ZipFile(published["ods"]) as source, zipfile.ZipFile(target, "w") as new:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "content.xml":
                data = data.replace(b"<office:document-content", b'<!DOCTYPE x [<!ENTITY e "y">]><office:document-content', 1)
            new.writestr(item, data)
    with pytest.raises(InputError, match=r"dtd\.ods: declares a DTD in content\.xml"):
        read_table(target)


def test_page_saved_as_one_mime_file(tmp_path):
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    message = MIMEMultipart("related")
    message.attach(MIMEText(GBK_PAGE.format(meta=""), "html", "gb2312"))
    message.attach(MIMEText("td { color: red }", "css", "utf-8"))
    path = tmp_path / "page.mht"
    path.write_bytes(message.as_bytes())
    assert detect_format(path) == "html"
    table = read_table(path)
    assert table.preamble == ["2021年拱墅区《政府工作报告》主要任务分解表"]
    assert [row.cells["lead"] for row in table.rows if row.heading is None] == ["区发改经信局", "区商务局", "区府办"]


INLINE = "{n}. 推进第{n}项重点工作，打造数字经济产业平台，建设一批重点项目，确保完成全年目标任务。（牵头单位：区发改经信局；责任单位：区财政局、各街道）"


@pytest.fixture(scope="module")
def paragraphs_pdf(tmp_path_factory):
    """A notice whose tasks are indented paragraphs, long enough to wrap and to run onto a second page."""
    folder = tmp_path_factory.mktemp("paragraphs")
    document = docx.Document()
    document.add_paragraph("2021年拱墅区《政府工作报告》主要任务分解")
    for n in range(1, 40):
        paragraph = document.add_paragraph(INLINE.format(n=n))
        paragraph.paragraph_format.first_line_indent = docx.shared.Pt(21)
    source = folder / "notice.docx"
    document.save(source)
    return soffice_convert(source, "pdf", folder)


def test_pdf_text_is_one_paragraph_per_line(paragraphs_pdf):
    import pdfplumber

    from respgraph.readers.pdf import pdf_text

    with pdfplumber.open(paragraphs_pdf) as pdf:
        assert len(pdf.pages) >= 2
        assert max(len(line) for line in pdf.pages[0].extract_text().split("\n")) < 60  # the paragraphs wrap
    assert pdf_text(paragraphs_pdf).split("\n") == ["2021年拱墅区《政府工作报告》主要任务分解"] + [INLINE.format(n=n) for n in range(1, 40)]


def test_pdf_of_numbered_paragraphs_is_read_with_the_text_layouts(paragraphs_pdf):
    table = read_table(paragraphs_pdf)
    assert len([row for row in table.rows if row.heading is None]) == 39
    assert table.rows[-1].cells["lead"] == "区发改经信局"


def test_web_exports_named_as_office_files(published, tmp_path, from_word):
    # web systems hand out HTML tables and tab-separated text under .xls and .doc names
    page = tmp_path / "export.xls"
    page.write_bytes(published["html (Calc)"].read_bytes())
    assert detect_format(page) == "html"
    assert _signature(parse_file(page)) == _signature(from_word)
    text = tmp_path / "export2.xls"
    text.write_text("序号\t工作任务\t牵头单位\n1\t修路\t区住建局\n", encoding="gbk")
    assert detect_format(text) == "text"
    assert [row.cells for row in read_table(text).rows] == [{"seq": "1", "text": "修路", "lead": "区住建局"}]
    word_page = tmp_path / "export.doc"
    word_page.write_bytes(published["html (Writer)"].read_bytes())
    assert _signature(parse_file(word_page)) == _signature(from_word)


def test_documents_without_tasks_raise_no_table_error(tmp_path):
    from respgraph.readers import NoTableError

    letter = docx.Document()
    letter.add_paragraph("关于印发《2021年政府工作报告主要任务分解表》的通知")
    letter.add_paragraph("各街道、区政府各部门：现将任务分解表印发给你们，请认真贯彻落实。")
    word = tmp_path / "cover.docx"
    letter.save(word)
    page = tmp_path / "cover.html"
    page.write_text("<html><body><p>关于印发任务分解表的通知</p><table><tr><td>附件</td></tr></table></body></html>", encoding="utf-8")
    pdf = soffice_convert(word, "pdf", tmp_path)
    for path in (word, page, pdf):
        with pytest.raises(NoTableError) as caught:
            read_table(path)
        assert str(path) in str(caught.value) and caught.value.exit_code == 2


def test_password_protected_xls(tmp_path, published):
    import olefile

    locked = tmp_path / "locked.xls"
    locked.write_bytes(published["xls"].read_bytes())
    with olefile.OleFileIO(str(locked), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        offset = 0
        while offset + 4 <= len(stream):  # BIFF records: type, length, data
            kind, length = int.from_bytes(stream[offset:offset + 2], "little"), int.from_bytes(stream[offset + 2:offset + 4], "little")
            if kind == 0x0042:  # CODEPAGE becomes FILEPASS: what Excel writes into an encrypted workbook's globals
                stream[offset:offset + 2] = (0x002F).to_bytes(2, "little")
                break
            offset += 4 + length
        ole.write_stream("Workbook", bytes(stream))
    with pytest.raises(InputError, match=r"locked\.xls: is protected with a password \(an encrypted Excel workbook\)"):
        read_table(locked)
