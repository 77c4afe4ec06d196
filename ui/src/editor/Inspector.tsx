// The inspector: the selected component's, flow's or boundary's properties as a form generated
// from the catalog. Every change is one edit command; Rust's refusal is shown by its code. Above
// the form, the questions to answer: the properties nobody set whose answers would settle the
// element's open findings, each leading to its field; for a component, the data it holds and
// the way it came (shown on the canvas). A component drawn from a service preset shows the
// service (name and icon) and the properties a reviewer must answer for it.
import { useEffect, useState } from "react";

import type { Value } from "../bindings";
import type { Catalog, DocumentSnapshot, Edit, Finding, FlowPurpose, PropertySpec } from "./api";
import { FindingMark } from "./badges";
import { findingsAbout, parseNumber } from "./edits";
import { defaultText, enumLabel, PURPOSE, unsetChoice } from "./fields";
import { heldLines, type Trail } from "./held";
import { KindIcon } from "./icons";
import { presetOf, toAnswer, type ToAnswer } from "./presets";
import { ServiceIcon } from "./ServiceIcon";
import { plural, questionsAbout, type ElementRef, type Question } from "./questions";

export type Selection = { type: "component" | "flow" | "boundary"; id: string } | null;
type Apply = (edit: Edit) => Promise<string | null>;

/** How long a field the questions list led to stays highlighted. */
const HIGHLIGHT_MS = 2500;

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

type FieldProps = {
  spec: PropertySpec;
  value: Value | undefined;
  onChange: (value: Value | null) => void;
  /** Answering it would settle open findings (it is in the questions list). */
  question: boolean;
  /** The questions list just led here. */
  highlighted: boolean;
  /** The component's service asks for it (a preset's "to answer"). */
  toAnswer?: boolean;
  /** What the engine decides for it when unset (a flow's purpose). */
  decided?: FlowPurpose;
};

