// Turning what the person did on the canvas into edit commands (one undo step each). Plain
// functions over the architecture, so selection, clipboard and drag rules are unit tested.

import type { XYPosition } from "@xyflow/react";

import type { ArchitectureData, Boundary, Component, Flow, Value } from "../bindings";
import type { Edit, Finding } from "./api";
import { boundaryAt, COMPONENT_SIZE, type Rect } from "./canvas";
import { isQuestion } from "./questions";

/** `prefix_1`, `prefix_2`, …: the first id not taken (ids are shared by components, flows, boundaries). */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  const base = prefix.replace(/[^A-Za-z0-9_-]+/g, "_").replace(/^_+|_+$/g, "") || "item";
  for (let n = 1; ; n += 1) {
    const id = `${base}_${n}`;
    if (!taken.has(id)) return id;
  }
}

export function idsOf(data: ArchitectureData): Set<string> {
  return new Set([...data.components.map((c) => c.id), ...data.flows.map((f) => f.id), ...data.boundaries.map((b) => b.id)]);
}

/** Wraps several edits as one undo step; a single edit stays as it is. */
export function asOne(edits: Edit[]): Edit | null {
  if (edits.length === 0) return null;
  if (edits.length === 1 && edits[0]) return edits[0];
  return { type: "batch", edits };
}

/**
 * Deleting a selection: flows first (including those of deleted components, so none is removed
 * twice), then components, then boundaries (whose remaining members move to the parent).
 */
export function deleteEdits(data: ArchitectureData, selected: ReadonlySet<string>): Edit[] {
  const components = data.components.filter((c) => selected.has(c.id));
  const gone = new Set(components.map((c) => c.id));
  const flows = data.flows.filter((f) => selected.has(f.id) || gone.has(f.from) || gone.has(f.to));
  const boundaries = data.boundaries.filter((b) => selected.has(b.id));
  return [
    ...flows.map((f): Edit => ({ type: "remove_flow", id: f.id })),
    ...components.map((c): Edit => ({ type: "remove_component", id: c.id })),
    ...boundaries.map((b): Edit => ({ type: "remove_boundary", id: b.id })),
  ];
}

/** What Copy keeps: the selected components and the flows between them. */
export type Clipboard = { components: Component[]; flows: Flow[] };

export function copySelection(data: ArchitectureData, selected: ReadonlySet<string>): Clipboard {
  const components = data.components.filter((c) => selected.has(c.id));
  const ids = new Set(components.map((c) => c.id));
  const flows = data.flows.filter((f) => ids.has(f.from) && ids.has(f.to));
  return { components: structuredClone(components), flows: structuredClone(flows) };
}

export const PASTE_OFFSET = { x: 40, y: 40 } as const;

/**
 * Paste (and duplicate): fresh ids for every component and flow, positions shifted by `offset`,
 * flows rewired to the copies, boundaries kept when they still exist. Returns the edits and the
 * new ids (to select them).
 */
export function pasteEdits(data: ArchitectureData, clipboard: Clipboard, offset: XYPosition = PASTE_OFFSET): { edits: Edit[]; ids: string[] } {
  const taken = idsOf(data);
  const boundaries = new Set(data.boundaries.map((b) => b.id));
  const renamed = new Map<string, string>();
  const edits: Edit[] = [];
  clipboard.components.forEach((component, index) => {
    const id = freshId(component.kind, taken);
    taken.add(id);
    renamed.set(component.id, id);
    const at = component.position;
    const position = at && at.x !== null && at.y !== null ? { x: at.x + offset.x, y: at.y + offset.y } : { x: offset.x * (index + 1), y: offset.y * (index + 1) };
    const boundary = component.boundary && boundaries.has(component.boundary) ? component.boundary : null;
    edits.push({ type: "add_component", component: { ...structuredClone(component), id, boundary, position } });
  });
  for (const flow of clipboard.flows) {
    const from = renamed.get(flow.from);
    const to = renamed.get(flow.to);
    if (from === undefined || to === undefined) continue;
    const id = freshId("flow", taken);
    taken.add(id);
    edits.push({ type: "add_flow", flow: { ...structuredClone(flow), id, from, to } });
  }
  return { edits, ids: [...renamed.values()] };
}

