// The canvas editor with live review, in the real window: build an architecture by dragging
// kinds from the palette and connecting handles, watch the findings follow every edit, undo,
// save and reopen. Started by run.sh (Xvfb + tauri-driver).
//
// Drag and drop: WebDriver cannot synthesise HTML5 drag and drop, so `dropKind` dispatches real
// DragEvents (dragstart on the palette item, dragover + drop on the canvas) carrying one
// DataTransfer; they go through the UI's own handlers. Flows are drawn with WebDriver pointer
// actions from a source handle to a target handle, like a person would. Every component is
// dropped inside the visible canvas (736 px wide at 1280x800): a handle under the sidebar is out
// of the pointer's reach ("element not interactable"), and React Flow auto-pans while a
// connection is dragged outside the pane, moving the target away from the pointer — which is
// why a flow from the guardrail to a model dropped off-canvas was never made. Files:
// `save_review_as` / `open_review` are invoked with a path (no dialog), then
// `window.__LENSBOARD__.refresh()` (a hook the UI exposes for this) re-reads the snapshot.
import assert from "node:assert/strict";
import { mkdtemp } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { dropKind as dropKindOn, invokeAndRefresh as invokeCommand, openWithoutRecovery, renameThroughInspector, TIMEOUT, withScreenshot } from "./session.js";

const RULE = "genai/security/untrusted-input-reaches-model";
const XSS = "<img src=x onerror=alert(1)>";

/** @type {WebdriverIO.Browser} */
let browser;
const shot = (name, body) => withScreenshot(() => browser, name, body);

const node = (id) => browser.$(`[data-testid="node-${id}"]`);
const dropKind = (kind, x, y) => dropKindOn(browser, kind, x, y);
const finding = () => browser.$(`[data-testid="finding-${RULE}"]`);

async function nodeIds() {
  return browser.execute(() => [...document.querySelectorAll(".react-flow__node-component")].map((n) => n.getAttribute("data-id")).sort());
}
async function edgeIds() {
  return browser.execute(() => [...document.querySelectorAll(".react-flow__edge")].map((n) => n.getAttribute("data-id")).sort());
}
async function findingIds() {
  return browser.execute(() => [...document.querySelectorAll("[data-finding]")].map((n) => n.getAttribute("data-finding")).sort());
}
async function waitFor(check, message) {
  await browser.waitUntil(check, { timeout: TIMEOUT, timeoutMsg: message });
}

/** An element's text. WebKitWebDriver's "get element text" returns "" for this page's elements
 * (its visibility check), so the text is read in the page instead. */
async function textOf(selector) {
  return browser.execute((selector) => document.querySelector(selector)?.textContent ?? null, selector);
}

/** Connects `from`'s source handle to `to`'s target handle with the pointer; resolves when the
 * new edge is drawn. */
async function connect(from, to) {
  const before = (await edgeIds()).length;
  const source = browser.$(`[data-testid="source-${from}"]`);
  const target = browser.$(`[data-testid="target-${to}"]`);
  await source.waitForDisplayed({ timeout: TIMEOUT });
  await target.waitForDisplayed({ timeout: TIMEOUT });
  await browser
    .action("pointer", { parameters: { pointerType: "mouse" } })
    .move({ origin: source })
    .down({ button: 0 })
    .move({ origin: target, duration: 200 })
    .move({ origin: target })
    .up({ button: 0 })
    .perform();
  await waitFor(async () => (await edgeIds()).length > before, `a flow from ${from} to ${to} is drawn`);
}

/** Calls a Tauri command from outside the UI, then lets the UI re-read the snapshot. */
async function invokeAndRefresh(command, args = {}) {
  const error = await invokeCommand(browser, command, args);
  assert.equal(error, null, `${command} succeeded`);
}

