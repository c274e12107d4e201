/** The editor screen's DOM: toolbar, plan and 3D views side by side, status bar. */

import { h } from "./dom";
import type { StatusBar } from "./statusbar";
import type { Toolbar } from "./toolbar";

export interface EditorLayout {
  element: HTMLElement;
  planCanvas: HTMLCanvasElement;
  view3dCanvas: HTMLCanvasElement;
  planLabel: HTMLElement;
  planNotice: HTMLElement;
  view3dNotice: HTMLElement;
}

export function editorLayout(toolbar: Toolbar, status: StatusBar): EditorLayout {
  const planCanvas = h("canvas", {
    class: "view-canvas",
    testid: "plan-canvas",
    tabindex: "0",
    "aria-label": "Plan view",
  });
  const view3dCanvas = h("canvas", {
    class: "view-canvas",
    testid: "view3d-canvas",
    tabindex: "0",
    "aria-label": "3D view",
  });
  const planLabel = h("span", { class: "view-label" }, "Plan");
  const planNotice = h("div", { class: "view-notice", hidden: true });
  const view3dNotice = h("div", { class: "view-notice", hidden: true });
  const element = h(
    "div",
    { class: "editor" },
    toolbar.element,
    h(
      "div",
      { class: "views" },
      h("section", { class: "view view-plan" }, planCanvas, planLabel, planNotice),
      h("section", { class: "view view-3d" }, view3dCanvas, h("span", { class: "view-label" }, "3D"), view3dNotice),
    ),
    status.element,
  );
  return { element, planCanvas, view3dCanvas, planLabel, planNotice, view3dNotice };
}
