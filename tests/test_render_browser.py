"""The network pages in a real headless Chromium: offline, complete, interactive, inert.

Every page is opened from file:// and must draw exactly the graph's nodes and
edges, make no request but the file itself, log no error, and never run
script text that came from the task table.
"""

from __future__ import annotations

import base64
import html.parser
import re

import networkx as nx
import pytest

from render_support import (
    H_IMG,
    H_LEADER,
    H_SCRIPT,
    H_SECTION,
    H_TEXT,
    chromium,
    chromium_available,
    hostile_plan,
    open_page,
    wait_until,
)
from respgraph import graphs
from respgraph.render import views
from respgraph.render.page import write_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

TITLE = "协同<script>window.__pwned=6</script>网络"


@pytest.fixture(scope="module")
def plan():
    return hostile_plan()


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def pages(plan, tmp_path_factory):
    """Every view of the hostile plan, written to files."""
    out = tmp_path_factory.mktemp("pages")
    made = {
        "coordination": views.coordination_page([plan], color_by="community", title=TITLE),
        "tasks": views.tasks_page([plan], blanket="expand"),
        "leaders": views.leaders_page([plan]),
        "ego": views.ego_page([plan], "财政", depth=1),
        "streets": views.streets_page([plan]),
    }
    return {name: write_page(out / f"{name}.html", text) for name, text in made.items()}


def expected_graph(plan, view):
    if view == "coordination":
        return graphs.coordination_graph([plan])
    if view == "tasks":
        return graphs.two_mode_graph([plan], blanket="expand")
    if view == "leaders":
        return graphs.leader_unit_graph([plan])
    return nx.ego_graph(graphs.coordination_graph([plan]), "区财政局", radius=1)


def counts(page):
    return page.evaluate("rg.visibleCounts()")


def drawn(page):
    # section titles on the tasks view are decoration, not nodes of the graph
    return page.evaluate(
        "(() => { const ns = rg.nodes.get({filter: n => !n.decor});"
        " return {nodes: ns.length, edges: rg.edges.length, ids: ns.map(n => String(n.id)),"
        " pairs: rg.edges.get().map(e => [String(e.from), String(e.to)])}; })()"
    )


@pytest.mark.parametrize("view", ["coordination", "tasks", "leaders", "ego"])
def test_each_view_loads_offline_and_draws_the_whole_graph(browser, pages, plan, view):
    page, watch, url = open_page(browser, pages[view])
    try:
        G = expected_graph(plan, view)
        got = drawn(page)
        assert got["nodes"] == G.number_of_nodes()
        assert got["edges"] == G.number_of_edges()
        assert set(got["ids"]) == {str(n) for n in G}
        assert {frozenset(p) for p in got["pairs"]} == {frozenset((str(u), str(v))) for u, v in G.edges}
        # vis really drew them: every node has a position on the canvas
        positions = page.evaluate("Object.keys(rg.network.getPositions()).length")
        assert positions == page.evaluate("rg.nodes.length") >= G.number_of_nodes()
        assert counts(page)["nodes"] == G.number_of_nodes()
        others = [u for u in watch.requests if u != url and not u.startswith("data:")]
        assert others == [], f"requests besides the page itself: {others}"
        assert watch.errors == []
        assert page.evaluate("window.__pwned") is None
    finally:
        page.close()


def _cells(page):
    return page.evaluate("Object.fromEntries(rg.nodes.get({filter: n => String(n.id).startsWith('cell:')"
                         " || String(n.id).startsWith('total:')}).map(n => [n.id, String(n.label).trim()]))")


