// The canvas's flow edge: React Flow's smooth-step edge (its path, arrow and label) plus the
// flow's badges when it has questions to answer, drawn at the middle of the path (above the
// label, when it has one). Memoised and registered at module level like the nodes; it draws
// what the edge data says.
import { EdgeLabelRenderer, getSmoothStepPath, SmoothStepEdge, type EdgeProps } from "@xyflow/react";
import { memo } from "react";

import { MarkBadges } from "./badges";
import type { FlowEdge } from "./canvas";

/** How far above a flow's label its badges sit, so that neither hides the other. */
const ABOVE_LABEL = 20;

function FlowEdgeView(props: EdgeProps<FlowEdge>) {
  const { id, data, label, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition } = props;
  // Only a flow with questions gets badges of its own: the colour says the rest (the count of
  // findings the drawing shows is in the inspector), and thousands of flows stay plain edges.
  const badges = data && data.questions > 0;
  let at = null;
  if (badges) {
    const [, x, y] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
    at = { x, y: label ? y - ABOVE_LABEL : y };
  }
  return (
    <>
      <SmoothStepEdge {...props} />
      {data && at && (
        <EdgeLabelRenderer>
          <div className={`edge-badges edge-badges--${data.emphasis} nodrag nopan`} style={{ transform: `translate(-50%, -50%) translate(${at.x}px, ${at.y}px)` }}>
            <MarkBadges look={data} testId={`edge-badge-${id}`} />
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const FlowEdgeComponent = memo(FlowEdgeView);
export const edgeTypes = { flow: FlowEdgeComponent };
