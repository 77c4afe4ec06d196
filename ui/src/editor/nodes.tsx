// The canvas's custom nodes. Memoised and registered at module level (React Flow's performance
// guidance); they draw what the node data says and hold no domain state. Labels are text only.
import { Handle, NodeResizer, Position, type NodeProps } from "@xyflow/react";
import { createContext, memo, useContext } from "react";

import { MarkBadges } from "./badges";
import type { BoundaryNode as BoundaryNodeType, ComponentNode as ComponentNodeType } from "./canvas";
import { KindIcon } from "./icons";
import { useLook } from "./looks";
import { toneOf } from "./questions";

/** Called when a boundary's resize ends, with its id (the canvas sends `set_boundary_layout`). */
export const BoundaryResizeContext = createContext<(id: string) => void>(() => undefined);

function ComponentNodeView({ id, data, selected }: NodeProps<ComponentNodeType>) {
  // Risk, questions and emphasis come from the live looks, which follow a snapshot without
  // waiting for React Flow's own update of the node data (see ./looks.ts).
  const look = useLook(id, data);
  const { risk, questions, emphasis } = look;
  const tone = toneOf(look);
  const classes = ["component-node", `component-node--${emphasis}`];
  if (risk) classes.push(`component-node--risk-${risk}`);
  else if (tone === "question") classes.push("component-node--question");
  if (selected) classes.push("component-node--selected");
  return (
    <div className={classes.join(" ")} data-testid={`node-${id}`} data-risk={risk ?? "none"} data-questions={questions} data-emphasis={emphasis}>
      <Handle type="target" position={Position.Left} className="component-node__handle" data-testid={`target-${id}`} />
      <div className="component-node__icon">
        <KindIcon name={data.icon} size={20} />
      </div>
      <div className="component-node__text">
        <div className="component-node__label" title={data.label}>
          {data.label}
        </div>
        <div className="component-node__kind">{data.kindLabel}</div>
      </div>
      <MarkBadges look={look} testId={`badge-${id}`} />
      <Handle type="source" position={Position.Right} className="component-node__handle" data-testid={`source-${id}`} />
    </div>
  );
}

function BoundaryNodeView({ id, data, selected }: NodeProps<BoundaryNodeType>) {
  const resized = useContext(BoundaryResizeContext);
  return (
    <div className={`boundary-node boundary-node--${data.trust} boundary-node--${data.emphasis}`} data-testid={`boundary-${id}`}>
      <NodeResizer isVisible={selected} minWidth={160} minHeight={100} lineClassName="boundary-node__resize-line" handleClassName="boundary-node__resize-handle" onResizeEnd={() => { resized(id); }} />
      <div className="boundary-node__header">
        <span className="boundary-node__label">{data.label}</span>
        <span className={`trust-chip trust-chip--${data.trust}`}>{data.trustLabel}</span>
      </div>
    </div>
  );
}

export const ComponentNode = memo(ComponentNodeView);
export const BoundaryNode = memo(BoundaryNodeView);
export const nodeTypes = { component: ComponentNode, boundary: BoundaryNode };
