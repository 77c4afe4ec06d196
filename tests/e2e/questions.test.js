// Questions to answer, in the real window: a component dragged fresh from the palette reads as
// questions (properties nobody set), not as a risk; answering one from the inspector's list
// settles it; on a drawing larger than the window, picking a finding brings its witness path
// into view; and the findings panel lists only the findings of a chosen responsible-AI dimension.
// Started by run.sh (Xvfb + tauri-driver).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";

import { dropKind, invokeAndRefresh as invokeCommand, openWithoutRecovery, settleViewport, TIMEOUT, withScreenshot } from "./session.js";

/** @type {WebdriverIO.Browser} */
let browser;

const shot = (name, body) => withScreenshot(() => browser, `questions-${name}`, body);
const byTest = (id) => browser.$(`[data-testid="${id}"]`);

async function waitFor(check, message) {
  await browser.waitUntil(check, { timeout: TIMEOUT, timeoutMsg: message });
}

async function invokeAndRefresh(command, args = {}) {
  const error = await invokeCommand(browser, command, args);
  assert.equal(error, null, `${command} succeeded`);
}

/** What the page says about a node: its look and how many questions its badge counts. */
async function nodeLook(id) {
  return browser.execute((id) => {
    const node = document.querySelector(`[data-testid="node-${id}"]`);
    if (!node) return null;
    return {
      risk: node.getAttribute("data-risk"),
      questions: Number(node.getAttribute("data-questions")),
      question: node.classList.contains("component-node--question"),
      badge: document.querySelector(`[data-testid="badge-${id}-questions"]`)?.textContent ?? null,
      riskBadge: document.querySelector(`[data-testid="badge-${id}"] .risk-badge`) !== null,
      border: getComputedStyle(node).borderTopStyle,
    };
  }, id);
}

/** The ids of the inspector's questions, in order. */
async function questionIds() {
  return browser.execute(() => [...document.querySelectorAll('[data-testid^="question-"]')].map((q) => q.getAttribute("data-testid").slice("question-".length)));
}

/** Whether each of `ids`' nodes lies wholly inside the canvas, as drawn now. */
async function insideCanvas(ids) {
  return browser.execute((ids) => {
    const canvas = document.querySelector('[data-testid="canvas"]').getBoundingClientRect();
    return ids.map((id) => {
      const node = document.querySelector(`.react-flow__node[data-id="${id}"]`);
      if (!node) return false;
      const box = node.getBoundingClientRect();
      return box.width > 0 && box.left >= canvas.left && box.right <= canvas.right && box.top >= canvas.top && box.bottom <= canvas.bottom;
    });
  }, ids);
}

async function viewport() {
  return browser.execute(() => document.querySelector(".react-flow__viewport")?.style.transform ?? "");
}

