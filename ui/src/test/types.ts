export type { AppError } from "../bindings";
export type { InvokeArgs } from "@tauri-apps/api/core";
