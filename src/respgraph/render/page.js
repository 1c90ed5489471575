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
  function minWeight() {
    var value = parseInt(minWeightBox.value, 10);
    return isNaN(value) || value < 1 ? 1 : value;
  }

  /* ---- the network ---- */
  var rawNodes = data.nodes;
  var rawEdges = data.edges;
  var visNodes = rawNodes.map(function (n) {
    var copy = {};
    for (var key in n) {
      if (key !== "tip" && key !== "tipTasks" && key !== "tasks" && key !== "find" && key !== "findOrder") {
        copy[key] = n[key];
      }
    }
    if (n.tip && n.tip.length) copy.title = tipElement(n);
    copy.hidden = false;
    return copy;
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

  network.once("afterDrawing", function () { rg.drawn = true; if (!data.options.physics.enabled) rg.ready = true; });
  // Small graphs get a short physics run from the given positions, then physics
  // stops: dragging a node moves that node only and the picture stays calm.
  network.once("stabilizationIterationsDone", function () {
    network.setOptions({ physics: { enabled: false } });
    rg.stabilized = true;
    rg.ready = true;
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

  function applyFilters() {
    var keep = selectedTasks();
    var edgeType = edgeSelect.value;
    var least = minWeight();
    var nodeOk = {};
    rawNodes.forEach(function (n) { nodeOk[n.id] = keep === null || anyIn(n.tasks, keep); });
    var linked = {};
    var edgeChanges = [];
    rawEdges.forEach(function (e) {
      var visible = nodeOk[e.from] && nodeOk[e.to] &&
        (keep === null || anyIn(e.tasks, keep)) &&
        (!edgeType || (e.tags || []).indexOf(edgeType) >= 0) &&
        (e.weight || 1) >= least;
      if (visible) { linked[e.from] = true; linked[e.to] = true; }
      if (!!hiddenEdge[e.id] === visible) {
        hiddenEdge[e.id] = !visible;
        edgeChanges.push({ id: e.id, hidden: !visible });
      }
    });
    var nodeChanges = [];
    rawNodes.forEach(function (n) {
      // an edge-type or weight filter also hides the nodes it leaves without any edge
      var visible = nodeOk[n.id] && ((!edgeType && least <= 1) || !!linked[n.id]);
      if (!!hiddenNode[n.id] === visible) {
        hiddenNode[n.id] = !visible;
        nodeChanges.push({ id: n.id, hidden: !visible });
      }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    showCounts();
    return visibleCounts();
  }

  function visibleCounts() {
    var n = 0, e = 0;
    rawNodes.forEach(function (node) { if (!hiddenNode[node.id]) n++; });
    rawEdges.forEach(function (edge) { if (!hiddenEdge[edge.id]) e++; });
    return { nodes: n, edges: e, totalNodes: rawNodes.length, totalEdges: rawEdges.length };
  }

  function showCounts() {
    var c = visibleCounts();
    setText(byId("rg-count"), c.nodes + " / " + c.totalNodes + " " + data.nodeNoun + ", " +
      c.edges + " / " + c.totalEdges + " links");
  }

  [sectionSelect, leaderSelect, edgeSelect, minWeightBox].forEach(function (select) {
    select.addEventListener("change", applyFilters);
  });
  minWeightBox.addEventListener("input", applyFilters);
  byId("rg-reset").addEventListener("click", function () {
    sectionSelect.value = "";
    leaderSelect.value = "";
    edgeSelect.value = "";
    minWeightBox.value = "1";
    applyFilters();
    network.unselectAll();
    network.fit({ animation: false });
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
      applyFilters();
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

  byId("rg-png").addEventListener("click", function () {
    var link = document.createElement("a");
    link.href = pngDataUrl();
    link.download = data.fileStem + ".png";
    document.body.appendChild(link);
    link.click();
    link.parentNode.removeChild(link);
  });

  rg.applyFilters = applyFilters;
  rg.visibleCounts = visibleCounts;
  rg.search = search;
  rg.focusNode = focusNode;
  rg.pngDataUrl = pngDataUrl;
  if (data.showMinWeight > 1) {
    // a dense network opens with its lightest links hidden; the box brings them back
    minWeightBox.value = String(Math.min(data.showMinWeight, data.maxWeight));
    applyFilters();
  } else {
    showCounts();
  }
})();
