// Takes the README's screenshot: opens the app through tauri-driver (run.sh provides Xvfb and the
// driver), waits until the sample is drawn, selects a component, and grabs the whole X screen.
//   tests/e2e/run.sh --screenshot docs/screenshot.png
import { execFileSync } from "node:child_process";
import path from "node:path";

import { remote } from "webdriverio";

const out = path.resolve(process.env.E2E_SCREENSHOT);
const port = Number(process.env.E2E_DRIVER_PORT ?? 4444);

async function waitForDriver() {
  for (let i = 0; i < 150; i += 1) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`tauri-driver did not answer on port ${port}`);
}

await waitForDriver();
const browser = await remote({
  hostname: "127.0.0.1",
  port,
  logLevel: "warn",
  capabilities: {
    browserName: "wry",
    "tauri:options": { application: process.env.LENSBOARD_APP },
    "wdio:enforceWebDriverClassic": true,
  },
});
try {
  await browser.waitUntil(async () => (await browser.$$(".react-flow__edge")).length === 4, {
    timeout: 15_000,
    timeoutMsg: "the sample's flows are drawn",
  });
  await browser.$('.react-flow__node[data-id="agent"]').click();
  await browser.$("#component-label").waitForDisplayed({ timeout: 15_000 });
  // Let the selection ring and the minimap finish their paint before grabbing the screen.
  await browser.waitUntil(async () => (await browser.$$(".react-flow__minimap-node")).length === 5, {
    timeout: 15_000,
  });
  execFileSync("import", ["-window", "root", out]);
  console.log(`screenshot written to ${out}`);
} finally {
  await browser.deleteSession();
}
