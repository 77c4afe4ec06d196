// Measures the canvas in the real app (a benchmark, not a test: it asserts nothing about time).
// run.sh provides Xvfb and the driver:
//   tests/e2e/run.sh --perf            (make bench-app builds the app first)
//   PERF_EDITS=40 PERF_SMALL=200 PERF_LARGE=1000 tests/e2e/run.sh --perf
//
// 1. Edit → highlight latency on a PERF_SMALL-component architecture: the inspector's
//    "least privilege" switch of a tool is clicked in the page (the person's gesture; the UI
//    sends the edit, Rust re-evaluates the whole pack, the UI redraws), and a MutationObserver
//    waits for the tool's node to change its risk colour (data-risk high ↔ none); the latency is
//    taken at the requestAnimationFrame that follows, i.e. the frame that paints the new colour.
//    Edits are PAUSE_MS apart. The UI's performance marks split it: when the snapshot reached
//    the UI (IPC + Rust), and `apply_edit` alone is timed from the page afterwards.
// 2. Pan and zoom on PERF_LARGE components: wheel events (zoom) and a mouse drag (pan) are
//    dispatched on React Flow's pane, one step per animation frame, and the frame times are
//    recorded; the viewport transform before and after shows that the view did move. From the
//    fitted view (zoom 0.1: the whole width, about 300 nodes drawn) zoom to ~0.5 and back, pan;
//    then pan again at zoom 0.6, where labels are readable (`pan-near`).
//
// The architectures are copies of the built-in templates (lens/templates, reviewed designs with
// their few documented gaps) laid side by side, linked to their neighbours, cut to size; the
// first copy is the knowledge-worker co-pilot, whose `wh_tool` lacks least privilege (high).
import { readFileSync, readdirSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { invokeAndRefresh, openApp, settleViewport } from "./session.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const templatesDir = path.resolve(here, "../../lens/templates");
const TIMEOUT = 60_000;
const EDITS = Number(process.env.PERF_EDITS ?? 40);
const SMALL = Number(process.env.PERF_SMALL ?? 200);
const LARGE = Number(process.env.PERF_LARGE ?? 1000);
const FIRST = "knowledge-worker-copilot.json";
const TOOL = "s0000.wh_tool";
/** Time between two measured edits. */
const PAUSE_MS = 300;

/** `count` components: template copies two per row (so that 200 fit in the view at the minimum
 * zoom), each linked to the previous one. */
export function systems(count) {
  const files = readdirSync(templatesDir).filter((f) => f.endsWith(".json")).sort();
  const ordered = [FIRST, ...files.filter((f) => f !== FIRST)];
  const templates = ordered.map((f) => JSON.parse(readFileSync(path.join(templatesDir, f), "utf8")));
  const out = { format: templates[0].format, version: templates[0].version, name: `Template systems (${count} components)`, boundaries: [], components: [], flows: [] };
  let previous = [];
  for (let k = 0; out.components.length < count; k += 1) {
    const t = templates[k % templates.length];
    const prefix = `s${String(k).padStart(4, "0")}.`;
    const dx = (k % 2) * 2800;
    const dy = Math.floor(k / 2) * 1300;
    const move = (p) => (p ? { x: p.x + dx, y: p.y + dy } : p);
    const kept = t.components.slice(0, count - out.components.length);
    const ids = new Set(kept.map((c) => c.id));
    for (const b of t.boundaries ?? []) {
      out.boundaries.push({ ...b, id: prefix + b.id, parent: b.parent ? prefix + b.parent : null, position: move(b.position) });
    }
    for (const c of kept) {
      out.components.push({ ...c, id: prefix + c.id, boundary: c.boundary ? prefix + c.boundary : null, position: move(c.position) });
    }
    for (const f of t.flows) {
      if (ids.has(f.from) && ids.has(f.to)) out.flows.push({ ...f, id: prefix + f.id, from: prefix + f.from, to: prefix + f.to });
    }
    const mine = kept.map((c) => prefix + c.id);
    for (let i = 0; i < 2 && previous.length > 0 && mine.length > 0; i += 1) {
      out.flows.push({ id: `${prefix}link${i}`, from: previous[(i * 7) % previous.length], to: mine[(i * 5) % mine.length], properties: {} });
    }
    previous = mine;
  }
  return out;
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  const round = (v) => Math.round(v * 10) / 10;
  return { n: sorted.length, median: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1]), mean: round(mean) };
}

