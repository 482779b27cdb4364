import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const repoRoot = fileURLToPath(new URL(".", import.meta.url));

// The web app is built into dist/web and served by the Remodel server itself (SPA fallback for
// /, /app/* and /portal/*). `vite dev` proxies the API to a server started with `npm run dev`.
export default defineConfig({
  root: `${repoRoot}src/web`,
  base: "/",
  plugins: [react()],
  build: {
    outDir: `${repoRoot}dist/web`,
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 700,
    // The timing report of slow plugins is noise in `npm start` and test output.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    fs: { allow: [`${repoRoot}src`, `${repoRoot}node_modules`] },
    proxy: {
      "/api": "http://localhost:3000",
      "/health": "http://localhost:3000",
    },
  },
});
