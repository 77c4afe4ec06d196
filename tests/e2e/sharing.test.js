// Sharing reviews in the real window: a review merged by the real `lens merge` (from the same
// target directory as the app) opens with its conflicts in the sidebar; one is shown on the
// canvas, resolved by taking theirs, saved, and the reopened file has one conflict fewer. File ›
// Compare with… (the menu's action, naming the file the native dialog would return) offers the
// other file's milestone and marks the diff on the canvas. Started by run.sh (Xvfb +
// tauri-driver). Files: `open_review` / `save_review_as` are invoked with a path, as in the other
// tests; the compare test sends the menu's action with the path, as Open Recent's carries one.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { invokeAndRefresh as invokeCommand, openWithoutRecovery, TIMEOUT, withScreenshot } from "./session.js";

const LENS = process.env.LENS_BIN ?? "";

/** @type {WebdriverIO.Browser} */
let browser;
let dir = "";

const shot = (name, body) => withScreenshot(() => browser, `sharing-${name}`, body);
const byTest = (id) => browser.$(`[data-testid="${id}"]`);

async function invokeAndRefresh(command, args = {}) {
  const error = await invokeCommand(browser, command, args);
  assert.equal(error, null, `${command} succeeded`);
}

async function waitForText(testId, text) {
  await browser.waitUntil(async () => (await byTest(testId).isExisting()) && (await byTest(testId).getText()) === text, {
    timeout: TIMEOUT,
    timeoutMsg: `${testId} reads "${text}"`,
  });
}

/** An architecture JSON of a chat app in front of a model, with the two labels given. */
function architecture(chat, model) {
  const component = (id, kind, label, x) => ({ id, kind, label, boundary: null, properties: {}, position: { x, y: 200 } });
  return {
    format: "lensboard/architecture",
    version: 1,
    name: "Shared",
    boundaries: [],
    components: [component("app", "client_app", chat, 260), component("llm", "model_endpoint", model, 520), component("user", "user", "User", 0)],
    flows: [
      { id: "f1", from: "user", to: "app", properties: {} },
      { id: "f2", from: "app", to: "llm", properties: {} },
    ],
  };
}

const labelOf = (id) => browser.execute((id) => document.querySelector(`.react-flow__node[data-id="${id}"] .component-node__label`)?.textContent ?? null, id);

