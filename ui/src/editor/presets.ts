// Service presets in the editor: which services the palette's filter shows, what dropping one
// creates, and what the inspector says about a component drawn from one. The presets themselves
// come from Rust with the catalog (`lens/catalog/presets.toml`); nothing here invents a default.

import type { Component } from "../bindings";
import type { Catalog, PresetSpec, PropertySpec } from "./api";

/** What a dragged palette service carries: the preset's id. */
export const PRESET_MIME = "application/x-lensboard-preset";

/** The presets whose service name (or id) contains every word of `query`, in palette order. */
export function matchPresets(presets: readonly PresetSpec[], query: string): PresetSpec[] {
  const words = query.trim().toLowerCase().split(/\s+/).filter((w) => w !== "");
  if (words.length === 0) return [...presets];
  return presets.filter((p) => {
    const name = `${p.service} ${p.id.replace(/_/g, " ")}`.toLowerCase();
    return words.every((w) => name.includes(w));
  });
}

/** The preset a component was drawn from, if the catalog knows it. */
export function presetOf(catalog: Catalog, component: Pick<Component, "preset">): PresetSpec | null {
  const id = component.preset;
  if (id === undefined || id === null) return null;
  return catalog.presets.find((p) => p.id === id) ?? null;
}

/** One property a reviewer must answer for a service: still to answer, or answered. */
export type ToAnswer = { property: string; label: string; answered: boolean };

/** The preset's questions for `component`, in the preset's order: answered once someone set the
 * property on the component (a catalog default is not an answer). */
export function toAnswer(preset: PresetSpec, component: Pick<Component, "properties">, specs: readonly PropertySpec[]): ToAnswer[] {
  return preset.to_answer.map((property) => {
    const value = component.properties[property];
    return {
      property,
      label: specs.find((s) => s.id === property)?.label ?? property,
      answered: value !== undefined && value !== null,
    };
  });
}

/** What a new component of `preset` starts with: its kind, the service's name as label, the
 * properties the service guarantees, and the preset's id. */
export function presetStart(preset: PresetSpec): { kind: string; label: string; properties: Component["properties"]; preset: string } {
  return { kind: preset.kind, label: preset.service, properties: structuredClone(preset.defaults), preset: preset.id };
}
