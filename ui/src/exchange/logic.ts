// File › Import… and File › Export…, the parts without React: which way an import goes, what the
// native dialogs offer, and the import report in a few numbers and lines. The formats and their
// file types come from Rust (EXPORT_FORMATS); nothing here decides what a file is (Rust reads
// the content).
import { EXPORT_FORMATS, type ExportFormat, type ImportOutcome, type ResourceReport } from "../bindings";
import type { DocumentSnapshot, Finding } from "../editor/api";

/** How an import goes: a new review in place of the open one, or into the open review again. */
export type ImportMode = "new" | "into";

/** The file types the import dialog offers (Rust tells the formats apart by content). */
export const IMPORT_FILTERS = [
  { name: "Templates, plans and threat models", extensions: ["json", "yaml", "yml", "template"] },
  { name: "All files", extensions: ["*"] },
];

/** The file name of a path. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * Whether to ask which way the import goes, and what to suggest: an empty review is simply
 * replaced; a review imported from a file of the same name is most likely being updated.
 */
export function importChoice(snapshot: DocumentSnapshot | null, path: string): { ask: boolean; suggested: ImportMode } {
  const architecture = snapshot?.architecture;
  const empty = !architecture || (architecture.components.length === 0 && architecture.boundaries.length === 0);
  if (empty) return { ask: false, suggested: "new" };
  return { ask: true, suggested: snapshot.imported_from === baseName(path) ? "into" : "new" };
}

/** The save dialog of an export: the format's file type and a name from the review's title. */
export function exportDialog(title: string, format: ExportFormat): { defaultPath: string; filters: { name: string; extensions: string[] }[] } {
  const info = EXPORT_FORMATS.find((f) => f.format === format) ?? EXPORT_FORMATS[0];
  const suffix = info.format === "json" ? "" : `-${info.id}`;
  return { defaultPath: `${title}${suffix}.${info.extension}`, filters: [{ name: info.name, extensions: [info.extension] }] };
}

/** The import report's headline numbers. */
export type ImportSummary = { resources: number; drawn: number; folded: number; notDrawn: number; unmapped: number; toReview: number };

export function importSummary(outcome: ImportOutcome): ImportSummary {
  const count = (what: ResourceReport["outcome"]["outcome"]) => outcome.report.resources.filter((r) => r.outcome.outcome === what).length;
  return {
    resources: outcome.report.resources.length,
    drawn: count("drawn"),
    folded: count("folded") + count("stands_for"),
    notDrawn: count("no_component"),
    unmapped: count("unmapped"),
    toReview: outcome.report.resources.reduce((n, r) => n + r.notes.length, 0) + outcome.report.notes.length,
  };
}

/** What a resource became, in words. */
export function outcomeText(resource: ResourceReport): string {
  const { outcome } = resource;
  switch (outcome.outcome) {
    case "drawn":
      return `drawn as ${resource.components.join(", ")}`;
    case "folded":
      return `folded into ${outcome.into}`;
    case "stands_for":
      return `stands for ${outcome.component}`;
    case "no_component":
      return `no component: ${outcome.reason}`;
    case "unmapped":
      return "not drawn: no mapping for this type";
  }
}

/** The findings Rust found about what a resource became (the findings that rest on imported
 * facts), as the snapshot holds them; those gone since (an edit) are left out. */
export function findingsOf(outcome: ImportOutcome, logicalId: string, findings: readonly Finding[]): Finding[] {
  const ids = outcome.findings.find((r) => r.logical_id === logicalId)?.findings ?? [];
  const byId = new Map(findings.map((f) => [f.id, f]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
