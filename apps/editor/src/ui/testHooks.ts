/**
 * `window.__pryzm`: read-only state for browser tests (Playwright). Every function reads the
 * editor that is open now; outside the editor they return empty values.
 */

import type { ConnectionState } from "../net/sync";
import type { Editor } from "./editor";

export interface PryzmTestApi {
  headSeq(): number;
  wallCount(): number;
  walls(): { id: string; start: number[]; end: number[]; level_id: string }[];
  bakedSeq(): number;
  meshCount(): number;
  meshFetches(): number;
  connection(): ConnectionState | "closed";
  planToScreen(x: number, y: number): { x: number; y: number } | null;
  currentLevel(): string | null;
  pendingCount(): number;
}

declare global {
  interface Window {
    __pryzm?: PryzmTestApi;
  }
}

export function installTestHooks(target: Window, current: () => Editor | null): void {
  const api: PryzmTestApi = {
    headSeq: () => current()?.headSeq() ?? 0,
    wallCount: () => current()?.wallCount() ?? 0,
    walls: () => current()?.walls() ?? [],
    bakedSeq: () => current()?.bakedSeq() ?? 0,
    meshCount: () => current()?.meshCount() ?? 0,
    meshFetches: () => current()?.meshFetches() ?? 0,
    connection: () => current()?.connection() ?? "closed",
    planToScreen: (x, y) => current()?.planToScreen(x, y) ?? null,
    currentLevel: () => current()?.currentLevel() ?? null,
    pendingCount: () => current()?.pendingCount() ?? 0,
  };
  Object.defineProperty(target, "__pryzm", { value: Object.freeze(api), configurable: true });
}
