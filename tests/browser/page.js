#!/usr/bin/env node
// Drive headless Chromium over a kg viz page and print one JSON object on stdout.
//
//   node page.js check      PAGE.html                 checks used by tests/test_viz.py (fixture graph)
//   node page.js research   PAGE.html                 time and confidence filters, evidence, overview, export
//   node page.js load       PAGE.html                 counts and errors only, for any page
//   node page.js ready      PAGE.html [PAGE.html...]  time to the first complete drawing (bench/bench_viz.py)
//   node page.js frame      PAGE.html                 a page that holds the graph page in an <iframe srcdoc>
//   node page.js detail     PAGE.html                 a big page: labels and arrowheads come when zoomed in
//   node page.js screenshot PAGE.html OUT.png [--focus NAME] [--edge RELATION] [--overview]
//                                             [--from I --to I] [--width W] [--height H]
//
// The browser is /usr/bin/chromium (override with KG_CHROMIUM). The page is opened from
// file:// with the network blocked: every request that is not file:// or data: is aborted and reported.
// The page's readiness is document.body.dataset.kgReady (ms since navigation start, set by the page).
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const TIMEOUT = Number(process.env.KG_BROWSER_TIMEOUT_MS || 120000);

async function launch() {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "kg-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.KG_CHROMIUM || "/usr/bin/chromium",
    headless: true,
    offline: true,
    acceptDownloads: true,
    viewport: { width: 1400, height: 900 },
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
      "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    ],
  });
  const log = { requests: [], dialogs: [], errors: [], console: [] };
  // any alert/confirm/prompt from injected markup sets a flag (and still raises the dialog event)
  await context.addInitScript(() => {
    for (const name of ["alert", "confirm", "prompt"]) {
      const original = window[name].bind(window);
      window[name] = function (...args) { window.__kgXss = true; return original(...args); };
    }
  });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file://") || url.startsWith("data:")) return route.continue();
    log.requests.push(url);
    return route.abort();
  });
  return { context, log, userDataDir };
}

function local(url) { return url.startsWith("file://") || url.startsWith("data:") || url.startsWith("blob:") || url === "about:srcdoc"; }

