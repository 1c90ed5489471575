"""The briefing pack: complete, self-contained, escaped, and readable in Chromium and Excel."""

from __future__ import annotations

import csv
import html.parser
from urllib.parse import unquote, urlparse

import pytest
from click.testing import CliRunner

from render_support import H_IMG, chromium, chromium_available, hostile_plan, open_page
from respgraph.cli import main
from respgraph.errors import InputError
from respgraph.model import AuditEvent
from respgraph.report import TABLES, VIEW_FILES, build_report, csv_safe

FORMULA = '=HYPERLINK("http://example.invalid","点我")'


def plan_with_audit():
    plan = hostile_plan()
    plan.audit = [
        AuditEvent("unresolved", "task 1, line 3", "co", H_IMG, H_IMG, "not a known unit"),
        AuditEvent("typo", "task 2, line 5", "lead", "区财正局", "区财政局", "区财正局 → 区财政局 (0.83)"),
        AuditEvent("problem", "line 9", "co", FORMULA, "", "could not read the cell"),
        AuditEvent("group", "task 4, line 7", "co", "各街道", "各街道", ""),
    ]
    return plan


@pytest.fixture(scope="module")
def pack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pack") / "briefing"
    return build_report([plan_with_audit()], folder, top=3)


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self.refs = []
        self.scripts = 0
        self.text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs.get("href"))
        if tag == "script":
            self.scripts += 1
        for name in ("src", "srcset", "action", "poster", "data"):
            if name in attrs:
                self.refs.append((tag, name, attrs[name]))
        if tag == "link":
            self.refs.append((tag, "href", attrs.get("href")))

    def handle_data(self, data):
        self.text.append(data)


def test_every_file_is_written(pack):
    names = {p.name for p in pack.files}
    drawings = {name.replace(".html", ".svg") for name in VIEW_FILES}
    expected = {"index.html", "briefing.xlsx"} | set(VIEW_FILES) | drawings | {f"{t}.csv" for t in TABLES}
    assert names == expected
    for p in pack.files:
        assert p.parent == pack.folder and p.stat().st_size > 0


def test_index_links_resolve_inside_the_folder_and_nothing_is_loaded(pack):
    index = pack.folder / "index.html"
    parser = _Links()
    parser.feed(index.read_text(encoding="utf-8"))
    assert parser.scripts == 0 and parser.refs == []
    assert set(VIEW_FILES) <= set(parser.links)
    for href in parser.links:
        url = urlparse(href)
        assert url.scheme == "" and url.netloc == "", href
        assert (pack.folder / unquote(url.path)).is_file(), href


def test_index_shows_document_text_as_text(pack):
    text = (pack.folder / "index.html").read_text(encoding="utf-8")
    assert H_IMG not in text and "<script" not in text.lower()
    parser = _Links()
    parser.feed(text)
    shown = "".join(parser.text)
    assert H_IMG in shown  # the unresolved unit, escaped in the HTML, reads literally
    assert FORMULA in shown


def test_tables_match_the_hand_worked_plan(pack):
    pairs = {(r["unit_a"], r["unit_b"]): r["shared"] for r in pack.tables["pairs"]}
    # 发改–财政 share tasks 1 and 2; the others one task each (see render_support)
    assert pairs[tuple(sorted(["区发改局", "区财政局"]))] == 2
    assert sorted(pairs.values()) == [1, 1, 1, 2]
    coordinators = pack.tables["coordinators"]
    assert [r["rank"] for r in coordinators] == list(range(1, 7))
    top = coordinators[0]
    # strength: 发改 = 2 (财政) + 1 (H_IMG) = 3, 财政 the same; ties by name
    assert {coordinators[0]["unit"], coordinators[1]["unit"]} == {"区发改局", "区财政局"}
    assert top["shared_task_links"] == 3 and top["partners"] == 2
    streets = {r["street"]: r for r in pack.tables["streets"]}
    assert streets["武林街道"]["explicit"] == 1 and streets["武林街道"]["via_blanket"] == 1
    assert streets["天水街道"]["explicit"] == 0 and streets["天水街道"]["via_blanket"] == 1
    quality = {r["kind"]: r["events"] for r in pack.tables["quality"]}
    assert quality == {"unresolved": 1, "typo": 1, "problem": 1, "group": 1}
    assert [r["kind"] for r in pack.tables["audit"]] == ["problem", "unresolved", "typo"]
    leaders = {r["leader"]: r["tasks"] for r in pack.tables["leaders"]}
    assert leaders["张三"] == 2 and leaders["李四"] == 1


