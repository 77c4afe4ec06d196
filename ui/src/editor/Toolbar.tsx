// The window's toolbar: the review's title and unsaved mark, the file and edit buttons, the
// recent reviews, the view buttons and the progress indicator.
import { FileInput, FileOutput, FilePlus, FolderOpen, History, LayoutGrid, LoaderCircle, Maximize, Moon, Redo2, Save, SaveAll, Sun, Undo2 } from "lucide-react";
import { useEffect, useState, type ReactNode } from "react";

import logoUrl from "../../../icons/icon.svg";
import type { MenuItem } from "../bindings";
import type { DocumentSnapshot } from "./api";
import { fileName } from "./files";
import { withShortcut } from "./menu";
import type { Theme } from "./theme";
import { conflictCount } from "../review/conflicts";

type Props = {
  snapshot: DocumentSnapshot | null;
  theme: Theme;
  /** The progress indicator's text, or null. */
  busy: string | null;
  recent: readonly string[];
  /** Re-reads the recent files (when their list is opened). */
  refreshRecent: () => void;
  /** Performs a menu item: the buttons do what the menu's items do. */
  perform: (item: MenuItem, path?: string | null) => void;
  /** Whether a menu item would do anything: a button is greyed out like its menu item. */
  enabled: (item: MenuItem) => boolean;
};

/** The toolbar's buttons, each one the menu item it performs. */
export function Toolbar({ snapshot, theme, busy, recent, refreshRecent, perform, enabled }: Props) {
  const button = (item: MenuItem, testId: string, label: string, icon: ReactNode) => (
    <ToolButton label={withShortcut(label, item)} testId={testId} disabled={!enabled(item)} onClick={() => { perform(item); }} icon={icon} />
  );
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
      {snapshot && snapshot.conflicts.length > 0 && (
        <span className="toolbar__conflicts" data-testid="conflicts-status" title="Merge conflicts to resolve (see the sidebar)">
          {conflictCount(snapshot.conflicts.length)}
        </span>
      )}
      <nav className="toolbar__actions" aria-label="File and edit">
        {button("new", "btn-new", "New review", <FilePlus size={17} />)}
        {button("open", "btn-open", "Open…", <FolderOpen size={17} />)}
        <div className="recent">
          <ToolButton label="Open recent" testId="btn-recent" onClick={() => { refreshRecent(); setRecentOpen((o) => !o); }} icon={<History size={17} />} />
          {recentOpen && (
            <ul className="recent__menu" role="menu">
              {recent.length === 0 && <li className="recent__empty">No recent reviews</li>}
              {recent.map((path) => (
                <li key={path}>
                  <button type="button" role="menuitem" title={path} onClick={() => { setRecentOpen(false); perform("open_recent", path); }}>
                    {fileName(path)}
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        {button("save", "btn-save", "Save", <Save size={17} />)}
        {button("save_as", "btn-save-as", "Save as…", <SaveAll size={17} />)}
        {button("import", "btn-import-file", "Import…", <FileInput size={17} />)}
        {button("export", "btn-export-file", "Export…", <FileOutput size={17} />)}
        <span className="toolbar__divider" aria-hidden="true" />
        {button("undo", "btn-undo", "Undo", <Undo2 size={17} />)}
        {button("redo", "btn-redo", "Redo", <Redo2 size={17} />)}
        <span className="toolbar__divider" aria-hidden="true" />
        {button("auto_layout", "btn-layout", "Auto-layout", <LayoutGrid size={17} />)}
        {button("zoom_to_fit", "btn-fit", "Zoom to fit", <Maximize size={17} />)}
        {button("toggle_theme", "btn-theme", theme === "dark" ? "Light theme" : "Dark theme", theme === "dark" ? <Sun size={17} /> : <Moon size={17} />)}
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
