#!/usr/bin/env node
// Writes a large random architecture JSON for the scale check of `lens check`, independent of the
// project's own sample generator: kinds, properties and their values are read from the published
// JSON Schema (lens/schema/architecture.schema.json), so the file is what another tool could
// produce from the contract alone.
//
//   node tests/scale/generate.mjs [--components N] [--flows M] [--boundaries B] [--seed S]
//                                 [--chain] > big.json
//
// Default: 100,000 components, 200,000 flows (random ends, a few self-loops), 2,000 flat
// boundaries with random trust, a fifth of the components outside any boundary, and random kinds
// and property values (each catalog property set with a 40 % chance). `--chain` writes one long
// path instead (c0 → c1 → … → cN-1, flows only forward, no boundaries): the deepest graph a
// search can meet.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const schema = JSON.parse(
  readFileSync(path.join(here, "../../lens/schema/architecture.schema.json"), "utf8"),
);

function option(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const components = option("components", 100_000);
const flows = option("flows", components * 2);
const boundaries = option("boundaries", Math.floor(components / 50));
const chain = process.argv.includes("--chain");
let state = BigInt(option("seed", 1)) * 0x9e3779b97f4a7c15n + 1n;

// xorshift64*: deterministic for a seed.
function random() {
  const mask = (1n << 64n) - 1n;
  state ^= state >> 12n;
  state ^= (state << 25n) & mask;
  state ^= state >> 27n;
  return Number(((state * 0x2545f4914f6cdd1dn) & mask) >> 11n) / 2 ** 53;
}
const below = (n) => Math.floor(random() * n);
const pick = (xs) => xs[below(xs.length)];

// Kinds and their properties, from the schema's `if kind = … then properties …` branches.
const kinds = schema.$defs.Component.allOf.map((branch) => ({
  kind: branch.if.properties.kind.const,
  properties: Object.entries(branch.then.properties.properties.properties ?? {}),
}));
const flowProperties = Object.entries(schema.$defs.Flow.properties.properties.properties);
const trusts = schema.$defs.Trust.enum ?? schema.$defs.Trust.oneOf.map((o) => o.const);

function value([id, spec], i) {
  if (spec.enum) return pick(spec.enum);
  switch (spec.type) {
    case "boolean":
      return random() < 0.5;
    case "number":
    case "integer":
      return (spec.minimum ?? 0) + below(600);
    default:
      return `${id} ${i}`;
  }
}

function properties(specs, i) {
  const out = {};
  for (const spec of specs) if (random() < 0.4) out[spec[0]] = value(spec, i);
  return out;
}

const pad = (n) => String(n).padStart(String(components).length, "0");
const out = process.stdout;
out.write(`{"format":"lensboard/architecture","version":1,"name":"Scale check ${components}",\n`);
out.write('"boundaries":[');
const zones = chain ? 0 : boundaries;
for (let b = 0; b < zones; b++) {
  const boundary = { id: `z${b}`, label: `Zone ${b}`, trust: pick(trusts), parent: null };
  out.write((b ? ",\n" : "\n") + JSON.stringify(boundary));
}
out.write('],\n"components":[');
for (let i = 0; i < components; i++) {
  const { kind, properties: specs } = chain ? kinds[i % kinds.length] : pick(kinds);
  const component = {
    id: `c${pad(i)}`,
    kind,
    label: `${kind} ${i}`,
    boundary: zones && random() >= 0.2 ? `z${below(zones)}` : null,
    properties: properties(specs, i),
  };
  out.write((i ? ",\n" : "\n") + JSON.stringify(component));
}
out.write('],\n"flows":[');
const count = chain ? components - 1 : flows;
for (let i = 0; i < count; i++) {
  const from = chain ? i : below(components);
  const to = chain ? i + 1 : random() < 0.01 ? from : below(components);
  const flow = { id: `f${i}`, from: `c${pad(from)}`, to: `c${pad(to)}`, properties: properties(flowProperties, i) };
  // Writing in chunks keeps a pipe from buffering the whole file.
  if (!out.write((i ? ",\n" : "\n") + JSON.stringify(flow))) {
    await new Promise((resolve) => out.once("drain", resolve));
  }
}
out.write("]}\n");
