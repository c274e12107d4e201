/**
 * The HTML layer over the plan canvas for what WebGL draws poorly: text (live dimensions, room
 * names, reasons), the snap cue, and other users' cursors with their names. Positioned from
 * model points on every plan frame; it never takes pointer events.
 */

import type { Point2 } from "../net/protocol";
import type { SnapKind } from "../model/snap";

export interface OverlayLabel {
  at: Point2;
  text: string;
  kind: "dimension" | "error" | "info" | "room";
}

export interface OverlayCursor {
  at: Point2;
  name: string;
  color: string;
  userId: string;
}

export interface OverlayContent {
  labels: OverlayLabel[];
  snap: { point: Point2; kind: SnapKind } | null;
  cursors: OverlayCursor[];
}

const SNAP_NAMES: Record<SnapKind, string> = {
  endpoint: "endpoint",
  midpoint: "midpoint",
  face: "on face",
  ortho: "orthogonal",
  angle: "angle",
  grid: "grid",
  free: "",
};

const MAX_LABELS = 300;

export class PlanOverlay {
  readonly element: HTMLDivElement;

  constructor() {
    this.element = document.createElement("div");
    this.element.className = "plan-overlay";
    this.element.setAttribute("aria-hidden", "true");
  }

  render(content: OverlayContent, toScreen: (p: Point2) => { x: number; y: number }, width: number, height: number): void {
    const nodes: HTMLElement[] = [];
    const visible = (s: { x: number; y: number }) => s.x >= -50 && s.y >= -50 && s.x <= width + 50 && s.y <= height + 50;
    let count = 0;
    for (const label of content.labels) {
      const s = toScreen(label.at);
      if (!visible(s) || count++ > MAX_LABELS) continue;
      const el = div(`plan-label plan-label-${label.kind}`, label.text, s);
      el.dataset.testid = label.kind === "dimension" ? "live-dimension" : label.kind === "room" ? "room-label" : "plan-note";
      nodes.push(el);
    }
    if (content.snap && content.snap.kind !== "free") {
      const s = toScreen(content.snap.point);
      const marker = div(`snap-marker snap-${content.snap.kind}`, "", s);
      marker.dataset.testid = "snap-marker";
      marker.dataset.kind = content.snap.kind;
      const tip = div("snap-tip", SNAP_NAMES[content.snap.kind], { x: s.x + 10, y: s.y + 10 });
      nodes.push(marker, tip);
    }
    for (const c of content.cursors) {
      const s = toScreen(c.at);
      if (!visible(s)) continue;
      const el = div("remote-cursor", "", s);
      el.style.setProperty("--user-color", c.color);
      el.dataset.testid = "remote-cursor";
      el.dataset.userId = c.userId;
      const name = document.createElement("span");
      name.className = "remote-cursor-name";
      name.textContent = c.name;
      el.append(name);
      nodes.push(el);
    }
    this.element.replaceChildren(...nodes);
  }
}

function div(className: string, text: string, at: { x: number; y: number }): HTMLElement {
  const el = document.createElement("div");
  el.className = className;
  if (text) el.textContent = text;
  el.style.transform = `translate(${Math.round(at.x)}px, ${Math.round(at.y)}px)`;
  return el;
}
