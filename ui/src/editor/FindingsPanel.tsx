// The live review: findings grouped by pillar with their open counts; clicking one selects its
// subject, highlights its witness path and brings it into view; "why flagged" explains it.
// Findings that rest only on properties nobody set are questions to answer: marked "?" and
// "not stated" instead of a risk colour, counted apart, and the filter chips show or hide them.
// Beside the chips, a choice of responsible-AI dimension lists only the findings that concern it.
// All text is rendered as text (React escapes it).
import { useState } from "react";

import type { Basis, BestPractice, DocumentSnapshot, Finding, OpenQuestion } from "./api";
import { FindingMark } from "./badges";
import { groupByPillar, openCounts } from "./edits";
import { humanise, subjectOf } from "./canvas";
import { LensLink } from "./LensLink";
import { basisCounts, EVERY_FINDING, filterFindings, isQuestion, plural, type FindingFilter } from "./questions";
import { dimensionOptions, dimensionTitle, EVERY_DIMENSION, filterByDimension, parseDimensionFilter, type DimensionFilter } from "./dimensions";

/** A question in words; only its property's label when it is a property of `about`. */
type DescribeQuestion = (question: OpenQuestion, about?: string) => string;
type Props = { snapshot: DocumentSnapshot; active: Finding | null; onPick: (finding: Finding | null) => void; describeQuestion: DescribeQuestion };

const BASIS_TEXT: Record<Basis, string> = {
  structure: "What the drawing shows.",
  stated: "A property someone set.",
  unstated: "Only properties nobody set, read at their catalog defaults: a question to answer.",
};

