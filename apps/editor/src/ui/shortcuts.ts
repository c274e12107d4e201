/** The editor's keyboard shortcuts: one table for the key handler, the toolbar and the help overlay. */

import type { ToolName } from "../tools/tool";

export const TOOL_KEYS: { tool: ToolName; key: string; label: string }[] = [
  { tool: "select", key: "V", label: "Select" },
  { tool: "wall", key: "W", label: "Wall" },
  { tool: "door", key: "D", label: "Door" },
  { tool: "window", key: "N", label: "Window" },
  { tool: "slab", key: "S", label: "Slab" },
  { tool: "column", key: "C", label: "Column" },
  { tool: "room", key: "R", label: "Room" },
  { tool: "delete", key: "E", label: "Delete" },
];

export const HELP: [string, string][] = [
  ...TOOL_KEYS.map(({ key, label }) => [key, `${label} tool`] as [string, string]),
  ["Ctrl Z", "Undo your last change"],
  ["Ctrl Shift Z / Ctrl Y", "Redo"],
  ["Delete / Backspace", "Delete the selection"],
  ["Shift click", "Add to / remove from the selection"],
  ["Drag", "Move the selection (select tool); on empty space: selection box"],
  ["Esc", "Cancel the current drawing / clear the selection"],
  ["Enter", "Finish a slab or room; apply a typed length"],
  ["Click inside walls", "Room tool: a room filling the space (Shift click: draw its outline)"],
  ["4.5<90 Enter", "While drawing a wall: a 4.5 m wall at 90°"],
  ["Alt (held)", "Snap to the grid only"],
  ["Wheel / right drag / Space drag", "Zoom / pan the plan"],
  ["F", "Frame the model"],
  ["1 / 2 / 3", "Plan only / side by side / 3D only"],
  ["Page Up / Page Down", "Level above / below"],
  ["?", "This help"],
];

export function toolForKey(key: string): ToolName | null {
  return TOOL_KEYS.find((t) => t.key.toLowerCase() === key.toLowerCase())?.tool ?? null;
}
