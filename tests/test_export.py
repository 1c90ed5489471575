"""Every table respgraph writes is formula-safe, control-character-safe and written whole or not at all."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from respgraph.cli import main
from respgraph.errors import ExportError, InputError
from respgraph.export import clean_text, format_rows, formula_safe, write_rows, write_xlsx

HOSTILE = [
    {"unit": "=HYPERLINK(\"http://evil.example\",\"x\")", "value": -3},
    {"unit": "+86 571 1234", "value": -0.25},
    {"unit": "-1+1", "value": 1.5},
    {"unit": "@SUM(A1)", "value": 0},
    {"unit": "区财政局\x1b[31m红\x01\x7f", "value": 2},
    {"unit": "\u202e局政财", "value": 7},
]

# The table file the CLI tests read: unit names a spreadsheet would run, and
# a terminal escape; the resolver keeps them as written (they are unknown names).
TABLE = (
    "序号,主要工作内容,分管领导,牵头单位,责任单位\n"
    "1,任务一,张三,=1+2局,区财政局\n"
    "2,任务二,张三,@SUM(A1)局,区财政局\n"
    "3,任务三,李四,区财政局\x1b[31m,区科技局\n"
)


@pytest.fixture
def hostile_table(tmp_path):
    path = tmp_path / "hostile.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


def test_csv_neutralises_formulas_and_keeps_negative_numbers():
    rows = list(csv.reader(io.StringIO(format_rows(HOSTILE, ["unit", "value"], "csv"))))
    assert rows[0] == ["unit", "value"]
    units = [r[0] for r in rows[1:]]
    assert units[:4] == ["'=HYPERLINK(\"http://evil.example\",\"x\")", "'+86 571 1234", "'-1+1", "'@SUM(A1)"]
    assert [r[1] for r in rows[1:]] == ["-3", "-0.25", "1.5", "0", "2", "7"]
    assert units[4] == "区财政局␛[31m红␁␡" and units[5] == "\ufffd局政财"
    for cell in units:
        assert cell[:1] not in "=+-@" and not any(ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F for ch in cell)


def test_formula_safe_leaves_numbers_and_plain_names():
    assert [formula_safe(t) for t in ("-3", "+4.5", "-1e-3", "区财政局", "")] == ["-3", "+4.5", "-1e-3", "区财政局", ""]
    assert formula_safe("\t=1") == "'\t=1" and formula_safe("-") == "'-"


def test_json_keeps_every_character_but_escapes_controls():
    text = format_rows(HOSTILE, ["unit", "value"], "json")
    assert "\x1b" not in text and "\x7f" not in text and "\u202e" not in text
    data = json.loads(text)
    assert [r["unit"] for r in data] == [r["unit"] for r in HOSTILE]  # lossless
    assert [r["value"] for r in data] == [r["value"] for r in HOSTILE]


def test_the_terminal_table_shows_controls_as_stand_ins():
    text = format_rows(HOSTILE, ["unit", "value"], "table", title="t\x1b]0;pwned\x07")
    assert "\x1b" not in text and "\x07" not in text and "\x01" not in text
    assert "␛[31m" in text and "␛]0;pwned␇" in text
    assert "=HYPERLINK" in text  # a terminal runs no formula: shown as written


def test_xlsx_cells_are_text_never_formulas_and_numbers_stay_numbers(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "t.xlsx"
    write_xlsx(path, [("Pairs: top/20", ["unit", "value"], HOSTILE, "a caption")])
    ws = load_workbook(path).active
    assert ws.title == "Pairs_ top_20"
    rows = list(ws.iter_rows(min_row=2, max_row=len(HOSTILE) + 1))
    for (unit, value), row in zip(rows, HOSTILE):
        assert unit.data_type == "s" and value.data_type == "n", (unit.value, unit.data_type)
        assert value.value == row["value"]
    assert [c[0].value for c in rows[:4]] == [r["unit"] for r in HOSTILE[:4]]  # the text itself, unchanged
    assert all(c[0].quotePrefix for c in rows[:4])  # and Excel keeps it text when the cell is edited
    assert rows[4][0].value == "区财政局␛[31m红␁␡"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice (soffice)")
def test_a_spreadsheet_program_reads_the_cells_as_text(tmp_path):
    path = tmp_path / "t.xlsx"
    write_xlsx(path, [("t", ["unit", "value"], [{"unit": "=1+2", "value": -3}, {"unit": "@SUM(1,2)", "value": 4}], None)])
    subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
    rows = list(csv.reader((tmp_path / "t.csv").read_text(encoding="utf-8").splitlines()))
    assert rows[1:] == [["=1+2", "-3"], ["@SUM(1,2)", "4"]]  # not 3: nothing was computed


def test_missing_folder_is_one_message_and_nothing_is_written(tmp_path):
    with pytest.raises(ExportError) as caught:
        write_rows(HOSTILE, ["unit", "value"], "csv", tmp_path / "no" / "such" / "out.csv")
    assert isinstance(caught.value, InputError)
    assert "does not exist" in str(caught.value) and "out.csv" in str(caught.value)
    assert list(tmp_path.iterdir()) == []


# Writes a table too big for a file-size limit of 1 KB: the disk is "full" after 1 KB.
_FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # EFBIG as an error, like ENOSPC, not a killed process
resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
from respgraph.cli import main
sys.argv = ["respgraph"] + sys.argv[1:]
main()
"""


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json", "table"])
def test_a_full_disk_leaves_the_old_file_and_no_part_file(tmp_path, seed_path, fmt):
    out = tmp_path / f"rank.{fmt}"
    out.write_text("the previous result\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", _FULL_DISK, "rank", str(seed_path), "--top", "1000", "--format", fmt, "-o", str(out)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == InputError.exit_code, done.stderr
    assert "Traceback" not in done.stderr
    assert str(out) in done.stderr and "nothing was written" in done.stderr
    assert out.read_text(encoding="utf-8") == "the previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_cli_outputs_are_safe_in_every_format(tmp_path, hostile_table):
    runner = CliRunner()
    for command in (["pairs"], ["rank"], ["workload"], ["partners", "区财政局"], ["leaders", "--units", "--role", "any"]):
        out = runner.invoke(main, [*command, str(hostile_table), "--format", "csv"])
        assert out.exit_code == 0, out.output
        cells = [cell for row in csv.reader(io.StringIO(out.output)) for cell in row]
        assert "'=1+2局" in cells or "'@SUM（A1）局" in cells or command == ["leaders", "--units", "--role", "any"]
        assert not any(cell[:1] in "=+@" for cell in cells), cells
        assert "\x1b" not in out.output
        table = runner.invoke(main, [*command, str(hostile_table)])
        assert table.exit_code == 0 and "\x1b" not in table.output
    xlsx = tmp_path / "pairs.xlsx"
    result = runner.invoke(main, ["pairs", str(hostile_table), "--format", "xlsx", "-o", str(xlsx)])
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(xlsx).active.iter_rows() for c in row]
    assert not any(c.data_type == "f" for c in cells)
    assert "=1+2局" in [c.value for c in cells]


def test_cli_output_into_a_missing_folder_is_a_clean_error(tmp_path, hostile_table):
    for args in (["pairs", str(hostile_table), "--format", "csv"], ["pairs", str(hostile_table), "--format", "xlsx"]):
        out = tmp_path / "missing" / "pairs.out"
        result = CliRunner().invoke(main, [*args, "-o", str(out)])
        assert result.exit_code == InputError.exit_code
        assert result.output.startswith(f"Error: {out}: the folder {out.parent} does not exist")
        assert "Traceback" not in result.output and not out.parent.exists()


def test_clean_text_keeps_tabs_newlines_and_chinese():
    assert clean_text("甲\t乙\n丙") == "甲\t乙\n丙"
