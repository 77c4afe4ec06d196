// The editor window: toolbar, palette, canvas, inspector and findings. The UI never changes its
// own copy of the architecture: every action is an edit command, and what is drawn is the
// snapshot Rust returns (architecture + findings). The window's parts are hooks and components
// in ./editor (their pure logic in plain, tested modules); this file puts them together.
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { events } from "./bindings";
import { api, type DocumentSnapshot, type Finding, type MenuAction } from "./editor/api";
import { Canvas } from "./editor/Canvas";
import { needsInitialLayout, subjectOf, type CanvasLabels } from "./editor/canvas";
import { FindingsPanel } from "./editor/FindingsPanel";
import { Inspector } from "./editor/Inspector";
import { stopListening } from "./editor/listen";
import { Palette } from "./editor/Palette";
import { RecoveryBanner } from "./editor/RecoveryBanner";
import { selectionOf } from "./editor/state";
import { Toasts } from "./editor/Toasts";
import { Toolbar } from "./editor/Toolbar";
import { useCanvas } from "./editor/useCanvas";
import { useCanvasEdits } from "./editor/useCanvasEdits";
import { useClipboard } from "./editor/useClipboard";
import { useDocument } from "./editor/useDocument";
import { useFileCommands, type Replaced } from "./editor/useFileCommands";
import { useRecovery } from "./editor/useRecovery";
import { useTheme } from "./editor/useTheme";
import { useToasts } from "./editor/useToasts";
import { ReviewTools } from "./review/ReviewTools";

