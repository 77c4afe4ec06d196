// The dialogs of File › Import… and File › Export…: which way an import goes, the import report,
// and the export's format. Everything read from the imported file (ids, types, notes) is shown as
// text.
import { useState } from "react";

import { EXPORT_FORMATS, SOURCE_KINDS, type ExportFormat, type ImportOutcome, type MergeReport, type ResourceReport } from "../bindings";
import type { DocumentSnapshot } from "../editor/api";
import { RadioList, type RadioOption } from "../review/RadioList";
import "../review/review.css";
import "./exchange.css";
import { baseName, findingsOf, importSummary, outcomeText, type ImportMode } from "./logic";

function Dialog({ label, testId, wide, onClose, children, footer }: { label: string; testId: string; wide?: boolean; onClose: () => void; children: React.ReactNode; footer?: React.ReactNode }) {
  return (
    <div className="review-dialog" role="dialog" aria-modal="true" aria-label={label} data-testid={testId}>
      <div className={`review-dialog__box ${wide ? "review-dialog__box--wide" : "review-dialog__box--narrow"}`}>
        <header className="review-dialog__header">
          <h2>{label}</h2>
          <button type="button" className="button" data-testid={`${testId}-close`} onClick={onClose}>{footer ? "Cancel" : "Close"}</button>
        </header>
        {children}
        {footer && <footer className="review-dialog__footer">{footer}</footer>}
      </div>
    </div>
  );
}

/** Import into the open review again, or open the file as a new review. */
export function ImportChoiceDialog({ path, suggested, importedFrom, onPick, onClose }: { path: string; suggested: ImportMode; importedFrom: string | null; onPick: (mode: ImportMode) => void; onClose: () => void }) {
  const [mode, setMode] = useState<ImportMode>(suggested);
  const choices: RadioOption<ImportMode>[] = [
    {
      value: "into",
      testId: "import-into",
      name: "Update this review",
      about: `What changed in ${baseName(path)} comes in as one undoable change; positions, components and flows drawn by hand, values set by hand and decisions stay.${importedFrom ? ` Last imported from ${importedFrom}.` : ""}`,
    },
    { value: "new", testId: "import-new", name: "New review", about: "Open the file as a new review in place of this one." },
  ];
  return (
    <Dialog
      label={`Import ${baseName(path)}`}
      testId="import-dialog"
      onClose={onClose}
      footer={<button type="button" className="button button--primary" data-testid="btn-import" onClick={() => { onPick(mode); }}>Import</button>}
    >
      <RadioList label="Where the import goes" group="import-mode" options={choices} value={mode} onChange={setMode} />
    </Dialog>
  );
}

/** Which format to export the review in. */
export function ExportFormatDialog({ onPick, onClose }: { onPick: (format: ExportFormat) => void; onClose: () => void }) {
  const [format, setFormat] = useState<ExportFormat>(EXPORT_FORMATS[0].format);
  return (
    <Dialog
      label="Export"
      testId="export-format-dialog"
      onClose={onClose}
      footer={<button type="button" className="button button--primary" data-testid="btn-export-format" onClick={() => { onPick(format); }}>Export…</button>}
    >
      <RadioList
        label="Format"
        group="export-format"
        options={EXPORT_FORMATS.map((f) => ({ value: f.format, testId: `export-format-${f.id}`, name: f.name, about: f.description }))}
        value={format}
        onChange={setFormat}
      />
    </Dialog>
  );
}

