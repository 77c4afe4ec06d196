import { useState, type SubmitEvent } from "react";

import type { ArchitectureData, Component } from "./bindings";
import { kindLabel } from "./graph";

type Props = {
  architecture: ArchitectureData;
  selected: Component | undefined;
  /** Renames a component; resolves to the message to show when it failed, else null. */
  onRename: (id: string, label: string) => Promise<string | null>;
};

/** The side panel: the selected component's details, or an overview of the architecture. */
export function Inspector({ architecture, selected, onRename }: Props) {
  return (
    <aside className="inspector" aria-label="Inspector">
      {selected ? (
        // Keyed by id so that the draft label starts afresh for each component.
        <ComponentDetails key={selected.id} component={selected} onRename={onRename} />
      ) : (
        <Overview architecture={architecture} />
      )}
    </aside>
  );
}

function Overview({ architecture }: { architecture: ArchitectureData }) {
  return (
    <section>
      <h2 className="inspector__title">Architecture</h2>
      <p className="inspector__hint">Select a component on the canvas to see and edit it.</p>
      <dl className="inspector__facts">
        <dt>Components</dt>
        <dd>{architecture.components.length}</dd>
        <dt>Flows</dt>
        <dd>{architecture.flows.length}</dd>
        <dt>Boundaries</dt>
        <dd>{architecture.boundaries.length}</dd>
      </dl>
    </section>
  );
}

function ComponentDetails({ component, onRename }: Pick<Props, "onRename"> & { component: Component }) {
  const [draft, setDraft] = useState(component.label);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: SubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    setBusy(true);
    const failure = await onRename(component.id, draft);
    setBusy(false);
    setError(failure);
  };

  return (
    <section>
      <div className="inspector__eyebrow">{kindLabel(component.kind)}</div>
      <h2 className="inspector__title">{component.label}</h2>
      <form className="inspector__form" onSubmit={(event) => void submit(event)}>
        <label htmlFor="component-label">Label</label>
        <input
          id="component-label"
          name="label"
          value={draft}
          autoComplete="off"
          aria-invalid={error !== null}
          aria-describedby={error !== null ? "component-label-error" : undefined}
          onChange={(event) => {
            setDraft(event.target.value);
          }}
        />
        {error !== null && (
          <p id="component-label-error" className="inspector__error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy || draft === component.label}>
          Rename
        </button>
      </form>
      <dl className="inspector__facts">
        <dt>Id</dt>
        <dd>
          <code>{component.id}</code>
        </dd>
        <dt>Kind</dt>
        <dd>
          <code>{component.kind}</code>
        </dd>
      </dl>
    </section>
  );
}
