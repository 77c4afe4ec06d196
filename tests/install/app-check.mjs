// The unpacked app, driven through tauri-driver (started by run.sh, under Xvfb and a private
// D-Bus session bus):
//  1. `lensboard A.lensboard` shows A's components, and the window title names A;
//  2. a second `lensboard B.lensboard` (relative path, from B's directory) hands B to the running
//     app and exits; the running window then shows B's components and names B; once B has
//     unsaved changes, a third launch with A asks about them before anything is replaced;
//  3. `lensboard damaged.lensboard` starts on the sample architecture and says, in a dialog, why
//     the file did not open.
//
//   node app-check.mjs APP WORKDIR     (WORKDIR holds the files below, made by run.sh)
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

import { canvasLabels, startApp, waitFor, waitForDriver } from "./webdriver.mjs";

const [app, work] = process.argv.slice(2);
const port = Number(process.env.E2E_DRIVER_PORT);

function labelsOf(jsonFile) {
  return JSON.parse(readFileSync(jsonFile, "utf8")).components.map((c) => c.label);
}

/** The names of the X windows on the display (xwininfo prints them quoted). */
function windowNames() {
  const tree = execFileSync("xwininfo", ["-root", "-tree"], { encoding: "utf8" });
  return [...tree.matchAll(/^\s*0x[0-9a-f]+ "((?:[^"\\]|\\.)*)"/gm)].map((m) => m[1]);
}

async function showsAll(app, labels, what) {
  return waitFor(`${what} on the canvas`, async () => {
    const shown = (await canvasLabels(app)).join("\n");
    return labels.every((label) => shown.includes(label));
  });
}

function windowNamed(fragment) {
  return waitFor(`a window named "${fragment}" (windows: ${JSON.stringify(windowNames())})`, async () =>
    windowNames().some((name) => name.includes(fragment)),
  );
}

function run(file, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd, stdio: ["ignore", "inherit", "inherit"] });
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error("the second launch did not exit: it did not hand its file over"));
    }, 20_000);
    child.on("error", reject);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

await waitForDriver(port);

// 1 and 2: open from the command line, then hand a second file over.
const first = await startApp(port, app, [path.join(work, "rag-ungoverned.lensboard")]);
try {
  await showsAll(first, labelsOf(path.join(work, "rag-ungoverned.json")), "the components of rag-ungoverned");
  await windowNamed("rag-ungoverned");
  console.log("ok: `lensboard rag-ungoverned.lensboard` shows its components, the title names the file");

  const code = await run(app, ["tools-loop.lensboard"], work);
  assert.equal(code, 0, "the second launch exits successfully after handing its file over");
  await showsAll(first, labelsOf(path.join(work, "tools-loop.json")), "the components of tools-loop");
  await windowNamed("tools-loop");
  const mains = windowNames().filter((name) => name.endsWith("Lensboard"));
  assert.equal(mains.length, 1, `one Lensboard window, not ${JSON.stringify(mains)}`);
  console.log("ok: a second `lensboard tools-loop.lensboard` hands the file to the running window");

  // An unsaved edit (made through the command the UI uses, then shown by the UI), then a launch.
  const edited = await first.executeAsync(`
    const done = arguments[arguments.length - 1];
    window.__TAURI_INTERNALS__
      .invoke("apply_edit", { edit: { type: "rename_architecture", name: "Edited loop" } })
      .then(() => window.__LENSBOARD__.refresh())
      .then(() => done(null), (e) => done(JSON.stringify(e)));
  `);
  assert.equal(edited, null, "the edit is applied");
  await windowNamed("• tools-loop");
  assert.equal(await run(app, ["rag-ungoverned.lensboard"], work), 0, "the third launch hands over too");
  await windowNamed("Unsaved changes");
  assert.ok(
    windowNames().some((name) => name.startsWith("• tools-loop")),
    "the edited review stays open while the question is asked",
  );
  console.log("ok: with unsaved changes, a launch with another file asks about them first");
} finally {
  await first.close();
}

// 3: a damaged file: the sample instead, and a dialog that says why.
const damaged = await startApp(port, app, [path.join(work, "damaged.lensboard")]);
try {
  await showsAll(damaged, labelsOf(path.join(work, "sample.json")), "the sample's components");
  await windowNamed("Could not open the file");
  console.log("ok: `lensboard damaged.lensboard` starts on the sample and shows why the file did not open");
} finally {
  await damaged.close();
}