function show(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function MergeSection({ merge }: { merge: MergeReport }) {
  const lines: { label: string; items: string[]; testId: string }[] = [
    { label: "Added", items: merge.added, testId: "merge-added" },
    { label: "Changed by the code", items: merge.updated.map((c) => `${c.component}.${c.field}: ${show(c.from ?? "unset")} → ${show(c.to ?? "unset")}`), testId: "merge-updated" },
    { label: "Removed (no longer in the code)", items: merge.removed, testId: "merge-removed" },
    { label: "Kept as you set it", items: merge.kept_by_user.map((k) => `${k.component}.${k.field}: yours ${show(k.user ?? "removed")}, the code says ${show(k.imported ?? "nothing")}`), testId: "merge-kept" },
    { label: "Flows added", items: merge.flows_added, testId: "merge-flows-added" },
    { label: "Flows removed", items: merge.flows_removed, testId: "merge-flows-removed" },
    { label: "Decisions left orphaned", items: merge.orphaned_decisions, testId: "merge-orphaned" },
  ];
  const shown = lines.filter((l) => l.items.length > 0);
  return (
    <section className="import-merge" data-testid="import-merge">
      <h3>This review, updated</h3>
      {shown.length === 0 && <p>No changes: the review already matches the file.</p>}
      {shown.map((l) => (
        <div key={l.testId} data-testid={l.testId}>
          <strong>{l.label}</strong>
          <ul>
            {l.items.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function ResourceRow({ resource, outcome, snapshot }: { resource: ResourceReport; outcome: ImportOutcome; snapshot: DocumentSnapshot }) {
  const findings = findingsOf(outcome, resource.logical_id, snapshot.findings);
  const details = resource.properties.length + resource.notes.length + findings.length;
  const kind = resource.outcome.outcome;
  return (
    <li className={`import-resource import-resource--${kind}`} data-testid={`import-resource-${resource.logical_id}`}>
      <details>
        <summary>
          <span className="import-resource__id">{resource.logical_id}</span> <span className="import-resource__type">{resource.type}</span> — {outcomeText(resource)}
          {details > 0 && <span className="import-resource__count"> · {resource.properties.length} set, {resource.notes.length} to review, {findings.length} findings</span>}
        </summary>
        {resource.properties.length > 0 && (
          <ul className="import-resource__list">
            {resource.properties.map((p) => (
              <li key={`${p.component}.${p.property}`}>
                {p.component}.{p.property} = {show(p.value)} <span className="import-resource__from">from {p.from}</span>
              </li>
            ))}
          </ul>
        )}
        {resource.notes.length > 0 && (
          <ul className="import-resource__list import-resource__notes">
            {resource.notes.map((n) => (
              <li key={`${n.path}:${n.message}`}>
                To review: {n.message} <span className="import-resource__from">({n.path})</span>
              </li>
            ))}
          </ul>
        )}
        {findings.length > 0 && (
          <ul className="import-resource__list import-resource__findings">
            {findings.map((f) => (
              <li key={f.id}>
                <span className={`import-risk import-risk--${f.risk}`}>{f.risk}</span> {f.message}
              </li>
            ))}
          </ul>
        )}
      </details>
    </li>
  );
}

/** How each element of the imported file was read, and what an import into this review changed. */
export function ImportReportDialog({ outcome, snapshot, onClose }: { outcome: ImportOutcome; snapshot: DocumentSnapshot; onClose: () => void }) {
  const summary = importSummary(outcome);
  return (
    <Dialog label={`Imported ${outcome.source}`} testId="import-report" wide onClose={onClose}>
      <p className="import-summary" data-testid="import-summary">
        {SOURCE_KINDS.find((k) => k.kind === outcome.kind)?.name ?? outcome.kind}: {summary.resources} elements — {summary.drawn} drawn, {summary.folded} folded into others, {summary.notDrawn} not drawn, {summary.unmapped} unmapped; {summary.toReview} things to review.
      </p>
      {outcome.merge && <MergeSection merge={outcome.merge} />}
      <ul className="import-resources" data-testid="import-resources">
        {outcome.report.resources.map((r) => (
          <ResourceRow key={r.logical_id} resource={r} outcome={outcome} snapshot={snapshot} />
        ))}
      </ul>
      {outcome.report.notes.length > 0 && (
        <ul className="import-notes" data-testid="import-notes">
          {outcome.report.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
