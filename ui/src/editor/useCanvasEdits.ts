// What the person does on the canvas, turned into edit commands: dropping or clicking a kind,
// drawing a flow, dragging and resizing, deleting the selection, selecting all, laying out.
import { useReactFlow, type Connection, type Node } from "@xyflow/react";
import { useCallback, useRef, type DragEvent, type RefObject } from "react";

import { boundaryRects, componentPositions, type CanvasNode, type FlowEdge } from "./canvas";
import { addBoundaryEdit, addComponentEdit, addFlowEdit, asOne, boundaryLayoutEdit, deleteEdits, dragEndEdits, type NewComponent } from "./edits";
import { autoLayout } from "./layout";
import { BOUNDARY_MIME, KIND_MIME } from "./Palette";
import { PRESET_MIME, presetStart } from "./presets";
import { componentBounds, REVEAL, revealViewport } from "./reveal";
import type { DocumentView } from "./useDocument";
import type { Notify } from "./useToasts";

type Options = {
  doc: Pick<DocumentView, "catalog" | "snapshotRef" | "apply" | "applyOrNotify" | "busyWhile">;
  notify: Notify;
  selectedRef: RefObject<ReadonlySet<string>>;
  select: (ids: string[]) => void;
};

export function useCanvasEdits({ doc, notify, selectedRef, select }: Options) {
  const { catalog, snapshotRef, apply, applyOrNotify, busyWhile } = doc;
  const flow = useReactFlow<CanvasNode, FlowEdge>();
  /** The canvas's element, whose centre is where a clicked kind lands. */
  const canvasRef = useRef<HTMLElement>(null);

  const rects = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    return arch ? boundaryRects(arch, componentPositions(arch.components)) : new Map();
  }, [snapshotRef]);

  const viewportCentre = useCallback(() => {
    const box = canvasRef.current?.getBoundingClientRect();
    return flow.screenToFlowPosition(box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : { x: 400, y: 300 });
  }, [flow]);

  const add = useCallback(
    (start: NewComponent, at: { x: number; y: number }) => {
      const arch = snapshotRef.current?.architecture;
      if (!arch) return;
      const { edit, id } = addComponentEdit(arch, start, at, rects());
      void apply(edit).then((error) => {
        if (error) notify(error);
        else select([id]);
      });
    },
    [snapshotRef, apply, notify, rects, select],
  );

  const addKind = useCallback(
    (kindId: string, at: { x: number; y: number }) => {
      const kind = catalog?.kinds.find((k) => k.id === kindId);
      if (!snapshotRef.current || !kind) return;
      add({ kind: kind.id, label: kind.label }, at);
    },
    [snapshotRef, catalog, add],
  );

  /** Adds a component of a service preset: its kind, defaults and id (see ./presets.ts). */
  const addPreset = useCallback(
    (presetId: string, at: { x: number; y: number }) => {
      const preset = catalog?.presets.find((p) => p.id === presetId);
      if (preset) add(presetStart(preset), at);
    },
    [catalog, add],
  );

  const addBoundary = useCallback(
    (at: { x: number; y: number }) => {
      const arch = snapshotRef.current?.architecture;
      if (arch) applyOrNotify(addBoundaryEdit(arch, at, rects()));
    },
    [snapshotRef, applyOrNotify, rects],
  );

  const addAtCentre = useCallback(
    (kind: string) => {
      addKind(kind, viewportCentre());
    },
    [addKind, viewportCentre],
  );
  const addPresetAtCentre = useCallback(
    (preset: string) => {
      addPreset(preset, viewportCentre());
    },
    [addPreset, viewportCentre],
  );
  const addBoundaryAtCentre = useCallback(() => {
    addBoundary(viewportCentre());
  }, [addBoundary, viewportCentre]);

  const onDragOver = useCallback((event: DragEvent) => {
    const types = event.dataTransfer.types;
    if (types.includes(KIND_MIME) || types.includes(PRESET_MIME) || types.includes(BOUNDARY_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(KIND_MIME);
      const preset = event.dataTransfer.getData(PRESET_MIME);
      const boundary = event.dataTransfer.getData(BOUNDARY_MIME);
      if (!kind && !preset && !boundary) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      if (preset) addPreset(preset, at);
      else if (kind) addKind(kind, at);
      else addBoundary(at);
    },
    [flow, addKind, addPreset, addBoundary],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const arch = snapshotRef.current?.architecture;
      if (arch) applyOrNotify(addFlowEdit(arch, connection.source, connection.target));
    },
    [snapshotRef, applyOrNotify],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: Node, dragged: Node[]) => {
      const arch = snapshotRef.current?.architecture;
      if (!arch) return;
      const moved = dragged.map((n) => ({ id: n.id, position: flow.getInternalNode(n.id)?.internals.positionAbsolute ?? n.position }));
      applyOrNotify(asOne(dragEndEdits(arch, moved, rects())));
    },
    [snapshotRef, flow, applyOrNotify, rects],
  );

  const onBoundaryResized = useCallback(
    (id: string) => {
      const internal = flow.getInternalNode(id);
      if (!internal) return;
      const width = internal.measured.width ?? internal.width ?? 0;
      const height = internal.measured.height ?? internal.height ?? 0;
      applyOrNotify(boundaryLayoutEdit(id, internal.internals.positionAbsolute, { width, height }));
    },
    [flow, applyOrNotify],
  );

  const removeSelection = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    if (arch) applyOrNotify(asOne(deleteEdits(arch, selectedRef.current)));
  }, [snapshotRef, selectedRef, applyOrNotify]);

  const selectAll = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    if (arch) select([...arch.components.map((c) => c.id), ...arch.flows.map((f) => f.id)]);
  }, [snapshotRef, select]);

  const zoomToFit = useCallback(() => {
    void flow.fitView({ padding: 0.15, duration: 250 });
  }, [flow]);

  /** Brings components `ids` into view (pans and zooms, animated) unless they are all in view
   * already at a readable zoom. */
  const reveal = useCallback(
    (ids: Iterable<string>) => {
      const arch = snapshotRef.current?.architecture;
      const box = canvasRef.current?.getBoundingClientRect();
      const bounds = arch ? componentBounds(arch, ids) : null;
      if (!bounds || !box) return;
      const next = revealViewport(bounds, flow.getViewport(), { width: box.width, height: box.height });
      if (next) void flow.setViewport(next, { duration: REVEAL.duration });
    },
    [snapshotRef, flow],
  );

  /** Lays the architecture out with ELK, as one undoable edit, then fits it in view. */
  const layout = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    if (!arch) return;
    void busyWhile("Laying out…", () =>
      autoLayout(arch)
        .then((edits) => {
          applyOrNotify(asOne(edits));
          window.setTimeout(zoomToFit, 50);
        })
        .catch((error: unknown) => {
          notify(`Auto-layout failed: ${String(error)}`);
        }),
    );
  }, [snapshotRef, busyWhile, applyOrNotify, notify, zoomToFit]);

  return { canvasRef, addAtCentre, addPresetAtCentre, addBoundaryAtCentre, onDragOver, onDrop, onConnect, onNodeDragStop, onBoundaryResized, removeSelection, selectAll, zoomToFit, reveal, layout };
}
