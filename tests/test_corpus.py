"""Real published tables (tests/data/corpus, copied from the development set) read as a careful reader would.

Each NAME.txt is a table as a district or city published it; NAME.tsv is a hand
reading.  Rows are compared the way the corpus scorer compares them: the lead
set, the co-responsible set (groups included, the lead left out) and the leaders.
"""

import csv
import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from respgraph.ingest import parse_file

CORPUS = Path(__file__).parent / "data" / "corpus"
NAMES = sorted(p.stem for p in CORPUS.glob("*.tsv"))


def norm(text):
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def split_list(text):
    out, buf, depth = [], "", 0
    for ch in text:
        if ch == "「":
            depth += 1
        elif ch == "」":
            depth -= 1
        elif ch == "、" and depth == 0:
            out.append(buf)
            buf = ""
        else:
            buf += ch
    out.append(buf)
    return {norm(x) for x in out if x.strip()}


def truth(name):
    with open(CORPUS / f"{name}.tsv", encoding="utf-8") as fh:
        rows = list(csv.reader(fh, delimiter="\t"))[1:]
    out = []
    for r in rows:
        lead = split_list(r[4])
        out.append({"seq": int(r[0]), "section": norm(r[1]), "task": norm(r[2]), "leaders": split_list(r[3]),
                    "lead": lead, "co": split_list(r[5]) - lead})
    return out


def read_as_scored(task, truth_lead):
    groups = {norm(g) for g in task["groups"]}
    lead = {norm(u) for u in task["lead_units"]} | {g for g in groups if g in truth_lead}
    co = ({norm(u) for u in task["co_units"]} | {g for g in groups if g not in truth_lead}) - lead
    return lead, co, {norm(x) for x in task["leaders"]}


def test_the_corpus_is_here():
    assert len(NAMES) == 8


@pytest.mark.parametrize("name", NAMES)
def test_every_row_of_a_published_table_is_read_right(name):
    plan = parse_file(CORPUS / f"{name}.txt")
    tasks = [t.to_dict() for t in plan.tasks]
    expected = truth(name)
    assert len(tasks) == len(expected)
    for want, got in zip(expected, tasks):
        assert got["seq"] == want["seq"]
        assert norm(got["text"]).startswith(want["task"][:8]), (got["text"], want["task"])
        lead, co, leaders = read_as_scored(got, want["lead"])
        assert (lead, co, leaders) == (want["lead"], want["co"], want["leaders"]), f"row {want['seq']}"
        assert norm(got["section"]) == want["section"], f"row {want['seq']}"


def test_the_cli_reads_the_whole_folder_as_the_scorer_does():
    from respgraph.cli import main

    result = CliRunner().invoke(main, ["parse", str(CORPUS), "--format", "json"])
    # the .tsv hand readings in the folder are not task tables: named as skipped, not failures
    assert result.exit_code == 0, result.output
    plans = json.loads(result.stdout)["plans"]
    assert sorted(Path(p["source"]).stem for p in plans) == NAMES
    assert "Skipped" in result.stderr and "liandu-2023.tsv" in result.stderr


@pytest.mark.parametrize(
    "name, layout",
    [("liandu-2023", "flat"), ("longwan-2023", "flat"), ("xianan-2023", "inline"), ("guangzhou-2006", "inline"),
     ("xialu-2020", "inline"), ("lishan-2023", "labelled"), ("chuzhou-2020", "labelled"), ("yuzhong-2023", "labelled")],
)
def test_the_audit_names_the_layout_it_used(name, layout):
    from respgraph.audit import audit_report

    report = audit_report(parse_file(CORPUS / f"{name}.txt"))
    assert report["layout"] == layout


def test_district_year_and_title_come_from_the_title_lines():
    plans = {name: parse_file(CORPUS / f"{name}.txt") for name in ("liandu-2023", "lishan-2023", "chuzhou-2020", "xianan-2023")}
    assert plans["liandu-2023"].key == "莲都区-2023"
    assert plans["lishan-2023"].title == "立山区政府2023年重点工作任务分解和责任分工方案"
    assert plans["chuzhou-2020"].district == "滁州市" and plans["chuzhou-2020"].year == 2020
    assert plans["xianan-2023"].district == "" and plans["xianan-2023"].year == 2023  # "2023年区《…》": not named


def test_a_level_prefix_written_once_is_restored_and_audited():
    plan = parse_file(CORPUS / "guangzhou-2006.txt")
    first = plan.tasks[0]
    assert first.co_units == ["市发改委", "市国土房管局", "市外经贸局", "市规划局"]
    prefixed = [e for e in plan.audit if e.kind == "prefix"]
    assert any(e.raw == "国土房管局" and e.result == "市国土房管局" for e in prefixed)
    # 黄埔区政府 names its own place: left as it is
    assert "黄埔区政府" in plan.tasks[1].co_units


def test_leader_heading_gives_the_rows_below_their_leader():
    plan = parse_file(CORPUS / "longwan-2023.txt")
    assert {tuple(t.leaders) for t in plan.tasks} == {("李丹",)}
    assert plan.tasks[4].lead_units == ["区政府办公室"] and plan.tasks[4].co_units == ["区财政局"]
    assert any(e.kind == "marker" for e in plan.audit)