def test_streets_view_is_a_heat_map_of_sections_against_streets(browser, pages):
    # worked out by hand (render_support): 武林街道 is named on task 3 and reached through 各街道 on
    # task 4, 天水街道 only through 各街道 on task 4; both tasks are in H_SECTION, section 一 has no street
    page, watch, url = open_page(browser, pages["streets"])
    try:
        cells = _cells(page)
        assert cells == {f"cell:{H_SECTION}|武林街道": "2 (1)", f"cell:{H_SECTION}|天水街道": "1",
                         "total:武林街道": "2 (1)", "total:天水街道": "1"}
        order = page.evaluate("rg.nodes.get({filter: n => String(n.id).startsWith('street:')})"
                              ".sort((a, b) => a.x - b.x).map(n => n.label)")
        assert order == ["武林街道", "天水街道"]  # busiest street first
        # the filters recount the cells
        _choose(page, "#rg-edge-type", "via")
        assert _cells(page)[f"cell:{H_SECTION}|武林街道"] == "1"
        _choose(page, "#rg-edge-type", "named")
        assert _cells(page) == {f"cell:{H_SECTION}|武林街道": "1 (1)", f"cell:{H_SECTION}|天水街道": "",
                                "total:武林街道": "1 (1)", "total:天水街道": ""}
        _choose(page, "#rg-edge-type", "")
        _choose(page, "#rg-leader", H_LEADER)
        assert _cells(page)[f"cell:{H_SECTION}|武林街道"] == "1"
        _choose(page, "#rg-leader", "")
        _choose(page, "#rg-section", "一、经济发展")
        assert set(_cells(page).values()) == {""}
        page.click("#rg-reset")
        assert _cells(page)[f"cell:{H_SECTION}|武林街道"] == "2 (1)"
        assert page.evaluate("window.__pwned") is None
        assert [u for u in watch.requests if u != url and not u.startswith("data:")] == []
        assert watch.errors == []
    finally:
        page.close()


def test_hand_built_counts_match_the_hand_worked_graph(browser, pages):
    # worked out by hand in render_support: 6 units (区城管局 alone), 4 edges
    page, _, _ = open_page(browser, pages["coordination"])
    try:
        assert counts(page) == {"nodes": 6, "edges": 4, "totalNodes": 6, "totalEdges": 4}
        weight = page.evaluate(
            "rg.edges.get().filter(e => [e.from, e.to].sort().join('|') === ['区发改局','区财政局'].sort().join('|'))"
            ".map(e => e.weight)"
        )
        assert weight == [2]
    finally:
        page.close()


class _Refs(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.refs = []
        self.tags = []
        self.csp = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "meta" and dict(attrs).get("http-equiv") == "Content-Security-Policy":
            self.csp = dict(attrs).get("content")
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "poster", "data", "background", "integrity"):
                self.refs.append((tag, name, value))


@pytest.mark.parametrize("view", ["coordination", "tasks", "leaders", "ego", "streets"])
def test_page_source_references_no_outside_resource(pages, view):
    text = pages[view].read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(text)
    assert parser.refs == []  # no script src, no link href, nothing loaded by URL at all
    assert "link" not in parser.tags
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*https?://""", text, re.I)
    assert not re.search(r"""url\(\s*["']?\s*(https?:)?//""", text, re.I)
    assert "@import" not in text
    assert "cdn" not in " ".join(parser.tags)
    # exactly the three scripts of the page: data (JSON), vis-network, the page script
    assert parser.tags.count("script") == 3
    assert '<meta charset="utf-8">' in text
    assert parser.csp.startswith("default-src 'none';")
    assert "unsafe-inline" not in parser.csp.split("script-src")[1].split(";")[0]


def test_search_focuses_the_unit_found_by_part_of_its_name(browser, pages):
    page, watch, _ = open_page(browser, pages["coordination"])
    try:
        page.evaluate("rg.network.moveTo({position: {x: 4000, y: -3000}, scale: 0.5, animation: false})")
        before = page.evaluate("rg.network.getViewPosition()")
        page.fill("#rg-search", "财政")
        assert page.locator("#rg-results button").all_text_contents() == ["区财政局"]
        page.press("#rg-search", "Enter")
        assert page.evaluate("rg.network.getSelectedNodes()") == ["区财政局"]
        after = page.evaluate("rg.network.getViewPosition()")
        node = page.evaluate("rg.network.getPositions(['区财政局'])['区财政局']")
        assert (after["x"], after["y"]) != (before["x"], before["y"])
        assert abs(after["x"] - node["x"]) < 1 and abs(after["y"] - node["y"]) < 1
        # a click on a result works as well
        page.fill("#rg-search", "城管")
        page.click("#rg-results button")
        assert page.evaluate("rg.network.getSelectedNodes()") == ["区城管局"]
        page.fill("#rg-search", "没有这个单位")
        assert page.locator("#rg-results button").count() == 0
        assert watch.errors == []
    finally:
        page.close()


