// A minimal classic WebDriver client over fetch, for the install test and the package
// measurements: they drive the app unpacked from the .deb through tauri-driver and need no npm
// packages (tests/e2e has its own, for the debug app).

export const TIMEOUT = 20_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(base, method, path, body) {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = json.value ?? {};
    throw new Error(`WebDriver ${method} ${path}: ${error.error ?? response.status} ${error.message ?? ""}`);
  }
  return json.value;
}

/** Waits until tauri-driver answers on `port`. */
export async function waitForDriver(port) {
  const deadline = Date.now() + TIMEOUT;
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/status`)).ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`tauri-driver did not answer on port ${port}`);
    await sleep(100);
  }
}

/** Starts `application` with `args` in a new WebDriver session. */
export async function startApp(port, application, args = []) {
  const base = `http://127.0.0.1:${port}`;
  const value = await call(base, "POST", "/session", {
    capabilities: {
      alwaysMatch: { browserName: "wry", "tauri:options": { application, args } },
    },
  });
  const session = `${base}/session/${value.sessionId}`;
  return {
    /** Runs `script` (a function body; `arguments` holds `args`) in the page. */
    execute: (script, ...scriptArgs) => call(session, "POST", "/execute/sync", { script, args: scriptArgs }),
    /** Runs `script` in the page; it calls `arguments[arguments.length - 1](result)` when done. */
    executeAsync: (script, ...scriptArgs) => call(session, "POST", "/execute/async", { script, args: scriptArgs }),
    screenshot: () => call(session, "GET", "/screenshot"),
    close: () => call(session, "DELETE", "").catch(() => undefined),
  };
}

/** Polls `probe` until it returns a truthy value, or fails with `what` after the timeout. */
export async function waitFor(what, probe, timeout = TIMEOUT) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await probe().catch((error) => {
      last = error;
      return undefined;
    });
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** The labels of the components drawn on the canvas (read in the page: WebKitWebDriver's element
 * text is empty here). */
export function canvasLabels(app) {
  return app.execute(
    `return [...document.querySelectorAll(".react-flow__node")].map((n) => n.textContent ?? "");`,
  );
}