describe("questions to answer", () => {
  before(async () => {
    browser = await openWithoutRecovery('[data-testid="palette"]');
  });

  after(async () => {
    await browser?.deleteSession().catch(() => undefined);
  });

  it(
    "draws a component fresh from the palette as questions to answer, not in a risk colour",
    shot("fresh", async () => {
      await invokeAndRefresh("new_review");
      await dropKind(browser, "vector_store", 300, 200);
      await waitFor(async () => (await nodeLook("vector_store_1"))?.questions > 0, "the vector store has questions");
      const look = await nodeLook("vector_store_1");
      assert.equal(look.risk, "none", "nothing the drawing shows is against it: no risk colour");
      assert.equal(look.question, true, "it has the question look");
      assert.equal(look.border, "dashed", "the question look's dashed outline is drawn");
      assert.equal(look.riskBadge, false, "no risk badge");
      assert.equal(look.badge, `?${look.questions}`, "the badge counts the questions");
      const basis = await browser.execute(() => [...document.querySelectorAll("[data-finding]")].map((f) => f.getAttribute("data-basis")));
      assert.ok(basis.length > 0 && basis.every((b) => b === "unstated"), "the panel lists its findings as not stated");
    }),
  );

  it(
    "settles a question answered from the inspector's list: the list leads to the field, the answer removes it",
    shot("answer", async () => {
      // The drop selected the new component: its inspector lists the questions.
      await byTest("questions").waitForExist({ timeout: TIMEOUT, timeoutMsg: "the inspector lists the questions" });
      const before = await questionIds();
      assert.ok(before.includes("encryption_at_rest"), `encryption at rest is asked (${before.join(", ")})`);
      const questionsBefore = (await nodeLook("vector_store_1")).questions;
      await byTest("question-encryption_at_rest").click();
      await waitFor(async () => (await browser.execute(() => document.activeElement?.id)) === "prop-encryption_at_rest", "the question leads to its field");
      assert.match(await byTest("field-encryption_at_rest").getAttribute("class"), /field--highlight/);
      // The field has the focus: the space bar answers yes.
      await browser.keys(" ");
      await waitFor(async () => !(await questionIds()).includes("encryption_at_rest"), "the answered question leaves the list");
      await waitFor(async () => (await nodeLook("vector_store_1")).questions === questionsBefore - 1, "the badge counts one question less");
      assert.equal((await nodeLook("vector_store_1")).risk, "none", "still no risk colour");
    }),
  );

  it(
    "brings a finding's witness path into view when it is off-screen on a drawing larger than the window",
    shot("reveal", async () => {
      await invokeAndRefresh("new_review");
      await byTest("btn-new-from-template").click();
      const pick = byTest("template-autonomous-call-center");
      await pick.waitForExist({ timeout: TIMEOUT });
      await pick.click();
      await waitFor(async () => (await browser.$$(".react-flow__node-component").length) > 20, "the template is drawn");
      const snapshot = await browser.executeAsync((done) => {
        window.__TAURI_INTERNALS__.invoke("snapshot").then(done, (e) => done({ error: String(e) }));
      });
      const finding = snapshot.findings.find((f) => f.path.length >= 2);
      assert.ok(finding, "the template has a finding with a witness path");
      await settleViewport(browser);

      // Zoom in on the corner of the canvas farthest from the path, as far as the canvas goes:
      // the path leaves the window.
      await browser.executeAsync((ids, done) => {
        const pane = document.querySelector(".react-flow__pane");
        const canvas = pane.getBoundingClientRect();
        const boxes = ids.map((id) => document.querySelector(`.react-flow__node[data-id="${id}"]`).getBoundingClientRect());
        const cx = boxes.reduce((s, b) => s + b.left + b.width / 2, 0) / boxes.length;
        const cy = boxes.reduce((s, b) => s + b.top + b.height / 2, 0) / boxes.length;
        const at = { clientX: cx < canvas.left + canvas.width / 2 ? canvas.right - 10 : canvas.left + 10, clientY: cy < canvas.top + canvas.height / 2 ? canvas.bottom - 10 : canvas.top + 10 };
        let steps = 0;
        const step = () => {
          pane.dispatchEvent(new WheelEvent("wheel", { deltaY: -120, deltaMode: 0, ...at, bubbles: true, cancelable: true }));
          steps += 1;
          if (steps < 30) requestAnimationFrame(step);
          else done();
        };
        step();
      }, finding.path);
      await settleViewport(browser);
      const hidden = await insideCanvas(finding.path);
      assert.ok(hidden.some((inside) => !inside), "the path is off-screen before the finding is picked");

      await browser.$(`[data-finding="${finding.id}"]`).click();
      await settleViewport(browser);
      assert.deepEqual(await insideCanvas(finding.path), finding.path.map(() => true), "every component of the path is inside the canvas");
      const emphasis = await browser.execute((ids) => ids.map((id) => document.querySelector(`[data-testid="node-${id}"]`)?.getAttribute("data-emphasis")), finding.path);
      assert.deepEqual(emphasis, finding.path.map(() => "witness"), "the path is highlighted");

      // Picked again while in view, the path leaves the view where it is.
      const shown = await viewport();
      await browser.$(`[data-finding="${finding.id}"]`).click();
      await browser.$(`[data-finding="${finding.id}"]`).click();
      await browser.pause(600);
      assert.equal(await viewport(), shown, "a path already in view does not move the view");
    }),
  );

  it(
    "lists only the findings of the responsible-AI dimension chosen in the findings panel",
    shot("dimension", async () => {
      // The template of the previous step is still open: many findings, of several dimensions.
      const snapshot = await browser.executeAsync((done) => {
        window.__TAURI_INTERNALS__.invoke("snapshot").then(done, (e) => done({ error: String(e) }));
      });
      const listed = () => browser.execute(() => [...document.querySelectorAll("[data-finding]")].map((f) => f.getAttribute("data-finding")).sort());
      const every = snapshot.findings.map((f) => f.id).sort();
      const safety = snapshot.findings.filter((f) => f.dimensions.includes("safety")).map((f) => f.id).sort();
      assert.ok(safety.length > 0 && safety.length < every.length, `some findings but not all concern safety (${safety.length} of ${every.length})`);
      assert.deepEqual(await listed(), every, "every finding is listed before a dimension is chosen");

      const choice = byTest("filter-dimension");
      assert.equal(await choice.$('option[value="safety"]').getText(), `Safety (${safety.length})`, "the option counts the findings of the dimension");
      await choice.selectByAttribute("value", "safety");
      await waitFor(async () => (await listed()).length === safety.length, "only the safety findings are listed");
      assert.deepEqual(await listed(), safety, "exactly the findings whose rule concerns safety");

      // The previous step left a finding picked; picking it again would close why-flagged.
      const pick = browser.$(`[data-finding="${safety[0]}"]`);
      if ((await pick.getAttribute("aria-pressed")) !== "true") await pick.click();
      await byTest("why-dimensions").waitForExist({ timeout: TIMEOUT, timeoutMsg: "why-flagged names the dimensions" });
      assert.match(await byTest("why-dimensions").getText(), /Safety/);

      await choice.selectByAttribute("value", "");
      await waitFor(async () => (await listed()).length === every.length, "every finding is listed again");
    }),
  );
});
