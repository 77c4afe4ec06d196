// Pure helpers of the review workflow UI (tested in logic.test.ts).
import type { Decision, Diff, ReportFormat } from "./api";

export const STATUSES = [
  { id: "mitigated", label: "Mitigated" },
  { id: "accepted", label: "Accepted risk" },
  { id: "false_positive", label: "False positive" },
  { id: "not_applicable", label: "Not applicable" },
] as const;

export type StatusId = (typeof STATUSES)[number]["id"];

/** Accepted risks and false positives must say why (the library refuses them otherwise). */
export function needsJustification(status: StatusId): boolean {
  return status === "accepted" || status === "false_positive";
}

/** Today's date as YYYY-MM-DD in local time (the default decision date). */
export function today(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Decisions whose finding no longer fires (the architecture changed since). */
export function orphanedDecisions(decisions: readonly Decision[], findingIds: readonly string[]): Decision[] {
  const present = new Set(findingIds);
  return decisions.filter((d) => !present.has(d.finding));
}

/** The report format for a chosen file name, by its extension (HTML when unknown). */
export function reportFormatOf(path: string): ReportFormat {
  const lower = path.toLowerCase();
  if (lower.endsWith(".md") || lower.endsWith(".markdown")) return "md";
  if (lower.endsWith(".csv")) return "csv";
  return "html";
}

function cssString(id: string): string {
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

/** Share of best practices addressed, as a whole percentage. */
export function coveragePercent(addressed: number, total: number): number {
  return total === 0 ? 0 : Math.floor((addressed * 100) / total);
}
