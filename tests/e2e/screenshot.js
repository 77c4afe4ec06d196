// Takes the README's screenshot: opens a real review (the ungoverned agentic RAG reference
// architecture), lays it out, clicks a path finding so its witness path is highlighted, and grabs
// the whole X screen. run.sh provides Xvfb and the driver:
//   tests/e2e/run.sh --screenshot docs/screenshot.png
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { openApp } from "./session.js";

const out = path.resolve(process.env.E2E_SCREENSHOT);
const here = path.dirname(fileURLToPath(import.meta.url));
const review = path.resolve(here, "../fixtures/reference/agentic-rag-ungoverned.json");
const TIMEOUT = 30_000;

const browser = await openApp();
try {
  await browser.$('[data-testid="palette"]').waitForExist({ timeout: TIMEOUT });
  // An earlier run killed with unsaved work leaves an autosave: dismiss its banner the way a person would.
  const banner = browser.$('[data-testid="recovery"] button:last-of-type');
  if (await banner.isExisting()) await banner.click();
  const error = await browser.executeAsync(
    (file, done) => {
      window.__TAURI_INTERNALS__
        .invoke("open_review", { path: file })
        .then(() => window.__LENSBOARD__.refresh())
        .then(() => done(null), (e) => done(JSON.stringify(e)));
    },
    review,
  );
  if (error) throw new Error(`open_review failed: ${error}`);
  await browser.waitUntil(async () => (await browser.$$(".react-flow__node-component")).length > 10, {
    timeout: TIMEOUT,
    timeoutMsg: "the review is drawn",
  });
  // The reference architecture has no saved positions: lay it out (one undoable edit).
  await browser.$('[data-testid="btn-layout"]').click();
  await browser.waitUntil(async () => (await browser.$('[data-testid="btn-undo"]').isEnabled()), {
    timeout: TIMEOUT,
    timeoutMsg: "the layout is applied",
  });
  // Click the first finding with a witness path (the panel lists the riskiest first).
  const pathFinding = await browser.execute(() => {
    // The bypass of the guardrail: the finding whose witness runs from the user to the model.
    const wanted = "genai/security/untrusted-input-reaches-model";
    const buttons = [...document.querySelectorAll("[data-finding]")];
    const button = buttons.find((b) => b.getAttribute("data-finding").startsWith(`${wanted}@`)) ?? buttons[0];
    return button?.getAttribute("data-testid") ?? null;
  });
  if (pathFinding) {
    await browser.$(`[data-testid="${pathFinding}"]`).click();
    await browser.$('[data-testid="why-flagged"]').waitForExist({ timeout: TIMEOUT });
  }
  await browser.$('[data-testid="btn-fit"]').click();
  // Let the zoom animation and the minimap finish their paint before grabbing the screen.
  await browser.waitUntil(async () => (await browser.$$(".react-flow__minimap-node")).length > 10, { timeout: TIMEOUT });
  await browser.pause(600);
  execFileSync("import", ["-window", "root", out]);
  console.log(`screenshot written to ${out}`);
} finally {
  await browser.deleteSession();
}
