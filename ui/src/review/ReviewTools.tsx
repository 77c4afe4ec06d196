// The review workflow in the sidebar: a decision form for the finding shown in "why
// flagged", the orphaned decisions, milestones with a diff against now (marked on the canvas),
// and the dialogs "New from template", "Lens checklist" and "Export report". Their state is in
// `useReviewTools`, so that the native menu's `new_from_template`, `export_report` and
// `toggle_lens_view` reach them through the editor's one dispatcher. File › Compare with… picks
// another review or architecture file (and, when it has milestones, one of them or the file as
// it is now) and shows its diff against the review like a milestone's.
import { save } from "@tauri-apps/plugin-dialog";
import { useCallback, useEffect, useState } from "react";
import type { Finding } from "../editor/api";
import { chooseFileToOpen } from "../editor/files";
import { describeError } from "../errors";
import { REPORT_AUDIENCES, type Audience } from "../bindings";
import { reviewApi, type Decision, type Diff, type MilestoneInfo, type Snapshot, type Template } from "./api";
import { LensDialog } from "./LensDialog";
import { RadioList } from "./RadioList";
import "./review.css";
import { comparisonLabel, diffMarksCss, needsJustification, orphanedDecisions, reportDialog, STATUSES, type StatusId } from "./logic";

type Props = {
  snapshot: Snapshot;
  activeFinding: Finding | null;
  /** Shows a snapshot returned by a command (`force` after replacing the review). */
  show: (next: Snapshot, force?: boolean) => void;
  notify: (text: string, kind?: "error" | "info") => void;
  /** Asks about unsaved changes; resolves to whether the review may be replaced. */
  mayReplace: (what: string) => Promise<boolean>;
  /** Called after the review was replaced (a template opened): the canvas zooms to fit. */
  afterReplace: () => void;
  /** The dialogs and export, from `useReviewTools`. */
  tools: ReturnType<typeof useReviewTools>;
};

const OWNER_KEY = "lensboard.owner";

function storedOwner(): string {
  try {
    return localStorage.getItem(OWNER_KEY) ?? "";
  } catch {
    return "";
  }
}

function rememberOwner(owner: string) {
  try {
    localStorage.setItem(OWNER_KEY, owner);
  } catch {
    // Not remembered; the field is simply empty next time.
  }
}

function statusLabel(status: string): string {
  return STATUSES.find((s) => s.id === status)?.label ?? status;
}

function DecisionForm({ finding, decision, show, notify }: { finding: Finding; decision: Decision | undefined } & Pick<Props, "show" | "notify">) {
  const [status, setStatus] = useState<StatusId>("mitigated");
  const [justification, setJustification] = useState("");
  const [owner, setOwner] = useState(storedOwner);
  const [date, setDate] = useState("");
  const [ticket, setTicket] = useState("");
  const [error, setError] = useState<string | null>(null);

  // The default date is today as Rust counts it (the person's time zone), the same day a
  // reopening or a report is dated; a date typed meanwhile is kept.
  useEffect(() => {
    reviewApi.today().then((day) => { setDate((typed) => typed || day); }, () => undefined);
  }, []);

  if (decision) {
    return (
      <div className="decision" data-testid="decision">
        <h3 className="decision__title">Decision</h3>
        <p>
          <span className="decision-chip" data-testid="decision-status">{statusLabel(decision.status)}</span> by {decision.owner} on {decision.date}
        </p>
        {decision.justification && <p className="decision__why">{decision.justification}</p>}
        {decision.ticket && <p className="why__url">{decision.ticket}</p>}
        <button
          type="button"
          className="button"
          data-testid="decision-reopen"
          onClick={() => {
            reviewApi.reopenFinding(finding.id, storedOwner() || decision.owner).then((s) => { show(s); }, (e: unknown) => { notify(describeError(e)); });
          }}
        >
          Reopen
        </button>
      </div>
    );
  }

  const submit = () => {
    const trimmedTicket = ticket.trim();
    const next: Decision = { finding: finding.id, status, justification: justification.trim(), owner: owner.trim(), date: date.trim(), ticket: trimmedTicket === "" ? null : trimmedTicket };
    reviewApi.decideFinding(next).then(
      (s) => {
        rememberOwner(next.owner);
        setError(null);
        show(s);
      },
      (e: unknown) => { setError(describeError(e)); },
    );
  };

  return (
    <form className="decision" data-testid="decision-form" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <h3 className="decision__title">Decide</h3>
      <label>
        Status
        <select value={status} data-testid="decision-status-select" onChange={(e) => { setStatus(e.target.value as StatusId); }}>
          {STATUSES.map((s) => (
            <option key={s.id} value={s.id}>{s.label}</option>
          ))}
        </select>
      </label>
      <label>
        Justification{needsJustification(status) ? " (required)" : ""}
        <textarea value={justification} data-testid="decision-justification" rows={2} onChange={(e) => { setJustification(e.target.value); }} />
      </label>
      <label>
        Owner
        <input value={owner} data-testid="decision-owner" onChange={(e) => { setOwner(e.target.value); }} />
      </label>
      <label>
        Date
        <input type="date" value={date} data-testid="decision-date" onChange={(e) => { setDate(e.target.value); }} />
      </label>
      <label>
        Ticket link
        <input value={ticket} placeholder="https://…" data-testid="decision-ticket" onChange={(e) => { setTicket(e.target.value); }} />
      </label>
      {error && <p className="decision__error" role="alert" data-testid="decision-error">{error}</p>}
      <button type="submit" className="button button--primary" data-testid="decision-save">Record decision</button>
    </form>
  );
}

