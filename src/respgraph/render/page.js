/* respgraph network page.  Every text that comes from data is set with
   textContent or passed to vis-network as a DOM element built with
   textContent: document text is never parsed as markup. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("rg-data").textContent);
  var byId = function (id) { return document.getElementById(id); };
  var rg = { ready: false, drawn: false, stabilized: false };
  window.rg = rg;

  function setText(el, value) { el.textContent = value == null ? "" : String(value); }

  var TIP_TASKS = 12;  // tasks listed in one tooltip before "… and N more"

  /* A tooltip: the record's own lines, then (with tipTasks) one line per task
     behind it, taken from data.tasks so each task's text is sent only once. */
  function tipElement(record) {
    var lines = (record.tip || []).slice();
    if (record.tipTasks && record.tasks) {
      var ids = record.tasks;
      for (var k = 0; k < ids.length && k < TIP_TASKS; k++) {
        var task = data.tasks[ids[k]];
        lines.push(task ? task.line : ids[k]);
      }
      if (ids.length > TIP_TASKS) lines.push("… and " + (ids.length - TIP_TASKS) + " more 等");
    }
    var box = document.createElement("div");
    box.className = "rg-tip";
    for (var i = 0; i < lines.length; i++) {
      var line = document.createElement(i === 0 ? "strong" : "div");
      line.textContent = String(lines[i]);
      box.appendChild(line);
    }
    return box;
  }

  /* ---- title, caption, legend ---- */
  setText(byId("rg-title"), data.title);
  setText(byId("rg-caption"), data.caption.join(" · "));

  var legendList = byId("rg-legend-list");
  data.legend.forEach(function (entry) {
    var item = document.createElement("li");
    var mark = document.createElement("span");
    if (entry.edge) {
      mark.className = "rg-swatch-edge";
      mark.style.borderTopStyle = entry.dashes ? "dashed" : "solid";
      mark.style.borderTopColor = entry.color;
      item.appendChild(mark);
    } else if (entry.color) {
      mark.className = "rg-swatch rg-shape-" + (entry.shape === "box" || entry.shape === "square" ? "box"
        : entry.shape === "diamond" ? "diamond" : entry.shape === "star" ? "star" : "dot");
      mark.style.backgroundColor = entry.color;
      item.appendChild(mark);
    } else {
      item.className = "rg-note";
    }
    var label = document.createElement("span");
    label.textContent = String(entry.label);
    item.appendChild(label);
    legendList.appendChild(item);
  });

  /* ---- filters' choices ---- */
  function fillSelect(select, choices) {
    choices.forEach(function (choice) {
      var option = document.createElement("option");
      option.value = String(choice[0]);
      option.textContent = String(choice[1]);
      select.appendChild(option);
    });
    if (!choices.length) select.parentNode.style.display = "none";
  }
  var sectionSelect = byId("rg-section");
  var leaderSelect = byId("rg-leader");
  var edgeSelect = byId("rg-edge-type");
  fillSelect(sectionSelect, data.sections.map(function (s) { return [s, s]; }));
  fillSelect(leaderSelect, data.leaders.map(function (s) { return [s, s]; }));
  fillSelect(edgeSelect, data.edgeTypes);
  var minWeightBox = byId("rg-min-weight");
  minWeightBox.max = String(data.maxWeight);
  if (data.maxWeight <= 1) byId("rg-min-weight-label").style.display = "none";
  if (data.weightLabel) setText(byId("rg-min-weight-text"), data.weightLabel);
  function minWeight() {
    var value = parseInt(minWeightBox.value, 10);
    return isNaN(value) || value < 1 ? 1 : value;
  }

  /* ---- the network ---- */
  var rawNodes = data.nodes;
  var rawEdges = data.edges;
  // vis draws the label inside these shapes; every other shape gets an outside
  // label from placeLabels below, where it overlaps nothing
  var INSIDE = { box: 1, text: 1, ellipse: 1, circle: 1, database: 1 };
  var PAGE_ONLY = { tip: 1, tipTasks: 1, tasks: 1, find: 1, findOrder: 1, rank: 1, labelStyle: 1, keep: 1,
    cell: 1, cellTop: 1, cellPalette: 1 };
  var rawById = {};
  var outsideLabel = {};
  var visNodes = rawNodes.map(function (n) {
    rawById[n.id] = n;
    var copy = {};
    for (var key in n) {
      if (!PAGE_ONLY[key]) copy[key] = n[key];
    }
    if (!INSIDE[n.shape || "dot"]) {
      if (n.label != null && String(n.label) !== "") outsideLabel[n.id] = String(n.label);
      delete copy.label;
    }
    if (n.tip && n.tip.length) copy.title = tipElement(n);
    copy.hidden = false;
    return copy;
  });
  // label priority: rank (the view's size measure) first, then size, then name
  var labelOrder = Object.keys(outsideLabel).map(function (k) { return rawById[k] ? rawById[k].id : k; });
  labelOrder.sort(function (a, b) {
    var ra = rawById[a].rank || 0, rb = rawById[b].rank || 0;
    if (rb !== ra) return rb - ra;
    var sa = rawById[a].size || 0, sb = rawById[b].size || 0;
    if (sb !== sa) return sb - sa;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  });
  var visEdges = rawEdges.map(function (e) {
    var copy = {};
    for (var key in e) {
      if (key !== "tip" && key !== "tipTasks" && key !== "tasks" && key !== "tags") copy[key] = e[key];
    }
    if (e.tip && e.tip.length) copy.title = tipElement(e);
    copy.hidden = false;
    return copy;
  });
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var container = byId("rg-network");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  rg.network = network;
  rg.nodes = nodes;
  rg.edges = edges;

  /* ---- outside labels: the most important first, each where it overlaps
     no node and no other label; the rest show on zoom (labels keep their
     size on screen while the nodes spread) or in the tooltip ---- */
  var LABEL_FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif";
  var hoverId = null;
  var measureCtx = document.createElement("canvas").getContext("2d");
  var widthCache = {};

  function labelFont(n) {
    return n.labelStyle === "leader" ? { size: 15, weight: "bold" } : { size: 13, weight: "normal" };
  }

  function textWidth(text, font) {
    var key = font.weight + font.size + "|" + text;
    if (widthCache[key] == null) {
      measureCtx.font = font.weight + " " + font.size + "px " + LABEL_FONT;
      widthCache[key] = Math.ceil(measureCtx.measureText(text).width);
    }
    return widthCache[key];
  }

  function viewTransform() {
    var scale = network.getScale();
    var view = network.getViewPosition();
    var w = container.clientWidth, h = container.clientHeight;
    return function (x, y) { return [(x - view.x) * scale + w / 2, (y - view.y) * scale + h / 2]; };
  }

  /* Every visible node's shape as a screen box {id, left, top, right, bottom}. */
  function shapeBoxes() {
    var toDom = viewTransform();
    var out = [];
    rawNodes.forEach(function (n) {
      if (hiddenNode[n.id]) return;
      var b = network.getBoundingBox(n.id);
      if (!b) return;
      var a = toDom(b.left, b.top), c = toDom(b.right, b.bottom);
      out.push({ id: n.id, left: a[0], top: a[1], right: c[0], bottom: c[1] });
    });
    return out;
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function placeLabels() {
    var w = container.clientWidth, h = container.clientHeight;
    var cell = 64, grid = {};
    function cellsOf(box, visit) {
      for (var gx = Math.floor(box.left / cell); gx <= Math.floor(box.right / cell); gx++) {
        for (var gy = Math.floor(box.top / cell); gy <= Math.floor(box.bottom / cell); gy++) {
          if (visit(gx + "," + gy) === false) return false;
        }
      }
      return true;
    }
    function add(box) { cellsOf(box, function (k) { (grid[k] = grid[k] || []).push(box); }); }
    var anchors = {};
    shapeBoxes().forEach(function (b) {
      anchors[b.id] = b;
      if (b.right < -cell || b.left > w + cell || b.bottom < -cell || b.top > h + cell) return;
      b.owner = b.id;
      add(b);
    });
    var order = labelOrder;
    var first = [];
    var selected = network.getSelectedNodes();
    [hoverId].concat(selected).forEach(function (id) {
      if (id != null && outsideLabel[id] != null && first.indexOf(id) < 0) first.push(id);
    });
    var placed = [];
    first.concat(order).forEach(function (id, i) {
      if (i >= first.length && first.indexOf(id) >= 0) return;
      var anchor = anchors[id];
      if (!anchor) return;
      if (anchor.right < 0 || anchor.left > w || anchor.bottom < 0 || anchor.top > h) return;
      var n = rawById[id];
      var font = labelFont(n);
      var text = outsideLabel[id];
      // the line box of a CJK font (ascent + descent about 1.45 em), so an SVG <text> fits it too
      var lw = textWidth(text, font), lh = Math.ceil(font.size * 1.45);
      var cx = (anchor.left + anchor.right) / 2, cy = (anchor.top + anchor.bottom) / 2;
      var spots = [[cx - lw / 2, anchor.bottom + 2], [cx - lw / 2, anchor.top - 2 - lh],
        [anchor.right + 2, cy - lh / 2], [anchor.left - 2 - lw, cy - lh / 2],
        [anchor.right, anchor.bottom], [anchor.left - lw, anchor.bottom],
        [anchor.right, anchor.top - lh], [anchor.left - lw, anchor.top - lh]];
      for (var k = 0; k < spots.length; k++) {
        var box = { left: spots[k][0], top: spots[k][1], right: spots[k][0] + lw, bottom: spots[k][1] + lh };
        if (box.left < 2 || box.top < 2 || box.right > w - 2 || box.bottom > h - 2) continue;
        var free = cellsOf(box, function (key) {
          var list = grid[key] || [];
          for (var j = 0; j < list.length; j++) {
            if (list[j].owner === id) continue;
            if (overlaps(box, list[j])) return false;
          }
          return true;
        });
        if (free) {
          box.owner = "label:" + id;
          box.id = id;
          box.text = text;
          box.size = font.size;
          box.weight = font.weight;
          add(box);
          placed.push(box);
          break;
        }
      }
    });
    return placed;
  }

  rg.labels = [];
  network.on("afterDrawing", function (ctx) {
    var placed = placeLabels();
    rg.labels = placed;
    var ratio = ctx.canvas.width / Math.max(1, ctx.canvas.clientWidth);
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textBaseline = "top";
    ctx.lineJoin = "round";
    placed.forEach(function (box) {
      ctx.font = box.weight + " " + box.size + "px " + LABEL_FONT;
      var y = box.top + Math.round(box.size * 0.22);
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.strokeText(box.text, box.left, y);
      ctx.fillStyle = box.id === hoverId ? "#000000" : "#222222";
      ctx.fillText(box.text, box.left, y);
    });
    ctx.restore();
  });
  network.on("hoverNode", function (p) { hoverId = p.node; network.redraw(); });
  network.on("blurNode", function () { hoverId = null; network.redraw(); });

  /* ---- the whole (visible) graph in the window, with a margin ---- */
  var FIT_PAD = 30;
  function fitView() {
    var left = Infinity, top = Infinity, right = -Infinity, bottom = -Infinity;
    rawNodes.forEach(function (n) {
      if (hiddenNode[n.id]) return;
      var b = network.getBoundingBox(n.id);
      if (!b) return;
      left = Math.min(left, b.left); top = Math.min(top, b.top);
      right = Math.max(right, b.right); bottom = Math.max(bottom, b.bottom);
    });
    if (left === Infinity) return false;
    var w = container.clientWidth, h = container.clientHeight;
    // room for the labels of the outermost nodes: one line below, a little at the sides
    var scale = Math.min((w - 2 * FIT_PAD) / Math.max(right - left, 1), (h - 2 * FIT_PAD - 18) / Math.max(bottom - top, 1));
    scale = Math.max(0.02, Math.min(scale, 1.6));
    network.moveTo({ position: { x: (left + right) / 2, y: (top + bottom) / 2 + 9 / scale }, scale: scale,
      animation: false });
    return true;
  }
  rg.fit = fitView;

  // physics is off (positions come from Python); after the first drawing the
  // shapes' sizes are known, so the view is fitted and the page is ready
  network.once("afterDrawing", function () {
    rg.drawn = true;
    fitView();
    network.once("afterDrawing", function () { rg.ready = true; });
    network.redraw();
  });
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    rg.stabilized = true;
  });

  /* ---- filters: set `hidden` on nodes and edges ---- */
  var hiddenNode = {};
  var hiddenEdge = {};

  function selectedTasks() {
    var section = sectionSelect.value;
    var leader = leaderSelect.value;
    if (!section && !leader) return null;
    var keep = new Set();
    Object.keys(data.tasks).forEach(function (id) {
      var task = data.tasks[id];
      if (section && task.section !== section) return;
      if (leader && (task.leaders || []).indexOf(leader) < 0) return;
      keep.add(id);
    });
    return keep;
  }

  function anyIn(list, set) {
    if (!list) return false;
    for (var i = 0; i < list.length; i++) if (set.has(list[i])) return true;
    return false;
  }

  /* A heat-map cell: recount its tasks under the filters, recolour it. */
  var cellShown = {};
  function heatColor(value, top, palette) {
    if (!top || value <= 0) return "#f4f6f4";
    var t = Math.sqrt(Math.min(value / top, 1));
    var low = palette === "green" ? [232, 245, 233] : [236, 239, 241];
    var high = palette === "green" ? [27, 94, 32] : [55, 71, 79];
    return "#" + low.map(function (a, i) {
      var c = Math.round(a + (high[i] - a) * t).toString(16);
      return c.length < 2 ? "0" + c : c;
    }).join("");
  }
  function cellUpdate(n, keep, edgeType) {
    var count = 0, named = 0;
    n.cell.forEach(function (item) {
      if (keep !== null && !keep.has(item[0])) return;
      if (edgeType && item[1] !== edgeType) return;
      count++;
      if (item[1] === "named") named++;
    });
    var key = count + "/" + named;
    if (cellShown[n.id] === undefined) cellShown[n.id] = n.cell.length + "/" +
      n.cell.filter(function (item) { return item[1] === "named"; }).length;
    if (cellShown[n.id] === key) return null;
    cellShown[n.id] = key;
    var fill = heatColor(count, n.cellTop, n.cellPalette);
    return { id: n.id, label: count ? (named ? count + " (" + named + ")" : String(count)) : " ",
      color: { background: fill, border: named ? "#1b3a1d" : fill,
        highlight: { background: fill, border: "#000000" }, hover: { background: fill, border: "#000000" } },
      borderWidth: named ? 2.5 : 1,
      font: { size: 14, color: n.cellTop && count / n.cellTop > 0.3 ? "#ffffff" : "#1b1b1b" } };
  }

  function applyFilters(refit) {
    var keep = selectedTasks();
    var edgeType = edgeSelect.value;
    var least = minWeight();
    var nodeOk = {};
    rawNodes.forEach(function (n) { nodeOk[n.id] = keep === null || anyIn(n.tasks, keep); });
    var linked = {};
    var edgeChanges = [];
    var byWeight = 0, byType = 0;
    rawEdges.forEach(function (e) {
      var base = nodeOk[e.from] && nodeOk[e.to] && (keep === null || anyIn(e.tasks, keep));
      var typeOk = !edgeType || (e.tags || []).indexOf(edgeType) >= 0;
      var weightOk = (e.weight || 1) >= least;
      var visible = base && typeOk && weightOk;
      if (base && typeOk && !weightOk) byWeight++;
      if (base && weightOk && !typeOk) byType++;
      if (visible) { linked[e.from] = true; linked[e.to] = true; }
      if (!!hiddenEdge[e.id] === visible) {
        hiddenEdge[e.id] = !visible;
        edgeChanges.push({ id: e.id, hidden: !visible });
      }
    });
    var nodeChanges = [];
    rawNodes.forEach(function (n) {
      var visible;
      if (n.cell) {
        var change = cellUpdate(n, keep, edgeType);
        if (change) nodeChanges.push(change);
        visible = true;
      } else if (n.keep) {
        visible = true;
      } else if (n.decor) {
        visible = nodeOk[n.id];
      } else {
        // an edge-type or weight filter also hides the nodes it leaves without any edge
        // (a weight filter does not where the layout already says where a node belongs)
        var lonelyOk = !edgeType && (least <= 1 || data.keepLonely);
        visible = nodeOk[n.id] && (lonelyOk || !!linked[n.id]);
      }
      if (!!hiddenNode[n.id] === visible) {
        hiddenNode[n.id] = !visible;
        nodeChanges.push({ id: n.id, hidden: !visible });
      }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    setText(byId("rg-weight-hidden"), byWeight ? "(" + byWeight + " lighter links hidden 已隐藏)" : "");
    setText(byId("rg-type-hidden"), byType ? "(" + byType + " links of other kinds hidden 已隐藏)" : "");
    rg.hiddenBy = { weight: byWeight, type: byType };
    showCounts();
    if (refit !== false && rg.drawn) fitView();
    return visibleCounts();
  }

  function visibleCounts() {
    var n = 0, e = 0, total = 0;
    rawNodes.forEach(function (node) {
      if (node.decor) return;
      total++;
      if (!hiddenNode[node.id]) n++;
    });
    rawEdges.forEach(function (edge) { if (!hiddenEdge[edge.id]) e++; });
    return { nodes: n, edges: e, totalNodes: total, totalEdges: rawEdges.length };
  }

  function showCounts() {
    var c = visibleCounts();
    setText(byId("rg-count"), c.nodes + " / " + c.totalNodes + " " + data.nodeNoun + ", " +
      c.edges + " / " + c.totalEdges + " links");
  }

  [sectionSelect, leaderSelect, edgeSelect, minWeightBox].forEach(function (select) {
    select.addEventListener("change", function () { applyFilters(); });
  });
  minWeightBox.addEventListener("input", function () { applyFilters(); });
  byId("rg-reset").addEventListener("click", function () {
    sectionSelect.value = "";
    leaderSelect.value = "";
    edgeSelect.value = "";
    minWeightBox.value = "1";
    network.unselectAll();
    applyFilters();
  });

  /* ---- search ---- */
  var searchBox = byId("rg-search");
  var results = byId("rg-results");

  function search(text) {
    var q = String(text || "").trim().toLowerCase();
    if (!q) return [];
    var found = [];
    rawNodes.forEach(function (n) {
      if (n.find == null) return;
      var hay = String(n.find).toLowerCase();
      var at = hay.indexOf(q);
      if (at >= 0) {
        found.push({ id: n.id, label: String(n.label), order: n.findOrder || 0, rank: at === 0 ? 0 : 1,
          len: hay.length });
      }
    });
    // units before tasks, names starting with the text first, then shorter names
    found.sort(function (a, b) { return a.order - b.order || a.rank - b.rank || a.len - b.len; });
    return found.slice(0, 30);
  }

  function focusNode(id) {
    if (!nodes.get(id)) return false;
    if (hiddenNode[id]) {
      sectionSelect.value = "";
      leaderSelect.value = "";
      edgeSelect.value = "";
      applyFilters(false);
    }
    if (hiddenNode[id]) {
      // hidden by the weight threshold: a unit the reader asked for is shown with all its links
      minWeightBox.value = "1";
      applyFilters(false);
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: false });
    rg.focused = id;
    return true;
  }

  function clearResults() {
    while (results.firstChild) results.removeChild(results.firstChild);
  }

  function showResults() {
    clearResults();
    var found = search(searchBox.value);
    found.forEach(function (hit) {
      var item = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = hit.label;
      button.addEventListener("click", function () { focusNode(hit.id); clearResults(); });
      item.appendChild(button);
      results.appendChild(item);
    });
    if (searchBox.value.trim() && !found.length) {
      var none = document.createElement("li");
      none.className = "rg-none";
      none.textContent = "no match 无匹配";
      results.appendChild(none);
    }
    return found;
  }

  searchBox.addEventListener("input", showResults);
  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var found = showResults();
      if (found.length) {
        focusNode(found[0].id);
        clearResults();
      }
      event.preventDefault();
    } else if (event.key === "Escape") {
      clearResults();
    }
  });

  /* ---- PNG of the current view, with the title drawn as canvas text ---- */
  function pngDataUrl() {
    var source = container.querySelector("canvas");
    var head = 56;
    var out = document.createElement("canvas");
    out.width = source.width;
    out.height = source.height + head;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = "#222222";
    ctx.font = "bold 18px sans-serif";
    ctx.fillText(String(data.title), 12, 24, out.width - 24);
    ctx.font = "13px sans-serif";
    ctx.fillText(data.caption.join(" · "), 12, 44, out.width - 24);
    ctx.drawImage(source, 0, head);
    return out.toDataURL("image/png");
  }

  function download(href, name) {
    var link = document.createElement("a");
    link.href = href;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.parentNode.removeChild(link);
  }

  byId("rg-png").addEventListener("click", function () { download(pngDataUrl(), data.fileStem + ".png"); });

  /* ---- SVG of the current view: the same shapes, lines and labels, text as
     <text> (built with createElementNS and textContent, serialised by the
     browser, so names stay text) ---- */
  var SVG_NS = "http://www.w3.org/2000/svg";

  function colorOf(value, part) {
    if (value == null) return part === "border" ? "#2b7ce9" : "#97c2fc";
    if (typeof value === "string") return value;
    return value[part] || value.background || value.color || "#97c2fc";
  }

  function starPoints(cx, cy, r) {
    var pts = [];
    for (var i = 0; i < 10; i++) {
      var rad = i % 2 ? r * 0.4 : r;
      var a = -Math.PI / 2 + i * Math.PI / 5;
      pts.push((cx + rad * Math.cos(a)).toFixed(1) + "," + (cy + rad * Math.sin(a)).toFixed(1));
    }
    return pts.join(" ");
  }

  function svgText() {
    var w = container.clientWidth, h = container.clientHeight, head = 56;
    var toDom = viewTransform();
    var scale = network.getScale();
    var positions = network.getPositions();
    var svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("xmlns", SVG_NS);
    svg.setAttribute("width", String(w));
    svg.setAttribute("height", String(h + head));
    svg.setAttribute("viewBox", "0 0 " + w + " " + (h + head));
    svg.setAttribute("font-family", LABEL_FONT);
    function el(name, attrs, parent, text) {
      var e = document.createElementNS(SVG_NS, name);
      for (var k in attrs) e.setAttribute(k, String(attrs[k]));
      if (text != null) e.textContent = String(text);
      (parent || svg).appendChild(e);
      return e;
    }
    el("rect", { x: 0, y: 0, width: w, height: h + head, fill: "#ffffff" });
    el("text", { x: 12, y: 24, "font-size": 18, "font-weight": "bold", fill: "#222222" }, svg, data.title);
    el("text", { x: 12, y: 44, "font-size": 13, fill: "#555555" }, svg, data.caption.join(" · "));
    var g = el("g", { transform: "translate(0," + head + ")" });
    var edgeLayer = el("g", {}, g);
    rawEdges.forEach(function (e) {
      if (hiddenEdge[e.id] || hiddenNode[e.from] || hiddenNode[e.to]) return;
      var a = positions[e.from], b = positions[e.to];
      if (!a || !b) return;
      var p = toDom(a.x, a.y), q = toDom(b.x, b.y);
      var attrs = { x1: p[0].toFixed(1), y1: p[1].toFixed(1), x2: q[0].toFixed(1), y2: q[1].toFixed(1),
        stroke: colorOf(e.color, "color"), "stroke-width": Math.max(0.5, (e.width || 1) * scale).toFixed(2) };
      if (e.dashes) {
        var d = Array.isArray(e.dashes) ? e.dashes : [5, 5];
        attrs["stroke-dasharray"] = d.map(function (v) { return (v * scale).toFixed(1); }).join(" ");
      }
      el("line", attrs, edgeLayer);
    });
    var nodeLayer = el("g", {}, g);
    rawNodes.forEach(function (n) {
      if (hiddenNode[n.id]) return;
      var current = nodes.get(n.id) || n;
      var b = network.getBoundingBox(n.id);
      var pos = positions[n.id];
      if (!b || !pos) return;
      var tl = toDom(b.left, b.top), br = toDom(b.right, b.bottom), c = toDom(pos.x, pos.y);
      var fill = colorOf(current.color, "background"), stroke = colorOf(current.color, "border");
      var bw = (current.borderWidth || 1) * scale;
      var shape = n.shape || "dot";
      var r = (n.size || 25) * scale;
      if (shape === "dot") {
        el("circle", { cx: c[0].toFixed(1), cy: c[1].toFixed(1), r: r.toFixed(1), fill: fill, stroke: stroke,
          "stroke-width": bw.toFixed(2) }, nodeLayer);
      } else if (shape === "star") {
        el("polygon", { points: starPoints(c[0], c[1], r), fill: fill, stroke: stroke, "stroke-width": bw.toFixed(2) },
          nodeLayer);
      } else if (shape === "diamond") {
        el("polygon", { points: [[c[0], c[1] - r], [c[0] + r, c[1]], [c[0], c[1] + r], [c[0] - r, c[1]]]
          .map(function (p) { return p[0].toFixed(1) + "," + p[1].toFixed(1); }).join(" "),
          fill: fill, stroke: stroke, "stroke-width": bw.toFixed(2) }, nodeLayer);
      } else if (shape === "text") {
        // the label is the shape
      } else if (INSIDE[shape]) {
        el("rect", { x: tl[0].toFixed(1), y: tl[1].toFixed(1), width: (br[0] - tl[0]).toFixed(1),
          height: (br[1] - tl[1]).toFixed(1), rx: (6 * scale).toFixed(1), fill: fill, stroke: stroke,
          "stroke-width": bw.toFixed(2) }, nodeLayer);
      } else {
        el("rect", { x: (c[0] - r).toFixed(1), y: (c[1] - r).toFixed(1), width: (2 * r).toFixed(1),
          height: (2 * r).toFixed(1), fill: fill, stroke: stroke, "stroke-width": bw.toFixed(2) }, nodeLayer);
      }
      if (INSIDE[shape] && current.label != null && String(current.label).trim() !== "") {
        var font = current.font || n.font || {};
        var size = (font.size || 14) * scale;
        String(current.label).split("\n").forEach(function (line, i, all) {
          el("text", { x: c[0].toFixed(1), y: (c[1] + (i - (all.length - 1) / 2) * size * 1.15).toFixed(1),
            "font-size": size.toFixed(1), "text-anchor": "middle", "dominant-baseline": "central",
            "font-weight": font.bold ? "bold" : "normal", fill: font.color || "#222222" }, nodeLayer, line);
        });
      }
    });
    var labelLayer = el("g", { "paint-order": "stroke", stroke: "#ffffff", "stroke-width": 3,
      "stroke-linejoin": "round" }, g);
    (rg.labels || []).forEach(function (box) {
      el("text", { x: box.left.toFixed(1), y: box.top.toFixed(1), "font-size": box.size,
        "font-weight": box.weight, "dominant-baseline": "text-before-edge", fill: "#222222" }, labelLayer, box.text);
    });
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + new XMLSerializer().serializeToString(svg) + "\n";
  }

  byId("rg-svg").addEventListener("click", function () {
    var blob = new Blob([svgText()], { type: "image/svg+xml;charset=utf-8" });
    var url = URL.createObjectURL(blob);
    download(url, data.fileStem + ".svg");
    setTimeout(function () { URL.revokeObjectURL(url); }, 5000);
  });

  rg.applyFilters = applyFilters;
  rg.visibleCounts = visibleCounts;
  rg.search = search;
  rg.focusNode = focusNode;
  rg.pngDataUrl = pngDataUrl;
  rg.svgText = svgText;
  rg.shapeBoxes = shapeBoxes;
  if (data.showEdgeType) edgeSelect.value = data.showEdgeType;
  if (data.showMinWeight > 1) {
    // a dense network opens with its lightest links hidden; the box brings them back
    minWeightBox.value = String(Math.min(data.showMinWeight, data.maxWeight));
  }
  applyFilters(false);
})();
