// The editor window: toolbar, palette, canvas, inspector and findings. The UI never changes its
// own copy of the architecture: every action is an edit command, and what is drawn is the
// snapshot Rust returns (architecture + findings). The window's parts are hooks and components
// in ./editor (their pure logic in plain, tested modules); this file puts them together.
import { ReactFlowProvider } from "@xyflow/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import type { DocumentSnapshot, Finding, OpenQuestion } from "./editor/api";
import { Canvas } from "./editor/Canvas";
import { highlightOf, needsInitialLayout, subjectOf, type CanvasLabels } from "./editor/canvas";
import { FindingsPanel } from "./editor/FindingsPanel";
import { trailHighlight, type Trail } from "./editor/held";
import { Inspector } from "./editor/Inspector";
import { factsOf, isEnabled } from "./editor/menu";
import { Palette } from "./editor/Palette";
import { questionText } from "./editor/questions";
import { RecoveryBanner } from "./editor/RecoveryBanner";
import { selectionOf } from "./editor/state";
import { Toasts } from "./editor/Toasts";
import { Toolbar } from "./editor/Toolbar";
import { useCanvas } from "./editor/useCanvas";
import { useCanvasEdits } from "./editor/useCanvasEdits";
import { useClipboard } from "./editor/useClipboard";
import { useDocument } from "./editor/useDocument";
import { useFileCommands, type Replaced } from "./editor/useFileCommands";
import { useMenuActions, type MenuActions } from "./editor/useMenuActions";
import { useRecovery } from "./editor/useRecovery";
import { useTheme } from "./editor/useTheme";
import { useToasts } from "./editor/useToasts";
import { ExportFormatDialog, ImportChoiceDialog, ImportReportDialog } from "./exchange/ExchangeDialogs";
import { useExchange } from "./exchange/useExchange";
import { ConflictsPanel } from "./review/ConflictsPanel";
import { ReviewTools, useReviewTools } from "./review/ReviewTools";

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
  // The way some data came to a component, highlighted from the inspector's "Data held".
  const [trail, setTrail] = useState<Trail | null>(null);
  const clearHighlight = useCallback(() => {
    setActiveFindingId(null);
    setTrail(null);
  }, []);
  // Auto-layout for the start-up snapshot, which arrives before the layout callback exists.
  const layoutRef = useRef<() => void>(() => undefined);
  const onLoaded = useCallback((snap: DocumentSnapshot) => {
    // A file named on the command line opens like File › Open: unpositioned JSON is laid out.
    if (needsInitialLayout(snap)) layoutRef.current();
  }, []);
  const doc = useDocument({ draw: canvas.draw, notify, onLoaded, onRefreshed: clearHighlight });
  const { catalog, snapshot, snapshotRef, run, undo, redo } = doc;
  const edits = useCanvasEdits({ doc, notify, selectedRef, select });
  const { layout, zoomToFit, reveal, removeSelection, selectAll } = edits;
  useEffect(() => {
    layoutRef.current = layout;
  }, [layout]);
  const { clipboardFull, holdsComponents, copy, cut, paste, duplicate } = useClipboard({ snapshotRef, apply: doc.apply, notify, selectedRef, select, removeSelection });
  const onReplaced = useCallback(
    (how: Replaced) => {
      clearHighlight();
      select([]);
      if (how === "new") return;
      // An imported architecture without any position (hand-written JSON) is laid out once, as
      // one undoable edit; a review file keeps the layout it was saved with.
      const opened = snapshotRef.current;
      if (opened && needsInitialLayout(opened)) layout();
      else window.setTimeout(zoomToFit, 50);
    },
    [clearHighlight, select, snapshotRef, layout, zoomToFit],
  );
  const files = useFileCommands({ doc, notify, onReplaced });
  const { newFile, openFile, saveFile, saveAs } = files;
  const exchange = useExchange({ doc, notify, mayReplace: files.mayReplace, onReplaced });
  const { importFile, exportFile } = exchange;
  const { recovery, restore, discard } = useRecovery({ run, notify });

  const activeFinding = useMemo(() => snapshot?.findings.find((f) => f.id === activeFindingId) ?? null, [snapshot, activeFindingId]);

  const labels = useMemo<CanvasLabels>(() => {
    const kinds = new Map((catalog?.kinds ?? []).map((k) => [k.id, k]));
    const trusts = new Map((catalog?.boundary_trusts ?? []).map((t) => [t.id, t.label]));
    return { kind: (id) => kinds.get(id), trust: (t) => trusts.get(t) ?? t };
  }, [catalog]);

  // A new catalog, highlighted finding or trail redraws the canvas (snapshots draw it as they
  // arrive).
  const { decorate } = canvas;
  useEffect(() => {
    decorate({ labels, activeFinding: activeFindingId, trail });
  }, [labels, activeFindingId, trail, decorate]);

  /** A finding's open question in words, with the catalog's labels (see `questionText`). */
  const describeQuestion = useCallback(
    (question: OpenQuestion, about?: string) => (snapshot && catalog ? questionText(question, snapshot.architecture, catalog, about) : question.property),
    [snapshot, catalog],
  );

  const reviewTools = useReviewTools({ title: snapshot?.title ?? "Untitled", notify });
  const { setTemplatesOpen, setLensOpen, exportReport, compareWith } = reviewTools;

  // What each menu item does, whether chosen in the menu, by its key or on the toolbar.
  const actions = useMemo<MenuActions>(
    () => ({
      new: () => void newFile(),
      new_from_template: () => { setTemplatesOpen(true); },
      open: () => void openFile(),
      open_recent: (path) => void openFile(path),
      save: () => void saveFile(),
      save_as: () => void saveAs(),
      import: (path) => void importFile(path),
      export: exportFile,
      export_report: exportReport,
      compare_with: (path) => void compareWith(path),
      undo,
      redo,
      cut,
      copy,
      paste,
      duplicate,
      delete: removeSelection,
      select_all: selectAll,
      zoom_to_fit: zoomToFit,
      auto_layout: layout,
      toggle_theme: toggleTheme,
      toggle_lens_view: () => { setLensOpen((open) => !open); },
      about: () => { notify("Lensboard — reviews generative-AI architectures against the AWS Well-Architected Generative AI Lens.", "info"); },
    }),
    [newFile, setTemplatesOpen, openFile, saveFile, saveAs, importFile, exportFile, exportReport, compareWith, undo, redo, cut, copy, paste, duplicate, removeSelection, selectAll, zoomToFit, layout, toggleTheme, setLensOpen, notify],
  );
  // The conditions of the menu's items when one is chosen (the refs are ahead of the render).
  const factsNow = useCallback(() => factsOf(snapshotRef.current, { selection: selectedRef.current.size > 0, clipboard: holdsComponents() }), [snapshotRef, selectedRef, holdsComponents]);
  const shown = { selection: canvas.selectedIds.length > 0, clipboard: clipboardFull };
  const perform = useMenuActions({ actions, facts: factsNow, canvas: shown, onEscape: clearHighlight });
  const facts = factsOf(snapshot, shown);

  // Picking a finding highlights its witness path and brings it into view.
  const pickFinding = useCallback(
    (finding: Finding | null) => {
      setActiveFindingId(finding?.id ?? null);
      setTrail(null);
      const subject = finding ? subjectOf(finding) : undefined;
      select(subject ? [subject.id] : []);
      if (finding) reveal(highlightOf(finding).components);
    },
    [select, reveal],
  );

  // Showing the way a component's data came highlights those flows (again: hides them).
  const showTrail = useCallback(
    (next: Trail) => {
      const same = trail?.component === next.component && trail.personal === next.personal;
      setActiveFindingId(null);
      setTrail(same ? null : next);
      const snap = snapshotRef.current;
      const shown = !same && snap ? trailHighlight(snap.data_held, snap.architecture, next) : null;
      if (shown) reveal(shown.components);
    },
    [trail, snapshotRef, reveal],
  );

  // Picking a merge conflict selects its element (the inspector shows it for editing) and
  // brings it into view.
  const revealConflict = useCallback(
    (target: { select: string[]; components: string[] }) => {
      clearHighlight();
      select(target.select);
      if (target.components.length > 0) reveal(target.components);
    },
    [clearHighlight, select, reveal],
  );

  const selection = useMemo(() => (snapshot ? selectionOf(snapshot.architecture, canvas.selectedIds) : null), [canvas.selectedIds, snapshot]);

  return (
    <div className={`app theme-${theme}`} data-theme={theme}>
      <Toolbar snapshot={snapshot} theme={theme} busy={doc.busy} recent={files.recent} refreshRecent={files.refreshRecent} perform={perform} enabled={(item) => isEnabled(item, facts)} />
      {recovery && <RecoveryBanner recovery={recovery} onRestore={() => void restore()} onDiscard={() => void discard()} />}
      <main className="workspace">
        {catalog ? <Palette catalog={catalog} onAdd={edits.addAtCentre} onAddPreset={edits.addPresetAtCentre} onAddBoundary={edits.addBoundaryAtCentre} /> : <aside className="palette" />}
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
          {snapshot && <ConflictsPanel snapshot={snapshot} show={doc.show} notify={notify} onReveal={revealConflict} />}
          {snapshot && catalog && <Inspector key={selection ? selection.id : "none"} snapshot={snapshot} catalog={catalog} selection={selection} apply={doc.apply} onPickFinding={pickFinding} trail={trail} onShowTrail={showTrail} />}
          {snapshot && <FindingsPanel snapshot={snapshot} active={activeFinding} onPick={pickFinding} describeQuestion={describeQuestion} />}
          {snapshot && <ReviewTools snapshot={snapshot} activeFinding={activeFinding} show={doc.show} notify={notify} mayReplace={files.mayReplace} afterReplace={() => { window.setTimeout(zoomToFit, 50); }} tools={reviewTools} />}
        </aside>
      </main>
      {exchange.pendingImport && (
        <ImportChoiceDialog
          path={exchange.pendingImport.path}
          suggested={exchange.pendingImport.suggested}
          importedFrom={snapshot?.imported_from ?? null}
          onPick={(mode) => { if (exchange.pendingImport) void exchange.importAs(exchange.pendingImport.path, mode); }}
          onClose={exchange.cancelImport}
        />
      )}
      {exchange.report && snapshot && <ImportReportDialog outcome={exchange.report} snapshot={snapshot} onClose={exchange.closeReport} />}
      {exchange.pendingExport && <ExportFormatDialog onPick={(format) => void exchange.exportAs(format)} onClose={exchange.cancelExport} />}
      <Toasts toasts={toasts} />
    </div>
  );
}
