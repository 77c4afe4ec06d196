// The review workflow's view of the generated bindings, like ../editor/api.ts: each command
// resolves to its value or rejects with the command's AppError (shown by code, see ../errors.ts).
import {
  commands,
  type AnswerValue,
  type Decision_Deserialize,
  type Diff,
  type DocumentSnapshot_Serialize,
  type LensView_Serialize,
  type MilestoneInfo,
  type Template,
} from "../bindings";

export type { AnswerValue, Diff, MilestoneInfo, Template };
export type Decision = Decision_Deserialize;
export type LensView = LensView_Serialize;
export type Snapshot = DocumentSnapshot_Serialize;

/**
 * The review workflow's commands, as generated (`decideFinding`, `exportReport`, `today`, …):
 * each resolves to its value or rejects with an AppError.
 */
export { commands as reviewApi };