function TemplatesDialog({ onPick, onClose }: { onPick: (t: Template) => void; onClose: () => void }) {
  const [templates, setTemplates] = useState<Template[] | null>(null);
  useEffect(() => {
    reviewApi.templates().then((list) => { setTemplates(Array.isArray(list) ? list : []); }, () => { setTemplates([]); });
  }, []);
  return (
    <div className="review-dialog" role="dialog" aria-modal="true" aria-label="New from template" data-testid="templates-dialog">
      <div className="review-dialog__box">
        <header className="review-dialog__header">
          <h2>New from template</h2>
          <button type="button" className="button" onClick={onClose}>Close</button>
        </header>
        {templates === null && <p>Loading…</p>}
        <ul className="template-list">
          {templates?.map((t) => (
            <li key={t.id}>
              <button type="button" className="template" data-testid={`template-${t.id}`} onClick={() => { onPick(t); }}>
                <strong>{t.scenario}. {t.name}</strong>
                <span>{t.description}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** Export report: which audience's report, then the native save dialog. */
function ExportDialog({ onPick, onClose }: { onPick: (audience: Audience) => void; onClose: () => void }) {
  const [audience, setAudience] = useState<Audience>(REPORT_AUDIENCES[0].audience);
  return (
    <div className="review-dialog" role="dialog" aria-modal="true" aria-label="Export report" data-testid="export-dialog">
      <div className="review-dialog__box review-dialog__box--narrow">
        <header className="review-dialog__header">
          <h2>Export report</h2>
          <button type="button" className="button" onClick={onClose}>Cancel</button>
        </header>
        <RadioList
          label="Who the report is for"
          group="audience"
          options={REPORT_AUDIENCES.map((a) => ({ value: a.audience, testId: `audience-${a.audience}`, name: a.name, about: a.about }))}
          value={audience}
          onChange={setAudience}
        />
        <footer className="review-dialog__footer">
          <button type="button" className="button button--primary" data-testid="btn-export-save" onClick={() => { onPick(audience); }}>Export…</button>
        </footer>
      </div>
    </div>
  );
}

/** Compare with…: the other file as it is now, or one of its milestones. */
function CompareDialog({ pick, onPick, onClose }: { pick: ComparePick; onPick: (milestone: string | null) => void; onClose: () => void }) {
  const [milestone, setMilestone] = useState<string | null>(null);
  return (
    <div className="review-dialog" role="dialog" aria-modal="true" aria-label="Compare with" data-testid="compare-dialog">
      <div className="review-dialog__box review-dialog__box--narrow">
        <header className="review-dialog__header">
          <h2>Compare with {comparisonLabel(pick.path, null)}</h2>
          <button type="button" className="button" onClick={onClose}>Cancel</button>
        </header>
        <RadioList
          label="Which state of the file"
          group="compare-state"
          options={[
            { value: null, testId: "compare-now", name: "As it is now" },
            ...pick.milestones.map((m) => ({ value: m.name, testId: `compare-milestone-${m.name}`, name: m.name, about: m.date })),
          ]}
          value={milestone}
          onChange={setMilestone}
        />
        <footer className="review-dialog__footer">
          <button type="button" className="button button--primary" data-testid="btn-compare" onClick={() => { onPick(milestone); }}>Compare</button>
        </footer>
      </div>
    </div>
  );
}

function DiffView({ diff, label }: { diff: Diff; label: string }) {
  const list = (title: string, ids: string[], testId: string) =>
    ids.length > 0 && (
      <div data-testid={testId}>
        <strong>{title}</strong> {ids.join(", ")}
      </div>
    );
  return (
    <div className="diff" data-testid="diff">
      <p className="diff__title">{label} → now</p>
      {list("Components added:", diff.components.added, "diff-components-added")}
      {list("Components removed:", diff.components.removed, "diff-components-removed")}
      {list("Components changed:", diff.components.changed.map((c) => `${c.id} (${c.fields.join(", ")})`), "diff-components-changed")}
      {list("Flows added:", diff.flows.added, "diff-flows-added")}
      {list("Flows removed:", diff.flows.removed, "diff-flows-removed")}
      {list("Flows changed:", diff.flows.changed.map((c) => `${c.id} (${c.fields.join(", ")})`), "diff-flows-changed")}
      {list("Findings new:", diff.findings.new.map((f) => f.id), "diff-findings-new")}
      {list("Findings resolved:", diff.findings.resolved.map((f) => f.id), "diff-findings-resolved")}
      <div data-testid="diff-findings-unchanged">{diff.findings.unchanged.length} findings unchanged</div>
    </div>
  );
}

function Milestones({ snapshot, show, notify }: Pick<Props, "snapshot" | "show" | "notify">) {
  const [milestones, setMilestones] = useState<MilestoneInfo[]>([]);
  const [name, setName] = useState("");
  const [compared, setCompared] = useState<{ name: string; diff: Diff } | null>(null);

  useEffect(() => {
    reviewApi.milestones().then((list) => { setMilestones(Array.isArray(list) ? list : []); }, () => { setMilestones([]); });
  }, [snapshot.revision, snapshot.path]);

  // Keep the comparison current while the architecture changes.
  useEffect(() => {
    if (!compared) return;
    reviewApi.diffMilestone(compared.name, null).then(
      (diff) => { setCompared((c) => (c && c.name === compared.name ? { name: c.name, diff } : c)); },
      () => { setCompared(null); },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [snapshot.revision]);

  const compare = (milestone: string) => {
    if (compared?.name === milestone) {
      setCompared(null);
      return;
    }
    reviewApi.diffMilestone(milestone, null).then((diff) => { setCompared({ name: milestone, diff }); }, (e: unknown) => { notify(describeError(e)); });
  };

  return (
    <section className="milestones" aria-label="Milestones" data-testid="milestones">
      <h2>Milestones</h2>
      <form
        className="milestones__new"
        onSubmit={(e) => {
          e.preventDefault();
          reviewApi.saveMilestone(name).then((s) => { setName(""); show(s); }, (err: unknown) => { notify(describeError(err)); });
        }}
      >
        <input value={name} placeholder="Milestone name" aria-label="Milestone name" data-testid="milestone-name" onChange={(e) => { setName(e.target.value); }} />
        <button type="submit" className="button" data-testid="milestone-save">Save milestone</button>
      </form>
      <ul className="milestones__list">
        {milestones.map((m) => (
          <li key={m.name}>
            <span>{m.name} <small>{m.date}</small></span>
            <button type="button" className="button" aria-pressed={compared?.name === m.name} data-testid={`milestone-compare-${m.name}`} onClick={() => { compare(m.name); }}>
              {compared?.name === m.name ? "Hide" : "Compare with now"}
            </button>
          </li>
        ))}
      </ul>
      {compared && (
        <>
          <style data-testid="diff-marks">{diffMarksCss(compared.diff)}</style>
          <DiffView diff={compared.diff} label={compared.name} />
        </>
      )}
    </section>
  );
}

/** Another file to compare with, once chosen: its milestones to pick from. */
type ComparePick = { path: string; milestones: MilestoneInfo[] };
/** The comparison shown: which file (and milestone) against the review now. */
type Compared = { path: string; milestone: string | null; diff: Diff };

/** The review workflow's dialogs and report export, which the native menu and its shortcuts
 * (through the window's one dispatcher) open as well as the sidebar's buttons. */
export function useReviewTools({ title, notify }: { title: string; notify: Props["notify"] }) {
  const [templatesOpen, setTemplatesOpen] = useState(false);
  const [lensOpen, setLensOpen] = useState(false);
  const [exportOpen, setExportOpen] = useState(false);
  const [comparePick, setComparePick] = useState<ComparePick | null>(null);
  const [compared, setCompared] = useState<Compared | null>(null);

  const compareFile = useCallback(async (path: string, milestone: string | null) => {
    setComparePick(null);
    try {
      setCompared({ path, milestone, diff: await reviewApi.compareWithFile(path, milestone) });
    } catch (e) {
      notify(describeError(e));
    }
  }, [notify]);

  // File › Compare with…: the native dialog (unless the action names the file, as Open Recent's
  // does), then the file's state to compare with when it has milestones.
  const compareWith = useCallback(async (given: string | null = null) => {
    try {
      const path = given ?? (await chooseFileToOpen());
      if (!path) return;
      const milestones = await reviewApi.fileMilestones(path);
      if (milestones.length === 0) await compareFile(path, null);
      else setComparePick({ path, milestones });
    } catch (e) {
      notify(describeError(e));
    }
  }, [compareFile, notify]);

  const exportReport = useCallback(() => { setExportOpen(true); }, []);

  const exportFor = useCallback(async (audience: Audience) => {
    setExportOpen(false);
    let path: string | null = null;
    try {
      path = await save(reportDialog(title, audience));
    } catch (e) {
      notify(describeError(e));
      return;
    }
    if (!path) return;
    try {
      await reviewApi.exportReport(path, audience);
      notify(`Report written to ${path}`, "info");
    } catch (e) {
      notify(describeError(e));
    }
  }, [title, notify]);

  return { templatesOpen, setTemplatesOpen, lensOpen, setLensOpen, exportOpen, setExportOpen, exportReport, exportFor, comparePick, setComparePick, compared, setCompared, compareWith, compareFile };
}

export function ReviewTools({ snapshot, activeFinding, show, notify, mayReplace, afterReplace, tools }: Props) {
  const { templatesOpen, setTemplatesOpen, lensOpen, setLensOpen, exportOpen, setExportOpen, exportReport, exportFor, comparePick, setComparePick, compared, setCompared, compareFile } = tools;
  const decisions = new Map(snapshot.decisions.map((d) => [d.finding, d]));
  const orphans = orphanedDecisions(snapshot.decisions, snapshot.findings.map((f) => f.id));

  // Keep the file comparison current while the review changes.
  useEffect(() => {
    if (!compared) return;
    const { path, milestone } = compared;
    reviewApi.compareWithFile(path, milestone).then(
      (diff) => { setCompared((c) => (c && c.path === path && c.milestone === milestone ? { ...c, diff } : c)); },
      () => { setCompared(null); },
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [snapshot.revision]);

  const pickTemplate = useCallback(
    async (t: Template) => {
      setTemplatesOpen(false);
      if (!(await mayReplace("starting a review from a template"))) return;
      try {
        show(await reviewApi.newFromTemplate(t.id), true);
        afterReplace();
      } catch (e) {
        notify(describeError(e));
      }
    },
    [setTemplatesOpen, mayReplace, show, notify, afterReplace],
  );

  return (
    <section className="review-tools" aria-label="Review" data-testid="review-tools">
      <div className="review-tools__actions">
        <button type="button" className="button" data-testid="btn-new-from-template" onClick={() => { setTemplatesOpen(true); }}>New from template…</button>
        <button type="button" className="button" data-testid="btn-lens" onClick={() => { setLensOpen(true); }}>Lens checklist</button>
        <button type="button" className="button" data-testid="btn-export" onClick={exportReport}>Export report…</button>
      </div>
      {activeFinding && <DecisionForm key={activeFinding.id} finding={activeFinding} decision={decisions.get(activeFinding.id)} show={show} notify={notify} />}
      {orphans.length > 0 && (
        <section className="orphans" data-testid="orphaned-decisions">
          <h2>Orphaned decisions</h2>
          <p className="orphans__hint">These findings no longer fire; their decisions are kept in the review.</p>
          <ul>
            {orphans.map((d) => (
              <li key={d.finding}>
                <code>{d.finding}</code> <span className="decision-chip">{statusLabel(d.status)}</span>
                <button type="button" className="button" onClick={() => { reviewApi.reopenFinding(d.finding, storedOwner() || d.owner).then((s) => { show(s); }, (e: unknown) => { notify(describeError(e)); }); }}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Milestones snapshot={snapshot} show={show} notify={notify} />
      {compared && (
        <section className="comparison" aria-label="Comparison" data-testid="comparison">
          <h2>Comparison</h2>
          <style data-testid="diff-marks">{diffMarksCss(compared.diff)}</style>
          <DiffView diff={compared.diff} label={comparisonLabel(compared.path, compared.milestone)} />
          <button type="button" className="button" data-testid="comparison-hide" onClick={() => { setCompared(null); }}>Hide</button>
        </section>
      )}
      {comparePick && <CompareDialog pick={comparePick} onPick={(m) => void compareFile(comparePick.path, m)} onClose={() => { setComparePick(null); }} />}
      {templatesOpen && <TemplatesDialog onPick={(t) => void pickTemplate(t)} onClose={() => { setTemplatesOpen(false); }} />}
      {exportOpen && <ExportDialog onPick={(a) => void exportFor(a)} onClose={() => { setExportOpen(false); }} />}
      {lensOpen && <LensDialog revision={snapshot.revision} findings={snapshot.findings} decided={new Set(decisions.keys())} notify={notify} onClose={() => { setLensOpen(false); }} />}
    </section>
  );
}
