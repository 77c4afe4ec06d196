// End-to-end tests through the real app window: WebdriverIO → tauri-driver → WebKitWebDriver →
// the built Lensboard binary. Started by run.sh, which provides Xvfb and tauri-driver.
import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { openApp, renameThroughInspector, TIMEOUT, withScreenshot as withWindowScreenshot } from "./session.js";

const app = process.env.LENSBOARD_APP;

/** The sample architecture's components, as the Rust side names them. */
const SAMPLE_LABELS = ["Customer", "Chat UI", "Support agent", "Claude on Bedrock", "Product docs index"];

/** @type {WebdriverIO.Browser} */
let browser;

/** Runs a test body; on failure saves a screenshot of the window under target/e2e/. */
const withScreenshot = (name, body) => withWindowScreenshot(() => browser, name, body);

/** The text of each component label drawn on the canvas. */
async function canvasLabels() {
  return browser.execute(() => [...document.querySelectorAll(".react-flow__node .component-node__label")].map((l) => l.textContent));
}

async function labelOf(id) {
  return textOf(`.react-flow__node[data-id="${id}"] .component-node__label`);
}

/** An element's text. WebKitWebDriver's "get element text" returns "" for this page's elements
 * (its visibility check), so the text is read in the page instead. */
async function textOf(selector) {
  return browser.execute((selector) => document.querySelector(selector)?.textContent ?? null, selector);
}

describe("Lensboard window", () => {
  before(async () => {
    assert.ok(app, "LENSBOARD_APP names the built app (run through tests/e2e/run.sh)");
    browser = await openApp();
  });

  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
  });

  it(
    "opens with a Lensboard window title and the sample architecture's name",
    withScreenshot("title", async () => {
      assert.match(await browser.getTitle(), /Lensboard$/);
      await browser.waitUntil(async () => (await textOf("h1")) === "Support assistant", {
        timeout: TIMEOUT,
        timeoutMsg: "the architecture loaded from Rust names the heading",
      });
    }),
  );

  it(
    "shows every component of the sample on the canvas, with the flows between them",
    withScreenshot("sample-on-canvas", async () => {
      await browser.waitUntil(async () => (await canvasLabels()).length === SAMPLE_LABELS.length, {
        timeout: TIMEOUT,
        timeoutMsg: "one node per component of the sample",
      });
      assert.deepEqual((await canvasLabels()).sort(), [...SAMPLE_LABELS].sort());
      // React Flow draws edges a frame or two after the nodes.
      await browser.waitUntil(async () => (await browser.$$(".react-flow__edge")).length === 4, {
        timeout: TIMEOUT,
        timeoutMsg: "one edge per flow of the sample",
      });
      const kind = await textOf('.react-flow__node[data-id="llm"] .component-node__kind');
      assert.equal(kind.toLowerCase(), "model endpoint", "a node shows its component's kind");
    }),
  );

  it(
    "renames a component through Rust and shows the new label on the canvas",
    withScreenshot("rename", async () => {
      await renameThroughInspector(browser, "chat", "Support web chat");
      await browser.waitUntil(async () => (await labelOf("chat")) === "Support web chat", {
        timeout: TIMEOUT,
        timeoutMsg: "the label set through apply_edit is drawn on the node",
      });
      assert.equal(await textOf(".inspector__title"), "Support web chat");
    }),
  );

  it(
    "shows the message for the invalid_label code when Rust rejects a blank label",
    withScreenshot("invalid-label", async () => {
      await renameThroughInspector(browser, "agent", "   ");
      await browser.$(".inspector [role=alert]").waitForExist({ timeout: TIMEOUT, timeoutMsg: "the rejection is shown" });
      assert.equal(await textOf(".inspector [role=alert]"), "A label must not be blank and can have at most 4,096 characters.");
      assert.equal(await labelOf("agent"), "Support agent", "a rejected rename changes nothing");
    }),
  );
});

describe("A file named on the command line", () => {
  let dir;
  before(async () => {
    // Hand-written JSON: the agentic fixture with every position taken out.
    const fixture = path.resolve(import.meta.dirname, "../fixtures/architectures/agentic_tools_loop.json");
    const architecture = JSON.parse(await readFile(fixture, "utf8"));
    for (const c of architecture.components) delete c.position;
    for (const b of architecture.boundaries) {
      delete b.position;
      delete b.size;
    }
    dir = await mkdtemp(path.join(os.tmpdir(), "lensboard-e2e-"));
    const file = path.join(dir, "hand-written.json");
    await writeFile(file, JSON.stringify(architecture));
    browser = await openApp([file]);
  });

  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it(
    "opens that architecture and lays it out once when it has no positions, as File › Open does",
    withScreenshot("command-line-json", async () => {
      const snapshot = () => browser.executeAsync((done) => {
        window.__TAURI_INTERNALS__.invoke("snapshot").then(done, (e) => done({ error: String(e) }));
      });
      await browser.waitUntil(
        async () => {
          const snap = await snapshot();
          return snap.architecture?.components.length > 0 && snap.architecture.components.every((c) => c.position);
        },
        { timeout: TIMEOUT, timeoutMsg: "every component has a position from the auto-layout" },
      );
      const snap = await snapshot();
      assert.equal(snap.path, null, "imported JSON is a new review until saved");
      assert.ok(snap.can_undo, "the layout is one undoable edit");
      const rows = new Set(snap.architecture.components.map((c) => Math.round(c.position.y)));
      assert.ok(rows.size > 1, "laid out in layers, not the fallback row");
    }),
  );
});