def test_hostile_names_show_as_text_in_search_results_legend_and_selects(browser, pages):
    page, watch, _ = open_page(browser, pages["coordination"])
    try:
        page.fill("#rg-search", "onerror")
        assert page.locator("#rg-results button").all_text_contents() == [H_IMG]
        page.fill("#rg-search", "</script>")
        assert page.locator("#rg-results button").all_text_contents() == [H_SCRIPT]
        page.press("#rg-search", "Enter")
        assert page.evaluate("rg.network.getSelectedNodes()") == [H_SCRIPT]
        assert page.text_content("#rg-title") == TITLE
        assert page.title() == TITLE
        legend = page.text_content("#rg-legend")
        assert H_IMG in legend or H_SCRIPT in legend  # community legends list members by name
        options = page.locator("#rg-section option").all_text_contents()
        assert H_SECTION in options
        assert H_LEADER in page.locator("#rg-leader option").all_text_contents()
        # none of the payloads became an element
        assert page.evaluate("document.querySelectorAll('img, svg, b, #rg-legend script').length") == 0
        assert page.evaluate("window.__pwned") is None
        assert watch.errors == []
    finally:
        page.close()


def _hover(page, node_id):
    point = page.evaluate(
        """id => { const p = rg.network.canvasToDOM(rg.network.getPositions([id])[id]);
                   const r = document.querySelector('#rg-network canvas').getBoundingClientRect();
                   return {x: r.left + p.x, y: r.top + p.y}; }""",
        node_id,
    )
    page.mouse.move(point["x"] + 40, point["y"] + 40)
    page.mouse.move(point["x"], point["y"], steps=4)
    wait_until(
        page,
        "() => { const t = document.querySelector('div.vis-tooltip');"
        " return !!t && t.style.visibility !== 'hidden' && t.textContent.length > 0; }",
        timeout=5,
    )
    return page.evaluate(
        "(() => { const t = document.querySelector('div.vis-tooltip');"
        " return {text: t.textContent, elements: t.querySelectorAll('img, script, svg, b').length}; })()"
    )


def test_tooltip_lists_tasks_as_plain_text(browser, pages):
    page, watch, _ = open_page(browser, pages["tasks"])
    try:
        page.evaluate("rg.network.focus('task:甲区-2021#3', {scale: 1.5, animation: false})")
        tip = _hover(page, "task:甲区-2021#3")
        assert H_TEXT.split("\u2028")[0] in tip["text"]
        assert H_SCRIPT in tip["text"]  # the lead unit, listed by name
        assert tip["elements"] == 0
        page.mouse.move(5, 5)
        page.evaluate(f"rg.network.focus({H_IMG!r}, {{scale: 1.5, animation: false}})")
        tip = _hover(page, H_IMG)
        assert tip["text"].startswith(H_IMG)
        assert "#1 推进重大项目建设" in tip["text"]
        assert tip["elements"] == 0
        assert page.evaluate("window.__pwned") is None
        assert watch.errors == []
    finally:
        page.close()


def _choose(page, select, value):
    page.select_option(select, value=value)
    return counts(page)


def test_filters_hide_and_show_what_they_should_on_coordination(browser, pages):
    page, watch, _ = open_page(browser, pages["coordination"])
    try:
        # section 一: tasks 1 and 2 → 发改, 财政, H_IMG and the three edges among them
        c = _choose(page, "#rg-section", "一、经济发展")
        assert (c["nodes"], c["edges"]) == (3, 3)
        visible = page.evaluate("rg.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort()")
        assert visible == sorted(["区发改局", "区财政局", H_IMG])
        # plus leader 李四: task 2 only → 发改–财政
        c = _choose(page, "#rg-leader", "李四")
        assert (c["nodes"], c["edges"]) == (2, 1)
        # the hostile section name works as a filter value too: tasks 3, 4 → H_SCRIPT, 武林, 城管; one edge
        _choose(page, "#rg-leader", "")
        c = _choose(page, "#rg-section", H_SECTION)
        assert (c["nodes"], c["edges"]) == (3, 1)
        _choose(page, "#rg-section", "")
        # one leads, the other co: 发改–财政, 发改–H_IMG, H_SCRIPT–武林
        c = _choose(page, "#rg-edge-type", "lead-co")
        assert (c["nodes"], c["edges"]) == (5, 3)
        # both co-responsible on task 1: 财政–H_IMG
        c = _choose(page, "#rg-edge-type", "same-role")
        assert (c["nodes"], c["edges"]) == (2, 1)
        page.click("#rg-reset")
        assert counts(page) == {"nodes": 6, "edges": 4, "totalNodes": 6, "totalEdges": 4}
        assert page.evaluate("rg.nodes.get({filter: n => n.hidden}).length") == 0
        assert watch.errors == []
    finally:
        page.close()


