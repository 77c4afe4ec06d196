import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useNodesState,
  type NodeTypes,
} from "@xyflow/react";
import { useCallback, useEffect, useMemo, useState } from "react";

import logoUrl from "../../icons/icon.svg";
import { commands, type ArchitectureData } from "./bindings";
import { ComponentNode } from "./ComponentNode";
import { describeError } from "./errors";
import { toEdges, toNodes, withViewState, type ComponentNode as ComponentNodeType } from "./graph";
import { Inspector } from "./Inspector";

const nodeTypes: NodeTypes = { component: ComponentNode };

type Load = { state: "loading" } | { state: "failed"; message: string } | { state: "ready" };

export function App() {
  const [architecture, setArchitecture] = useState<ArchitectureData | null>(null);
  const [load, setLoad] = useState<Load>({ state: "loading" });
  const [nodes, setNodes, onNodesChange] = useNodesState<ComponentNodeType>([]);

  /** Shows a new version of the architecture, keeping what the user did to the view. */
  const show = useCallback(
    (next: ArchitectureData) => {
      setArchitecture(next);
      setNodes((previous) => withViewState(toNodes(next), previous));
    },
    [setNodes],
  );

  useEffect(() => {
    commands
      .currentArchitecture()
      .then((data) => {
        show(data);
        setLoad({ state: "ready" });
      })
      .catch((error: unknown) => {
        setLoad({ state: "failed", message: describeError(error) });
      });
  }, [show]);

  const rename = useCallback(
    async (id: string, label: string): Promise<string | null> => {
      try {
        const result = await commands.renameComponent(id, label);
        if (result.status === "error") return describeError(result.error);
        show(result.data);
        return null;
      } catch (error) {
        return describeError(error);
      }
    },
    [show],
  );

  const edges = useMemo(() => (architecture ? toEdges(architecture) : []), [architecture]);
  const selectedId = nodes.find((node) => node.selected)?.id;
  const selected = architecture?.components.find((component) => component.id === selectedId);

  return (
    <div className="app">
      <header className="toolbar">
        <img className="toolbar__logo" src={logoUrl} alt="" width={28} height={28} />
        <span className="toolbar__product">Lensboard</span>
        <span className="toolbar__divider" aria-hidden="true" />
        <h1 className="toolbar__title">{architecture?.name ?? "Loading…"}</h1>
        {architecture && (
          <span className="toolbar__meta">
            {architecture.components.length} components · {architecture.flows.length} flows
          </span>
        )}
      </header>
      <main className="workspace">
        <section className="canvas" aria-label="Architecture canvas">
          {load.state === "failed" ? (
            <p className="canvas__message" role="alert">
              The architecture could not be loaded. {load.message}
            </p>
          ) : (
            <ReactFlow
              nodes={nodes}
              edges={edges}
              nodeTypes={nodeTypes}
              onNodesChange={onNodesChange}
              nodesConnectable={false}
              fitView
              fitViewOptions={{ padding: 0.2 }}
              minZoom={0.2}
            >
              <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
              <MiniMap pannable zoomable nodeColor="#99c7c1" nodeBorderRadius={4} maskColor="rgb(15 29 51 / 0.08)" />
              <Controls showInteractive={false} />
            </ReactFlow>
          )}
        </section>
        {architecture && <Inspector architecture={architecture} selected={selected} onRename={rename} />}
      </main>
    </div>
  );
}