/** The clipboard after a paste: its components moved by `offset`, so that the next paste lands
 * further along instead of on top of this one. Components without a position stay without. */
export function shiftedClipboard(clipboard: Clipboard, offset: XYPosition = PASTE_OFFSET): Clipboard {
  return {
    components: clipboard.components.map((c) => ({ ...c, position: c.position && c.position.x !== null && c.position.y !== null ? { x: c.position.x + offset.x, y: c.position.y + offset.y } : c.position })),
    flows: clipboard.flows,
  };
}

/** What a new component starts as: a kind with its label, or a service preset (`presetStart`). */
export type NewComponent = { kind: string; label: string; properties?: Component["properties"]; preset?: string };

/** A new component at `at` (absolute), inside the innermost boundary there. */
export function addComponentEdit(data: ArchitectureData, start: NewComponent, at: XYPosition, rects: ReadonlyMap<string, Rect>): { edit: Edit; id: string } {
  const id = freshId(start.kind, idsOf(data));
  const position = { x: Math.round(at.x - COMPONENT_SIZE.width / 2), y: Math.round(at.y - COMPONENT_SIZE.height / 2) };
  const boundary = boundaryAt(at, rects);
  const component: Component = { id, kind: start.kind, label: start.label, boundary, properties: start.properties ?? {}, position };
  if (start.preset !== undefined) component.preset = start.preset;
  return { edit: { type: "add_component", component }, id };
}

export function addFlowEdit(data: ArchitectureData, from: string, to: string): Edit | null {
  if (from === to) return null;
  const flow: Flow = { id: freshId("flow", idsOf(data)), from, to, properties: {} };
  return { type: "add_flow", flow };
}

export function addBoundaryEdit(data: ArchitectureData, at: XYPosition, rects: ReadonlyMap<string, Rect>): Edit {
  const id = freshId("boundary", idsOf(data));
  const size = { width: 360, height: 240 };
  const position = { x: Math.round(at.x - size.width / 2), y: Math.round(at.y - size.height / 2) };
  const boundary: Boundary = { id, label: "Trust boundary", trust: "private", parent: boundaryAt(at, rects), position, size };
  return { type: "add_boundary", boundary };
}

function descendants(data: ArchitectureData, root: string): Set<string> {
  const found = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const b of data.boundaries) {
      if (b.parent && found.has(b.parent) && !found.has(b.id)) {
        found.add(b.id);
        grew = true;
      }
    }
  }
  return found;
}

/** A boundary resized on the canvas: its new position and size, on whole pixels. */
export function boundaryLayoutEdit(id: string, position: XYPosition, size: { width: number; height: number }): Edit {
  return { type: "set_boundary_layout", id, position: { x: Math.round(position.x), y: Math.round(position.y) }, size: { width: Math.round(size.width), height: Math.round(size.height) } };
}

/**
 * The end of a drag: moved components get their new absolute position and, when their centre
 * now lies in another boundary (or none), that membership; a moved boundary takes its members
 * and nested boundaries along. All of it is one edit.
 */
