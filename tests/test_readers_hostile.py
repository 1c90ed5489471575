"""Readers under hostile input: entities and DTDs, zip bombs, cell floods, open quotes, FIFOs and devices.

Each refusal is an InputError naming the file, and a limit's message names the variable that raises it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
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
from xlsx_support import write_package

TASKS = [["序号", "工作任务", "牵头单位"], ["1", "修路", "区住建局"], ["2", "建桥", "区交通局"]]


def _docx(path) -> Path:
    document = docx.Document()
    table = document.add_table(rows=len(TASKS), cols=3)
    for r, row in enumerate(TASKS):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.save(path)
    return Path(path)


def _xlsx(path) -> Path:
    workbook = openpyxl.Workbook()
    for row in TASKS:
        workbook.active.append(row)
    workbook.save(path)
    return Path(path)


def _rewrite(source, target, change) -> Path:
    """Copy a package, passing each part's text through change(name, text)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.endswith((".xml", ".rels")):
                data = change(item.filename, data.decode("utf-8")).encode("utf-8")
            new.writestr(item.filename, data)
    return Path(target)


def _declare(part, entity_text="X", padding=0):
    """A change() that puts a DTD with an entity before the part's root, after ``padding`` bytes of comment."""

    def change(name, text):
        if name != part:
            return text
        body = text.split("?>", 1)[1] if text.startswith("<?xml") else text
        root = body.index("<", body.index("<") if not body.lstrip().startswith("<!--") else 0)
        comment = f"<!--{'x' * padding}-->" if padding else ""
        root_name = body[root + 1 :].split(" ", 1)[0].split(">", 1)[0]
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + comment
                + f'<!DOCTYPE {root_name} [<!ENTITY e "{entity_text}">]>' + body[root:].replace("修路", "修&e;路"))

    return change


# --- DTDs and entities, wherever they sit ---------------------------------------------------------------


def test_docx_entity_in_the_document_is_refused(tmp_path):
    path = _rewrite(_docx(tmp_path / "plain.docx"), tmp_path / "entity.docx", _declare("word/document.xml"))
    with pytest.raises(InputError, match=r"entity\.docx: declares a DTD in word/document\.xml"):
        read_docx(path)
    with pytest.raises(InputError, match=r"entity\.docx: declares a DTD"):
        read_table(path)


@pytest.mark.parametrize("part", ["xl/worksheets/sheet1.xml", "xl/workbook.xml", "docProps/app.xml", "[Content_Types].xml"])
def test_xlsx_dtd_after_4_kb_or_in_any_part_is_refused(tmp_path, part):
    path = _rewrite(_xlsx(tmp_path / "plain.xlsx"), tmp_path / "dtd.xlsx", _declare(part, padding=5000))
    with pytest.raises(InputError, match=rf"dtd\.xlsx: declares a DTD in {part.replace('[', '.').replace(']', '.')}"):
        read_xlsx(path)


def test_dtd_in_utf16_part_is_refused(tmp_path):
    plain = _xlsx(tmp_path / "plain.xlsx")
    target = tmp_path / "utf16.xlsx"
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename == "docProps/core.xml":
                text = data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
                start = text.index("<cp:")
                text = text[:start] + '<!DOCTYPE x [<!ENTITY a "b">]>' + text[start:]
                data = text.encode("utf-16")
            new.writestr(item.filename, data)
    with pytest.raises(InputError, match=r"declares a DTD in docProps/core\.xml"):
        read_xlsx(target)