describe("the canvas editor with live review", () => {
  before(async () => {
    browser = await openWithoutRecovery('[data-testid="palette"]');
  });

  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
  });

  it(
    "starts an empty review with New",
    shot("editor-new", async () => {
      await invokeAndRefresh("new_review");
      await waitFor(async () => (await nodeIds()).length === 0, "the new review has no component");
      assert.equal(await browser.$('[data-testid="dirty"]').isExisting(), false);
    }),
  );

  it(
    "creates components where they are dropped and flags a model reached without a guardrail",
    shot("editor-drag-connect", async () => {
      await dropKind("user", 100, 200);
      await dropKind("client_app", 300, 200);
      await dropKind("model_endpoint", 620, 200);
      await waitFor(async () => (await nodeIds()).length === 3, "three components on the canvas");
      assert.deepEqual(await nodeIds(), ["client_app_1", "model_endpoint_1", "user_1"]);
      await connect("user_1", "client_app_1");
      await connect("client_app_1", "model_endpoint_1");
      await finding().waitForExist({ timeout: TIMEOUT, timeoutMsg: "the guardrail finding appears" });
      await waitFor(async () => (await node("model_endpoint_1").getAttribute("data-risk")) === "high", "the model endpoint turns red");
      assert.equal(await browser.$('[data-testid="dirty"]').isExisting(), true, "the header shows unsaved changes");
    }),
  );

  it(
    "clears the finding once a guardrail is on the path",
    shot("editor-guardrail", async () => {
      await dropKind("guardrail", 460, 380);
      await waitFor(async () => (await nodeIds()).includes("guardrail_1"), "the guardrail is on the canvas");
      // Remove the direct flow (the second one drawn): select its edge, press Delete.
      const direct = "flow_2";
      assert.ok((await edgeIds()).includes(direct));
      await browser.execute((id) => {
        document.querySelector(`.react-flow__edge[data-id="${id}"]`).dispatchEvent(new MouseEvent("click", { bubbles: true }));
      }, direct);
      await waitFor(async () => (await textOf(".inspector__title")) === "Flow", "the flow is selected");
      await browser.keys("Delete");
      await waitFor(async () => !(await edgeIds()).includes(direct), "the direct flow is deleted");
      await connect("client_app_1", "guardrail_1");
      await connect("guardrail_1", "model_endpoint_1");
      await waitFor(async () => !(await finding().isExisting()), "the finding goes");
      // The model stays red for other reasons (no invocation logging, no observability…): the
      // full pack holds it to more than the guardrail, so only the guardrail finding is checked.
    }),
  );

  let bypass;
  it(
    "brings the finding back for a flow that bypasses the guardrail, with the bypass highlighted",
    shot("editor-bypass", async () => {
      const before = await edgeIds();
      await connect("client_app_1", "model_endpoint_1");
      bypass = (await edgeIds()).find((id) => !before.includes(id));
      await finding().waitForExist({ timeout: TIMEOUT, timeoutMsg: "the finding returns" });
      await finding().click();
      await browser.$('[data-testid="why-flagged"]').waitForExist({ timeout: TIMEOUT });
      await waitFor(async () => (await node("model_endpoint_1").getAttribute("data-emphasis")) === "witness", "the model is on the highlighted path");
      assert.equal(await node("client_app_1").getAttribute("data-emphasis"), "witness");
      assert.equal(await node("user_1").getAttribute("data-emphasis"), "witness");
      assert.equal(await node("guardrail_1").getAttribute("data-emphasis"), "dimmed", "the guarded path is not the witness");
      const edgeClass = await browser.$(`.react-flow__edge[data-id="${bypass}"]`).getAttribute("class");
      assert.match(edgeClass, /flow--witness/, "the bypass flow is highlighted");
      await browser.keys("Escape");
      await waitFor(async () => (await node("guardrail_1").getAttribute("data-emphasis")) === "normal", "Escape clears the highlight");
    }),
  );

  it(
    "undoes the bypass: the flow and its finding go",
    shot("editor-undo", async () => {
      await browser.$('[data-testid="btn-undo"]').click();
      await waitFor(async () => !(await edgeIds()).includes(bypass), "the bypass flow is gone");
      await waitFor(async () => !(await finding().isExisting()), "its finding is gone");
    }),
  );

  it(
    "acts on a shortcut once: Ctrl+Shift+Z redoes one edit and Ctrl+Z undoes one",
    shot("editor-shortcuts", async () => {
      // The keys go to the page, not a text field: the canvas's pane has the focus.
      await browser.$(".react-flow__pane").click();
      const before = await edgeIds();
      await browser.keys(["Control", "Shift", "z"]);
      await waitFor(async () => (await edgeIds()).includes(bypass), "Redo brings the bypass back");
      await browser.keys(["Control", "z"]);
      await waitFor(async () => !(await edgeIds()).includes(bypass), "Undo takes it away again");
      // Had the menu's accelerator and the page both acted, the second undo would take the
      // guardrail's flow too; give it the time to show.
      await browser.pause(500);
      assert.deepEqual(await edgeIds(), before, "one undo for one key press");
      await waitFor(async () => (await browser.$('[data-testid="btn-redo"]').isEnabled()), "the bypass can be redone");
    }),
  );

  it(
    "leaves Ctrl+Z in a text field to the field: the review's edits stay",
    shot("editor-text-undo", async () => {
      await browser.$('.react-flow__node[data-id="guardrail_1"]').click();
      const input = browser.$("#component-label");
      await input.waitForDisplayed({ timeout: TIMEOUT });
      await input.click();
      await input.addValue(" draft");
      const edges = await edgeIds();
      assert.equal(await browser.$('[data-testid="btn-undo"]').isEnabled(), true, "the review has edits to undo");
      await browser.keys(["Control", "z"]);
      await browser.pause(500);
      assert.deepEqual(await edgeIds(), edges, "the review was not undone");
      assert.ok((await nodeIds()).includes("guardrail_1"), "the guardrail is still there");
      // Escape gives the field its value back, so leaving it changes nothing.
      await browser.keys("Escape");
      await browser.$(".react-flow__pane").click();
    }),
  );

  it(
    "saves, closes and reopens the same architecture and findings",
    shot("editor-save-reopen", async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), "lensboard-e2e-"));
      const file = path.join(dir, "review.lensboard");
      await connect("client_app_1", "model_endpoint_1");
      await finding().waitForExist({ timeout: TIMEOUT });
      const nodesBefore = await nodeIds();
      const edgesBefore = await edgeIds();
      const findingsBefore = await findingIds();
      await invokeAndRefresh("save_review_as", { path: file });
      await waitFor(async () => (await textOf('[data-testid="title"]')) === "review", "the title is the file's name");
      assert.equal(await browser.$('[data-testid="dirty"]').isExisting(), false, "saved: no unsaved marker");
      await invokeAndRefresh("new_review");
      await waitFor(async () => (await nodeIds()).length === 0, "the review is closed");
      await invokeAndRefresh("open_review", { path: file });
      await waitFor(async () => (await nodeIds()).length === nodesBefore.length, "the components are back");
      assert.deepEqual(await nodeIds(), nodesBefore);
      await waitFor(async () => (await edgeIds()).length === edgesBefore.length, "the flows are back");
      assert.deepEqual(await edgeIds(), edgesBefore);
      assert.deepEqual(await findingIds(), findingsBefore);
      assert.equal(await node("model_endpoint_1").getAttribute("data-risk"), "high");
    }),
  );

  it(
    "shows a label that looks like HTML as text and runs nothing",
    shot("editor-xss", async () => {
      // Anything the label ran would call alert: record it in a sentinel instead of a dialog.
      await browser.execute(() => {
        window.__xss = undefined;
        window.alert = () => {
          window.__xss = true;
        };
      });
      await renameThroughInspector(browser, "user_1", XSS);
      await waitFor(async () => (await textOf('[data-testid="node-user_1"] .component-node__label')) === XSS, "the label is drawn as typed");
      await waitFor(async () => (await textOf(".inspector__title")) === XSS, "the inspector's title shows it as text");
      assert.equal(await browser.$$('[data-testid="node-user_1"] img').length, 0, "no img element in the node");
      assert.equal(await browser.execute(() => document.querySelectorAll('img[src="x"]').length), 0, "no img element anywhere in the window");
      assert.equal(await browser.execute(() => window.__xss), null, "nothing ran: the sentinel is untouched");
      const alertOpen = await browser.getAlertText().then(
        () => true,
        () => false,
      );
      assert.equal(alertOpen, false, "no alert ran");
    }),
  );
});
