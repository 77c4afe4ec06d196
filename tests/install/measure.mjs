// Launch → canvas painted and idle memory of the app unpacked from the .deb, through tauri-driver
// (started by measure.sh, under Xvfb). Prints one line per run and the medians, as JSON last.
//
//   node measure.mjs APP SAMPLE_JSON [RUNS]
//
// Launch → canvas painted: from the app process's start (its start time in /proc/PID/stat, which
// has a resolution of 1/100 s) to the first animation frame in which every component of the
// start-up sample is on the canvas, measured and visible (React Flow keeps unmeasured nodes
// hidden), read in the page as performance.timeOrigin + performance.now() (the same wall clock).
//
// Idle memory: 5 s after the process started, the sum of Pss from /proc/PID/smaps_rollup over the
// app and every process below it (WebKit's web and network processes); Rss too, for comparison
// (Pss divides shared pages among the processes sharing them, so it drops when other WebKit
// processes run on the machine).
import { readFileSync, readdirSync, readlinkSync } from "node:fs";

import { startApp, waitFor, waitForDriver } from "./webdriver.mjs";

const [app, sampleJson, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 5);
const port = Number(process.env.E2E_DRIVER_PORT);
const labels = JSON.parse(readFileSync(sampleJson, "utf8")).components.map((c) => c.label);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Processes as { pid, ppid, exe }. */
function processes() {
  const list = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      let exe = "";
      try {
        exe = readlinkSync(`/proc/${entry}/exe`);
      } catch {
        // a kernel thread or gone
      }
      list.push({ pid: Number(entry), ppid: Number(fields[1]), start: Number(fields[19]), exe });
    } catch {
      // the process ended while we looked
    }
  }
  return list;
}

/** The app process started from `app` (its path is unique to this scratch directory). */
function appProcess() {
  return processes().find((p) => p.exe === app);
}

function descendants(root) {
  const all = processes();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const p of all) if (p.ppid === tree[i].pid) tree.push(p);
  }
  return tree;
}

/** Pss and Rss of a process, in KiB, from /proc/PID/smaps_rollup. */
function memoryKiB(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? 0);
    return { pss: field("Pss"), rss: field("Rss") };
  } catch {
    return { pss: 0, rss: 0 };
  }
}

const bootEpochMs = Number(/^btime (\d+)/m.exec(readFileSync("/proc/stat", "utf8"))[1]) * 1000;
const TICKS = 100; // USER_HZ: /proc start times are in 1/100 s on Linux
const startEpochMs = (p) => bootEpochMs + (p.start * 1000) / TICKS;

// Resolves, in the page, at the first frame where every label is on a visible, measured node.
const PAINTED = `
  const labels = arguments[0];
  const done = arguments[arguments.length - 1];
  let already = false;
  const check = () => {
    const nodes = [...document.querySelectorAll(".react-flow__node")].filter((n) => {
      const box = n.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && getComputedStyle(n).visibility !== "hidden";
    });
    const text = nodes.map((n) => n.textContent ?? "").join("\\n");
    if (labels.every((l) => text.includes(l))) {
      const t = performance.timing;
      done({
        at: performance.timeOrigin + performance.now(),
        navigation: performance.timeOrigin,
        domReady: t.domContentLoadedEventEnd,
        loaded: t.loadEventEnd,
        already,
      });
      return;
    }
    requestAnimationFrame(check);
  };
  already = (() => {
    const text = [...document.querySelectorAll(".react-flow__node")].map((n) => n.textContent ?? "").join("\\n");
    return labels.every((l) => text.includes(l));
  })();
  check();
`;

await waitForDriver(port);
const results = [];
for (let run = 1; run <= runs; run++) {
  const session = await startApp(port, app, []);
  try {
    const proc = await waitFor("the app process", async () => appProcess());
    const painted = await session.executeAsync(PAINTED, labels);
    const started = startEpochMs(proc);
    const launchMs = painted.at - started;
    const idleAt = started + 5000;
    await sleep(Math.max(0, idleAt - Date.now()));
    const tree = descendants(proc);
    const memory = tree.map((p) => ({ exe: p.exe.split("/").pop(), ...memoryKiB(p.pid) }));
    const totalMiB = (key) => Math.round(memory.reduce((sum, p) => sum + p[key], 0) / 1024);
    // Where the time goes: the page's navigation start, DOMContentLoaded and load, from the start.
    const since = (t) => (t > 0 ? Math.round(t - started) : null);
    const result = {
      run,
      launchMs: Math.round(launchMs),
      pssMiB: totalMiB("pss"),
      rssMiB: totalMiB("rss"),
      late: painted.already,
      navigationMs: since(painted.navigation),
      domReadyMs: since(painted.domReady),
      loadMs: since(painted.loaded),
      processes: memory,
    };
    results.push(result);
    console.log(JSON.stringify(result));
  } finally {
    await session.close();
  }
  // Let the previous app and its WebKit processes go before the next launch.
  await waitFor("the previous app to exit", async () => !appProcess());
}
console.log(
  JSON.stringify({
    runs,
    launchMsMedian: median(results.map((r) => r.launchMs)),
    pssMiBMedian: median(results.map((r) => r.pssMiB)),
    rssMiBMedian: median(results.map((r) => r.rssMiB)),
    lateRuns: results.filter((r) => r.late).length,
  }),
);
