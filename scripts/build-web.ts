// Builds the web app (src/web) into dist/web with Vite.
//   node scripts/build-web.ts              always build
//   node scripts/build-web.ts --if-stale   build only when a source is newer than the last build
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const outDir = join(repoRoot, "dist", "web");
// Written last, after a successful build: its mtime is the moment dist/web became complete.
const stampFile = join(outDir, ".build-stamp");
const sources = [
  join(repoRoot, "src", "web"),
  join(repoRoot, "src", "domain"),
  join(repoRoot, "vite.config.ts"),
  join(repoRoot, "package-lock.json"),
];

/** The newest file under the given paths, or null when there are none. */
export function newestFile(paths: string[]): { path: string; mtimeMs: number } | null {
  let newest: { path: string; mtimeMs: number } | null = null;
  const visit = (path: string): void => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) visit(join(path, entry));
    } else if (newest === null || stat.mtimeMs > newest.mtimeMs) {
      newest = { path, mtimeMs: stat.mtimeMs };
    }
  };
  for (const path of paths) visit(path);
  return newest;
}

/** Why dist/web must be rebuilt, or null when it is newer than every source. */
export function staleReason(): string | null {
  if (!existsSync(stampFile) || !existsSync(join(outDir, "index.html"))) return "no previous build";
  const built = statSync(stampFile).mtimeMs;
  const newest = newestFile(sources);
  if (newest !== null && newest.mtimeMs > built) return `${relative(repoRoot, newest.path)} changed`;
  return null;
}

async function main(): Promise<void> {
  const ifStale = process.argv.includes("--if-stale");
  if (ifStale) {
    const reason = staleReason();
    if (reason === null) {
      console.log("web app is up to date (dist/web)");
      return;
    }
    console.log(`building the web app: ${reason}`);
  }
  const { build } = await import("vite");
  await build({
    configFile: join(repoRoot, "vite.config.ts"),
    logLevel: ifStale ? "warn" : "info",
  });
  writeFileSync(stampFile, `${new Date().toISOString()}\n`);
  console.log(`web app built into ${relative(repoRoot, outDir)}/`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error("web build failed:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
