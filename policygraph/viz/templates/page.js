/* policygraph network page: draws the embedded graph with vis-network.
 *
 * Safety: every string that comes from a document is put on the page with
 * textContent or drawn on the canvas; nothing is parsed as HTML.
 * Tests and benchmarks read window.pg (DataSets, network, time of first draw).
 */
(function () {
  "use strict";

  var timings = { start: performance.now() }; // read by the benchmark
  var data = JSON.parse(document.getElementById("pg-data").textContent);
  timings.parsed = performance.now();
  var meta = data.meta;
  var legend = meta.legend;
  var DIM_COLOR = "rgba(200,200,200,0.35)";
  var DIM_EDGE_COLOR = "rgba(200,200,200,0.25)";
  var LEVELLED = { document: true, issuer: true };

  var typeLabel = labelsOf(legend.types);
  var levelLabel = labelsOf(legend.levels);
  var edgeLabel = labelsOf(legend.edges);
  var hiddenTypes = new Set();
  var hiddenLevels = new Set();

  var pg = (window.pg = { firstDrawMs: null, drawn: false, stabilized: !meta.physics, timings: timings });

  // ---------------------------------------------------------------- data
  // Facts for tooltips, search and filters live beside the vis items, not in them:
  // vis-network copies its items deeply, and 10k nested objects cost seconds.
  var infoOf = {};
  var edgeInfoOf = {};
  var relations = new Set();
  // Large networks start without labels (measuring 10k labels costs seconds, and at
  // that zoom they would not be drawn anyway); revealLabels() adds them as one zooms in.
  var lazyLabels = {};
  data.nodes.forEach(function (n, i) {
    infoOf[n.id] = data.nodeInfo[i];
    n.baseColor = n.color;
    if (meta.lazyLabels) lazyLabels[n.id] = { label: data.nodeLabels[i][0], font: { size: data.nodeLabels[i][1] } };
  });
  data.edges.forEach(function (e, i) {
    e.id = "e" + i;
    edgeInfoOf[e.id] = data.edgeInfo[i];
    relations.add(data.edgeInfo[i].relation);
    e.baseColor = e.color;
  });

  timings.tooltips = performance.now();
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var container = document.getElementById("pg-network");
  timings.datasets = performance.now();
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  timings.network = performance.now();
  pg.network = network;
  pg.nodes = nodes;
  pg.edges = edges;
  pg.infoOf = infoOf;
  pg.shown = function () {
    return nodes.length - hiddenCount;
  };
  var hiddenCount = 0;

  // Tooltips are built on first hover: building 30k DOM trees up front would
  // take seconds on a 10k-node page. vis-network shows an Element title as is.
  network.on("hoverNode", function (params) {
    var n = nodes.get(params.node);
    if (n && !n.title) nodes.update({ id: n.id, title: nodeTip(infoOf[n.id]) });
  });
  network.on("hoverEdge", function (params) {
    var e = edges.get(params.edge);
    if (e && !e.title) edges.update({ id: e.id, title: edgeTip(e) });
  });
  pg.tooltipOf = function (id) {
    return infoOf[id] ? nodeTip(infoOf[id]) : null;
  };

  network.once("afterDrawing", function () {
    pg.firstDrawMs = performance.now();
    pg.drawn = true;
    if (meta.lazyLabels) setTimeout(revealLabels, 0);
  });
  if (meta.lazyLabels) {
    var revealPending = null;
    var revealSoon = function () {
      clearTimeout(revealPending);
      revealPending = setTimeout(revealLabels, 120);
    };
    network.on("zoom", revealSoon);
    network.on("dragEnd", revealSoon);
    network.on("animationFinished", revealSoon);
  }

  function revealLabels() {
    var threshold = data.options.nodes.scaling.label.drawThreshold;
    var readable = threshold / network.getScale(); // smallest font size drawn at this zoom
    var box = container.getBoundingClientRect();
    var topLeft = network.DOMtoCanvas({ x: 0, y: 0 });
    var bottomRight = network.DOMtoCanvas({ x: box.width, y: box.height });
    var waiting = Object.keys(lazyLabels);
    if (!waiting.length) return;
    var positions = network.getPositions(waiting);
    var updates = [];
    waiting.forEach(function (id) {
      var item = lazyLabels[id];
      var p = positions[id];
      if (!p || item.font.size < readable) return;
      if (p.x < topLeft.x || p.x > bottomRight.x || p.y < topLeft.y || p.y > bottomRight.y) return;
      updates.push({ id: id, label: item.label, font: item.font });
      delete lazyLabels[id];
    });
    if (updates.length) nodes.update(updates);
    pg.labelled = (pg.labelled || 0) + updates.length;
  }
  pg.revealLabels = revealLabels;
  if (meta.physics) {
    // Let physics settle once, then freeze so the picture stops moving.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      pg.stabilized = true;
    });
  }

  // ---------------------------------------------------------------- legend and filters
  buildLegend("pg-legend-types", legend.types, "type", hiddenTypes);
  buildLegend("pg-legend-levels", legend.levels, "level", hiddenLevels);
  buildLegend("pg-legend-edges", legend.edges, null, null);
  updateCounts();

  function isShown(id) {
    var info = infoOf[id];
    if (hiddenTypes.has(info.type)) return false;
    if (LEVELLED[info.type] && hiddenLevels.has(info.level || "unknown")) return false;
    return true;
  }

  function buildLegend(id, entries, field, hidden) {
    var list = document.getElementById(id);
    var counts = countBy(field);
    entries.forEach(function (entry) {
      if (field && !counts[entry.key]) return; // only what this graph has
      if (!field && !relations.has(entry.key)) return;
      var li = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "pg-swatch " + (entry.shape || (field ? "dot" : "line"));
      swatch.style.background = entry.color;
      swatch.style.setProperty("--c", entry.color);
      var text = document.createElement("span");
      text.textContent = entry.label;
      li.appendChild(swatch);
      li.appendChild(text);
      if (field) {
        var count = document.createElement("span");
        count.className = "pg-count";
        count.textContent = String(counts[entry.key]);
        li.appendChild(count);
        li.dataset.key = entry.key;
        li.setAttribute("role", "checkbox");
        li.setAttribute("aria-checked", "true");
        li.tabIndex = 0;
        var toggle = function () {
          if (hidden.has(entry.key)) hidden.delete(entry.key);
          else hidden.add(entry.key);
          var off = hidden.has(entry.key);
          li.classList.toggle("pg-off", off);
          li.setAttribute("aria-checked", off ? "false" : "true");
          applyFilters();
          updateCounts();
        };
        li.addEventListener("click", toggle);
        li.addEventListener("keydown", function (ev) {
          if (ev.key === " " || ev.key === "Enter") {
            ev.preventDefault();
            toggle();
          }
        });
      }
      list.appendChild(li);
    });
    var heading = list.previousElementSibling;
    if (!list.children.length && heading && heading.tagName === "H3") heading.hidden = true; // nothing of that kind here
  }

  function applyFilters() {
    var updates = [];
    hiddenCount = 0;
    nodes.forEach(function (n) {
      var hidden = !isShown(n.id);
      if (hidden) hiddenCount++;
      if (hidden !== !!n.hidden) updates.push({ id: n.id, hidden: hidden });
    });
    if (updates.length) nodes.update(updates);
  }

  function countBy(field) {
    var counts = {};
    if (!field) return counts;
    data.nodes.forEach(function (n) {
      var info = infoOf[n.id];
      if (field === "level" && !LEVELLED[info.type]) return;
      var key = field === "level" ? info.level || "unknown" : info[field];
      counts[key] = (counts[key] || 0) + 1;
    });
    return counts;
  }

  function updateCounts() {
    var shown = pg.shown();
    var text = nodes.length + " nodes · " + edges.length + " links";
    if (shown !== nodes.length) text += " (showing " + shown + " nodes)";
    if (!meta.physics) text += " · fixed layout";
    document.getElementById("pg-counts").textContent = text;
  }

  // ---------------------------------------------------------------- search
  var search = document.getElementById("pg-search");
  var result = document.getElementById("pg-search-result");
  var pending = null;
  search.addEventListener("input", function () {
    clearTimeout(pending);
    pending = setTimeout(function () {
      var found = matches(search.value);
      result.textContent = search.value.trim() ? found.length + " match" + (found.length === 1 ? "" : "es") : "";
    }, 150);
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var found = matches(search.value);
    result.textContent = found.length + " match" + (found.length === 1 ? "" : "es");
    if (!found.length) return;
    network.selectNodes(found);
    network.fit({ nodes: found, animation: found.length < 200 });
    if (found.length === 1) showNode(found[0]);
  });
  pg.search = matches;

  function matches(query) {
    var q = query.trim().toLowerCase();
    if (!q) return [];
    return nodes.getIds({
      filter: function (n) {
        if (n.hidden) return false;
        var i = infoOf[n.id];
        return [i.label, i.doc_number, i.issuer].some(function (s) {
          return s && String(s).toLowerCase().indexOf(q) >= 0;
        });
      },
    });
  }

  // ---------------------------------------------------------------- neighbourhood highlight and details
  network.on("click", function (params) {
    if (params.nodes.length) {
      highlight(params.nodes[0]);
      showNode(params.nodes[0]);
    } else {
      highlight(null);
      if (params.edges.length) showEdge(params.edges[0]);
      else showDetails(null);
    }
  });
  pg.highlight = highlight;

  function highlight(id) {
    var keep = null;
    if (id !== null) {
      keep = new Set(network.getConnectedNodes(id));
      keep.add(id);
    }
    var updates = [];
    nodes.forEach(function (n) {
      var dim = keep !== null && !keep.has(n.id);
      if (dim === !!n.pgDim) return;
      updates.push({
        id: n.id,
        pgDim: dim,
        color: dim ? DIM_COLOR : n.baseColor,
        // DataSet.update replaces top-level fields whole: keep the label size
        font: { size: n.font ? n.font.size : undefined, color: dim ? "#c8c8c8" : "#222222" },
      });
    });
    if (updates.length) nodes.update(updates);
    var touching = new Set(id !== null ? network.getConnectedEdges(id) : []);
    var edgeUpdates = [];
    edges.forEach(function (e) {
      var dim = id !== null && !touching.has(e.id);
      if (dim === !!e.pgDim) return;
      edgeUpdates.push({ id: e.id, pgDim: dim, color: dim ? DIM_EDGE_COLOR : e.baseColor });
    });
    if (edgeUpdates.length) edges.update(edgeUpdates);
  }

  function showNode(id) {
    var n = nodes.get(id);
    showDetails(n ? nodeTip(infoOf[n.id]) : null);
  }

  function showEdge(id) {
    var e = edges.get(id);
    showDetails(e ? edgeTip(e) : null);
  }

  function showDetails(element) {
    var box = document.getElementById("pg-details");
    if (element) {
      box.replaceChildren(element);
    } else {
      var muted = document.createElement("span");
      muted.className = "pg-muted";
      muted.textContent = "click a node or link";
      box.replaceChildren(muted);
    }
  }

  // ---------------------------------------------------------------- tooltips (DOM, textContent only)
  function nodeTip(info) {
    var rows = [];
    var kind = typeLabel[info.type] || info.type;
    if (LEVELLED[info.type]) kind += " · " + (levelLabel[info.level || "unknown"] || info.level);
    rows.push(["type 类型", kind]);
    if (info.amount !== undefined) rows.push([info.type === "project" ? "amount 金额" : "money 资金", yuan(info.amount)]);
    if (info.n_projects !== undefined) rows.push(["projects 项目数", String(info.n_projects)]);
    if (info.doc_number) rows.push(["number 文号", info.doc_number]);
    if (info.issuer) rows.push(["issuer 发文机关", info.issuer]);
    if (info.doc_type) rows.push(["kind 文种", info.doc_type]);
    if (info.year !== undefined) rows.push(["year 年度", String(info.year)]);
    if (info.years && String(info.years) !== String(info.year)) rows.push(["fiscal years 预算年度", info.years]);
    if (info.flags) rows.push(["check 注意", "⚠ " + info.flags.split(" ").join(", ")]);
    if (info.orphaned !== undefined && info.orphaned > 0) rows.push(["sole basis of 唯一依据", yuan(info.orphaned)]);
    if (info.pagerank !== undefined) rows.push(["PageRank", Number(info.pagerank).toFixed(4)]);
    if (info.source_file) rows.push(["source 来源", info.source_file + (info.line !== undefined ? " : line " + info.line : "")]);
    return tip(info.label, rows);
  }

  function edgeTip(e) {
    var info = edgeInfoOf[e.id];
    var rows = [
      ["from", infoOf[e.from] ? infoOf[e.from].label : e.from],
      ["to", infoOf[e.to] ? infoOf[e.to].label : e.to],
    ];
    if (info.weight !== undefined) rows.push(["money 资金", yuan(info.weight)]);
    if (info.n_projects !== undefined) rows.push(["projects 项目数", String(info.n_projects)]);
    if (info.years) rows.push(["fiscal years 预算年度", info.years]);
    else if (info.year !== undefined) rows.push(["year 年度", String(info.year)]);
    return tip(edgeLabel[info.relation] || info.relation, rows);
  }

  function tip(title, rows) {
    var box = document.createElement("div");
    box.className = "pg-tip";
    var head = document.createElement("div");
    head.className = "pg-tip-title";
    head.textContent = title;
    box.appendChild(head);
    var table = document.createElement("table");
    rows.forEach(function (row) {
      var tr = document.createElement("tr");
      var th = document.createElement("th");
      var td = document.createElement("td");
      th.textContent = row[0];
      td.textContent = row[1];
      tr.appendChild(th);
      tr.appendChild(td);
      table.appendChild(tr);
    });
    box.appendChild(table);
    return box;
  }

  function yuan(value) {
    var v = Number(value);
    var wan = (v / 10000).toLocaleString("zh-CN", { maximumFractionDigits: 2 });
    return "¥" + v.toLocaleString("zh-CN") + " (" + wan + " 万元)";
  }

  function labelsOf(entries) {
    var out = {};
    entries.forEach(function (e) {
      out[e.key] = e.label;
    });
    return out;
  }
})();
