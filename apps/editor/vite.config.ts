import { defineConfig } from "vitest/config";

// The gateway (REST /v1 and WebSocket /ws) runs on :5101 in development; production serves the
// SPA and the gateway from one origin, so the editor only ever uses relative URLs.
const gateway = "http://localhost:5101";

export default defineConfig({
  server: {
    port: 5173,
    proxy: {
      "/v1": { target: gateway, changeOrigin: true },
      "/ws": { target: gateway, changeOrigin: true, ws: true },
    },
  },
  build: {
    outDir: "dist",
    sourcemap: true,
    // three.js goes in its own chunk: it changes far less often than the editor, so browsers
    // keep it cached across editor releases. three's core alone is ~650 kB minified.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [{ name: "three", test: /node_modules[\\/]three[\\/]/ }],
        },
      },
    },
  },
  test: {
    include: ["tests/**/*.test.ts"],
    environment: "node",
  },
});
