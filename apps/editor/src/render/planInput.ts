/**
 * Pointer and wheel input on the plan canvas. Navigation is handled here (wheel zooms around
 * the cursor; middle or right drag, or space + left drag, pans); left clicks and moves go to
 * the active tool as model points.
 */

import type { Point2 } from "../net/protocol";
import type { PlanView } from "./planView";

export interface PlanPointerHandler {
  pointerDown(p: Point2, ev: PointerEvent): void;
  pointerMove(p: Point2, ev: PointerEvent): void;
  pointerUp(p: Point2, ev: PointerEvent): void;
  pointerLeave?(): void;
}

export function attachPlanInput(view: PlanView, handler: PlanPointerHandler): () => void {
  const canvas = view.canvas;
  let spaceDown = false;
  let hover = false;
  let panning: { id: number; x: number; y: number } | null = null;

  const local = (ev: MouseEvent) => {
    const rect = canvas.getBoundingClientRect();
    return { x: ev.clientX - rect.left, y: ev.clientY - rect.top };
  };
  const model = (ev: MouseEvent): Point2 => {
    const { x, y } = local(ev);
    return view.viewport.toModel(x, y);
  };

  const onPointerDown = (ev: PointerEvent) => {
    canvas.focus({ preventScroll: true });
    if (ev.button === 1 || ev.button === 2 || (ev.button === 0 && spaceDown)) {
      ev.preventDefault();
      panning = { id: ev.pointerId, x: ev.clientX, y: ev.clientY };
      canvas.setPointerCapture(ev.pointerId);
      canvas.classList.add("panning");
      return;
    }
    if (ev.button === 0) {
      canvas.setPointerCapture(ev.pointerId);
      handler.pointerDown(model(ev), ev);
    }
  };
  const onPointerMove = (ev: PointerEvent) => {
    if (panning && ev.pointerId === panning.id) {
      view.viewport.panBy(ev.clientX - panning.x, ev.clientY - panning.y);
      panning = { ...panning, x: ev.clientX, y: ev.clientY };
      view.invalidate();
      return;
    }
    handler.pointerMove(model(ev), ev);
  };
  const onPointerUp = (ev: PointerEvent) => {
    if (canvas.hasPointerCapture(ev.pointerId)) canvas.releasePointerCapture(ev.pointerId);
    if (panning && ev.pointerId === panning.id) {
      panning = null;
      canvas.classList.remove("panning");
      return;
    }
    if (ev.button === 0) handler.pointerUp(model(ev), ev);
  };
  const onWheel = (ev: WheelEvent) => {
    ev.preventDefault();
    const { x, y } = local(ev);
    const lines = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? 400 : 1;
    view.viewport.zoomAt(x, y, Math.exp((-ev.deltaY * lines) / 500));
    view.invalidate();
  };
  const onKey = (ev: KeyboardEvent) => {
    if (ev.key !== " " || isTyping(ev.target)) return;
    if (ev.type === "keydown" && !hover) return; // space keeps its meaning outside the plan
    spaceDown = ev.type === "keydown";
    canvas.classList.toggle("pan-ready", spaceDown);
    ev.preventDefault();
  };
  const onContextMenu = (ev: Event) => ev.preventDefault();
  const onEnter = () => {
    hover = true;
  };
  const onLeave = () => {
    hover = false;
    handler.pointerLeave?.();
  };

  canvas.addEventListener("pointerdown", onPointerDown);
  canvas.addEventListener("pointermove", onPointerMove);
  canvas.addEventListener("pointerup", onPointerUp);
  canvas.addEventListener("pointercancel", onPointerUp);
  canvas.addEventListener("pointerenter", onEnter);
  canvas.addEventListener("pointerleave", onLeave);
  canvas.addEventListener("wheel", onWheel, { passive: false });
  canvas.addEventListener("contextmenu", onContextMenu);
  window.addEventListener("keydown", onKey);
  window.addEventListener("keyup", onKey);
  return () => {
    canvas.removeEventListener("pointerdown", onPointerDown);
    canvas.removeEventListener("pointermove", onPointerMove);
    canvas.removeEventListener("pointerup", onPointerUp);
    canvas.removeEventListener("pointercancel", onPointerUp);
    canvas.removeEventListener("pointerenter", onEnter);
    canvas.removeEventListener("pointerleave", onLeave);
    canvas.removeEventListener("wheel", onWheel);
    canvas.removeEventListener("contextmenu", onContextMenu);
    window.removeEventListener("keydown", onKey);
    window.removeEventListener("keyup", onKey);
  };
}

export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}
