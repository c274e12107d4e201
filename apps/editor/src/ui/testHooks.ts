/**
 * `window.__pryzm`: state for browser tests and the benchmark (Playwright). Every function
 * reads the editor that is open now; outside the editor they return empty values. Only
 * `command` acts: it sends a command as is (bypassing the UI's checks, e.g. for a viewer) and
 * resolves with the server's ack or reject, so tests can prove the server is the judge.
 */

import type { Command } from "../net/protocol";
import type { ConnectionState } from "../net/sync";
import type { Outcome } from "./commands";
import type { Editor } from "./editor";

export interface ElementSummary {
  id: string;
  kind: string;
  level_id: string;
  [field: string]: unknown;
}

export interface PryzmTestApi {
  headSeq(): number;
  wallCount(): number;
  walls(): { id: string; start: number[]; end: number[]; level_id: string; thickness: number }[];
  elements(kind?: string): ElementSummary[];
  elementCount(kind?: string): number;
  levels(): { id: string; name: string; elevation: number; height: number }[];
  /** SHA-256 of the committed model, equal to the server's `State.hash()`. */
  stateHash(): string;
  bakedSeq(): number;
  meshCount(): number;
  meshFetches(): number;
  drawCalls(): number;
  renderStats(): { frames: number; drawCalls: number; triangles: number; previews: number; outOfDate: number; bakeLoading: boolean };
  connection(): ConnectionState | "closed";
  planToScreen(x: number, y: number): { x: number; y: number } | null;
  currentLevel(): string | null;
  selection(): string[];
  pendingCount(): number;
  undoDepth(): { undo: number; redo: number };
  onlineUsers(): string[];
  role(): string | null;
  command(command: Command): Promise<Outcome>;
}

declare global {
  interface Window {
    __pryzm?: PryzmTestApi;
  }
}

export function installTestHooks(target: Window, current: () => Editor | null): void {
  const elements = (kind?: string): ElementSummary[] => {
    const e = current();
    if (!e) return [];
    return [...e.mirror.state.elements.values()].filter((el) => !kind || el.kind === kind).map((el) => JSON.parse(JSON.stringify(el)) as ElementSummary);
  };
  const api: PryzmTestApi = {
    headSeq: () => current()?.mirror.seq ?? 0,
    wallCount: () => elements("wall").length,
    walls: () => elements("wall") as unknown as ReturnType<PryzmTestApi["walls"]>,
    elements,
    elementCount: (kind) => elements(kind).length,
    levels: () => (current() ? current()!.mirror.state.levelList().map((l) => ({ ...l })) : []),
    stateHash: () => current()?.mirror.hash() ?? "",
    bakedSeq: () => current()?.scene3d.bakes.bakedSeq ?? 0,
    meshCount: () => current()?.scene3d.bakes.scene.meshCount ?? 0,
    meshFetches: () => current()?.scene3d.bakes.cache.fetchCount ?? 0,
    drawCalls: () => current()?.scene3d.view.drawCalls ?? 0,
    renderStats: () => {
      const e = current();
      return {
        frames: e?.scene3d.view.frameCount ?? 0,
        drawCalls: e?.scene3d.view.drawCalls ?? 0,
        triangles: e?.scene3d.view.triangles ?? 0,
        previews: e?.scene3d.previewCount ?? 0,
        outOfDate: e?.scene3d.outOfDate ?? 0,
        bakeLoading: e?.scene3d.bakes.isLoading ?? false,
      };
    },
    connection: () => current()?.sync.connection ?? "closed",
    planToScreen: (x, y) => current()?.planToScreen(x, y) ?? null,
    currentLevel: () => current()?.currentLevel() ?? null,
    selection: () => current()?.selection() ?? [],
    pendingCount: () => current()?.desk.pendingCount ?? 0,
    undoDepth: () => current()?.desk.history.sizes ?? { undo: 0, redo: 0 },
    onlineUsers: () => current()?.presenceTracker.users().map((u) => u.name) ?? [],
    role: () => current()?.element.dataset.role ?? null,
    command: (command) => {
      const e = current();
      return e ? e.desk.script(command) : Promise.reject(new Error("no project is open"));
    },
  };
  Object.defineProperty(target, "__pryzm", { value: Object.freeze(api), configurable: true });
}

