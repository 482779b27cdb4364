// App servers keep no state of their own beyond what one process needs: the booking service (and
// with it the queue that writes bookings arriving together in one transaction) is built once per
// app server, in app.ts, and handed to the routes that book; no route or service builds another.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";

const root = path.resolve(import.meta.dirname, "../..");

async function sourcesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sourcesUnder(full)));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts")) out.push(full);
  }
  return out;
}

test("the booking service is built once, in app.ts", async () => {
  const builders: string[] = [];
  for (const file of await sourcesUnder(path.join(root, "src"))) {
    const text = await readFile(file, "utf8");
    const count = text.match(/new BookingService\(/g)?.length ?? 0;
    for (let i = 0; i < count; i++) builders.push(path.relative(root, file).split(path.sep).join("/"));
  }
  // The demo seed books its patients' visits before any server listens, inside its own install
  // transaction: not an app server, and its queue is gone when the seed ends.
  assert.deepEqual(builders, ["src/server/app.ts", "src/server/demo/pathway.ts"]);
});
