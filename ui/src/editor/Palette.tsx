// The palette: every catalog kind, grouped by category, searchable. Drag a kind onto the canvas
// to create it where it is dropped; click or Enter adds it at the centre of the view.
import { memo, useMemo, useState, type DragEvent } from "react";
import { Square } from "lucide-react";

import type { Catalog } from "./api";
import { KindIcon } from "./icons";

export const KIND_MIME = "application/x-lensboard-kind";
export const BOUNDARY_MIME = "application/x-lensboard-boundary";

type Props = { catalog: Catalog; onAdd: (kind: string) => void; onAddBoundary: () => void };

function startDrag(event: DragEvent, mime: string, value: string) {
  event.dataTransfer.setData(mime, value);
  event.dataTransfer.setData("text/plain", value);
  event.dataTransfer.effectAllowed = "copy";
}

/** Memoised: the palette does not change with the review, so edits do not redraw it. */
export const Palette = memo(function Palette({ catalog, onAdd, onAddBoundary }: Props) {
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

  return (
    <aside className="palette" aria-label="Palette" data-testid="palette">
      <input
        className="palette__search"
        type="search"
        placeholder="Search components…"
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
              <button
                key={kind.id}
                type="button"
                className="palette__item"
                draggable
                data-testid={`palette-${kind.id}`}
                data-kind={kind.id}
                title={kind.help}
                onDragStart={(e) => {
                  startDrag(e, KIND_MIME, kind.id);
                }}
                onClick={() => {
                  onAdd(kind.id);
                }}
              >
                <KindIcon name={kind.icon} />
                <span>{kind.label}</span>
              </button>
            ))}
          </section>
        ))}
        {groups.length === 0 && <p className="palette__empty">No component matches “{query}”.</p>}
      </div>
    </aside>
  );
});
