/**
 * The door and window tools: hovering a wall shows the opening centred on the pointer (its
 * offset rounded to 5 cm and kept inside the wall), its distances to the wall's ends, and —
 * before anything is sent — whether it fits (the server's clearance rules: inside the wall,
 * no overlap with another opening). A click places it; a door opens towards the side of the
 * wall the pointer is on.
 */

import type { OpeningKind, Point2 } from "../net/protocol";
import type { Wall } from "../model/elements";
import { OPENING_DEFAULTS } from "../model/fold";
import { openingFootprint, snap, stationOnWall, wallFrame } from "../model/geometry";
import { openingProblem } from "../model/openings";
import { emptyDrawing } from "../render/planGeometry";
import { openingSymbol } from "../render/planSymbols";
import { formatLength, type Preview } from "./preview";
import type { PointerInfo, Tool, ToolContext } from "./tool";

const OFFSET_STEP = 0.05;

interface Candidate {
  host: Wall;
  offset: number;
  flip: boolean;
  problem: string | null;
}

export class OpeningTool implements Tool {
  readonly name: OpeningKind;
  private candidate: Candidate | null = null;

  constructor(
    private readonly ctx: ToolContext,
    readonly kind: OpeningKind,
  ) {
    this.name = kind;
  }

  get size(): { width: number; height: number; sill_height: number } {
    const d = OPENING_DEFAULTS[this.kind];
    return { width: d.width, height: d.height, sill_height: d.sill_height };
  }

  pointerMove(p: Point2, _info?: PointerInfo): void {
    this.candidate = this.find(p);
    this.show();
  }

  pointerDown(p: Point2, _info?: PointerInfo): void {
    if (!this.ctx.canEdit()) return;
    const c = this.find(p);
    this.candidate = c;
    if (!c) {
      this.ctx.notify(`Point at a wall to place a ${this.kind}.`, "info");
      return;
    }
    if (c.problem) {
      this.ctx.notify(`${cap(this.kind)} not placed: ${c.problem}`, "error");
      return;
    }
    this.ctx.issue(
      { type: "place_opening", id: this.ctx.newId(), host_id: c.host.id, kind: this.kind, offset: c.offset, ...this.size, flip: c.flip },
      `place ${this.kind}`,
    );
    this.candidate = null;
    this.ctx.setPreview(null);
  }

  pointerUp(): void {}

  keyDown(key: string, _info?: PointerInfo): boolean {
    if (key === "Escape" && this.candidate) {
      this.cancel();
      return true;
    }
    return false;
  }

  cancel(): void {
    this.candidate = null;
    this.ctx.setPreview(null);
  }

  private find(p: Point2): Candidate | null {
    const state = this.ctx.state();
    const hit = this.ctx.pick(p);
    const host = hit?.kind === "wall" ? hit : hit && "host_id" in hit ? state.elements.get(hit.host_id) : undefined;
    if (host?.kind !== "wall") return null;
    const { width } = this.size;
    const { len, n } = wallFrame(host);
    let offset = snap(stationOnWall(host, p) - width / 2, OFFSET_STEP);
    if (width <= len) offset = Math.min(Math.max(offset, 0), snap(len - width, 0.001));
    const side = (p[0] - host.start[0]) * n[0] + (p[1] - host.start[1]) * n[1];
    const shape = { id: "candidate", offset, ...this.size };
    const refusal = openingProblem(host, shape, state.openingsOf(host.id));
    // The leaf sits on the wall's right face (`lo`) unless flipped to the left one.
    return { host, offset, flip: side > 0, problem: refusal?.message ?? null };
  }

  private show(): void {
    const c = this.candidate;
    if (!c) {
      this.ctx.setPreview(null);
      this.ctx.hint(`point at a wall to place a ${this.kind}`);
      return;
    }
    const { width } = this.size;
    const { u, len } = wallFrame(c.host);
    const style = c.problem ? "invalid" : "draft";
    const symbol = emptyDrawing();
    openingSymbol(c.host, { kind: this.kind, offset: c.offset, width, flip: c.flip }, symbol);
    const along = (s: number): Point2 => [c.host.start[0] + u[0] * s, c.host.start[1] + u[1] * s];
    const preview: Preview = {
      shapes: [{ ring: openingFootprint(c.host, { offset: c.offset, width }, 0.03), style }],
      lines: symbol.lines.map(([a, b]) => ({ a, b, style })),
      labels: [
        { at: along(c.offset / 2), text: formatLength(c.offset), style: "dimension" },
        { at: along(c.offset + width + (len - c.offset - width) / 2), text: formatLength(Math.max(0, len - c.offset - width)), style: "dimension" },
      ],
    };
    if (c.problem) preview.labels!.push({ at: along(c.offset + width / 2), text: c.problem, style: "error" });
    this.ctx.setPreview(preview);
    this.ctx.hint(c.problem ? `${c.problem}` : `click to place the ${this.kind}`);
  }
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
