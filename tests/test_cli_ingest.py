import json

from click.testing import CliRunner

from respgraph.cli import main


def run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_version_and_help():
    assert run("--version").output.startswith("respgraph, version")
    result = run("-h")
    assert result.exit_code == 0 and "parse" in result.output and "audit" in result.output


def test_parse_json_shape(seed_path):
    result = run("parse", seed_path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    (plan,) = data["plans"]
    assert {"district", "year", "title", "source", "sections", "tasks"} <= set(plan)
    task = plan["tasks"][31]
    assert set(task) >= {"seq", "section", "text", "deadline", "leaders", "lead_units", "co_units", "groups"}
    assert task["seq"] == 32 and task["lead_units"] == ["区市场监管局", "区科技局"]
    assert plan["tasks"][0]["groups"] == ["各街道"]
    assert "各街道" not in plan["tasks"][0]["co_units"]


def test_parse_table(seed_path):
    result = run("parse", seed_path, "--format", "table")
    assert result.exit_code == 0
    assert "拱墅区-2021" in result.output and "106 tasks" in result.output


def test_overrides(seed_path):
    data = json.loads(run("parse", seed_path, "--district", "西湖区", "--year", "2022").output)
    assert data["plans"][0]["district"] == "西湖区" and data["plans"][0]["year"] == 2022


def test_audit_json(seed_path):
    result = run("audit", seed_path, "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.output)["audits"][0]
    assert report["counts"]["tasks"] == 106 and report["counts"]["leaders"] == 8
    assert report["counts"]["sections"] == 21
    kinds = {(c["kind"], c["raw"]) for c in report["corrections"]}
    assert ("typo", "区发经经信局") in kinds and ("split", "区市场监管局区科技局") in kinds
    assert ("joined", "规划资源\n拱墅分局") in kinds
    phrases = {g["phrase"]: g for g in report["groups"]}
    assert phrases["各街道"]["expands_to"] == 18 and phrases["相关街道"]["expands_to"] == 0


def test_audit_table(seed_path):
    result = run("audit", seed_path)
    assert result.exit_code == 0
    assert "区发经经信局" in result.output.replace("\n", "").replace("│", "").replace(" ", "") or "区发经经" in result.output


def test_bad_input_is_one_clear_message(tmp_path):
    result = run("parse", tmp_path / "missing.txt")
    assert result.exit_code == 2
    assert "missing.txt" in result.output and "Traceback" not in result.output
    bad = tmp_path / "t.txt"
    bad.write_text("标题\n\t序号\n\t工作任务\n\t牵头单位\n\t一\n\t做好\n\t区府办\n", encoding="utf-8")
    result = run("parse", bad)
    assert result.exit_code == 2 and "t.txt" in result.output and "序号" in result.output and "line 5" in result.output
    dup = tmp_path / "d.txt"
    dup.write_text("\t序号\n\t工作任务\n\t牵头单位\n\t1\n\t做好\n\t区府办\n\t1\n\t做好\n\t区府办\n", encoding="utf-8")
    result = run("parse", dup)
    assert result.exit_code == 2 and "appears twice" in result.output
    nohead = tmp_path / "n.txt"
    nohead.write_text("\t甲\n\t乙\n", encoding="utf-8")
    result = run("parse", nohead)
    assert result.exit_code == 2 and "header" in result.output
    nounit = tmp_path / "u.txt"
    nounit.write_text("\t序号\n\t工作任务\n\t分管领导\n\t1\n\t做好\n\t王涛\n", encoding="utf-8")
    result = run("parse", nounit)
    assert result.exit_code == 2 and "unit column" in result.output
    undecodable = tmp_path / "x.txt"
    undecodable.write_bytes(b"\t\xff\xfe\xfa\x80\x81")
    result = run("parse", undecodable)
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_single_responsible_column_first_unit_leads(tmp_path):
    path = tmp_path / "one.txt"
    path.write_text("2022年西湖区《政府工作报告》任务分解表\n\t序号\n\t工作任务\n\t责任单位\n\t1\n\t做好\n\t区教育局、区财政局，各街道\n", encoding="utf-8")
    data = json.loads(run("parse", path).output)["plans"][0]
    assert data["district"] == "西湖区" and data["year"] == 2022
    task = data["tasks"][0]
    assert task["lead_units"] == ["区教育局"] and task["co_units"] == ["区财政局"] and task["groups"] == ["各街道"]
    audit = json.loads(run("audit", path, "--format", "json").output)["audits"][0]
    assert any(c["kind"] == "lead-inferred" for c in audit["corrections"])
