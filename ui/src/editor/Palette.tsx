// The palette: every catalog kind, grouped by category, and the AWS service presets ("Services"),
// all searchable. Drag a kind or a service onto the canvas to create it where it is dropped; click
// or Enter adds it at the centre of the view.
import { memo, useMemo, useState, type DragEvent, type ReactNode } from "react";
import { Square } from "lucide-react";

import type { Catalog } from "./api";
import { KindIcon } from "./icons";
import { matchPresets, PRESET_MIME } from "./presets";
import { ServiceIcon } from "./ServiceIcon";

export const KIND_MIME = "application/x-lensboard-kind";
export const BOUNDARY_MIME = "application/x-lensboard-boundary";

type Props = { catalog: Catalog; onAdd: (kind: string) => void; onAddPreset: (preset: string) => void; onAddBoundary: () => void };

function startDrag(event: DragEvent, mime: string, value: string) {
  event.dataTransfer.setData(mime, value);
  event.dataTransfer.setData("text/plain", value);
  event.dataTransfer.effectAllowed = "copy";
}

/** One draggable entry: drag it onto the canvas, or click it to add it at the centre. */
function PaletteItem({ testId, mime, value, help, icon, label, onAdd, data }: { testId: string; mime: string; value: string; help: string; icon: ReactNode; label: string; onAdd: (value: string) => void; data: Record<string, string> }) {
  return (
    <button
      type="button"
      className="palette__item"
      draggable
      data-testid={testId}
      {...data}
      title={help}
      onDragStart={(e) => {
        startDrag(e, mime, value);
      }}
      onClick={() => {
        onAdd(value);
      }}
    >
      {icon}
      <span>{label}</span>
    </button>
  );
}

/** Memoised: the palette does not change with the review, so edits do not redraw it. */
export const Palette = memo(function Palette({ catalog, onAdd, onAddPreset, onAddBoundary }: Props) {
  const [query, setQuery] = useState("");
  const groups = useMemo(() => {
    const q = query.trim().toLowerCase();
    const matches = catalog.kinds.filter(
      (k) => q === "" || k.label.toLowerCase().includes(q) || k.id.includes(q) || k.help.toLowerCase().includes(q),
    );
    const known = new Set(catalog.categories.map((c) => c.id));
    const categories = [...catalog.categories, ...[...new Set(matches.map((k) => k.category))].filter((c) => !known.has(c)).map((id) => ({ id, label: id, help: "" }))];
    return categories
      .map((category) => ({ category, kinds: matches.filter((k) => k.category === category.id) }))
      .filter((group) => group.kinds.length > 0);
  }, [catalog, query]);
  const services = useMemo(() => matchPresets(catalog.presets, query), [catalog, query]);

  return (
    <aside className="palette" aria-label="Palette" data-testid="palette">
      <input
        className="palette__search"
        type="search"
        placeholder="Search components and services…"
        aria-label="Search components"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value);
        }}
      />
      <div className="palette__groups">
        <section className="palette__group">
          <h2 className="palette__heading">Containers</h2>
          <button
            type="button"
            className="palette__item"
            draggable
            data-testid="palette-boundary"
            title="A trust boundary: drag it onto the canvas, then drop components into it"
            onDragStart={(e) => {
              startDrag(e, BOUNDARY_MIME, "boundary");
            }}
            onClick={onAddBoundary}
          >
            <Square size={18} strokeWidth={1.8} strokeDasharray="4 3" aria-hidden="true" />
            <span>Trust boundary</span>
          </button>
        </section>
        {groups.map(({ category, kinds }) => (
          <section key={category.id} className="palette__group">
            <h2 className="palette__heading" title={category.help}>
              {category.label}
            </h2>
            {kinds.map((kind) => (
              <PaletteItem
                key={kind.id}
                testId={`palette-${kind.id}`}
                mime={KIND_MIME}
                value={kind.id}
                help={kind.help}
                icon={<KindIcon name={kind.icon} />}
                label={kind.label}
                onAdd={onAdd}
                data={{ "data-kind": kind.id }}
              />
            ))}
          </section>
        ))}
        {services.length > 0 && (
          <section className="palette__group" data-testid="palette-services">
            <h2 className="palette__heading" title="AWS services, drawn as their kind with what the service guarantees">
              Services
            </h2>
            {services.map((preset) => (
              <PaletteItem
                key={preset.id}
                testId={`palette-preset-${preset.id}`}
                mime={PRESET_MIME}
                value={preset.id}
                help={preset.help}
                icon={<ServiceIcon catalog={catalog} icon={preset.icon} />}
                label={preset.service}
                onAdd={onAddPreset}
                data={{ "data-preset": preset.id }}
              />
            ))}
          </section>
        )}
        {groups.length === 0 && services.length === 0 && <p className="palette__empty">No component or service matches “{query}”.</p>}
      </div>
    </aside>
  );
});
