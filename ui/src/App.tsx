// The editor window: toolbar, palette, canvas, inspector and findings. The UI never changes its
// own copy of the architecture: every action is an edit command, and what is drawn is the
// snapshot Rust returns (architecture + findings). Logic lives in ./editor/*.ts (tested); this
// file wires it to React Flow and the window.
import {
  Background,
  BackgroundVariant,
  ConnectionLineType,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  SelectionMode,
  useEdgesState,
  useNodesState,
  useReactFlow,
  useStore,
  type Connection,
  type Node,
  type OnSelectionChangeParams,
} from "@xyflow/react";
import {
  FilePlus,
  FolderOpen,
  History,
  LayoutGrid,
  LoaderCircle,
  Maximize,
  Moon,
  Redo2,
  Save,
  SaveAll,
  Sun,
  Undo2,
} from "lucide-react";
import { startTransition, useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from "react";

import logoUrl from "../../icons/icon.svg";
import { events } from "./bindings";
import { api, type Catalog, type DocumentSnapshot, type Edit, type Finding, type MenuAction, type RecoveryInfo } from "./editor/api";
import { boundaryRects, componentPositions, highlightOf, needsInitialLayout, reuseEdges, reuseNodes, subjectOf, toEdges, toNodes, type CanvasLabels, type CanvasNode, type FlowEdge } from "./editor/canvas";
import { addBoundaryEdit, addComponentEdit, addFlowEdit, asOne, copySelection, deleteEdits, dragEndEdits, pasteEdits, type Clipboard } from "./editor/edits";
import { askUnsaved, chooseFileToOpen, chooseFileToSave, fileName } from "./editor/files";
import { FindingsPanel } from "./editor/FindingsPanel";
import { Inspector, type Selection } from "./editor/Inspector";
import { autoLayout } from "./editor/layout";
import { looks, type Look } from "./editor/looks";
import { BoundaryResizeContext, nodeTypes } from "./editor/nodes";
import { BOUNDARY_MIME, KIND_MIME, Palette } from "./editor/Palette";
import { describeError, isAppError } from "./errors";
import { ReviewTools } from "./review/ReviewTools";

type Theme = "light" | "dark";
type Toast = { id: number; text: string; kind: "error" | "info" };
const THEME_KEY = "lensboard.theme";
const LARGE = 150;
/** A command's progress indicator shows once it has taken this long. */
const BUSY_AFTER_MS = 150;
/** Below this zoom, labels are too small to read: nodes are drawn as coloured boxes only (a
 * canvas of 1,000 components pans and zooms at fit without painting thousands of texts). */
const FAR_ZOOM = 0.25;

/** A performance mark for the app benchmark (tests/e2e/perf.js), replacing the previous one of
 * that name so that a long session does not pile them up. */
function mark(name: string) {
  performance.clearMarks(name);
  performance.mark(name);
}

/** The minimap draws a component in its risk colour (module level: one function for good). */
function minimapClass(node: Node): string {
  return `minimap-node minimap-node--${node.type === "component" ? ((node.data as { risk: string | null }).risk ?? "none") : "boundary"}`;
}

/** Tells the editor when the zoom crosses FAR_ZOOM (it re-renders only then, not every frame). */
function ZoomDetail({ onFar }: { onFar: (far: boolean) => void }) {
  const far = useStore((state) => state.transform[2] < FAR_ZOOM);
  useEffect(() => {
    onFar(far);
  }, [far, onFar]);
  return null;
}

function storedTheme(): Theme {
  try {
    return localStorage.getItem(THEME_KEY) === "dark" ? "dark" : "light";
  } catch {
    return "light";
  }
}

function inTextField(): boolean {
  const el = document.activeElement;
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName);
}

/** Stops an event listener; the mocked event plugin of the unit tests rejects, which is harmless. */
function stopListening(pending: Promise<() => void>) {
  pending
    .then(async (stop) => {
      // Tauri's unlisten function returns the promise of its IPC call, though typed as void.
      const stopping = stop as unknown as () => Promise<void> | undefined;
      await stopping();
    })
    .catch(() => undefined);
}

