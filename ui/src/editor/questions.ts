// Findings read the way a careful reviewer reads a drawing: what the drawing shows (a path, a
// missing component, a property someone set) is a risk; what rests only on properties nobody set
// (basis `unstated`, read at their catalog defaults) is a question to answer. The canvas draws an
// element whose open findings are all questions in a neutral look of its own, keeping the risk
// colours for what the drawing shows; the findings panel can show or hide the questions; the
// inspector lists the properties whose answers would settle them. Plain functions, tested with
// Vitest; the components only draw what these return.

import type { Architecture, Catalog, Finding, Mark, OpenQuestion, PropertySpec, Risk } from "./api";

/** Whether a finding rests only on properties nobody set: a question, not a risk shown. */
export function isQuestion(finding: Pick<Finding, "basis">): boolean {
  return finding.basis === "unstated";
}

/** How an element's open findings mark it on the canvas. */
export type MarkLook = {
  /** The risk colour, from what the drawing shows; null when nothing it shows is against the
   * element (no open finding, or only questions). */
  risk: Risk | null;
  /** Open findings the drawing shows (the risk badge). */
  risks: number;
  /** Open findings that rest only on properties nobody set (the question badge). */
  questions: number;
};

export const UNMARKED: MarkLook = { risk: null, risks: 0, questions: 0 };

/** The look of an element from its mark: a mixed element keeps the colour of what the drawing
 * shows (which the mark already carries) and counts its questions apart. */
export function markLook(mark: Mark | undefined): MarkLook {
  if (!mark) return UNMARKED;
  const questions = Math.min(mark.questions, mark.count);
  const risks = mark.count - questions;
  return { risk: risks > 0 ? mark.risk : null, risks, questions };
}

/** The look's one word, for classes and test hooks: a risk, `question` when the element only
 * has questions, `none` when it has nothing open. */
export type Tone = Risk | "question" | "none";

export function toneOf(look: MarkLook): Tone {
  if (look.risk) return look.risk;
  return look.questions > 0 ? "question" : "none";
}

/** `1 finding`, `2 findings`. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

const RISK_TEXT: Record<Risk, string> = { high: "high risk", medium: "medium risk", low: "low risk" };

/** What an element's badges say, as one sentence (their tooltip and accessible name); empty
 * for an element with nothing open. */
export function markText(look: MarkLook): string {
  const parts: string[] = [];
  if (look.risk && look.risks > 0) parts.push(`${plural(look.risks, "open finding")} the drawing shows (${RISK_TEXT[look.risk]})`);
  if (look.questions > 0) parts.push(`${plural(look.questions, "question")} to answer: properties nobody set`);
  return parts.join("; ");
}

/** Which findings the panel lists: those the drawing shows, the questions, or both. */
export type FindingFilter = { shown: boolean; questions: boolean };

export const EVERY_FINDING: FindingFilter = { shown: true, questions: true };

export function filterFindings(findings: readonly Finding[], filter: FindingFilter): Finding[] {
  return findings.filter((f) => (isQuestion(f) ? filter.questions : filter.shown));
}

/** How many findings each chip of the filter stands for. */
export function basisCounts(findings: readonly Finding[]): { shown: number; questions: number } {
  const questions = findings.filter(isQuestion).length;
  return { shown: findings.length - questions, questions };
}

/** A component or flow, as the inspector shows one. */
export type ElementRef = { type: "component" | "flow"; id: string };

/** One property of an element whose answer would settle some of its open findings. */
export type Question = {
  property: string;
  /** The catalog's label for it (its id when the catalog does not know it). */
  label: string;
  /** The open findings it would settle, in the engine's order. */
  findings: Finding[];
};

function names(question: OpenQuestion, element: ElementRef): boolean {
  return element.type === "component" ? question.component === element.id : question.flow === element.id;
}

/**
 * The properties of `element` nobody set whose answers would settle open findings (those
 * without a decision), from the findings' `unanswered` entries — whichever element the finding
 * is about, since a path finding can rest on a property of a flow along it. In the order of
 * `specs` (the inspector's form), unknown ids last.
 */
export function questionsAbout(findings: readonly Finding[], decided: ReadonlySet<string>, element: ElementRef, specs: readonly PropertySpec[]): Question[] {
  const byProperty = new Map<string, Finding[]>();
  for (const finding of findings) {
    if (decided.has(finding.id)) continue;
    for (const question of finding.unanswered ?? []) {
      if (!names(question, element)) continue;
      const list = byProperty.get(question.property) ?? [];
      if (!list.includes(finding)) list.push(finding);
      byProperty.set(question.property, list);
    }
  }
  const order = new Map(specs.map((spec, index) => [spec.id, index]));
  return [...byProperty.entries()]
    .sort(([a], [b]) => (order.get(a) ?? specs.length) - (order.get(b) ?? specs.length) || a.localeCompare(b))
    .map(([property, settled]) => ({ property, label: specs.find((s) => s.id === property)?.label ?? property, findings: settled }));
}

/** A finding's open question in words: the property's catalog label and whose it is
 * (`Region of Claude on Bedrock`, `Encrypted of the flow Chat UI → Support agent`); the label
 * alone when it is a property of `about` (the element the text is already about). */
export function questionText(question: OpenQuestion, architecture: Architecture, catalog: Catalog, about?: string): string {
  const labelOf = (id: string) => architecture.components.find((c) => c.id === id)?.label ?? id;
  const owned = about !== undefined && (question.component === about || question.flow === about);
  if (question.flow !== undefined) {
    const flow = architecture.flows.find((f) => f.id === question.flow);
    const label = catalog.flow_properties.find((s) => s.id === question.property)?.label ?? question.property;
    if (owned) return label;
    return `${label} of ${flow ? `the flow ${labelOf(flow.from)} → ${labelOf(flow.to)}` : `the flow ${question.flow}`}`;
  }
  const component = architecture.components.find((c) => c.id === question.component);
  const label = catalog.kinds.find((k) => k.id === component?.kind)?.properties.find((s) => s.id === question.property)?.label ?? question.property;
  return owned ? label : `${label} of ${component?.label ?? question.component ?? "?"}`;
}
