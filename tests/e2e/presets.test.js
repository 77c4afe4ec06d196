// Service presets, in the real window: the palette's Services group filters by service name, a
// service dragged onto the canvas becomes a component of its kind carrying the preset, and the
// inspector names the service with its icon and lists what is left to answer for it. Started by
// run.sh (Xvfb + tauri-driver).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { dropKind, invokeAndRefresh as invokeCommand, openWithoutRecovery, TIMEOUT, withScreenshot } from "./session.js";

/** @type {WebdriverIO.Browser} */
let browser;

const shot = (name, body) => withScreenshot(() => browser, `presets-${name}`, body);
const byTest = (id) => browser.$(`[data-testid="${id}"]`);

async function waitFor(check, message) {
  await browser.waitUntil(check, { timeout: TIMEOUT, timeoutMsg: message });
}

/** The palette's services shown now, by preset id. */
async function shownServices() {
  return browser.execute(() => [...document.querySelectorAll("[data-preset]")].map((b) => b.getAttribute("data-preset")));
}

describe("service presets", () => {
  before(async () => {
    browser = await openWithoutRecovery('[data-testid="palette"]');
    const error = await invokeCommand(browser, "new_review");
    assert.equal(error, null, "new_review succeeded");
  });

  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
  });

  it(
    "filters the palette's services by service name",
    shot("filter", async () => {
      assert.ok((await shownServices()).length >= 25, "every preset is listed");
      await browser.$('[aria-label="Search components"]').setValue("guardrails");
      await waitFor(async () => (await shownServices()).join() === "bedrock_guardrails", "only Amazon Bedrock Guardrails matches");
    }),
  );

  it(
    "creates a component of the preset's kind where a service is dropped, and shows the service in the inspector",
    shot("drop", async () => {
      await dropKind(browser, "preset-bedrock_guardrails", 300, 200);
      await byTest("node-guardrail_1").waitForExist({ timeout: TIMEOUT });
      // A new component is selected: the inspector shows it.
      const name = await byTest("service-name");
      await name.waitForExist({ timeout: TIMEOUT });
      // Section headings are upper-cased by CSS: compare the text itself.
      assert.equal(await name.getProperty("textContent"), "Amazon Bedrock Guardrails");
      assert.equal(await browser.$('[data-testid="inspector"] .inspector__title').getText(), "Amazon Bedrock Guardrails");
      assert.ok(await browser.$('[data-testid="inspector"] header svg[data-icon="bedrock_guard"]').isExisting(), "the service's own icon");
      // Guardrail filters are configured per guardrail: the preset leaves them to answer.
      const output = await byTest("to-answer-output_filtering");
      assert.equal(await output.getAttribute("data-answered"), "false");
      const data = await browser.executeAsync((done) => {
        window.__TAURI_INTERNALS__.invoke("snapshot").then(
          (s) => done(s.architecture.components.find((c) => c.id === "guardrail_1") ?? null),
          (e) => done({ error: JSON.stringify(e) }),
        );
      });
      assert.equal(data?.kind, "guardrail");
      assert.equal(data?.preset, "bedrock_guardrails");
      assert.deepEqual(data?.properties, {}, "no filter is assumed");
    }),
  );
});