function Why({ finding, practices, describeQuestion }: { finding: Finding; practices: readonly BestPractice[]; describeQuestion: DescribeQuestion }) {
  const named = finding.best_practices.map((id) => practices.find((p) => p.id === id) ?? { id, title: "", url: "" });
  const unanswered = finding.unanswered ?? [];
  return (
    <div className="why" data-testid="why-flagged">
      <h3 className="why__title">Why flagged</h3>
      <p className="why__rule">
        {finding.title} <code>{finding.rule}</code>
      </p>
      <dl>
        <dt>Failing condition</dt>
        <dd>{finding.message}</dd>
        <dt>Rests on</dt>
        <dd data-testid="why-basis">{BASIS_TEXT[finding.basis]}</dd>
        {unanswered.length > 0 && (
          <>
            <dt>Answers that would settle it</dt>
            {unanswered.map((q) => (
              <dd key={`${q.component ?? ""}/${q.flow ?? ""}/${q.property}`}>{describeQuestion(q)}</dd>
            ))}
          </>
        )}
        {finding.dimensions.length > 0 && (
          <>
            <dt>Responsible AI</dt>
            <dd data-testid="why-dimensions">{finding.dimensions.map(dimensionTitle).join(", ")}</dd>
          </>
        )}
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

/** The tag of a question in the list: what nobody stated, named briefly (the message already
 * names the finding's subject). */
function notStated(finding: Finding, describeQuestion: DescribeQuestion): string {
  const subject = subjectOf(finding)?.id;
  const names = (finding.unanswered ?? []).map((q) => describeQuestion(q, subject));
  return names.length > 0 ? `Not stated: ${names.join(", ")}` : "Not stated";
}

type ChipProps = { pressed: boolean; onToggle: () => void; count: number; label: string; title: string; testId: string; question?: boolean };

/** A filter chip: pressed shows its findings, released hides them. */
function FilterChip({ pressed, onToggle, count, label, title, testId, question = false }: ChipProps) {
  return (
    <button type="button" className={`filter-chip${question ? " filter-chip--question" : ""}`} aria-pressed={pressed} title={title} data-testid={testId} onClick={onToggle}>
      <span className="filter-chip__check" aria-hidden="true">
        {pressed ? "✓" : ""}
      </span>
      {question && (
        <span className="question-dot" aria-hidden="true">
          ?
        </span>
      )}
      {label}
      <span className="filter-chip__count">{count}</span>
    </button>
  );
}

export function FindingsPanel({ snapshot, active, onPick, describeQuestion }: Props) {
  const [filter, setFilter] = useState<FindingFilter>(EVERY_FINDING);
  const [dimension, setDimension] = useState<DimensionFilter>(EVERY_DIMENSION);
  const decisions = new Map(snapshot.decisions.map((d) => [d.finding, d]));
  const decided = new Set(decisions.keys());
  const groups = groupByPillar(filterFindings(filterByDimension(snapshot.findings, dimension), filter), decided);
  const counts = openCounts(snapshot.findings, decided);
  const listed = basisCounts(snapshot.findings);
  return (
    <section className="findings" aria-label="Findings" data-testid="findings-panel">
      <header className="findings__header">
        <h2>Findings</h2>
        <span className="findings__summary">
          <span className="count count--high" title="open, high risk">
            {counts.high}
          </span>
          <span className="count count--medium" title="open, medium risk">
            {counts.medium}
          </span>
          <span className="count count--low" title="open, low risk">
            {counts.low}
          </span>
          <span className="count count--question" title="open questions: findings that rest only on properties nobody set" data-testid="count-questions">
            {counts.questions}
          </span>
        </span>
      </header>
      {snapshot.findings.length > 0 && (
        <div className="findings__filter" role="group" aria-label="Which findings to list">
          <FilterChip
            pressed={filter.shown}
            onToggle={() => {
              setFilter((f) => ({ ...f, shown: !f.shown }));
            }}
            count={listed.shown}
            label="Shown by the drawing"
            title="Findings about what the drawing shows: a path, a missing component, a property someone set"
            testId="filter-shown"
          />
          <FilterChip
            pressed={filter.questions}
            onToggle={() => {
              setFilter((f) => ({ ...f, questions: !f.questions }));
            }}
            count={listed.questions}
            label="Not stated"
            title="Questions to answer: findings that rest only on properties nobody set (read at their catalog defaults)"
            testId="filter-questions"
            question
          />
          <label className="dimension-filter" title="List only the findings whose best practice concerns one dimension of responsible AI">
            <span className="dimension-filter__label">Responsible AI</span>
            <select
              value={dimension ?? ""}
              data-testid="filter-dimension"
              onChange={(event) => {
                setDimension(parseDimensionFilter(event.target.value));
              }}
            >
              <option value="">Every dimension</option>
              {dimensionOptions(snapshot.findings).map((option) => (
                <option key={option.id} value={option.id}>
                  {option.title} ({option.count})
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {snapshot.findings.length === 0 && <p className="findings__none">No open findings. The review passes every rule.</p>}
      {snapshot.findings.length > 0 && groups.length === 0 && (
        <p className="findings__none" data-testid="findings-filtered">
          The filter hides all {plural(snapshot.findings.length, "finding")}.
        </p>
      )}
      {groups.map((group) => (
        <details key={group.pillar} open className="pillar">
          <summary>
            <span className="pillar__name">{humanise(group.pillar)}</span>
            {group.high > 0 && <span className="count count--high">{group.high}</span>}
            {group.medium > 0 && <span className="count count--medium">{group.medium}</span>}
            {group.questions > 0 && (
              <span className="count count--question" title={`${plural(group.questions, "question")} to answer`}>
                {group.questions}
              </span>
            )}
          </summary>
          <ul className="finding-list">
            {group.findings.map((finding) => {
              const decision = decisions.get(finding.id);
              const question = isQuestion(finding);
              const classes = ["finding", `finding--${finding.risk}`];
              if (question) classes.push("finding--question");
              if (active?.id === finding.id) classes.push("finding--active");
              if (decision) classes.push("finding--decided");
              return (
                <li key={finding.id}>
                  <button
                    type="button"
                    className={classes.join(" ")}
                    data-testid={`finding-${finding.rule}`}
                    data-finding={finding.id}
                    data-basis={finding.basis}
                    aria-pressed={active?.id === finding.id}
                    onClick={() => {
                      onPick(active?.id === finding.id ? null : finding);
                    }}
                  >
                    <FindingMark finding={finding} />
                    <span className="finding__body">
                      <span className="finding__title">{finding.title}</span>
                      <span className="finding__message">{finding.message}</span>
                      {question && <span className="basis-tag">{notStated(finding, describeQuestion)}</span>}
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
      {active && <Why finding={active} practices={snapshot.practices} describeQuestion={describeQuestion} />}
    </section>
  );
}
