// The review workflow in the real window (issue 7): a template opens with its findings; a finding
// marked false positive (with the justification the form insists on) leaves the open counts and
// stays decided after save and reopen; a milestone compared with now shows the finding a guardrail
// resolved and the guardrail added (marked on the canvas). Started by run.sh (Xvfb + tauri-driver).
// Files: `save_review_as` / `open_review` are invoked with a path (no dialog), then
// `window.__LENSBOARD__.refresh()` re-reads the snapshot.
import assert from "node:assert/strict";
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";

import { invokeAndRefresh as invokeCommand, openWithoutRecovery, TIMEOUT, withScreenshot } from "./session.js";

const RULE = "genai/security/untrusted-input-reaches-model";

/** @type {WebdriverIO.Browser} */
let browser;

const shot = (name, body) => withScreenshot(() => browser, `review-${name}`, body);

const byTest = (id) => browser.$(`[data-testid="${id}"]`);

async function waitFor(check, message) {
  await browser.waitUntil(check, { timeout: TIMEOUT, timeoutMsg: message });
}

/** Calls a Tauri command from outside the UI, then lets the UI re-read the snapshot. */
async function invokeAndRefresh(command, args = {}) {
  const error = await invokeCommand(browser, command, args);
  assert.equal(error, null, `${command} succeeded`);
}

/** The open counts shown in the findings panel's header (high + medium + low). */
async function openCount() {
  return browser.execute(() =>
    [...document.querySelectorAll(".findings__summary .count")].reduce((sum, el) => sum + Number(el.textContent), 0),
  );
}

const component = (id, kind, x) => ({ type: "add_component", component: { id, kind, label: id, properties: {}, position: { x, y: 200 } } });
const flow = (id, from, to) => ({ type: "add_flow", flow: { id, from, to, properties: {} } });