export function dragEndEdits(data: ArchitectureData, moved: readonly { id: string; position: XYPosition }[], rects: ReadonlyMap<string, Rect>): Edit[] {
  const components = new Map(data.components.map((c) => [c.id, c]));
  const boundaries = new Map(data.boundaries.map((b) => [b.id, b]));
  const moves: { id: string; position: { x: number; y: number } }[] = [];
  const memberships: Edit[] = [];
  const layouts: Edit[] = [];
  const movedIds = new Set(moved.map((m) => m.id));
  for (const { id, position } of moved) {
    const component = components.get(id);
    const rounded = { x: Math.round(position.x), y: Math.round(position.y) };
    if (component) {
      moves.push({ id, position: rounded });
      const centre = { x: position.x + COMPONENT_SIZE.width / 2, y: position.y + COMPONENT_SIZE.height / 2 };
      const inside = boundaryAt(centre, rects);
      if (inside !== (component.boundary ?? null)) memberships.push({ type: "set_component_boundary", id, boundary: inside });
      continue;
    }
    const boundary = boundaries.get(id);
    const rect = rects.get(id);
    if (!boundary || !rect) continue;
    const dx = rounded.x - rect.x;
    const dy = rounded.y - rect.y;
    if (dx === 0 && dy === 0) continue;
    const family = descendants(data, id);
    for (const member of family) {
      const r = rects.get(member);
      if (!r || (member !== id && movedIds.has(member))) continue;
      layouts.push({ type: "set_boundary_layout", id: member, position: { x: Math.round(r.x + dx), y: Math.round(r.y + dy) }, size: { width: r.width, height: r.height } });
    }
    for (const c of data.components) {
      if (c.boundary && family.has(c.boundary) && !movedIds.has(c.id) && c.position && c.position.x !== null && c.position.y !== null) {
        moves.push({ id: c.id, position: { x: Math.round(c.position.x + dx), y: Math.round(c.position.y + dy) } });
      }
    }
  }
  const edits: Edit[] = [...layouts];
  if (moves.length > 0) edits.push({ type: "move_components", moves });
  edits.push(...memberships);
  return edits;
}

/**
 * Findings grouped by pillar. Each group counts its open findings (a finding with a decision is
 * listed but not counted): per risk those the drawing shows, and the questions (findings that
 * rest only on properties nobody set) apart. The riskiest pillar first; in a pillar, what the
 * drawing shows before the questions, the riskiest first.
 */
export type OpenCounts = { high: number; medium: number; low: number; questions: number };
export type PillarGroup = OpenCounts & { pillar: string; findings: Finding[] };

function tally(counts: OpenCounts, finding: Finding, decided: ReadonlySet<string>): void {
  if (decided.has(finding.id)) return;
  if (isQuestion(finding)) counts.questions += 1;
  else counts[finding.risk] += 1;
}

export function groupByPillar(findings: readonly Finding[], decided: ReadonlySet<string> = new Set()): PillarGroup[] {
  const groups = new Map<string, PillarGroup>();
  for (const finding of findings) {
    let group = groups.get(finding.pillar);
    if (!group) {
      group = { pillar: finding.pillar, findings: [], high: 0, medium: 0, low: 0, questions: 0 };
      groups.set(finding.pillar, group);
    }
    group.findings.push(finding);
    tally(group, finding, decided);
  }
  const rank = { high: 0, medium: 1, low: 2 } as const;
  const order = (f: Finding) => (isQuestion(f) ? 3 : 0) + rank[f.risk];
  for (const group of groups.values()) group.findings.sort((a, b) => order(a) - order(b));
  return [...groups.values()].sort((a, b) => b.high - a.high || b.medium - a.medium || b.questions - a.questions || a.pillar.localeCompare(b.pillar));
}

/** The open findings (without a decision) per risk of those the drawing shows, and the
 * questions apart: the findings panel's header. */
export function openCounts(findings: readonly Finding[], decided: ReadonlySet<string>): OpenCounts {
  const counts = { high: 0, medium: 0, low: 0, questions: 0 };
  for (const finding of findings) tally(counts, finding, decided);
  return counts;
}

/** The findings about one element (as their subject or on their path). */
export function findingsAbout(findings: readonly Finding[], id: string): Finding[] {
  return findings.filter((f) => f.components.includes(id) || f.flows.includes(id));
}

/**
 * The value typed into a number field, checked against the property's rules; a message when it
 * is not acceptable. Empty text clears the property (back to the catalog default).
 */
export function parseNumber(text: string, rules: { min: number | null; integer: boolean }): { value: Value | null } | { error: string } {
  const trimmed = text.trim();
  if (trimmed === "") return { value: null };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { error: "Enter a number." };
  if (rules.integer && !Number.isInteger(value)) return { error: "Enter a whole number." };
  if (rules.min !== null && value < rules.min) return { error: `Enter ${rules.min} or more.` };
  return { value };
}
