"""The reading options every command shares, folders of tables, and `respgraph inspect`."""

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from respgraph.cli import main

CORPUS = Path(__file__).parent / "data" / "corpus"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def folder(tmp_path):
    for name in ("liandu-2023", "xianan-2023", "lishan-2023"):
        shutil.copy(CORPUS / f"{name}.txt", tmp_path / f"{name}.txt")
    (tmp_path / "notice.txt").write_text("关于印发重点工作的通知\n各部门：\n现将任务分解印发给你们，请认真贯彻落实。\n", encoding="utf-8")
    return tmp_path


def test_a_folder_is_read_file_by_file_and_a_cover_letter_is_skipped(folder):
    result = run("parse", folder)
    assert result.exit_code == 0, result.output
    plans = json.loads(result.stdout)["plans"]
    assert [Path(p["source"]).name for p in plans] == ["liandu-2023.txt", "lishan-2023.txt", "xianan-2023.txt"]
    assert "Skipped" in result.stderr and "notice.txt" in result.stderr and "no task table found" in result.stderr


def test_one_unreadable_file_does_not_stop_the_others(folder):
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    result = run("audit", folder, "--format", "json")
    assert result.exit_code == 2
    out = json.loads(result.stdout)
    assert len(out["audits"]) == 3
    assert [Path(f["file"]).name for f in out["failed"]] == ["broken.docx"]
    assert "broken.docx" in result.stderr and "1 of 4 table files could not be read" in result.stderr
    assert "Traceback" not in result.output


def test_strict_stops_at_the_first_failure(folder):
    (folder / "a-broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    result = run("parse", folder, "--strict")
    assert result.exit_code == 2 and "a-broken.docx" in result.stderr and result.stdout == ""


def test_a_pattern_names_the_files(folder):
    result = run("parse", str(folder / "l*.txt"))
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)["plans"]) == 2


def test_an_alias_file_applies_to_every_command_that_reads_tables(tmp_path):
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("variant,canonical\n区发改局,区发展和改革局\n", encoding="utf-8")
    table = CORPUS / "liandu-2023.txt"
    with_aliases = run("partners", "区发展和改革局", table, "--aliases", aliases, "--format", "json")
    assert with_aliases.exit_code == 0, with_aliases.output
    partners = {row["partner"] for row in json.loads(with_aliases.stdout)}
    assert "区农业农村局" in partners
    without = run("partners", "区发展和改革局", table, "--format", "json")
    assert without.exit_code == 2
    ranked = run("rank", table, "--aliases", aliases, "--format", "json")
    assert "区发展和改革局" in ranked.stdout and "区发改局" not in ranked.stdout


def test_reading_options_make_no_sense_for_plans_in_the_database():
    result = run("rank", "--source", "neo4j", "--layout", "flat")
    assert result.exit_code == 2 and "--layout" in result.output


def test_forcing_a_layout_that_does_not_fit_is_one_clear_message():
    result = run("parse", CORPUS / "liandu-2023.txt", "--layout", "labelled")
    assert result.exit_code == 2 and "liandu-2023.txt" in result.output and "Traceback" not in result.output


def test_inspect_shows_reader_layout_matches_rows_and_skipped_lines():
    result = run("inspect", CORPUS / "xialu-2020.txt")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "layout inline" in text and "Layouts tried" in text
    assert "牵头单位" in text and "责任单位" in text  # the labels matched
    assert "区卫健局" in text  # a row as read
    assert "2020年区政府重点工作责任分解" in text  # the title line


def test_inspect_a_file_with_no_table_lists_what_was_looked_for(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text("关于做好工作的通知\n请认真贯彻落实。\n", encoding="utf-8")
    result = run("inspect", letter)
    assert result.exit_code == 2
    assert "letter.txt" in result.output and "numbered paragraphs" in result.output and "关于做好工作的通知" in result.output


def test_report_on_a_folder_with_a_broken_file_still_writes_the_pack(folder, tmp_path):
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    out = tmp_path / "pack"
    result = run("report", folder, "-o", out, "--no-views")
    assert result.exit_code == 2
    assert (out / "index.html").is_file()
    assert "broken.docx" in result.stderr


def test_document_text_in_terminal_tables_is_shown_as_written(tmp_path):
    table = tmp_path / "hostile.txt"
    table.write_text("2023年临江区重点工作\n1.推进[bold]工作\x1b[31m。（牵头单位：区发改局[red]；责任单位：区\x01财政局）\n", encoding="utf-8")
    for args in (("parse", table, "--format", "table"), ("audit", table), ("inspect", table)):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x01" not in result.output
        if args[0] != "audit":  # (the audit's narrow columns wrap the name)
            assert "[red]" in result.output  # markup-like text is text, not a colour
