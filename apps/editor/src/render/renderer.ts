/**
 * WebGL renderers for the two views; null when the browser has no WebGL (the UI says so).
 * On a software rasteriser (SwiftShader, llvmpipe: no GPU, e.g. a VM or headless CI)
 * multisampling costs more than it is worth, so it is left off there.
 */

import { WebGLRenderer } from "three";

let software: boolean | null = null;

/** Is WebGL drawn by the CPU on this machine? (Asked once, with a throwaway context.) */
export function softwareWebGL(): boolean {
  if (software !== null) return software;
  software = false;
  try {
    const gl = document.createElement("canvas").getContext("webgl2") ?? document.createElement("canvas").getContext("webgl");
    if (gl) {
      const info = gl.getExtension("WEBGL_debug_renderer_info");
      const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      software = /swiftshader|llvmpipe|software|softpipe/i.test(name);
      gl.getExtension("WEBGL_lose_context")?.loseContext();
    }
  } catch {
    // no WebGL: createRenderer reports it
  }
  return software;
}

export function createRenderer(canvas: HTMLCanvasElement, antialias: boolean): WebGLRenderer | null {
  try {
    const renderer = new WebGLRenderer({ canvas, antialias: antialias && !softwareWebGL(), powerPreference: "high-performance" });
    renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    return renderer;
  } catch (err) {
    console.warn("PRYZM: WebGL is not available", err);
    return null;
  }
}