async function openArchitecture(browser, data, file) {
  await writeFile(file, JSON.stringify(data));
  const error = await invokeAndRefresh(browser, "open_review", { path: file });
  if (error) throw new Error(`open_review failed: ${error}`);
  await browser.waitUntil(
    async () => (await browser.execute(() => document.querySelectorAll(".react-flow__node-component").length)) > 0,
    { timeout: TIMEOUT, timeoutMsg: "the architecture is drawn" },
  );
  await fit(browser);
}

/** Zoom to fit (the toolbar button), then waits until the 250 ms animation has settled. */
async function fit(browser) {
  await browser.$('[data-testid="btn-fit"]').click();
  await settleViewport(browser);
}

async function editLatency(browser) {
  const tool = browser.$(`.react-flow__node[data-id="${TOOL}"]`);
  await tool.waitForExist({ timeout: TIMEOUT });
  await browser.execute((id) => {
    document.querySelector(`.react-flow__node[data-id="${id}"]`).dispatchEvent(new MouseEvent("click", { bubbles: true }));
  }, TOOL);
  await browser.$("#prop-least_privilege").waitForExist({ timeout: TIMEOUT, timeoutMsg: "the tool's inspector" });
  return browser.executeAsync(
    (id, rounds, PAUSE_MS, done) => {
      const node = () => document.querySelector(`[data-testid="node-${id}"]`);
      const results = [];
      const round = () => {
        if (results.length === rounds) {
          done(results);
          return;
        }
        const before = node()?.getAttribute("data-risk");
        const observer = new MutationObserver(() => {
          const risk = node()?.getAttribute("data-risk");
          if (risk === undefined || risk === before) return;
          const changed = performance.now();
          observer.disconnect();
          requestAnimationFrame(() => {
            // The UI's own marks: when the snapshot arrived, when the canvas was given the nodes.
            const mark = (name) => performance.getEntriesByName(name).filter((m) => m.startTime >= t0)[0]?.startTime ?? NaN;
            const snapshot = mark("lensboard:snapshot") - t0;
            const canvas = mark("lensboard:canvas") - t0;
            performance.clearMarks();
            results.push({ from: before, to: risk, snapshot, canvas, dom: changed - t0, frame: performance.now() - t0 });
            // The next edit a moment later, as a person would make it: the panels (a transition
            // after the colours) have settled by then.
            setTimeout(() => requestAnimationFrame(round), PAUSE_MS);
          });
        });
        observer.observe(document.querySelector(".react-flow__nodes"), { attributes: true, attributeFilter: ["data-risk"], subtree: true, childList: true });
        const t0 = performance.now();
        document.querySelector("#prop-least_privilege").click();
      };
      round();
    },
    TOOL,
    EDITS,
    PAUSE_MS,
  );
}

/** The command's share of an edit: `apply_edit` invoked from the page (IPC both ways, Rust
 * applies the edit, re-evaluates every rule and serialises the snapshot), without the redraw. */
async function commandLatency(browser) {
  return browser.executeAsync(
    (id, rounds, done) => {
      const times = [];
      const round = (value) => {
        if (times.length === rounds) {
          done(times);
          return;
        }
        const t0 = performance.now();
        window.__TAURI_INTERNALS__
          .invoke("apply_edit", { edit: { type: "set_component_property", id, property: "least_privilege", value } })
          .then(() => {
            times.push(performance.now() - t0);
            round(!value);
          }, (e) => done(String(JSON.stringify(e))));
      };
      round(true);
    },
    TOOL,
    EDITS,
  );
}

/** Zooms about the centre of the pane (wheel events, one per frame) until the zoom reaches `zoom`. */
async function zoomTo(browser, zoom) {
  await browser.executeAsync(
    (zoom, done) => {
      const pane = document.querySelector(".react-flow__pane");
      const box = pane.getBoundingClientRect();
      const scale = () => Number(/scale\(([\d.]+)\)/.exec(document.querySelector(".react-flow__viewport").style.transform)?.[1] ?? 1);
      const step = () => {
        if (scale() >= zoom) {
          done();
          return;
        }
        pane.dispatchEvent(new WheelEvent("wheel", { deltaY: -60, deltaMode: 0, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, bubbles: true, cancelable: true }));
        requestAnimationFrame(step);
      };
      step();
    },
    zoom,
  );
}