def test_csv_is_excel_friendly_and_never_a_formula(pack):
    raw = (pack.folder / "audit.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens it as UTF-8
    rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    problem = [r for r in rows if r["kind"] == "problem"][0]
    assert problem["raw"] == "'" + FORMULA
    assert [r for r in rows if r["kind"] == "unresolved"][0]["raw"] == H_IMG
    assert csv_safe("-1") == "'-1" and csv_safe("@x") == "'@x" and csv_safe("区-街") == "区-街"


def test_xlsx_has_one_sheet_per_table_and_text_stays_text(pack):
    from openpyxl import load_workbook

    wb = load_workbook(pack.folder / "briefing.xlsx")
    assert wb.sheetnames == list(TABLES)
    ws = wb["audit"]
    header = [c.value for c in ws[1]]
    assert header == TABLES["audit"][1]
    raws = {row[header.index("kind")]: row[header.index("raw")] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert raws["problem"] == FORMULA  # stored as text, exactly as written
    problem_cell = [r for r in ws.iter_rows(min_row=2) if r[header.index("kind")].value == "problem"][0]
    assert problem_cell[header.index("raw")].data_type == "s"
    pairs = wb["pairs"]
    assert [c.value for c in pairs[1]] == TABLES["pairs"][1]
    assert isinstance(pairs.cell(row=2, column=3).value, int)


def test_index_shows_only_the_top_rows_but_files_have_all(pack):
    text = (pack.folder / "index.html").read_text(encoding="utf-8")
    assert "3 more rows in" in text  # 6 coordinators, top 3
    with open(pack.folder / "coordinators.csv", encoding="utf-8-sig") as fh:
        assert len(list(csv.DictReader(fh))) == 6


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_pack_opens_in_chromium_without_errors_or_requests(pack):
    with chromium() as browser:
        page = browser.new_page()
        requests, errors = [], []
        page.on("request", lambda r: requests.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        url = (pack.folder / "index.html").resolve().as_uri()
        page.goto(url)
        assert requests == [url]
        assert errors == []
        assert H_IMG in page.text_content("body")
        with page.expect_navigation():
            page.click("text=coordination.html")
        assert page.url.endswith("/coordination.html")
        page.close()
        for name in VIEW_FILES:
            view, watch, view_url = open_page(browser, pack.folder / name)
            assert [u for u in watch.requests if u != view_url and not u.startswith("data:")] == []
            assert watch.errors == []
            assert view.evaluate("window.__pwned") is None
            view.close()


def test_bad_folder_is_a_clean_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="not a folder"):
        build_report([hostile_plan()], blocker)
    with pytest.raises(InputError):
        build_report([], tmp_path / "x")


def test_report_command_on_the_seed(seed_path, tmp_path):
    out = tmp_path / "briefing"
    result = CliRunner().invoke(main, ["report", str(seed_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "拱墅区-2021" in result.output and "index.html" in result.output
    assert (out / "index.html").is_file() and (out / "briefing.xlsx").is_file()
    with open(out / "figures.csv", encoding="utf-8-sig") as fh:
        figures = {r["figure"]: r["value"] for r in csv.DictReader(fh)}
    assert figures["tasks"] == "106" and figures["leaders"] == "8"


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_the_seeds_coordination_view_opens_readable_with_every_link_at_hand(seed_plan, tmp_path):
    from respgraph.graphs import coordination_graph
    from respgraph.render.views import READABLE_LINKS

    G = coordination_graph([seed_plan])
    build_report([seed_plan], tmp_path, views=True)
    with chromium() as browser:
        view, watch, _ = open_page(browser, tmp_path / "coordination.html")
        shown = view.evaluate("rg.visibleCounts()")
        least = int(view.input_value("#rg-min-weight"))
        # every link is in the page; those shown at first are exactly the heavy ones, and few enough to read
        assert shown["totalEdges"] == G.number_of_edges() > READABLE_LINKS
        assert shown["edges"] == sum(1 for _, _, w in G.edges(data="weight") if w >= least) <= READABLE_LINKS
        assert least > 1 and sum(1 for _, _, w in G.edges(data="weight") if w >= least - 1) > READABLE_LINKS
        view.fill("#rg-min-weight", "1")
        view.dispatch_event("#rg-min-weight", "change")
        assert view.evaluate("rg.visibleCounts()")["edges"] == G.number_of_edges()
        assert watch.errors == []
        view.close()


def test_report_command_rejects_a_file_as_folder(seed_path, tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x")
    result = CliRunner().invoke(main, ["report", str(seed_path), "-o", str(blocker)])
    assert result.exit_code != 0
    assert "Traceback" not in result.output


SVG = "{http://www.w3.org/2000/svg}"


def test_every_view_is_also_a_static_svg_with_names_as_text(pack):
    import xml.etree.ElementTree as ET

    for name in VIEW_FILES:
        path = pack.folder / name.replace(".html", ".svg")
        text = path.read_text(encoding="utf-8")
        root = ET.fromstring(text.encode("utf-8"))  # well-formed; hostile names escaped
        assert root.tag == SVG + "svg"
        assert not list(root.iter(SVG + "script")) and not list(root.iter(SVG + "foreignObject"))
        assert not any(k.endswith("href") for e in root.iter() for k in e.attrib)
        assert "<img" not in text and "</script>" not in text
        texts = {t.text for t in root.iter(SVG + "text")}
        if name == "streets.html":
            assert {"武林街道", "天水街道"} <= texts
        elif name == "coordination.html":
            assert "区发改局" in texts and "区财政局" in texts
        elif name == "leaders.html":
            assert {"张三", "李四"} <= texts
    coordination = ET.parse(pack.folder / "coordination.svg").getroot()
    assert H_IMG in {t.text for t in coordination.iter(SVG + "text")}  # read back exactly, as text


def test_index_has_the_charts_inline_and_offline(pack):
    import re
    import xml.etree.ElementTree as ET

    text = (pack.folder / "index.html").read_text(encoding="utf-8")
    charts = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="chart".*?</svg>', text, re.S)
    assert len(charts) == 3
    parsed = [ET.fromstring(c) for c in charts]
    bars = {t.text for t in parsed[0].iter(SVG + "text")}
    # the top coordinators (top 3): 发改 and 财政 lead one task each and share one more
    assert {"区发改局", "区财政局"} <= bars
    pieces = [r for r in parsed[0].iter(SVG + "rect") if r.get("class") == "bar"]
    assert len(pieces) == sum(1 for r in pack.tables["coordinators"][:3] for v in (r["lead"], r["co"]) if v)
    streets = {t.text for t in parsed[2].iter(SVG + "text")}
    assert {"武林街道", "天水街道"} <= streets
    assert "<script" not in text.lower() and "http://www.w3.org/2000/svg" in text
    assert H_IMG not in text


@pytest.mark.browser
@pytest.mark.skipif(not chromium_available(), reason="needs Debian's chromium at /usr/bin/chromium")
def test_index_prints_to_a4_one_section_a_page_without_navigation(seed_plan, tmp_path):
    import io

    import pdfplumber  # a dependency already (PDF tables); reads the printed pages back

    result = build_report([seed_plan], tmp_path / "pack")
    with chromium() as browser:
        page = browser.new_page()
        page.goto((result.folder / "index.html").resolve().as_uri())
        titles = page.evaluate("Array.from(document.querySelectorAll('section h2')).map(h => h.textContent)")
        page.emulate_media(media="print")
        assert page.evaluate("getComputedStyle(document.querySelector('nav')).display") == "none"
        assert page.evaluate("document.querySelectorAll('svg.chart').length") == 3
        pdf = page.pdf(format="A4", print_background=True)
        page.close()
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        pages = [(p.width, p.height, p.extract_text() or "") for p in doc.pages]
    assert all(abs(w - 595.3) < 2 and abs(h - 841.9) < 2 for w, h, _ in pages)  # A4 in points
    firsts = [(text.splitlines() or [""])[0].strip() for _, _, text in pages]
    # the title page holds the key figures; every other section opens a page of its own
    assert firsts[0].startswith("Briefing")
    for title in titles[1:]:
        assert title in firsts, (title, firsts)
    assert len(pages) >= len(titles)
    text = " ".join(t for _, _, t in pages)
    assert "Interactive views" not in text and "Save PNG" not in text  # no navigation on paper
    assert "区发改经信局" in text  # charts and tables print their names as text


def test_a_control_character_in_a_name_leaves_a_readable_pack(tmp_path):
    import openpyxl

    from respgraph.ingest import build_plan
    from respgraph.layouts import parse_text
    from respgraph.report import build_report

    text = "2023年临江区重点工作\n1.推进。（牵头单位：区发\x01改局；责任单位：=HYPERLINK(\"x\")局）\n"
    plan = build_plan(parse_text(text, source="t.txt"))
    build_report([plan], tmp_path / "pack", views=False)
    workbook = openpyxl.load_workbook(tmp_path / "pack" / "briefing.xlsx")
    cells = [c for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert "区发␁改局" in [c.value for c in cells]
    formulas = [c for c in cells if isinstance(c.value, str) and c.value.startswith("=")]
    assert formulas and all(c.data_type == "s" for c in formulas)  # the name is text, never a live formula
    csv_text = (tmp_path / "pack" / "pairs.csv").read_text(encoding="utf-8-sig")
    assert "\x01" not in csv_text and "'=HYPERLINK" in csv_text