describe("sharing reviews", () => {
  before(async () => {
    assert.ok(existsSync(LENS), `the lens CLI is built at LENS_BIN (${LENS}); run.sh sets it`);
    dir = await mkdtemp(path.join(os.tmpdir(), "lensboard-sharing-"));
    browser = await openWithoutRecovery('[data-testid="review-tools"]');
  });

  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
  });

  it(
    "opens a merged review with its conflicts, resolves one, and saves the other still recorded",
    shot("conflicts", async () => {
      const base = path.join(dir, "base.json");
      const theirs = path.join(dir, "theirs.json");
      const ours = path.join(dir, "ours.lensboard");
      const merged = path.join(dir, "merged.lensboard");
      await writeFile(base, JSON.stringify(architecture("Chat", "Model")));
      await writeFile(theirs, JSON.stringify(architecture("Their chat", "Their model")));
      // Ours: the base opened in the app, both labels changed, saved as a review file.
      await invokeAndRefresh("open_review", { path: base });
      await invokeAndRefresh("apply_edit", {
        edit: { type: "batch", edits: [{ type: "set_component_label", id: "app", label: "Our chat" }, { type: "set_component_label", id: "llm", label: "Our model" }] },
      });
      await invokeAndRefresh("save_review_as", { path: ours });

      const run = spawnSync(LENS, ["merge", base, ours, theirs, "--output", merged], { encoding: "utf8" });
      assert.equal(run.status, 1, `lens merge reports the conflicts: ${run.stdout}${run.stderr}`);
      assert.match(run.stdout, /2 conflicts recorded/);

      await invokeAndRefresh("new_review");
      await invokeAndRefresh("open_review", { path: merged });
      await waitForText("conflicts-count", "2 conflicts");
      assert.equal(await byTest("conflicts-status").getText(), "2 conflicts", "the toolbar says so too");
      assert.match(await byTest("conflict-0").getText(), /Component “Our chat” · label/);
      assert.match(await byTest("conflict-0").getText(), /"Their chat"/, "their value is listed");
      const dashed = await browser.execute(() => getComputedStyle(document.querySelector('.react-flow__node[data-id="app"]')).outlineStyle);
      assert.equal(dashed, "dashed", "the component in conflict is marked on the canvas");

      await byTest("conflict-show-0").click();
      await browser.waitUntil(async () => (await browser.$('.react-flow__node[data-id="app"]').getAttribute("class")).includes("selected"), {
        timeout: TIMEOUT,
        timeoutMsg: "picking the conflict selects its component",
      });

      await byTest("conflict-theirs-0").click();
      await waitForText("conflicts-count", "1 conflict");
      await browser.waitUntil(async () => (await labelOf("app")) === "Their chat", { timeout: TIMEOUT, timeoutMsg: "their label is taken" });
      assert.ok(await byTest("dirty").isExisting(), "resolving is an unsaved change");

      await invokeAndRefresh("save_review");
      await invokeAndRefresh("new_review");
      await browser.waitUntil(async () => !(await byTest("conflicts").isExisting()), { timeout: TIMEOUT, timeoutMsg: "a new review has no conflicts" });
      await invokeAndRefresh("open_review", { path: merged });
      await waitForText("conflicts-count", "1 conflict");
      assert.match(await byTest("conflict-0").getText(), /Component “Our model” · label/, "the unresolved one was saved");
      assert.equal(await labelOf("app"), "Their chat", "the resolution was saved");

      const listed = spawnSync(LENS, ["export", merged, "--to", "review-json"], { encoding: "utf8" });
      assert.equal(listed.status, 0, listed.stderr);
      assert.equal(JSON.parse(listed.stdout).conflicts.length, 1, "the file records the one left");
    }),
  );

  it(
    "compares with another file's milestone from File › Compare with… and marks the diff",
    shot("compare", async () => {
      const other = path.join(dir, "other.lensboard");
      const start = path.join(dir, "start.json");
      await writeFile(start, JSON.stringify(architecture("Chat", "Model")));
      // The other file: the architecture as milestone "v1", then a guardrail added.
      await invokeAndRefresh("open_review", { path: start });
      await invokeAndRefresh("save_milestone", { name: "v1" });
      await invokeAndRefresh("apply_edit", {
        edit: { type: "add_component", component: { id: "guard", kind: "guardrail", label: "Guard", boundary: null, properties: {}, position: { x: 520, y: 400 } } },
      });
      await invokeAndRefresh("save_review_as", { path: other });
      // The open review: the same architecture with a cache instead.
      await invokeAndRefresh("open_review", { path: start });
      await invokeAndRefresh("apply_edit", {
        edit: { type: "add_component", component: { id: "cache", kind: "cache", label: "Cache", boundary: null, properties: {}, position: { x: 260, y: 400 } } },
      });
      await browser.$('.react-flow__node[data-id="cache"]').waitForExist({ timeout: TIMEOUT });

      // What File › Compare with… sends, with the file named (as Open Recent names its file) in
      // place of the native dialog's answer.
      await browser.executeAsync((file, done) => {
        window.__TAURI_INTERNALS__
          .invoke("plugin:event|emit", { event: "menu-action", payload: { action: "compare_with", path: file } })
          .then(() => done(null), (e) => done(String(e)));
      }, other);

      await byTest("compare-dialog").waitForExist({ timeout: TIMEOUT, timeoutMsg: "the file's milestones are offered" });
      assert.ok(await byTest("compare-now").isExisting(), "the file as it is now is offered");
      await byTest("compare-milestone-v1").click();
      await byTest("btn-compare").click();

      await byTest("comparison").waitForExist({ timeout: TIMEOUT });
      assert.match(await byTest("comparison").getText(), /other\.lensboard # v1 → now/);
      assert.match(await byTest("diff-components-added").getText(), /cache/);
      assert.ok(!(await byTest("diff-components-removed").isExisting()), "v1 had no guardrail to remove");
      const outline = await browser.execute(() => getComputedStyle(document.querySelector('.react-flow__node[data-id="cache"]')).outlineStyle);
      assert.equal(outline, "solid", "the component added since v1 is outlined");

      await byTest("comparison-hide").click();
      await browser.waitUntil(async () => !(await byTest("comparison").isExisting()), { timeout: TIMEOUT, timeoutMsg: "the comparison hides" });
    }),
  );
});
