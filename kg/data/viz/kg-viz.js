// kg page behaviour: legend and filters, search, tooltips, detail panel, physics stop.
// Every string that comes from the data is put in the page with textContent, never innerHTML.
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("kg-config").textContent);
  var ui = config.ui;
  var hiddenClasses = {};
  var hiddenRelations = {};

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/\s+/g, " ").trim();
  }
  function fmtConfidence(value) { return value === null || value === undefined ? "?" : Number(value).toFixed(2); }
  function docName(iri) { return iri ? String(iri).replace(/^.*\//, "") : "?"; }

  // ------------------------------------------------------------ header
  document.getElementById("kg-summary").textContent = config.summary;
  if (config.notice) {
    var notice = document.getElementById("kg-notice");
    notice.textContent = config.notice;
    notice.hidden = false;
  }
  document.getElementById("kg-classes-title").textContent = ui.classes;
  document.getElementById("kg-relations-title").textContent = ui.relations;
  document.getElementById("kg-details-title").textContent = ui.details;
  document.getElementById("kg-details").appendChild(el("p", ui.hint, "kg-meta"));

  // ------------------------------------------------------------ filters (legend = class filter)
  function applyFilters() {
    var nodeUpdates = nodes.get().map(function (n) {
      return { id: n.id, hidden: !!hiddenClasses[n.kgClass] };
    });
    nodes.update(nodeUpdates);
    var edgeUpdates = edges.get().map(function (e) {
      return { id: e.id, hidden: !!hiddenRelations[e.kgRelation] };
    });
    edges.update(edgeUpdates);
  }
  function filterList(listId, items, key, store, swatch) {
    var list = document.getElementById(listId);
    items.forEach(function (item) {
      var li = el("li");
      var label = el("label");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.value = item[key];
      box.dataset.kind = key;
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
  filterList("kg-legend", config.classes, "cls", hiddenClasses, true);
  filterList("kg-relations", config.relations, "relation", hiddenRelations, false);

  // ------------------------------------------------------------ detail panel
  function statementBlock(parent, s) {
    var block = el("div");
    block.appendChild(el("blockquote", s.evidence || ""));
    var meta = ui.confidence + ": " + fmtConfidence(s.confidence) + " · " + ui.extractor + ": " + (s.extractor || "?");
    if (s.modality) meta += " · " + ui.modality + ": " + s.modality;
    if (s.amount !== null && s.amount !== undefined) meta += " · " + ui.amount + ": " + s.amount + (s.currency ? " " + s.currency : "");
    block.appendChild(el("p", meta, "kg-meta"));
    var where = ui.document + ": " + docName(s.document);
    if (s.start !== null && s.start !== undefined) where += " [" + s.start + "–" + s.end + "]";
    var p = el("p", where, "kg-meta");
    p.title = s.document || "";
    block.appendChild(p);
    parent.appendChild(block);
  }
  function showNode(id) {
    var n = nodes.get(id);
    if (!n) return;
    var box = document.getElementById("kg-details");
    clear(box);
    box.appendChild(el("p", n.label, "kg-name"));
    var cls = config.classes.filter(function (c) { return c.cls === n.kgClass; })[0];
    box.appendChild(el("p", (cls ? cls.label : n.kgClass) + " · " + ui.pagerank + " " + n.kgPagerank, "kg-meta"));
    box.appendChild(el("p", n.id, "kg-meta"));
    if (n.kgAliases && n.kgAliases.length) box.appendChild(el("p", ui.aliases + ": " + n.kgAliases.join(", "), "kg-meta"));
    if (n.kgFacts && n.kgFacts.length) {
      box.appendChild(el("h2", ui.facts));
      n.kgFacts.forEach(function (f) {
        box.appendChild(el("p", f.label + ": " + f.text, "kg-name"));
        statementBlock(box, f);
      });
    }
    var connected = network.getConnectedEdges(id);
    if (connected.length) box.appendChild(el("h2", ui.relations));
    connected.forEach(function (eid) {
      var e = edges.get(eid);
      var from = nodes.get(e.from), to = nodes.get(e.to);
      box.appendChild(el("p", (from ? from.label : e.from) + " → " + e.label + " → " + (to ? to.label : e.to), "kg-name"));
      (e.kgStatements || []).forEach(function (s) { statementBlock(box, s); });
    });
    if (n.kgDocuments && n.kgDocuments.length) {
      box.appendChild(el("h2", ui.documents));
      var ul = el("ul");
      n.kgDocuments.forEach(function (d) { ul.appendChild(el("li", docName(d))); });
      box.appendChild(ul);
    }
  }
  function showEdge(id) {
    var e = edges.get(id);
    if (!e) return;
    var box = document.getElementById("kg-details");
    clear(box);
    var from = nodes.get(e.from), to = nodes.get(e.to);
    box.appendChild(el("p", (from ? from.label : e.from) + " → " + e.label + " → " + (to ? to.label : e.to), "kg-name"));
    box.appendChild(el("p", e.kgRelation + " · " + ui.confidence + " " + fmtConfidence(e.kgConfidence), "kg-meta"));
    (e.kgStatements || []).forEach(function (s) { statementBlock(box, s); });
  }

  // ------------------------------------------------------------ tooltips (DOM text only)
  var tooltip = document.getElementById("kg-tooltip");
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
    var lines = [n.label];
    var cls = config.classes.filter(function (c) { return c.cls === n.kgClass; })[0];
    lines.push(cls ? cls.label : n.kgClass);
    if (n.kgAliases && n.kgAliases.length) lines.push(ui.aliases + ": " + n.kgAliases.join(", "));
    return lines;
  }
  function edgeLines(e) {
    var from = nodes.get(e.from), to = nodes.get(e.to);
    var lines = [(from ? from.label : e.from) + " → " + e.label + " → " + (to ? to.label : e.to)];
    var s = (e.kgStatements || [])[0];
    if (s) {
      lines.push("“" + (s.evidence || "") + "”");
      lines.push(ui.document + ": " + docName(s.document) + " · " + ui.confidence + ": " + fmtConfidence(s.confidence));
    }
    if ((e.kgStatements || []).length > 1) lines.push("+" + (e.kgStatements.length - 1));
    return lines;
  }

  network.on("hoverNode", function (params) { showTooltip(params, nodeLines(nodes.get(params.node))); });
  network.on("blurNode", hideTooltip);
  network.on("hoverEdge", function (params) { showTooltip(params, edgeLines(edges.get(params.edge))); });
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", hideTooltip);
  network.on("click", function (params) {
    hideTooltip();
    if (params.nodes.length) showNode(params.nodes[0]);
    else if (params.edges.length) showEdge(params.edges[0]);
  });

  // ------------------------------------------------------------ search
  var names = document.getElementById("kg-names");
  var index = [];
  nodes.get().forEach(function (n) {
    var option = el("option");
    option.value = n.label;
    names.appendChild(option);
    index.push({ id: n.id, names: [fold(n.label)].concat((n.kgAliases || []).map(fold)) });
  });
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
    var status = document.getElementById("kg-search-status");
    var id = findNode(query);
    if (id === null) {
      status.textContent = query ? ui.notfound + " “" + query + "”" : "";
      return null;
    }
    status.textContent = "";
    var n = nodes.get(id);
    if (n.hidden) {
      hiddenClasses[n.kgClass] = false;
      document.querySelectorAll('#kg-legend input').forEach(function (box) { if (box.value === n.kgClass) box.checked = true; });
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.4, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
    return id;
  }
  var search = document.getElementById("kg-search");
  search.placeholder = ui.search;
  search.addEventListener("change", function () { focusNode(search.value); });
  search.addEventListener("keydown", function (event) { if (event.key === "Enter") focusNode(search.value); });

  // ------------------------------------------------------------ physics: stabilise once, then stop
  // The browser may run vis-network's first stabilisation batch before this script is parsed, so a
  // small graph can be done already: physics.ready is vis-network's own "stabilisation finished" flag.
  window.kgStabilized = false;
  function stopPhysics() {
    if (window.kgStabilized) return;
    network.setOptions({ physics: false });
    window.kgStabilized = true;
    window.kgStabilizedAt = performance.now();
  }
  if (network.physics && network.physics.ready === true) stopPhysics();
  else network.once("stabilizationIterationsDone", stopPhysics);

  window.kg = { config: config, focusNode: focusNode, findNode: findNode, showNode: showNode, showEdge: showEdge,
                applyFilters: applyFilters };
})();
