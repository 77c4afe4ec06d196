// The review workflow's commands (issue 7), unwrapped like ../editor/api.ts: each resolves to its
// value or rejects with the command's AppError (shown by code, see ../errors.ts).
import {
  commands,
  type AppError,
  type AnswerValue,
  type Decision_Deserialize,
  type Diff,
  type DocumentSnapshot_Serialize,
  type LensView_Serialize,
  type MilestoneInfo,
  type ReportFormat,
  type Template,
} from "../bindings";

export type { AnswerValue, Diff, MilestoneInfo, ReportFormat, Template };
export type Decision = Decision_Deserialize;
export type LensView = LensView_Serialize;
export type Snapshot = DocumentSnapshot_Serialize;

type Result<T> = { status: "ok"; data: T } | { status: "error"; error: AppError };

async function unwrap<T>(result: Promise<Result<T>>): Promise<T> {
  const outcome = await result;
  // eslint-disable-next-line @typescript-eslint/only-throw-error
  if (outcome.status === "error") throw outcome.error;
  return outcome.data;
}

export const reviewApi = {
  templates: () => commands.templates(),
  newFromTemplate: (id: string) => unwrap(commands.newFromTemplate(id)),
  decide: (decision: Decision) => unwrap(commands.decideFinding(decision)),
  reopen: (findingId: string, owner: string) => unwrap(commands.reopenFinding(findingId, owner)),
  answer: (itemId: string, answer: AnswerValue | null, note: string) => unwrap(commands.answerChecklist(itemId, answer, note)),
  lensView: () => commands.lensView(),
  saveMilestone: (name: string) => unwrap(commands.saveMilestone(name)),
  milestones: () => commands.milestones(),
  diff: (before: string | null, after: string | null) => unwrap(commands.diffMilestone(before, after)),
  exportReport: (path: string, format: ReportFormat) => unwrap(commands.exportReport(path, format)),
};
