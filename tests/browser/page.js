#!/usr/bin/env node
// Drive headless Chromium over a kg viz page and print one JSON object on stdout.
//
//   node page.js check      PAGE.html                 checks used by tests/test_viz.py (fixture graph)
//   node page.js load       PAGE.html                 counts and errors only, for any page
//   node page.js stabilize  PAGE.html [PAGE.html...]  time to stabilise, used by bench/bench_viz.py
//   node page.js screenshot PAGE.html OUT.png [--focus NAME] [--width W] [--height H]
//
// The browser is /usr/bin/chromium (override with KG_CHROMIUM). The page is opened from
// file:// with the network blocked: every request that is not file:// is aborted and reported.
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

async function open(context, log, file) {
  const page = await context.newPage();
  page.on("dialog", (dialog) => { log.dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
  page.on("pageerror", (err) => log.errors.push(String(err)));
  page.on("console", (msg) => { if (msg.type() === "error") log.console.push(msg.text()); });
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith("file://") && !url.startsWith("data:") && !log.requests.includes(url)) log.requests.push(url);
  });
  const started = Date.now();
  await page.goto("file://" + path.resolve(file), { waitUntil: "load", timeout: TIMEOUT });
  // poll from Node: waitForFunction's in-page polling uses eval, which the page's CSP forbids
  while (!(await page.evaluate(() => window.kgStabilized === true))) {
    if (Date.now() - started > TIMEOUT) throw new Error(`page did not stabilise within ${TIMEOUT} ms`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const wall = Date.now() - started;
  return { page, wall };
}

function basics(page) {
  return page.evaluate(() => ({
    datasetNodes: nodes.length,
    datasetEdges: edges.length,
    drawnNodes: network.body.nodeIndices.length,
    drawnEdges: network.body.edgeIndices.length,
    physicsAfterStabilize: network.physics.options.enabled,
    legend: Array.from(document.querySelectorAll("#kg-legend li")).map((li) => li.textContent),
    relations: Array.from(document.querySelectorAll("#kg-relations li")).map((li) => li.textContent),
    notice: document.getElementById("kg-notice").hidden ? "" : document.getElementById("kg-notice").textContent,
    title: document.title,
    imgElements: document.querySelectorAll("img").length,
    scriptElements: document.querySelectorAll("script").length,
  }));
}

async function load(file) {
  const { context, log, userDataDir } = await launch();
  const out = {};
  try {
    const { page } = await open(context, log, file);
    Object.assign(out, await basics(page));
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  Object.assign(out, log);
  return out;
}

async function check(file) {
  const { context, log, userDataDir } = await launch();
  const out = {};
  try {
    const { page } = await open(context, log, file);
    Object.assign(out, await basics(page));

    // legend: untick the Person class, count drawn nodes, tick it again
    await page.locator('#kg-legend input[value="Person"]').uncheck();
    out.drawnNodesWithoutPerson = await page.evaluate(() => network.body.nodeIndices.length);
    await page.locator('#kg-legend input[value="Person"]').check();
    out.drawnNodesAfterRecheck = await page.evaluate(() => network.body.nodeIndices.length);

    // relation filter: untick "develops"
    await page.locator('#kg-relations input[value="develops"]').uncheck();
    out.drawnEdgesWithoutDevelops = await page.evaluate(() => network.body.edgeIndices.length);
    await page.locator('#kg-relations input[value="develops"]').check();

    // hover the hostile node: the tooltip shows its name as text
    const hostile = await page.evaluate(() => nodes.get().filter((n) => n.label.indexOf("<img") === 0)[0].id);
    const point = await page.evaluate((id) => {
      network.fit({ animation: false });
      const pos = network.canvasToDOM(network.getPositions([id])[id]);
      const rect = document.getElementById("mynetwork").getBoundingClientRect();
      return { x: rect.left + pos.x, y: rect.top + pos.y };
    }, hostile);
    await page.evaluate(() => { window.__clicks = []; network.on("click", (p) => window.__clicks.push([p.nodes, p.pointer.DOM])); });
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
      selected: network.getSelectedNodes(),
      clicks: window.__clicks,
    }));
    // hover the middle of the "pays" edge: the tooltip gives the evidence, document and confidence
    await page.mouse.move(5, 5);
    await page.waitForTimeout(200);
    const mid = await page.evaluate(() => {
      const e = edges.get().filter((x) => x.kgRelation === "pays")[0];
      const pos = network.getPositions([e.from, e.to]);
      const a = network.canvasToDOM(pos[e.from]), b = network.canvasToDOM(pos[e.to]);
      const rect = document.getElementById("mynetwork").getBoundingClientRect();
      return { x: rect.left + (a.x + b.x) / 2, y: rect.top + (a.y + b.y) / 2 };
    });
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
    out.selectedAfterSearch = await page.evaluate(() => network.getSelectedNodes());
    out.detailsAfterSearch = await page.evaluate(() => document.getElementById("kg-details").textContent);
    await page.fill("#kg-search", "nobody-by-this-name");
    await page.press("#kg-search", "Enter");
    out.searchStatusUnknown = await page.evaluate(() => document.getElementById("kg-search-status").textContent);

    out.imgElementsAfter = await page.evaluate(() => document.querySelectorAll("img").length);
    out.xssFlag = await page.evaluate(() => window.__kgXss === true);
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  Object.assign(out, log);
  return out;
}

async function stabilize(files) {
  const { context, log, userDataDir } = await launch();
  const results = [];
  try {
    for (const file of files) {
      const { page, wall } = await open(context, log, file);
      const inPage = await page.evaluate(() => ({
        stabilizedAt: window.kgStabilizedAt,
        nodes: network.body.nodeIndices.length,
        edges: network.body.edgeIndices.length,
      }));
      results.push({ file, wallMs: wall, ...inPage });
      await page.close();
    }
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  return { results, ...log };
}

async function screenshot(file, png, opts) {
  const { context, log, userDataDir } = await launch();
  try {
    const { page } = await open(context, log, file);
    await page.setViewportSize({ width: opts.width, height: opts.height });
    await page.evaluate(() => network.fit({ animation: false }));
    if (opts.focus) {
      await page.evaluate((name) => {
        const id = window.kg.findNode(name);
        if (id !== null) { network.selectNodes([id]); window.kg.showNode(id); }
      }, opts.focus);
    }
    await page.waitForTimeout(500);
    await page.screenshot({ path: png });
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  return { screenshot: png, ...log };
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  let result;
  if (mode === "check") result = await check(rest[0]);
  else if (mode === "load") result = await load(rest[0]);
  else if (mode === "stabilize") result = await stabilize(rest);
  else if (mode === "screenshot") {
    const opts = { width: 1400, height: 900, focus: null };
    const files = [];
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === "--focus") opts.focus = rest[++i];
      else if (rest[i] === "--width") opts.width = Number(rest[++i]);
      else if (rest[i] === "--height") opts.height = Number(rest[++i]);
      else files.push(rest[i]);
    }
    result = await screenshot(files[0], files[1], opts);
  } else {
    process.stderr.write("usage: node page.js check|load|stabilize|screenshot ...\n");
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(result) + "\n");
}

main().catch((err) => { process.stderr.write(String(err && err.stack || err) + "\n"); process.exit(1); });
