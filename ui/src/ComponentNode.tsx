import { Handle, Position, type NodeProps } from "@xyflow/react";

import type { ComponentNode as ComponentNodeType } from "./graph";

/** A component on the canvas: its kind above its label. Labels are always rendered as text. */
export function ComponentNode({ data, selected }: NodeProps<ComponentNodeType>) {
  return (
    <div className={selected ? "component-node component-node--selected" : "component-node"}>
      <Handle type="target" position={Position.Left} />
      <div className="component-node__kind" title={data.kind}>
        {data.kindLabel}
      </div>
      <div className="component-node__label">{data.label}</div>
      <Handle type="source" position={Position.Right} />
    </div>
  );
}
