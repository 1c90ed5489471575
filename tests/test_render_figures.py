"""Figures a reader can read at a glance: measured in headless Chromium from what vis-network draws.

At the first view of every view of the seed, and of a generated plan of 300
units, no two nodes overlap and no label lies over another node or label:
node shapes come from vis-network's own bounding boxes
(``network.getBoundingBox`` turned into window pixels with
``network.canvasToDOM``), labels from the boxes the page drew them in, each
checked to be at least as wide as the browser measures its text.  The graph
fills the window with a margin, also after filtering; the most important
labels are the ones shown, the others appear on zoom and hover.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from render_support import H_IMG, H_SCRIPT, chromium, chromium_available, hostile_plan, open_page
from respgraph import graphs
from respgraph.render import views
from respgraph.render.page import write_page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="needs Debian's chromium at /usr/bin/chromium"),
]

VIEWPORT = (1280, 860)

# Every shape and label box in window pixels, from vis-network's drawn positions, and the
# pairs that overlap (a label and its own node may touch; nothing else may share any area).
MEASURE = """() => {
  const net = rg.network;
  const font = 'Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif';
  const ctx = document.createElement('canvas').getContext('2d');
  const boxes = [];
  rg.nodes.get({filter: n => !n.hidden}).forEach(n => {
    const b = net.getBoundingBox(n.id);
    const a = net.canvasToDOM({x: b.left, y: b.top}), c = net.canvasToDOM({x: b.right, y: b.bottom});
    boxes.push({what: 'node', id: String(n.id), owner: String(n.id), l: a.x, t: a.y, r: c.x, b: c.y});
  });
  const narrow = [];
  rg.labels.forEach(l => {
    ctx.font = l.weight + ' ' + l.size + 'px ' + font;
    if (ctx.measureText(l.text).width > l.right - l.left + 0.5) narrow.push(l.text);
    boxes.push({what: 'label', id: 'label:' + l.id, owner: String(l.id), l: l.left, t: l.top, r: l.right, b: l.bottom});
  });
  const overlaps = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const p = boxes[i], q = boxes[j];
    if (p.owner === q.owner) continue;
    if (p.l < q.r - 0.01 && q.l < p.r - 0.01 && p.t < q.b - 0.01 && q.t < p.b - 0.01) overlaps.push([p.id, q.id]);
  }
  const el = document.querySelector('#rg-network');
  const nodes = boxes.filter(b => b.what === 'node');
  const extent = nodes.length ? {l: Math.min(...nodes.map(b => b.l)), t: Math.min(...nodes.map(b => b.t)),
    r: Math.max(...nodes.map(b => b.r)), b: Math.max(...nodes.map(b => b.b))} : null;
  const outside = boxes.filter(b => b.what === 'label' && (b.l < 0 || b.t < 0 || b.r > el.clientWidth || b.b > el.clientHeight));
  return {overlaps: overlaps.slice(0, 20), count: overlaps.length, nodes: nodes.length,
          labels: rg.labels.length, narrow: narrow, extent: extent, outside: outside.length,
          width: el.clientWidth, height: el.clientHeight};
}"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def seed_figures(plan):
    return {
        "coordination": views.render_figure([plan], "coordination"),
        "tasks": views.tasks_figure([plan]),
        "leaders": views.leaders_figure([plan]),
        "streets": views.streets_figure([plan]),
        "ego": views.ego_figure([plan], "区财政局", depth=1),
    }


@pytest.fixture(scope="module")
def seed_pages(seed_plan, tmp_path_factory):
    out = tmp_path_factory.mktemp("seed-figures")
    return {name: write_page(out / f"{name}.html", fig.html()) for name, fig in seed_figures(seed_plan).items()}


@pytest.fixture(scope="module")
def generated_pages(tmp_path_factory):
    """A generated plan of 300 units (600 tasks) read back through the text reader, every view."""
    from respgraph.ingest import parse_file
    from respgraph.synth import generate_table, write_gazetteer, write_lexicon, write_text

    out = tmp_path_factory.mktemp("generated")
    table = generate_table(n_tasks=600, n_units=300, seed=5)
    plan = parse_file(write_text(table, out / "plan.txt"), lexicon=write_lexicon(table, out / "lexicon.yaml"),
                      gazetteer=write_gazetteer(table, out / "gazetteer.yaml"))
    figures = {
        "coordination": views.render_figure([plan], "coordination"),
        "tasks": views.tasks_figure([plan]),
        "leaders": views.leaders_figure([plan]),
        "streets": views.streets_figure([plan]),
    }
    return plan, {name: write_page(out / f"{name}.html", fig.html()) for name, fig in figures.items()}


def measure(page):
    return page.evaluate(MEASURE)


def assert_readable(result, view):
    assert result["count"] == 0, f"{view}: {result['count']} overlapping pairs, e.g. {result['overlaps']}"
    assert result["narrow"] == [], f"{view}: label boxes narrower than their text: {result['narrow'][:5]}"
    assert result["outside"] == 0
    assert result["nodes"] > 0


