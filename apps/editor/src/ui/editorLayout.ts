/**
 * The editor screen's DOM: toolbar, the offline banner, plan and 3D views (side by side or
 * one at a time) with their empty-state notes, the properties panel, the status bar.
 */

import { h } from "./dom";
import type { HelpOverlay } from "./help";
import type { PropertiesPanel } from "./properties";
import type { StatusBar } from "./statusbar";
import type { Toolbar, ViewMode } from "./toolbar";

export interface EditorLayout {
  element: HTMLElement;
  planCanvas: HTMLCanvasElement;
  view3dCanvas: HTMLCanvasElement;
  planView: HTMLElement;
  planLabel: HTMLElement;
  planNotice: HTMLElement;
  planEmpty: HTMLElement;
  view3dNotice: HTMLElement;
  view3dEmpty: HTMLElement;
  banner: HTMLElement;
  setViewMode(mode: ViewMode): void;
}

export function editorLayout(toolbar: Toolbar, status: StatusBar, props: PropertiesPanel, help: HelpOverlay): EditorLayout {
  const planCanvas = h("canvas", { class: "view-canvas", testid: "plan-canvas", tabindex: "0", "aria-label": "Plan view" });
  const view3dCanvas = h("canvas", { class: "view-canvas", testid: "view3d-canvas", tabindex: "0", "aria-label": "3D view" });
  const planLabel = h("span", { class: "view-label" }, "Plan");
  const planNotice = h("div", { class: "view-notice", hidden: true });
  const view3dNotice = h("div", { class: "view-notice", hidden: true });
  const planEmpty = h("div", { class: "empty-state", testid: "plan-empty", hidden: true });
  const view3dEmpty = h("div", { class: "empty-state", testid: "view3d-empty", hidden: true });
  const banner = h("div", { class: "banner", testid: "offline-banner", role: "status", hidden: true });
  const planView = h("section", { class: "view view-plan", testid: "plan-view" }, planCanvas, planEmpty, planLabel, planNotice);
  const views = h(
    "div",
    { class: "views", "data-mode": "split" },
    planView,
    h("section", { class: "view view-3d", testid: "view3d" }, view3dCanvas, view3dEmpty, h("span", { class: "view-label" }, "3D"), view3dNotice),
  );
  const element = h("div", { class: "editor" }, toolbar.element, banner, h("div", { class: "workspace" }, views, props.element), status.element, help.element);
  return {
    element,
    planCanvas,
    view3dCanvas,
    planView,
    planLabel,
    planNotice,
    planEmpty,
    view3dNotice,
    view3dEmpty,
    banner,
    setViewMode: (mode) => {
      views.dataset.mode = mode;
    },
  };
}
