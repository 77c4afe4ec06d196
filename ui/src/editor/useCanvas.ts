// What the canvas draws: React Flow's nodes and edges, derived from the snapshot plus what only
// the UI knows (catalog labels, the highlighted finding or data trail, the selection).
import { useEdgesState, useNodesState, type OnSelectionChangeParams } from "@xyflow/react";
import { startTransition, useCallback, useRef, useState } from "react";

import type { DocumentSnapshot } from "./api";
import { highlightOf, reuseEdges, reuseNodes, toEdges, toNodes, type CanvasLabels, type CanvasNode, type FlowEdge, type Highlight } from "./canvas";
import { trailHighlight, type Trail } from "./held";
import { looks, type Look } from "./looks";
import { mark } from "./perf";
import { sameSelection } from "./state";

/** What the canvas draws besides the snapshot: the highlight is the active finding's witness
 * path, else the way the data of a trail came. */
export type Decorations = { labels: CanvasLabels; activeFinding: string | null; trail: Trail | null };

function highlightIn(snap: DocumentSnapshot, { activeFinding, trail }: Decorations): Highlight | null {
  const active = activeFinding === null ? undefined : snap.findings.find((f) => f.id === activeFinding);
  if (active) return highlightOf(active);
  return trail ? trailHighlight(snap.data_held, snap.architecture, trail) : null;
}

export function useCanvas() {
  const [nodes, setNodes, onNodesChange] = useNodesState<CanvasNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<FlowEdge>([]);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  // Kept in refs so that a snapshot is drawn in the same render as it arrives.
  const selectedRef = useRef<Set<string>>(new Set());
  const decorations = useRef<Decorations>({ labels: { kind: () => undefined, trust: (t) => t }, activeFinding: null, trail: null });
  const drawn = useRef<DocumentSnapshot | null>(null);

  /** Redraws the canvas from `snap`. Elements that did not change keep their objects, so an edit
   * re-renders only the nodes and edges it changed (React Flow's performance guidance). */
  const draw = useCallback(
    (snap: DocumentSnapshot) => {
      drawn.current = snap;
      const input = {
        architecture: snap.architecture,
        marks: snap.marks,
        labels: decorations.current.labels,
        highlight: highlightIn(snap, decorations.current),
        selected: selectedRef.current,
      };
      const nextNodes = toNodes(input);
      const nextEdges = toEdges(input);
      // Risk colours first: the nodes read them from the looks store right away.
      const next = new Map<string, Look>();
      for (const n of nextNodes) if (n.type === "component") next.set(n.id, { risk: n.data.risk, risks: n.data.risks, questions: n.data.questions, emphasis: n.data.emphasis });
      looks.set(next);
      // The rest of the canvas may follow a moment later (a transition yields to the frame that
      // paints the new colours).
      startTransition(() => {
        setNodes((shown) => reuseNodes(shown, nextNodes));
        setEdges((shown) => reuseEdges(shown, nextEdges));
      });
      mark("lensboard:canvas");
    },
    [setNodes, setEdges],
  );

  /** New labels (a catalog), another highlighted finding or trail: the last snapshot is redrawn. */
  const decorate = useCallback(
    (next: Decorations) => {
      decorations.current = next;
      if (drawn.current) draw(drawn.current);
    },
    [draw],
  );

  const onSelectionChange = useCallback(({ nodes: n, edges: e }: OnSelectionChangeParams) => {
    const ids = [...n.map((x) => x.id), ...e.map((x) => x.id)];
    selectedRef.current = new Set(ids);
    setSelectedIds((previous) => (sameSelection(previous, ids) ? previous : ids));
  }, []);

  /** Selects exactly `ids` (after a paste, a finding picked, a new review). */
  const select = useCallback(
    (ids: string[]) => {
      const set = new Set(ids);
      selectedRef.current = set;
      setSelectedIds(ids);
      setNodes((list) => list.map((n) => (n.selected === set.has(n.id) ? n : { ...n, selected: set.has(n.id) })));
      setEdges((list) => list.map((e) => (e.selected === set.has(e.id) ? e : { ...e, selected: set.has(e.id) })));
    },
    [setNodes, setEdges],
  );

  return { nodes, edges, onNodesChange, onEdgesChange, draw, decorate, selectedIds, selectedRef, onSelectionChange, select };
}