function inTextField(): boolean {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

export function App() {
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}

function Editor() {
  const { toasts, notify } = useToasts();
  const { theme, toggleTheme } = useTheme();
  const canvas = useCanvas();
  const { select, selectedRef } = canvas;
  const [activeFindingId, setActiveFindingId] = useState<string | null>(null);
  const clearHighlight = useCallback(() => {
    setActiveFindingId(null);
  }, []);
  // Auto-layout for the start-up snapshot, which arrives before the layout callback exists.
  const layoutRef = useRef<() => void>(() => undefined);
  const onLoaded = useCallback((snap: DocumentSnapshot) => {
    // A file named on the command line opens like File › Open: unpositioned JSON is laid out.
    if (needsInitialLayout(snap)) layoutRef.current();
  }, []);
  const doc = useDocument({ draw: canvas.draw, notify, onLoaded, onRefreshed: clearHighlight });
  const { catalog, snapshot, snapshotRef, run } = doc;
  const edits = useCanvasEdits({ doc, notify, selectedRef, select });
  const { layout, zoomToFit, removeSelection, selectAll } = edits;
  useEffect(() => {
    layoutRef.current = layout;
  }, [layout]);
  const { clipboardFull, copy, cut, paste, duplicate } = useClipboard({ snapshotRef, apply: doc.apply, notify, selectedRef, select, removeSelection });
  const onReplaced = useCallback(
    (how: Replaced) => {
      setActiveFindingId(null);
      select([]);
      if (how === "new") return;
      // An imported architecture without any position (hand-written JSON) is laid out once, as
      // one undoable edit; a review file keeps the layout it was saved with.
      const opened = snapshotRef.current;
      if (opened && needsInitialLayout(opened)) layout();
      else window.setTimeout(zoomToFit, 50);
    },
    [select, snapshotRef, layout, zoomToFit],
  );
  const files = useFileCommands({ doc, notify, onReplaced });
  const { newFile, openFile, saveFile, saveAs } = files;
  const { recovery, restore, discard } = useRecovery({ run, notify });
  const lastAction = useRef<{ action: string; at: number }>({ action: "", at: 0 });

  const activeFinding = useMemo(() => snapshot?.findings.find((f) => f.id === activeFindingId) ?? null, [snapshot, activeFindingId]);

  const labels = useMemo<CanvasLabels>(() => {
    const kinds = new Map((catalog?.kinds ?? []).map((k) => [k.id, k]));
    const trusts = new Map((catalog?.boundary_trusts ?? []).map((t) => [t.id, t.label]));
    return { kind: (id) => kinds.get(id), trust: (t) => trusts.get(t) ?? t };
  }, [catalog]);

  // A new catalog or highlighted finding redraws the canvas (snapshots draw it as they arrive).
  const { decorate } = canvas;
  useEffect(() => {
    decorate({ labels, activeFinding: activeFindingId });
  }, [labels, activeFindingId, decorate]);

  // The native menu greys out Cut/Copy/Duplicate/Delete without a selection and Paste with an
  // empty clipboard (the document's part of its state comes with every command).
  useEffect(() => {
    api.setMenuContext(canvas.selectedIds.length > 0, clipboardFull).catch(() => undefined);
  }, [canvas.selectedIds, clipboardFull]);

  const undo = useCallback(() => {
    void run(api.undo).then((e) => {
      if (e) notify(e);
    });
  }, [run, notify]);
  const redo = useCallback(() => {
    void run(api.redo).then((e) => {
      if (e) notify(e);
    });
  }, [run, notify]);

  /** Performs an action once even when both the key and the native menu accelerator report it. */
  const perform = useCallback(
    (action: MenuAction["action"], path: string | null = null) => {
      const now = Date.now();
      if (lastAction.current.action === action && now - lastAction.current.at < 250) return;
      lastAction.current = { action, at: now };
      if (inTextField() && ["undo", "redo", "cut", "copy", "paste", "select_all", "delete"].includes(action)) {
        // The native menu's accelerators take these keys before the page does, so the text
        // field's own command is performed here; execCommand is the only way to do that.
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        if (action === "select_all") document.execCommand("selectAll");
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        else if (action !== "delete") document.execCommand(action);
        return;
      }
      switch (action) {
        case "new": void newFile(); break;
        case "open": void openFile(); break;
        case "open_recent": void openFile(path); break;
        case "save": void saveFile(); break;
        case "save_as": void saveAs(); break;
        // Like the greyed-out menu items, the keys do nothing when there is nothing to undo/redo.
        case "undo": if (snapshotRef.current?.can_undo) undo(); break;
        case "redo": if (snapshotRef.current?.can_redo) redo(); break;
        case "cut": cut(); break;
        case "copy": copy(); break;
        case "paste": paste(); break;
        case "duplicate": duplicate(); break;
        case "delete": removeSelection(); break;
        case "select_all": selectAll(); break;
        case "zoom_to_fit": zoomToFit(); break;
        case "auto_layout": layout(); break;
        case "toggle_theme": toggleTheme(); break;
        case "about": notify("Lensboard — reviews generative-AI architectures against the AWS Well-Architected Generative AI Lens.", "info"); break;
      }
    },
    [newFile, openFile, saveFile, saveAs, snapshotRef, undo, redo, cut, copy, paste, duplicate, removeSelection, selectAll, zoomToFit, layout, toggleTheme, notify],
  );

  useEffect(() => {
    const unlisten = events.menuAction.listen((event) => {
      perform(event.payload.action, event.payload.path);
    });
    return () => {
      stopListening(unlisten);
    };
  }, [perform]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        clearHighlight();
        return;
      }
      if (inTextField()) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      let action: MenuAction["action"] | null = null;
      if (!mod && (event.key === "Delete" || event.key === "Backspace")) action = "delete";
      else if (mod && key === "z") action = event.shiftKey ? "redo" : "undo";
      else if (mod && key === "y") action = "redo";
      else if (mod && !event.shiftKey && key === "c") action = "copy";
      else if (mod && !event.shiftKey && key === "x") action = "cut";
      else if (mod && !event.shiftKey && key === "v") action = "paste";
      else if (mod && !event.shiftKey && key === "d") action = "duplicate";
      else if (mod && !event.shiftKey && key === "a") action = "select_all";
      if (!action) return;
      event.preventDefault();
      perform(action);
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, [perform, clearHighlight]);

  const pickFinding = useCallback(
    (finding: Finding | null) => {
      setActiveFindingId(finding?.id ?? null);
      const subject = finding ? subjectOf(finding) : undefined;
      select(subject ? [subject.id] : []);
    },
    [select],
  );

  const selection = useMemo(() => (snapshot ? selectionOf(snapshot.architecture, canvas.selectedIds) : null), [canvas.selectedIds, snapshot]);

  return (
    <div className={`app theme-${theme}`} data-theme={theme}>
      <Toolbar
        snapshot={snapshot}
        theme={theme}
        busy={doc.busy}
        recent={files.recent}
        refreshRecent={files.refreshRecent}
        newFile={() => void newFile()}
        openFile={(path) => void openFile(path)}
        saveFile={() => void saveFile()}
        saveAs={() => void saveAs()}
        undo={undo}
        redo={redo}
        layout={layout}
        zoomToFit={zoomToFit}
        toggleTheme={toggleTheme}
      />
      {recovery && <RecoveryBanner recovery={recovery} onRestore={() => void restore()} onDiscard={() => void discard()} />}
      <main className="workspace">
        {catalog ? <Palette catalog={catalog} onAdd={edits.addAtCentre} onAddBoundary={edits.addBoundaryAtCentre} /> : <aside className="palette" />}
        <Canvas
          sectionRef={edits.canvasRef}
          nodes={canvas.nodes}
          edges={canvas.edges}
          theme={theme}
          failure={doc.failure}
          empty={!!snapshot && snapshot.architecture.components.length === 0}
          onNodesChange={canvas.onNodesChange}
          onEdgesChange={canvas.onEdgesChange}
          onConnect={edits.onConnect}
          onNodeDragStop={edits.onNodeDragStop}
          onSelectionChange={canvas.onSelectionChange}
          onPaneClick={clearHighlight}
          onBoundaryResized={edits.onBoundaryResized}
          onDragOver={edits.onDragOver}
          onDrop={edits.onDrop}
        />
        <aside className="sidebar">
          {snapshot && catalog && <Inspector key={selection ? selection.id : "none"} snapshot={snapshot} catalog={catalog} selection={selection} apply={doc.apply} onPickFinding={pickFinding} />}
          {snapshot && <FindingsPanel snapshot={snapshot} active={activeFinding} onPick={pickFinding} />}
          {snapshot && <ReviewTools snapshot={snapshot} activeFinding={activeFinding} show={doc.show} notify={notify} mayReplace={files.mayReplace} afterReplace={() => { window.setTimeout(zoomToFit, 50); }} />}
        </aside>
      </main>
      <Toasts toasts={toasts} />
    </div>
  );
}
