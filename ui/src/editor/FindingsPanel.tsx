// The live review: findings grouped by pillar with high/medium counts; clicking one selects its
// subject and highlights its witness path; "why flagged" explains it. All text is rendered as
// text (React escapes it).
import type { BestPractice, DocumentSnapshot, Finding } from "./api";
import { groupByPillar } from "./edits";
import { humanise } from "./canvas";
import { LensLink } from "./LensLink";

type Props = { snapshot: DocumentSnapshot; active: Finding | null; onPick: (finding: Finding | null) => void };

function Why({ finding, practices }: { finding: Finding; practices: readonly BestPractice[] }) {
  const named = finding.best_practices.map((id) => practices.find((p) => p.id === id) ?? { id, title: "", url: "" });
  return (
    <div className="why" data-testid="why-flagged">
      <h3 className="why__title">Why flagged</h3>
      <p className="why__rule">
        {finding.title} <code>{finding.rule}</code>
      </p>
      <dl>
        <dt>Failing condition</dt>
        <dd>{finding.message}</dd>
        <dt>Why it matters</dt>
        <dd>{finding.why}</dd>
        <dt>Fix</dt>
        <dd>{finding.remediation}</dd>
        <dt>Best practice{named.length > 1 ? "s" : ""}</dt>
        {named.map((p) => (
          <dd key={p.id}>
            <strong>{p.id}</strong> {p.title}
            {p.url && <LensLink url={p.url} label={`${p.id} in the Generative AI Lens: ${p.url}`} />}
          </dd>
        ))}
        <dt>Lens page</dt>
        <dd>
          <LensLink url={finding.url} />
        </dd>
      </dl>
    </div>
  );
}

export function FindingsPanel({ snapshot, active, onPick }: Props) {
  const decisions = new Map(snapshot.decisions.map((d) => [d.finding, d]));
  const groups = groupByPillar(snapshot.findings, new Set(decisions.keys()));
  const { summary } = snapshot;
  return (
    <section className="findings" aria-label="Findings" data-testid="findings-panel">
      <header className="findings__header">
        <h2>Findings</h2>
        <span className="findings__summary">
          <span className="count count--high" title="high risk">
            {summary.high}
          </span>
          <span className="count count--medium" title="medium risk">
            {summary.medium}
          </span>
          <span className="count count--low" title="low risk">
            {summary.low}
          </span>
        </span>
      </header>
      {groups.length === 0 && <p className="findings__none">No open findings. The review passes every rule.</p>}
      {groups.map((group) => (
        <details key={group.pillar} open className="pillar">
          <summary>
            <span className="pillar__name">{humanise(group.pillar)}</span>
            {group.high > 0 && <span className="count count--high">{group.high}</span>}
            {group.medium > 0 && <span className="count count--medium">{group.medium}</span>}
          </summary>
          <ul className="finding-list">
            {group.findings.map((finding) => {
              const decision = decisions.get(finding.id);
              return (
              <li key={finding.id}>
                <button
                  type="button"
                  className={`finding finding--${finding.risk}${active?.id === finding.id ? " finding--active" : ""}${decision ? " finding--decided" : ""}`}
                  data-testid={`finding-${finding.rule}`}
                  data-finding={finding.id}
                  aria-pressed={active?.id === finding.id}
                  onClick={() => {
                    onPick(active?.id === finding.id ? null : finding);
                  }}
                >
                  <span className={`risk-dot risk-dot--${finding.risk}`} aria-hidden="true" />
                  <span className="finding__body">
                    <span className="finding__title">{finding.title}</span>
                    <span className="finding__message">{finding.message}</span>
                    {decision && (
                      <span className="decision-chip" title={decision.justification}>
                        {humanise(decision.status)}
                        {decision.owner ? ` · ${decision.owner}` : ""}
                      </span>
                    )}
                  </span>
                </button>
              </li>
              );
            })}
          </ul>
        </details>
      ))}
      {active && <Why finding={active} practices={snapshot.practices} />}
    </section>
  );
}
