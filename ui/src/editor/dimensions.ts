// The responsible-AI dimensions in the findings panel: every finding carries the dimensions of its
// rule (fairness, explainability, privacy and security, …; possibly none), and the panel can list
// only the findings of one dimension, next to the filter on what the drawing shows. The
// dimensions, their order and their titles come from the bindings (the lens crate defines them);
// these plain functions are tested with Vitest and the panel only draws what they return.

import { DIMENSIONS } from "../bindings";
import type { Dimension, Finding } from "./api";

/** The one dimension whose findings the panel lists, or `null` for every finding. */
export type DimensionFilter = Dimension | null;

export const EVERY_DIMENSION: DimensionFilter = null;

/** The findings that concern `dimension` (all of them for `null`), in their order. */
export function filterByDimension(findings: readonly Finding[], dimension: DimensionFilter): Finding[] {
  if (dimension === null) return [...findings];
  return findings.filter((f) => f.dimensions.includes(dimension));
}

/** One choice of the dimension filter. */
export type DimensionOption = { id: Dimension; title: string; count: number };

/** Every dimension in the lens's order, with how many of `findings` concern it (a finding of
 * several dimensions counts for each). */
export function dimensionOptions(findings: readonly Finding[]): DimensionOption[] {
  return DIMENSIONS.map(({ id, title }) => ({ id, title, count: findings.filter((f) => f.dimensions.includes(id)).length }));
}

/** A dimension's title (`Privacy and security`); the id itself for one the bindings do not know. */
export function dimensionTitle(id: Dimension): string {
  return DIMENSIONS.find((d) => d.id === id)?.title ?? id;
}

/** The filter's value for a `<select>`'s value: `""` stands for every dimension; a value that is
 * no dimension (a stale option) also lists everything rather than nothing. */
export function parseDimensionFilter(value: string): DimensionFilter {
  return DIMENSIONS.find((d) => d.id === value)?.id ?? EVERY_DIMENSION;
}
