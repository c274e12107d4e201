/**
 * The select tool. A click picks the element under the pointer (Shift adds or removes it), a
 * click on nothing clears the selection. Dragging from an element moves the selection: the
 * delta snaps to the grid, or the grabbed element's nearest corner snaps to other elements;
 * release sends `move_elements`. Dragging from empty space draws a selection box: left to
 * right takes what is wholly inside, right to left what it touches. Delete removes the
 * selection; Esc clears it (or abandons a drag).
 */

import type { Point2 } from "../net/protocol";
import type { Element } from "../model/elements";
import { elementOutline, length, snap } from "../model/geometry";
import { formatLength, type Preview } from "./preview";
import type { PointerInfo, Tool, ToolContext } from "./tool";

type Gesture =
  | { kind: "press"; from: Point2; hit: Element; grab: Point2 | null }
  | { kind: "move"; from: Point2; grab: Point2 | null; ids: string[]; delta: Point2 }
  | { kind: "box"; from: Point2; to: Point2; shift: boolean };

export class SelectTool implements Tool {
  readonly name = "select" as const;
  private gesture: Gesture | null = null;

  constructor(private readonly ctx: ToolContext) {}

  pointerDown(p: Point2, info: PointerInfo): void {
    const hit = this.ctx.pick(p);
    if (!hit) {
      this.gesture = { kind: "box", from: p, to: p, shift: info.shift };
      return;
    }
    const selection = this.ctx.selection();
    if (info.shift) {
      this.ctx.select(selection.includes(hit.id) ? selection.filter((id) => id !== hit.id) : [...selection, hit.id]);
      return;
    }
    if (!selection.includes(hit.id)) this.ctx.select([hit.id]);
    this.gesture = { kind: "press", from: p, hit, grab: nearestCorner(this.ctx.state(), hit, p, this.ctx.tolerance() * 2) };
  }

  pointerMove(p: Point2, _info?: PointerInfo): void {
    const g = this.gesture;
    if (!g) return;
    if (g.kind === "press") {
      if (length(g.from, p) < this.ctx.tolerance() || !this.ctx.canEdit()) return;
      this.gesture = { kind: "move", from: g.from, grab: g.grab, ids: this.ctx.selection(), delta: [0, 0] };
    }
    const gm = this.gesture!;
    if (gm.kind === "move") {
      gm.delta = this.moveDelta(gm, p);
      this.showMove(gm);
    } else if (gm.kind === "box") {
      gm.to = p;
      this.ctx.setPreview({ box: { a: gm.from, b: p, mode: p[0] >= gm.from[0] ? "window" : "crossing" } });
    }
  }

  pointerUp(p: Point2, _info?: PointerInfo): void {
    const g = this.gesture;
    this.gesture = null;
    this.ctx.setPreview(null);
    if (!g) return;
    if (g.kind === "move") {
      if (g.delta[0] !== 0 || g.delta[1] !== 0) {
        const n = g.ids.length;
        this.ctx.issue({ type: "move_elements", ids: g.ids, delta: g.delta }, n === 1 ? "move element" : `move ${n} elements`);
      }
    } else if (g.kind === "box") {
      if (length(g.from, p) < this.ctx.tolerance()) {
        if (!g.shift) this.ctx.select([]);
        return;
      }
      const box = { min: [Math.min(g.from[0], p[0]), Math.min(g.from[1], p[1])] as Point2, max: [Math.max(g.from[0], p[0]), Math.max(g.from[1], p[1])] as Point2 };
      const taken = this.ctx.inBox(box, p[0] >= g.from[0] ? "window" : "crossing").map((e) => e.id);
      this.ctx.select(g.shift ? [...new Set([...this.ctx.selection(), ...taken])] : taken);
    }
  }

  keyDown(key: string, _info?: PointerInfo): boolean {
    if (key === "Escape") {
      if (this.gesture) this.cancel();
      else if (this.ctx.selection().length) this.ctx.select([]);
      else return false;
      return true;
    }
    const selected = this.ctx.selection();
    if ((key === "Delete" || key === "Backspace") && selected.length && this.ctx.canEdit()) {
      const ids = topLevel(this.ctx.state(), selected);
      this.ctx.issue({ type: "delete_elements", ids }, ids.length === 1 ? "delete element" : `delete ${ids.length} elements`);
      this.ctx.select([]);
      return true;
    }
    return false;
  }

  cancel(): void {
    this.gesture = null;
    this.ctx.setPreview(null);
  }

  private moveDelta(g: Extract<Gesture, { kind: "move" }>, p: Point2): Point2 {
    const raw: Point2 = [p[0] - g.from[0], p[1] - g.from[1]];
    if (g.grab) {
      const target: Point2 = [g.grab[0] + raw[0], g.grab[1] + raw[1]];
      const s = this.ctx.snap(target, { exclude: new Set(g.ids) });
      if (s.kind === "endpoint" || s.kind === "midpoint" || s.kind === "face") return [s.point[0] - g.grab[0], s.point[1] - g.grab[1]];
    }
    return [snap(raw[0]), snap(raw[1])];
  }

  private showMove(g: Extract<Gesture, { kind: "move" }>): void {
    const state = this.ctx.state();
    const [dx, dy] = g.delta;
    const preview: Preview = { shapes: [], labels: [] };
    for (const id of g.ids) {
      const e = state.elements.get(id);
      if (!e) continue;
      const ring = elementOutline(state, e).map(([x, y]) => [x + dx, y + dy] as Point2);
      if (ring.length) preview.shapes!.push({ ring, style: "ghost" });
    }
    const from = g.grab ?? g.from;
    const at: Point2 = [from[0] + dx, from[1] + dy];
    preview.labels!.push({ at, text: `Δ ${formatLength(Math.hypot(dx, dy))} (${dx.toFixed(2)}, ${dy.toFixed(2)})`, style: "dimension" });
    preview.lines = [{ a: from, b: at, style: "guide" }];
    this.ctx.setPreview(preview);
  }
}

/** The corner of `e` nearest to `p` (within `tol`), if any: what snaps while moving. */
function nearestCorner(state: ReturnType<ToolContext["state"]>, e: Element, p: Point2, tol: number): Point2 | null {
  const corners: Point2[] = e.kind === "wall" ? [e.start, e.end] : e.kind === "column" ? [e.position] : elementOutline(state, e);
  let best: Point2 | null = null;
  let bestD = tol;
  for (const c of corners) {
    const d = length(c, p);
    if (d <= bestD) {
      best = c;
      bestD = d;
    }
  }
  return best ? [best[0], best[1]] : null;
}

/** Selected ids without openings whose host is selected too (they go with it). */
function topLevel(state: ReturnType<ToolContext["state"]>, ids: string[]): string[] {
  const set = new Set(ids);
  return ids.filter((id) => {
    const e = state.elements.get(id);
    return e && !("host_id" in e && set.has(e.host_id));
  });
}
