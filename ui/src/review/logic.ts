// Pure helpers of the review workflow UI (tested in logic.test.ts). The rules themselves (which
// statuses need a justification, what "today" is, which extension makes which report) are the
// library's: they come from Rust through the bindings, never as copies here.
import { JUSTIFICATION_REQUIRED_FOR, REPORT_AUDIENCES, REPORT_FILE_TYPES, type Audience } from "../bindings";
import { fileName } from "../editor/files";
import type { Decision, Diff } from "./api";

export const STATUSES = [
  { id: "mitigated", label: "Mitigated" },
  { id: "accepted", label: "Accepted risk" },
  { id: "false_positive", label: "False positive" },
  { id: "not_applicable", label: "Not applicable" },
] as const;

export type StatusId = (typeof STATUSES)[number]["id"];

/** Whether a decision of this status must say why (the library refuses it otherwise). */
export function needsJustification(status: StatusId): boolean {
  return (JUSTIFICATION_REQUIRED_FOR as readonly string[]).includes(status);
}

/** Decisions whose finding no longer fires (the architecture changed since). */
export function orphanedDecisions(decisions: readonly Decision[], findingIds: readonly string[]): Decision[] {
  const present = new Set(findingIds);
  return decisions.filter((d) => !present.has(d.finding));
}

/**
 * The save dialog's filters and suggested file name for a report for `audience`: one filter per
 * format that audience's report takes, the default (HTML) first, as Rust lists them;
 * `export_report` then writes the format the chosen name's extension names.
 */
export function reportDialog(title: string, audience: Audience = "engineering"): { defaultPath: string; filters: { name: string; extensions: string[] }[] } {
  const formats: readonly string[] = REPORT_AUDIENCES.find((a) => a.audience === audience)?.formats ?? [];
  const types = REPORT_FILE_TYPES.filter((t) => formats.includes(t.format));
  const filters = types.map((t) => ({ name: t.name, extensions: [...t.extensions] }));
  const suffix = audience === "engineering" ? "" : ` (${audience})`;
  return { defaultPath: `${title}${suffix}.${types[0]?.extensions[0] ?? "html"}`, filters };
}

export function cssString(id: string): string {
  return `"${id.replace(/["\\]/g, (c) => `\\${c}`).replace(/\n/g, " ")}"`;
}

/**
 * The canvas marks of a diff as a style sheet over React Flow's `data-id` attributes: added
 * components and flows green, changed ones blue (removed ones are listed, not drawn).
 */
export function diffMarksCss(diff: Diff): string {
  const rules: string[] = [];
  const nodes = (ids: string[], colour: string) => {
    if (ids.length === 0) return;
    const sel = ids.map((id) => `.react-flow__node[data-id=${cssString(id)}]`).join(",\n");
    rules.push(`${sel} { outline: 3px solid ${colour}; outline-offset: 3px; border-radius: 8px; }`);
  };
  const edges = (ids: string[], colour: string) => {
    if (ids.length === 0) return;
    const sel = ids.map((id) => `.react-flow__edge[data-id=${cssString(id)}] .react-flow__edge-path`).join(",\n");
    rules.push(`${sel} { stroke: ${colour} !important; stroke-width: 3px !important; }`);
  };
  nodes(diff.components.added, "var(--diff-added, #1a9b4b)");
  nodes(diff.components.changed.map((c) => c.id), "var(--diff-changed, #2b6fd6)");
  edges(diff.flows.added, "var(--diff-added, #1a9b4b)");
  edges(diff.flows.changed.map((c) => c.id), "var(--diff-changed, #2b6fd6)");
  return rules.join("\n");
}

/** What a file comparison is against, for its heading: the file's name, and the milestone
 * when one was picked (`shared.lensboard # v1`). */
export function comparisonLabel(path: string, milestone: string | null): string {
  const name = fileName(path);
  return milestone === null ? name : `${name} # ${milestone}`;
}

/** Share of best practices addressed, as a whole percentage. */
export function coveragePercent(addressed: number, total: number): number {
  return total === 0 ? 0 : Math.floor((addressed * 100) / total);
}