def _least_shared(page, value):
    page.fill("#rg-min-weight", str(value))
    page.dispatch_event("#rg-min-weight", "change")
    return counts(page)


def _heavy_part(plan, least):
    """Nodes and edges of the coordination graph left by a shared-tasks threshold (worked out in Python)."""
    G = graphs.coordination_graph([plan])
    heavy = [(u, v) for u, v, w in G.edges(data="weight") if w >= least]
    return len({n for e in heavy for n in e}), len(heavy)


def test_shared_tasks_box_hides_light_links_and_the_units_they_leave_alone(browser, pages, plan):
    page, watch, _ = open_page(browser, pages["coordination"])
    try:
        assert page.is_visible("#rg-min-weight")
        # only 发改–财政 share two tasks
        c = _least_shared(page, 2)
        assert (c["nodes"], c["edges"]) == _heavy_part(plan, 2) == (2, 1)
        assert page.evaluate("rg.edges.get({filter: e => !e.hidden}).map(e => [e.from, e.to].sort())") == [["区发改局", "区财政局"]]
        c = _least_shared(page, 3)
        assert (c["nodes"], c["edges"]) == (0, 0)
        c = _least_shared(page, 1)
        assert (c["nodes"], c["edges"]) == (6, 4)
        _least_shared(page, 2)
        page.click("#rg-reset")
        assert counts(page)["edges"] == 4 and page.input_value("#rg-min-weight") == "1"
        assert watch.errors == []
    finally:
        page.close()


def test_a_page_can_open_with_its_light_links_hidden(browser, plan, tmp_path):
    path = write_page(tmp_path / "c.html", views.coordination_page([plan], show_min_shared=2))
    page, watch, _ = open_page(browser, path)
    try:
        assert page.input_value("#rg-min-weight") == "2"
        c = counts(page)
        assert (c["nodes"], c["edges"], c["totalEdges"]) == (2, 1, 4)
        assert "links with ≥ 2 shared tasks" in page.inner_text("#rg-caption")
        page.click("#rg-reset")
        assert counts(page)["edges"] == 4
        assert watch.errors == []
    finally:
        page.close()


def test_views_without_weights_offer_no_shared_tasks_box(browser, pages):
    page, watch, _ = open_page(browser, pages["tasks"])
    try:
        assert not page.is_visible("#rg-min-weight")
        assert watch.errors == []
    finally:
        page.close()


def test_edge_type_filter_on_tasks_view(browser, pages):
    page, watch, _ = open_page(browser, pages["tasks"])
    try:
        assert counts(page)["nodes"] == 11 and counts(page)["edges"] == 10
        # inferred: task 4 → 武林, 天水
        c = _choose(page, "#rg-edge-type", "inferred")
        assert (c["nodes"], c["edges"]) == (3, 2)
        # lead: one lead per task → 4 edges, 4 tasks + 4 lead units
        c = _choose(page, "#rg-edge-type", "lead")
        assert (c["nodes"], c["edges"]) == (8, 4)
        hidden_dashed = page.evaluate("rg.edges.get({filter: e => !e.hidden && e.dashes}).length")
        assert hidden_dashed == 0  # co links are the dashed ones, all hidden now
        c = _choose(page, "#rg-edge-type", "co")
        assert c["edges"] == 6
        # leader filter on the hostile leader name: task 4 and its three units
        _choose(page, "#rg-edge-type", "")
        c = _choose(page, "#rg-leader", H_LEADER)
        assert (c["nodes"], c["edges"]) == (4, 3)
        assert watch.errors == []
    finally:
        page.close()


def test_lead_and_co_edges_are_styled_apart(browser, pages):
    page, _, _ = open_page(browser, pages["tasks"])
    try:
        styles = page.evaluate(
            "rg.edges.get().map(e => ({to: String(e.to), from: String(e.from), dashes: !!e.dashes, color: e.color.color}))"
        )
        by_pair = {frozenset((s["from"], s["to"])): s for s in styles}
        lead = by_pair[frozenset(("task:甲区-2021#1", "区发改局"))]
        co = by_pair[frozenset(("task:甲区-2021#1", "区财政局"))]
        inferred = by_pair[frozenset(("task:甲区-2021#4", "天水街道"))]
        assert not lead["dashes"] and co["dashes"]
        assert lead["color"] != co["color"]
        assert inferred["color"].startswith("rgba(") and inferred["color"] != co["color"]
    finally:
        page.close()


