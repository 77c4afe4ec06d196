// The inspector: the selected component's, flow's or boundary's properties as a form generated
// from the catalog. Every change is one edit command; Rust's refusal is shown by its code.
import { useState } from "react";

import type { Value } from "../bindings";
import type { Catalog, DocumentSnapshot, Edit, Finding, PropertySpec } from "./api";
import { findingsAbout, parseNumber } from "./edits";
import { KindIcon } from "./icons";

export type Selection = { type: "component" | "flow" | "boundary"; id: string } | null;
type Apply = (edit: Edit) => Promise<string | null>;

function show(value: Value | null | undefined): string {
  if (value === null || value === undefined) return "unset";
  if (typeof value === "boolean") return value ? "yes" : "no";
  return String(value);
}

function enumLabel(spec: PropertySpec, value: string): string {
  if (spec.type.kind !== "enum") return value;
  const index = spec.type.values.indexOf(value);
  return spec.value_labels[index] ?? value;
}

/** A text field that commits on Enter or when it loses focus (one edit per change). */
type CommitProps = { id: string; value: string; onCommit: (text: string) => void; label: string };

function CommitInput(props: CommitProps) {
  // Keyed by the value: a new value from Rust starts a fresh draft.
  return <DraftInput key={props.value} {...props} />;
}

function DraftInput({ id, value, onCommit, label }: CommitProps) {
  const [text, setText] = useState(value);
  return (
    <input
      id={id}
      aria-label={label}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
      }}
      onBlur={() => {
        if (text !== value) onCommit(text);
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter" && text !== value) onCommit(text);
        if (e.key === "Escape") setText(value);
      }}
    />
  );
}

function PropertyField({ spec, value, onChange }: { spec: PropertySpec; value: Value | undefined; onChange: (value: Value | null) => void }) {
  const fieldId = `prop-${spec.id}`;
  const [error, setError] = useState<string | null>(null);
  const set = value !== undefined && value !== null;
  const fallback = spec.default !== null ? (spec.type.kind === "enum" && typeof spec.default === "string" ? enumLabel(spec, spec.default) : show(spec.default)) : "unset";
  let control;
  switch (spec.type.kind) {
    case "enum":
      control = (
        <select
          id={fieldId}
          value={typeof value === "string" ? value : ""}
          onChange={(e) => {
            onChange(e.target.value === "" ? null : e.target.value);
          }}
        >
          <option value="">Default ({fallback})</option>
          {spec.type.values.map((v) => (
            <option key={v} value={v}>
              {enumLabel(spec, v)}
            </option>
          ))}
        </select>
      );
      break;
    case "bool": {
      const effective = typeof value === "boolean" ? value : spec.default === true;
      control = (
        <label className="switch">
          <input
            id={fieldId}
            type="checkbox"
            role="switch"
            checked={effective}
            onChange={(e) => {
              onChange(e.target.checked);
            }}
          />
          <span>{effective ? "Yes" : "No"}</span>
          {!set && <span className="field__default">(default)</span>}
        </label>
      );
      break;
    }
    case "number":
      control = (
        <NumberInput
          id={fieldId}
          value={typeof value === "number" ? String(value) : ""}
          placeholder={fallback}
          onCommit={(text) => {
            const parsed = parseNumber(text, spec);
            if ("error" in parsed) {
              setError(parsed.error);
            } else {
              setError(null);
              onChange(parsed.value);
            }
          }}
        />
      );
      break;
    case "text":
      control = (
        <CommitInput
          id={fieldId}
          label={spec.label}
          value={typeof value === "string" ? value : ""}
          onCommit={(text) => {
            onChange(text === "" ? null : text);
          }}
        />
      );
      break;
  }
  return (
    <div className="field" data-testid={`field-${spec.id}`}>
      <div className="field__head">
        <label htmlFor={fieldId}>
          {spec.label}
          {spec.unit ? ` (${spec.unit})` : ""}
        </label>
        {set && (
          <button
            type="button"
            className="link-button"
            title="Back to the catalog default"
            onClick={() => {
              onChange(null);
            }}
          >
            Reset
          </button>
        )}
      </div>
      {control}
      {error && (
        <p className="field__error" role="alert">
          {error}
        </p>
      )}
      {spec.help && <p className="field__help">{spec.help}</p>}
    </div>
  );
}

type NumberProps = { id: string; value: string; placeholder: string; onCommit: (text: string) => void };

function NumberInput(props: NumberProps) {
  return <NumberDraft key={props.value} {...props} />;
}

function NumberDraft({ id, value, placeholder, onCommit }: NumberProps) {
  const [text, setText] = useState(value);
  return (
    <input
      id={id}
      inputMode="decimal"
      value={text}
      placeholder={`Default: ${placeholder}`}
      onChange={(e) => {
        setText(e.target.value);
      }}
      onBlur={() => {
        if (text !== value) onCommit(text);
      }}
      onKeyDown={(e) => {
        if (e.key === "Enter") onCommit(text);
      }}
    />
  );
}

