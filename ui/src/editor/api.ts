// The editor's view of the generated bindings (../bindings.ts, regenerated from Rust): the shapes
// the UI receives (`_Serialize`) and sends (`_Deserialize`), and its commands. The bindings are
// generated so that a command resolves to its value or rejects with its `AppError` (shown by
// code, see ../errors.ts): nothing is unwrapped here.

import {
  commands,
  type ArchitectureData_Serialize,
  type Catalog_Serialize,
  type DocumentSnapshot_Serialize,
  type Edit_Deserialize,
  type Finding_Serialize,
  type HeldData_Serialize,
  type KindSpec_Serialize,
  type MenuAction_Serialize,
  type OpenQuestion_Serialize,
  type PropertySpec_Serialize,
  type RecoveryInfo_Serialize,
} from "../bindings";

export type { Basis, BestPractice, DataClass, Dimension, FlowPurpose, Mark, PersonalData, PresetSpec, Risk, TrustSpec } from "../bindings";
export type Finding = Finding_Serialize;
export type HeldData = HeldData_Serialize;
export type OpenQuestion = OpenQuestion_Serialize;
export type Architecture = ArchitectureData_Serialize;
export type Catalog = Catalog_Serialize;
export type KindSpec = KindSpec_Serialize;
export type PropertySpec = PropertySpec_Serialize;
export type DocumentSnapshot = DocumentSnapshot_Serialize;
export type Edit = Edit_Deserialize;
export type MenuAction = MenuAction_Serialize;
export type RecoveryInfo = RecoveryInfo_Serialize;

/**
 * The editor's commands, as generated: each resolves to its value (most to the new snapshot) or
 * rejects with an AppError.
 */
export { commands as api };
