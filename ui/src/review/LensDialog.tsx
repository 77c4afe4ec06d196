// The lens view: per pillar, every best practice of the Generative AI Lens — automated ones with
// their open findings, the others (and any with a checklist item) as a question answered yes /
// no / not applicable with a note — with the pillar's risks, unanswered questions and a coverage
// meter.
import { useEffect, useState } from "react";
import type { Finding } from "../editor/api";
import { LensLink } from "../editor/LensLink";
import { isQuestion } from "../editor/questions";
import { describeError } from "../errors";
import { reviewApi, type AnswerValue, type LensView } from "./api";
import { coveragePercent } from "./logic";

type Props = {
  revision: number;
  findings: readonly Finding[];
  decided: ReadonlySet<string>;
  notify: (text: string, kind?: "error" | "info") => void;
  onClose: () => void;
};

const ANSWERS: { id: AnswerValue; label: string }[] = [
  { id: "yes", label: "Yes" },
  { id: "no", label: "No" },
  { id: "not_applicable", label: "N/A" },
];

function Question({ item, question, answer, note, onAnswer }: { item: string; question: string; answer: AnswerValue | null; note: string; onAnswer: (answer: AnswerValue | null, note: string) => void }) {
  const [draft, setDraft] = useState(note);
  return (
    <div className="lens-question" data-testid={`question-${item}`}>
      <p>{question}</p>
      <div className="lens-question__answers" role="radiogroup" aria-label={question}>
        {ANSWERS.map((a) => (
          <label key={a.id}>
            <input type="radio" name={item} checked={answer === a.id} onChange={() => { onAnswer(a.id, draft); }} /> {a.label}
          </label>
        ))}
        {answer && (
          <button type="button" className="button button--small" onClick={() => { onAnswer(null, ""); }}>
            Clear
          </button>
        )}
      </div>
      <input
        className="lens-question__note"
        value={draft}
        placeholder="Note"
        aria-label="Note"
        onChange={(e) => { setDraft(e.target.value); }}
        onBlur={() => { if (answer && draft !== note) onAnswer(answer, draft); }}
      />
    </div>
  );
}

export function LensDialog({ revision, findings, decided, notify, onClose }: Props) {
  const [view, setView] = useState<LensView | null>(null);
  useEffect(() => {
    reviewApi.lensView().then(setView, (e: unknown) => { notify(describeError(e)); });
  }, [revision, notify]);

  const answer = (item: string, value: AnswerValue | null, note: string) => {
    reviewApi.answerChecklist(item, value, note).then(setView, (e: unknown) => { notify(describeError(e)); });
  };

  const questions = new Map(view?.questions.map((q) => [q.item, q.question]));
  const answers = new Map(view?.answers.map((a) => [a.item, a]));
  const summary = view?.summary;
  const percent = summary ? coveragePercent(summary.addressed, summary.best_practices) : 0;

  return (
    <div className="review-dialog" role="dialog" aria-modal="true" aria-label="Lens checklist" data-testid="lens-dialog">
      <div className="review-dialog__box review-dialog__box--wide">
        <header className="review-dialog__header">
          <h2>Generative AI Lens</h2>
          {summary && (
            <span className="coverage" data-testid="coverage" title="Best practices addressed">
              <meter min={0} max={summary.best_practices} value={summary.addressed} /> {summary.addressed} / {summary.best_practices} addressed ({percent}%), {summary.unanswered} unanswered
            </span>
          )}
          <button type="button" className="button" data-testid="lens-close" onClick={onClose}>Close</button>
        </header>
        {!summary && <p>Loading…</p>}
        {summary?.pillars.map((pillar) => (
          <details key={pillar.pillar} className="lens-pillar" data-testid={`lens-pillar-${pillar.pillar}`}>
            <summary>
              <strong>{pillar.title}</strong>
              <span className="count count--high" title="high risks">{pillar.high}</span>
              <span className="count count--medium" title="medium risks">{pillar.medium}</span>
              <span className="lens-pillar__meta">
                {pillar.addressed}/{pillar.best_practices} addressed · {pillar.unanswered}/{pillar.questions} unanswered
              </span>
            </summary>
            <ul className="lens-practices">
              {pillar.practices.map((p) => {
                const open = findings.filter((f) => f.best_practices.includes(p.best_practice) && !decided.has(f.id));
                const given = p.checklist_item ? answers.get(p.checklist_item) : undefined;
                return (
                  <li key={p.best_practice} className={`lens-practice${p.addressed ? " lens-practice--addressed" : ""}`}>
                    <div className="lens-practice__head">
                      <strong>{p.best_practice}</strong> {p.title}
                      {p.automated && <span className="decision-chip">checked on the drawing</span>}
                      {p.addressed && <span className="decision-chip">addressed</span>}
                      {p.url && (
                        <LensLink url={p.url} className="lens-practice__link" label={`${p.best_practice} in the Generative AI Lens`}>
                          Lens page
                        </LensLink>
                      )}
                    </div>
                    {open.length > 0 && (
                      <ul className="lens-practice__findings">
                        {open.map((f) => (
                          <li key={f.id} className={isQuestion(f) ? "question" : `risk-${f.risk}`}>
                            {f.message}
                            {isQuestion(f) && <span className="basis-tag">not stated</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                    {p.checklist_item && (
                      <Question
                        item={p.checklist_item}
                        question={questions.get(p.checklist_item) ?? p.title}
                        answer={p.answer}
                        note={given?.note ?? ""}
                        onAnswer={(value, note) => { if (p.checklist_item) answer(p.checklist_item, value, note); }}
                      />
                    )}
                  </li>
                );
              })}
            </ul>
          </details>
        ))}
      </div>
    </div>
  );
}
