import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ApiError } from "../../api/client.ts";
import { fieldError, formMessage } from "./form-errors.ts";

describe("set-up form errors", () => {
  const error = new ApiError(400, {
    error: "validation",
    message: "bad",
    fields: { "body.hours.1.end": "end must be after start", "body.name": "too long" },
  });

  it("finds a field's message exactly or under a prefix", () => {
    assert.equal(fieldError(error, "body.name"), "too long");
    assert.equal(fieldError(error, "body.hours.1.end"), "end must be after start");
    assert.equal(fieldError(error, "body.hours"), undefined);
    assert.equal(fieldError(error, "body.hours", true), "end must be after start");
  });

  it("reads the list form of fields too", () => {
    const list = new ApiError(422, {
      error: "x",
      message: "y",
      fields: [{ path: "body.first", message: "a date" }],
    });
    assert.equal(fieldError(list, "body.first"), "a date");
    assert.equal(fieldError(new Error("x"), "body.first"), undefined);
  });

  it("says a 403 politely", () => {
    assert.match(
      formMessage(new ApiError(403, { error: "forbidden", message: "no" })) ?? "",
      /Only an owner/,
    );
    assert.equal(formMessage(null), null);
    assert.match(formMessage(error) ?? "", /beside them/);
  });
});

describe("clinic clock", () => {
  it("reads a local time in London across the clock change", async () => {
    const { localToInstant } = await import("./zone-time.ts");
    assert.equal(localToInstant("2026-01-15T09:00", "Europe/London"), "2026-01-15T09:00:00Z");
    assert.equal(localToInstant("2026-07-15T09:00", "Europe/London"), "2026-07-15T08:00:00Z");
    assert.equal(localToInstant("", "Europe/London"), null);
  });
});
