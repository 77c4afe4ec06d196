// What data a component holds, as the inspector says it: the most sensitive class that reaches
// it and personal data, each with its source and the way it came (the flows Rust names, source
// first). The way can run against a flow's arrow (an answer travels back up a request), so the
// route is walked from the source through whichever end of each flow comes next.

import type { Architecture, HeldData } from "./api";
import { humanise, type Highlight } from "./canvas";

/** Which of a component's held data the canvas shows the way of. */
export type Trail = { component: string; personal: boolean };

/** One line of the inspector's "Data held". */
export type HeldLine = {
  personal: boolean;
  /** `Confidential data`, `Personal data`. */
  what: string;
  /** `from Customer records`, or `its own` when the component is the source. */
  from: string;
  /** The components along the way, source first, ending at the component. */
  route: string[];
  flows: string[];
};

/** The component ids along `flows`, walked from `source`; the flows' own ends when one does not
 * join the last component reached (the route then lists them as Rust gave them). */
export function routeOf(architecture: Architecture, source: string, flows: readonly string[]): string[] {
  const byId = new Map(architecture.flows.map((f) => [f.id, f]));
  const route = [source];
  for (const id of flows) {
    const flow = byId.get(id);
    if (!flow) continue;
    const at = route[route.length - 1];
    if (flow.from === at) route.push(flow.to);
    else if (flow.to === at) route.push(flow.from);
    else route.push(flow.from, flow.to);
  }
  return route;
}

/** The inspector's lines for what one component holds: its class of data, then personal data. */
export function heldLines(held: HeldData, architecture: Architecture): HeldLine[] {
  const labelOf = (id: string) => architecture.components.find((c) => c.id === id)?.label ?? id;
  const line = (personal: boolean, what: string, source: string, flows: readonly string[]): HeldLine => ({
    personal,
    what,
    from: source === held.component && flows.length === 0 ? "its own" : `from ${labelOf(source)}`,
    route: routeOf(architecture, source, flows).map(labelOf),
    flows: [...flows],
  });
  const lines = [line(false, `${humanise(held.classification)} data`, held.source, held.flows)];
  if (held.personal) lines.push(line(true, "Personal data", held.personal.source, held.personal.flows));
  return lines;
}

/** What the canvas highlights for a trail: the flows the data came by and the components along
 * them; null when the component holds no such data (any more). */
export function trailHighlight(heldData: readonly HeldData[], architecture: Architecture, trail: Trail): Highlight | null {
  const held = heldData.find((h) => h.component === trail.component);
  const way = trail.personal ? held?.personal : held;
  if (!way) return null;
  return { components: new Set([...routeOf(architecture, way.source, way.flows), trail.component]), flows: new Set(way.flows) };
}
