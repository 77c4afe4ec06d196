// File › Import… and File › Export… in the real window. A CloudFormation template (the Bedrock
// agent of INTERCHANGE.md §2.4, the fixture of the importer's tests) is imported through the
// menu's action into an empty review: laid out, evaluated, its report shown. The template then
// changes and is imported into the review again: the person's placement stays, the code's change
// comes in, one undo takes it back. The review is exported as a Threat Dragon model through
// File › Export…, and that file imported as a new review. The menu's action names the file the
// native dialog would return, as the other suites do. Started by run.sh (Xvfb + tauri-driver).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, describe, it } from "node:test";

import { invokeAndRefresh as invokeCommand, openWithoutRecovery, TIMEOUT, withScreenshot } from "./session.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURE = path.join(here, "../../lens/tests/iac/fixtures/bedrock-agent.yaml");

/** @type {WebdriverIO.Browser} */
let browser;
let dir = "";

const shot = (name, body) => withScreenshot(() => browser, `exchange-${name}`, body);
const byTest = (id) => browser.$(`[data-testid="${id}"]`);

async function invokeAndRefresh(command, args = {}) {
  const error = await invokeCommand(browser, command, args);
  assert.equal(error, null, `${command} succeeded`);
}

/** The snapshot Rust holds now. */
function snapshotNow() {
  return browser.executeAsync((done) => {
    window.__TAURI_INTERNALS__.invoke("snapshot").then(done, (e) => done({ error: String(e) }));
  });
}

/** What File › Import… or File › Export… sends, with the file the native dialog would return. */
async function chooseInMenu(action, file) {
  const error = await browser.executeAsync(
    (action, file, done) => {
      window.__TAURI_INTERNALS__
        .invoke("plugin:event|emit", { event: "menu-action", payload: { action, path: file } })
        .then(() => done(null), (e) => done(String(e)));
    },
    action,
    file,
  );
  assert.equal(error, null, `the ${action} action reaches the window`);
}

async function closeReport() {
  await byTest("import-report-close").click();
  await browser.waitUntil(async () => !(await byTest("import-report").isExisting()), { timeout: TIMEOUT, timeoutMsg: "the report closes" });
}

/** Runs xdotool (real X input under Xvfb) and gives back what it printed. */
function xdotool(...args) {
  return execFileSync("xdotool", args, { encoding: "utf8", timeout: TIMEOUT }).trim();
}

/** Saves the whole X screen (native dialogs included) under the e2e artefacts. */
function wholeScreen(name) {
  const artifacts = process.env.E2E_ARTIFACTS ?? path.join(here, "../../target/e2e");
  execFileSync("import", ["-window", "root", path.join(artifacts, `exchange-screen-${name}.png`)], { timeout: TIMEOUT });
}

/** Waits until the canvas draws a node for each of `ids` (the window renders a moment after
 * Rust answers). */
