// Pure helpers of the conflicts panel (tested in conflicts.test.ts): what each recorded merge
// conflict is called, how its values read, which part of the drawing it is about, and the canvas
// marks of the elements in conflict. The conflicts themselves, their values and their order come
// from Rust in the snapshot (`DocumentSnapshot.conflicts`); resolving is `resolve_conflict`.
import type { ConflictView_Serialize as ConflictView, Element } from "../bindings";
import type { Architecture, Finding } from "../editor/api";
import { cssString } from "./logic";

export type { ConflictView };

const ELEMENT_NAMES: Record<Element, string> = {
  name: "Name",
  component: "Component",
  flow: "Flow",
  boundary: "Boundary",
  decision: "Decision",
  answer: "Checklist answer",
  milestone: "Milestone",
  architecture: "Whole architecture",
};

/** What a conflict is about, for its heading: the element's kind, its label where the drawing
 * has one (else its id), and the field — `Component “Chat UI” · properties.encrypted`. */
export function conflictTitle(conflict: ConflictView, architecture: Architecture): string {
  const kind = ELEMENT_NAMES[conflict.element];
  const named = (label: string | null | undefined) => `${kind} “${label && label.trim() !== "" ? label : conflict.id}”`;
  let what: string;
  switch (conflict.element) {
    case "component":
      what = named(architecture.components.find((c) => c.id === conflict.id)?.label);
      break;
    case "boundary":
      what = named(architecture.boundaries.find((b) => b.id === conflict.id)?.label);
      break;
    case "flow": {
      const flow = architecture.flows.find((f) => f.id === conflict.id);
      what = flow ? `${kind} ${flow.from} → ${flow.to}` : named(null);
      break;
    }
    case "name":
    case "architecture":
      what = kind;
      break;
    default:
      what = named(null);
  }
  return conflict.field ? `${what} · ${conflict.field}` : what;
}

/** A value of a conflict as it reads in the panel: the JSON text, or "(none)" where the element,
 * property or entry does not exist on that side (which differs from a JSON `null`). */
export function valueText(value: string | null): string {
  if (value === null) return "(none)";
  return value.length > 120 ? `${value.slice(0, 119)}…` : value;
}

/** The part of the drawing a conflict is about: `select`, the canvas ids to select (a component,
 * a flow or a boundary, so that the inspector shows it for editing), and `components`, the
 * components to bring into view (a flow's two ends; a decision's finding's components). Empty
 * when the conflict is about nothing drawn (the name, an answer, a milestone, or an element
 * that ours no longer has). */
export function conflictTarget(conflict: ConflictView, architecture: Architecture, findings: readonly Finding[]): { select: string[]; components: string[] } {
  const none = { select: [], components: [] };
  switch (conflict.element) {
    case "component":
      return architecture.components.some((c) => c.id === conflict.id) ? { select: [conflict.id], components: [conflict.id] } : none;
    case "flow": {
      const flow = architecture.flows.find((f) => f.id === conflict.id);
      return flow ? { select: [flow.id], components: [flow.from, flow.to] } : none;
    }
    case "boundary": {
      if (!architecture.boundaries.some((b) => b.id === conflict.id)) return none;
      const inside = architecture.components.filter((c) => c.boundary === conflict.id).map((c) => c.id);
      return { select: [conflict.id], components: inside };
    }
    case "decision": {
      const finding = findings.find((f) => f.id === conflict.id);
      return finding ? { select: [], components: [...finding.components] } : none;
    }
    default:
      return none;
  }
}

/** The panel's heading and the status of the review: "1 conflict", "3 conflicts". */
export function conflictCount(count: number): string {
  return count === 1 ? "1 conflict" : `${count} conflicts`;
}

/** The canvas marks of the elements in conflict, as a style sheet over React Flow's `data-id`
 * attributes (like the diff's marks): a dashed orange outline on components and boundaries, an
 * orange dashed stroke on flows. */
export function conflictMarksCss(conflicts: readonly ConflictView[]): string {
  const ids = (element: Element) => [...new Set(conflicts.filter((c) => c.element === element).map((c) => c.id))];
  const nodes = [...ids("component"), ...ids("boundary")];
  const flows = ids("flow");
  const rules: string[] = [];
  if (nodes.length > 0) {
    const sel = nodes.map((id) => `.react-flow__node[data-id=${cssString(id)}]`).join(",\n");
    rules.push(`${sel} { outline: 3px dashed var(--conflict, #d9730d); outline-offset: 5px; border-radius: 8px; }`);
  }
  if (flows.length > 0) {
    const sel = flows.map((id) => `.react-flow__edge[data-id=${cssString(id)}] .react-flow__edge-path`).join(",\n");
    rules.push(`${sel} { stroke: var(--conflict, #d9730d) !important; stroke-dasharray: 6 4; stroke-width: 3px !important; }`);
  }
  return rules.join("\n");
}
