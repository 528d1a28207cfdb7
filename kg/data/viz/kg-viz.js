// kg page: draws the graph at the positions computed in Python (physics off), filters it by class,
// relation, time and confidence, shows each fact's evidence in context, draws the overview charts
// as inline SVG, and exports the view as PNG and the visible facts as CSV. Nothing is fetched.
// Every string that comes from the data is put in the page with textContent, never innerHTML.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  performance.mark("kg:data-parsed");
  var ui = data.ui;
  var SVG = "http://www.w3.org/2000/svg";

  // ------------------------------------------------------------ the data as objects
  function unpack(fields, row) {
    var out = {};
    for (var i = 0; i < fields.length; i++) out[fields[i]] = row[i];
    return out;
  }
  function absolute(id, base) { return /^[a-z][a-z0-9+.-]*:/i.test(id) ? id : base + id; }
  var docs = data.docs.map(function (row) {
    var d = unpack(data.fields.doc, row);
    d.iri = absolute(d.id, data.documentBase);
    return d;
  });
  var months = data.months;
  function statement(row) {
    var s = unpack(data.fields.statement, row);
    s.extractorName = s.extractor >= 0 ? data.extractors[s.extractor] : null;
    s.document = s.doc >= 0 ? docs[s.doc] : null;
    return s;
  }
  var entities = data.nodes.map(function (row, i) {
    var n = unpack(data.fields.node, row);
    n.index = i;
    n.iri = absolute(n.id, data.entityBase);
    n.edges = [];
    n.facts = n.facts.map(function (frow) {
      var f = unpack(data.fields.fact, frow);
      f.statement = statement(f.statement);
      return f;
    });
    return n;
  });
  var relationsOf = data.edges.map(function (row, j) {
    var e = unpack(data.fields.edge, row);
    e.index = j;
    e.source = entities[e.from];
    e.target = entities[e.to];
    e.statements = e.statements.map(statement);
    e.source.edges.push(e);
    if (e.target !== e.source) e.target.edges.push(e);
    return e;
  });
  var classInfo = {};
  data.classes.forEach(function (c) { classInfo[c.cls] = c; });

  // ------------------------------------------------------------ small DOM helpers (text only)
  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function byId(id) { return document.getElementById(id); }
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function fmtConfidence(value) { return value === null || value === undefined ? "?" : Number(value).toFixed(2); }
  function fmtCount(n) { return Number(n).toLocaleString(data.lang); }
  function fmtMonth(key) {
    var date = new Date(Date.UTC(Number(key.slice(0, 4)), Number(key.slice(5, 7)) - 1, 1));
    return date.toLocaleDateString(data.lang, { month: "short", year: "numeric", timeZone: "UTC" });
  }
  var plurals = new Intl.PluralRules(data.lang);
  function plural(n, one, other) { return plurals.select(n) === "one" ? one : other; }
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, k) { return values[k]; });
  }
  function isolated(text, className) { return el("bdi", text, className); }
  function edgeTitle(e) { return e.source.label + " → " + e.label + " → " + e.target.label; }
  function clsLabel(cls) { return classInfo[cls] ? classInfo[cls].label : cls; }

  // ------------------------------------------------------------ filters
  var state = { hiddenClasses: {}, hiddenRelations: {}, from: 0, to: Math.max(months.length - 1, 0),
                undated: true, minConfidence: 0 };
  function timeActive() { return state.from > 0 || state.to < months.length - 1 || !state.undated; }
  function filterActive() { return state.minConfidence > 0 || timeActive(); }
  function inTime(doc) {
    var m = doc ? doc.month : -1;
    if (m === undefined || m === null || m < 0) return state.undated;
    return m >= state.from && m <= state.to;
  }
  function passesConfidence(s) { return (s.confidence === null ? 0 : s.confidence) >= state.minConfidence - 1e-9; }
  function passes(s) { return passesConfidence(s) && inTime(s.document); }

  var visibleNode = entities.map(function () { return true; });
  var visibleEdge = relationsOf.map(function () { return true; });

  function nodeActive(n) {
    if (!filterActive()) return true;
    var any = false;
    for (var i = 0; i < n.edges.length; i++) {
      var st = n.edges[i].statements;
      for (var k = 0; k < st.length; k++) { any = true; if (passes(st[k])) return true; }
    }
    for (var f = 0; f < n.facts.length; f++) { any = true; if (passes(n.facts[f].statement)) return true; }
    if (any || state.minConfidence > 0) return false;
    return n.docs.some(function (d) { return inTime(docs[d]); });
  }
  function edgeActive(e) {
    if (state.hiddenRelations[e.relation]) return false;
    if (!e.statements.length) return !filterActive();
    return e.statements.some(passes);
  }
  function computeVisibility() {
    var nodeNow = entities.map(function (n) { return !state.hiddenClasses[n.cls] && nodeActive(n); });
    var edgeNow = relationsOf.map(function (e) { return nodeNow[e.from] && nodeNow[e.to] && edgeActive(e); });
    return { nodes: nodeNow, edges: edgeNow };
  }
  function counts() {
    var out = { nodes: 0, edges: 0, facts: 0, totalNodes: entities.length, totalEdges: relationsOf.length };
    visibleNode.forEach(function (v, i) {
      if (!v) return;
      out.nodes++;
      entities[i].facts.forEach(function (f) { if (passes(f.statement)) out.facts++; });
    });
    visibleEdge.forEach(function (v, j) {
      if (!v) return;
      out.edges++;
      relationsOf[j].statements.forEach(function (s) { if (passes(s)) out.facts++; });
    });
    return out;
  }
  var nodeSet, edgeSet, network;
  function applyFilters() {
    var now = computeVisibility();
    var nodeUpdates = [], edgeUpdates = [];
    now.nodes.forEach(function (v, i) { if (v !== visibleNode[i]) nodeUpdates.push({ id: i, hidden: !v }); });
    now.edges.forEach(function (v, j) { if (v !== visibleEdge[j]) edgeUpdates.push({ id: j, hidden: !v }); });
    visibleNode = now.nodes;
    visibleEdge = now.edges;
    if (nodeUpdates.length) nodeSet.update(nodeUpdates);
    if (edgeUpdates.length) edgeSet.update(edgeUpdates);
    refreshSummary();
    drawMonths();
    if (byId("kg-overview").open) drawOverview();
    return counts();
  }
  var pending = false;
  function scheduleFilters() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(function () { pending = false; applyFilters(); });
  }
  function refreshSummary() {
    var c = counts();
    byId("kg-summary").textContent = format(ui.summary, {
      nodes: fmtCount(c.nodes), totalNodes: fmtCount(c.totalNodes), edges: fmtCount(c.edges),
      totalEdges: fmtCount(c.totalEdges), facts: fmtCount(c.facts) });
  }

  // ------------------------------------------------------------ header, legend and relation filters
  if (data.notice) {
    byId("kg-notice").textContent = data.notice;
    byId("kg-notice").hidden = false;
  }
  document.querySelectorAll("[data-ui]").forEach(function (node) { node.textContent = ui[node.dataset.ui]; });
  byId("kg-details-close").title = ui.close;
  byId("kg-details-close").setAttribute("aria-label", ui.close);

  function filterList(listId, items, key, store, swatch) {
    var list = byId(listId);
    items.forEach(function (item) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = item[key];
      box.addEventListener("change", function () {
        store[item[key]] = !box.checked;
        applyFilters();
      });
      label.appendChild(box);
      if (swatch) {
        var dot = el("span", null, "kg-swatch");
        dot.style.background = item.color;
        label.appendChild(dot);
      }
      label.appendChild(el("span", item.label));
      label.appendChild(el("span", item.count, "kg-count"));
      li.appendChild(label);
      list.appendChild(li);
    });
  }
  filterList("kg-legend", data.classes, "cls", state.hiddenClasses, true);
  filterList("kg-relations", data.relations, "relation", state.hiddenRelations, false);

  // ------------------------------------------------------------ time and confidence
  var fromInput = byId("kg-from"), toInput = byId("kg-to");
  var undatedDocs = docs.filter(function (d) { return d.month < 0; }).length;
  if (!months.length) {
    byId("kg-no-dates").textContent = ui.noDates;
    byId("kg-no-dates").hidden = false;
    byId("kg-time-controls").hidden = true;
    byId("kg-undated-row").hidden = true;
  } else {
    fromInput.max = toInput.max = String(months.length - 1);
    fromInput.value = "0";
    toInput.value = String(months.length - 1);
    byId("kg-undated-count").textContent = fmtCount(undatedDocs);
    if (!undatedDocs) byId("kg-undated-row").hidden = true;
  }
  function showRange() {
    if (!months.length) return;
    byId("kg-from-value").textContent = fmtMonth(months[state.from]);
    byId("kg-to-value").textContent = fmtMonth(months[state.to]);
  }
  function setDateRange(from, to) {
    var last = Math.max(months.length - 1, 0);
    state.from = Math.min(Math.max(from | 0, 0), last);
    state.to = Math.min(Math.max(to | 0, state.from), last);
    fromInput.value = String(state.from);
    toInput.value = String(state.to);
    showRange();
  }
  fromInput.addEventListener("input", function () {
    var from = Number(fromInput.value);
    setDateRange(from, Math.max(from, state.to));
    scheduleFilters();
  });
  toInput.addEventListener("input", function () {
    var to = Number(toInput.value);
    setDateRange(Math.min(state.from, to), to);
    scheduleFilters();
  });
  byId("kg-undated").addEventListener("change", function () {
    state.undated = byId("kg-undated").checked;
    applyFilters();
  });
  var confidenceInput = byId("kg-min-confidence");
  confidenceInput.addEventListener("input", function () {
    state.minConfidence = Number(confidenceInput.value);
    byId("kg-confidence-value").textContent = state.minConfidence.toFixed(2);
    scheduleFilters();
  });
  showRange();

  // ------------------------------------------------------------ charts (inline SVG, no library)
  var WIDTH = 300;
  function columnChart(box, values, options) {
    clear(box);
    if (!values.length) return;
    var pad = 12, height = 50, top = Math.max.apply(null, values.concat([1]));
    var chart = svg("svg", { viewBox: "0 0 " + WIDTH + " " + (pad + height + 14), role: "img" });
    chart.appendChild(svg("title", {}, options.title));
    var step = Math.min(WIDTH / values.length, 24), bar = Math.max(step - (step > 4 ? 1 : 0), 0.5);
    var span = step * values.length;
    values.forEach(function (v, i) {
      var h = v ? Math.max(1, Math.round(height * v / top)) : 0;
      var rect = svg("rect", { x: (i * step).toFixed(2), y: pad + height - h, width: bar.toFixed(2), height: h,
                               "class": "kg-bar" + (options.out && options.out(i) ? " kg-out" : "") +
                                        (options.click ? " kg-clickable" : "") });
      rect.appendChild(svg("title", {}, options.label(i) + ": " + fmtCount(v)));
      if (options.click) rect.addEventListener("click", function () { options.click(i); });
      chart.appendChild(rect);
    });
    chart.appendChild(svg("line", { x1: 0, y1: pad + height + 0.5, x2: WIDTH, y2: pad + height + 0.5, stroke: "#999" }));
    chart.appendChild(svg("text", { x: 0, y: pad + height + 12 }, options.label(0)));
    if (values.length > 1) chart.appendChild(svg("text", { x: span, y: pad + height + 12, "text-anchor": "end" },
                                                 options.label(values.length - 1)));
    chart.appendChild(svg("text", { x: WIDTH, y: 9, "text-anchor": "end" }, "max " + fmtCount(top)));
    box.appendChild(chart);
  }
  function barChart(box, items, title) {
    clear(box);
    if (!items.length) { box.appendChild(el("p", ui.nothing, "kg-meta")); return; }
    var row = 15, labelWidth = 124, top = Math.max.apply(null, items.map(function (it) { return it.value; })) || 1;
    var chart = svg("svg", { viewBox: "0 0 " + WIDTH + " " + (items.length * row), role: "img" });
    chart.appendChild(svg("title", {}, title));
    items.forEach(function (it, i) {
      var y = i * row;
      var name = it.label.length > 20 ? it.label.slice(0, 19) + "…" : it.label;
      var group = svg("g");
      group.appendChild(svg("title", {}, it.label));
      group.appendChild(svg("text", { x: labelWidth - 4, y: y + 11, "text-anchor": "end" }, name));
      chart.appendChild(group);
      var w = Math.max(1, Math.round((WIDTH - labelWidth - 44) * it.value / top));
      var rect = svg("rect", { x: labelWidth, y: y + 2, width: w, height: row - 4, "class": "kg-bar" });
      if (it.color) rect.setAttribute("style", "fill:" + it.color);
      chart.appendChild(rect);
      chart.appendChild(svg("text", { x: labelWidth + w + 3, y: y + 11 }, it.text !== undefined ? it.text : fmtCount(it.value)));
    });
    box.appendChild(chart);
  }
  function factsByMonth() {
    // facts per month under the class, relation and confidence filters (not the time filter itself)
    var counts = months.map(function () { return 0; });
    function add(s) { if (s.document && s.document.month >= 0 && passesConfidence(s)) counts[s.document.month]++; }
    relationsOf.forEach(function (e) {
      if (state.hiddenRelations[e.relation] || state.hiddenClasses[e.source.cls] || state.hiddenClasses[e.target.cls]) return;
      e.statements.forEach(add);
    });
    entities.forEach(function (n) {
      if (!state.hiddenClasses[n.cls]) n.facts.forEach(function (f) { add(f.statement); });
    });
    return counts;
  }
  function drawMonths() {
    if (!months.length) return;
    columnChart(byId("kg-months-chart"), factsByMonth(), {
      title: ui.factsPerMonth,
      label: function (i) { return fmtMonth(months[i]); },
      out: function (i) { return i < state.from || i > state.to; },
      click: function (i) { setDateRange(i, i); applyFilters(); },
    });
  }
  function drawOverview() {
    var perRelation = {};
    function add(key, label) {
      if (!perRelation[key]) perRelation[key] = { label: label, value: 0 };
      perRelation[key].value++;
    }
    relationsOf.forEach(function (e, j) {
      if (!visibleEdge[j]) return;
      e.statements.forEach(function (s) { if (passes(s)) add(e.relation, data.relationLabels[e.relation] || e.relation); });
    });
    entities.forEach(function (n, i) {
      if (!visibleNode[i]) return;
      n.facts.forEach(function (f) { if (passes(f.statement)) add(f.relation, f.label); });
    });
    var relItems = Object.keys(perRelation).map(function (k) { return perRelation[k]; });
    relItems.sort(function (a, b) { return b.value - a.value || (a.label < b.label ? -1 : 1); });
    barChart(byId("kg-rel-chart"), relItems, ui.factsPerRelation);
    var top = entities.filter(function (n, i) { return visibleNode[i]; });
    top.sort(function (a, b) { return b.pagerank - a.pagerank || (a.iri < b.iri ? -1 : 1); });
    barChart(byId("kg-top-chart"), top.slice(0, 10).map(function (n) {
      return { label: n.label, value: n.pagerank, text: n.pagerank.toFixed(4), color: classInfo[n.cls] && classInfo[n.cls].color };
    }), ui.topEntities);
    var perMonth = months.map(function () { return 0; });
    docs.forEach(function (d) { if (d.month >= 0) perMonth[d.month]++; });
    if (months.length) {
      columnChart(byId("kg-docs-chart"), perMonth, { title: ui.documentsPerMonth,
        label: function (i) { return fmtMonth(months[i]); } });
    } else {
      clear(byId("kg-docs-chart"));
      byId("kg-docs-chart").appendChild(el("p", ui.noDates, "kg-meta"));
    }
  }
  byId("kg-overview").addEventListener("toggle", function () { if (byId("kg-overview").open) drawOverview(); });

  // ------------------------------------------------------------ evidence in context
  function evidenceLine(s) {
    // the sentence as text nodes, the two entities in <mark>, all inside <bdi>
    var line = isolated(null, "kg-evidence");
    var text = s.evidence === null || s.evidence === undefined ? "" : String(s.evidence);
    var spans = [];
    var m = s.marks || [];
    if (m.length >= 2 && m[0] >= 0) spans.push([m[0], m[1], "kg-subject"]);
    if (m.length >= 4 && m[2] >= 0) spans.push([m[2], m[3], "kg-object"]);
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var at = 0;
    spans.forEach(function (sp) {
      if (sp[0] < at || sp[1] > text.length) return;
      if (sp[0] > at) line.appendChild(document.createTextNode(text.slice(at, sp[0])));
      line.appendChild(el("mark", text.slice(sp[0], sp[1]), sp[2]));
      at = sp[1];
    });
    if (at < text.length) line.appendChild(document.createTextNode(text.slice(at)));
    return line;
  }
  function statementMeta(s) {
    var d = s.document;
    var parts = [];
    if (d) {
      parts.push(d.title ? (d.title.length > 90 ? d.title.slice(0, 89) + "…" : d.title) : ui.untitled);
      if (d.date) parts.push(d.date);
      if (d.source || d.url) parts.push(d.url || d.source);
    } else {
      parts.push(ui.document + ": ?");
    }
    parts.push(ui.confidence + " " + fmtConfidence(s.confidence));
    parts.push(ui.extractor + ": " + (s.extractorName || "?"));
    if (s.modality) parts.push(ui.modality + ": " + s.modality);
    if (s.amount) parts.push(ui.amount + ": " + s.amount);
    if (s.date) parts.push(ui.date + ": " + s.date);
    var p = el("p", parts.join(" · "), "kg-meta");
    if (d) p.title = (d.title ? d.title + "\n" : "") + d.iri +
                     (s.start !== null && s.start !== undefined ? " [" + s.start + "–" + s.end + "]" : "");
    return p;
  }
  function evidenceList(statements) {
    var ol = el("ol", null, "kg-lines");
    statements.forEach(function (s) {
      var li = el("li", null, passes(s) ? null : "kg-filtered-out");
      li.appendChild(evidenceLine(s));
      li.appendChild(statementMeta(s));
      ol.appendChild(li);
    });
    return ol;
  }
  function support(statements) {
    var docsSeen = {};
    statements.forEach(function (s) { if (s.document) docsSeen[s.document.iri] = true; });
    var documents = Object.keys(docsSeen).length;
    return format(ui.supportedBy, { statements: fmtCount(statements.length), documents: fmtCount(documents),
                                    sentenceWord: plural(statements.length, ui.sentence, ui.sentences),
                                    documentWord: plural(documents, ui.documentOne, ui.documentMany) });
  }
  function openDetails() { byId("kg-details-box").hidden = false; return byId("kg-details"); }
  function reveal(points, margin) {
    // the details box covers the left of the drawing: pan so that the item sits in the part left free
    var free = byId("kg-details-box").getBoundingClientRect().right + 16;
    var rect = container.getBoundingClientRect();
    var xs = points.map(function (p) { return rect.left + network.canvasToDOM(p).x; });
    var left = Math.min.apply(null, xs) - margin, right = Math.max.apply(null, xs) + margin;
    if (left >= free || free > rect.right - 80) return;
    var shift = right - left > rect.right - free ? (left + right) / 2 - (free + rect.right) / 2 : left - free;
    var scale = network.getScale();
    var view = network.getViewPosition();
    network.moveTo({ position: { x: view.x + shift / scale, y: view.y }, scale: scale, animation: false });
  }
  byId("kg-details-close").addEventListener("click", function () { byId("kg-details-box").hidden = true; });

  function showNode(i) {
    var n = entities[i];
    if (!n) return;
    var box = openDetails();
    reveal([network.getPositions([i])[i]], n.size * network.getScale() + 8);
    clear(box);
    box.appendChild(el("p", null, "kg-name")).appendChild(isolated(n.label));
    box.appendChild(el("p", clsLabel(n.cls) + " · " + ui.pagerank + " " + n.pagerank, "kg-meta"));
    box.appendChild(el("p", n.iri, "kg-meta"));
    if (n.aliases && n.aliases.length) box.appendChild(el("p", ui.aliases + ": " + n.aliases.join(", "), "kg-meta"));
    if (n.facts.length) {
      box.appendChild(el("h2", ui.facts));
      n.facts.forEach(function (f) {
        box.appendChild(el("p", null, "kg-name")).appendChild(isolated(f.label + ": " + f.text));
        box.appendChild(evidenceList([f.statement]));
      });
    }
    var shown = n.edges.filter(function (e) { return visibleEdge[e.index]; });
    if (shown.length) box.appendChild(el("h2", ui.relations));
    shown.forEach(function (e) {
      box.appendChild(el("p", null, "kg-name")).appendChild(isolated(edgeTitle(e)));
      box.appendChild(evidenceList(e.statements));
    });
    if (n.docs.length) {
      box.appendChild(el("h2", ui.documents));
      var ul = el("ul");
      n.docs.forEach(function (d) {
        var doc = docs[d];
        ul.appendChild(el("li", (doc.title || ui.untitled) + (doc.date ? " · " + doc.date : ""))).title = doc.iri;
      });
      box.appendChild(ul);
    }
  }
  function showEdge(j) {
    var e = relationsOf[j];
    if (!e) return;
    var box = openDetails();
    var ends = network.getPositions([e.from, e.to]);
    reveal([ends[e.from], ends[e.to]], Math.max(e.source.size, e.target.size) * network.getScale() + 8);
    clear(box);
    box.appendChild(el("p", null, "kg-name")).appendChild(isolated(edgeTitle(e)));
    var best = null;
    e.statements.forEach(function (s) { if (passes(s) && s.confidence !== null && (best === null || s.confidence > best)) best = s.confidence; });
    box.appendChild(el("p", e.relation + " · " + ui.confidence + " " + fmtConfidence(best) + " · " + support(e.statements), "kg-meta"));
    box.appendChild(el("h2", ui.evidence));
    box.appendChild(evidenceList(e.statements));
  }

  // ------------------------------------------------------------ the network, drawn once at its positions
  performance.mark("kg:panel-built");
  var container = byId("kg-graph");
  // a big page starts without labels and arrowheads: at the zoom that shows it whole they are too small
  // to see, and vis-network would measure every label; they come once the view is zoomed in
  var detailed = !data.detailScale;
  nodeSet = new vis.DataSet(entities.map(function (n) {
    var item = { id: n.index, group: n.cls, x: n.x, y: n.y, size: n.size };
    if (detailed) item.label = n.label;
    return item;
  }));
  edgeSet = new vis.DataSet(relationsOf.map(function (e) {
    var item = { id: e.index, from: e.from, to: e.to };
    if (detailed) item.label = e.label;
    return item;
  }));
  network = new vis.Network(container, { nodes: [], edges: [] }, data.vis);
  function addDetail() {
    if (detailed) return;
    detailed = true;
    nodeSet.update(entities.map(function (n) { return { id: n.index, label: n.label }; }));
    edgeSet.update(relationsOf.map(function (e) { return { id: e.index, label: e.label }; }));
    network.setOptions({ edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } } } });
  }
  network.on("zoom", function () { if (network.getScale() >= data.detailScale) addDetail(); });
  var fitted = false;
  network.on("afterDrawing", function ready() {
    if (!fitted) return;
    network.off("afterDrawing", ready);
    performance.mark("kg:ready");
    document.body.dataset.kgReady = String(Math.round(performance.now()));
  });
  network.setData({ nodes: nodeSet, edges: edgeSet });
  network.fit({ animation: false });
  performance.mark("kg:network-set");
  fitted = true;
  network.redraw();

  // ------------------------------------------------------------ tooltips (DOM text only)
  var tooltip = byId("kg-tooltip");
  function showTooltip(params, lines) {
    clear(tooltip);
    lines.forEach(function (line, i) { tooltip.appendChild(el("div", line, i === 0 ? "kg-name" : null)); });
    var x = params.event && params.event.clientX !== undefined ? params.event.clientX : params.pointer.DOM.x;
    var y = params.event && params.event.clientY !== undefined ? params.event.clientY : params.pointer.DOM.y;
    tooltip.style.left = (x + 12) + "px";
    tooltip.style.top = (y + 12) + "px";
    tooltip.hidden = false;
  }
  function hideTooltip() { tooltip.hidden = true; }
  function nodeLines(n) {
    var lines = [n.label, clsLabel(n.cls)];
    if (n.aliases && n.aliases.length) lines.push(ui.aliases + ": " + n.aliases.join(", "));
    return lines;
  }
  function edgeLines(e) {
    var lines = [edgeTitle(e)];
    var s = e.statements.filter(passes)[0] || e.statements[0];
    if (s) {
      lines.push("“" + (s.evidence || "") + "”");
      var d = s.document;
      lines.push(ui.document + ": " + (d ? (d.title || d.id) + (d.date ? " · " + d.date : "") : "?") + " · " +
                 ui.confidence + ": " + fmtConfidence(s.confidence));
    }
    if (e.statements.length > 1) lines.push(support(e.statements));
    return lines;
  }
  network.on("hoverNode", function (params) { showTooltip(params, nodeLines(entities[params.node])); });
  network.on("blurNode", hideTooltip);
  network.on("hoverEdge", function (params) { showTooltip(params, edgeLines(relationsOf[params.edge])); });
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("click", function (params) {
    hideTooltip();
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ------------------------------------------------------------ search
  var index = entities.map(function (n) { return { id: n.index, names: [fold(n.label)].concat((n.aliases || []).map(fold)) }; });
  function findNode(query) {
    var q = fold(query);
    if (!q) return null;
    var tests = [
      function (name) { return name === q; },
      function (name) { return name.indexOf(q) === 0; },
      function (name) { return name.indexOf(q) >= 0; },
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < index.length; i++) {
        if (index[i].names.some(tests[t])) return index[i].id;
      }
    }
    return null;
  }
  function focusNode(query) {
    var status = byId("kg-search-status");
    var i = findNode(query);
    if (i === null) {
      status.textContent = query ? ui.notfound + " “" + query + "”" : "";
      return null;
    }
    status.textContent = "";
    var n = entities[i];
    if (state.hiddenClasses[n.cls]) {
      state.hiddenClasses[n.cls] = false;
      document.querySelectorAll("#kg-legend input").forEach(function (box) { if (box.value === n.cls) box.checked = true; });
      applyFilters();
    }
    addDetail();
    network.selectNodes([i]);
    network.focus(i, { scale: 1.4, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(i);
    return n.iri;
  }
  var search = byId("kg-search");
  search.placeholder = ui.search;
  search.addEventListener("change", function () { focusNode(search.value); });
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") focusNode(search.value); });

  // ------------------------------------------------------------ export: PNG of the view, CSV of the visible facts
  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 2000);
  }
  function pngBlob() {
    var source = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = source.width;
    out.height = source.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(source, 0, 0);
    ctx.fillStyle = "#555555";
    ctx.font = Math.round(12 * (window.devicePixelRatio || 1)) + "px sans-serif";
    ctx.fillText(data.title + " — " + byId("kg-summary").textContent, 8, out.height - 8);
    return new Promise(function (resolve) { out.toBlob(resolve, "image/png"); });
  }
  function csvCell(value, text) {
    var s = value === null || value === undefined ? "" : String(value);
    if (text && /^[=+\-@\t\r]/.test(s)) s = "'" + s;  // a spreadsheet must not read it as a formula
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function csvText() {
    var lines = [data.csvHeader.join(",")];
    function row(source, relation, targetIri, targetLabel, s) {
      var d = s.document;
      lines.push([csvCell(source.iri), csvCell(source.label, true), csvCell(relation), csvCell(targetIri),
                  csvCell(targetLabel, true), csvCell(s.confidence), csvCell(s.evidence, true), csvCell(d ? d.iri : ""),
                  csvCell(d ? d.date : ""), csvCell(d ? d.title : "", true), csvCell(s.extractorName)].join(","));
    }
    relationsOf.forEach(function (e, j) {
      if (!visibleEdge[j]) return;
      e.statements.forEach(function (s) { if (passes(s)) row(e.source, e.relation, e.target.iri, e.target.label, s); });
    });
    entities.forEach(function (n, i) {
      if (!visibleNode[i]) return;
      n.facts.forEach(function (f) { if (passes(f.statement)) row(n, f.relation, "", f.text, f.statement); });
    });
    return lines.join("\n") + "\n";
  }
  byId("kg-png").addEventListener("click", function () {
    pngBlob().then(function (blob) { download(blob, "kg-view.png"); });
  });
  byId("kg-csv").addEventListener("click", function () {
    download(new Blob([csvText()], { type: "text/csv;charset=utf-8" }), "kg-facts.csv");
  });

  // ------------------------------------------------------------ after the first drawing: the rest of the panel
  refreshSummary();
  drawMonths();
  setTimeout(function () {
    var names = byId("kg-names");
    var fragment = document.createDocumentFragment();
    entities.forEach(function (n) {
      var option = el("option");
      option.value = n.label;
      fragment.appendChild(option);
    });
    names.appendChild(fragment);
  }, 0);

  window.kg = { data: data, entities: entities, relations: relationsOf, docs: docs, state: state,
                network: network, nodes: nodeSet, edges: edgeSet,
                applyFilters: applyFilters, setDateRange: function (from, to) { setDateRange(from, to); return applyFilters(); },
                counts: counts, focusNode: focusNode, findNode: findNode, showNode: showNode, showEdge: showEdge,
                addDetail: addDetail, detailed: function () { return detailed; },
                drawOverview: drawOverview, pngBlob: pngBlob, csvText: csvText,
                entityIndex: function (iri) { for (var i = 0; i < entities.length; i++) if (entities[i].iri === iri) return i; return -1; } };
})();