declare global {
  interface Window {
    /** For end-to-end tests: re-reads the snapshot after a command invoked from outside the UI. */
    __LENSBOARD__?: { refresh: () => Promise<void> };
  }
}

export function App() {
  return (
    <ReactFlowProvider>
      <Editor />
    </ReactFlowProvider>
  );
}

function Editor() {
  const flow = useReactFlow<CanvasNode, FlowEdge>();
  const [catalog, setCatalog] = useState<Catalog | null>(null);
  const [snapshot, setSnapshot] = useState<DocumentSnapshot | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [nodes, setNodes, onNodesChange] = useNodesState<CanvasNode>([]);
  const [edges, setEdges, onEdgesChange] = useEdgesState<FlowEdge>([]);
  const [selectedIds, setSelectedIds] = useState<string[]>([]);
  const [activeFindingId, setActiveFindingId] = useState<string | null>(null);
  const [pending, setPending] = useState(0);
  const [busyLabel, setBusyLabel] = useState<string | null>(null);
  // Auto-layout for the start-up effect, which runs before the callback below exists.
  const layoutRef = useRef<() => void>(() => undefined);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [recovery, setRecovery] = useState<RecoveryInfo | null>(null);
  const [recent, setRecent] = useState<string[]>([]);
  const [recentOpen, setRecentOpen] = useState(false);
  const [theme, setTheme] = useState<Theme>(storedTheme);
  const [far, setFar] = useState(false);
  const revision = useRef(-1);
  const snapshotRef = useRef<DocumentSnapshot | null>(null);
  const selectedRef = useRef<Set<string>>(new Set());
  const clipboard = useRef<Clipboard | null>(null);
  const [clipboardFull, setClipboardFull] = useState(false);
  const lastAction = useRef<{ action: string; at: number }>({ action: "", at: 0 });
  const canvasRef = useRef<HTMLDivElement>(null);

  const notify = useCallback((text: string, kind: Toast["kind"] = "error") => {
    const id = Date.now() + Math.random();
    setToasts((list) => [...list.slice(-2), { id, text, kind }]);
    window.setTimeout(() => {
      setToasts((list) => list.filter((t) => t.id !== id));
    }, kind === "error" ? 8000 : 3500);
  }, []);

  /** What the canvas draws besides the snapshot (kept in refs so that a snapshot is drawn in the
   * same render as it arrives). */
  const labelsRef = useRef<CanvasLabels>({ kind: () => undefined, trust: (t) => t });
  const activeFindingRef = useRef<string | null>(null);

  /** Redraws the canvas from `snap`. Elements that did not change keep their objects, so an edit
   * re-renders only the nodes and edges it changed (React Flow's performance guidance). */
  const draw = useCallback(
    (snap: DocumentSnapshot) => {
      const active = activeFindingRef.current === null ? undefined : snap.findings.find((f) => f.id === activeFindingRef.current);
      const input = {
        architecture: snap.architecture,
        marks: snap.marks,
        labels: labelsRef.current,
        highlight: active ? highlightOf(active) : null,
        selected: selectedRef.current,
      };
      const nextNodes = toNodes(input);
      const nextEdges = toEdges(input);
      // Risk colours first: the nodes read them from the looks store right away.
      const next = new Map<string, Look>();
      for (const n of nextNodes) if (n.type === "component") next.set(n.id, { risk: n.data.risk, count: n.data.count, emphasis: n.data.emphasis });
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

  /** Shows a snapshot unless a newer one is already shown (`force` after open/new): the risk
   * colours at once, the panels and the rest of the canvas as a transition right after. */
  const show = useCallback(
    (next: DocumentSnapshot, force = false) => {
      if (!force && next.revision < revision.current) return;
      // For the app benchmark (tests/e2e/perf.js): when a command's snapshot reached the UI.
      mark("lensboard:snapshot");
      revision.current = next.revision;
      snapshotRef.current = next;
      draw(next);
      startTransition(() => {
        setSnapshot(next);
      });
    },
    [draw],
  );

  /** Runs a command with the progress indicator; resolves to null or the message of its error.
   * The indicator appears only when the command takes longer than BUSY_AFTER_MS: a quick edit
   * does not redraw the window twice (once for "working", once for the result). */
  const run = useCallback(
    async (work: () => Promise<DocumentSnapshot>, label: string | null = null, force = false): Promise<string | null> => {
      const indicator = { shown: false };
      const timer = window.setTimeout(() => {
        indicator.shown = true;
        setPending((n) => n + 1);
        if (label) setBusyLabel(label);
      }, BUSY_AFTER_MS);
      try {
        show(await work(), force);
        return null;
      } catch (error) {
        return describeError(error);
      } finally {
        window.clearTimeout(timer);
        if (indicator.shown) {
          setPending((n) => n - 1);
          if (label) setBusyLabel(null);
        }
      }
    },
    [show],
  );

  const apply = useCallback((edit: Edit) => run(() => api.applyEdit(edit), snapshotRef.current && snapshotRef.current.architecture.components.length > LARGE ? "Evaluating…" : null), [run]);
  const applyOrNotify = useCallback(
    (edit: Edit | null) => {
      if (!edit) return;
      void apply(edit).then((error) => {
        if (error) notify(error);
      });
    },
    [apply, notify],
  );

  // Start-up: catalog, snapshot, recovery offer, recent files.
  useEffect(() => {
    let cancelled = false;
    Promise.all([api.catalog(), api.snapshot()])
      .then(([cat, snap]) => {
        if (cancelled) return;
        setCatalog(cat);
        show(snap, true);
        // A file named on the command line opens like File › Open: unpositioned JSON is laid out.
        if (needsInitialLayout(snap)) layoutRef.current();
      })
      .catch((error: unknown) => {
        if (!cancelled) setFailure(describeError(error));
      });
    api.recovery().then((info) => {
      if (!cancelled) setRecovery(info);
    }, () => undefined);
    api.recentFiles().then((files) => {
      if (!cancelled) setRecent(files);
    }, () => undefined);
    window.__LENSBOARD__ = {
      refresh: async () => {
        show(await api.snapshot(), true);
        setActiveFindingId(null);
      },
    };
    return () => {
      cancelled = true;
    };
  }, [show]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    try {
      localStorage.setItem(THEME_KEY, theme);
    } catch {
      // storage unavailable: the theme just is not remembered
    }
  }, [theme]);

  const activeFinding = useMemo(() => snapshot?.findings.find((f) => f.id === activeFindingId) ?? null, [snapshot, activeFindingId]);

  const labels = useMemo<CanvasLabels>(() => {
    const kinds = new Map((catalog?.kinds ?? []).map((k) => [k.id, k]));
    const trusts = new Map((catalog?.boundary_trusts ?? []).map((t) => [t.id, t.label]));
    return { kind: (id) => kinds.get(id), trust: (t) => trusts.get(t) ?? t };
  }, [catalog]);

  // A new catalog or highlighted finding redraws the canvas (snapshots draw it in show()).
  useEffect(() => {
    labelsRef.current = labels;
    activeFindingRef.current = activeFindingId;
    if (snapshotRef.current) draw(snapshotRef.current);
  }, [labels, activeFindingId, draw]);

  // The native menu greys out Cut/Copy/Duplicate/Delete without a selection and Paste with an
  // empty clipboard (the document's part of its state comes with every command).
  useEffect(() => {
    api.setMenuContext(selectedIds.length > 0, clipboardFull).catch(() => undefined);
  }, [selectedIds, clipboardFull]);

  const onSelectionChange = useCallback(({ nodes: n, edges: e }: OnSelectionChangeParams) => {
    const ids = [...n.map((x) => x.id), ...e.map((x) => x.id)];
    selectedRef.current = new Set(ids);
    setSelectedIds((previous) => (previous.length === ids.length && previous.every((id, i) => id === ids[i]) ? previous : ids));
  }, []);

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

  const rects = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    return arch ? boundaryRects(arch, componentPositions(arch.components)) : new Map();
  }, []);

  const viewportCentre = useCallback(() => {
    const box = canvasRef.current?.getBoundingClientRect();
    return flow.screenToFlowPosition(box ? { x: box.left + box.width / 2, y: box.top + box.height / 2 } : { x: 400, y: 300 });
  }, [flow]);

  const addKind = useCallback(
    (kindId: string, at: { x: number; y: number }) => {
      const arch = snapshotRef.current?.architecture;
      const kind = catalog?.kinds.find((k) => k.id === kindId);
      if (!arch || !kind) return;
      const { edit, id } = addComponentEdit(arch, kind, at, rects());
      void apply(edit).then((error) => {
        if (error) notify(error);
        else select([id]);
      });
    },
    [apply, catalog, notify, rects, select],
  );

  const addBoundary = useCallback(
    (at: { x: number; y: number }) => {
      const arch = snapshotRef.current?.architecture;
      if (arch) applyOrNotify(addBoundaryEdit(arch, at, rects()));
    },
    [applyOrNotify, rects],
  );

  const addAtCentre = useCallback(
    (kind: string) => {
      addKind(kind, viewportCentre());
    },
    [addKind, viewportCentre],
  );
  const addBoundaryAtCentre = useCallback(() => {
    addBoundary(viewportCentre());
  }, [addBoundary, viewportCentre]);

  const onDragOver = useCallback((event: DragEvent) => {
    if (event.dataTransfer.types.includes(KIND_MIME) || event.dataTransfer.types.includes(BOUNDARY_MIME)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const kind = event.dataTransfer.getData(KIND_MIME);
      const boundary = event.dataTransfer.getData(BOUNDARY_MIME);
      if (!kind && !boundary) return;
      event.preventDefault();
      const at = flow.screenToFlowPosition({ x: event.clientX, y: event.clientY });
      if (kind) addKind(kind, at);
      else addBoundary(at);
    },
    [flow, addKind, addBoundary],
  );

  const onConnect = useCallback(
    (connection: Connection) => {
      const arch = snapshotRef.current?.architecture;
      if (arch) applyOrNotify(addFlowEdit(arch, connection.source, connection.target));
    },
    [applyOrNotify],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: Node, dragged: Node[]) => {
      const arch = snapshotRef.current?.architecture;
      if (!arch) return;
      const moved = dragged.map((n) => ({ id: n.id, position: flow.getInternalNode(n.id)?.internals.positionAbsolute ?? n.position }));
      applyOrNotify(asOne(dragEndEdits(arch, moved, rects())));
    },
    [flow, applyOrNotify, rects],
  );

  const onBoundaryResized = useCallback(
    (id: string) => {
      const internal = flow.getInternalNode(id);
      if (!internal) return;
      const { positionAbsolute } = internal.internals;
      const width = internal.measured.width ?? internal.width ?? 0;
      const height = internal.measured.height ?? internal.height ?? 0;
      applyOrNotify({ type: "set_boundary_layout", id, position: { x: Math.round(positionAbsolute.x), y: Math.round(positionAbsolute.y) }, size: { width: Math.round(width), height: Math.round(height) } });
    },
    [flow, applyOrNotify],
  );

  // --- canvas actions (keyboard, toolbar, native menu) ---
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
  const removeSelection = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    if (arch) applyOrNotify(asOne(deleteEdits(arch, selectedRef.current)));
  }, [applyOrNotify]);
  const copy = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    if (!arch) return;
    clipboard.current = copySelection(arch, selectedRef.current);
    setClipboardFull(clipboard.current.components.length > 0);
  }, []);
  const paste = useCallback(
    (from: Clipboard | null = clipboard.current) => {
      const arch = snapshotRef.current?.architecture;
      if (!arch || !from || from.components.length === 0) return;
      const { edits, ids } = pasteEdits(arch, from);
      const edit = asOne(edits);
      if (!edit) return;
      void apply(edit).then((error) => {
        if (error) notify(error);
        else select(ids);
      });
      // A second paste lands further along, not on top of the first.
      clipboard.current = { components: from.components.map((c) => ({ ...c, position: c.position && c.position.x !== null && c.position.y !== null ? { x: c.position.x + 40, y: c.position.y + 40 } : c.position })), flows: from.flows };
    },
    [apply, notify, select],
  );
  const duplicate = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    if (arch) paste(copySelection(arch, selectedRef.current));
  }, [paste]);
  const selectAll = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    if (arch) select([...arch.components.map((c) => c.id), ...arch.flows.map((f) => f.id)]);
  }, [select]);
  const zoomToFit = useCallback(() => {
    void flow.fitView({ padding: 0.15, duration: 250 });
  }, [flow]);
  const layout = useCallback(() => {
    const arch = snapshotRef.current?.architecture;
    if (!arch) return;
    setBusyLabel("Laying out…");
    autoLayout(arch)
      .then((edits) => {
        applyOrNotify(asOne(edits));
        window.setTimeout(zoomToFit, 50);
      })
      .catch((error: unknown) => {
        notify(`Auto-layout failed: ${String(error)}`);
      })
      .finally(() => {
        setBusyLabel(null);
      });
  }, [applyOrNotify, notify, zoomToFit]);
  useEffect(() => {
    layoutRef.current = layout;
  }, [layout]);
  const clearHighlight = useCallback(() => {
    setActiveFindingId(null);
  }, []);

  // --- files ---
  const refreshRecent = useCallback(() => {
    api.recentFiles().then(setRecent, () => undefined);
  }, []);
  const saveAs = useCallback(async (): Promise<boolean> => {
    const title = snapshotRef.current?.title ?? "Untitled";
    let path: string | null;
    try {
      path = await chooseFileToSave(title);
    } catch (error) {
      notify(describeError(error));
      return false;
    }
    if (!path) return false;
    const chosen = path;
    const error = await run(() => api.saveReviewAs(chosen), "Saving…");
    if (error) notify(error);
    else refreshRecent();
    return error === null;
  }, [run, notify, refreshRecent]);
  const saveFile = useCallback(async (): Promise<boolean> => {
    setBusyLabel("Saving…");
    try {
      show(await api.saveReview());
      refreshRecent();
      return true;
    } catch (error) {
      if (isAppError(error) && error.code === "no_path") return await saveAs();
      notify(describeError(error));
      return false;
    } finally {
      setBusyLabel(null);
    }
  }, [show, saveAs, notify, refreshRecent]);
  /** True when the current review may be replaced (clean, saved, or the user let it go). */
  const mayReplace = useCallback(
    async (what: string): Promise<boolean> => {
      const current = snapshotRef.current;
      if (!current?.dirty) return true;
      const answer = await askUnsaved(current.title, what);
      if (answer === "cancel") return false;
      if (answer === "save") return saveFile();
      return true;
    },
    [saveFile],
  );
  const newFile = useCallback(async () => {
    if (!(await mayReplace("starting a new review"))) return;
    const error = await run(api.newReview, null, true);
    if (error) notify(error);
    setActiveFindingId(null);
    select([]);
  }, [mayReplace, run, notify, select]);
  const openFile = useCallback(
    async (given: string | null = null) => {
      if (!(await mayReplace("opening another review"))) return;
      let path = given;
      if (!path) {
        try {
          path = await chooseFileToOpen();
        } catch (error) {
          notify(describeError(error));
          return;
        }
      }
      if (!path) return;
      const chosen = path;
      const error = await run(() => api.openReview(chosen), "Opening…", true);
      if (error) {
        notify(error);
        return;
      }
      setActiveFindingId(null);
      select([]);
      refreshRecent();
      // An imported architecture without any position (hand-written JSON) is laid out once, as
      // one undoable edit; a review file keeps the layout it was saved with.
      const opened = snapshotRef.current;
      if (opened && needsInitialLayout(opened)) {
        layout();
      } else {
        window.setTimeout(zoomToFit, 50);
      }
    },
    [mayReplace, run, notify, select, refreshRecent, zoomToFit, layout],
  );

  // Closing with unsaved changes: Rust holds the close until the UI answers.
  useEffect(() => {
    const unlisten = events.closeRequested.listen(() => {
      const title = snapshotRef.current?.title ?? "Untitled";
      void askUnsaved(title, "closing").then(async (answer) => {
        if (answer === "cancel") return;
        if (answer === "save" && !(await saveFile())) return;
        await api.closeWindow();
      });
    });
    return () => {
      stopListening(unlisten);
    };
  }, [saveFile]);

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
        case "cut": copy(); removeSelection(); break;
        case "copy": copy(); break;
        case "paste": paste(); break;
        case "duplicate": duplicate(); break;
        case "delete": removeSelection(); break;
        case "select_all": selectAll(); break;
        case "zoom_to_fit": zoomToFit(); break;
        case "auto_layout": layout(); break;
        case "toggle_theme": setTheme((t) => (t === "dark" ? "light" : "dark")); break;
        case "about": notify("Lensboard — reviews generative-AI architectures against the AWS Well-Architected Generative AI Lens.", "info"); break;
      }
    },
    [newFile, openFile, saveFile, saveAs, undo, redo, copy, removeSelection, paste, duplicate, selectAll, zoomToFit, layout, notify],
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
        setRecentOpen(false);
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

  const selection: Selection = useMemo(() => {
    if (selectedIds.length !== 1 || !snapshot) return null;
    const id = selectedIds[0] ?? "";
    const arch = snapshot.architecture;
    if (arch.components.some((c) => c.id === id)) return { type: "component", id };
    if (arch.flows.some((f) => f.id === id)) return { type: "flow", id };
    if (arch.boundaries.some((b) => b.id === id)) return { type: "boundary", id };
    return null;
  }, [selectedIds, snapshot]);

  const restore = useCallback(async () => {
    setRecovery(null);
    const error = await run(api.restoreRecovery, "Restoring…", true);
    if (error) notify(error);
  }, [run, notify]);
  const discard = useCallback(async () => {
    setRecovery(null);
    try {
      await api.discardRecovery();
    } catch (error) {
      notify(describeError(error));
    }
  }, [notify]);

  const large = nodes.length > LARGE;
  const busy = busyLabel ?? (pending > 0 ? "Working…" : null);

  return (
    <div className={`app theme-${theme}`} data-theme={theme}>
      <header className="toolbar">
        <img className="toolbar__logo" src={logoUrl} alt="" width={26} height={26} />
        <span className="toolbar__product">Lensboard</span>
        <span className="toolbar__divider" aria-hidden="true" />
        <h1 className="toolbar__title" data-testid="title">
          {snapshot?.title ?? "Loading…"}
        </h1>
        {snapshot?.dirty && (
          <span className="toolbar__dirty" data-testid="dirty" title="Unsaved changes">
            ● Unsaved
          </span>
        )}
        <nav className="toolbar__actions" aria-label="File and edit">
          <ToolButton label="New review" testId="btn-new" onClick={() => void newFile()} icon={<FilePlus size={17} />} />
          <ToolButton label="Open…" testId="btn-open" onClick={() => void openFile()} icon={<FolderOpen size={17} />} />
          <div className="recent">
            <ToolButton label="Open recent" testId="btn-recent" onClick={() => { refreshRecent(); setRecentOpen((o) => !o); }} icon={<History size={17} />} />
            {recentOpen && (
              <ul className="recent__menu" role="menu">
                {recent.length === 0 && <li className="recent__empty">No recent reviews</li>}
                {recent.map((path) => (
                  <li key={path}>
                    <button type="button" role="menuitem" title={path} onClick={() => { setRecentOpen(false); void openFile(path); }}>
                      {fileName(path)}
                    </button>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <ToolButton label="Save (Ctrl+S)" testId="btn-save" disabled={!!snapshot && !snapshot.dirty && snapshot.path !== null} onClick={() => void saveFile()} icon={<Save size={17} />} />
          <ToolButton label="Save as…" testId="btn-save-as" onClick={() => void saveAs()} icon={<SaveAll size={17} />} />
          <span className="toolbar__divider" aria-hidden="true" />
          <ToolButton label="Undo (Ctrl+Z)" testId="btn-undo" disabled={!snapshot?.can_undo} onClick={undo} icon={<Undo2 size={17} />} />
          <ToolButton label="Redo (Ctrl+Shift+Z)" testId="btn-redo" disabled={!snapshot?.can_redo} onClick={redo} icon={<Redo2 size={17} />} />
          <span className="toolbar__divider" aria-hidden="true" />
          <ToolButton label="Auto-layout" testId="btn-layout" onClick={layout} icon={<LayoutGrid size={17} />} />
          <ToolButton label="Zoom to fit" testId="btn-fit" onClick={zoomToFit} icon={<Maximize size={17} />} />
          <ToolButton label={theme === "dark" ? "Light theme" : "Dark theme"} testId="btn-theme" onClick={() => { setTheme((t) => (t === "dark" ? "light" : "dark")); }} icon={theme === "dark" ? <Sun size={17} /> : <Moon size={17} />} />
        </nav>
        <span className={`toolbar__busy${busy ? " toolbar__busy--on" : ""}`} role="status" aria-live="polite" data-testid="busy">
          {busy && (
            <>
              <LoaderCircle size={16} className="spin" aria-hidden="true" />
              {busy}
            </>
          )}
        </span>
      </header>
      {recovery && (
        <div className="banner" role="alert" data-testid="recovery">
          <span>
            Lensboard closed unexpectedly while “{recovery.title}” had unsaved changes
            {recovery.saved_at ? ` (autosaved ${new Date(recovery.saved_at * 1000).toLocaleString()})` : ""}.
          </span>
          <button type="button" className="button button--primary" onClick={() => void restore()}>
            Restore
          </button>
          <button type="button" className="button" onClick={() => void discard()}>
            Discard
          </button>
        </div>
      )}
      <main className="workspace">
        {catalog ? <Palette catalog={catalog} onAdd={addAtCentre} onAddBoundary={addBoundaryAtCentre} /> : <aside className="palette" />}
        <section className="canvas" aria-label="Architecture canvas" ref={canvasRef} data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
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
              onNodesChange={onNodesChange}
              onEdgesChange={onEdgesChange}
              onConnect={onConnect}
              onNodeDragStop={onNodeDragStop}
              onSelectionChange={onSelectionChange}
              onPaneClick={clearHighlight}
              deleteKeyCode={null}
              selectionKeyCode="Shift"
              multiSelectionKeyCode={["Shift", "Meta", "Control"]}
              selectionMode={SelectionMode.Partial}
              connectionLineType={ConnectionLineType.SmoothStep}
              defaultEdgeOptions={{ type: "smoothstep" }}
              snapToGrid
              snapGrid={[8, 8]}
              colorMode={theme}
              onlyRenderVisibleElements={large}
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
          {snapshot && snapshot.architecture.components.length === 0 && (
            <div className="canvas__hint">Drag components from the palette to start the architecture.</div>
          )}
        </section>
        <aside className="sidebar">
          {snapshot && catalog && <Inspector key={selection ? selection.id : "none"} snapshot={snapshot} catalog={catalog} selection={selection} apply={apply} onPickFinding={pickFinding} />}
          {snapshot && <FindingsPanel snapshot={snapshot} active={activeFinding} onPick={pickFinding} />}
          {/* Review workflow (issue 7, REVIEW-APP helper): decisions, milestones + diff, templates, lens view, export. */}
          {snapshot && <ReviewTools snapshot={snapshot} activeFinding={activeFinding} show={show} notify={notify} mayReplace={mayReplace} afterReplace={() => { window.setTimeout(zoomToFit, 50); }} />}
        </aside>
      </main>
      <div className="toasts" aria-live="assertive">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast--${t.kind}`} role={t.kind === "error" ? "alert" : "status"} data-testid="toast">
            {t.text}
          </div>
        ))}
      </div>
    </div>
  );
}

function ToolButton({ label, icon, onClick, disabled = false, testId }: { label: string; icon: React.ReactNode; onClick: () => void; disabled?: boolean; testId: string }) {
  return (
    <button type="button" className="tool-button" title={label} aria-label={label} onClick={onClick} disabled={disabled} data-testid={testId}>
      {icon}
    </button>
  );
}
