// What the inspector's form says about a property's value: an enum's display label, and what
// an unset property reads as — the catalog default, or what the engine decides for it (a flow's
// purpose, from the kinds it joins).

import type { Value } from "../bindings";
import type { FlowPurpose, PropertySpec } from "./api";

/** The flow property whose unset value the engine decides (`DocumentSnapshot.flow_purposes`). */
export const PURPOSE = "purpose";

export function show(value: Value | null | undefined): string {
  if (value === null || value === undefined) return "unset";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

export function enumLabel(spec: PropertySpec, value: string): string {
  if (spec.type.kind !== "enum") return value;
  const index = spec.type.values.indexOf(value);
  return spec.value_labels[index] ?? value;
}

/** What an unset property reads as, in words: the catalog default, `unset` when it has none. */
export function defaultText(spec: PropertySpec): string {
  if (spec.default === null) return "unset";
  return spec.type.kind === "enum" && typeof spec.default === "string" ? enumLabel(spec, spec.default) : show(spec.default);
}

/** The empty choice of an enum field: what the engine reads when nobody set it. */
export function unsetChoice(spec: PropertySpec, decided?: FlowPurpose): string {
  if (decided !== undefined) return `By the kinds it joins: ${enumLabel(spec, decided)}`;
  return `Default (${defaultText(spec)})`;
}
