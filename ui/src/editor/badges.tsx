// Marks of the live review. The badges of a node or an edge: how many open findings the drawing shows, in the risk colour,
// and how many questions nobody answered yet, in the neutral question look ("? 2"). One group
// with one accessible name (the same sentence as its tooltip), so a screen reader hears what a
// sighted person reads from the colours and the question mark.
import type { Finding } from "./api";
import { isQuestion, markText, type MarkLook } from "./questions";

type Props = { look: MarkLook; testId: string; className?: string };

export function MarkBadges({ look, testId, className }: Props) {
  const { risk, risks, questions } = look;
  if (!risk && questions === 0) return null;
  const text = markText(look);
  return (
    <span className={`mark-badges${className ? ` ${className}` : ""}`} role="img" aria-label={text} title={text} data-testid={testId}>
      {risk && risks > 0 && <span className={`risk-badge risk-badge--${risk}`}>{risks}</span>}
      {questions > 0 && (
        <span className="question-badge" data-testid={`${testId}-questions`}>
          <span className="question-badge__mark" aria-hidden="true">
            ?
          </span>
          {questions}
        </span>
      )}
    </span>
  );
}

/** The mark before a finding in a list: its risk dot, or "?" for a question to answer. */
export function FindingMark({ finding }: { finding: Finding }) {
  return isQuestion(finding) ? (
    <span className="question-dot" aria-hidden="true">
      ?
    </span>
  ) : (
    <span className={`risk-dot risk-dot--${finding.risk}`} aria-hidden="true" />
  );
}
