import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";
import { defaultProtocol } from "./default-protocol.ts";
import { zoneDepthLimitMm } from "./depth-limit.ts";
import { screenPatient } from "./screen-patient.ts";
import { screeningInputArbitrary } from "./screening-test-support.ts";

const protocol = defaultProtocol();

test("the engine plans each zone to its effective depth limit, the deepest over the concerns treating it", () => {
  fc.assert(
    fc.property(screeningInputArbitrary(protocol), (input) => {
      const plan = screenPatient(input, protocol).plan;
      if (!plan) return;
      const expected: Record<string, number> = {};
      for (const c of input.request.concerns) {
        for (const zone of c.zones) {
          const limit = zoneDepthLimitMm(protocol, zone, c.indication);
          if (limit !== null && !(limit <= (expected[zone] ?? 0))) expected[zone] = limit;
        }
      }
      assert.deepEqual({ ...plan.maxDepthMmByZone }, expected);
    }),
    // About one generated patient in six is planned; enough runs to see many plans.
    { numRuns: 600 },
  );
});
