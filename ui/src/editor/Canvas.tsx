// The canvas: React Flow over the nodes and edges derived from the snapshot, with the minimap,
// the zoom controls and the drop target for palette kinds.
import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  Controls,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useStore,
  type Connection,
  type Node,
  type OnEdgesChange,
  type OnNodesChange,
  type OnSelectionChangeParams,
} from "@xyflow/react";
import { useEffect, useState, type DragEvent, type RefObject } from "react";

import type { CanvasNode, ComponentNodeData, FlowEdge } from "./canvas";
import { edgeTypes } from "./edges";
import { BoundaryResizeContext, nodeTypes } from "./nodes";
import { toneOf } from "./questions";
import { FAR_ZOOM } from "./reveal";
import { LARGE } from "./state";
import type { Theme } from "./theme";

/** The minimap draws a component in its risk colour, or its question look (module level: one
 * function for good). */
function minimapClass(node: Node): string {
  return `minimap-node minimap-node--${node.type === "component" ? toneOf(node.data as ComponentNodeData) : "boundary"}`;
}

/** Tells the canvas when the zoom crosses FAR_ZOOM (it re-renders only then, not every frame). */
function ZoomDetail({ onFar }: { onFar: (far: boolean) => void }) {
  const far = useStore((state) => state.transform[2] < FAR_ZOOM);
  useEffect(() => {
    onFar(far);
  }, [far, onFar]);
  return null;
}

type Props = {
  sectionRef: RefObject<HTMLElement | null>;
  nodes: CanvasNode[];
  edges: FlowEdge[];
  theme: Theme;
  /** Why the review could not be loaded, shown instead of the canvas. */
  failure: string | null;
  /** The review has no component yet: a hint says how to start. */
  empty: boolean;
  onNodesChange: OnNodesChange<CanvasNode>;
  onEdgesChange: OnEdgesChange<FlowEdge>;
  onConnect: (connection: Connection) => void;
  onNodeDragStop: (event: unknown, node: Node, dragged: Node[]) => void;
  onSelectionChange: (params: OnSelectionChangeParams) => void;
  onPaneClick: () => void;
  onBoundaryResized: (id: string) => void;
  onDragOver: (event: DragEvent) => void;
  onDrop: (event: DragEvent) => void;
};

export function Canvas({ sectionRef, nodes, edges, theme, failure, empty, onNodesChange, onEdgesChange, onConnect, onNodeDragStop, onSelectionChange, onPaneClick, onBoundaryResized, onDragOver, onDrop }: Props) {
  const [far, setFar] = useState(false);
  return (
    <section className="canvas" aria-label="Architecture canvas" ref={sectionRef} data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      {failure ? (
        <p className="canvas__message" role="alert">
          The review could not be loaded. {failure}
        </p>
      ) : (
        <BoundaryResizeContext.Provider value={onBoundaryResized}>
          <ReactFlow<CanvasNode, FlowEdge>
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            edgeTypes={edgeTypes}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            onNodeDragStop={onNodeDragStop}
            onSelectionChange={onSelectionChange}
            onPaneClick={onPaneClick}
            deleteKeyCode={null}
            selectionKeyCode="Shift"
            multiSelectionKeyCode={["Shift", "Meta", "Control"]}
            selectionMode={SelectionMode.Partial}
            connectionLineType={ConnectionLineType.SmoothStep}
            defaultEdgeOptions={{ type: "smoothstep" }}
            snapToGrid
            snapGrid={[8, 8]}
            colorMode={theme}
            onlyRenderVisibleElements={nodes.length > LARGE}
            className={far ? "canvas--far" : undefined}
            fitView
            fitViewOptions={{ padding: 0.2, maxZoom: 1.2 }}
            minZoom={0.1}
            proOptions={{ hideAttribution: true }}
          >
            <Background variant={BackgroundVariant.Dots} gap={16} size={1.1} />
            <MiniMap pannable zoomable nodeBorderRadius={6} nodeClassName={minimapClass} />
            <ZoomDetail onFar={setFar} />
            <Controls showInteractive={false} />
          </ReactFlow>
        </BoundaryResizeContext.Provider>
      )}
      {empty && <div className="canvas__hint">Drag components from the palette to start the architecture.</div>}
    </section>
  );
}
