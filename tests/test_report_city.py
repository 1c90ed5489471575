"""A briefing for a city: a pack per district and an index that compares the districts."""

import csv
import html

from click.testing import CliRunner

from plans_support import write_plans
from respgraph.cli import main
from respgraph.graphs import coordination_graph
from respgraph.ingest import parse_file
from respgraph.model import Plan, Task
from respgraph.report import build_report


def read_csv(path):
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def test_report_of_two_districts_writes_a_pack_each_and_a_comparing_index(tmp_path):
    (tmp_path / "tables").mkdir()
    paths = write_plans(tmp_path / "tables")
    out = tmp_path / "pack"
    result = CliRunner().invoke(main, ["report", str(tmp_path / "tables"), "-o", str(out), "--no-views"])
    assert result.exit_code == 0, result.output
    # one pack per district; 临江区's holds both of its years
    assert (out / "临江区" / "index.html").is_file() and (out / "滨河区" / "index.html").is_file()
    linjiang_index = (out / "临江区" / "index.html").read_text(encoding="utf-8")
    assert "临江区-2021" in linjiang_index and "临江区-2022" in linjiang_index
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="临江区/index.html"' in index and 'href="滨河区/index.html"' in index
    assert "<script" not in index
    # the measures side by side, districts as columns, figures equal to each district's own network
    rows = {r["measure"]: r for r in read_csv(out / "districts.csv")}
    binhe = parse_file(paths["binhe-1"])
    assert int(rows["units"]["滨河区"]) == len(coordination_graph([binhe]))
    assert int(rows["tasks"]["滨河区"]) == len(binhe.tasks)
    # 区住建局 and 区财政局 are each district's own, compared side by side
    shared = {r["unit"]: r for r in read_csv(out / "shared_units.csv")}
    assert shared["区住建局"]["districts"] == "2" and shared["区住建局"]["临江区"] and shared["区住建局"]["滨河区"]


def test_one_district_keeps_the_single_pack(tmp_path, seed_plan):
    report = build_report([seed_plan], tmp_path / "pack", views=False)
    assert (tmp_path / "pack" / "coordinators.csv").is_file() and not (tmp_path / "pack" / "districts.csv").exists()
    assert "coordinators" in report.tables


def test_district_names_are_text_in_the_city_index(tmp_path):
    evil = '<img src=x onerror=alert(1)>区'
    plans = [Plan(evil, 2023, "t", "a", tasks=[Task(1, "一", "x", [], ["区财政局"], ["区住建局"])]),
             Plan("乙区", 2023, "t", "b", tasks=[Task(1, "一", "y", [], ["区住建局"], ["区财政局"])])]
    build_report(plans, tmp_path / "pack", views=False)
    index = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
    assert evil not in index and html.escape(evil) in index
    assert all("<" not in p.name and ">" not in p.name for p in (tmp_path / "pack").iterdir())


def test_a_district_with_several_years_gets_its_units_year_by_year(tmp_path):
    (tmp_path / "tables").mkdir()
    write_plans(tmp_path / "tables")
    out = tmp_path / "pack"
    assert CliRunner().invoke(main, ["report", str(tmp_path / "tables"), "-o", str(out), "--no-views"]).exit_code == 0
    rows = {r["unit"]: r for r in read_csv(out / "临江区" / "trends.csv")}
    assert rows["区住建局"]["临江区-2021 tasks"] == "3" and rows["区住建局"]["临江区-2022 tasks"] == "4"
    assert rows["区发改局"]["临江区-2021 tasks"] == ""  # named 区发改经信局 that year (joined only with --aliases)
    index = (out / "临江区" / "index.html").read_text(encoding="utf-8")
    assert 'id="trends"' in index and "<polyline" in index
    assert not (out / "滨河区" / "trends.csv").exists()  # one year: nothing to follow
