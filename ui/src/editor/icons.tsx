// The catalog names a lucide icon per kind; this maps those names to components (one consistent
// icon set), with a neutral box for a name this map does not know.
import {
  Activity, AppWindow, Archive, Binary, BookOpen, Bot, Box, Brain, ClipboardCheck, Database, DatabaseZap, DoorOpen,
  Filter, FolderOpen, Globe, GraduationCap, History, Key, KeyRound, Library, ListOrdered, Lock, NotebookText, Plug,
  Search, Server, ShieldCheck, Split, Terminal, User, UserCheck, Workflow, Wrench, Zap, type LucideIcon,
} from "lucide-react";
import { createElement } from "react";

const ICONS: Record<string, LucideIcon> = {
  activity: Activity, "app-window": AppWindow, archive: Archive, binary: Binary, "book-open": BookOpen, bot: Bot,
  brain: Brain, "clipboard-check": ClipboardCheck, database: Database, "database-zap": DatabaseZap,
  "door-open": DoorOpen, filter: Filter, "folder-open": FolderOpen, globe: Globe, "graduation-cap": GraduationCap,
  history: History, key: Key, "key-round": KeyRound, library: Library, "list-ordered": ListOrdered, lock: Lock,
  "notebook-text": NotebookText, plug: Plug, search: Search, server: Server, "shield-check": ShieldCheck,
  split: Split, terminal: Terminal, user: User, "user-check": UserCheck, workflow: Workflow, wrench: Wrench, zap: Zap,
};

export function iconFor(name: string): LucideIcon {
  return ICONS[name] ?? Box;
}

export function KindIcon({ name, size = 18 }: { name: string; size?: number }) {
  return createElement(iconFor(name), { size, strokeWidth: 1.8, "aria-hidden": true });
}
