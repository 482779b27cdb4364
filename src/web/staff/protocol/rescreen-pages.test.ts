import assert from "node:assert/strict";
import { test } from "node:test";
import type { RescreenResult } from "../../../contract/protocol.ts";
import { rescreenEveryPatient } from "./rescreen-pages.ts";

const page = (n: number, nextAfter: string | null): RescreenResult => ({
  protocolVersion: "v2",
  examined: n,
  rescreened: n,
  alreadyCurrent: 0,
  unchanged: n - 1,
  changes: [
    {
      patientId: `p${nextAfter ?? "last"}`,
      screeningId: `s${nextAfter ?? "last"}`,
      rescreenId: `r${nextAfter ?? "last"}`,
      from: { outcome: "eligible", deferral: "none", deferUntil: null, protocolVersion: "v1" },
      to: { outcome: "defer", deferral: "until-date", deferUntil: null, protocolVersion: "v2" },
      changed: true,
    },
  ],
  failed: [],
  nextAfter,
});

test("a re-screen of 450 patients asks for every page, not only the first 200", async () => {
  const asked: (string | null)[] = [];
  const pages: Record<string, RescreenResult> = {
    start: page(200, "a"),
    a: page(200, "b"),
    b: page(50, null),
  };
  const result = await rescreenEveryPatient(async (after) => {
    asked.push(after);
    return pages[after ?? "start"] as RescreenResult;
  });
  assert.deepEqual(asked, [null, "a", "b"]);
  assert.equal(result.examined, 450);
  assert.equal(result.rescreened, 450);
  assert.equal(result.changes.length, 3);
  assert.equal(result.nextAfter, null);
});

test("a server that names the same place twice does not loop", async () => {
  let calls = 0;
  await rescreenEveryPatient(async () => {
    calls += 1;
    return page(1, "same");
  });
  assert.equal(calls, 2);
});