describe("the review workflow", () => {
  before(async () => {
    browser = await openWithoutRecovery('[data-testid="review-tools"]');
  });

  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
  });

  it(
    "opens a template with its findings from the New from template dialog",
    shot("template", async () => {
      await invokeAndRefresh("new_review");
      await byTest("btn-new-from-template").click();
      const pick = byTest("template-autonomous-call-center");
      await pick.waitForExist({ timeout: TIMEOUT });
      const listed = await browser.execute(() => document.querySelectorAll('[data-testid^="template-"]').length);
      assert.equal(listed, 8, "the eight scenarios are listed");
      await pick.click();
      await waitFor(async () => !(await byTest("templates-dialog").isExisting()), "the dialog closes");
      await waitFor(async () => (await browser.$$("[data-finding]").length) > 0, "the template's findings are listed");
      assert.ok((await browser.$$(".react-flow__node-component").length) > 3, "the template is drawn");
    }),
  );

  it(
    "marks a finding false positive with a justification, lowering the counts, and keeps it after save and reopen",
    shot("decision", async () => {
      const before = await openCount();
      const first = browser.$("[data-finding]");
      const findingId = await first.getAttribute("data-finding");
      await first.click();
      await byTest("decision-form").waitForExist({ timeout: TIMEOUT });
      await byTest("decision-status-select").selectByAttribute("value", "false_positive");
      await byTest("decision-owner").setValue("Ana");
      await byTest("decision-save").click();
      await byTest("decision-error").waitForExist({ timeout: TIMEOUT, timeoutMsg: "a false positive without a justification is refused" });
      assert.match(await byTest("decision-error").getText(), /justification/);
      assert.equal(await openCount(), before, "nothing was decided");

      await byTest("decision-justification").setValue("The gateway strips prompts before they reach the model");
      await byTest("decision-save").click();
      await byTest("decision-status").waitForExist({ timeout: TIMEOUT });
      assert.equal(await byTest("decision-status").getText(), "False positive");
      await waitFor(async () => (await openCount()) === before - 1, "the open count drops by one");
      const decided = browser.$(`[data-finding="${findingId}"]`);
      assert.match(await decided.getAttribute("class"), /finding--decided/);

      const dir = await mkdtemp(path.join(os.tmpdir(), "lensboard-review-e2e-"));
      const file = path.join(dir, "decided.lensboard");
      await invokeAndRefresh("save_review_as", { path: file });
      await invokeAndRefresh("new_review");
      await waitFor(async () => (await browser.$$("[data-finding]").length) === 0, "the new review is empty");
      await invokeAndRefresh("open_review", { path: file });
      await waitFor(async () => (await openCount()) === before - 1, "the reopened review has the lower count");
      assert.match(await browser.$(`[data-finding="${findingId}"]`).getAttribute("class"), /finding--decided/, "still decided after reopening");
    }),
  );

  it(
    "compares a milestone with now: the guardrail added and the finding it resolved",
    shot("milestone", async () => {
      await invokeAndRefresh("new_review");
      await invokeAndRefresh("apply_edit", {
        edit: { type: "batch", edits: [component("user_1", "user", 0), component("app_1", "client_app", 260), component("model_1", "model_endpoint", 780), flow("f1", "user_1", "app_1"), flow("f2", "app_1", "model_1")] },
      });
      await browser.$(`[data-testid="finding-${RULE}"]`).waitForExist({ timeout: TIMEOUT, timeoutMsg: "the unguarded model is flagged" });

      await byTest("milestone-name").setValue("before guardrail");
      await byTest("milestone-save").click();
      await byTest("milestone-compare-before guardrail").waitForExist({ timeout: TIMEOUT });

      await invokeAndRefresh("apply_edit", {
        edit: { type: "batch", edits: [{ type: "remove_flow", id: "f2" }, component("guardrail_1", "guardrail", 520), flow("f3", "app_1", "guardrail_1"), flow("f4", "guardrail_1", "model_1")] },
      });
      await waitFor(async () => !(await browser.$(`[data-testid="finding-${RULE}"]`).isExisting()), "the guardrail clears the finding");

      await byTest("milestone-compare-before guardrail").click();
      await byTest("diff").waitForExist({ timeout: TIMEOUT });
      assert.match(await byTest("diff-findings-resolved").getText(), new RegExp(RULE.replace(/\//g, "\\/")));
      assert.match(await byTest("diff-components-added").getText(), /guardrail_1/);
      assert.match(await byTest("diff-flows-removed").getText(), /f2/);
      const outline = await browser.execute(() => {
        const node = document.querySelector('.react-flow__node[data-id="guardrail_1"]');
        return node ? getComputedStyle(node).outlineStyle : null;
      });
      assert.equal(outline, "solid", "the added guardrail is outlined on the canvas");
    }),
  );
  it(
    "answers a lens checklist question, which raises the coverage meter, and exports a Markdown report",
    shot("lens", async () => {
      await byTest("btn-lens").click();
      const coverage = byTest("coverage");
      await coverage.waitForExist({ timeout: TIMEOUT });
      const addressed = async () => Number(/(\d+) \/ 51 addressed/.exec(await coverage.getText())?.[1] ?? -1);
      const before = await addressed();
      assert.ok(before >= 0, "the meter counts the lens's 51 best practices");
      // The first unanswered question of a practice that is not yet addressed.
      const radio = await browser.execute(() => {
        const item = document.querySelector(".lens-practice:not(.lens-practice--addressed) .lens-question");
        return item ? item.getAttribute("data-testid") : null;
      });
      assert.ok(radio, "some practice is not addressed yet");
      await browser.execute((id) => {
        const details = document.querySelector(`[data-testid="${id}"]`).closest("details");
        details.open = true;
      }, radio);
      await browser.$(`[data-testid="${radio}"] input[type="radio"]`).click();
      await waitFor(async () => (await addressed()) === before + 1, "answering yes addresses the practice");
      await byTest("lens-close").click();
      await waitFor(async () => !(await byTest("lens-dialog").isExisting()), "the lens view closes");

      const dir = await mkdtemp(path.join(os.tmpdir(), "lensboard-report-e2e-"));
      const file = path.join(dir, "report.md");
      const error = await browser.executeAsync(
        (file, done) => {
          window.__TAURI_INTERNALS__.invoke("export_report", { path: file }).then(() => done(null), (e) => done(JSON.stringify(e)));
        },
        file,
      );
      assert.equal(error, null, "export_report succeeded");
      const report = await readFile(file, "utf8");
      assert.match(report, /^## Summary$/m, "a .md file gets the Markdown report (the format follows the extension)");
      assert.match(report, /guardrail_1|Guardrail/i, "the report describes the review");

      // Export report… asks who the report is for before the save dialog.
      await byTest("btn-export").click();
      await waitFor(async () => await byTest("export-dialog").isExisting(), "the export dialog opens");
      for (const audience of ["engineering", "executive", "compliance"]) {
        assert.ok(await byTest(`audience-${audience}`).isExisting(), `the ${audience} report is offered`);
      }
      await byTest("export-dialog").$("button=Cancel").click();
      await waitFor(async () => !(await byTest("export-dialog").isExisting()), "Cancel closes it");
      const exportAs = (file, audience) =>
        browser.executeAsync(
          (file, audience, done) => {
            window.__TAURI_INTERNALS__.invoke("export_report", { path: file, audience }).then(() => done(null), (e) => done(e));
          },
          file,
          audience,
        );
      const summary = path.join(dir, "summary.html");
      assert.equal(await exportAs(summary, "executive"), null, "the executive summary is written");
      assert.match(await readFile(summary, "utf8"), /Executive summary/, "as the executive summary");
      const refused = await exportAs(path.join(dir, "decisions.csv"), "compliance");
      assert.equal(refused?.code, "report_format", "the compliance view is not a CSV");
    }),
  );
});