async function waitForNodes(ids) {
  await browser.waitUntil(
    () => browser.execute((ids) => ids.every((id) => document.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`)), ids),
    { timeout: TIMEOUT, timeoutMsg: `the canvas draws ${ids.join(", ")}` },
  );
}

describe("import and export", () => {
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "lensboard-exchange-"));
    browser = await openWithoutRecovery('[data-testid="review-tools"]');
  });

  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
  });

  it(
    "imports a CloudFormation template from File › Import…, lays it out and shows the report",
    shot("import", async () => {
      const template = path.join(dir, "support-stack.yaml");
      await writeFile(template, await readFile(FIXTURE, "utf8"));
      await invokeAndRefresh("new_review");

      await chooseInMenu("import", template);

      await byTest("import-report").waitForExist({ timeout: TIMEOUT, timeoutMsg: "the import report is shown" });
      assert.match(await byTest("import-summary").getText(), /^CloudFormation template: \d+ elements — \d+ drawn/);
      assert.ok(await byTest("import-resource-SupportAgent").isExisting(), "the agent's line is in the report");
      assert.ok(!(await byTest("import-merge").isExisting()), "a new review merges nothing");

      await browser.waitUntil(async () => (await snapshotNow()).architecture.components.every((c) => c.position), {
        timeout: TIMEOUT,
        timeoutMsg: "the imported review is laid out",
      });
      const snapshot = await snapshotNow();
      assert.equal(snapshot.imported_from, "support-stack.yaml");
      assert.equal(snapshot.path, null, "saving asks where: the template is never overwritten");
      assert.ok(snapshot.findings.length > 0, "the import is evaluated");
      const places = new Set(snapshot.architecture.components.map((c) => `${c.position.x},${c.position.y}`));
      assert.equal(places.size, snapshot.architecture.components.length, "no two components on the same spot");
      await waitForNodes(snapshot.architecture.components.map((c) => c.id));
      const guardrail = snapshot.architecture.components.find((c) => c.kind === "guardrail");
      assert.ok(guardrail, "the agent's guardrail is a component");
      assert.ok(
        snapshot.architecture.flows.some((f) => f.to === guardrail.id) && snapshot.architecture.flows.some((f) => f.from === guardrail.id),
        "the guardrail is on the path (agent → guardrail → model)",
      );
      await closeReport();
    }),
  );

  it(
    "imports the changed template into the review again, keeping the placement, as one undoable step",
    shot("reimport", async () => {
      const template = path.join(dir, "support-stack.yaml");
      const collection = (await snapshotNow()).architecture.components.find((c) => c.kind === "vector_store");
      assert.ok(collection, "the OpenSearch collection is a vector store");
      assert.equal(collection.properties.replicated, true);
      await invokeAndRefresh("apply_edit", { edit: { type: "move_components", moves: [{ id: collection.id, position: { x: 1234, y: 987 } }] } });
      await writeFile(template, (await readFile(FIXTURE, "utf8")).replace("StandbyReplicas: ENABLED", "StandbyReplicas: DISABLED"));

      await chooseInMenu("import", template);
      await byTest("import-dialog").waitForExist({ timeout: TIMEOUT, timeoutMsg: "the way the import goes is asked" });
      assert.ok(await byTest("import-into").$("input").isSelected(), "the same file's update is suggested");
      await byTest("btn-import").click();

      await byTest("merge-updated").waitForExist({ timeout: TIMEOUT, timeoutMsg: "the report lists the code's change" });
      assert.match(await byTest("merge-updated").getText(), new RegExp(`${collection.id}\\.replicated: true → false`));
      let now = (await snapshotNow()).architecture.components.find((c) => c.id === collection.id);
      assert.equal(now.properties.replicated, false, "the code's change came in");
      assert.deepEqual(now.position, { x: 1234, y: 987 }, "the person's placement stayed");
      await closeReport();

      await chooseInMenu("undo", null);
      await browser.waitUntil(async () => (await snapshotNow()).architecture.components.find((c) => c.id === collection.id).properties.replicated === true, {
        timeout: TIMEOUT,
        timeoutMsg: "one undo takes the import back",
      });
      now = (await snapshotNow()).architecture.components.find((c) => c.id === collection.id);
      assert.deepEqual(now.position, { x: 1234, y: 987 }, "and only the import");
    }),
  );

  it(
    "exports a Threat Dragon model from File › Export… and imports it back as a new review",
    shot("export", async () => {
      const saved = path.join(dir, "support.lensboard");
      await invokeAndRefresh("save_review_as", { path: saved });
      const before = await snapshotNow();
      const model = path.join(dir, "support-threat-dragon.json");

      await chooseInMenu("export", model);
      await byTest("export-format-dialog").waitForExist({ timeout: TIMEOUT });
      await byTest("export-format-threat-dragon").$("input").click();
      await byTest("btn-export-format").click();
      await browser.waitUntil(() => existsSync(model), { timeout: TIMEOUT, timeoutMsg: "the model is written" });
      const written = JSON.parse(await readFile(model, "utf8"));
      assert.ok(written.summary && written.detail, "a Threat Dragon v2 model");
      assert.equal((await snapshotNow()).dirty, false, "exporting changes nothing in the review");

      await chooseInMenu("import", model);
      await byTest("import-dialog").waitForExist({ timeout: TIMEOUT });
      await byTest("import-new").$("input").click();
      await byTest("btn-import").click();
      await byTest("import-report").waitForExist({ timeout: TIMEOUT });
      assert.match(await byTest("import-summary").getText(), /^Threat Dragon model:/);
      const back = await snapshotNow();
      await waitForNodes(back.architecture.components.map((c) => c.id));
      const labels = (s) => s.architecture.components.map((c) => c.label).sort();
      assert.deepEqual(labels(back), labels(before), "the round trip keeps every component's name");
      assert.equal(back.architecture.flows.length, before.architecture.flows.length, "and every flow");
      await closeReport();
    }),
  );

  it(
    "picks the template in the native dialog of File › Import…, with real keys",
    shot("native-dialog", async () => {
      const template = path.join(dir, "typed-stack.yaml");
      await writeFile(template, await readFile(FIXTURE, "utf8"));
      await invokeAndRefresh("new_review");

      // Ctrl+I as X input to the app's window: the native menu's accelerator, not a DOM event.
      const window = xdotool("search", "--onlyvisible", "--name", "Lensboard$").split("\n")[0];
      xdotool("windowfocus", "--sync", window);
      xdotool("key", "ctrl+i");
      // The GTK file chooser: Ctrl+L opens its location field (given a moment to appear, or the
      // first keys are lost), the path is typed, Return picks the file.
      const dialog = xdotool("search", "--sync", "--onlyvisible", "--name", "^Open File$").split("\n")[0];
      xdotool("windowfocus", "--sync", dialog);
      xdotool("key", "ctrl+l");
      await new Promise((resolve) => setTimeout(resolve, 500));
      xdotool("type", "--delay", "15", template);
      await new Promise((resolve) => setTimeout(resolve, 300));
      wholeScreen("typed");
      xdotool("key", "Return");

      await byTest("import-report")
        .waitForExist({ timeout: TIMEOUT, timeoutMsg: "the picked file is imported and its report shown" })
        .catch((error) => {
          // The window's own screenshot does not show a native dialog: keep the X screen's.
          wholeScreen("after-return");
          throw error;
        });
      assert.match(await byTest("import-summary").getText(), /^CloudFormation template:/);
      assert.equal((await snapshotNow()).imported_from, "typed-stack.yaml");
      await closeReport();
    }),
  );
});