def assert_fills_window(result, margin=8):
    e = result["extent"]
    w, h = result["width"], result["height"]
    # inside the window with a margin …
    assert e["l"] >= margin and e["t"] >= margin and e["r"] <= w - margin and e["b"] <= h - margin, (e, w, h)
    # … and filling it in at least one direction
    assert (e["r"] - e["l"]) >= 0.85 * (w - 2 * 30) or (e["b"] - e["t"]) >= 0.85 * (h - 2 * 30 - 18), (e, w, h)


@pytest.mark.parametrize("view", ["coordination", "tasks", "leaders", "streets", "ego"])
def test_seed_views_open_with_nothing_drawn_over_anything(browser, seed_pages, view):
    page, watch, _ = open_page(browser, seed_pages[view], viewport=VIEWPORT)
    try:
        result = measure(page)
        assert_readable(result, view)
        assert_fills_window(result)
        if view != "streets":  # the heat map's names are inside its cells
            assert result["labels"] >= min(12, result["nodes"] // 4)
        assert watch.errors == []
    finally:
        page.close()


@pytest.mark.parametrize("view", ["coordination", "tasks", "leaders", "streets"])
def test_generated_300_unit_plan_opens_with_nothing_drawn_over_anything(browser, generated_pages, view):
    plan, pages = generated_pages
    assert len(plan.units) >= 250
    page, watch, _ = open_page(browser, pages[view], viewport=VIEWPORT)
    try:
        result = measure(page)
        assert_readable(result, view)
        assert_fills_window(result)
        assert watch.errors == []
    finally:
        page.close()


@pytest.mark.parametrize("view", ["coordination", "tasks"])
def test_a_filtered_view_is_fitted_again_and_stays_clear(browser, seed_pages, seed_plan, view):
    page, watch, _ = open_page(browser, seed_pages[view], viewport=VIEWPORT)
    try:
        before = page.evaluate("rg.network.getScale()")
        page.select_option("#rg-section", value=seed_plan.tasks[40].section)
        result = measure(page)
        assert result["nodes"] < page.evaluate("rg.nodes.length")
        assert page.evaluate("rg.network.getScale()") != before  # refitted to what is left
        assert_readable(result, view)
        assert_fills_window(result)
        page.click("#rg-reset")
        result = measure(page)
        assert_readable(result, view)
        assert_fills_window(result)
        assert watch.errors == []
    finally:
        page.close()


def test_the_most_important_labels_show_and_the_rest_on_zoom_and_hover(browser, seed_pages, seed_plan):
    page, watch, _ = open_page(browser, seed_pages["coordination"], viewport=VIEWPORT)
    try:
        shown = set(page.evaluate("rg.labels.map(l => l.id)"))
        visible = page.evaluate("rg.nodes.get({filter: n => !n.hidden}).map(n => n.id)")
        G = graphs.coordination_graph([seed_plan])
        busiest = max(visible, key=lambda n: (len(G.nodes[n]["tasks"]), n))
        assert busiest in shown  # size: tasks, so the busiest unit's name is there
        missing = [n for n in visible if n not in shown]
        if missing:
            # zoomed in on a unit whose name did not fit, it shows
            target = missing[0]
            page.evaluate("id => rg.network.focus(id, {scale: 3, animation: false})", target)
            page.evaluate("rg.network.redraw()")
            assert target in page.evaluate("rg.labels.map(l => l.id)")
            assert_readable(measure(page), "coordination zoomed")
        # hovering names a unit whatever its place (tooltip first line, and its label drawn first)
        page.evaluate("rg.fit()")
        node = visible[-1]
        point = page.evaluate(
            """id => { const p = rg.network.canvasToDOM(rg.network.getPositions([id])[id]);
                       const r = document.querySelector('#rg-network canvas').getBoundingClientRect();
                       return {x: r.left + p.x, y: r.top + p.y}; }""", node)
        page.mouse.move(point["x"] + 1, point["y"] + 1, steps=3)
        page.wait_for_timeout(300)
        assert node in page.evaluate("rg.labels.map(l => l.id)")
        assert_readable(measure(page), "coordination hovered")
        assert watch.errors == []
    finally:
        page.close()


def test_leaders_names_all_show_in_bold(browser, seed_pages, seed_plan):
    page, _, _ = open_page(browser, seed_pages["leaders"], viewport=VIEWPORT)
    try:
        labels = {l["id"]: l for l in page.evaluate("rg.labels")}
        for name in seed_plan.leaders:
            assert labels["leader:" + name]["weight"] == "bold" and labels["leader:" + name]["size"] == 15
    finally:
        page.close()


def test_controls_say_how_many_links_they_hide(browser, seed_pages, seed_plan):
    G = graphs.coordination_graph([seed_plan])
    least = views.readable_min_shared(G)
    page, _, _ = open_page(browser, seed_pages["coordination"], viewport=VIEWPORT)
    try:
        hidden = sum(1 for _, _, w in G.edges(data="weight") if w < least)
        assert page.text_content("#rg-weight-hidden") == f"({hidden} lighter links hidden 已隐藏)"
        page.fill("#rg-min-weight", "1")
        page.dispatch_event("#rg-min-weight", "change")
        assert page.text_content("#rg-weight-hidden") == ""
    finally:
        page.close()
    T = graphs.two_mode_graph([seed_plan])
    page, _, _ = open_page(browser, seed_pages["tasks"], viewport=VIEWPORT)
    try:
        assert page.input_value("#rg-edge-type") == "lead"  # a dense table opens with its lead links
        co = sum(1 for _, _, a in T.edges(data=True) if a["role"] != "lead")
        assert page.text_content("#rg-type-hidden") == f"({co} links of other kinds hidden 已隐藏)"
        assert page.evaluate("rg.visibleCounts()")["edges"] == T.number_of_edges() - co
    finally:
        page.close()


def test_save_svg_downloads_the_current_view_with_names_as_text(browser, tmp_path):
    plan = hostile_plan()
    path = write_page(tmp_path / "c.html", views.coordination_page([plan], title="<i>协同</i>"))
    page, watch, _ = open_page(browser, path)
    try:
        with page.expect_download() as info:
            page.click("#rg-svg")
        download = info.value
        assert download.suggested_filename == "coordination.svg"
        saved = tmp_path / "saved.svg"
        download.save_as(saved)
        root = ET.parse(saved).getroot()  # well-formed XML
        ns = "{http://www.w3.org/2000/svg}"
        texts = [t.text for t in root.iter(ns + "text")]
        assert "<i>协同</i>" in texts  # the title, as text
        shown = set(page.evaluate("rg.labels.map(l => l.text)"))
        assert shown and shown <= set(texts)
        assert H_IMG in shown or H_SCRIPT in shown
        assert not list(root.iter(ns + "script")) and not list(root.iter(ns + "foreignObject"))
        assert len(list(root.iter(ns + "circle"))) == page.evaluate("rg.visibleCounts()")["nodes"]
        assert len(list(root.iter(ns + "line"))) == page.evaluate("rg.visibleCounts()")["edges"]
        assert page.evaluate("window.__pwned") is None
        assert watch.errors == []
    finally:
        page.close()


def test_static_svg_opens_in_chromium_with_the_page_labels_as_text(browser, seed_plan, tmp_path):
    figure = views.render_figure([seed_plan], "coordination")
    path = tmp_path / "coordination.svg"
    path.write_text(figure.svg(), encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(path.resolve().as_uri())
        texts = page.evaluate("Array.from(document.querySelectorAll('text')).map(t => t.textContent)")
        G = graphs.coordination_graph([seed_plan])
        busiest = max(G, key=lambda n: (len(G.nodes[n]["tasks"]), n))
        assert busiest in texts
        assert figure.title in texts
        # the drawing's labels overlap nothing either (measured by the browser's own text layout)
        overlaps = page.evaluate("""() => {
          const boxes = Array.from(document.querySelectorAll('g.labels text, g.nodes circle')).map(e => e.getBBox());
          let n = 0;
          for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
            const p = boxes[i], q = boxes[j];
            if (p.x < q.x + q.width - 0.5 && q.x < p.x + p.width - 0.5 && p.y < q.y + q.height - 0.5 && q.y < p.y + p.height - 0.5) n++;
          }
          return n; }""")
        assert overlaps == 0
        assert errors == []
    finally:
        page.close()


def test_the_measure_sees_overlaps_when_there_are_some(browser, tmp_path):
    # the same measure on a figure drawn badly on purpose: two units on one spot, a third's
    # box over their labels' places; it must count them (so the zero counts above mean something)
    from respgraph.render.page import Figure, vis_options

    nodes = [{"id": "甲", "label": "区发改经信局", "x": 0, "y": 0, "size": 20, "rank": 3},
             {"id": "乙", "label": "区财政局", "x": 10, "y": 5, "size": 20, "rank": 2},
             {"id": "丙", "label": "12", "shape": "box", "x": 0, "y": 60},
             {"id": "丁", "label": "区住建局", "x": 400, "y": 300, "size": 10, "rank": 1}]
    path = write_page(tmp_path / "bad.html", Figure(nodes=nodes, edges=[], title="bad",
                                                                 options=vis_options(4, 0, physics=False)).html())
    page, _, _ = open_page(browser, path, viewport=VIEWPORT)
    try:
        result = measure(page)
        assert ["甲", "乙"] in result["overlaps"]
        # labels still never land on anything: 甲's goes above or aside, away from 乙 and 丙
        assert all("label:" not in a and "label:" not in b for a, b in result["overlaps"])
    finally:
        page.close()


def test_searching_a_unit_hidden_by_the_threshold_shows_it(browser, seed_pages):
    page, watch, _ = open_page(browser, seed_pages["coordination"], viewport=VIEWPORT)
    try:
        hidden = page.evaluate("rg.nodes.get({filter: n => n.hidden}).map(n => n.id)")
        assert hidden  # the seed's coordination view opens at a threshold
        assert page.evaluate("id => rg.focusNode(id)", hidden[0]) is True
        assert page.evaluate("id => rg.nodes.get(id).hidden", hidden[0]) is False
        assert page.input_value("#rg-min-weight") == "1"
        assert watch.errors == []
    finally:
        page.close()
