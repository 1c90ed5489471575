"""The page machinery without a browser: escaping, assets, options, file writing, views' choices."""

from __future__ import annotations

import html
import json
import re

import networkx as nx
import pytest
from hypothesis import given, settings, strategies as st

from render_support import H_IMG, H_SCRIPT, hostile_plan
from respgraph.errors import InputError
from respgraph.render import page as pagemod
from respgraph.render import views
from respgraph.render.layout import spring_positions
from respgraph.render.page import json_for_script, page_html, safe_color, vis_assets, vis_options, write_page


def _data_block(text):
    m = re.search(r'<script type="application/json" id="rg-data">(.*?)</script>', text, re.S)
    assert m, "no data block"
    return m.group(1)


@given(st.recursive(st.text() | st.integers() | st.booleans() | st.none(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=20))
@settings(max_examples=200, deadline=None)
def test_json_for_script_round_trips_and_hides_markup(value):
    text = json_for_script(value)
    assert json.loads(text) == value
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in text


def test_json_for_script_escapes_each_dangerous_character():
    assert json_for_script("</script>") == '"\\u003c/script\\u003e"'
    assert json_for_script("a&b") == '"a\\u0026b"'
    assert json_for_script("\u2028\u2029") == '"\\u2028\\u2029"'
    assert json_for_script("拱墅") == '"拱墅"'  # CJK stays readable


def test_hostile_text_never_reaches_the_page_as_markup():
    text = views.coordination_page([hostile_plan()], title="</script><script>x()</script>")
    block = _data_block(text)
    assert "<" not in block and ">" not in block
    data = json.loads(block)
    assert data["title"] == "</script><script>x()</script>"
    labels = {n["label"] for n in data["nodes"]}
    assert {H_IMG, H_SCRIPT} <= labels
    # outside the data block the names do not appear at all (not even escaped for HTML)
    outside = text.replace(block, "")
    assert H_IMG not in outside and "onerror" not in outside.split("<script>", 1)[0]
    assert "<title>&lt;/script&gt;&lt;script&gt;x()&lt;/script&gt;</title>" in text


def test_safe_color_accepts_only_plain_colours():
    for ok in ("#abc", "#1f77b4", "rgba(192,57,43,0.3)", "rgb(1, 2, 3)"):
        assert safe_color(ok) == ok
    for bad in ("red", "#12345z", "rgba(1,2,3,0.3);x", "url(http://x)", "expression(alert(1))"):
        with pytest.raises(ValueError):
            safe_color(bad)
    with pytest.raises(ValueError):
        page_html([], [], title="t", legend=[{"label": "x", "color": "blue;background:url(x)"}])


def test_vis_assets_are_the_standalone_build_and_inline_safely():
    js, css = vis_assets()
    assert "vis-network" in js[:200] and "DataSet" in js and "DataView" in js
    assert "</script" not in js.lower() and "<!--" not in js
    assert "</style" not in css.lower()
    assert not re.search(r"url\(\s*['\"]?(?!data:)", css.replace('url("data:', "").replace("url(data:", ""))


def test_page_has_no_template_holes_and_script_hashes_match():
    text = page_html([{"id": "a", "label": "甲"}], [], title="甲")
    assert "{{" not in text and "{%" not in text
    js, _ = vis_assets()
    assert pagemod._csp_hash(js) in html.unescape(text)
    assert "sourceMappingURL" not in text


def test_write_page_is_utf8_whatever_the_locale(tmp_path, monkeypatch):
    import locale

    monkeypatch.setattr(locale, "getpreferredencoding", lambda do_setlocale=True: "cp1252")
    path = write_page(tmp_path / "sub" / "p.html", page_html([{"id": "拱墅", "label": "拱墅"}], [], title="拱墅区"))
    raw = path.read_bytes()
    assert "拱墅区".encode("utf-8") in raw
    raw.decode("utf-8")


def test_write_page_reports_an_unwritable_path(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError) as err:
        write_page(blocker / "p.html", "x")
    assert str(blocker / "p.html") in str(err.value)


def test_physics_switches_off_above_the_limit():
    limit = pagemod.PHYSICS_NODE_LIMIT
    assert vis_options(limit, 10)["physics"]["enabled"] is True
    assert vis_options(limit + 1, 10)["physics"]["enabled"] is False
    assert vis_options(limit + 1, 10)["edges"]["smooth"] is False
    assert vis_options(5, 5, physics=False)["physics"]["enabled"] is False


def test_layout_is_seeded_and_keeps_connected_nodes_close():
    G = nx.Graph()
    nx.add_path(G, range(10))
    nx.add_path(G, range(10, 20))
    first = spring_positions(G, seed=3)
    assert first == spring_positions(G, seed=3)
    assert set(first) == set(G)
    # neighbours end up closer than the average pair
    import math

    pairs = [(u, v) for u in G for v in G if u < v]
    mean = sum(math.dist(first[u], first[v]) for u, v in pairs) / len(pairs)
    edge_mean = sum(math.dist(first[u], first[v]) for u, v in G.edges) / G.number_of_edges()
    assert edge_mean < mean / 2
    assert spring_positions(nx.Graph()) == {}


def test_views_reject_unknown_choices_with_the_option_named():
    plan = hostile_plan()
    with pytest.raises(InputError, match="height") as caught:
        views.coordination_page([plan], size_by="height")
    assert caught.value.option == "size_by"
    with pytest.raises(InputError, match="mood") as caught:
        views.coordination_page([plan], color_by="mood")
    assert caught.value.option == "color_by"
    with pytest.raises(InputError, match="unit") as caught:
        views.ego_page([plan], "no such unit")
    assert caught.value.option == "unit"  # the CLI shows it as its flag (--unit)
    with pytest.raises(InputError, match="several units"):
        views.ego_page([plan], "区")  # 区发改局, 区财政局, 区城管局
    with pytest.raises(InputError) as caught:
        views.render_view([plan], "ego")
    assert caught.value.option == "unit"


def test_sizes_follow_the_chosen_measure():
    plan = hostile_plan()
    data = json.loads(_data_block(views.coordination_page([plan], size_by="degree", color_by="kind")))
    size = {n["id"]: n["size"] for n in data["nodes"]}
    # degree: 发改, 财政 and H_IMG have 2 partners, H_SCRIPT and 武林 one, 区城管局 none
    assert size["区发改局"] == size["区财政局"] == size[H_IMG] > size[H_SCRIPT] == size["武林街道"] > size["区城管局"]
    colours = {n["id"]: n["color"] for n in data["nodes"]}
    assert colours["武林街道"] == views.KIND_COLORS["street"]
    assert colours[H_IMG] == views.KIND_COLORS["party"]


def test_min_shared_thins_edges_but_keeps_units():
    plan = hostile_plan()
    data = json.loads(_data_block(views.coordination_page([plan], min_shared=2)))
    assert len(data["nodes"]) == 6
    assert [(e["from"], e["to"]) for e in data["edges"]] in ([("区发改局", "区财政局")], [("区财政局", "区发改局")])


def test_ego_page_shows_the_full_graphs_measures():
    plan = hostile_plan()
    full = json.loads(_data_block(views.coordination_page([plan], size_by="degree", color_by="kind")))
    ego = json.loads(_data_block(views.ego_page([plan], "区财政局", depth=1, size_by="degree", color_by="kind")))
    # 财政's partners: 发改 and H_IMG (tasks 1, 2); H_SCRIPT, 武林, 城管 are out of reach
    assert {n["id"] for n in ego["nodes"]} == {"区财政局", "区发改局", H_IMG}
    full_size = {n["id"]: n["size"] for n in full["nodes"]}
    assert all(n["size"] == full_size[n["id"]] for n in ego["nodes"])
    ego2 = json.loads(_data_block(views.ego_page([plan], "区财政局", depth=1, min_shared=2)))
    assert {n["id"] for n in ego2["nodes"]} == {"区财政局", "区发改局"}


def test_static_svg_is_escaped_xml_with_names_as_text():
    import xml.etree.ElementTree as ET

    plan = hostile_plan()
    ns = "{http://www.w3.org/2000/svg}"
    for view in ("coordination", "tasks", "leaders", "streets"):
        figure = views.render_figure([plan], view, title="<b>t</b> & \x01")
        text = figure.svg()
        root = ET.fromstring(text.encode("utf-8"))
        texts = [t.text or "" for t in root.iter(ns + "text")]
        assert "<b>t</b> & " in texts  # the title, escaped and read back; \x01 (not XML) dropped
        assert not list(root.iter(ns + "script")) and not list(root.iter(ns + "foreignObject"))
        assert "<b>" not in text and "<img" not in text and "<svg onload" not in text
        if view in ("coordination", "tasks"):
            assert H_IMG in texts or H_SCRIPT in texts


def test_static_svg_draws_what_the_page_shows_first():
    import xml.etree.ElementTree as ET

    ns = "{http://www.w3.org/2000/svg}"
    figure = views.coordination_figure([hostile_plan()], show_min_shared=2)
    nodes, edges = figure.first_view()
    # only 发改–财政 share two tasks: two units and one link show at first
    assert sorted(n["id"] for n in nodes) == ["区发改局", "区财政局"] and len(edges) == 1
    root = ET.fromstring(figure.svg().encode("utf-8"))
    assert len(list(root.iter(ns + "line"))) == 1
    assert len(list(root.iter(ns + "circle"))) == 2
    labels = [t.text for g in root.iter(ns + "g") if g.get("class") == "labels" for t in g.iter(ns + "text")]
    assert sorted(labels) == ["区发改局", "区财政局"]


def test_layouts_leave_no_two_nodes_overlapping(seed_plan):
    from respgraph.render.layout import boxes_overlap

    for view in ("coordination", "tasks", "leaders", "streets"):
        figure = views.render_figure([seed_plan], view)
        boxes = []
        for n in figure.nodes:
            hw, hh = views.half_extent(n)
            boxes.append((n["x"] - hw, n["y"] - hh, n["x"] + hw, n["y"] + hh))
        clashes = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes_overlap(boxes[i], boxes[j])]
        assert clashes == [], view


def test_separate_parts_boxes_and_keeps_fixed_ones():
    from respgraph.render.layout import boxes_overlap, separate

    boxes = {i: (i % 3, i // 3, 12, 8) for i in range(30)}  # thirty boxes piled on a 3 × 10 px patch
    boxes["wall"] = (0, 0, 40, 40)
    out = separate(boxes, gap=2, fixed={"wall"})
    assert out["wall"] == (0, 0)
    rects = {k: (x - boxes[k][2], y - boxes[k][3], x + boxes[k][2], y + boxes[k][3]) for k, (x, y) in out.items()}
    keys = list(rects)
    assert not any(boxes_overlap(rects[a], rects[b]) for i, a in enumerate(keys) for b in keys[i + 1:])
