import { fileURLToPath, pathToFileURL } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const repoRoot = fileURLToPath(new URL(".", import.meta.url));

/**
 * `virtual:remodel/prepared-protocol`: the default protocol, loaded and checked here with the
 * server's own loader, and written into the bundle prepared for the browser (cut down, version
 * kept). The public self-check screens with it, so the browser carries no schema library and no
 * documentation it never reads.
 */
function preparedProtocol(): Plugin {
  const id = "virtual:remodel/prepared-protocol";
  const resolved = `\0${id}`;
  const domain = `${repoRoot}src/domain/protocol/`;
  return {
    name: "remodel-prepared-protocol",
    resolveId: (source) => (source === id ? resolved : undefined),
    async load(source) {
      if (source !== resolved) return undefined;
      this.addWatchFile(`${domain}rulesets/blog-default.json`);
      this.addWatchFile(`${domain}rulesets/medication-vocabulary.json`);
      // Imported when the module is built (not bundled into the config): Node runs the TypeScript,
      // so Vite must run on the project's Node (node_modules/.bin/node; `npm run` and `npx` use it).
      const entry = pathToFileURL(`${domain}default-protocol.ts`).href;
      let domainModule: typeof import("./src/domain/protocol/default-protocol.ts");
      try {
        domainModule = await import(entry);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new Error(
          `cannot load the protocol for the self-check (${reason}); run Vite with node_modules/.bin/node (Node ${process.versions.node} here)`,
        );
      }
      const prepared = domainModule.preparedDefaultProtocol();
      return `export default JSON.parse(${JSON.stringify(JSON.stringify(prepared))});`;
    },
  };
}

// The web app is built into dist/web and served by the Remodel server itself (SPA fallback for
// /, /app/* and /portal/*). `vite dev` proxies the API to a server started with `npm run dev`.
export default defineConfig({
  root: `${repoRoot}src/web`,
  base: "/",
  plugins: [react(), preparedProtocol()],
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
