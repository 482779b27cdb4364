// A rule for the services: no file under src/server/services is over 400 lines, so that a service
// stays one use case (or a few small ones) that can be read at once. A file over the limit fails
// this test unless it is listed below as a known exception, with the reason; an exception that
// has come under the limit fails too, so the list only shrinks.
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { test } from "node:test";

const MAX_LINES = 400;
const root = path.resolve(import.meta.dirname, "../..");
const services = path.join(root, "src/server/services");

/** Files still over the limit, each with why it is not split yet. */
const KNOWN_OVER: Record<string, string> = {};

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (/\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

async function linesOf(file: string): Promise<number> {
  const text = await readFile(file, "utf8");
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

test(`no file under src/server/services is over ${MAX_LINES} lines`, async () => {
  const over: string[] = [];
  for (const file of await filesUnder(services)) {
    const name = path.relative(services, file).split(path.sep).join("/");
    const lines = await linesOf(file);
    if (lines > MAX_LINES && !(name in KNOWN_OVER)) over.push(`${name}: ${lines} lines`);
  }
  assert.deepEqual(over, [], `split these files (at most ${MAX_LINES} lines each)`);
});

test("every known exception is still over the limit (the list only shrinks)", async () => {
  for (const name of Object.keys(KNOWN_OVER)) {
    const lines = await linesOf(path.join(services, name));
    assert.ok(lines > MAX_LINES, `${name} is ${lines} lines now: remove it from KNOWN_OVER`);
  }
});

test("the booking core is split into small use cases", async () => {
  const files = await filesUnder(path.join(services, "booking"));
  assert.ok(files.length >= 5, "src/server/services/booking holds the booking use cases");
  assert.ok((await linesOf(path.join(services, "booking.service.ts"))) <= MAX_LINES);
});