async function waitReady(target, started) {
  // poll from Node: waitForFunction's in-page polling uses eval, which the page's CSP forbids
  for (;;) {
    const ready = await target.evaluate(() => document.body && document.body.dataset.kgReady);
    if (ready) return Number(ready);
    if (Date.now() - started > TIMEOUT) throw new Error(`page not ready within ${TIMEOUT} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function open(context, log, file) {
  const page = await context.newPage();
  page.on("dialog", (dialog) => { log.dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
  page.on("pageerror", (err) => log.errors.push(String(err)));
  page.on("console", (msg) => { if (msg.type() === "error") log.console.push(msg.text()); });
  page.on("request", (req) => {
    const url = req.url();
    if (!local(url) && !log.requests.includes(url)) log.requests.push(url);
  });
  const started = Date.now();
  await page.goto("file://" + path.resolve(file), { waitUntil: "load", timeout: TIMEOUT });
  const ready = await waitReady(page, started);
  return { page, wall: Date.now() - started, ready };
}

async function closeAll(context, userDataDir) {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}

function basics(page) {
  return page.evaluate(() => ({
    kgReady: Number(document.body.dataset.kgReady),
    datasetNodes: kg.nodes.length,
    datasetEdges: kg.edges.length,
    drawnNodes: kg.network.body.nodeIndices.length,
    drawnEdges: kg.network.body.edgeIndices.length,
    physics: kg.network.physics.options.enabled,
    counts: kg.counts(),
    summary: document.getElementById("kg-summary").textContent,
    legend: Array.from(document.querySelectorAll("#kg-legend li")).map((li) => li.textContent),
    relations: Array.from(document.querySelectorAll("#kg-relations li")).map((li) => li.textContent),
    notice: document.getElementById("kg-notice").hidden ? "" : document.getElementById("kg-notice").textContent,
    title: document.title,
    imgElements: document.querySelectorAll("img").length,
    scriptElements: document.querySelectorAll("script").length,
  }));
}

// the point of the page where node `id` (an entity index) is drawn
function nodePoint(page, id) {
  return page.evaluate((i) => {
    const pos = kg.network.canvasToDOM(kg.network.getPositions([i])[i]);
    const rect = document.getElementById("kg-graph").getBoundingClientRect();
    return { x: rect.left + pos.x, y: rect.top + pos.y };
  }, id);
}

// the middle of the first edge of `relation` as drawn (on its curve when edges are smooth)
function edgePoint(page, relation) {
  return page.evaluate((rel) => {
    const e = kg.relations.filter((x) => x.relation === rel)[0];
    const point = kg.network.body.edges[e.index].edgeType.getPoint(0.5);
    const pos = kg.network.canvasToDOM(point);
    const rect = document.getElementById("kg-graph").getBoundingClientRect();
    return { x: rect.left + pos.x, y: rect.top + pos.y };
  }, relation);
}

// open `file` in a fresh browser, fill `out` with the basics and whatever `body` adds, and return
// it with the log of requests, dialogs and errors
async function onPage(file, body) {
  const { context, log, userDataDir } = await launch();
  const out = {};
  try {
    const { page } = await open(context, log, file);
    Object.assign(out, await basics(page));
    await body(page, out);
  } finally {
    await closeAll(context, userDataDir);
  }
  return Object.assign(out, log);
}

function load(file) {
  return onPage(file, async () => {});
}

function check(file) {
  return onPage(file, async (page, out) => {
    // dragging works with physics off: the node moves and stays where it is dropped
    const meta = await page.evaluate(() => kg.findNode("Meta"));
    const before = await nodePoint(page, meta);
    await page.mouse.move(before.x, before.y);
    await page.mouse.down();
    await page.mouse.move(before.x + 60, before.y + 40, { steps: 6 });
    await page.mouse.up();
    await page.waitForTimeout(300);
    const after = await nodePoint(page, meta);
    out.dragged = { dx: Math.round(after.x - before.x), dy: Math.round(after.y - before.y) };

    // legend: untick the Person class, count drawn nodes, tick it again
    await page.locator('#kg-legend input[value="Person"]').uncheck();
    out.visibleWithoutPerson = await page.evaluate(() => kg.counts().nodes);
    await page.locator('#kg-legend input[value="Person"]').check();
    out.visibleAfterRecheck = await page.evaluate(() => kg.counts().nodes);

    // relation filter: untick "develops"
    await page.locator('#kg-relations input[value="develops"]').uncheck();
    out.visibleEdgesWithoutDevelops = await page.evaluate(() => kg.counts().edges);
    await page.locator('#kg-relations input[value="develops"]').check();

    // hover the hostile node: the tooltip shows its name as text
    const hostile = await page.evaluate(() => kg.entities.filter((n) => n.label.indexOf("<img") === 0)[0].index);
    await page.evaluate(() => kg.network.fit({ animation: false }));
    const point = await nodePoint(page, hostile);
    await page.mouse.move(point.x, point.y);
    await page.waitForTimeout(500);
    out.tooltip = await page.evaluate(() => {
      const tip = document.getElementById("kg-tooltip");
      return { hidden: tip.hidden, text: tip.textContent, html: tip.innerHTML };
    });
    // click it: the detail panel lists its edge's evidence as text
    await page.mouse.down();
    await page.waitForTimeout(50);
    await page.mouse.up();
    await page.waitForTimeout(300);
    out.clickedDetails = await page.evaluate(() => ({
      text: document.getElementById("kg-details").textContent,
      html: document.getElementById("kg-details").innerHTML,
      selected: kg.network.getSelectedNodes().map((i) => kg.entities[i].iri),
    }));
    // close the details, hover the middle of the "pays" edge: the tooltip gives the evidence, document and confidence
    await page.locator("#kg-details-close").click();
    out.detailsClosed = await page.evaluate(() => document.getElementById("kg-details-box").hidden);
    await page.mouse.move(5, 5);
    await page.waitForTimeout(200);
    const mid = await edgePoint(page, "pays");
    await page.mouse.move(mid.x, mid.y);
    await page.waitForTimeout(500);
    out.edgeTooltip = await page.evaluate(() => {
      const tip = document.getElementById("kg-tooltip");
      return { hidden: tip.hidden, text: tip.textContent };
    });
    await page.mouse.move(5, 5);

    // search box: an alias, typed the way a user would
    await page.fill("#kg-search", "zuckerberg");
    await page.press("#kg-search", "Enter");
    await page.waitForTimeout(600);
    out.selectedAfterSearch = await page.evaluate(() => kg.network.getSelectedNodes().map((i) => kg.entities[i].iri));
    out.detailsAfterSearch = await page.evaluate(() => document.getElementById("kg-details").textContent);
    await page.fill("#kg-search", "nobody-by-this-name");
    await page.press("#kg-search", "Enter");
    out.searchStatusUnknown = await page.evaluate(() => document.getElementById("kg-search-status").textContent);

    out.imgElementsAfter = await page.evaluate(() => document.querySelectorAll("img").length);
    out.xssFlag = await page.evaluate(() => window.__kgXss === true);
  });
}

// time filter, confidence slider, evidence in context, overview charts and both exports
function research(file) {
  return onPage(file, async (page, out) => {
    out.months = await page.evaluate(() => kg.data.months);
    out.monthBars = await page.evaluate(() => document.querySelectorAll("#kg-months-chart svg rect").length);

    // the date range: move the "from" handle to the last month, as a user would
    const last = out.months.length - 1;
    await page.locator("#kg-from").fill(String(last));
    await page.waitForTimeout(200);
    out.lastMonth = await page.evaluate(() => ({ counts: kg.counts(), summary: document.getElementById("kg-summary").textContent,
      from: document.getElementById("kg-from-value").textContent, to: document.getElementById("kg-to-value").textContent,
      outBars: document.querySelectorAll("#kg-months-chart rect.kg-out").length,
      visible: kg.entities.filter((n, i) => !kg.nodes.get(i).hidden).map((n) => n.label) }));
    await page.locator("#kg-undated").uncheck();
    await page.waitForTimeout(100);
    out.lastMonthDatedOnly = await page.evaluate(() => kg.counts());
    await page.locator("#kg-undated").check();
    await page.locator("#kg-from").fill("0");
    await page.waitForTimeout(200);
    out.allMonths = await page.evaluate(() => kg.counts());

    // the confidence slider
    await page.locator("#kg-min-confidence").fill("0.8");
    await page.waitForTimeout(200);
    out.minConfidence = await page.evaluate(() => ({ counts: kg.counts(),
      value: document.getElementById("kg-confidence-value").textContent,
      edges: kg.relations.filter((e, j) => !kg.edges.get(j).hidden).map((e) => e.relation) }));
    await page.locator("#kg-min-confidence").fill("0");
    await page.waitForTimeout(200);

    // click the corroborated "pays" edge: its sentences, with both entities marked
    await page.evaluate(() => kg.network.fit({ animation: false }));
    const mid = await edgePoint(page, "pays");
    await page.mouse.click(mid.x, mid.y);
    await page.waitForTimeout(300);
    out.edgeDetails = await page.evaluate(() => {
      const box = document.getElementById("kg-details");
      return {
        boxHidden: document.getElementById("kg-details-box").hidden,
        text: box.textContent,
        html: box.innerHTML,
        lines: Array.from(box.querySelectorAll("ol.kg-lines > li")).map((li) => ({
          evidence: li.querySelector(".kg-evidence").textContent,
          tag: li.querySelector(".kg-evidence").tagName,
          marks: Array.from(li.querySelectorAll("mark")).map((m) => [m.className, m.textContent]),
          meta: li.querySelector(".kg-meta").textContent,
        })),
        bidi: Array.from(box.querySelectorAll(".kg-evidence")).map((b) => getComputedStyle(b).unicodeBidi),
      };
    });
    out.xssFlag = await page.evaluate(() => window.__kgXss === true);

    // the overview panel: three inline SVG charts
    await page.locator("#kg-overview summary").click();
    await page.waitForTimeout(200);
    out.overview = await page.evaluate(() => {
      const chart = (id) => ({
        svg: document.querySelectorAll("#" + id + " svg").length,
        bars: document.querySelectorAll("#" + id + " rect").length,
        text: Array.from(document.querySelectorAll("#" + id + " svg text")).map((t) => t.textContent),
      });
      return { rel: chart("kg-rel-chart"), top: chart("kg-top-chart"), docs: chart("kg-docs-chart") };
    });

    // PNG export: the button downloads a PNG; decoded in the page, it is not blank
    const [png] = await Promise.all([page.waitForEvent("download"), page.locator("#kg-png").click()]);
    const pngPath = await png.path();
    const bytes = fs.readFileSync(pngPath);
    out.png = { name: png.suggestedFilename(), size: bytes.length, signature: bytes.subarray(1, 4).toString("latin1") };
    out.png.pixels = await page.evaluate(async (b64) => {
      const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const bitmap = await createImageBitmap(new Blob([raw], { type: "image/png" }));
      const canvas = document.createElement("canvas");
      canvas.width = bitmap.width;
      canvas.height = bitmap.height;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(bitmap, 0, 0);
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let nonWhite = 0, coloured = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i] < 240 || px[i + 1] < 240 || px[i + 2] < 240) nonWhite++;
        if (Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]) > 60) coloured++;
      }
      return { width: canvas.width, height: canvas.height, nonWhite, coloured };
    }, bytes.toString("base64"));

    // CSV export of the visible facts, after narrowing to the last month
    await page.locator("#kg-from").fill(String(last));
    await page.waitForTimeout(200);
    const [csv] = await Promise.all([page.waitForEvent("download"), page.locator("#kg-csv").click()]);
    out.csv = { name: csv.suggestedFilename(), text: fs.readFileSync(await csv.path(), "utf8") };
    out.imgElementsAfter = await page.evaluate(() => document.querySelectorAll("img").length);
  });
}

// a big page: no labels or arrowheads in the first, whole view; zooming in with the wheel adds them
function detail(file) {
  return onPage(file, async (page, out) => {
    const state = () => page.evaluate(() => ({
      scale: kg.network.getScale(),
      detailed: kg.detailed(),
      nodeLabels: kg.nodes.get().filter((n) => n.label).length,
      edgeLabels: kg.edges.get().filter((e) => e.label).length,
      arrows: kg.network.body.edges[0].options.arrows.to.enabled,
    }));
    out.before = await state();
    const box = await page.locator("#kg-graph").boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 40 && !(await page.evaluate(() => kg.detailed())); i++) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(60);
    }
    await page.waitForTimeout(300);
    out.after = await state();
  });
}

async function ready(files) {
  const results = [];
  for (const file of files) { // one browser per page, so runs do not share caches or memory
    const { context, log, userDataDir } = await launch();
    try {
      const { page, wall, ready } = await open(context, log, file);
      const inPage = await page.evaluate(() => ({
        nodes: kg.network.body.nodeIndices.length,
        edges: kg.network.body.edgeIndices.length,
      }));
      results.push({ file, kgReady: ready, wallMs: wall, ...inPage, requests: log.requests.length,
                     errors: log.errors.concat(log.console) });
    } finally {
      await closeAll(context, userDataDir);
    }
  }
  return { results };
}

// the graph page inside a sandboxed <iframe srcdoc>, the way kg.show puts it in a notebook
async function frame(file) {
  const { context, log, userDataDir } = await launch();
  const out = {};
  try {
    const page = await context.newPage();
    page.on("pageerror", (err) => log.errors.push(String(err)));
    page.on("request", (req) => { if (!local(req.url())) log.requests.push(req.url()); });
    const started = Date.now();
    await page.goto("file://" + path.resolve(file), { waitUntil: "load", timeout: TIMEOUT });
    let inner = null;
    while (!inner) {
      inner = page.frames().find((f) => f !== page.mainFrame());
      if (!inner) await new Promise((resolve) => setTimeout(resolve, 10));
      if (Date.now() - started > TIMEOUT) throw new Error("no iframe");
    }
    out.kgReady = await waitReady(inner, started);
    out.sandbox = await page.evaluate(() => document.querySelector("iframe").getAttribute("sandbox"));
    out.inner = await inner.evaluate(() => ({ nodes: kg.network.body.nodeIndices.length, title: document.title,
                                               summary: document.getElementById("kg-summary").textContent }));
    out.parentReachable = await inner.evaluate(() => { try { return !!window.parent.document; } catch (e) { return false; } });
  } finally {
    await closeAll(context, userDataDir);
  }
  return Object.assign(out, log);
}

async function screenshot(file, png, opts) {
  const { context, log, userDataDir } = await launch();
  try {
    const { page } = await open(context, log, file);
    await page.setViewportSize({ width: opts.width, height: opts.height });
    await page.evaluate(() => kg.network.fit({ animation: false }));
    if (opts.from !== null || opts.to !== null) {
      await page.evaluate(([from, to]) => kg.setDateRange(from === null ? 0 : from, to === null ? kg.data.months.length - 1 : to),
                          [opts.from, opts.to]);
    }
    if (opts.overview) await page.evaluate(() => { document.getElementById("kg-overview").open = true; kg.drawOverview(); });
    if (opts.focus) {
      await page.evaluate((name) => {
        const i = kg.findNode(name);
        if (i !== null) { kg.network.selectNodes([i]); kg.showNode(i); }
      }, opts.focus);
    }
    if (opts.edge) {
      await page.evaluate((relation) => {
        const e = kg.relations.filter((x) => x.relation === relation && !kg.edges.get(x.index).hidden)
          .sort((a, b) => b.statements.length - a.statements.length)[0];
        if (e) { kg.network.selectEdges([e.index]); kg.showEdge(e.index); }
      }, opts.edge);
    }
    await page.waitForTimeout(500);
    await page.screenshot({ path: png });
  } finally {
    await closeAll(context, userDataDir);
  }
  return { screenshot: png, ...log };
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  let result;
  if (mode === "check") result = await check(rest[0]);
  else if (mode === "research") result = await research(rest[0]);
  else if (mode === "load") result = await load(rest[0]);
  else if (mode === "ready") result = await ready(rest);
  else if (mode === "frame") result = await frame(rest[0]);
  else if (mode === "detail") result = await detail(rest[0]);
  else if (mode === "screenshot") {
    const opts = { width: 1400, height: 900, focus: null, edge: null, overview: false, from: null, to: null };
    const files = [];
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === "--focus") opts.focus = rest[++i];
      else if (rest[i] === "--edge") opts.edge = rest[++i];
      else if (rest[i] === "--overview") opts.overview = true;
      else if (rest[i] === "--from") opts.from = Number(rest[++i]);
      else if (rest[i] === "--to") opts.to = Number(rest[++i]);
      else if (rest[i] === "--width") opts.width = Number(rest[++i]);
      else if (rest[i] === "--height") opts.height = Number(rest[++i]);
      else files.push(rest[i]);
    }
    result = await screenshot(files[0], files[1], opts);
  } else {
    process.stderr.write("usage: node page.js check|research|load|ready|frame|detail|screenshot ...\n");
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(result) + "\n");
}

main().catch((err) => { process.stderr.write(String(err && err.stack || err) + "\n"); process.exit(1); });
