/** WebGL renderers for the two views; null when the browser has no WebGL (the UI says so). */

import { WebGLRenderer } from "three";

export function createRenderer(canvas: HTMLCanvasElement, antialias: boolean): WebGLRenderer | null {
  try {
    const renderer = new WebGLRenderer({ canvas, antialias, powerPreference: "high-performance" });
    renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    return renderer;
  } catch (err) {
    console.warn("PRYZM: WebGL is not available", err);
    return null;
  }
}
