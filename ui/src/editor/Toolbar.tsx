// The window's toolbar: the review's title and unsaved mark, the file and edit buttons, the
// recent reviews, the view buttons and the progress indicator.
import { FilePlus, FolderOpen, History, LayoutGrid, LoaderCircle, Maximize, Moon, Redo2, Save, SaveAll, Sun, Undo2 } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";

import logoUrl from "../../../icons/icon.svg";
import type { DocumentSnapshot } from "./api";
import { fileName } from "./files";
import { canSave } from "./state";
import type { Theme } from "./theme";

type Props = {
  snapshot: DocumentSnapshot | null;
  theme: Theme;
  /** The progress indicator's text, or null. */
  busy: string | null;
  recent: readonly string[];
  /** Re-reads the recent files (when their list is opened). */
  refreshRecent: () => void;
  newFile: () => void;
  openFile: (path: string | null) => void;
  saveFile: () => void;
  saveAs: () => void;
  undo: () => void;
  redo: () => void;
  layout: () => void;
  zoomToFit: () => void;
  toggleTheme: () => void;
};

export function Toolbar({ snapshot, theme, busy, recent, refreshRecent, newFile, openFile, saveFile, saveAs, undo, redo, layout, zoomToFit, toggleTheme }: Props) {
  const [recentOpen, setRecentOpen] = useState(false);

  // Escape closes the recent reviews, wherever the focus is.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") setRecentOpen(false);
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  }, []);

  return (
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
        <ToolButton label="New review" testId="btn-new" onClick={newFile} icon={<FilePlus size={17} />} />
        <ToolButton label="Open…" testId="btn-open" onClick={() => { openFile(null); }} icon={<FolderOpen size={17} />} />
        <div className="recent">
          <ToolButton label="Open recent" testId="btn-recent" onClick={() => { refreshRecent(); setRecentOpen((o) => !o); }} icon={<History size={17} />} />
          {recentOpen && (
            <ul className="recent__menu" role="menu">
              {recent.length === 0 && <li className="recent__empty">No recent reviews</li>}
              {recent.map((path) => (
                <li key={path}>
                  <button type="button" role="menuitem" title={path} onClick={() => { setRecentOpen(false); openFile(path); }}>
                    {fileName(path)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <ToolButton label="Save (Ctrl+S)" testId="btn-save" disabled={!canSave(snapshot)} onClick={saveFile} icon={<Save size={17} />} />
        <ToolButton label="Save as…" testId="btn-save-as" onClick={saveAs} icon={<SaveAll size={17} />} />
        <span className="toolbar__divider" aria-hidden="true" />
        <ToolButton label="Undo (Ctrl+Z)" testId="btn-undo" disabled={!snapshot?.can_undo} onClick={undo} icon={<Undo2 size={17} />} />
        <ToolButton label="Redo (Ctrl+Shift+Z)" testId="btn-redo" disabled={!snapshot?.can_redo} onClick={redo} icon={<Redo2 size={17} />} />
        <span className="toolbar__divider" aria-hidden="true" />
        <ToolButton label="Auto-layout" testId="btn-layout" onClick={layout} icon={<LayoutGrid size={17} />} />
        <ToolButton label="Zoom to fit" testId="btn-fit" onClick={zoomToFit} icon={<Maximize size={17} />} />
        <ToolButton label={theme === "dark" ? "Light theme" : "Dark theme"} testId="btn-theme" onClick={toggleTheme} icon={theme === "dark" ? <Sun size={17} /> : <Moon size={17} />} />
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
  );
}

function ToolButton({ label, icon, onClick, disabled = false, testId }: { label: string; icon: ReactNode; onClick: () => void; disabled?: boolean; testId: string }) {
  return (
    <button type="button" className="tool-button" title={label} aria-label={label} onClick={onClick} disabled={disabled} data-testid={testId}>
      {icon}
    </button>
  );
}
