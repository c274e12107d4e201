/**
 * The editor's keys (table in shortcuts.ts): Ctrl/Cmd-Z undo, Ctrl/Cmd-Shift-Z or -Y redo,
 * then the active tool's own keys (Esc, Enter, typed lengths...), then tool letters, F, 1-3,
 * Page Up/Down and `?`. Keys typed into inputs are left alone.
 */

import { isTyping } from "../render/planInput";
import type { PointerInfo, ToolName } from "../tools/tool";
import { toolForKey } from "./shortcuts";
import type { ViewMode } from "./toolbar";

export interface KeyActions {
  helpOpen(): boolean;
  toggleHelp(): void;
  undo(): void;
  redo(): void;
  /** The active tool's keys; true if it used the key. */
  toolKey(key: string, info: PointerInfo): boolean;
  setTool(name: ToolName): void;
  fit(): void;
  viewMode(mode: ViewMode): void;
  stepLevel(direction: 1 | -1): void;
}

export function editorKeys(a: KeyActions): (ev: KeyboardEvent) => void {
  return (ev) => {
    if (a.helpOpen() && (ev.key === "Escape" || ev.key === "?")) {
      a.toggleHelp();
      ev.preventDefault();
      return;
    }
    if (isTyping(ev.target)) return;
    const key = ev.key.toLowerCase();
    if ((ev.ctrlKey || ev.metaKey) && !ev.altKey && (key === "z" || key === "y")) {
      ev.preventDefault();
      if (key === "y" || ev.shiftKey) a.redo();
      else a.undo();
      return;
    }
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (a.toolKey(ev.key, { shift: ev.shiftKey, alt: ev.altKey })) {
      ev.preventDefault();
      return;
    }
    const tool = toolForKey(key);
    if (ev.key === "?") a.toggleHelp();
    else if (tool) a.setTool(tool);
    else if (key === "f") a.fit();
    else if (key === "1" || key === "2" || key === "3") a.viewMode(key === "1" ? "plan" : key === "2" ? "split" : "3d");
    else if (ev.key === "PageUp") a.stepLevel(1);
    else if (ev.key === "PageDown") a.stepLevel(-1);
    else return;
    ev.preventDefault();
  };
}
