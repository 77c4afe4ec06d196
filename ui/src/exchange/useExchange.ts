// File › Import… and File › Export…: the native dialogs (unless the menu's action names the file,
// as the end-to-end tests' does), the choice between a new review and an import into the open
// one, the import report shown afterwards, and the export's format. The work is Rust's
// (`import_file`, `export_file`); what a file is, Rust reads from its content.
import { open, save } from "@tauri-apps/plugin-dialog";
import { useCallback, useState } from "react";

import type { ExportFormat, ImportOutcome } from "../bindings";
import { api } from "../editor/api";
import type { DocumentView } from "../editor/useDocument";
import type { Replaced } from "../editor/useFileCommands";
import type { Notify } from "../editor/useToasts";
import { describeError } from "../errors";
import { exportDialog, IMPORT_FILTERS, importChoice, type ImportMode } from "./logic";

type Options = {
  doc: Pick<DocumentView, "snapshotRef" | "run">;
  notify: Notify;
  /** Asks about unsaved changes; resolves to whether the review may be replaced. */
  mayReplace: (what: string) => Promise<boolean>;
  /** The review was replaced by an imported one (laid out when it has no positions). */
  onReplaced: (how: Replaced) => void;
};

/** An import waiting for the person to say which way it goes. */
export type PendingImport = { path: string; suggested: ImportMode };
/** An export waiting for its format (and the file, when the action named none). */
export type PendingExport = { path: string | null };

export function useExchange({ doc, notify, mayReplace, onReplaced }: Options) {
  const { snapshotRef, run } = doc;
  const [pendingImport, setPendingImport] = useState<PendingImport | null>(null);
  const [report, setReport] = useState<ImportOutcome | null>(null);
  const [pendingExport, setPendingExport] = useState<PendingExport | null>(null);

  const importAs = useCallback(
    async (path: string, mode: ImportMode) => {
      setPendingImport(null);
      if (mode === "new" && !(await mayReplace("importing a file"))) return;
      let outcome: ImportOutcome | null = null;
      const error = await run(
        async () => {
          const imported = await api.importFile(path, mode === "into");
          outcome = imported.outcome;
          return imported.snapshot;
        },
        "Importing…",
        mode === "new",
      );
      if (error) {
        notify(error);
        return;
      }
      if (mode === "new") onReplaced("opened");
      setReport(outcome);
    },
    [mayReplace, run, notify, onReplaced],
  );

  /** File › Import…: the file named, or the one picked in the native dialog. */
  const importFile = useCallback(
    async (given: string | null = null) => {
      let path = given;
      if (!path) {
        try {
          const chosen = await open({ multiple: false, directory: false, filters: IMPORT_FILTERS });
          path = typeof chosen === "string" ? chosen : null;
        } catch (error) {
          notify(describeError(error));
          return;
        }
      }
      if (!path) return;
      const choice = importChoice(snapshotRef.current, path);
      if (choice.ask) setPendingImport({ path, suggested: choice.suggested });
      else await importAs(path, choice.suggested);
    },
    [snapshotRef, importAs, notify],
  );

  /** File › Export…: the format first, then where (unless the action named the file). */
  const exportFile = useCallback((given: string | null = null) => {
    setPendingExport({ path: given });
  }, []);

  const exportAs = useCallback(
    async (format: ExportFormat) => {
      const given = pendingExport?.path ?? null;
      setPendingExport(null);
      let path = given;
      if (!path) {
        try {
          path = await save(exportDialog(snapshotRef.current?.title ?? "Untitled", format));
        } catch (error) {
          notify(describeError(error));
          return;
        }
      }
      if (!path) return;
      try {
        await api.exportFile(path, format);
        notify(`Exported to ${path}`, "info");
      } catch (error) {
        notify(describeError(error));
      }
    },
    [pendingExport, snapshotRef, notify],
  );

  return {
    importFile,
    importAs,
    pendingImport,
    cancelImport: () => { setPendingImport(null); },
    report,
    closeReport: () => { setReport(null); },
    exportFile,
    exportAs,
    pendingExport,
    cancelExport: () => { setPendingExport(null); },
  };
}