/** Dispatches one pan or zoom step per animation frame and returns the frame times. */
async function panZoom(browser, kind, steps) {
  return browser.executeAsync(
    (kind, steps, done) => {
      const pane = document.querySelector(".react-flow__pane");
      const box = pane.getBoundingClientRect();
      const x = box.left + box.width / 2;
      const y = box.top + box.height / 2;
      const viewport = () => document.querySelector(".react-flow__viewport").style.transform;
      const start = viewport();
      const times = [];
      const rendered = [];
      let middle = "";
      const mouse = (type, cx, cy, target = window) => target.dispatchEvent(new MouseEvent(type, { clientX: cx, clientY: cy, button: 0, buttons: 1, bubbles: true, cancelable: true, view: window }));
      if (kind === "pan") mouse("mousedown", x, y, pane);
      let i = 0;
      const step = (now) => {
        times.push(now);
        rendered.push(document.querySelectorAll(".react-flow__node").length);
        if (i === steps) {
          if (kind === "pan") mouse("mouseup", x - 2 * i, y - 10 * i);
          const frames = times.slice(1).map((t, j) => t - times[j]);
          done({ frames, start, middle, end: viewport(), rendered: Math.max(...rendered) });
          return;
        }
        i += 1;
        if (i === steps / 2) middle = viewport();
        // Pan: drag the drawing up, bringing the rows below into view.
        if (kind === "pan") mouse("mousemove", x - 2 * i, y - 10 * i);
        // Zoom in for the first half (0.1 → ~0.5), out for the second.
        else pane.dispatchEvent(new WheelEvent("wheel", { deltaY: i <= steps / 2 ? -20 : 20, deltaMode: 0, clientX: x, clientY: y, bubbles: true, cancelable: true }));
        requestAnimationFrame(step);
      };
      requestAnimationFrame(step);
    },
    kind,
    steps,
  );
}

const load = () => os.loadavg().map((l) => l.toFixed(2)).join(" ");
const report = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadBefore: load() } };
const dir = await mkdtemp(path.join(os.tmpdir(), "lensboard-perf-"));
const browser = await openApp();
try {
  await browser.$('[data-testid="palette"]').waitForExist({ timeout: TIMEOUT });
  await browser.executeAsync((done) => {
    window.__TAURI_INTERNALS__.invoke("discard_recovery").then(() => done(), () => done());
  });

  await openArchitecture(browser, systems(SMALL), path.join(dir, `systems-${SMALL}.json`));
  const edits = await editLatency(browser);
  report.edit = {
    components: SMALL,
    risks: [...new Set(edits.map((e) => `${e.from}→${e.to}`))],
    frameMs: stats(edits.map((e) => e.frame)),
    domMs: stats(edits.map((e) => e.dom)),
    snapshotInUiMs: stats(edits.map((e) => e.snapshot)),
    canvasGivenNodesMs: stats(edits.map((e) => e.canvas)),
  };
  const command = await commandLatency(browser);
  if (!Array.isArray(command)) throw new Error(`apply_edit failed: ${command}`);
  report.edit.commandMs = stats(command);

  await openArchitecture(browser, systems(LARGE), path.join(dir, `systems-${LARGE}.json`));
  for (const kind of ["zoom", "pan", "pan-near"]) {
    if (kind === "pan-near") {
      await fit(browser);
      await zoomTo(browser, 0.6);
    }
    const run = await panZoom(browser, kind === "pan-near" ? "pan" : kind, 120);
    report[kind] = {
      components: LARGE,
      nodesInDom: run.rendered,
      frameMs: stats(run.frames),
      fps: Math.round((1000 / stats(run.frames).mean) * 10) / 10,
      viewport: { start: run.start, middle: run.middle, end: run.end },
    };
  }
  report.machine.loadAfter = load();
  console.log(JSON.stringify(report, null, 2));
} finally {
  await browser.deleteSession().catch(() => undefined);
}
