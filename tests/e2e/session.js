// Shared set-up for the end-to-end tests: waits for tauri-driver, opens a session on the built
// app, and saves a screenshot under target/e2e/ when a test fails.
import { mkdir } from "node:fs/promises";
import path from "node:path";

import { remote } from "webdriverio";

export const TIMEOUT = 20_000;
const port = Number(process.env.E2E_DRIVER_PORT ?? 4444);
const artifacts = process.env.E2E_ARTIFACTS ?? path.resolve("../../target/e2e");

async function driverIsUp() {
  try {
    return (await fetch(`http://127.0.0.1:${port}/status`)).ok;
  } catch {
    return false;
  }
}

/** Polls until tauri-driver answers, then starts the app in a new session, with `args` on its
 * command line (e.g. a file to open). */
export async function openApp(args = []) {
  const deadline = Date.now() + TIMEOUT;
  while (!(await driverIsUp())) {
    if (Date.now() > deadline) throw new Error(`tauri-driver did not answer on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "warn",
    connectionRetryTimeout: 60_000,
    capabilities: {
      browserName: "wry",
      "tauri:options": { application: process.env.LENSBOARD_APP, args },
      // WebKitWebDriver speaks classic WebDriver only; without this wdio 9 asks for BiDi.
      "wdio:enforceWebDriverClassic": true,
    },
  });
}

/** Opens the app on its start-up review, once `ready` (a selector) is drawn, without the recovery
 * offer an earlier session killed with unsaved work leaves (an autosave: not what these tests are
 * about; `discard_recovery` says no_recovery when there is none). */
export async function openWithoutRecovery(ready) {
  const browser = await openApp();
  await browser.$(ready).waitForExist({ timeout: TIMEOUT });
  await browser.executeAsync((done) => {
    window.__TAURI_INTERNALS__.invoke("discard_recovery").then(() => done(), () => done());
  });
  return browser;
}

/** Runs a test body; on failure saves a screenshot of the window under target/e2e/. */
export function withScreenshot(getBrowser, name, body) {
  return async () => {
    try {
      await body();
    } catch (error) {
      const browser = getBrowser();
      if (browser) {
        await mkdir(artifacts, { recursive: true });
        const file = path.join(artifacts, `${name.replace(/[^a-z0-9]+/gi, "-")}.png`);
        await browser.saveScreenshot(file).catch(() => undefined);
        console.error(`screenshot saved to ${file}`);
      }
      throw error;
    }
  };
}

/** Calls a Tauri command from outside the UI, then lets the UI re-read the snapshot (the UI's
 * documented `window.__LENSBOARD__.refresh()` hook). Resolves to null, or the error as JSON. */
export async function invokeAndRefresh(browser, command, args = {}) {
  return browser.executeAsync(
    (command, args, done) => {
      window.__TAURI_INTERNALS__
        .invoke(command, args)
        .then(() => window.__LENSBOARD__.refresh())
        .then(() => done(null), (e) => done(JSON.stringify(e)));
    },
    command,
    args,
  );
}

/** Selects component `id` by clicking it, types `label` into the inspector's label field and
 * presses Enter. Selecting re-renders the inspector, so an element found a moment before can go
 * stale: the selection and the typing are retried together until they get through. */
export async function renameThroughInspector(browser, id, label) {
  await browser.waitUntil(
    async () => {
      try {
        await browser.$(`.react-flow__node[data-id="${id}"]`).click();
        const input = browser.$("#component-label");
        await input.waitForDisplayed({ timeout: TIMEOUT });
        await input.clearValue();
        await input.setValue(label);
        await browser.keys("Enter");
        return true;
      } catch (error) {
        if (/stale/i.test(String(error))) return false;
        throw error;
      }
    },
    { timeout: TIMEOUT, timeoutMsg: `the inspector of ${id} takes the label` },
  );
}

/** Waits until the canvas's viewport stops moving (React Flow's zoom animations). */
export async function settleViewport(browser) {
  let last = "";
  await browser.waitUntil(
    async () => {
      const now = await browser.execute(() => document.querySelector(".react-flow__viewport")?.style.transform ?? "");
      const still = now === last;
      last = now;
      return still;
    },
    { timeout: TIMEOUT, interval: 400, timeoutMsg: "the view settles" },
  );
}

/** Drags palette kind `kind` onto the canvas at (x, y), relative to the canvas's top-left corner.
 * WebDriver cannot synthesise HTML5 drag and drop, so this dispatches the real DragEvents
 * (dragstart on the palette item, dragover + drop on the canvas) with one DataTransfer; they go
 * through the UI's own handlers. */
export async function dropKind(browser, kind, x, y) {
  await browser.execute(
    (kind, x, y) => {
      const item = document.querySelector(`[data-testid="palette-${kind}"]`);
      const pane = document.querySelector(".react-flow__pane");
      const box = document.querySelector('[data-testid="canvas"]').getBoundingClientRect();
      const at = { clientX: box.left + x, clientY: box.top + y, bubbles: true, cancelable: true };
      const dataTransfer = new DataTransfer();
      item.dispatchEvent(new DragEvent("dragstart", { ...at, dataTransfer }));
      pane.dispatchEvent(new DragEvent("dragenter", { ...at, dataTransfer }));
      pane.dispatchEvent(new DragEvent("dragover", { ...at, dataTransfer }));
      pane.dispatchEvent(new DragEvent("drop", { ...at, dataTransfer }));
      item.dispatchEvent(new DragEvent("dragend", { ...at, dataTransfer }));
    },
    kind,
    x,
    y,
  );
}