def test_html_entity_declaration_is_refused_and_doctype_allowed(tmp_path):
    page = tmp_path / "page.html"
    page.write_text('<!DOCTYPE html [<!ENTITY e "区府办">]><html><body><table><tr><td>序号</td><td>工作任务</td>'
                    "<td>牵头单位</td></tr><tr><td>1</td><td>修路</td><td>&e;</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match=r"page\.html: declares an entity"):
        read_table(page)
    ordinary = tmp_path / "ordinary.html"
    ordinary.write_text('<!DOCTYPE html PUBLIC "-//W3C//DTD HTML 4.01//EN"><html><body><table><tr><td>序号</td><td>工作任务</td>'
                        "<td>牵头单位</td></tr><tr><td>1</td><td>修路&amp;建桥</td><td>区府办</td></tr></table></body></html>",
                        encoding="utf-8")
    assert read_table(ordinary).rows[0].cells["text"] == "修路&建桥"


# --- size bombs ----------------------------------------------------------------------------------------------------


def test_docx_expanding_beyond_the_limit_is_refused_before_parsing(tmp_path):
    # 200 MB of XML in a package of a few hundred KB: refused from the sizes the entries declare
    plain = _docx(tmp_path / "plain.docx")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(plain) as old, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            if item.filename == "word/document.xml":
                text = old.read(item).decode("utf-8")
                head, tail = text.split("</w:body>")
                with new.open("word/document.xml", "w", force_zip64=True) as part:
                    part.write(head.encode("utf-8"))
                    block = b"<w:p/>" * (1 << 20)  # 6 MB
                    for _ in range(34):
                        part.write(block)
                    part.write(("</w:body>" + tail).encode("utf-8"))
            else:
                new.writestr(item, old.read(item))
    assert bomb.stat().st_size < 2_000_000
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(InputError) as caught:
        read_table(bomb)
    assert "bomb.docx: expands to 205 MB, above the 150 MB limit" in str(caught.value)
    assert "set RESPGRAPH_MAX_EXPANDED_MB to a larger number" in str(caught.value)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 100_000  # KiB: nothing was expanded


def test_expanded_limit_can_be_raised(tmp_path, monkeypatch):
    path = _xlsx(tmp_path / "small.xlsx")
    monkeypatch.setenv("RESPGRAPH_MAX_EXPANDED_MB", "1")
    read_xlsx(path)
    big = tmp_path / "big.xlsx"
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{"长" * 200}</t></is></c></row>' for n in range(1, 3000))
    write_package(big, [("表", "visible", f"<sheetData>{rows}</sheetData>")])
    with pytest.raises(InputError, match=r"big\.xlsx: expands to 2 MB, above the 1 MB limit.*RESPGRAPH_MAX_EXPANDED_MB"):
        read_xlsx(big)
    monkeypatch.setenv("RESPGRAPH_MAX_EXPANDED_MB", "10")
    with pytest.raises(InputError, match="no recognisable header"):
        read_xlsx(big)


def test_shared_string_flood_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("RESPGRAPH_MAX_CELLS", "1000")
    path = write_package(
        tmp_path / "strings.xlsx", [("表", "visible", "<sheetData/>")], strings=["<si><t/></si>"] * 5000,
    )
    with pytest.raises(InputError, match=r"strings\.xlsx, xl/sharedStrings\.xml: holds more than 1,000 cells.*RESPGRAPH_MAX_CELLS"):
        read_xlsx(path)


@pytest.mark.parametrize("fmt", ["xlsx", "html", "docx"])
def test_cell_flood_is_refused(tmp_path, monkeypatch, fmt):
    rows = [["序号", "工作任务", "牵头单位"]] + [[str(n), "修路", "区住建局"] for n in range(1, 500)]
    path = tmp_path / f"flood.{fmt}"
    if fmt == "xlsx":
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        workbook.save(path)
    elif fmt == "html":
        path.write_text("<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows) + "</table>",
                        encoding="utf-8")
    else:
        document = docx.Document()
        table = document.add_table(rows=0, cols=3)
        for row in rows:
            for cell, text in zip(table.add_row().cells, row):
                cell.text = text
        document.save(path)
    assert len(read_table(path).rows) == 499
    monkeypatch.setenv("RESPGRAPH_MAX_CELLS", "1000")
    with pytest.raises(InputError, match=rf"flood\.{fmt}.*holds more than 1,000 cells.*RESPGRAPH_MAX_CELLS"):
        read_table(path)


def test_merged_range_flood_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("RESPGRAPH_MAX_CELLS", "10000")
    rows = '<row r="1"><c r="A1" t="inlineStr"><is><t>序号</t></is></c><c r="B1" t="inlineStr"><is><t>工作任务</t></is></c></row>'
    rows += "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x</t></is></c></row>' for n in range(3, 500, 2))
    merges = "".join(f'<mergeCell ref="A{n}:IV{n + 1}"/>' for n in range(1, 499, 2))
    path = write_package(tmp_path / "merges.xlsx", [("表", "visible", f"<sheetData>{rows}</sheetData><mergeCells>{merges}</mergeCells>")])
    with pytest.raises(InputError, match=r"merges\.xlsx, merged cells: holds more than 10,000 cells"):
        read_xlsx(path)


def test_a_bad_limit_value_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("RESPGRAPH_MAX_CELLS", "lots")
    with pytest.raises(InputError, match="RESPGRAPH_MAX_CELLS='lots' is not a positive whole number"):
        read_xlsx(_xlsx(tmp_path / "t.xlsx"))


# --- CSV quotes ------------------------------------------------------------------------------------------------------


def test_csv_quote_never_closed_is_reported_with_its_line(tmp_path):
    path = tmp_path / "open.csv"
    path.write_text('标题\n序号,工作任务,牵头单位\n1,修路,区住建局\n2,"建桥,区交通局\n3,改革,区发改局\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_csv(path)
    assert str(caught.value).startswith(f'{path}, line 4: a quote (") opens a cell here that is never closed')
    assert "lines 4–5" in str(caught.value)
    closed = tmp_path / "closed.csv"
    closed.write_text('序号,工作任务,牵头单位\n1,"修路\n架桥",区住建局\n2,"他说""好""",区交通局\n', encoding="utf-8")
    assert [row.cells["text"] for row in read_csv(closed).rows] == ["修路\n架桥", '他说"好"']


# --- only regular files, within a size ----------------------------------------------------------------------------


def _in_a_thread(call, seconds=10):
    """Run call() in a thread and return what it raised; fail if it does not return in time (it would hang)."""
    outcome = {}

    def run():
        try:
            call()
        except BaseException as error:  # noqa: BLE001 - handed back to the test
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "the reader blocked"
    return outcome.get("error")


def test_fifo_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "tasks.txt"
    os.mkfifo(fifo)
    error = _in_a_thread(lambda: read_table(fifo))
    assert isinstance(error, InputError) and "tasks.txt: is a named pipe (FIFO), not a regular file" in str(error)


def test_link_to_dev_zero_is_refused(tmp_path):
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    error = _in_a_thread(lambda: read_table(link))
    assert isinstance(error, InputError) and "zero.txt: is a device, not a regular file" in str(error)


def test_file_above_the_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:
        fh.truncate(3 * 2**20)  # sparse: costs no disk
    monkeypatch.setenv("RESPGRAPH_MAX_FILE_MB", "2")
    with pytest.raises(InputError, match=r"huge\.csv: is 3 MB, above the 2 MB limit.*RESPGRAPH_MAX_FILE_MB"):
        read_table(path)


def test_refusals_reach_the_command_line_as_one_message(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = subprocess.run([sys.executable, "-m", "respgraph", "parse", str(fifo)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr
