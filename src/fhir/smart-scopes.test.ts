import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import {
  grantScopes,
  type Interaction,
  parseScope,
  permits,
  readableTypes,
  splitScopes,
} from "./smart-scopes.ts";

describe("SMART system scopes", () => {
  test("v2 and v1 forms parse to the same permissions", () => {
    const cases: [string, string | null][] = [
      ["system/Patient.rs", "Patient:rs"],
      ["system/Patient.read", "Patient:rs"],
      ["system/*.rs", "*:rs"],
      ["system/*.read", "*:rs"],
      ["system/*.cud", "*:cud"],
      ["system/*.write", "*:cud"],
      ["system/*.*", "*:cruds"],
      ["system/*.cruds", "*:cruds"],
      ["system/Observation.s", "Observation:s"],
      // Not granted: wrong order, repeats, query constraints, other contexts, junk.
      ["system/Patient.sr", null],
      ["system/Patient.rr", null],
      ["system/Observation.rs?category=laboratory", null],
      ["patient/Patient.rs", null],
      ["user/*.read", null],
      ["system/patient.rs", null],
      ["system/Patient.", null],
      ["launch", null],
      ["openid", null],
      ["system/Patient.rs extra", null],
    ];
    for (const [text, want] of cases) {
      const s = parseScope(text);
      const got = s
        ? `${s.resourceType}:${["c", "r", "u", "d", "s"].filter((p) => s.permissions.has(p as "r")).join("")}`
        : null;
      assert.equal(got, want, text);
    }
  });

  test("a request is granted only where an allowed scope covers it in full", () => {
    const allowed = ["system/Patient.rs", "system/Condition.read"];
    assert.deepEqual(grantScopes(["system/Patient.r", "system/Condition.rs", "system/*.rs"], allowed), {
      granted: ["system/Patient.r", "system/Condition.rs"],
      refused: ["system/*.rs"],
    });
    assert.deepEqual(grantScopes(null, allowed), { granted: allowed, refused: [] });
    assert.deepEqual(grantScopes(["system/Patient.cu"], allowed), {
      granted: [],
      refused: ["system/Patient.cu"],
    });
    assert.deepEqual(grantScopes(["system/Patient.read"], ["system/*.rs"]).granted, ["system/Patient.read"]);
  });

  test("an interaction is permitted exactly when a granted scope of that type (or *) has its letter", () => {
    const letters = { create: "c", read: "r", update: "u", delete: "d", search: "s" } as const;
    const type = fc.constantFrom("Patient", "Condition", "Appointment", "*");
    const perms = fc.subarray(["c", "r", "u", "d", "s"], { minLength: 1 }).map((a) => a.join(""));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(type, perms), { maxLength: 4 }),
        fc.constantFrom("Patient", "Condition", "Appointment"),
        fc.constantFrom<Interaction>("create", "read", "update", "delete", "search"),
        (scopes, asked, interaction) => {
          const granted = scopes.map(([t, p]) => `system/${t}.${p}`);
          const expected = scopes.some(
            ([t, p]) => (t === "*" || t === asked) && p.includes(letters[interaction]),
          );
          assert.equal(permits(granted, asked, interaction), expected);
        },
      ),
    );
  });

  test("granting never widens: every granted scope's permissions are permitted by the allowed set", () => {
    const scope = fc
      .tuple(
        fc.constantFrom("Patient", "Condition", "*"),
        fc.constantFrom("r", "rs", "s", "cud", "cruds", "read", "write", "*"),
      )
      .map(([t, p]) => `system/${t}.${p}`);
    fc.assert(
      fc.property(
        fc.array(scope, { maxLength: 4 }),
        fc.array(scope, { maxLength: 4 }),
        (allowed, requested) => {
          const { granted } = grantScopes(requested, allowed);
          for (const g of granted) {
            const s = parseScope(g)!;
            const types = s.resourceType === "*" ? ["Patient", "Condition", "Appointment"] : [s.resourceType];
            for (const t of types)
              for (const i of ["create", "read", "update", "delete", "search"] as Interaction[])
                if (permits([g], t, i)) assert.ok(permits(allowed, t, i), `${g} widened ${t} ${i}`);
          }
        },
      ),
    );
  });

  test("the scope parameter splits on spaces and drops repeats", () => {
    assert.deepEqual(splitScopes(" system/Patient.rs  system/Patient.rs system/*.read"), [
      "system/Patient.rs",
      "system/*.read",
    ]);
  });

  test("the audit log is reached only by a scope that names it, never by a wildcard", () => {
    for (const wide of ["system/*.rs", "system/*.read", "system/*.*", "system/*.cruds"]) {
      assert.equal(permits([wide], "AuditEvent", "read"), false, wide);
      assert.equal(permits([wide], "AuditEvent", "search"), false, wide);
      assert.equal(permits([wide], "Patient", "read"), true, wide);
      assert.deepEqual(grantScopes(["system/AuditEvent.rs"], [wide]).granted, [], wide);
    }
    assert.equal(permits(["system/AuditEvent.rs"], "AuditEvent", "search"), true);
    assert.equal(permits(["system/AuditEvent.read"], "AuditEvent", "read"), true);
    assert.deepEqual(grantScopes(["system/AuditEvent.r"], ["system/AuditEvent.rs"]).granted, [
      "system/AuditEvent.r",
    ]);
  });

  test("readableTypes splits a type list by read permission, in order", () => {
    assert.deepEqual(
      readableTypes(["system/Patient.rs", "system/Condition.read"], ["Patient", "Observation", "Condition"]),
      {
        readable: ["Patient", "Condition"],
        refused: ["Observation"],
      },
    );
    assert.deepEqual(readableTypes(["system/*.s"], ["Patient"]), { readable: [], refused: ["Patient"] });
    assert.deepEqual(readableTypes(["system/*.rs"], ["Patient", "AuditEvent"]), {
      readable: ["Patient"],
      refused: ["AuditEvent"],
    });
  });
});