function PropertyField({ spec, value, onChange, question, highlighted, decided, toAnswer = false }: FieldProps) {
  const fieldId = `prop-${spec.id}`;
  const [error, setError] = useState<string | null>(null);
  const set = value !== undefined && value !== null;
  const fallback = defaultText(spec);
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
          <option value="">{unsetChoice(spec, decided)}</option>
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
  const classes = ["field"];
  if (question) classes.push("field--question");
  if (highlighted) classes.push("field--highlight");
  return (
    <div className={classes.join(" ")} data-testid={`field-${spec.id}`}>
      <div className="field__head">
        <label htmlFor={fieldId}>
          {spec.label}
          {spec.unit ? ` (${spec.unit})` : ""}
        </label>
        {question && (
          <span className="field__question" title="Nobody set it: answering it settles open findings" data-testid={`not-stated-${spec.id}`}>
            <span className="question-dot" aria-hidden="true">
              ?
            </span>
            not stated
          </span>
        )}
        {toAnswer && !set && !question && (
          <span className="field__question" title="The service leaves this to you: say how it is set up" data-testid={`to-answer-field-${spec.id}`}>
            <span className="question-dot" aria-hidden="true">
              ?
            </span>
            to answer
          </span>
        )}
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
            data-basis={f.basis}
            onClick={() => {
              onPick(f);
            }}
          >
            <FindingMark finding={f} />
            <span className="finding__title">{f.title}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** One question in a list: a mark, the property's label and what answering it does; choosing it
 * takes the person to the property's field. */
function QuestionButton({ testId, mark, label, note, onClick, answered, title }: { testId: string; mark: string; label: string; note: string; onClick: () => void; answered?: boolean; title?: string }) {
  return (
    <button type="button" className="question" data-testid={testId} data-answered={answered} title={title} onClick={onClick}>
      <span className="question-dot" aria-hidden="true">
        {mark}
      </span>
      <span className="question__label">{label}</span>
      <span className="question__settles">{note}</span>
    </button>
  );
}

/** The properties whose answers would settle the element's open findings; choosing one takes
 * the person to its field. */
function Questions({ questions, onAnswer }: { questions: Question[]; onAnswer: (property: string) => void }) {
  if (questions.length === 0) return null;
  return (
    <section className="questions" aria-labelledby="questions-title" data-testid="questions">
      <h3 className="inspector__section" id="questions-title">
        Questions to answer
      </h3>
      <p className="inspector__quiet">Nobody set these; answering them settles findings that rest on them.</p>
      <ul className="questions__list">
        {questions.map((q) => (
          <li key={q.property}>
            <QuestionButton
              testId={`question-${q.property}`}
              title={q.findings.map((f) => f.title).join("\n")}
              mark="?"
              label={q.label}
              note={`settles ${plural(q.findings.length, "finding")}`}
              onClick={() => {
                onAnswer(q.property);
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The service a component was drawn as, and what a reviewer must answer for it; each question
 * leads to its field. */
function Service({ service, help, questions, onAnswer }: { service: string; help: string; questions: ToAnswer[]; onAnswer: (property: string) => void }) {
  const open = questions.filter((q) => !q.answered).length;
  return (
    <section className="service" aria-labelledby="service-title" data-testid="service">
      <h3 className="inspector__section" id="service-title">
        Service: <span data-testid="service-name">{service}</span>
      </h3>
      <p className="inspector__quiet">{help}</p>
      {questions.length > 0 && (
        <>
          <p className="inspector__quiet">
            {open === 0 ? "Every question for this service is answered." : `${plural(open, "question")} to answer for this service:`}
          </p>
          <ul className="questions__list">
            {questions.map((q) => (
              <li key={q.property}>
                <QuestionButton
                  testId={`to-answer-${q.property}`}
                  mark={q.answered ? "✓" : "?"}
                  label={q.label}
                  note={q.answered ? "answered" : "to answer"}
                  answered={q.answered}
                  onClick={() => {
                    onAnswer(q.property);
                  }}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** What the component holds and the way it came; each way can be shown on the canvas. */
function DataHeld({ snapshot, component, trail, onShowTrail }: { snapshot: DocumentSnapshot; component: string; trail: Trail | null; onShowTrail: (trail: Trail) => void }) {
  const held = snapshot.data_held.find((h) => h.component === component);
  if (!held) return null;
  return (
    <section className="held" aria-labelledby="held-title" data-testid="data-held">
      <h3 className="inspector__section" id="held-title">
        Data held
      </h3>
      <ul className="held__list">
        {heldLines(held, snapshot.architecture).map((line) => {
          const kind = line.personal ? "personal" : "class";
          const shown = trail?.component === component && trail.personal === line.personal;
          return (
            <li key={kind} className={`held__item held__item--${line.personal ? "personal" : held.classification}`} data-testid={`held-${kind}`}>
              <span className="held__what">{line.what}</span> <span className="held__from">{line.from}</span>
              {line.flows.length > 0 && (
                <button
                  type="button"
                  className="held__route"
                  aria-pressed={shown}
                  title={shown ? "Hide the way on the canvas" : "Show the way it came on the canvas"}
                  data-testid={`held-route-${kind}`}
                  onClick={() => {
                    onShowTrail({ component, personal: line.personal });
                  }}
                >
                  via {line.route.join(" → ")} ({plural(line.flows.length, "flow")})
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Takes the person to a property's field: focused, scrolled into view, briefly highlighted. */
function useFieldFocus(): [string | null, (property: string) => void] {
  const [highlighted, setHighlighted] = useState<string | null>(null);
  useEffect(() => {
    if (highlighted === null) return;
    const field = document.getElementById(`prop-${highlighted}`);
    field?.scrollIntoView({ block: "center", behavior: "smooth" });
    field?.focus({ preventScroll: true });
    const timer = window.setTimeout(() => {
      setHighlighted(null);
    }, HIGHLIGHT_MS);
    return () => {
      window.clearTimeout(timer);
    };
  }, [highlighted]);
  return [highlighted, setHighlighted];
}

type Props = {
  snapshot: DocumentSnapshot;
  catalog: Catalog;
  selection: Selection;
  apply: Apply;
  onPickFinding: (f: Finding) => void;
  /** The way of some held data shown on the canvas. */
  trail: Trail | null;
  onShowTrail: (trail: Trail) => void;
};

export function Inspector({ snapshot, catalog, selection, apply, onPickFinding, trail, onShowTrail }: Props) {
  // The parent keys the inspector by the selection, so an error belongs to one element.
  const [error, setError] = useState<string | null>(null);
  const [highlighted, focusField] = useFieldFocus();
  const run = (edit: Edit) => {
    void apply(edit).then(setError);
  };
  const { architecture } = snapshot;
  const decided = new Set(snapshot.decisions.map((d) => d.finding));
  const questionsOf = (element: ElementRef, specs: readonly PropertySpec[]) => questionsAbout(snapshot.findings, decided, element, specs);
  let body;
  if (selection?.type === "component") {
    const component = architecture.components.find((c) => c.id === selection.id);
    if (!component) return null;
    const kind = catalog.kinds.find((k) => k.id === component.kind);
    const specs = kind?.properties ?? [];
    const questions = questionsOf({ type: "component", id: component.id }, specs);
    const asked = new Set(questions.map((q) => q.property));
    const preset = presetOf(catalog, component);
    body = (
      <>
        <header className="inspector__header">
          {preset ? <ServiceIcon catalog={catalog} icon={preset.icon} size={22} /> : <KindIcon name={kind?.icon ?? ""} size={22} />}
          <div>
            <h2 className="inspector__title">{component.label}</h2>
            <p className="inspector__subtitle">{preset ? `${preset.service} · ${kind?.label ?? component.kind}` : (kind?.label ?? component.kind)}</p>
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
        {preset && <Service service={preset.service} help={preset.help} questions={toAnswer(preset, component, specs)} onAnswer={focusField} />}
        <Questions questions={questions} onAnswer={focusField} />
        <DataHeld snapshot={snapshot} component={component.id} trail={trail} onShowTrail={onShowTrail} />
        <h3 className="inspector__section">Properties</h3>
        {specs.map((spec) => (
          <PropertyField
            key={`${component.id}-${spec.id}`}
            spec={spec}
            value={component.properties[spec.id]}
            question={asked.has(spec.id)}
            highlighted={highlighted === spec.id}
            toAnswer={preset?.to_answer.includes(spec.id) ?? false}
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
    const questions = questionsOf({ type: "flow", id: flow.id }, catalog.flow_properties);
    const asked = new Set(questions.map((q) => q.property));
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
        <Questions questions={questions} onAnswer={focusField} />
        <h3 className="inspector__section">Properties</h3>
        {catalog.flow_properties.map((spec) => (
          <PropertyField
            key={`${flow.id}-${spec.id}`}
            spec={spec}
            value={flow.properties[spec.id]}
            question={asked.has(spec.id)}
            highlighted={highlighted === spec.id}
            decided={spec.id === PURPOSE ? snapshot.flow_purposes[flow.id] : undefined}
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