def test_png_button_downloads_an_image_of_the_view(browser, pages):
    page, watch, _ = open_page(browser, pages["coordination"])
    try:
        with page.expect_download() as info:
            page.click("#rg-png")
        download = info.value
        assert download.suggested_filename == "coordination.png"
        data_url = page.evaluate("rg.pngDataUrl()")
        assert data_url.startswith("data:image/png;base64,")
        png = base64.b64decode(data_url.split(",", 1)[1])
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(png[16:20], "big")
        assert width == page.evaluate("document.querySelector('#rg-network canvas').width")
        assert watch.errors == []
    finally:
        page.close()


def test_caption_names_plan_and_choices(browser, pages):
    page, _, _ = open_page(browser, pages["coordination"])
    try:
        caption = page.text_content("#rg-caption")
        assert "甲区-2021" in caption and "size: tasks" in caption and "colour: community" in caption
        assert "left out" in caption  # blanket mode exclude
    finally:
        page.close()


def test_seed_coordination_page_opens_without_errors(browser, seed_plan, tmp_path):
    path = write_page(tmp_path / "seed.html", views.coordination_page([seed_plan], size_by="betweenness",
                                                                         color_by="kind"))
    page, watch, url = open_page(browser, path, viewport=(1400, 900))
    try:
        G = graphs.coordination_graph([seed_plan])
        assert counts(page)["nodes"] == G.number_of_nodes()
        assert counts(page)["edges"] == G.number_of_edges()
        # the busiest unit's tooltip: its first 12 tasks, then how many more
        busiest = max(G, key=lambda n: len(G.nodes[n]["tasks"]))
        tasks = G.nodes[busiest]["tasks"]
        tip = page.evaluate("id => rg.nodes.get(id).title.textContent", busiest)
        first = seed_plan.task(int(tasks[0].rsplit("#", 1)[1]))
        assert f"#{first.seq} {first.text.replace(chr(10), ' ')[:20]}" in tip
        assert f"… and {len(tasks) - 12} more" in tip
        page.screenshot(path=str(tmp_path / "seed.png"))
        assert [u for u in watch.requests if u != url and not u.startswith("data:")] == []
        assert watch.errors == []
    finally:
        page.close()


def test_empty_views_open_and_say_so(browser, tmp_path):
    from respgraph.model import Plan, Task

    empty = Plan("空区", 2021, "", "t")
    no_streets = Plan("乙区", 2021, "", "t", tasks=[Task(1, "一", "修路", [], ["区交通局"], [])])
    for name, text in (("empty", views.coordination_page([empty])), ("nostreets", views.streets_page([no_streets]))):
        page, watch, _ = open_page(browser, write_page(tmp_path / f"{name}.html", text))
        try:
            assert counts(page) == {"nodes": 0, "edges": 0, "totalNodes": 0, "totalEdges": 0}
            assert watch.errors == []
            if name == "nostreets":
                assert "no street or town is named" in page.text_content("#rg-legend")
        finally:
            page.close()


def test_leader_filter_on_the_leaders_view(browser, pages):
    page, watch, _ = open_page(browser, pages["leaders"])
    try:
        # 3 leaders + 6 units (天水街道 is only reached through 各街道, left out here); 张三 has tasks 1 and 3
        assert counts(page)["nodes"] == 9
        c = _choose(page, "#rg-leader", "张三")
        visible = page.evaluate("rg.nodes.get({filter: n => !n.hidden}).map(n => n.id).sort()")
        assert visible == sorted(["leader:张三", "区发改局", "区财政局", H_IMG, H_SCRIPT, "武林街道"])
        assert c["edges"] == 5  # 张三 to each of the five units of tasks 1 and 3
        c = _choose(page, "#rg-edge-type", "lead")
        assert (c["nodes"], c["edges"]) == (3, 2)  # 张三 → 区发改局 (task 1), H_SCRIPT (task 3)
        assert watch.errors == []
    finally:
        page.close()