function ElementFindings({ findings, onPick }: { findings: Finding[]; onPick: (f: Finding) => void }) {
  if (findings.length === 0) return <p className="inspector__quiet">No open findings about this element.</p>;
  return (
    <ul className="finding-list">
      {findings.map((f) => (
        <li key={f.id}>
          <button
            type="button"
            className={`finding finding--${f.risk}`}
            onClick={() => {
              onPick(f);
            }}
          >
            <span className={`risk-dot risk-dot--${f.risk}`} aria-hidden="true" />
            <span className="finding__title">{f.title}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

type Props = { snapshot: DocumentSnapshot; catalog: Catalog; selection: Selection; apply: Apply; onPickFinding: (f: Finding) => void };

export function Inspector({ snapshot, catalog, selection, apply, onPickFinding }: Props) {
  // The parent keys the inspector by the selection, so an error belongs to one element.
  const [error, setError] = useState<string | null>(null);
  const run = (edit: Edit) => {
    void apply(edit).then(setError);
  };
  const { architecture } = snapshot;
  let body;
  if (selection?.type === "component") {
    const component = architecture.components.find((c) => c.id === selection.id);
    if (!component) return null;
    const kind = catalog.kinds.find((k) => k.id === component.kind);
    body = (
      <>
        <header className="inspector__header">
          <KindIcon name={kind?.icon ?? ""} size={22} />
          <div>
            <h2 className="inspector__title">{component.label}</h2>
            <p className="inspector__subtitle">{kind?.label ?? component.kind}</p>
          </div>
        </header>
        <div className="field">
          <label htmlFor="component-label">Label</label>
          <CommitInput
            id="component-label"
            label="Label"
            value={component.label}
            onCommit={(label) => {
              run({ type: "set_component_label", id: component.id, label });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="component-kind">Kind</label>
          <select
            id="component-kind"
            value={component.kind}
            onChange={(e) => {
              run({ type: "set_component_kind", id: component.id, kind: e.target.value });
            }}
          >
            {catalog.kinds.map((k) => (
              <option key={k.id} value={k.id}>
                {k.label}
              </option>
            ))}
          </select>
          {kind?.help && <p className="field__help">{kind.help}</p>}
        </div>
        <h3 className="inspector__section">Properties</h3>
        {(kind?.properties ?? []).map((spec) => (
          <PropertyField
            key={`${component.id}-${spec.id}`}
            spec={spec}
            value={component.properties[spec.id]}
            onChange={(value) => {
              run({ type: "set_component_property", id: component.id, property: spec.id, value });
            }}
          />
        ))}
        <h3 className="inspector__section">Findings</h3>
        <ElementFindings findings={findingsAbout(snapshot.findings, component.id)} onPick={onPickFinding} />
      </>
    );
  } else if (selection?.type === "flow") {
    const flow = architecture.flows.find((f) => f.id === selection.id);
    if (!flow) return null;
    const name = (id: string) => architecture.components.find((c) => c.id === id)?.label ?? id;
    body = (
      <>
        <header className="inspector__header">
          <div>
            <h2 className="inspector__title">Flow</h2>
            <p className="inspector__subtitle">
              {name(flow.from)} → {name(flow.to)}
            </p>
          </div>
        </header>
        {catalog.flow_properties.map((spec) => (
          <PropertyField
            key={`${flow.id}-${spec.id}`}
            spec={spec}
            value={flow.properties[spec.id]}
            onChange={(value) => {
              run({ type: "set_flow_property", id: flow.id, property: spec.id, value });
            }}
          />
        ))}
        <h3 className="inspector__section">Findings</h3>
        <ElementFindings findings={findingsAbout(snapshot.findings, flow.id)} onPick={onPickFinding} />
      </>
    );
  } else if (selection?.type === "boundary") {
    const boundary = architecture.boundaries.find((b) => b.id === selection.id);
    if (!boundary) return null;
    const trust = catalog.boundary_trusts.find((t) => t.id === boundary.trust);
    body = (
      <>
        <header className="inspector__header">
          <div>
            <h2 className="inspector__title">{boundary.label}</h2>
            <p className="inspector__subtitle">Trust boundary</p>
          </div>
        </header>
        <div className="field">
          <label htmlFor="boundary-label">Label</label>
          <CommitInput
            id="boundary-label"
            label="Label"
            value={boundary.label}
            onCommit={(label) => {
              run({ type: "set_boundary_label", id: boundary.id, label });
            }}
          />
        </div>
        <div className="field">
          <label htmlFor="boundary-trust">Trust</label>
          <select
            id="boundary-trust"
            value={boundary.trust}
            onChange={(e) => {
              const next = catalog.boundary_trusts.find((t) => t.id === e.target.value);
              if (next) run({ type: "set_boundary_trust", id: boundary.id, trust: next.id });
            }}
          >
            {catalog.boundary_trusts.map((t) => (
              <option key={t.id} value={t.id}>
                {t.label}
              </option>
            ))}
          </select>
          {trust?.help && <p className="field__help">{trust.help}</p>}
        </div>
      </>
    );
  } else {
    body = (
      <div className="inspector__empty">
        <h2 className="inspector__title">{architecture.name || snapshot.title}</h2>
        <p>
          {architecture.components.length} components · {architecture.flows.length} flows · {architecture.boundaries.length} boundaries
        </p>
        <p className="inspector__quiet">Select a component, flow or boundary to edit it. Drag kinds from the palette; connect a component’s right handle to another’s left handle to add a flow.</p>
      </div>
    );
  }
  return (
    <div className="inspector" data-testid="inspector">
      {body}
      {error && (
        <p className="inspector__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
